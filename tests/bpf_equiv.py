"""bpf_equiv.py A B: whether two raw seccomp BPF programs give the same
answer for every call tried, with an emulator of its own (not the one in
shim/tools/bpf_ranges.c). The calls: every arch either program compares with (and
its neighbours), and one neither knows; for each, syscall numbers 0..1099, the same with the x32
bit, every constant either program compares with (and its neighbours), and
the ends of the range; each with all-zero arguments and, where either
program can reach a load of an argument for that call, three times with
argument words drawn from the constants the programs compare arguments with. Every
call that either program answers by its arguments also gets each such value
in argument 0 (low half, with three high halves). Prints "N calls, M differ" and exits 1 if any differ.

bpf_equiv.py --ignore FILE A B: the same, but calls whose arch and number
FILE lists ("ARCH NR" a line, numbers as in C, the rest of the line
ignored) are set apart: differences there are counted, not failed, and the
line ends "; K differ on listed syscalls" (the first few named).

bpf_equiv.py [--ignore FILE] --pairs LIST: each line of LIST names two
programs, "A B"; one line out for each, "A B: SUMMARY" (see main)."""
import random
import struct
import sys


def load(path):
    data = open(path, "rb").read()
    if not data or len(data) % 8:
        sys.exit(f"bpf_equiv: {path} is no BPF program")
    return [struct.unpack("<HBBI", data[i:i + 8]) for i in range(0, len(data), 8)]


def run(prog, words):
    pc, acc, x, mem = 0, 0, 0, [0] * 16
    for _ in range(100000):
        code, jt, jf, k = prog[pc]
        cls, op = code & 7, code & 0xF0
        if code == 0x06:
            return k
        if code == 0x16:
            return acc
        if code == 0x20:
            acc = words[k // 4]
        elif code == 0x00:
            acc = k
        elif code == 0x01:
            x = k
        elif code == 0x60:
            acc = mem[k]
        elif code == 0x02:
            mem[k] = acc
        elif code == 0x07:
            x = acc
        elif code == 0x87:
            acc = x
        elif cls == 4:  # ALU, K or X
            src = x if code & 8 else k
            ops = {0x00: acc + src, 0x10: acc - src, 0x20: acc * src, 0x40: acc | src, 0x50: acc & src,
                   0x60: acc << (src & 31), 0x70: acc >> (src & 31), 0xA0: acc ^ src}
            if op == 0x80:
                acc = -acc
            elif op in ops:
                acc = ops[op]
            else:
                sys.exit(f"bpf_equiv: ALU op {code:#x} not emulated")
            acc &= 0xFFFFFFFF
        elif code == 0x05:
            pc += 1 + k
            continue
        elif cls == 5:
            src = x if code & 8 else k
            hit = {0x10: acc == src, 0x20: acc > src, 0x30: acc >= src, 0x40: acc & src != 0}[op]
            pc += 1 + (jt if hit else jf)
            continue
        else:
            sys.exit(f"bpf_equiv: instruction {code:#x} not emulated")
        pc += 1
    sys.exit("bpf_equiv: no answer after 100000 steps")


def reads_args(prog, nr, arch):
    """Whether the call's answer can depend on its arguments: it reaches a
    load of anything past the number and the arch."""
    words = [nr, arch] + [None] * 14
    pc, acc = 0, 0
    for _ in range(100000):
        code, jt, jf, k = prog[pc]
        if code & 7 == 6:
            return False
        if code == 0x20:
            if words[k // 4] is None:
                return True
            acc = words[k // 4]
            pc += 1
        elif code == 0x05:
            pc += 1 + k
        elif code & 7 == 5 and not code & 8:
            hit = {0x10: acc == k, 0x20: acc > k, 0x30: acc >= k, 0x40: acc & k != 0}[code & 0xF0]
            pc += 1 + (jt if hit else jf)
        else:
            return True
    return True


def constants(progs, what):
    """The constants compared with the arch, the number or an argument
    (whichever the last load before the compare read), and their
    neighbours."""
    out = set()
    for prog in progs:
        loaded = None
        for code, _, _, k in prog:
            if code == 0x20:
                loaded = "arch" if k == 4 else "nr" if k == 0 else "arg"
            elif code & 7 == 5 and code != 0x05 and loaded == what:
                out.update({(k - 1) & 0xFFFFFFFF, k, (k + 1) & 0xFFFFFFFF})
    return out


def compare(a, b, listed, out):
    """Runs the calls on programs a and b; writes the first differences and
    the summary line to out; returns the number of calls that differ
    (outside listed)."""
    arches = sorted(constants([a, b], "arch") | {0x12345678})
    nrs = set(range(1100)) | {0x40000000 + n for n in range(1100)} | constants([a, b], "nr")
    nrs |= {0xFFFFFFFF, 0x7FFFFFFF, 0x80000000}
    values = sorted(constants([a, b], "arg") | {0, 1, 0xFFFFFFFF, 0x7FFFFFFF})
    rng = random.Random(1)
    calls = differ = 0
    set_apart = {}

    def check(words):
        nonlocal calls, differ
        calls += 1
        ra, rb = run(a, words), run(b, words)
        if ra != rb and (words[1], words[0]) in listed:
            set_apart[(words[1], words[0])] = set_apart.get((words[1], words[0]), 0) + 1
        elif ra != rb:
            differ += 1
            if differ <= 5:
                out.append(f"arch {words[1]:#x} nr {words[0]:#x} args {words[4:8]}: {ra:#x} vs {rb:#x}")

    for arch in arches:
        by_args = [nr for nr in sorted(nrs) if reads_args(a, nr, arch) or reads_args(b, nr, arch)]
        reading = set(by_args)
        for nr in sorted(nrs):
            # Other arguments cannot change an answer neither program reads them for.
            for k in range(4 if nr in reading else 1):
                check([nr, arch, 0, 0] + ([0] * 12 if k == 0 else [rng.choice(values) for _ in range(12)]))
        for nr in by_args:
            for lo in values:
                for hi in (0, 1, 0xFFFFFFFF):
                    check([nr, arch, 0, 0, lo, hi] + [0] * 10)
    if listed:
        first = " ".join(f"{arch:#x}:{nr}" for arch, nr in sorted(set_apart)[:8])
        out.append(f"{calls} calls, {differ} differ; {sum(set_apart.values())} differ on listed syscalls"
                   + (f" ({len(set_apart)}: {first}{' ...' if len(set_apart) > 8 else ''})" if set_apart else ""))
    else:
        out.append(f"{calls} calls, {differ} differ")
    return differ


def main():
    args = sys.argv[1:]
    listed = set()
    if args[:1] == ["--ignore"]:
        for line in open(args[1]):
            words = line.split()
            if len(words) >= 2:
                listed.add((int(words[0], 0), int(words[1], 0)))
        args = args[2:]
    if args[:1] == ["--pairs"]:
        # One process for many pairs (a start of python costs more than a
        # small comparison): "A B" a line in, "A B: SUMMARY" a line out, the
        # first difference after the summary.
        status = 0
        for line in open(args[1]):
            if not line.split():
                continue
            pa, pb = line.split()
            out = []
            status |= 1 if compare(load(pa), load(pb), listed, out) else 0
            print(f"{pa} {pb}: {out[-1]}" + (f" (first: {out[0]})" if len(out) > 1 else ""), flush=True)
        sys.exit(status)
    out = []
    differ = compare(load(args[0]), load(args[1]), listed, out)
    print("\n".join(out))
    sys.exit(1 if differ else 0)


main()
