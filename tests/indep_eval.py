"""indep_eval.py PROFILE MODE: what the profile text says for each call on
stdin ("ARCH NAME A0 A1 A2 A3 A4 A5" a line, numbers in hex; NAME "-" when
the arch has no such syscall), one answer a line in scmp_bpf_sim's words
(ALLOW, ERRNO(n), KILL_PROCESS, LOG), or AMBIGUOUS when rules with
different actions both match (libseccomp does not define the winner).

indep_eval.py PROFILE --values: the argument values worth asking about, as
JSON {syscall: {arg: [values]}}: every constant of a condition, +-1, and
for a mask each of its bits alone.

An evaluator of its own for tests/t_independent.sh: it shares nothing with
scinit's reader or filter. It reads the INI subset the live fixtures and
config/default.ini use ([profile] default/arch, [allow], [deny], [rules]
with argument conditions and ranges, numbers, constants written out below
from the kernel's and glibc's headers, `|` between them; no @groups).
Which arguments the kernel reads as 32-bit is written out below from the
kernel's prototypes (Linux 6.1), for the syscalls those profiles name; on
x86 every argument is 32-bit."""
import re
import sys

import json

ERRNO = {"EPERM": 1, "EACCES": 13, "ENOTBLK": 15, "EXDEV": 18, "ENOSYS": 38, "EAFNOSUPPORT": 97}
# include/linux/socket.h, include/uapi/linux/sched.h, include/uapi/linux/personality.h
CONST = {"AF_UNIX": 1, "AF_INET": 2, "AF_INET6": 10, "AF_ALG": 38, "AF_NFC": 39, "AF_VSOCK": 40,
         "CLONE_NEWNS": 0x20000, "CLONE_NEWCGROUP": 0x2000000, "CLONE_NEWUTS": 0x4000000,
         "CLONE_NEWIPC": 0x8000000, "CLONE_NEWUSER": 0x10000000, "CLONE_NEWPID": 0x20000000,
         "CLONE_NEWNET": 0x40000000, "PER_LINUX": 0, "PER_LINUX32": 8, "UNAME26": 0x20000}
# SYSCALL_DEFINE prototypes: fs/ioctl.c, fs/fcntl.c, net/socket.c,
# fs/read_write.c (lseek, copy_file_range), arch/x86/kernel/sys_x86_64.c.
INT_ARGS = {
    "socket": {0, 1, 2},
    "fcntl": {0, 1},
    "ioctl": {0, 1},
    "lseek": {0, 2},
    "copy_file_range": {0, 2, 5},
    "mmap": set(),
    "getpid": set(),
    "personality": {0},  # kernel/exec_domain.c: unsigned int personality
    "clone": set(),  # kernel/fork.c: unsigned long clone_flags
}
ARCHES = {"native": "x86_64", "x86_64": "x86_64", "x86": "x86", "x32": "x32"}
M64 = (1 << 64) - 1


def number(t):
    t = t.strip()
    if "|" in t:
        v = 0
        for part in t.split("|"):
            v |= number(part)
        return v
    if t in CONST:
        return CONST[t]
    if t.startswith("-"):
        return (-int(t[1:], 10)) & M64
    return int(t, 0)


def action(t):
    if t == "allow":
        return "ALLOW"
    if t == "log":
        return "LOG"
    if t.startswith("errno:"):
        e = t[6:]
        return f"ERRNO({int(e) if e.isdigit() else ERRNO[e]})"
    if t == "kill_process":
        return "KILL_PROCESS"
    if t == "trap":
        return "TRAP"
    raise SystemExit(f"indep_eval: action {t}")


def cond(text):
    """A function of (name, args) for one condition."""
    m = re.fullmatch(r"arg(\d) (not in|in) (\S+)\.\.(\S+)", text)
    if m:
        i, neg, lo, hi = int(m[1]), m[2] == "not in", number(m[3]), number(m[4])
        return i, lambda x: (lo <= x <= hi) != neg, (lo, hi), 0
    m = re.fullmatch(r"arg(\d) & (\S+) == (\S+)", text)
    if m:
        i, mask, v = int(m[1]), number(m[2]), number(m[3])
        return i, lambda x: (x & mask) == v, (v, mask), mask
    m = re.fullmatch(r"arg(\d) (==|!=|<=|>=|<|>) (\S+)", text)
    i, op, v = int(m[1]), m[2], number(m[3])
    f = {"==": lambda x: x == v, "!=": lambda x: x != v, "<": lambda x: x < v, "<=": lambda x: x <= v,
         ">": lambda x: x > v, ">=": lambda x: x >= v}[op]
    return i, f, (v,), 0


def load(path):
    p = {"default": "ALLOW", "arch": ["x86_64"], "allow": set(), "deny": set(), "deny_action": "ERRNO(1)",
         "rules": []}
    section, last = None, None
    for raw in open(path):
        line = raw.split(";")[0].rstrip()
        if not line.strip():
            continue
        if line.startswith("["):
            section = line.strip("[]")
            continue
        if raw[0] in " \t" and last:
            p[last] |= set(line.split())
            continue
        key, _, val = (x.strip() for x in line.partition("="))
        if section == "profile" and key == "default":
            p["default"] = action(val)
        elif section == "profile" and key == "arch":
            # compat: the x86_64 family's other ABIs (docs/profile-format.md)
            p["arch"] = [x for a in val.replace(",", " ").split()
                         for x in (["x86", "x32"] if a == "compat" else [ARCHES[a]])]
        elif section in ("allow", "deny") and key == "syscalls":
            p[section] |= set(val.split())
            last = section
        elif section == "deny" and key == "action":
            p["deny_action"] = action(val)
        elif section == "rules":
            act, _, conds = val.partition(" if ")
            cs = [cond(c.strip()) for c in conds.split(" and ")] if conds else []
            p["rules"].append((key, action(act.strip()), cs))
    return p


def answer(p, arch, name, args):
    if arch not in p["arch"]:
        return "KILL_PROCESS"
    if name in ("exit", "exit_group"):
        return "ALLOW"
    if name in p["deny"]:
        return p["deny_action"]
    wide = arch != "x86"
    seen = set()
    for key, act, cs in p["rules"]:
        if key != name:
            continue
        ok = True
        for i, f, _, _ in cs:
            x = args[i]
            if not wide or i in INT_ARGS.get(name, set()):
                x &= 0xFFFFFFFF
            ok = ok and f(x)
        if ok:
            seen.add(act)
    if len(seen) > 1:
        return "AMBIGUOUS"
    if seen:
        return seen.pop()
    if name in p["allow"]:
        return "ALLOW"
    return p["default"]


def values(p):
    """Per syscall and argument, the values on either side of every constant."""
    out = {}
    for name, _, cs in p["rules"]:
        for i, _, consts, mask in cs:
            vals = out.setdefault(name, {}).setdefault(i, set())
            for c in consts:
                vals |= {c, (c - 1) & M64, (c + 1) & M64}
            vals |= {1 << b for b in range(64) if mask >> b & 1}
    return {n: {i: sorted(v) for i, v in a.items()} for n, a in out.items()}


def main():
    p = load(sys.argv[1])
    if sys.argv[2] == "--values":
        json.dump(values(p), sys.stdout)
        return
    audit = sys.argv[2] == "audit"
    for line in sys.stdin:
        f = line.split()
        a = answer(p, f[0], f[1], [int(x, 16) for x in f[2:8]])
        if audit and a not in ("ALLOW", "AMBIGUOUS"):
            a = "LOG"
        print(a)


main()
