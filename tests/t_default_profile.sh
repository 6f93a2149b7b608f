#!/usr/bin/env bash
# Static checks of config/default.ini (the built-in seccomp profile) against
# Docker 20.10's default seccomp profile, taken from Debian's package
# golang-github-docker-docker-dev. The package is downloaded once into
# build/debian-data/ and reused from there. The syscall tables come from the
# libseccomp scinit links (2.6.0, pinned) and from Debian 12's 2.5.4, the
# table the ini was written from (libseccomp_bpf --names, built against
# each): every name in the ini must be known to scinit's, every x86-family
# syscall 2.5.4 knows must be decided by the ini, and those only 2.6.0 knows
# (newer than Linux 6.7) get the default, ENOSYS, as the ini says. The ini
# serves the arm family too: its names outside the x86 family must be arm's
# (tests/t_arm64.sh compares the arm64 build with Docker live).
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

# The x86 family's syscall tables ("TOKEN NR NAME" lines) of both libraries.
NAMES_NEW=$CACHE/names-libseccomp-scinit NAMES_OLD=$CACHE/names-libseccomp-2.5.4 NAMES_ARM=$CACHE/names-libseccomp-arm
"$(dirname "$SCINIT")/libseccomp_bpf" --names aarch64 arm >"$NAMES_ARM" 2>/dev/null
for t in "$(dirname "$SCINIT")/libseccomp_bpf:$NAMES_NEW" "$(dirname "$SCINIT")/host/libseccomp_bpf-debian:$NAMES_OLD"; do
	if ! "${t%%:*}" --names x86_64 x86 x32 >"${t#*:}" 2>/dev/null || [ ! -s "${t#*:}" ]; then
		fail "default_profile: the syscall table of ${t%%:*}" "cannot list it (make check builds it)"
		exit 0
	fi
done

# compare PROFILE: prints "pass NAME" or "fail NAME<TAB>DETAIL" lines.
compare() {
	python3 "$EVAL" "$1" >"$CACHE/decisions" || { printf 'fail docker_profile.py evaluates %s\tit failed\n' "$1"; return; }
	INI="$INI" DECISIONS="$CACHE/decisions" EXCEPT="$EXCEPT_2010" DANGER="$DANGER" NAMES_NEW="$NAMES_NEW" NAMES_ARM="$NAMES_ARM" \
		NAMES_OLD="$NAMES_OLD" RESOLVE="$(dirname "$SCINIT")/libseccomp_bpf" python3 - <<'EOF'
import os, re, subprocess

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
out = []

def result(ok, name, detail=""):
    out.append("%s %s%s" % ("pass" if ok else "fail", name, "" if ok else "\t" + detail))

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

dec, default = {}, None
for line in open(os.environ["DECISIONS"]):
    line = line.rstrip("\n")
    if line.startswith("# default "):
        default = line[len("# default "):]
    elif line and not line.startswith("#"):
        n, d = line.split("\t")
        dec[n] = d

def table(path):
    names = set()
    for line in open(path):
        words = line.split()
        if len(words) == 3:
            names.add(words[2])
    return names
family = table(os.environ["NAMES_NEW"])

def docker(n):
    return dec.get(n, "default")

def docker_allows(n):
    return docker(n).split()[0] in ("allow", "allow-if-args")

if parsed:
    result(True, "ini parses")
    result(profile.get("default") == "errno:ENOSYS", "profile: default is errno:ENOSYS", profile.get("default", "unset"))
    # compat: x86 and x32 on this family, arm on arm64 (the one ini serves both).
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

    # Docker's amd64 decisions speak of the x86 family; the ini's names that
    # only the arm family has are checked against the tables below.
    bad = sorted(n for n in allow if n in family and docker(n) != "allow")
    result(not bad, "allow: nothing Docker denies or restricts is allowed unconditionally",
           " ".join("%s(%s)" % (n, docker(n)) for n in bad))

    # names the ini denies although this Docker allows them, on purpose
    exceptions = set(os.environ["EXCEPT"].split())
    bad = sorted(n for n in deny if docker_allows(n) and n not in exceptions)
    result(not bad, "deny: every name is denied by Docker, except " + " ".join(sorted(exceptions)),
           " ".join(bad))
    stale = sorted(n for n in exceptions if docker(n) != "allow" or n not in deny)
    result(not stale, "deny: each of those exceptions is in [deny] and allowed by Docker", " ".join(stale))

    ruled = set(rules)
    missing = sorted(n for n, d in dec.items() if d == "allow" and n not in allow and n not in ruled
                     and n not in exceptions)
    result(not missing, "allow: every other syscall Docker allows is allowed", " ".join(missing))

    # The ini's plain errno:ENOSYS rules (clone3 aside, checked below) are
    # for syscalls newer than Docker 20.10's profile, which it leaves to
    # its default and runc answers ENOSYS (newer than its newest name).
    enosys = sorted(n for n in rules if n != "clone3" and rules[n] == [("errno:ENOSYS", None)])
    bad = ["%s(Docker: %s)" % (n, docker(n)) for n in enosys if docker(n) != "default"]
    result(enosys and not bad, "rules: the errno:ENOSYS rules are for syscalls Docker 20.10 does not name: "
           + " ".join(enosys), " ".join(bad) or "none found")

    for n in sorted(rules):
        allows = [c for a, c in rules[n] if a == "allow"]
        d = docker(n)
        if not allows:
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

    for n in os.environ["DANGER"].split():
        result(n in deny, "danger: %s is in [deny]" % n, "not in [deny]; Docker: " + docker(n))

# --- libseccomp: every name must be known to the one scinit links (else
# scinit fails to parse the ini); every x86-family syscall Debian 12's 2.5.4
# knows (the table the ini was written from) must be decided by it; those
# only scinit's knows (newer than Linux 6.7) get the default, ENOSYS.
if parsed:
    new, old = table(os.environ["NAMES_NEW"]), table(os.environ["NAMES_OLD"])
    arm = table(os.environ["NAMES_ARM"]) - new
    others = sorted(n for n in set(allow) | set(deny) | set(rules) if n not in new and n not in arm
                    and n not in ("recv", "send"))
    result(len(arm) > 5 and not others, "ini: every name outside the x86 family is an arm-family syscall",
           " ".join(others) or "%d arm-only names" % len(arm))
    result(len(new) > 400 and len(old) > 400, "libseccomp: both tables hold the x86-family syscalls",
           "%d and %d names" % (len(new), len(old)))
    named = set(allow) | set(deny) | set(rules)
    # Names with no number of their own on the x86 ABIs (recv and send are
    # x86's socketcall subcalls) are asked of the library by name.
    asked = subprocess.run([os.environ["RESOLVE"], "--resolve"] + sorted(n for n in named if n not in new and n not in arm),
                           capture_output=True, text=True).stdout.split("\n")
    resolved = {w[0] for w in (line.split() for line in asked) if len(w) == 2 and w[1] != "-1"}
    unknown = sorted(n for n in named if n not in new and n not in arm and n not in resolved)
    result(not unknown, "libseccomp: every name in the ini is known to scinit's libseccomp", " ".join(unknown))
    missing = sorted(old - named)
    result(not missing, "deny: every x86-family syscall libseccomp 2.5.4 knows is in [allow], [rules] or [deny]",
           " ".join(missing))
    newer = sorted(new - old)
    bad = ["%s(%s)" % (n, decide(n, {})) for n in newer if decide(n, {}) not in ("default", "errno:ENOSYS")]
    result(newer and not bad, "default: the x86-family syscalls only scinit's libseccomp knows get ENOSYS: "
           + " ".join(newer), " ".join(bad) or "none found")
print("\n".join(out))
EOF
}

results=$(compare "$JSON") || fail "default_profile: comparison with Docker 20.10 ran" "python3 exited $?"
n=0
while IFS= read -r line; do
	n=$((n + 1))
	case "$line" in
	pass\ *) pass "default_profile: ${line#pass }" ;;
	fail\ *) name=${line#fail }; fail "default_profile: ${name%%$'\t'*}" "${name#*$'\t'}" ;;
	*) fail "default_profile: unexpected output" "$line" ;;
	esac
done <<<"$results"
check_match "default_profile: the comparison gave its results" "^[1-9][0-9]+$" "$n"
