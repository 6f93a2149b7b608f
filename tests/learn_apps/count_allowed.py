"""count_allowed.py NAMES PROFILE.json...: for each Docker/OCI JSON profile,
how many syscalls of NAMES (lines "TOKEN NR NAME": libseccomp's x86_64
table, from `build/libseccomp_bpf --names x86_64`) it lets run, for some
arguments at least, in a container with Docker's default capabilities: rules that
allow or log, without a capability Docker's default set lacks, and not for
another CPU family only. A profile whose default action lets calls run
counts every name. One number a line."""
import json
import sys

DOCKER_CAPS = {
    "CAP_CHOWN", "CAP_DAC_OVERRIDE", "CAP_FSETID", "CAP_FOWNER", "CAP_MKNOD", "CAP_NET_RAW",
    "CAP_SETGID", "CAP_SETUID", "CAP_SETFCAP", "CAP_SETPCAP", "CAP_NET_BIND_SERVICE",
    "CAP_SYS_CHROOT", "CAP_KILL", "CAP_AUDIT_WRITE",
}
RUNS = {"SCMP_ACT_ALLOW", "SCMP_ACT_LOG"}
X86 = {"amd64", "x86_64", "SCMP_ARCH_X86_64", "x86", "x32", "386"}


def count(names, profile):
    if profile.get("defaultAction") in RUNS:
        return len(names)
    allowed = set()
    for rule in profile.get("syscalls") or []:
        if rule.get("action") not in RUNS:
            continue
        inc, exc = rule.get("includes") or {}, rule.get("excludes") or {}
        if set(inc.get("caps") or []) - DOCKER_CAPS or set(exc.get("caps") or []) & DOCKER_CAPS:
            continue
        if inc.get("arches") and not set(inc["arches"]) & X86:
            continue
        if set(exc.get("arches") or []) & {"amd64", "x86_64"}:
            continue
        allowed.update(n for n in (rule.get("names") or []) + [rule.get("name")] if n in names)
    return len(allowed)


def main():
    names = {line.split()[2] for line in open(sys.argv[1]) if len(line.split()) == 3}
    for path in sys.argv[2:]:
        with open(path) as f:
            print(count(names, json.load(f)))


main()
