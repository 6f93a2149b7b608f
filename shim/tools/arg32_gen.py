#!/usr/bin/env python3
"""Writes shim/filter/arg32_table.c: for each syscall of an arch's native
ABI, which arguments the kernel reads as 32-bit values (int, unsigned int
and narrower), from the SYSCALL_DEFINEn lines of a kernel source tree.

    shim/tools/arg32_gen.py KERNEL_SRC VERSION x86_64 [aarch64] > shim/filter/arg32_table.c

KERNEL_SRC is an unpacked tree (Debian: apt-get install linux-source-6.1;
tar xf /usr/src/linux-source-6.1.tar.xz); VERSION is what the table's header
names (the package's version). Every arch named gets its own table in the
output, selected by SC_TARGET_* (shim/common/arch.h), so the build needs no
kernel source.

Why the kernel's own text: seccomp sees the whole 64-bit register, but
SYSCALL_DEFINE's wrapper casts it to the declared type, so for an int the
high half is never read. A comparison on all 64 bits there can be evaded
(high bits set) or can refuse a call the kernel would run (garbage above).
"""
import os
import re
import sys

# Types whose values fit in 32 bits once SYSCALL_DEFINE's wrapper has cast
# the register. Narrower ones (umode_t, 16 bits) are listed too: comparing
# their low 32 bits is still exact for every value a caller can mean, and a
# wider mask than the kernel's read only makes the rule stricter.
INT_TYPES = {
    "int", "unsigned int", "unsigned", "signed int", "u32", "__u32", "s32", "__s32",
    "pid_t", "uid_t", "gid_t", "qid_t", "key_serial_t", "clockid_t", "timer_t",
    "mqd_t", "rwf_t", "umode_t", "old_uid_t", "old_gid_t", "u16", "__u16",
    "unsigned short", "short", "key_t", "key_perm_t", "__kernel_rwf_t", "fmode_t",
}

DEFINE = re.compile(r"^SYSCALL_DEFINE([0-6])\(([^)]*)\)", re.M)


def normalize(t):
    t = re.sub(r"\b(const|volatile|__user|__force)\b", " ", t)
    return " ".join(t.split())


def is_int(t):
    t = normalize(t)
    # An enum is int-sized (landlock_add_rule's rule_type).
    return "*" not in t and (t in INT_TYPES or t.startswith("enum "))


def definitions(src, own_arch_dir):
    """name -> list of (path, [is_int per argument])"""
    defs = {}
    for root, dirs, files in os.walk(src):
        rel = os.path.relpath(root, src)
        parts = rel.split(os.sep)
        if parts[0] == "arch" and len(parts) > 1 and parts[1] != own_arch_dir:
            dirs[:] = []
            continue
        if parts[0] in ("tools", "Documentation", "samples", "scripts"):
            dirs[:] = []
            continue
        for f in files:
            if not f.endswith(".c"):
                continue
            path = os.path.join(root, f)
            with open(path, encoding="utf-8", errors="replace") as fh:
                text = fh.read()
            for m in DEFINE.finditer(text):
                n = int(m.group(1))
                fields = [x.strip() for x in " ".join(m.group(2).split()).split(",")]
                name = fields[0]
                types = fields[1::2]
                if len(types) != n:
                    raise SystemExit(f"{path}: cannot read SYSCALL_DEFINE{n}({m.group(2)})")
                defs.setdefault(name, []).append((os.path.relpath(path, src), [is_int(t) for t in types]))
    return defs


def resolve(defs, entry, own_arch_dir):
    """The argument mask of sys_<entry>. Several definitions (nommu, #ifdef
    variants): the arch's own wins; otherwise an argument counts as 32-bit
    only if every definition says so."""
    cands = defs.get(entry)
    if not cands:
        return None
    own = [c for c in cands if c[0].startswith(f"arch/{own_arch_dir}/")]
    cands = own or cands
    mask = 0x3F
    for _, ints in cands:
        m = sum(1 << i for i, b in enumerate(ints) if b)
        mask &= m
    return mask


def x86_64_table(src):
    rows = []
    with open(os.path.join(src, "arch/x86/entry/syscalls/syscall_64.tbl")) as fh:
        for line in fh:
            f = line.split()
            if not f or f[0].startswith("#") or len(f) < 4 or f[1] not in ("common", "64"):
                continue
            rows.append((f[2], f[3]))
    return rows, "x86"


def aarch64_table(src):
    rows = []
    aliases = {}
    with open(os.path.join(src, "arch/arm64/kernel/sys.c")) as fh:
        for m in re.finditer(r"#define\s+__arm64_sys_(\w+)\s+__arm64_sys_(\w+)", fh.read()):
            aliases["sys_" + m.group(1)] = "sys_" + m.group(2)
    with open(os.path.join(src, "include/uapi/asm-generic/unistd.h")) as fh:
        text = fh.read()
    pat = re.compile(r"__(?:SYSCALL|SC_COMP|SC_3264|SC_COMP_3264)\(__NR(?:3264)?_(\w+),\s*([^)]*)\)")
    for m in pat.finditer(text):
        name, args = m.group(1), [a.strip() for a in m.group(2).split(",")]
        kind = m.group(0).split("(")[0]
        # The 64-bit ABI: __SC_3264 and __SC_COMP_3264 take their second
        # function, the others their first.
        entry = args[1] if kind in ("__SC_3264", "__SC_COMP_3264") else args[0]
        rows.append((name, aliases.get(entry, entry)))
    return rows, "arm64"


ARCHES = {"x86_64": ("SC_TARGET_X86_64", x86_64_table), "aarch64": ("SC_TARGET_AARCH64", aarch64_table)}


def main():
    if len(sys.argv) < 4 or any(a not in ARCHES for a in sys.argv[3:]):
        raise SystemExit(__doc__)
    src, version = sys.argv[1], sys.argv[2]
    out = [
        "/* Generated by shim/tools/arg32_gen.py from the SYSCALL_DEFINEn lines of",
        f" * Linux {version}; do not edit. For each syscall of the target's native ABI,",
        " * bit N set: the kernel reads argument N as a 32-bit value (int, unsigned",
        " * int or narrower), so a filter must compare only its low 32 bits. */",
        '#include "filter/arg32.h"',
        '#include "common/arch.h"',
        "",
    ]
    first = True
    for arch in sys.argv[3:]:
        macro, table = ARCHES[arch]
        rows, own = table(src)
        defs = definitions(src, own)
        entries = {}
        unimplemented = []
        for name, entry in rows:
            if not entry.startswith("sys_") or entry == "sys_ni_syscall":
                continue
            mask = resolve(defs, entry[4:], own)
            if mask is None:
                # Only a COND_SYSCALL stub (lookup_dcookie): the kernel
                # answers ENOSYS and reads no argument.
                unimplemented.append(name)
                continue
            entries[name] = mask
        out.append(f"#{'if' if first else 'elif'} defined({macro})")
        first = False
        if unimplemented:
            out.append(f"/* {arch}: no definition, so no argument read: {', '.join(sorted(unimplemented))} */")
        names = [n for n in sorted(entries) if entries[n]]
        out.append("const char arg32_names[] =")
        for name in names:
            out.append(f'\t"{name}\\0"')
        out.append("\t;")
        out.append("const uint8_t arg32_masks[] = {")
        for i in range(0, len(names), 12):
            out.append("\t" + " ".join(f"0x{entries[n]:02x}," for n in names[i:i + 12]))
        out.append("};")
    out.append("#endif")
    out.append("const size_t arg32_count = sizeof(arg32_masks);")
    print("\n".join(out))


main()
