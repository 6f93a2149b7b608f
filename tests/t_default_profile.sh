#!/usr/bin/env bash
# Static checks of config/default.ini (the built-in seccomp profile) against
# Docker 20.10's default seccomp profile, taken from Debian's package
# golang-github-docker-docker-dev. The package is downloaded once into
# build/debian-data/ and reused from there. Debian's libseccomp.so.2 (2.5.4,
# the version scinit links) is asked, through python's ctypes, whether every
# name is known and whether [deny] names every other syscall of the family.
# The ini serves both CPU families, so each is compared with Docker's
# decisions for its arch: amd64 (x86_64, x86, x32) and arm64 (aarch64, arm);
# names Docker decides only for the other family are left out of the first.
# A newer Docker default, where this machine has one in shared/data, is
# compared too, but only for information.
. tests/lib.sh

INI=${DEFAULT_PROFILE_INI:-config/default.ini}
PKG=golang-github-docker-docker-dev
CACHE=build/debian-data
JSON=$CACHE/docker-20.10-default.json
EVAL=tests/docker_profile.py
# Documented in config/default.ini: names it denies although Docker (any version) allows them.
STRICTER="adjtimex clock_adjtime clock_adjtime64"
# Names Docker 20.10 allows that the ini denies: the newer Docker denies io_uring, plus $STRICTER.
EXCEPT_2010="io_uring_setup io_uring_enter io_uring_register $STRICTER"
DANGER="mount umount2 unshare setns keyctl add_key request_key bpf kexec_load kexec_file_load
	init_module finit_module delete_module settimeofday clock_settime clock_adjtime stime
	io_uring_setup io_uring_enter io_uring_register fsopen fsmount fsconfig move_mount open_tree
	fspick mount_setattr open_by_handle_at userfaultfd perf_event_open pivot_root swapon swapoff
	reboot acct quotactl lookup_dcookie vm86 vm86old iopl ioperm syslog"

if ! command -v python3 >/dev/null; then
	skip_or_fail default_profile "python3 is not installed"
	exit 0
fi

# last_of FILE...: prints the last of the FILEs that exists (globs sort by version here).
last_of() {
	local f last=
	for f in "$@"; do [ -e "$f" ] && last=$f; done
	printf '%s' "$last"
}

# fetch_docker_2010: puts Docker 20.10's default.json at $JSON (unless it is already there).
fetch_docker_2010() {
	[ -s "$JSON" ] && return 0
	mkdir -p "$CACHE" || return 1
	local deb
	deb=$(last_of "$CACHE/${PKG}"_20.10.*.deb)
	if [ -z "$deb" ]; then
		(cd "$CACHE" && { apt-get download "$PKG" || { apt-get update && apt-get download "$PKG"; }; }) \
			>"$CACHE/apt.log" 2>&1 || { echo "apt-get download failed, see $CACHE/apt.log"; return 1; }
		deb=$(last_of "$CACHE/${PKG}"_*.deb)
	fi
	[ -n "$deb" ] || { echo "no $PKG package in $CACHE"; return 1; }
	local ver
	ver=$(dpkg-deb -f "$deb" Version)
	case "$ver" in
	20.10.*) ;;
	*) echo "Debian offers $PKG $ver, not 20.10"; return 1 ;;
	esac
	local tmp
	tmp=$(mktemp -d) || return 1
	dpkg-deb -x "$deb" "$tmp" &&
		cp "$tmp/usr/share/gocode/src/github.com/docker/docker/profiles/seccomp/default.json" "$JSON.tmp" &&
		mv "$JSON.tmp" "$JSON"
	local rc=$?
	rm -rf "$tmp"
	[ $rc -eq 0 ] && echo "$ver" >"$CACHE/docker-20.10-version"
	return $rc
}

if ! why=$(fetch_docker_2010); then
	skip_or_fail default_profile "cannot get Docker 20.10's default.json from Debian: $why"
	exit 0
fi

# compare PROFILE MODE FAMILY: prints "pass NAME", "fail NAME DETAIL" or "info TEXT" lines.
# MODE "check" is the counted comparison with Docker 20.10, "info" is the newer one.
# FAMILY: amd64 or arm64, Docker's name of the arch it decides for.
compare() {
	local other=amd64 d
	[ "$3" = amd64 ] && other=arm64
	for d in "$3" "$other"; do
		python3 "$EVAL" --arch "$d" "$1" >"$CACHE/decisions.$2.$d" ||
			{ printf 'fail docker_profile.py evaluates %s for %s\tit failed\n' "$1" "$d"; return; }
	done
	local except=$STRICTER
	[ "$2" = check ] && except=$EXCEPT_2010
	INI="$INI" DECISIONS="$CACHE/decisions.$2.$3" OTHER_DECISIONS="$CACHE/decisions.$2.$other" MODE="$2" \
		FAMILY="$3" EXCEPT="$except" DANGER="$DANGER" python3 - <<'EOF'
import os, re

# Symbolic constants the ini may use (values from <linux/sched.h>, <sys/socket.h>,
# <sys/personality.h>). A symbol missing here makes the check fail.
SYMBOLS = {
    "CLONE_NEWNS": 0x00020000, "CLONE_NEWCGROUP": 0x02000000, "CLONE_NEWUTS": 0x04000000,
    "CLONE_NEWIPC": 0x08000000, "CLONE_NEWUSER": 0x10000000, "CLONE_NEWPID": 0x20000000,
    "CLONE_NEWNET": 0x40000000, "CLONE_NEWTIME": 0x00000080,
    "AF_ALG": 38, "AF_NFC": 39, "AF_VSOCK": 40,
    "PER_LINUX": 0, "PER_LINUX32": 8, "UNAME26": 0x0020000, "ADDR_NO_RANDOMIZE": 0x0040000,
    "READ_IMPLIES_EXEC": 0x0400000,
}
OPS = ("==", "!=", "<", "<=", ">", ">=")
check_mode = os.environ["MODE"] == "check"
family = os.environ["FAMILY"]
out = []

def result(ok, name, detail=""):
    name = name if family == "amd64" else family + ": " + name
    if check_mode:
        out.append("%s %s%s" % ("pass" if ok else "fail", name, "" if ok else "\t" + detail))
    elif not ok:
        out.append("info differs: %s: %s" % (name, detail))

def value(text):
    v = 0
    for part in text.split("|"):
        if part in SYMBOLS:
            v |= SYMBOLS[part]
        elif re.fullmatch(r"[0-9]+|0[xX][0-9a-fA-F]+", part):
            v |= int(part, 0)
        else:
            raise ValueError("unknown constant %r (add it to SYMBOLS in this test)" % part)
    return v

def conds(text):
    """'arg0 & M == V and arg1 < 3' -> frozenset of (index, op, value, mask)."""
    res = set()
    for c in text.split(" and "):
        t = c.split()
        if len(t) == 5 and t[1] == "&" and t[3] == "==":
            res.add((int(t[0][3:]), "&==", value(t[4]), value(t[2])))
        elif len(t) == 3 and t[1] in OPS:
            res.add((int(t[0][3:]), t[1], value(t[2]), None))
        else:
            raise ValueError("bad condition %r" % c)
        if not re.fullmatch(r"arg[0-5]", t[0]):
            raise ValueError("bad argument %r" % t[0])
    return frozenset(res)

# --- the ini: sections, repeated keys, continuation lines, inline " ;" comments
def parse_ini(path):
    entries, section, last = [], None, None   # entries: [section, key, value]
    for raw in open(path):
        line = raw.rstrip("\n")
        if len(line) > 198:
            raise ValueError("line longer than 198 characters: %r" % line[:40])
        if not line.strip() or line.strip()[0] in ";#":
            continue
        line = re.sub(r"\s;.*", "", line)
        if line[0].isspace():
            if last is None:
                raise ValueError("continuation line without a key: %r" % line)
            if line.strip():
                last[2] += " " + line.strip()
            continue
        m = re.fullmatch(r"\[([^]]+)\]\s*", line)
        if m:
            section, last = m.group(1), None
            continue
        k, sep, v = line.partition("=")
        if not sep or section is None:
            raise ValueError("not a key = value line: %r" % line)
        last = [section, k.strip(), v.strip()]
        entries.append(last)
    return entries

try:
    entries = parse_ini(os.environ["INI"])
    profile, allow, deny, deny_action, rules = {}, [], [], "errno:EPERM", {}
    for sec, k, v in entries:
        if sec == "profile":
            profile[k] = v
        elif sec in ("allow", "deny") and k == "syscalls":
            (allow if sec == "allow" else deny).extend(v.replace(",", " ").split())
        elif sec == "deny" and k == "action":
            deny_action = v
        elif sec == "rules":
            action, _, cond = v.partition(" if ")
            rules.setdefault(k, []).append((action.strip(), conds(cond) if cond else None))
        else:
            raise ValueError("unexpected [%s] %s" % (sec, k))
    parsed = True
except (ValueError, KeyError) as e:
    parsed = False
    result(False, "ini parses", str(e))

def decisions(path):
    dec, default = {}, None
    for line in open(path):
        line = line.rstrip("\n")
        if line.startswith("# default "):
            default = line[len("# default "):]
        elif line and not line.startswith("#"):
            n, d = line.split("\t")
            dec[n] = d
    return dec, default

# libseccomp 2.5.4 (Debian 12's, the table the ini was written from): the
# names it knows on the family's arches, or lib = None and a skip line.
lib, known = None, set()
if check_mode:
    import ctypes
    try:
        lib = ctypes.CDLL("libseccomp.so.2")
        libc = ctypes.CDLL(None)
    except OSError as e:
        out.append("skip libseccomp checks\tlibseccomp.so.2 cannot be loaded: %s" % e)
    if lib:
        class Version(ctypes.Structure):
            _fields_ = [("major", ctypes.c_uint), ("minor", ctypes.c_uint), ("micro", ctypes.c_uint)]
        lib.seccomp_version.restype = ctypes.POINTER(Version)
        v = lib.seccomp_version().contents
        version = (v.major, v.minor, v.micro)
        if version != (2, 5, 4):
            lib = None
            out.append("skip libseccomp checks\tthe system's libseccomp is %d.%d.%d, scinit uses 2.5.4" % version)
    if lib:
        lib.seccomp_syscall_resolve_name.argtypes = [ctypes.c_char_p]
        lib.seccomp_syscall_resolve_num_arch.argtypes = [ctypes.c_uint32, ctypes.c_int]
        lib.seccomp_syscall_resolve_num_arch.restype = ctypes.c_void_p
        libc.free.argtypes = [ctypes.c_void_p]
        # amd64: AUDIT_ARCH_X86_64, AUDIT_ARCH_I386, and x32 (same audit arch, numbers | 0x40000000);
        # arm64: AUDIT_ARCH_AARCH64 and AUDIT_ARCH_ARM, whose private calls start at 0xf0000
        numbers = {"amd64": ((0xC000003E, range(1024)), (0x40000003, range(1024)),
                             (0x4000003E, range(0x40000000, 0x40000000 + 1024))),
                   "arm64": ((0xC00000B7, range(1024)), (0x40000028, list(range(1024)) +
                                                         list(range(0xf0000, 0xf0010))))}[family]
        for arch, nrs in numbers:
            for nr in nrs:
                p = lib.seccomp_syscall_resolve_num_arch(arch, nr)
                if p:
                    known.add(ctypes.string_at(p).decode())
                    libc.free(p)

dec, default = decisions(os.environ["DECISIONS"])
# Names Docker decides for the other family only (arch_prctl, set_tls, ...):
# the ini lists them for that family's sake.
other_only = set(decisions(os.environ["OTHER_DECISIONS"])[0]) - set(dec)

def docker(n):
    return dec.get(n, "default")

def docker_allows(n):
    return docker(n).split()[0] in ("allow", "allow-if-args")

if parsed:
    result(True, "ini parses")
    result(profile.get("default") == "errno:ENOSYS", "profile: default is errno:ENOSYS", profile.get("default", "unset"))
    result(profile.get("arch", "").split() == ["native", "compat"], "profile: arch is native compat",
           profile.get("arch", "unset"))
    result(deny_action == "errno:EPERM", "deny: action is errno:EPERM", deny_action)
    result(default == "errno 1", "docker: default action is EPERM", str(default))

    dup = sorted({n for n in allow if allow.count(n) > 1} | {n for n in deny if deny.count(n) > 1})
    result(not dup, "ini: no name listed twice", " ".join(dup))
    both = sorted(set(deny) & (set(allow) | set(rules)))
    result(not both, "ini: no name both in [deny] and in [allow]/[rules]", " ".join(both))
    both = sorted(set(allow) & set(rules))
    result(not both, "ini: no name both in [allow] and in [rules]", " ".join(both))

    bad = sorted(n for n in allow if docker(n) != "allow" and n not in other_only)
    result(not bad, "allow: nothing Docker denies or restricts is allowed unconditionally",
           " ".join("%s(%s)" % (n, docker(n)) for n in bad))

    # names the ini denies although this Docker allows them, on purpose
    exceptions = set(os.environ["EXCEPT"].split())
    bad = sorted(n for n in deny if docker_allows(n) and n not in exceptions)
    result(not bad, "deny: every name is denied by Docker, except " + " ".join(sorted(exceptions)),
           " ".join(bad))
    if check_mode:
        stale = sorted(n for n in exceptions if docker(n) != "allow" or n not in deny)
        result(not stale, "deny: each of those exceptions is in [deny] and allowed by Docker", " ".join(stale))

    ruled = set(rules)
    # A name that no arch of the family has cannot be allowed there (sync_file_range2, which
    # Docker lists for arm64, is neither aarch64's nor arm's).
    missing = sorted(n for n, d in dec.items() if d == "allow" and n not in allow and n not in ruled
                     and n not in exceptions and (not lib or n in known))
    if check_mode:
        result(not missing, "allow: every other syscall Docker allows is allowed", " ".join(missing))
    elif missing:
        out.append("info newer Docker allows, the ini does not: " + " ".join(missing))

    for n in sorted(rules):
        allows = [c for a, c in rules[n] if a == "allow"]
        d = docker(n)
        if not allows:
            if d == "allow":
                out.append("info %s: Docker allows, the ini says %s" % (n, "/".join(a for a, _ in rules[n])))
            continue
        if d == "allow":
            ok, detail = True, ""
        elif d.startswith("allow-if-args "):
            alts = re.split(" except | else ", d[len("allow-if-args "):])[0]
            theirs = {conds(t) for t in alts.split(" | ")}
            extra = [c for c in allows if c is None or c not in theirs]
            ok, detail = not extra, "allowed beyond Docker's conditions (%s): %s" % (d, extra)
        else:
            ok, detail = False, "Docker: " + d
        result(ok, "rules: %s allows no more than Docker" % n, detail)

    # What the ini decides for sample arguments: the danger named in the issue
    # must be refused even where Docker 20.10 allowed it (AF_VSOCK), and common
    # calls must still work. The rules of a syscall must not give different
    # actions to the same arguments.
    def holds(c, args):
        idx, op, val, mask = c
        x = args.get(idx, 0)
        if op == "&==":
            return x & mask == val
        return {"==": x == val, "!=": x != val, "<": x < val, "<=": x <= val,
                ">": x > val, ">=": x >= val}[op]

    def decide(n, args):
        if n in deny:
            return deny_action
        if n in allow:
            return "allow"
        acts = {a for a, c in rules.get(n, []) if c is None or all(holds(x, args) for x in c)}
        if len(acts) > 1:
            return "conflict: " + "/".join(sorted(acts))
        return acts.pop() if acts else "default"

    if check_mode:
        ns = [SYMBOLS[k] for k in ("CLONE_NEWNS", "CLONE_NEWCGROUP", "CLONE_NEWUTS", "CLONE_NEWIPC",
                                   "CLONE_NEWUSER", "CLONE_NEWPID", "CLONE_NEWNET")]
        thread, fork = 0x3d0f00, 0x1200011   # glibc pthread_create and fork flags
        samples = [
            ("socket(AF_UNIX, AF_INET, AF_INET6, AF_NETLINK, AF_PACKET) allowed", "socket",
             [1, 2, 10, 16, 17], "allow"),
            ("socket(AF_ALG) and socket(AF_VSOCK) get EPERM", "socket", [38, 40], "errno:EPERM"),
            ("clone for threads and fork allowed", "clone", [thread, fork], "allow"),
            ("clone with any namespace flag gets EPERM", "clone",
             ns + [f | thread for f in ns] + [f | fork for f in ns] + [sum(ns)], "errno:EPERM"),
            ("personality: Docker's values allowed", "personality",
             [0, 8, 0x20000, 0x20008, 0xffffffff], "allow"),
            ("personality: ADDR_NO_RANDOMIZE, READ_IMPLIES_EXEC not allowed (default)", "personality",
             [0x40000, 0x400000, 0x40008], "default"),
        ]
        for title, n, values, want in samples:
            got = {v: decide(n, {0: v}) for v in values}
            bad = ["%#x: %s" % (v, d) for v, d in got.items() if d != want]
            result(not bad, "rules: " + title, "; ".join(bad))

    r = rules.get("clone3", [])
    result(r == [("errno:ENOSYS", None)], "rules: clone3 = errno:ENOSYS", repr(r))

    if check_mode and family == "amd64":
        for n in os.environ["DANGER"].split():
            result(n in deny, "danger: %s is in [deny]" % n, "not in [deny]; Docker: " + docker(n))

# --- libseccomp: every name must be known to it (else scinit fails to parse the
# ini), and every syscall it knows on the family's arches must be named somewhere.
if parsed and check_mode and lib:
    named = set(allow) | set(deny) | set(rules)
    unknown = sorted(n for n in named if lib.seccomp_syscall_resolve_name(n.encode()) == -1)
    result(not unknown, "libseccomp: every name in the ini is known to it", " ".join(unknown))
    result(len(known) > 400, "libseccomp: knows the family's syscalls", "only %d names" % len(known))
    missing = sorted(known - named)
    result(not missing, "deny: every syscall of the family libseccomp knows is in [allow], [rules] or [deny]",
           " ".join(missing))
print("\n".join(out))
EOF
}

results=$(compare "$JSON" check amd64 && compare "$JSON" check arm64) ||
	fail "default_profile: comparison with Docker 20.10 ran" "python3 exited $?"
while IFS= read -r line; do
	case "$line" in
	pass\ *) pass "default_profile: ${line#pass }" ;;
	fail\ *) name=${line#fail }; fail "default_profile: ${name%%$'\t'*}" "${name#*$'\t'}" ;;
	info\ *) echo "     ${line#info }" ;;
	skip\ *) name=${line#skip }; skip_or_fail "default_profile: ${name%%$'\t'*}" "${name#*$'\t'}" ;;
	?*) fail "default_profile: unexpected output" "$line" ;;
	esac
done <<<"$results"

# Information only: a newer Docker default, where this machine has one (CI clones may not).
for newer in /work/shared/data/docker-default.json ../shared/data/docker-default.json; do
	[ -f "$newer" ] || continue
	echo "     (information, not counted) against the newer Docker default $newer:"
	{ compare "$newer" info amd64; compare "$newer" info arm64; } | while IFS= read -r line; do
		case "$line" in
		info\ *) echo "       ${line#info }" ;;
		?*) echo "       $line" ;;
		esac
	done
	break
done
