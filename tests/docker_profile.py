#!/usr/bin/env python3
"""Evaluate a Docker/OCI seccomp profile (JSON) the way dockerd does for one
container, and print the effective decision for each syscall name.

    docker_profile.py PROFILE.json [--caps default|none|CAP,CAP...]
                      [--arch amd64] [--kernel 6.0] [NAME ...]

A rule of the profile is used when its "includes" are all met (every listed
cap is held, the native arch is listed, the kernel is at least minKernel) and
none of its "excludes" is met (no listed cap is held, the native arch is not
listed).  --arch is the host's architecture as Docker names it (amd64, arm64,
s390x, ...): on amd64 the filter also covers x86 and x32, and rules that
include or exclude "amd64" apply to all three ABIs.

Output: a first line "# default DECISION" (the profile's defaultAction), then
one line per syscall, "NAME<TAB>DECISION", where DECISION is one of
    allow                        allowed whatever the arguments
    allow-if-args CONDS          allowed only when the arguments match; CONDS
                                 is one or more rules joined by " | ", each a
                                 list of conditions joined by " and ", each
                                 "argN OP VALUE" or "argN & MASK == VALUE"
    errno N | kill | trap | ...  the action of an unconditional non-allow rule
    default                      no rule names it: the default action applies
The first three may carry " except ACTION if CONDS" (a conditional rule of
another action, e.g. podman's EINVAL for some socket() calls), and
allow-if-args may end in " else ACTION" (an unconditional rule of another
action). "default except ACTION if CONDS" means only conditional non-allow
rules name the syscall.
With NAMEs, only those are printed (in the order given); without, every name
that some used rule mentions is printed, sorted.  Standard library only.
"""
import argparse
import json
import sys

# Docker's default capability set (moby's oci/caps/defaults.go, as documented).
DEFAULT_CAPS = ("CHOWN DAC_OVERRIDE FSETID FOWNER MKNOD NET_RAW SETGID SETUID "
                "SETFCAP SETPCAP NET_BIND_SERVICE SYS_CHROOT KILL AUDIT_WRITE").split()

EPERM = 1
OPS = {
    "SCMP_CMP_NE": "!=", "SCMP_CMP_LT": "<", "SCMP_CMP_LE": "<=",
    "SCMP_CMP_EQ": "==", "SCMP_CMP_GE": ">=", "SCMP_CMP_GT": ">",
    "SCMP_CMP_MASKED_EQ": "&",
}
ARCH_ALIASES = {"x86_64": "amd64", "i386": "x86", "386": "x86", "aarch64": "arm64"}


def norm_cap(c):
    c = c.strip().upper()
    return c if c.startswith("CAP_") else "CAP_" + c


def parse_caps(text):
    if text == "default":
        return {norm_cap(c) for c in DEFAULT_CAPS}
    if text in ("", "none"):
        return set()
    return {norm_cap(c) for c in text.replace(",", " ").split()}


def kernel_tuple(text):
    out = []
    for part in str(text).split("."):
        digits = ""
        for ch in part:
            if not ch.isdigit():
                break
            digits += ch
        out.append(int(digits or 0))
    return tuple(out)


def num(v):
    return str(v) if v < 10 else hex(v)


def fmt_arg(a):
    op = a.get("op", "")
    if op not in OPS:
        raise ValueError("unknown comparison %r" % op)
    idx, val = a.get("index", 0), a.get("value", 0)
    if op == "SCMP_CMP_MASKED_EQ":
        return "arg%d & %s == %s" % (idx, num(val), num(a.get("valueTwo", 0)))
    return "arg%d %s %s" % (idx, OPS[op], num(val))


def action_text(action, errno_ret):
    action = (action or "").upper()
    if action == "SCMP_ACT_ALLOW":
        return "allow"
    if action == "SCMP_ACT_ERRNO":
        return "errno %d" % (EPERM if errno_ret is None else errno_ret)
    if action == "SCMP_ACT_TRACE":
        return "trace"
    if action in ("SCMP_ACT_KILL", "SCMP_ACT_KILL_THREAD"):
        return "kill"
    if action == "SCMP_ACT_KILL_PROCESS":
        return "kill_process"
    if action == "SCMP_ACT_TRAP":
        return "trap"
    if action == "SCMP_ACT_LOG":
        return "log"
    if action == "SCMP_ACT_NOTIFY":
        return "notify"
    raise ValueError("unknown action %r" % action)


def rule_applies(rule, caps, arch, kernel):
    inc = rule.get("includes") or {}
    exc = rule.get("excludes") or {}
    if any(norm_cap(c) not in caps for c in inc.get("caps") or []):
        return False
    if inc.get("arches") and arch not in inc["arches"]:
        return False
    if inc.get("minKernel") and kernel < kernel_tuple(inc["minKernel"]):
        return False
    if any(norm_cap(c) in caps for c in exc.get("caps") or []):
        return False
    if arch in (exc.get("arches") or []):
        return False
    return True


def evaluate(profile, caps, arch, kernel):
    """Returns (default decision, {name: decision})."""
    default = action_text(profile.get("defaultAction"), profile.get("defaultErrnoRet"))
    uncond = {}   # name -> set of unconditional actions
    cond = {}     # name -> {action: [condition text per rule]}
    for rule in profile.get("syscalls") or []:
        if not rule_applies(rule, caps, arch, kernel):
            continue
        names = rule.get("names") or []
        if rule.get("name"):
            names = names + [rule["name"]]
        act = action_text(rule.get("action"), rule.get("errnoRet"))
        args = rule.get("args") or []
        for n in names:
            if args:
                text = " and ".join(fmt_arg(a) for a in args)
                cond.setdefault(n, {}).setdefault(act, []).append(text)
            else:
                uncond.setdefault(n, set()).add(act)
    out = {}
    for n in set(uncond) | set(cond):
        u, c = uncond.get(n, set()), cond.get(n, {})
        # conditional rules of other actions, e.g. podman's EINVAL for some socket() calls
        other = sorted((a, t) for a, t in c.items() if a != "allow")
        except_text = "".join(" except %s if %s" % (a, " | ".join(t)) for a, t in other)
        if "allow" in u:
            out[n] = "allow" + except_text
        elif "allow" in c:
            d = "allow-if-args " + " | ".join(c["allow"]) + except_text
            if u:
                d += " else " + "/".join(sorted(u))
            out[n] = d
        elif u:
            out[n] = "/".join(sorted(u)) + except_text
        else:
            # only conditional non-allow rules: never allowed
            out[n] = "default" + except_text
    return default, out


def main(argv):
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("profile")
    p.add_argument("--caps", default="default",
                   help="'default' (Docker's default set), 'none', or a list like CHOWN,SYS_ADMIN")
    p.add_argument("--arch", default="amd64", help="native arch in Docker's naming (default amd64)")
    p.add_argument("--kernel", default="6.0", help="kernel version for minKernel (default 6.0)")
    p.add_argument("names", nargs="*")
    o = p.parse_intermixed_args(argv)
    with open(o.profile) as f:
        profile = json.load(f)
    arch = ARCH_ALIASES.get(o.arch, o.arch)
    default, dec = evaluate(profile, parse_caps(o.caps), arch, kernel_tuple(o.kernel))
    print("# default " + default)
    for n in (o.names or sorted(dec)):
        print("%s\t%s" % (n, dec.get(n, "default")))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
