"""Which syscalls the kernel's seccomp action cache (Linux 5.11+) can skip
the filter for: reads a raw BPF program on stdin and, for each syscall
number of x86_64 and of i386 (the kernel caches these two; x32 numbers are
never cached), emulates the program as the kernel's seccomp_is_const_allow()
does: only the syscall number and arch are known, so any load of an
argument (or anything else it does not emulate) means "not constant"."""
import struct
import sys

AUDIT_ARCH = {"x86_64": 0xC000003E, "i386": 0x40000003}
GETPID = {"x86_64": 39, "i386": 20}
ALLOW = 0x7FFF0000


def outcome(prog, arch, nr):
    pc, acc = 0, 0
    while pc < len(prog):
        code, jt, jf, k = prog[pc]
        if code == 0x20 and k in (0, 4):  # ld [nr] / ld [arch]
            acc = nr if k == 0 else arch
            pc += 1
        elif code == 0x06:  # ret K
            return "allow" if k == ALLOW else "deny"
        elif code == 0x05:  # ja
            pc += 1 + k
        elif code in (0x15, 0x25, 0x35, 0x45):  # jeq jgt jge jset, K
            hit = {0x15: acc == k, 0x25: acc > k, 0x35: acc >= k, 0x45: acc & k != 0}[code]
            pc += 1 + (jt if hit else jf)
        elif code == 0x54:  # and K
            acc &= k
            pc += 1
        else:
            return "args"
    return "args"


def main():
    data = sys.stdin.buffer.read()
    if not data or len(data) % 8:
        sys.exit("bpf_cache: no program on stdin")
    prog = [struct.unpack("<HBBI", data[i:i + 8]) for i in range(0, len(data), 8)]
    print(f"{len(prog)} instructions")
    for name, token in AUDIT_ARCH.items():
        seen = {"allow": [], "args": [], "deny": []}
        for nr in range(512):
            seen[outcome(prog, token, nr)].append(nr)
        print(f"{name}, numbers 0-511: {len(seen['allow'])} always allowed (cached: the filter never runs), "
              f"{len(seen['args'])} decided by arguments (filter runs: {' '.join(map(str, seen['args']))}), "
              f"{len(seen['deny'])} never allowed (filter runs). getpid ({GETPID[name]}) cached: "
              f"{'yes' if GETPID[name] in seen['allow'] else 'NO'}")


main()
