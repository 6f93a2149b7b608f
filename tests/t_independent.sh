# shellcheck shell=bash
# An independent check of the filters: the program the kernel holds,
# read back with PTRACE_SECCOMP_GET_FILTER (readback.py: the app's, and the
# supervisor's from a traced scinit), answered by libseccomp's own
# simulator (tools/scmp_bpf_sim.c of the pinned source, unpatched, built
# here with a loop driver, scmp_bpf_sim_loop.c) against an evaluator of the
# profile text that shares nothing with scinit (indep_eval.py: INI, and
# JSON read with Python's json), over: syscall numbers 0..1023 on x86_64,
# x86, x32 (0x40000000 set) and a foreign arch (aarch64), and on the
# syscalls with argument rules every comparison constant, +-1, with high
# halves set; for the embedded default (enforce, audit, learn), every live
# fixture (enforce, learn), tests/fixtures/independent/ (@groups, x86, x32),
# Docker's and Podman's defaults and every JSON fixture (three capability
# sets), and the supervisor's own filter in init and learn mode.
# 0 differences is the bar. Intended differences, each with its reason
# (tests/README.md lists them too):
# - INI: calls where two rules with different actions match are counted
#   apart (AMBIGUOUS): libseccomp defines no winner, and the profile format
#   says so (docs/profile-format.md, "Overlaps are errors").
# - The supervisor's filter compares whole registers, also where the kernel
#   reads 32 bits (fds, ioctl requests): stricter, and the supervisor's own
#   calls never set high halves (docs/security.md); the evaluator compares
#   all 64 bits for it (mode "supervisor").
# - Learn mode lets the hand-over sendmsg through ahead of the program; its
#   socket and message address exist only at run time, so no row asks
#   with them.
# - @groups: scinit's table follows systemd's main branch and moby's newer
#   default (v0.2.3); the evaluator takes systemd 252's list
#   (systemd-analyze) and Docker 20.10's profile and adds the members they
#   lack, written out in indep_eval.py (SYSTEMD_MAIN_*, DOCKER_NEWER_*).
. tests/lib.sh

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
src=build/deps/src/libseccomp
# Syscall names as libseccomp's own resolver gives them
# (seccomp_syscall_resolve_num_arch, what tools/scmp_sys_resolver.c
# calls), for every number asked below, in one process.
cat >"$tmp/names.c" <<'C'
#include <seccomp.h>
#include <stdio.h>
#include <stdlib.h>
int main(void)
{
	static const struct { const char *name; unsigned bit; } arches[] = {
		{ "x86_64", 0 }, { "x86", 0 }, { "x32", 0x40000000 }, { "aarch64", 0 } };
	for (unsigned a = 0; a < 4; a++) {
		for (unsigned nr = 0; nr < 1024; nr++) {
			char *name = seccomp_syscall_resolve_num_arch(seccomp_arch_resolve_name(arches[a].name),
								      (int)(nr | arches[a].bit));
			printf("%s %u %s\n", arches[a].name, nr | arches[a].bit, name ? name : "-");
			free(name);
		}
	}
	return 0;
}
C
if ! gcc -O2 -I"$src/tools" tests/scmp_bpf_sim_loop.c "$src/tools/util.c" -o "$tmp/scmp_bpf_sim" 2>"$tmp/err" ||
	! gcc -O2 -Ibuild/tools/libseccomp/include "$tmp/names.c" build/tools/libseccomp/lib/libseccomp.a \
		-o "$tmp/names" 2>>"$tmp/err"; then
	fail "independent check: build libseccomp's tools" "$(head -n 2 "$tmp/err")"
	exit 0
fi
"$tmp/names" | python3 -c 'import json, sys; json.dump({" ".join(l.split()[:2]): l.split()[2] for l in sys.stdin}, open(sys.argv[1], "w"))' "$tmp/names.json"

# compare NAME PROGRAM PROFILE MODE: every call, the simulator against the evaluator.
compare() {
	python3 - "$tmp" "$2" "$3" "$4" <<'PY'
import itertools, json, subprocess, sys
tmp, prog, profile, mode = sys.argv[1:]
names = json.load(open(f"{tmp}/names.json"))
arches = {"x86_64": 0, "x86": 0, "x32": 0x40000000, "aarch64": 0}
consts = {n: {int(i): set(v) for i, v in a.items()} for n, a in json.loads(subprocess.run(
    ["python3", "tests/indep_eval.py", profile, "--values"], capture_output=True, text=True, check=True).stdout).items()}
highs = [0, 1 << 32, 0xFFFFFFFF << 32, 0xDEAD << 32]
queries = []
for arch, bit in arches.items():
    for nr in range(1024):
        name = names[f"{arch} {nr | bit}"]
        sets = [[0]] * 6
        for i, vals in consts.get(name, {}).items():
            xs = {(v & 0xFFFFFFFF) | h for v in vals | {0} for h in highs} | vals
            sets[i] = sorted(x & 0xFFFFFFFF for x in xs) if arch == "x86" else sorted(xs)
        for args in itertools.product(*sets):
            queries.append((arch, nr | bit, name, args))
ev = subprocess.run(["python3", "tests/indep_eval.py", profile, mode], capture_output=True, text=True,
                    input="".join(f"{a} {n} " + " ".join(f"{x:x}" for x in args) + "\n" for a, _, n, args in queries))
want = ev.stdout.split("\n")
if len(want) < len(queries):
    sys.exit(f"evaluator: {ev.stderr.strip()[-200:]}")
sim = subprocess.run([f"{tmp}/scmp_bpf_sim"], capture_output=True, text=True, input="".join(
    f"-f {prog} -a {arch} -s {nr} " + " ".join(f"-{i} {x}" for i, x in enumerate(args)) + "\n"
    for arch, nr, _, args in queries))
answers = sim.stdout.split("\n")
if len(answers) < len(queries):
    sys.exit(f"scmp_bpf_sim: {sim.stderr.strip()[-200:]}")
differ, ambiguous, first = 0, 0, []
for (arch, nr, name, args), w, got in zip(queries, want, answers):
    if w == "AMBIGUOUS":
        ambiguous += 1
    elif got != w:
        differ += 1
        if len(first) < 3:
            first.append(f"{arch} {name} {[hex(a) for a in args]}: {got}, text says {w}")
print(f"{len(queries)} calls, {differ} differ, {ambiguous} ambiguous" + (f" (first: {'; '.join(first)})" if first else ""))
PY
}

# independent NAME MODE TEXT AMBIGUOUS [PROFILE [CAPS]]: the program scinit
# installs for the app with PROFILE (the embedded one without it) in MODE,
# read back and compared with the text TEXT; AMBIGUOUS is how many calls two
# rules of different actions match (libseccomp defines no winner, so neither
# answer is wrong: docs/profile-format.md, "Overlaps are errors"). CAPS:
# the app's capabilities (comma-separated names; scinit is started with only
# them as its bounding set), all of root's without it.
independent() {
	local name=$1 mode=$2 text=$3 ambiguous=$4 caps=${6-all} out prog
	local how=(--profile "${5:-}") wrap=()
	[ -n "${5:-}" ] || how=()
	[ "$caps" = all ] || wrap=(setpriv --bounding-set="-all${caps:+,+${caps//,/,+}}" --)
	prog=$tmp/$name.$mode${6+.caps-${6:-none}}.bpf
	if ! SCINIT_MODE=$mode python3 tests/readback.py "$prog" "$PROBE" \
		"${wrap[@]}" "$SCINIT" --exec "${how[@]}" -- "$PROBE" getpid 2>"$tmp/err"; then
		fail "independent: $name $mode: read back" "$(head -n 1 "$tmp/err")"
		return
	fi
	if [ "$caps" = all ]; then
		out=$(compare "$name $mode" "$prog" "$text" "$mode")
	else
		out=$(INDEP_CAPS=$caps compare "$name $mode" "$prog" "$text" "$mode")
	fi
	check_match "independent: $name $mode${6+ (caps: ${6:-none})}: the kernel's program answers as the text says" \
		"^[0-9]+ calls, 0 differ, $ambiguous ambiguous\$" "$out"
}

# supervisor_text FDS MODE: the supervisor's filter as docs/security.md
# ("Its own seccomp filter", and for learn mode "What changes for the
# supervisor") lists it, as profile text, its fd numbers filled in from
# what /proc showed of the supervisor (readback.py's FDS): the signalfd,
# the write end of the start pipe it closed, in learn mode the listener,
# the output's directory and the /dev/null descriptor that holds the
# output's fixed number. Not taken from scinit's code.
supervisor_text() {
	python3 - "$1" "$2" <<'PY'
import json, os, sys
fds = {m: {int(k): v for k, v in d.items()} for m, d in json.load(open(sys.argv[1])).items() if isinstance(d, dict)}
mode = sys.argv[2]
own = {fd: link for fd, link in fds["exec"].items() if fds["inherited"].get(fd) != link}
def one(what, links):
    hits = [fd for fd, link in links.items() if what(link)]
    if len(hits) != 1:
        sys.exit(f"supervisor_text: {len(hits)} descriptors for one role in {links}")
    return hits[0]
signal_fd = one(lambda l: l == "anon_inode:[signalfd]", own)
print(f"""[profile]
default = kill_process
arch = native
[allow]
syscalls = wait4 waitid kill exit exit_group restart_syscall munmap madvise setitimer
[rules]
read = allow if arg0 == {signal_fd}
write = allow if arg0 == 2
ioctl = allow if arg0 == 0 and arg1 == 0x540f
ioctl = allow if arg0 == 0 and arg1 == 0x5410""")
if mode != "learn":
    closed = {fd: l for fd, l in fds["fork"].items() if fd not in fds["exec"] and l.endswith("(write-only)")}
    print(f"close = allow if arg0 == {one(lambda l: l.startswith('pipe:'), closed)}")
else:
    listener = one(lambda l: l == "anon_inode:seccomp notify", own)
    out_dir = one(os.path.isdir, own)
    out_fd = one(lambda l: l == "/dev/null", own)
    # O_WRONLY|O_CREAT|O_EXCL|O_NOFOLLOW|O_CLOEXEC|O_NOCTTY|O_NONBLOCK;
    # PROT_READ|PROT_WRITE; MAP_PRIVATE|MAP_ANONYMOUS; MREMAP_MAYMOVE;
    # SECCOMP_IOCTL_NOTIF_RECV and _SEND.
    print(f"""close = allow
ppoll = allow
brk = allow
pwrite64 = allow if arg0 == {out_fd}
openat = allow if arg0 == {out_dir} and arg2 == 0xa09c1
dup3 = allow if arg1 == {out_fd}
renameat2 = allow if arg0 == {out_dir} and arg2 == {out_dir} and arg4 == 0
unlinkat = allow if arg0 == {out_dir} and arg2 == 0
mmap = allow if arg2 == 3 and arg3 == 0x22
mmap = allow if arg2 == 0 and arg3 == 0x22
mprotect = allow if arg2 == 3
mremap = allow if arg3 == 1
ioctl = allow if arg0 == {listener} and arg1 == 0xc0502100
ioctl = allow if arg0 == {listener} and arg1 == 0xc0182101""")
PY
}

# supervised NAME MODE TEXT [PROFILE]: scinit as the supervisor (no
# --exec), in MODE (enforce or learn): the app's program read back and
# compared with TEXT in MODE, and the supervisor's own, stopped once the
# app exec'd, with its documented list (supervisor_text).
supervised() {
	local name=$1 mode=$2 text=$3 out how=(--profile "${4:-}")
	[ -n "${4:-}" ] || how=()
	mkdir -p "$tmp/learned"
	if ! SCINIT_MODE=$mode SCINIT_LEARN_OUT=$tmp/learned/$name.ini python3 tests/readback.py \
		--supervisor "$tmp/$name.$mode.sup.bpf" "$tmp/$name.$mode.app.bpf" "$PROBE" \
		"$SCINIT" "${how[@]}" -- "$PROBE" getpid 2>"$tmp/err"; then
		fail "independent: $name $mode, supervised: read back" "$(head -n 1 "$tmp/err")"
		return
	fi
	check "independent: $name $mode: the app and the supervisor hold one filter each" "" \
		"$(ls "$tmp/$name.$mode.app.bpf".* "$tmp/$name.$mode.sup.bpf".[0-9]* 2>/dev/null)"
	# Init mode holds the app back until the supervisor is confined; so
	# does learn mode from a starting profile that lets read and getppid
	# run, as the default does (docs/security.md); from others, only until
	# the app's first call the starting profile does not allow, so there it
	# is not asked.
	[ "$mode" = learn ] && [ "$name" != embedded-default ] ||
		check "independent: $name $mode: the supervisor was confined when the app exec'd" True \
		"$(python3 -c 'import json, sys; print(json.load(open(sys.argv[1]))["confined_at_exec"])' "$tmp/$name.$mode.sup.bpf.fds")"
	out=$(compare "$name $mode" "$tmp/$name.$mode.app.bpf" "$text" "$mode")
	check_match "independent: $name $mode, supervised: the app's program answers as the text says" \
		"^[0-9]+ calls, 0 differ, 0 ambiguous\$" "$out"
	if ! supervisor_text "$tmp/$name.$mode.sup.bpf.fds" "$mode" >"$tmp/$name.$mode.sup.ini" 2>"$tmp/err"; then
		fail "independent: $name $mode: the supervisor's descriptors" "$(tail -n 1 "$tmp/err")"
		return
	fi
	out=$(compare "$name $mode supervisor" "$tmp/$name.$mode.sup.bpf" "$tmp/$name.$mode.sup.ini" supervisor)
	check_match "independent: $name $mode: the supervisor's own filter answers as docs/security.md lists it" \
		"^[0-9]+ calls, 0 differ, 0 ambiguous\$" "$out"
}

# The embedded default (build time: bpfgen, shrunk by bpf_ranges), both modes.
independent embedded-default enforce config/default.ini 0
independent embedded-default audit config/default.ini 0
# Every live fixture through libseccomp at start; audit once, as its program
# is enforce's with the returns mapped.
for f in tests/fixtures/live/*.ini; do
	prof=$(basename "$f" .ini) ambiguous=0
	# fcntl(0xffffffff, 3): allowed by one rule, EACCES by the other.
	[ "$prof" = audit-derived ] && ambiguous='[1-9][0-9]*'
	independent "$prof" enforce "$f" "$ambiguous" "$f"
done
independent arg32-deny audit tests/fixtures/live/arg32-deny.ini 0 tests/fixtures/live/arg32-deny.ini

# With the supervisor (init mode): the supervisor's own filter, and the
# app's program in learn mode (docs/workflow.md: what the starting profile
# would not allow goes to the supervisor as a user notification, but a
# rule's ENOSYS and clone3's), for the embedded default, a JSON profile and
# the live fixtures. The hand-over sendmsg that learn mode lets through
# ahead of the program names a socket and an address known only at run
# time; no row asks with them (tests/README.md lists it).
supervised embedded-default enforce config/default.ini
supervised embedded-default learn config/default.ini
for f in tests/fixtures/live/*.ini; do
	prof=$(basename "$f" .ini)
	# audit-derived has calls two rules of different actions match
	[ "$prof" = audit-derived ] || supervised "$prof" learn "$f" "$f"
done
supervised json-features learn tests/fixtures/json/features.json tests/fixtures/json/features.json

# JSON (docs/json-profiles.md), read by the evaluator with Python's json:
# Docker's and Podman's defaults as Debian ships them, with root's
# capabilities, Docker's default set and none (includes/excludes caps are
# decided against the app's: docs, "Capabilities"), and every JSON fixture
# scinit runs.
. tests/debian_data.sh
docker_caps=chown,dac_override,fsetid,fowner,mknod,net_raw,setgid,setuid,setfcap,setpcap,net_bind_service,sys_chroot,kill,audit_write
if dir=$(docker_seccomp_dir) && podman=$(podman_seccomp_json); then
	cp "$dir/default.json" "$tmp/docker.json" && cp "$podman" "$tmp/podman.json"
	for prof in docker podman; do
		independent "$prof" enforce "$tmp/$prof.json" 0 "$tmp/$prof.json"
		independent "$prof" audit "$tmp/$prof.json" 0 "$tmp/$prof.json"
		independent "$prof" enforce "$tmp/$prof.json" 0 "$tmp/$prof.json" "$docker_caps"
		independent "$prof" enforce "$tmp/$prof.json" 0 "$tmp/$prof.json" ""
	done
else
	skip_or_fail "independent: Docker's and Podman's profiles" "Debian's packages could not be fetched"
fi
for f in tests/fixtures/json/*.json tests/fixtures/lint/*.json tests/fixtures/fuzz/fuzz_json/*.json; do
	prof=json-$(basename "$f" .json)
	# Profiles scinit refuses (fuzz seeds of bad JSON) have no program to read.
	"$SCINIT" convert "$f" >/dev/null 2>&1 || continue
	independent "$prof" enforce "$f" 0 "$f"
	independent "$prof" enforce "$f" 0 "$f" ""
	independent "$prof" audit "$f" 0 "$f"
done

# @groups (tests/fixtures/independent/): systemd's expanded from
# systemd-analyze's own list, @docker-default from Docker's default.json;
# where scinit's table is newer than either, the evaluator lists the
# difference (tests/README.md).
export INDEP_DOCKER_JSON=$tmp/docker.json
for f in tests/fixtures/independent/*.ini; do
	prof=$(basename "$f" .ini)
	if [ "$prof" = docker-default ] && [ ! -f "$INDEP_DOCKER_JSON" ]; then
		skip_or_fail "independent: $prof" "no Docker profile to compute the group from"
		continue
	fi
	if [ "$prof" = groups ] && ! command -v systemd-analyze >/dev/null; then
		skip_or_fail "independent: $prof" "systemd-analyze (Debian's systemd) lists systemd's groups"
		continue
	fi
	independent "$prof" enforce "$f" 0 "$f"
done

# It can fail: the same program against the text with socket's denied
# family moved from 40 to 41.
sed 's/^socket = errno:EPERM if arg0 == AF_VSOCK/socket = errno:EPERM if arg0 == 41/' \
	tests/fixtures/live/arg32-deny.ini >"$tmp/planted.ini"
out=$(compare planted "$tmp/arg32-deny.enforce.bpf" "$tmp/planted.ini" enforce)
check_match "independent: a planted difference (a constant changed in the text) is seen" "^[0-9]+ calls, [1-9][0-9]* differ" "$out"

# And for the embedded default: its program against the text with the
# AF_VSOCK denial dropped from socket's rules.
grep -v '^socket = errno:EPERM if arg0 == AF_VSOCK' config/default.ini >"$tmp/planted-default.ini"
out=$(compare planted-default "$tmp/embedded-default.enforce.bpf" "$tmp/planted-default.ini" enforce)
check_match "independent: a planted difference in the default's text is seen" "^[0-9]+ calls, [1-9][0-9]* differ" "$out"

# And for JSON: Docker's program against its text with one of personality's
# allowed values moved (the evaluator reads the JSON itself).
if [ -f "$tmp/docker.enforce.bpf" ]; then
	python3 -c 'import json, sys; t = open(sys.argv[1]).read(); open(sys.argv[2], "w").write(t.replace("131080", "131081", 1))' \
		"$tmp/docker.json" "$tmp/planted-docker.json"
	out=$(compare planted-docker "$tmp/docker.enforce.bpf" "$tmp/planted-docker.json" enforce)
	check_match "independent: a planted difference in Docker's JSON is seen" "^[0-9]+ calls, [1-9][0-9]* differ" "$out"
fi

# And for the supervisor: its program against its list without setitimer.
sed 's/^\(syscalls = .*\) setitimer$/\1/' "$tmp/embedded-default.enforce.sup.ini" >"$tmp/planted-sup.ini"
out=$(compare planted-sup "$tmp/embedded-default.enforce.sup.bpf" "$tmp/planted-sup.ini" supervisor)
check_match "independent: a planted difference in the supervisor's list is seen" "^[0-9]+ calls, [1-9][0-9]* differ" "$out"

# And for learn mode: the default's learn program against its text with
# getpid no longer allowed (it would have to go to the supervisor).
sed 's/^\(syscalls = .*\) getpid\b/\1/; s/^\(syscalls = \)getpid /\1/' config/default.ini >"$tmp/planted-learn.ini"
if cmp -s config/default.ini "$tmp/planted-learn.ini"; then
	fail "independent: planted learn: getpid not found in config/default.ini's syscalls lines"
else
	out=$(compare planted-learn "$tmp/embedded-default.learn.app.bpf" "$tmp/planted-learn.ini" learn)
	check_match "independent: a planted difference in learn mode is seen" "^[0-9]+ calls, [1-9][0-9]* differ" "$out"
fi

# And for @groups: the groups fixture's program against its text without
# @swap in [deny] (the evaluator expands what the text names).
sed 's/^syscalls = @swap @reboot$/syscalls = @reboot/' tests/fixtures/independent/groups.ini >"$tmp/planted-groups.ini"
out=$(compare planted-groups "$tmp/groups.enforce.bpf" "$tmp/planted-groups.ini" enforce)
check_match "independent: a planted difference in a group's text is seen" "^[0-9]+ calls, [1-9][0-9]* differ" "$out"
