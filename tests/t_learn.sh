# shellcheck shell=bash
# Learn mode (SCINIT_MODE=learn): real programs learned from an empty
# profile, then run in enforce mode with what was learned; descendants,
# threads, x86 calls, SIGUSR1, and the checks made before the app starts.
. tests/lib.sh
. tests/docker_lib.sh

tmp=$(mktemp -d)
learn_image=learn-t-$$
trap 'rm -rf "$tmp"; docker_cleanup; _dk 60 rmi -f "$learn_image" >/dev/null 2>&1' EXIT
: >"$tmp/empty.ini"
BB=/bin/busybox
PY=$(command -v python3)
fixture=$PWD/tests/fixtures/learn/workload.py

# learn NAME CMD...: runs CMD in learn mode from the empty profile into
# $tmp/NAME.ini; its stdout in $tmp/NAME.learned, exit status in $tmp/NAME.rc.
learn() {
	local name=$1
	shift
	SCINIT_MODE=learn SCINIT_PROFILE="$tmp/empty.ini" SCINIT_LEARN_OUT="$tmp/$name.ini" \
		timeout -k 5 30 "$SCINIT" -- "$@" >"$tmp/$name.learned" 2>"$tmp/$name.err"
	echo $? >"$tmp/$name.rc"
}

# allowed FILE: the names of the [allow] section, one a line, sorted.
allowed() {
	awk '/^\[/ { on = $0 == "[allow]"; next } on && !/^;/ { sub(/^syscalls =/, ""); print }' "$1" |
		tr ' ' '\n' | grep -v '^$' | sort -u
}

# seen FILE: the names in the count comments of every arch, sorted.
seen() {
	awk '/^; [a-z0-9_]+:/ { sub(/^; [a-z0-9_]+:/, ""); print; next } /^;   / { sub(/^;/, ""); print }' "$1" |
		tr ',' '\n' | awk 'NF == 2 { print $1 }' | sort -u
}

# ruled FILE: the names of the [rules] section, sorted.
ruled() {
	awk '/^\[/ { on = $0 == "[rules]"; next } on && / = / { print $1 }' "$1" | sort -u
}

# via_family FILE: the names the header says came in through a family.
via_family() {
	awk '/^; allowed through a family/ { on = 1; sub(/^[^:]*:/, ""); print; next }
		on && /^;   / { sub(/^;/, ""); print; next } { on = 0 }' "$1" |
		tr ',' '\n' | awk 'NF == 2 { print $1 }' | sort -u
}

# expected_allow FILE: what [allow] must hold: every syscall seen that is not
# learned as conditional rules (clone, socket, personality), and the rest of
# their families.
expected_allow() {
	sort -u <(comm -23 <(seen "$1") <(ruled "$1")) <(via_family "$1")
}

dangerous=$("$SCINIT" groups dangerous | tr ' ' '\n' | grep -v '^$' | sort -u)

# learn_then_enforce NAME CMD...: learned and enforced runs print the same,
# as does CMD without scinit.
learn_then_enforce() {
	local name=$1 plain enforced
	shift
	plain=$("$@" 2>&1)
	learn "$name" "$@"
	check "$name: learn mode runs it unchanged (exit 0, same output)" "0|$plain" \
		"$(cat "$tmp/$name.rc")|$(cat "$tmp/$name.learned")"
	enforced=$(timeout -k 5 30 "$SCINIT" --profile "$tmp/$name.ini" -- "$@" 2>&1)
	check "$name: enforced with the learned profile: exit 0, same output" "0|$plain" "$?|$enforced"
	# Only what the program made: from an empty profile, every allowed name
	# is one seen or in the family of one seen, and a dangerous one only if
	# the program made it.
	check "$name: the learned [allow] is exactly the syscalls seen and their families" \
		"$(expected_allow "$tmp/$name.ini")" "$(allowed "$tmp/$name.ini")"
	check "$name: no dangerous syscall the program did not use" "$(comm -12 <(seen "$tmp/$name.ini") <(echo "$dangerous"))" \
		"$(comm -12 <(allowed "$tmp/$name.ini") <(echo "$dangerous"))"
}

# --- (1) a busybox shell pipeline ----------------------------------------------

pipeline=(sh -c "ls / | wc -l; echo hi >$tmp/x; cat $tmp/x; echo done | tr a-z A-Z")
learn_then_enforce busybox "$BB" "${pipeline[@]}"
out=$(timeout -k 5 30 "$SCINIT" --profile "$tmp/empty.ini" -- "$BB" "${pipeline[@]}" 2>&1)
check_match "busybox: the empty profile in enforce mode cannot run it" '^125\|.*does not allow execve' "$?|$out"

# --- (2) Python: files, threads, a loopback socket, a subprocess ---------------

if [ -n "$PY" ]; then
	learn_then_enforce python "$PY" "$fixture"
	# (6) accept4 is made only by the server thread, the subprocess's own
	# calls by a child of the app.
	check_match "python: a call only a thread makes (accept4) is learned" '^accept4$' "$(allowed "$tmp/python.ini")"
else
	skip_or_fail "python: learn then enforce" "python3 is not installed"
fi

# --- (3) a dangerous syscall the program does make is kept -------------------

learn dangerous "$PROBE" mount
check_match "a dangerous syscall the program makes (mount) is learned" '^mount$' "$(allowed "$tmp/dangerous.ini")"

# --- (6) descendants: a call only a great-grandchild makes --------------------

learn grandchild "$BB" sh -c "( $PROBE getcpu:0,0,0 ); true"
check_match "a call only a grandchild of the shell makes (getcpu) is learned" '^getcpu$' \
	"$(allowed "$tmp/grandchild.ini")"

# --- (7) x86 calls ------------------------------------------------------------

if ! no_x86_calls "x86: int 0x80 getpid runs in learn mode" "x86: counted under x86" \
	"x86: the learned profile lists x86" "x86: enforced with the learned profile, the call is allowed" \
	"x86: without x86 in the profile the call kills the app (SIGSYS, 159): the row can fail"; then
	learn x86 "$PROBE" -a x86 getpid
	check "x86: int 0x80 getpid runs in learn mode" "0|getpid ok" "$(cat "$tmp/x86.rc")|$(cat "$tmp/x86.learned")"
	check_match "x86: counted under x86" '^; x86: getpid 1$' "$(cat "$tmp/x86.ini")"
	check_match "x86: the learned profile lists x86" '^arch = x86_64 x86$' "$(cat "$tmp/x86.ini")"
	check "x86: enforced with the learned profile, the call is allowed" "getpid ok" \
		"$(timeout -k 5 30 "$SCINIT" --profile "$tmp/x86.ini" -- "$PROBE" -a x86 getpid 2>&1)"
	check "x86: without x86 in the profile the call kills the app (SIGSYS, 159): the row can fail" "159" \
		"$(printf '[allow]\nsyscalls = execve arch_prctl set_tid_address write\n' >"$tmp/x.ini"
		timeout -k 5 30 "$SCINIT" --profile "$tmp/x.ini" -- "$PROBE" -a x86 getpid >/dev/null 2>&1; echo $?)"
fi

# --- (5) SIGUSR1 writes the profile while the app runs ------------------------

SCINIT_MODE=learn SCINIT_PROFILE="$tmp/empty.ini" SCINIT_LEARN_OUT="$tmp/usr1.ini" timeout -k 5 30 "$SCINIT" -- \
	"$BB" sh -c "echo up >$tmp/up; while [ ! -e $tmp/go ]; do usleep 20000; done; echo finished" \
	>"$tmp/usr1.out" 2>&1 &
pid=$!
for _ in $(seq 500); do [ -e "$tmp/up" ] && break; sleep 0.02; done
kill -USR1 "$(cat "/proc/$pid/task/$pid/children")" # scinit, timeout's child
for _ in $(seq 500); do [ -s "$tmp/usr1.ini" ] && break; sleep 0.02; done
mid=$(allowed "$tmp/usr1.ini" | tr '\n' ' ')
running=$([ -e "$tmp/go" ] || kill -0 "$pid" 2>/dev/null && echo running)
touch "$tmp/go"
wait "$pid"
rc=$?
check_match "SIGUSR1: the profile is written while the app runs" '^running\|.*execve' "$running|$mid"
check "SIGUSR1: not forwarded (the shell would die of it); the app finishes" "0|finished" \
	"$rc|$(grep -v '^scinit: learned profile written' "$tmp/usr1.out")"
check_match "SIGUSR1 and exit: each write acknowledged on stderr in one line (path, syscall count)" \
	"^2\|scinit: learned profile written to $tmp/usr1.ini \([0-9]+ syscalls seen\)\$" \
	"$(grep -c '^scinit: learned profile written' "$tmp/usr1.out")|$(grep '^scinit: learned' "$tmp/usr1.out" | tail -n 1)"
check "SIGUSR1 and exit: written beside and renamed, no file left over" "usr1.ini" \
	"$(ls -A "$tmp" | grep usr1 | grep -v usr1.out)"
check_match "SIGUSR1: at exit the profile is written again, with what came after" '^usleep|nanosleep$|clock_nanosleep' \
	"$(allowed "$tmp/usr1.ini")"

# --- (4) checks before the app starts -----------------------------------------

# before NAME ENV...: exit 125, one line, and the app never ran.
before() {
	local name=$1 out rc
	shift
	rm -f "$tmp/started"
	out=$(env SCINIT_MODE=learn SCINIT_PROFILE="$tmp/empty.ini" "$@" timeout -k 5 30 "$SCINIT" -- "$BB" touch "$tmp/started" 2>&1)
	rc=$?
	check "$name: exit 125 with one line, the app not started" "125|1|no" \
		"$rc|$(wc -l <<<"$out")|$([ -e "$tmp/started" ] && echo yes || echo no)"
}
before "output in a missing directory" SCINIT_LEARN_OUT="$tmp/none/out.ini"
before "output is a directory" SCINIT_LEARN_OUT="$tmp"
mkdir "$tmp/ro" && : >"$tmp/ro/out.ini" && chmod 0444 "$tmp/ro/out.ini"
# Root may write a 0444 file, so this row runs as nobody (learn mode needs no
# privilege); the directory lets nobody reach the file and the marker.
if [ "$(id -u)" = 0 ]; then
	chmod 0777 "$tmp" && chmod 0755 "$tmp/ro" && chmod 0644 "$tmp/empty.ini"
	before "output not writable" SCINIT_LEARN_OUT="$tmp/ro/out.ini" setpriv --reuid=65534 --regid=65534 --clear-groups
else
	before "output not writable" SCINIT_LEARN_OUT="$tmp/ro/out.ini"
fi
before "SCINIT_LEARN_OUT empty" SCINIT_LEARN_OUT=
before "SCINIT_LEARN_FORMAT unknown" SCINIT_LEARN_FORMAT=yaml SCINIT_LEARN_OUT="$tmp/f.ini"
out=$(SCINIT_MODE=learn SCINIT_PROFILE="$tmp/empty.ini" timeout -k 5 30 "$SCINIT" --exec -- "$BB" true 2>&1)
check_match "--exec: refused (learn mode needs the supervisor)" '^125\|scinit: learn mode needs' "$?|$out"

# --- formats and destinations --------------------------------------------------

SCINIT_MODE=learn SCINIT_PROFILE="$tmp/empty.ini" SCINIT_LEARN_OUT="$tmp/j.json" SCINIT_LEARN_FORMAT=json \
	timeout -k 5 30 "$SCINIT" -- "$BB" "${pipeline[@]}" >/dev/null 2>&1
check "json: the learned JSON profile runs the pipeline in enforce mode" "$("$BB" "${pipeline[@]}")" \
	"$(timeout -k 5 30 "$SCINIT" --profile "$tmp/j.json" -- "$BB" "${pipeline[@]}" 2>&1)"
err=$(SCINIT_MODE=learn SCINIT_PROFILE="$tmp/empty.ini" timeout -k 5 30 "$SCINIT" -- "$BB" true 2>&1 >/dev/null)
check_match "no SCINIT_LEARN_OUT: the profile goes to stderr" '^\[profile\]$' "$err"
yes stale | head -n 20000 >"$tmp/stale.ini"
learn stale "$BB" true
check "an existing, longer output file is replaced whole" "; learned by scinit|0" \
	"$(head -c 19 "$tmp/stale.ini")|$(grep -c stale "$tmp/stale.ini")"

# A starting profile: its allows stay, conditional rules stay as they were,
# and [setup] is carried over.
cat >"$tmp/start.ini" <<EOF
[profile]
default = errno:EACCES
[allow]
syscalls = execve write
[rules]
personality = allow if arg0 == 8
[setup]
umask = 027
EOF
SCINIT_MODE=learn SCINIT_PROFILE="$tmp/start.ini" SCINIT_LEARN_OUT="$tmp/start.out" \
	timeout -k 5 30 "$SCINIT" -- "$BB" sh -c umask >/dev/null 2>&1
got=$(grep -v '^;' "$tmp/start.out")
check_match "starting profile: default kept" '^default = errno:EACCES$' "$got"
check_match "starting profile: its conditional rule kept" '^personality = allow if arg0 == 8$' "$got"
check_match "starting profile: [setup] carried over" '^umask = 027$' "$got"
check "starting profile: its allows are not counted as seen" "" "$(seen "$tmp/start.out" | grep -x -e execve -e write)"
check "starting profile: the learned one runs the app the same way" "0027" \
	"$(timeout -k 5 30 "$SCINIT" --profile "$tmp/start.out" -- "$BB" sh -c umask 2>&1)"

# --- issue 15 (1): ENOSYS where libc falls back ------------------------------

# From the empty profile: clone3 is answered ENOSYS while learning (python's
# threads fall back to clone), and every fallback call not learned gets
# ENOSYS, never the default EPERM.
if [ -n "$PY" ]; then
	deny_enosys=$(awk '/^\[/ { on = $0 == "[deny]"; next } on' "$tmp/python.ini")
	check_match "python: the learned [deny] answers ENOSYS" '^action = errno:ENOSYS$' "$deny_enosys"
	check_match "python: clone3 is ENOSYS in the learned profile" '(^|[ =])clone3( |$)' "$deny_enosys"
	check "python: clone is allowed only without namespace flags" \
		"clone = allow if arg0 & 0x7e020000 == 0" "$(grep '^clone = ' "$tmp/python.ini")"
	check "python: learned, clone3 is never seen (ENOSYS while learning)" "" "$(seen "$tmp/python.ini" | grep -x clone3)"
fi
learn pipe "$PROBE" pipe2
check "enforced: fallback calls not learned get ENOSYS, not EPERM" \
	"faccessat2 ENOSYS|statx ENOSYS|openat2 ENOSYS|close_range ENOSYS|epoll_pwait2 ENOSYS|clone3 ENOSYS" \
	"$(timeout -k 5 30 "$SCINIT" --profile "$tmp/pipe.ini" -- "$PROBE" faccessat2 statx openat2 close_range \
		epoll_pwait2 clone3 2>&1 | paste -sd '|')"
check "enforced: a call outside the fallback list still gets the default (EPERM)" "getcpu EPERM" \
	"$(timeout -k 5 30 "$SCINIT" --profile "$tmp/pipe.ini" -- "$PROBE" getcpu 2>&1)"
check "scinit groups --enosys lists the fallback list (clone3 first)" "clone3" \
	"$("$SCINIT" groups --enosys | head -n 1)"

# A starting clone3 = errno:ENOSYS stays, even when the app calls clone3.
printf '[profile]\ndefault = errno:EPERM\n[rules]\nclone3 = errno:ENOSYS\n' >"$tmp/c3.ini"
SCINIT_MODE=learn SCINIT_PROFILE="$tmp/c3.ini" SCINIT_LEARN_OUT="$tmp/c3.out" \
	timeout -k 5 30 "$SCINIT" -- "$PROBE" clone3 >"$tmp/c3.learned" 2>/dev/null
check "starting clone3 = errno:ENOSYS: the app gets ENOSYS while learning" "clone3 ENOSYS" "$(cat "$tmp/c3.learned")"
check "starting clone3 = errno:ENOSYS: kept by the learned profile" "clone3" \
	"$(awk '/^\[/ { on = $0 == "[deny]"; next } on && /^syscalls/' "$tmp/c3.out" | tr ' ' '\n' | grep -x clone3)"
# Allowed by name, clone3 is learned as any call, and clone comes with it
# (a runtime may answer clone3 with ENOSYS), without namespace flags.
printf '[profile]\ndefault = errno:EPERM\n[allow]\nsyscalls = clone3\n' >"$tmp/c3allow.ini"
SCINIT_MODE=learn SCINIT_PROFILE="$tmp/c3allow.ini" SCINIT_LEARN_OUT="$tmp/c3allow.out" \
	timeout -k 5 30 "$SCINIT" -- "$PROBE" getpid >/dev/null 2>&1
check "starting profile allows clone3 by name: clone is allowed, without namespace flags" \
	"clone = allow if arg0 & 0x7e020000 == 0" "$(grep '^clone = ' "$tmp/c3allow.out")"

# --- issue 15 (2): an outer filter is detected --------------------------------

# scinit under scinit: the outer one's filter (allow by default, clone3
# ENOSYS as Docker 20.10) is on the learning process.
printf '[profile]\ndefault = allow\n[rules]\nclone3 = errno:ENOSYS\n' >"$tmp/outer.ini"
err=$(timeout -k 5 30 "$SCINIT" --profile "$tmp/outer.ini" -- env SCINIT_MODE=learn SCINIT_PROFILE="$tmp/empty.ini" \
	SCINIT_LEARN_OUT="$tmp/outer.out" "$SCINIT" -- "$BB" true 2>&1 >/dev/null)
check_match "outer filter: one warning line on stderr" \
	'^scinit: warning: learn mode: [0-9]+ seccomp filter\(s\) already on this process' "$(head -n 1 <<<"$err")"
check "outer filter: one line only (then the write's acknowledgement)" "1" "$(grep -c 'already on this process' <<<"$err")"
check_match "outer filter: the learned profile's header records it" '^; outer seccomp filter: [0-9]+ filter' \
	"$(cat "$tmp/outer.out")"
check "no outer filter: no such line" "0" "$(grep -c '^; outer seccomp' "$tmp/busybox.ini")"
# Issue 15's first failure: learned where an outer filter answers clone3
# with ENOSYS (Docker 20.10), then enforced without it: python's threads
# still start (clone3 gets ENOSYS from the learned profile, not EPERM).
if [ -n "$PY" ]; then
	timeout -k 5 60 "$SCINIT" --profile "$tmp/outer.ini" -- env SCINIT_MODE=learn SCINIT_PROFILE="$tmp/empty.ini" \
		SCINIT_LEARN_OUT="$tmp/outer-py.ini" "$SCINIT" -- "$PY" "$fixture" >/dev/null 2>&1
	out=$(timeout -k 5 30 "$SCINIT" --profile "$tmp/outer-py.ini" -- "$PY" "$fixture" 2>&1)
	check "outer filter: learned under it, enforced without it, python's threads and the rest run (exit 0, same output)" \
		"0|$("$PY" "$fixture" 2>&1)" "$?|$out"
fi

# --- issue 15 (3): families ----------------------------------------------------

check_match "families: pipe2 learned, pipe comes with it (and is named in the header)" '^pipe$' "$(via_family "$tmp/pipe.ini")"
check "families: enforced, the other member runs (EFAULT, not EPERM)" "pipe EFAULT" \
	"$(timeout -k 5 30 "$SCINIT" --profile "$tmp/pipe.ini" -- "$PROBE" pipe 2>&1)"
learn stat "$PROBE" newfstatat
check "families: newfstatat learned, stat/lstat/fstat/statx come with it" "fstat lstat stat statx" \
	"$(via_family "$tmp/stat.ini" | grep -x -e stat -e lstat -e fstat -e statx | paste -sd ' ')"
# A shell's wait sleeps in sigsuspend only when the child is still running
# (redis under dash, issue 15): learned by wait4, it comes along; coreutils'
# mkdir -p enters directories by fchdir where a run saw chdir (git).
learn wait "$PROBE" wait4 chdir
check "families: wait4 learned, rt_sigsuspend comes with it; chdir learned, fchdir" "fchdir rt_sigsuspend" \
	"$(via_family "$tmp/wait.ini" | grep -x -e rt_sigsuspend -e fchdir | paste -sd ' ')"
check "families: enforced, they run (EFAULT/EBADF, not EPERM)" "rt_sigsuspend EFAULT|fchdir EBADF" \
	"$(timeout -k 5 30 "$SCINIT" --profile "$tmp/wait.ini" -- "$PROBE" rt_sigsuspend fchdir 2>&1 | paste -sd '|')"
check "families: only members the arch has (no stat64 on x86_64)" "" "$(allowed "$tmp/stat.ini" | grep -x stat64)"
check "scinit groups ~stat lists the family" "stat lstat fstat newfstatat" \
	"$("$SCINIT" groups '~stat' | head -n 4 | paste -sd ' ')"
check_match "scinit groups --families lists them, one a line" '^~pipe: pipe pipe2$' "$("$SCINIT" groups --families)"
check "scinit groups: the plain list is the profile groups only (no family)" "" "$("$SCINIT" groups | grep '^~')"
# No family widens power: none holds clone, clone3, unshare, prlimit64 or a
# dangerous syscall.
check "families: none holds clone, clone3, unshare, prlimit64, openat2 or a dangerous syscall" "" \
	"$("$SCINIT" groups --families | sed 's/^[^:]*://' | tr ' ' '\n' | grep -v '^$' |
		grep -x -e clone -e clone3 -e unshare -e prlimit64 -e openat2 $(printf -- '-e %s ' $dangerous))"

# --- issue 15 (4): argument values --------------------------------------------

learn args "$PROBE" socket:1,1,0 socket:2,1,0 personality:8 clone:0x11
check "args: socket learned per family seen" "socket = allow if arg0 == 1|socket = allow if arg0 == 2" \
	"$(grep '^socket = ' "$tmp/args.ini" | paste -sd '|')"
check "args: personality learned per value seen" "personality = allow if arg0 == 8" \
	"$(grep '^personality = ' "$tmp/args.ini")"
check "args: none of them unconditional" "" "$(allowed "$tmp/args.ini" | grep -x -e socket -e personality -e clone)"
check "args: enforced, the values seen run, others are denied" \
	"socket:1,1,0 ok|socket:2,1,0 ok|socket:10,1,0 EPERM|personality:8 ok|personality:0xffffffff EPERM|clone:0x11 EINVAL|clone:0x10000011 EPERM" \
	"$(timeout -k 5 30 "$SCINIT" --profile "$tmp/args.ini" -- "$PROBE" socket:1,1,0 socket:2,1,0 socket:10,1,0 \
		personality:8 personality:0xffffffff clone:0x11 clone:0x10000011 2>&1 | paste -sd '|')"
learn userns "$PROBE" clone:0x10000011
check "args: a namespace-creating clone seen is allowed with the flags seen" \
	"clone = allow if arg0 & 0x7e020000 == 0x10000000" "$(grep '^clone = ' "$tmp/userns.ini")"
# A starting conditional rule stays, and the values seen beyond it are added.
printf '[profile]\ndefault = errno:EPERM\n[rules]\nsocket = allow if arg0 == 1\nsocket = errno:EAFNOSUPPORT if arg0 == 40\n' \
	>"$tmp/sock.ini"
SCINIT_MODE=learn SCINIT_PROFILE="$tmp/sock.ini" SCINIT_LEARN_OUT="$tmp/sock.out" \
	timeout -k 5 30 "$SCINIT" -- "$PROBE" socket:1,1,0 socket:10,1,0 >/dev/null 2>&1
check "args: the starting conditional rules stay; the family seen is added" \
	"socket = allow if arg0 == 1|socket = errno:EAFNOSUPPORT if arg0 == 40|socket = allow if arg0 == 10" \
	"$(grep '^socket = ' "$tmp/sock.out" | paste -sd '|')"

# --- issue 15 (5): merge -------------------------------------------------------

cp "$tmp/pipe.ini" "$tmp/again.ini"
SCINIT_MODE=learn SCINIT_PROFILE="$tmp/empty.ini" SCINIT_LEARN_OUT="$tmp/again.ini" \
	timeout -k 5 30 "$SCINIT" -- "$PROBE" pipe2 getcpu >/dev/null 2>&1
count() { grep -o "[ :]$2 [0-9]*" "$1" | head -n 1 | awk '{ print $2 }'; }
check "merge on learning: an existing learned file's counts are added (pipe2 1 + 1)" "2" "$(count "$tmp/again.ini" pipe2)"
check_match "merge on learning: the calls of both runs are allowed" '^getcpu$' "$(allowed "$tmp/again.ini")"
check_match "merge on learning: the header says so" '^; \(counts include 1 earlier learned file merged in\)$' \
	"$(cat "$tmp/again.ini")"
"$SCINIT" merge "$tmp/args.ini" "$tmp/userns.ini" "$tmp/stat.ini" -o "$tmp/merged.ini" 2>"$tmp/merge.err"
check "scinit merge: exit 0" "0|" "$?|$(cat "$tmp/merge.err")"
check "scinit merge: conditional allows are joined" \
	"clone = allow if arg0 & 0x7e020000 == 0|clone = allow if arg0 & 0x7e020000 == 0x10000000" \
	"$(grep '^clone = ' "$tmp/merged.ini" | sort | paste -sd '|')"
check "scinit merge: counts summed (clone seen once in each of two files)" "2" "$(count "$tmp/merged.ini" clone)"
check_match "scinit merge: plain allows are joined" '^newfstatat$' "$(allowed "$tmp/merged.ini")"
SCINIT_MODE=learn SCINIT_PROFILE="$tmp/empty.ini" SCINIT_LEARN_OUT="$tmp/j2.json" SCINIT_LEARN_FORMAT=json \
	timeout -k 5 30 "$SCINIT" -- "$PROBE" getcpu >/dev/null 2>&1
"$SCINIT" merge "$tmp/pipe.ini" "$tmp/j2.json" -o "$tmp/mixed.json" 2>/dev/null
check "scinit merge: INI and JSON in, JSON out, enforced: both runs' calls run" "pipe2 EINVAL|getcpu EFAULT" \
	"$(timeout -k 5 30 "$SCINIT" --profile "$tmp/mixed.json" -- "$PROBE" pipe2 getcpu 2>&1 | paste -sd '|')"
printf '; learned by scinit\n; 1 syscalls seen where the starting profile would not allow the call, in 1 calls:\n; x86_64: nosuchcall 1\n' \
	>"$tmp/bad.ini"
out=$("$SCINIT" merge "$tmp/pipe.ini" "$tmp/bad.ini" -o "$tmp/bad.out" 2>&1)
check_match "scinit merge: a bad count line is FILE:LINE, exit 125" "^125\\|scinit: $tmp/bad.ini:3: " "$?|$out"
printf '[profile]\ndefault = errno:EACCES\n' >"$tmp/other.ini"
out=$("$SCINIT" merge "$tmp/pipe.ini" "$tmp/other.ini" -o "$tmp/bad.out" 2>&1)
check_match "scinit merge: different default actions refused, exit 125" "^125\\|scinit: $tmp/other.ini: default action" "$?|$out"

# --- issue 15 (6): output that is safe and usable -----------------------------

SCINIT_MODE=learn SCINIT_PROFILE="$tmp/empty.ini" SCINIT_LEARN_OUT="$tmp/app.json" SCINIT_LEARN_FORMAT=spo \
	timeout -k 5 30 "$SCINIT" -- "$BB" true >/dev/null 2>&1
if [ -n "$PY" ]; then
	check "spo: a SeccompProfile object, named after the file, spec = the profile" \
		"security-profiles-operator.x-k8s.io/v1beta1|SeccompProfile|app|SCMP_ACT_ERRNO|True" \
		"$("$PY" -c 'import json,sys; d=json.load(open(sys.argv[1])); s=d["spec"]
print("|".join([d["apiVersion"], d["kind"], d["metadata"]["name"], s["defaultAction"],
	str(any("execve" in r["names"] for r in s["syscalls"]))]))' "$tmp/app.json" 2>&1)"
	# From the embedded profile, whose rules look at capabilities: SPO's
	# spec has no such field (a rule keeping one would apply always).
	SCINIT_MODE=learn SCINIT_LEARN_OUT="$tmp/emb.json" SCINIT_LEARN_FORMAT=spo \
		timeout -k 5 30 "$SCINIT" -- "$BB" true >/dev/null 2>&1
	"$SCINIT" convert "$tmp/emb.json" >/dev/null 2>"$tmp/spo-read.err"
	check "spo: scinit reads the SeccompProfile it wrote, as it is" "0 " "$? $(cat "$tmp/spo-read.err")"
	check "spo: only the fields SPO's spec has; errnoRet a string; no allow on a capability (mount, unshare stopped)" \
		"defaultAction architectures syscalls|False|str|True" \
		"$("$PY" -c 'import json,sys; s=json.load(open(sys.argv[1]))["spec"]; e=s["syscalls"]
keys=set(k for r in e for k in r) - {"names", "action", "errnoRet", "args"}
allowed=set(n for r in e if r["action"] == "SCMP_ACT_ALLOW" for n in r["names"])
print(" ".join(s) + "|" + str(bool(keys)) + "|" + type(next(r["errnoRet"] for r in e if "errnoRet" in r)).__name__
	+ "|" + str(not ({"mount", "unshare"} & allowed)))' "$tmp/emb.json" 2>&1)"
else
	skip_or_fail "spo: a SeccompProfile object" "python3 is not installed"
fi

# As the app's uid: [setup] user = 65534. Root could write anywhere; the
# app's uid cannot write a root-owned directory, nor through a symlink.
if [ "$(id -u)" = 0 ]; then
	mkdir -m 0755 "$tmp/rootonly" "$tmp/open" && chmod 0777 "$tmp/open" && chmod o+x "$tmp"
	echo secret >"$tmp/rootonly/target" && chmod 0600 "$tmp/rootonly/target"
	printf '[setup]\nuser = 65534\ngroup = 65534\n' >"$tmp/nobody.ini"
	chmod 0644 "$tmp/nobody.ini"
	out=$(SCINIT_MODE=learn SCINIT_PROFILE="$tmp/nobody.ini" SCINIT_LEARN_OUT="$tmp/rootonly/out.ini" \
		timeout -k 5 30 "$SCINIT" -- "$BB" true 2>&1)
	check_match "uid 65534: a directory root can write and the app cannot: 125, one line" \
		"^125\\|scinit: SCINIT_LEARN_OUT: cannot create a file beside '$tmp/rootonly/out.ini' as uid 65534" "$?|$out"
	ln -s "$tmp/rootonly/target" "$tmp/open/out.ini"
	out=$(SCINIT_MODE=learn SCINIT_PROFILE="$tmp/nobody.ini" SCINIT_LEARN_OUT="$tmp/open/out.ini" \
		timeout -k 5 30 "$SCINIT" -- "$BB" true 2>&1)
	check_match "uid 65534: a planted symlink to a root-only file: 125, never followed" \
		"^125\\|scinit: SCINIT_LEARN_OUT: '$tmp/open/out.ini' is a symbolic link" "$?|$out"
	check "uid 65534: the root-only file is untouched" "secret|600" \
		"$(cat "$tmp/rootonly/target")|$(stat -c %a "$tmp/rootonly/target")"
	rm "$tmp/open/out.ini"
	SCINIT_MODE=learn SCINIT_PROFILE="$tmp/nobody.ini" SCINIT_LEARN_OUT="$tmp/open/out.ini" \
		timeout -k 5 30 "$SCINIT" -- "$BB" true >/dev/null 2>&1
	check "uid 65534: where the app can write, the profile is written as its uid" "0|65534" \
		"$?|$(stat -c %u "$tmp/open/out.ini")"
else
	skip_or_fail "uid 65534: output checks" "needs root (scinit switches to uid 65534)"
fi

# --- issue 15 (6): Docker ------------------------------------------------------

# Learned on the host as Docker JSON, the profile runs the pipeline under
# `docker run --security-opt seccomp=`: it carries runc's own calls between
# installing the filter and execve, in an entry that says so. The control,
# without that entry, must fail.
if need_docker "docker: the learned JSON runs under --security-opt seccomp="; then
	mkdir "$tmp/img" && cp "$BB" "$SCINIT" "$tmp/img/" && : >"$tmp/img/empty.ini"
	printf 'FROM scratch\nCOPY busybox /bin/busybox\nCOPY scinit /scinit\nCOPY empty.ini /empty.ini\n' \
		>"$tmp/img/Dockerfile"
	if docker_scratch_image "$learn_image" "$tmp/img"; then
		ct_pipeline=(/bin/busybox sh -c "/bin/busybox ls / | /bin/busybox wc -l; echo done | /bin/busybox tr a-z A-Z")
		SCINIT_MODE=learn SCINIT_PROFILE="$tmp/empty.ini" SCINIT_LEARN_OUT="$tmp/docker.json" SCINIT_LEARN_FORMAT=json \
			timeout -k 5 30 "$SCINIT" -- "${ct_pipeline[@]}" >/dev/null 2>&1
		plain=$(docker_run 60 "$learn_image" "${ct_pipeline[@]}" 2>&1)
		got=$(docker_run 60 --security-opt seccomp="$tmp/docker.json" "$learn_image" "${ct_pipeline[@]}" 2>&1)
		check "docker: the learned JSON runs the pipeline under --security-opt seccomp= (exit 0, same output)" \
			"0|$plain" "$?|$got"
		check_match "docker: runc's calls are an entry of their own, named as such" '"comment": "runc: ' \
			"$(cat "$tmp/docker.json")"
		# Control: without fstatfs (runc checks that /proc/self/fd is procfs
		# with it) runc fails at once, as in issue 15. Without the whole
		# entry, runc's Go runtime would hang instead.
		"$PY" -c 'import json,sys; d=json.load(open(sys.argv[1]))
for s in d["syscalls"]:
	if "comment" in s: s["names"].remove("fstatfs")
json.dump(d, open(sys.argv[2], "w"))' "$tmp/docker.json" "$tmp/noruntime.json"
		out=$(docker_run 60 --security-opt seccomp="$tmp/noruntime.json" "$learn_image" "${ct_pipeline[@]}" 2>&1)
		check_match "docker: control: without runc's fstatfs the container does not start" \
			'^[^0].*procfs: operation not permitted' "$?|$(tr "\n" " " <<<"$out")"
		# Learned in a container under Docker's default filter: detected.
		err=$(docker_run 60 -e SCINIT_MODE=learn -e SCINIT_PROFILE=/empty.ini "$learn_image" /scinit -- /bin/busybox true 2>&1)
		check_match "docker: learning under Docker's default filter warns (one line)" \
			'^scinit: warning: learn mode: [0-9]+ seccomp filter\(s\) already on this process' "$err"
		check_match "docker: and the learned profile's header records it" '^; outer seccomp filter: ' "$err"
	else
		skip_or_fail "docker: the learned JSON runs under --security-opt seccomp=" "the test image did not build"
	fi
fi

# --- options for learn mode's variables (--mode, --learn-out, --learn-format) ---
timeout -k 5 30 "$SCINIT" --mode learn --learn-out "$tmp/opt.json" --learn-format json --profile "$tmp/empty.ini" -- \
	"$PROBE" getpid >/dev/null 2>"$tmp/opt.err"
check "options: --mode learn --learn-out --learn-format json write JSON there" "0 {" \
	"$? $(head -c 1 "$tmp/opt.json")"
SCINIT_LEARN_OUT="$tmp/env.ini" timeout -k 5 30 "$SCINIT" --mode learn --learn-out "$tmp/opt.ini" \
	--profile "$tmp/empty.ini" -- "$PROBE" getpid >/dev/null 2>&1
check "options: --learn-out wins over SCINIT_LEARN_OUT" "yes no" \
	"$([ -s "$tmp/opt.ini" ] && echo yes || echo no) $([ -e "$tmp/env.ini" ] && echo yes || echo no)"
check "options: SCINIT_MODE=audit, --mode enforce: enforce (the option wins)" "mount EPERM" \
	"$(SCINIT_MODE=audit "$SCINIT" --mode enforce -- "$PROBE" mount 2>&1)"
err=$("$SCINIT" --mode learn --learn-format xml -- "$PROBE" getpid 2>&1)
check "options: a bad --learn-format is named as the option, 125" \
	"125 scinit: --learn-format: expected ini, json or spo, got 'xml'" "$? $err"
err=$("$SCINIT" --mode bogus -- "$PROBE" getpid 2>&1)
check "options: a bad --mode, 125" "125 scinit: --mode: unknown mode 'bogus' (enforce, audit, learn)" "$? $err"
