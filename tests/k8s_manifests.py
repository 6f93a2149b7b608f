#!/usr/bin/env python3
"""Checks the Kubernetes manifests of docs/kubernetes/ without a cluster.

    k8s_manifests.py DIR [--configmaps OUT] [--spo OUT] [--docker OUT]

Every *.yaml file must parse, and every document must be a v1 Pod, a v1
ConfigMap or a Security Profiles Operator SeccompProfile that uses only the
fields listed below (a misspelt key is an error, as `kubectl apply
--validate=strict` would make it), with valid values, consistent references
(volumes, ConfigMaps, SCINIT_PROFILE paths) and images that `make images`
builds. No Pod may ask for seccompProfile Unconfined (Pod Security's
baseline level rejects it; the recipes stack RuntimeDefault or Localhost
with scinit). Together the Pods must show the types RuntimeDefault and
Localhost and the modes audit and learn.

Prints one line per problem; exit status 1 if there is any. --configmaps
writes each ConfigMap key to OUT/NAME.KEY and OUT/NAME/KEY; --spo writes the
spec of the SeccompProfile as JSON to OUT; --docker writes, for each
container that runs an scinit image, one line: POD/CONTAINER, a tab, and
the `docker run` arguments that ask for what the manifest asks (user,
capabilities, no_new_privs, seccomp profile, environment, volumes: ConfigMaps
from --configmaps, emptyDir as tmpfs), tab-separated, ending with the image
(the app of the scratch and embedded images waits: `/app wait`).
"""
import json
import os
import re
import sys

import yaml

IMAGES = {"scinit-example/scratch:latest", "scinit-example/embedded:latest", "scinit-example/setup:latest"}
OTHER_IMAGES = re.compile(r"^busybox:[0-9.]+$")  # helpers from a registry
SCINIT_ENV = {"SCINIT_MODE", "SCINIT_PROFILE", "SCINIT_LEARN_OUT", "SCINIT_PROCESS_GROUP", "SCINIT_WAIT_ALL", "SCINIT_EXEC"}
MODES = {"enforce", "audit", "learn"}
CAPS = set("""AUDIT_CONTROL AUDIT_READ AUDIT_WRITE BLOCK_SUSPEND BPF CHECKPOINT_RESTORE CHOWN DAC_OVERRIDE
    DAC_READ_SEARCH FOWNER FSETID IPC_LOCK IPC_OWNER KILL LEASE LINUX_IMMUTABLE MAC_ADMIN MAC_OVERRIDE MKNOD
    NET_ADMIN NET_BIND_SERVICE NET_BROADCAST NET_RAW PERFMON SETFCAP SETGID SETPCAP SETUID SYSLOG SYS_ADMIN
    SYS_BOOT SYS_CHROOT SYS_MODULE SYS_NICE SYS_PACCT SYS_PTRACE SYS_RAWIO SYS_RESOURCE SYS_TIME
    SYS_TTY_CONFIG WAKE_ALARM ALL""".split())
NAME = re.compile(r"^[a-z0-9]([-a-z0-9]*[a-z0-9])?$")
SPO_API = "security-profiles-operator.x-k8s.io/v1beta1"

problems = []


def problem(where, text):
    problems.append(f"{where}: {text}")


def keys(where, obj, allowed, required=()):
    """obj is a mapping with only allowed keys and every required one."""
    if not isinstance(obj, dict):
        problem(where, f"expected a mapping, got {type(obj).__name__}")
        return False
    for k in obj:
        if k not in allowed:
            problem(where, f"unknown field '{k}'")
    for k in required:
        if k not in obj:
            problem(where, f"missing field '{k}'")
    return True


def seccomp_profile(where, sp):
    if not keys(where, sp, {"type", "localhostProfile"}, ("type",)):
        return None
    t = sp.get("type")
    if t not in ("Unconfined", "RuntimeDefault", "Localhost"):
        problem(where, f"type '{t}' is not Unconfined, RuntimeDefault or Localhost")
    if t == "Unconfined":
        problem(where, "type Unconfined: Pod Security's baseline level rejects it; stack RuntimeDefault or Localhost with scinit")
    lp = sp.get("localhostProfile")
    if (t == "Localhost") != (lp is not None):
        problem(where, "localhostProfile is required with type Localhost and only then")
    if lp is not None and (not isinstance(lp, str) or lp.startswith("/") or ".." in lp.split("/")):
        problem(where, f"localhostProfile '{lp}' must be a relative path that stays below the seccomp directory")
    return t


def security_context(where, sc, container):
    allowed = {"seccompProfile", "runAsUser", "runAsGroup", "runAsNonRoot"}
    allowed |= {"allowPrivilegeEscalation", "capabilities", "readOnlyRootFilesystem", "privileged"} if container else {"fsGroup"}
    if not keys(where, sc, allowed):
        return None
    for k in ("runAsUser", "runAsGroup", "fsGroup"):
        if k in sc and (not isinstance(sc[k], int) or sc[k] < 0):
            problem(where, f"{k} must be a non-negative integer")
    for k in ("runAsNonRoot", "allowPrivilegeEscalation", "readOnlyRootFilesystem", "privileged"):
        if k in sc and not isinstance(sc[k], bool):
            problem(where, f"{k} must be true or false")
    caps = sc.get("capabilities")
    if caps is not None and keys(where + ".capabilities", caps, {"add", "drop"}):
        for k, v in caps.items():
            for c in v if isinstance(v, list) else [v]:
                if c not in CAPS:
                    problem(where + ".capabilities." + k, f"'{c}' is not a capability (no CAP_ prefix)")
    return seccomp_profile(where + ".seccompProfile", sc["seccompProfile"]) if "seccompProfile" in sc else None


def container(where, c, volumes, configmaps, seen):
    allowed = {"name", "image", "imagePullPolicy", "command", "args", "env", "ports", "volumeMounts", "securityContext"}
    if not keys(where, c, allowed, ("name", "image")):
        return None
    where = f"{where}[{c.get('name')}]"
    if not NAME.match(str(c.get("name", ""))):
        problem(where, "name is not a DNS label")
    image = c.get("image")
    if image not in IMAGES and not OTHER_IMAGES.match(str(image)):
        problem(where, f"image '{image}' is not one that make images builds")
    if c.get("imagePullPolicy", "IfNotPresent") not in ("Always", "IfNotPresent", "Never"):
        problem(where, "imagePullPolicy is not Always, IfNotPresent or Never")
    for k in ("command", "args"):
        if k in c and not (isinstance(c[k], list) and all(isinstance(a, str) for a in c[k])):
            problem(where, f"{k} must be a list of strings")
    for p in c.get("ports", []):
        if keys(where + ".ports", p, {"containerPort", "protocol", "name"}, ("containerPort",)):
            if not isinstance(p["containerPort"], int) or not 0 < p["containerPort"] < 65536:
                problem(where + ".ports", "containerPort must be 1..65535")
    mounts = {}
    for m in c.get("volumeMounts", []):
        if keys(where + ".volumeMounts", m, {"name", "mountPath", "readOnly", "subPath"}, ("name", "mountPath")):
            if m["name"] not in volumes:
                problem(where + ".volumeMounts", f"no volume '{m['name']}' in the Pod")
            if not str(m["mountPath"]).startswith("/"):
                problem(where + ".volumeMounts", "mountPath must be absolute")
            mounts[str(m["mountPath"]).rstrip("/")] = volumes.get(m["name"])
    for e in c.get("env", []):
        if not keys(where + ".env", e, {"name", "value"}, ("name", "value")):
            continue
        name, value = e["name"], e["value"]
        if not isinstance(value, str):
            problem(where + ".env", f"{name}: value must be a string (quote it)")
            continue
        if name.startswith("SCINIT_") and name not in SCINIT_ENV:
            problem(where + ".env", f"scinit reads no variable {name}")
        if name == "SCINIT_MODE":
            if value not in MODES:
                problem(where + ".env", f"SCINIT_MODE '{value}' is not enforce, audit or learn")
            seen["modes"].add(value)
        if name == "SCINIT_PROFILE":
            profile_path(where + ".env", value, mounts, configmaps)
    if "securityContext" in c:
        return security_context(where + ".securityContext", c["securityContext"], True)
    return None


def profile_path(where, path, mounts, configmaps):
    """SCINIT_PROFILE must name a key of a ConfigMap mounted in the container."""
    d, key = os.path.split(path)
    source = mounts.get(d)
    if not source or source[0] != "configMap":
        problem(where, f"SCINIT_PROFILE {path}: no ConfigMap is mounted at {d}")
    elif key not in configmaps.get(source[1], {}):
        problem(where, f"SCINIT_PROFILE {path}: ConfigMap {source[1]} has no key {key}")


def pod(where, spec, configmaps, seen):
    allowed = {"restartPolicy", "securityContext", "containers", "initContainers", "volumes"}
    if not keys(where, spec, allowed, ("containers",)):
        return
    if spec.get("restartPolicy", "Always") not in ("Always", "OnFailure", "Never"):
        problem(where, "restartPolicy is not Always, OnFailure or Never")
    volumes = {}
    for v in spec.get("volumes", []):
        if not keys(where + ".volumes", v, {"name", "configMap", "emptyDir"}, ("name",)):
            continue
        if "configMap" in v and keys(where + ".volumes.configMap", v["configMap"], {"name", "items"}, ("name",)):
            if v["configMap"]["name"] not in configmaps:
                problem(where + ".volumes", f"no ConfigMap '{v['configMap']['name']}' among the manifests")
            volumes[v["name"]] = ("configMap", v["configMap"]["name"])
        elif "emptyDir" in v:
            volumes[v["name"]] = ("emptyDir", None)
        else:
            problem(where + ".volumes", f"volume '{v['name']}' has no source")
    pod_type = None
    if "securityContext" in spec:
        pod_type = security_context(where + ".securityContext", spec["securityContext"], False)
    names = set()
    for c in spec.get("initContainers", []) + spec.get("containers", []):
        t = container(where + ".containers", c, volumes, configmaps, seen)
        if isinstance(c, dict):
            if c.get("name") in names:
                problem(where, f"two containers named {c.get('name')}")
            names.add(c.get("name"))
        if (t or pod_type) and isinstance(c, dict) and str(c.get("image", "")).startswith("scinit-example/"):
            seen["types"].add(t or pod_type)
        if isinstance(c, dict) and str(c.get("image", "")).startswith("scinit-example/"):
            seen["docker"].append((where.split()[-1] + "/" + str(c.get("name")), docker_args(spec, c, volumes)))


def docker_args(spec, c, volumes):
    """What `docker run` needs to run container c of Pod spec as the manifest asks."""
    pod_sc, sc = spec.get("securityContext") or {}, c.get("securityContext") or {}
    args = []
    user = sc.get("runAsUser", pod_sc.get("runAsUser"))
    if user is not None:
        args += ["--user", str(user)]
    caps = sc.get("capabilities") or {}
    args += [a for n in caps.get("drop", []) for a in ("--cap-drop", n)]
    args += [a for n in caps.get("add", []) for a in ("--cap-add", n)]
    if sc.get("allowPrivilegeEscalation") is False:
        args += ["--security-opt", "no-new-privileges"]
    sp = sc.get("seccompProfile", pod_sc.get("seccompProfile")) or {}
    if sp.get("type") == "Localhost":
        args += ["--security-opt", "seccomp=@SPO@"]
    elif sp.get("type") != "RuntimeDefault":  # Unconfined, or no field: the kubelet's default is none
        args += ["--security-opt", "seccomp=unconfined"]
    for e in c.get("env", []):
        args += ["-e", f"{e['name']}={e['value']}"]
    for m in c.get("volumeMounts", []):
        kind, name = volumes.get(m.get("name"), (None, None))
        if kind == "configMap":
            args += ["-v", f"@CONFIGMAPS@/{name}:{m['mountPath']}:ro"]
        elif kind == "emptyDir":
            args += ["--tmpfs", m["mountPath"]]
    args.append(c["image"])
    if c.get("command") or c.get("args"):
        args += c.get("command", []) + c.get("args", [])
    elif not c["image"].startswith("scinit-example/setup:"):
        args += ["/app", "wait"]
    return args


def seccompprofile(where, spec):
    actions = {"SCMP_ACT_KILL", "SCMP_ACT_KILL_PROCESS", "SCMP_ACT_KILL_THREAD", "SCMP_ACT_TRAP",
               "SCMP_ACT_ERRNO", "SCMP_ACT_TRACE", "SCMP_ACT_ALLOW", "SCMP_ACT_LOG", "SCMP_ACT_NOTIFY"}
    ops = {"SCMP_CMP_NE", "SCMP_CMP_LT", "SCMP_CMP_LE", "SCMP_CMP_EQ", "SCMP_CMP_GE", "SCMP_CMP_GT", "SCMP_CMP_MASKED_EQ"}
    if not keys(where, spec, {"baseProfileName", "defaultAction", "architectures", "syscalls", "flags"}, ("defaultAction",)):
        return
    if spec["defaultAction"] not in actions:
        problem(where, f"defaultAction {spec['defaultAction']} is not a seccomp action")
    for a in spec.get("architectures", []):
        if not str(a).startswith("SCMP_ARCH_"):
            problem(where, f"architecture {a}")
    for f in spec.get("flags", []):
        if f not in ("SECCOMP_FILTER_FLAG_TSYNC", "SECCOMP_FILTER_FLAG_LOG", "SECCOMP_FILTER_FLAG_SPEC_ALLOW"):
            problem(where, f"flag {f}")
    for s in spec.get("syscalls", []):
        if not keys(where + ".syscalls", s, {"names", "action", "errnoRet", "args"}, ("names", "action")):
            continue
        if s["action"] not in actions:
            problem(where + ".syscalls", f"action {s['action']}")
        for a in s.get("args", []):
            if keys(where + ".syscalls.args", a, {"index", "value", "valueTwo", "op"}, ("index", "op")):
                if a["op"] not in ops or not 0 <= a["index"] <= 5:
                    problem(where + ".syscalls.args", f"{a}")


def main():
    args = sys.argv[1:]
    if not args:
        print(__doc__, file=sys.stderr)
        return 2
    directory, opts = args[0], dict(zip(args[1::2], args[2::2]))
    docs = []
    for f in sorted(os.listdir(directory)):
        if f.endswith(".yaml"):
            try:
                with open(os.path.join(directory, f)) as fh:
                    docs += [(f"{f}#{i}", d) for i, d in enumerate(yaml.safe_load_all(fh)) if d is not None]
            except yaml.YAMLError as e:
                problem(f, f"not YAML: {e}".replace("\n", " "))
    configmaps, pods, spos = {}, [], []
    for where, d in docs:
        if not isinstance(d, dict) or not keys(where, d, {"apiVersion", "kind", "metadata", "spec", "data"}, ("apiVersion", "kind", "metadata")):
            continue
        meta = d["metadata"]
        if keys(where + ".metadata", meta, {"name", "labels", "namespace"}, ("name",)) and not NAME.match(str(meta.get("name"))):
            problem(where, "metadata.name is not a DNS name")
        kind = (d["apiVersion"], d["kind"])
        where = f"{where} {d['kind']} {meta.get('name')}"
        if kind == ("v1", "ConfigMap"):
            if keys(where, d, {"apiVersion", "kind", "metadata", "data"}, ("data",)):
                configmaps[meta.get("name")] = d["data"]
        elif kind == ("v1", "Pod"):
            pods.append((where, d.get("spec")))
        elif kind == (SPO_API, "SeccompProfile"):
            spos.append((where, d.get("spec")))
        else:
            problem(where, f"unexpected {d['apiVersion']} {d['kind']}")
    seen = {"types": set(), "modes": set(), "docker": []}
    for where, spec in pods:
        pod(where, spec, configmaps, seen)
    for where, spec in spos:
        seccompprofile(where, spec)
    for t in ("RuntimeDefault", "Localhost"):
        if t not in seen["types"]:
            problem(directory, f"no Pod runs an scinit image under seccompProfile {t}")
    for m in ("audit", "learn"):
        if m not in seen["modes"]:
            problem(directory, f"no Pod sets SCINIT_MODE={m}")
    if "--configmaps" in opts:
        for name, data in configmaps.items():
            os.makedirs(os.path.join(opts["--configmaps"], name), exist_ok=True)
            for key, text in data.items():
                for path in (f"{name}.{key}", os.path.join(name, key)):
                    with open(os.path.join(opts["--configmaps"], path), "w") as fh:
                        fh.write(text)
    if "--spo" in opts and spos:
        with open(opts["--spo"], "w") as fh:
            json.dump(spos[0][1], fh, indent=1)
    if "--docker" in opts:
        with open(opts["--docker"], "w") as fh:
            for name, args in seen["docker"]:
                fh.write("\t".join([name] + args) + "\n")
    for p in problems:
        print(p)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
