# shellcheck shell=bash
# Learn mode (SCINIT_MODE=learn): real programs learned from an empty
# profile, then run in enforce mode with what was learned; descendants,
# threads, x86 calls, SIGUSR1, and the checks made before the app starts.
. tests/lib.sh

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
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
	# is one seen, and a dangerous one only if the program made it.
	check "$name: the learned [allow] is exactly the syscalls seen" "$(seen "$tmp/$name.ini")" \
		"$(allowed "$tmp/$name.ini")"
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
check "SIGUSR1: not forwarded (the shell would die of it); the app finishes" "0|finished" "$rc|$(cat "$tmp/usr1.out")"
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
