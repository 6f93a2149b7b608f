# scinit as PID 1 (issue 3): init duties side by side with tini as the oracle,
# the -g -w -e --exec options and their variables, the terminal, and the
# supervisor's own confinement. Every case runs as a real PID 1 (unshare
# --pid) and, where it differs, as a child subreaper outside a PID namespace.
. tests/lib.sh
INIT_PROBE=${INIT_PROBE:-$(dirname "$SCINIT")/init_probe}
FIX=tests/fixtures/init.ini # allows everything but mkdir: init tests test init, not the filter
BB=/bin/busybox
TINI=/usr/bin/tini
DUMB_INIT=/usr/bin/dumb-init
CATATONIT=/usr/bin/catatonit
unset SCINIT_PROCESS_GROUP SCINIT_WAIT_ALL SCINIT_EXEC SCINIT_MODE SCINIT_PROFILE SCINIT_WARN_ON_REAP SCINIT_SUBREAPER SCINIT_PAUSE \
	SCINIT_REMAP_EXIT SCINIT_REWRITE SCINIT_PARENT_DEATH_SIGNAL SCINIT_GRACE SCINIT_VERBOSITY TINI_SUBREAPER TINI_KILL_PROCESS_GROUP TINI_VERBOSITY
ulimit -c 0 # apps killed by QUIT or SEGV must not spend time on core dumps
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

if [ ! -x "$SCINIT" ]; then
	fail "t_init: $SCINIT is missing" "run make"
	exit 0
fi
for need in "$BB" "$TINI" "$INIT_PROBE"; do
	if [ ! -x "$need" ]; then
		skip_or_fail "t_init" "$need is missing (make test-deps / make $INIT_PROBE)"
		exit 0
	fi
done
modes=(sub)
if unshare --pid --fork --mount-proc true 2>/dev/null; then
	modes=(pid1 sub)
else
	skip_or_fail "t_init: PID 1 cases" "unshare --pid does not work here (needs root)"
fi
has_pid1() { [ "${modes[0]}" = pid1 ]; }

# init_cmd MODE WHO [INIT-OPTION...]: sets CMD to an init's command line, up
# to and including "--". WHO is scinit, tini or dumb-init; MODE pid1 makes it PID 1 of a
# new PID namespace, sub runs it here as a child subreaper (tini -s). Signal
# dispositions start at their defaults: bash has background jobs (and this
# file may be one) ignore INT and QUIT.
init_cmd() {
	local mode=$1 who=$2
	shift 2
	CMD=(env --default-signal)
	[ "$mode" = pid1 ] && CMD+=(unshare --pid --fork --mount-proc)
	case $who in
	scinit) CMD+=("$SCINIT" --profile "$FIX" "$@" --) ;;
	tini) CMD+=("$TINI" -s "$@" --) ;;
	dumb-init) CMD+=("$DUMB_INIT" "$@" --) ;;
	esac
}

# statuses MODE APP...: got and oracle, the app's exit status as scinit and
# as tini pass it on.
statuses() {
	local mode=$1
	shift
	init_cmd "$mode" scinit
	got=$("${CMD[@]}" "$@" 2>/dev/null; echo $?)
	init_cmd "$mode" tini
	oracle=$("${CMD[@]}" "$@" 2>/dev/null; echo $?)
}

# pid1_of PID: the first child of PID (unshare --fork's child, PID 1 of the
# new namespace), waited for up to 3 s; empty if none came.
pid1_of() {
	local child
	for _ in $(seq 300); do
		read -r child _ 2>/dev/null <"/proc/$1/task/$1/children"
		[ -n "$child" ] && break
		sleep 0.01
	done
	echo "$child"
}

# start_init MODE WHO [INIT-OPTION...] -- APP...: runs in the background.
# Sets BG, the job to wait for, and INIT, the init's PID as seen from here.
# A watchdog kills the init and the app's group after 10 s, so a broken
# scinit fails the test instead of hanging it.
start_init() {
	local mode=$1 who=$2 opts=()
	shift 2
	while [ "$1" != -- ]; do opts+=("$1"); shift; done
	shift
	init_cmd "$mode" "$who" "${opts[@]}"
	"${CMD[@]}" "$@" &
	BG=$!
	INIT=$BG
	if [ "$mode" = pid1 ]; then
		INIT=$(pid1_of "$BG")
	fi
	local init=$INIT
	(
		sleep 10
		for app in $(cat "/proc/$init/task/$init/children" 2>/dev/null); do kill -KILL -- "-$app" "$app"; done
		kill -KILL "$init"
	) >/dev/null 2>&1 &
	WATCHDOG=$!
}

# wait_file FILE: up to 5 s.
wait_file() {
	for _ in $(seq 500); do
		[ -e "$1" ] && return 0
		sleep 0.01
	done
	return 1
}

finish() { # finish: waits for BG; sets RC to its exit code
	wait "$BG" 2>/dev/null
	RC=$?
	kill "$WATCHDOG" 2>/dev/null
}

# --- exit codes, deaths, exec failures: scinit and tini side by side ---------

# codes MODE WHO: the init's exit code for each app exit code 0..255.
codes() {
	init_cmd "$1" "$2"
	local out=
	for c in $(seq 0 255); do
		"${CMD[@]}" "$BB" sh -c "exit $c"
		out+="$? "
	done
	echo "$out"
}
want=$(seq 0 255 | tr '\n' ' ')
for m in "${modes[@]}"; do
	codes "$m" scinit >"$tmp/codes.$m.scinit" &
	codes "$m" tini >"$tmp/codes.$m.tini" &
done
wait
for m in "${modes[@]}"; do
	check "$m: exit codes 0..255 are the app's" "$want" "$(cat "$tmp/codes.$m.scinit")"
	check "$m: exit codes 0..255 match tini" "$(cat "$tmp/codes.$m.tini")" "$(cat "$tmp/codes.$m.scinit")"
done

printf '#!/bin/sh\nexit 0\n' >"$tmp/not-executable"
chmod 644 "$tmp/not-executable"
for m in "${modes[@]}"; do
	for sig in TERM INT HUP KILL QUIT USR1 SEGV; do
		n=$(kill -l "$sig")
		# The app kills itself: `kill -SIG $$` in sh, but busybox sh and bash
		# both ignore SIGQUIT whatever they inherit; the probe does not.
		die=("$BB" sh -c "kill -$sig \$\$")
		[ "$sig" = QUIT ] && die=("$INIT_PROBE" raise "$n")
		statuses "$m" "${die[@]}"
		check "$m: app killed by SIG$sig gives $((128 + n)) (tini: $oracle)" "$((128 + n)) $oracle" "$got $got"
	done
	for case in "127:command not found:$tmp/no-such-command" "126:not executable:$tmp/not-executable"; do
		code=${case%%:*} rest=${case#*:}
		what=${rest%%:*} cmd=${rest#*:}
		statuses "$m" "$cmd"
		check "$m: $what gives $code (tini: $oracle)" "$code $oracle" "$got $got"
	done
done

# --- signal forwarding -------------------------------------------------------

# SIGTERM, as `docker stop` sends it: an app that traps it ends with its own
# code, one that does not dies of it.
cat >"$tmp/term.sh" <<'EOF'
[ "$2" = trap ] && trap 'exit 7' TERM
touch "$1"
while :; do sleep 0.02; done
EOF
for m in "${modes[@]}"; do
	for who in scinit tini; do
		for kind in trap plain; do
			rm -f "$tmp/ready"
			start_init "$m" "$who" -- "$BB" sh "$tmp/term.sh" "$tmp/ready" "$kind"
			wait_file "$tmp/ready"
			kill -TERM "$INIT"
			finish
			echo "$RC" >"$tmp/term.$m.$who.$kind"
		done
	done
	for kind in trap plain; do
		w=7 how="an app that traps it"
		[ $kind = plain ] && w=143 how="an app that does not"
		check "$m: SIGTERM to the init, $how: $w (tini: $(cat "$tmp/term.$m.tini.$kind"))" \
			"$w $(cat "$tmp/term.$m.tini.$kind")" "$(cat "$tmp/term.$m.scinit.$kind") $(cat "$tmp/term.$m.scinit.$kind")"
	done
done

# Every catchable signal that is not about scinit itself reaches the app.
forwarded=(HUP INT QUIT USR1 USR2 WINCH CONT ALRM PIPE TSTP VTALRM PROF URG XCPU)
cat >"$tmp/catch.sh" <<'EOF'
d=$1; shift
for s in "$@"; do trap "echo $s >>$d/got" "$s"; done
trap 'exit 0' TERM
touch "$d/ready"
while :; do sleep 0.02; done
EOF
for m in "${modes[@]}"; do
	for who in scinit tini; do
		rm -f "$tmp/ready" "$tmp/got"
		start_init "$m" "$who" -- "$BB" sh "$tmp/catch.sh" "$tmp" "${forwarded[@]}"
		wait_file "$tmp/ready"
		for s in "${forwarded[@]}"; do
			kill -"$s" "$INIT"
			for _ in $(seq 200); do grep -qx "$s" "$tmp/got" 2>/dev/null && break; sleep 0.01; done
		done
		kill -TERM "$INIT"
		finish
		echo $(cat "$tmp/got" 2>/dev/null) >"$tmp/got.$who"
	done
	check "$m: forwards ${forwarded[*]} (tini: $(cat "$tmp/got.tini"))" "${forwarded[*]}" "$(cat "$tmp/got.scinit")"
done

# SIGTTIN/SIGTTOU are about scinit's own terminal I/O: ignored, not
# forwarded, and they must not stop it (only visible outside PID 1).
rm -f "$tmp/ready" "$tmp/got"
start_init sub scinit -- "$BB" sh "$tmp/catch.sh" "$tmp" TTIN TTOU
wait_file "$tmp/ready"
kill -TTOU "$INIT"
kill -TTIN "$INIT"
sleep 0.1
state=$(awk '/^State:/ {print $2}' "/proc/$INIT/status")
kill -TERM "$INIT"
finish
check "sub: SIGTTIN/SIGTTOU neither stop scinit nor reach the app" "S none" "$state $(cat "$tmp/got" 2>/dev/null || echo none)"

# Every signal that can be caught, 1..64 with 32 to 34 (which musl and glibc
# keep for themselves): none may end or stop the supervisor while the app
# runs (34 used to end it outside PID 1: the app was left unsupervised), and
# each but CHLD, TTIN and TTOU reaches the app. The app takes every signal
# and survives them all; SIGKILL ends it. tini is no oracle here (it dies of
# 32 and 33 outside PID 1): its count is for the record.
all_sigs() { seq 1 64 | grep -vxE "$(kill -l KILL)|$(kill -l STOP)"; }
want_sigs=$(all_sigs | grep -vxE "$(kill -l CHLD)|$(kill -l TTIN)|$(kill -l TTOU)" | tr '\n' ' ')
every_signal() { # every_signal MODE WHO: "alive|dead RC=.. got: SIGNALS"
	rm -f "$tmp/sigs" "$tmp/sigs.ready"
	start_init "$1" "$2" -- "$INIT_PROBE" collect "$tmp/sigs"
	wait_file "$tmp/sigs.ready"
	local s alive=alive app
	# If the init dies, the app is left behind: remember it to end it.
	app=$(cat "/proc/$INIT/task/$INIT/children" 2>/dev/null)
	for s in $(all_sigs); do
		kill -"$s" "$INIT" 2>/dev/null || { alive=dead; break; }
		case " $want_sigs " in *" $s "*)
			for _ in $(seq 200); do grep -qx "$s" "$tmp/sigs" 2>/dev/null && break; sleep 0.01; done ;;
		esac
	done
	sleep 0.05
	state=$(awk '/^State:/ {print $2}' "/proc/$INIT/status" 2>/dev/null)
	[ "$state" = S ] || alive=dead
	[ -n "$app" ] && kill -KILL $app 2>/dev/null
	finish
	echo "$alive RC=$RC got: $(sort -n "$tmp/sigs" 2>/dev/null | tr '\n' ' ')"
}
for m in "${modes[@]}"; do
	oracle=$(every_signal "$m" tini)
	check "$m: no signal ends the supervisor, each but CHLD TTIN TTOU reaches the app (tini: ${oracle%% got*})" \
		"alive RC=137 got: $want_sigs" "$(every_signal "$m" scinit)"
done

# CAP_KILL is the one capability the supervisor keeps: without it, it could
# not signal an app that runs as another user.
for m in "${modes[@]}"; do
	rm -f "$tmp/ready"
	chmod 777 "$tmp"
	start_init "$m" scinit -- setpriv --reuid 65534 --regid 65534 --clear-groups "$BB" sh "$tmp/term.sh" "$tmp/ready" trap
	wait_file "$tmp/ready"
	kill -TERM "$INIT"
	finish
	check "$m: forwards SIGTERM to an app running as another user" 7 "$RC"
	chmod 700 "$tmp"
done

# The app starts with the signal mask and ignored signals scinit was started
# with (here: HUP ignored, USR1 blocked), not with scinit's own (TTIN and TTOU
# ignored, nearly everything blocked).
for m in "${modes[@]}"; do
	init_cmd "$m" scinit
	sigs=(env --default-signal --ignore-signal=HUP --block-signal=USR1)
	direct=$("${sigs[@]}" "$BB" sh -c 'grep -E "^Sig(Blk|Ign)" /proc/$$/status' | tr -s '\t\n' '  ')
	got=$("${sigs[@]}" "${CMD[@]:2}" "$BB" sh -c 'grep -E "^Sig(Blk|Ign)" /proc/$$/status' | tr -s '\t\n' '  ')
	check "$m: the app gets scinit's original signal mask and dispositions ($direct)" "$direct" "$got"
done

# -g / SCINIT_PROCESS_GROUP: a child of the app, in the app's group, gets the
# signal too. The app's trap gives the child up to 1 s to say so.
cat >"$tmp/group.sh" <<'EOF'
d=$1
busybox sh -c "trap 'echo term >$d/child; exit 0' TERM; touch $d/child_ready; while :; do sleep 0.02; done" &
c=$!
trap 'for i in 1 2 3 4 5 6 7 8 9 10; do [ -e "$d/child" ] && break; sleep 0.1; done; kill -KILL $c 2>/dev/null; exit 0' TERM
while [ ! -e "$d/child_ready" ]; do sleep 0.01; done
touch "$d/ready"
while :; do sleep 0.02; done
EOF
group_run() { # group_run MODE WHO [INIT-OPTION...]: "child" if the app's child got SIGTERM
	rm -f "$tmp/ready" "$tmp/child" "$tmp/child_ready"
	start_init "$@" -- "$BB" sh "$tmp/group.sh" "$tmp" 2>/dev/null
	wait_file "$tmp/ready"
	kill -TERM "$INIT"
	finish
	if [ -e "$tmp/child" ]; then echo child; else echo "app only"; fi
}
export PATH="$(dirname "$BB"):$PATH"
for m in "${modes[@]}"; do
	oracle=$(group_run "$m" tini -g)
	check "$m: -g: the app's child gets the signal too (tini -g: $oracle)" "child child" "$(group_run "$m" scinit -g) $oracle"
	check "$m: SCINIT_PROCESS_GROUP=1 as -g" child "$(SCINIT_PROCESS_GROUP=1 group_run "$m" scinit)"
	oracle=$(TINI_KILL_PROCESS_GROUP= group_run "$m" tini)
	check "$m: TINI_KILL_PROCESS_GROUP, even empty, as -g (tini: $oracle)" "child child" \
		"$(TINI_KILL_PROCESS_GROUP= group_run "$m" scinit) $(TINI_KILL_PROCESS_GROUP=0 group_run "$m" scinit)"
	check "$m: without -g only the app gets it (tini: $(group_run "$m" tini))" "app only" "$(group_run "$m" scinit)"
done

# --- reaping -----------------------------------------------------------------

# Double-forked grandchildren are re-parented to the init (PID 1, or the
# subreaper) and must be reaped while the app still runs.
cat >"$tmp/zombies.sh" <<'EOF'
init=$(awk '/^PPid:/ {print $2}' /proc/$$/status)
# children KIND: the init's children that are sleep commands, or zombies
children() {
	cat /proc/[0-9]*/status 2>/dev/null | awk -v p="$init" -v kind="$1" '
		/^Name:/ {name = $2; state = ""}
		/^State:/ {state = $2}
		/^PPid:/ && $2 == p && ((kind == "sleep" && name == "sleep") || (kind == "zombie" && state == "Z")) {n++}
		END {print n + 0}'
}
for i in 1 2 3 4 5; do (sleep 0.5 &); done
# Wait (up to 2 s) until all five are the init's, then (up to 3 s) until
# they are gone: an init that does not reap ends with five zombies.
for i in $(seq 20); do orphans=$(children sleep); [ "$orphans" = 5 ] && break; sleep 0.1; done
for i in $(seq 30); do [ "$(children sleep)" = 0 ] && break; sleep 0.1; done
echo "orphans=$orphans zombies=$(children zombie)"
EOF
for m in "${modes[@]}"; do
	init_cmd "$m" tini
	oracle=$("${CMD[@]}" "$BB" sh "$tmp/zombies.sh")
	init_cmd "$m" scinit
	check "$m: orphaned grandchildren are reaped (tini: $oracle)" "orphans=5 zombies=0" "$("${CMD[@]}" "$BB" sh "$tmp/zombies.sh")"
	# tini's -s is accepted: scinit is a subreaper whenever it is not PID 1.
	init_cmd "$m" scinit -s
	check "$m: -s as tini's (reaped: $oracle)" "orphans=5 zombies=0" "$("${CMD[@]}" "$BB" sh "$tmp/zombies.sh")"
	# tini's -w: one warning on stderr for each orphan reaped, none for the
	# app, and silence without it.
	for who in scinit tini; do
		for w in -w none; do
			init_cmd "$m" "$who" $([ $w = -w ] && echo -w)
			"${CMD[@]}" "$BB" sh "$tmp/zombies.sh" 2>&1 >/dev/null | grep -ic 'reaped zombie process with pid' >"$tmp/warn.$who.$w"
		done
	done
	check "$m: -w warns once for each reaped orphan, and not without it (tini: $(cat "$tmp/warn.tini.-w") $(cat "$tmp/warn.tini.none"))" \
		"5 0" "$(cat "$tmp/warn.scinit.-w") $(cat "$tmp/warn.scinit.none")"
done

# --wait-all / SCINIT_WAIT_ALL: scinit ends only when the leftovers have, with the
# app's code. Without it, PID 1 ends at once and the leftovers with it.
for m in "${modes[@]}"; do
	for opt in --wait-all env none; do
		rm -f "$tmp/late"
		init_cmd "$m" scinit $([ $opt = --wait-all ] && echo --wait-all)
		rc=$(if [ $opt = env ]; then export SCINIT_WAIT_ALL=1; fi
			"${CMD[@]}" "$BB" sh -c "(sleep 0.3; touch $tmp/late) & exit 3"
			echo $?)
		sleep 0.05
		if [ -e "$tmp/late" ]; then echo "$rc waited"; else echo "$rc did not wait"; fi >"$tmp/w.$opt"
	done
	check "$m: --wait-all waits for the app's leftovers and exits with the app's code" "3 waited" "$(cat "$tmp/w.--wait-all")"
	check "$m: SCINIT_WAIT_ALL=1 as --wait-all" "3 waited" "$(cat "$tmp/w.env")"
	if [ "$m" = pid1 ]; then
		check "$m: without --wait-all PID 1 exits with the app" "3 did not wait" "$(cat "$tmp/w.none")"
	fi
done
# Once the app is gone a signal goes to what is left of its process group.
if has_pid1; then
	start_init pid1 scinit --wait-all -- "$BB" sh -c "sleep 30 & touch $tmp/ready; exit 4"
	wait_file "$tmp/ready"
	sleep 0.1
	kill -TERM "$INIT"
	start=$SECONDS
	finish
	check "pid1: --wait-all: SIGTERM after the app exited reaches its leftovers" "4 fast" "$RC $([ $((SECONDS - start)) -lt 5 ] && echo fast || echo slow)"
fi

# -e CODE: that code becomes 0 (Java's 143), others stay, repeatable.
for m in "${modes[@]}"; do
	for who in scinit tini; do
		init_cmd "$m" "$who" -e 143 -e 3
		echo "$("${CMD[@]}" "$BB" sh -c 'kill $$'; echo $?)" \
			"$("${CMD[@]}" "$BB" sh -c 'exit 3'; echo $?)" \
			"$("${CMD[@]}" "$BB" sh -c 'exit 1'; echo $?)" >"$tmp/e.$who"
	done
	check "$m: -e 143 -e 3 remaps 143 and 3 to 0, not 1 (tini: $(cat "$tmp/e.tini"))" "0 0 1" "$(cat "$tmp/e.scinit")"
done

# --- tini's -p: the parent-death signal ---------------------------------------

# COMMAND's parent (not the init) exits; the kernel sends the init the -p
# signal, which it forwards to the app as any other. tests/init_helpers/orphan.py
# adopts the init and reports its status.
ORPHAN=tests/init_helpers/orphan.py
pdeath() { timeout 20 python3 "$ORPHAN" env --default-signal "$@" 2>/dev/null; }
usr1_app=("$BB" sh -c 'trap "exit 7" USR1; while :; do sleep 0.05; done')
check "-p SIGTERM: the parent dies, the app dies of the forwarded TERM (tini: $(pdeath "$TINI" -s -p SIGTERM -- "$BB" sleep 30))" \
	143 "$(pdeath "$SCINIT" --profile "$FIX" -p SIGTERM -- "$BB" sleep 30)"
check "-p SIGUSR1: the app's handler runs (tini: $(pdeath "$TINI" -s -p SIGUSR1 -- "${usr1_app[@]}"))" \
	7 "$(pdeath "$SCINIT" --profile "$FIX" -p SIGUSR1 -- "${usr1_app[@]}")"
check "-p 10 (a number) as -p SIGUSR1" 7 "$(pdeath "$SCINIT" --profile "$FIX" -p 10 -- "${usr1_app[@]}")"
check "SCINIT_PARENT_DEATH_SIGNAL=SIGUSR1 as -p SIGUSR1" 7 \
	"$(SCINIT_PARENT_DEATH_SIGNAL=SIGUSR1 pdeath "$SCINIT" --profile "$FIX" -- "${usr1_app[@]}")"
check "control: without -p the app outlives the parent" 0 "$(pdeath "$SCINIT" --profile "$FIX" -- "$BB" sleep 1)"
err=$("$SCINIT" -p "$FIX" -- "$BB" true 2>&1)
check "-p FILE (scinit's old profile flag): 125, one line pointing to --profile" \
	"125 -p needs a signal (SIGKILL as in tini, or 1..64), not $FIX; for a profile use --profile FILE" "$? ${err#scinit: }"
err=$("$SCINIT" -p 2>&1)
check "-p without a value: 125" "125 -p needs a signal (SIGKILL as in tini, or 1..64); for a profile use --profile FILE" "$? ${err#scinit: }"

# --- -v, TINI_VERBOSITY, -l ---------------------------------------------------

sum=$(sha256sum "$FIX" | cut -d' ' -f1)
check_match "-v: one start line naming the file, its sha256, the mode, the arches and the rules" \
	"^scinit: profile $FIX \(sha256 $sum\), mode enforce, arches( [a-z0-9_]+)+, [1-9][0-9]* rules$" \
	"$("$SCINIT" --profile "$FIX" -v -- "$BB" true 2>&1)"
check_match "-v: the embedded profile, its rules counted, audit's records named" \
	"^scinit: profile embedded, mode audit, arches( [a-z0-9_]+)+, [1-9][0-9]* rules; what enforce mode would deny goes to the kernel log$" \
	"$(SCINIT_MODE=audit "$SCINIT" -v -- "$BB" true 2>&1)"
check "silent by default" "" "$("$SCINIT" --profile "$FIX" -- "$BB" true 2>&1)"
check "TINI_VERBOSITY=1 (tini's default) is silent" "" "$(TINI_VERBOSITY=1 "$SCINIT" --profile "$FIX" -- "$BB" true 2>&1)"
lines() { "$@" 2>&1 >/dev/null | grep -c '^scinit: profile '; }
check "TINI_VERBOSITY=2 (tini -v), SCINIT_VERBOSITY=1, --verbosity 1, --exec -v: the start line" "1 1 1 1" \
	"$(TINI_VERBOSITY=2 lines "$SCINIT" --profile "$FIX" -- "$BB" true) $(SCINIT_VERBOSITY=1 lines "$SCINIT" --profile "$FIX" -- "$BB" true) $(lines "$SCINIT" --profile "$FIX" --verbosity 1 -- "$BB" true) $(lines "$SCINIT" --profile "$FIX" --exec -v -- "$BB" true)"
# -vv: each forwarded signal and reaped child, as tini -vv and -vvv say them.
start_init sub scinit -vv -- "$BB" sh -c "touch $tmp/ready; exec sleep 30" 2>"$tmp/vv"
wait_file "$tmp/ready"
sleep 0.1
kill -TERM "$INIT"
finish
app=$(sed -n 's/^scinit: reaped process \([0-9]*\), status 143$/\1/p' "$tmp/vv")
check "-vv: the forwarded TERM and the app reaped" "143 yes" \
	"$RC $(grep -qx "scinit: forwarding signal 15 to ${app:-none}" "$tmp/vv" && echo yes || echo no)"
"$TINI" -l >/dev/null 2>&1
check_match "-l: the licence, exit 0 (tini -l: $?)" "^scinit: MIT License.* 0$" "$(echo $("$SCINIT" -l; echo $?))"

# --- -g: the app's leftovers get SIGTERM, the grace, then SIGKILL --------------

# leftover TRAP-ACTION: writes $tmp/app.sh, an app that leaves in its group a
# shell with that TERM trap, running until signalled, and exits 3 once it is
# ready.
leftover() {
	printf '%s\n' "trap '$1' TERM" "touch $tmp/ready" 'while :; do sleep 0.05; done' >"$tmp/leftover.sh"
	printf '%s\n' "\"$BB\" sh $tmp/leftover.sh &" "while [ ! -e $tmp/ready ]; do sleep 0.01; done" 'exit 3' >"$tmp/app.sh"
	rm -f "$tmp/ready" "$tmp/did"
}
grace_run() { # grace_run MODE INIT-OPTION... -- TRAP-ACTION: "RC SECONDS WHAT-THE-LEFTOVER-DID"
	local m=$1 opts=() start rc
	shift
	while [ "$1" != -- ]; do opts+=("$1"); shift; done
	leftover "$2"
	start=$SECONDS
	init_cmd "$m" scinit "${opts[@]}"
	timeout 20 "${CMD[@]}" "$BB" sh "$tmp/app.sh" 2>/dev/null
	rc=$?
	echo "$rc $((SECONDS - start)) $(sleep 0.3; cat "$tmp/did" 2>/dev/null || echo nothing)"
}
for m in "${modes[@]}"; do
	check_match "$m: -g: the leftover's TERM handler runs before scinit exits with the app's code" "^3 [0-2] term$" \
		"$(grace_run "$m" -g -- "echo term >$tmp/did; exit 0")"
	check_match "$m: -g --grace 1: a leftover that ignores TERM is killed after 1 s" "^3 [1-3] nothing$" \
		"$(grace_run "$m" -g --grace 1 -- "")"
	check_match "$m: SCINIT_GRACE=1 as --grace 1" "^3 [1-3] nothing$" "$(SCINIT_GRACE=1 grace_run "$m" -g -- "")"
	check_match "$m: -g --grace 0: SIGKILL at once, no handler runs" "^3 [0-2] nothing$" \
		"$(grace_run "$m" -g --grace 0 -- "echo term >$tmp/did; exit 0")"
	# --wait-all (tini #180): a handler that takes longer than any default
	# grace still finishes; a --grace given with it still ends the wait.
	check_match "$m: -g --wait-all: a handler slower than the default grace finishes" "^3 [6-9] slow-term$" \
		"$(grace_run "$m" -g --wait-all -- "sleep 6; echo slow-term >$tmp/did; exit 0")"
	check_match "$m: -g --wait-all --grace 1: the slow handler is cut off" "^3 [1-3] nothing$" \
		"$(grace_run "$m" -g --wait-all --grace 1 -- "sleep 6; echo slow-term >$tmp/did; exit 0")"
done
# dumb-init #22 as the oracle: dumb-init (setsid mode, its -g) sends the
# leftovers SIGTERM when the app exits, too.
if [ -x "$DUMB_INIT" ]; then
	leftover "echo term >$tmp/did; exit 0"
	timeout 20 "$DUMB_INIT" "$BB" sh "$tmp/app.sh" 2>/dev/null
	sleep 0.5
	check "sub: dumb-init too sends the leftovers SIGTERM (oracle)" "term" "$(cat "$tmp/did" 2>/dev/null || echo nothing)"
fi
# tini #180's scenario as docker stop sends it: SIGTERM to the group, the app
# ends at once, a worker's handler needs a while. tini -g exits with the app
# and, as PID 1, takes the worker down mid-handler.
if has_pid1; then
	printf '%s\n' "trap 'sleep 1; echo done >$tmp/did; exit 0' TERM" "touch $tmp/ready" 'while :; do sleep 0.05; done' >"$tmp/worker.sh"
	for who in tini scinit; do
		rm -f "$tmp/ready" "$tmp/did"
		opts=(-g)
		[ $who = scinit ] && opts+=(--wait-all)
		start_init pid1 "$who" "${opts[@]}" -- "$BB" sh -c "\"$BB\" sh $tmp/worker.sh & wait"
		wait_file "$tmp/ready"
		kill -TERM "$INIT"
		finish
		sleep 1.5
		echo "$RC $(cat "$tmp/did" 2>/dev/null || echo cut-off)" >"$tmp/180.$who"
	done
	check "pid1: tini #180: -g --wait-all lets the worker's handler finish (tini -g: $(cat "$tmp/180.tini"))" \
		"143 done" "$(cat "$tmp/180.scinit")"
fi

# --rewrite FROM:TO (dumb-init's -r s:r): SIGTERM arrives as SIGUSR1 (the
# nginx-style graceful stop), SIGHUP is dropped (TO 0), SIGINT passes as it
# is. dumb-init -c (signals to the app alone, as scinit without -g) is the
# oracle.
cat >"$tmp/rw.sh" <<'EOT'
d=$1
for s in HUP USR1 TERM INT; do trap "echo $s >>$d/got" "$s"; done
touch "$d/ready"
while :; do sleep 0.02; done
EOT
rewrite_run() { # rewrite_run MODE WHO [INIT-OPTION...]: what the app got for HUP TERM INT
	local m=$1 who=$2 app
	shift 2
	rm -f "$tmp/ready" "$tmp/got"
	start_init "$m" "$who" "$@" -- "$BB" sh "$tmp/rw.sh" "$tmp"
	wait_file "$tmp/ready"
	app=$(cat "/proc/$INIT/task/$INIT/children" 2>/dev/null)
	kill -HUP "$INIT"; kill -TERM "$INIT"; kill -INT "$INIT"
	for _ in $(seq 200); do [ "$(cat "$tmp/got" 2>/dev/null | grep -c .)" -ge 2 ] && break; sleep 0.01; done
	sleep 0.2 # a dropped HUP that was not dropped would show by now
	[ -n "$app" ] && kill -KILL $app 2>/dev/null
	finish
	echo $(sort "$tmp/got" 2>/dev/null)
}
for m in "${modes[@]}"; do
	if [ -x "$DUMB_INIT" ]; then
		oracle=$(rewrite_run "$m" dumb-init -c -r 15:10 -r 1:0)
	else
		skip_or_fail "$m: --rewrite oracle" "$DUMB_INIT is missing (make test-deps)"
		oracle=none
	fi
	check "$m: --rewrite 15:10 -r 1:0: TERM arrives as USR1, HUP dropped (dumb-init: $oracle)" \
		"INT USR1" "$(rewrite_run "$m" scinit --rewrite 15:10 -r 1:0)"
	check "$m: control: without --rewrite the app gets HUP INT TERM" "HUP INT TERM" "$(rewrite_run "$m" scinit)"
done

# --- working directories -------------------------------------------------------

# The supervisor changes to / once the app runs, so that it keeps no mount
# busy (dumb-init #210, catatonit #33); the app keeps the directory it was
# started in, or [setup] workdir's. tini stays where it was started: the
# control that the check can fail.
mkdir -p "$tmp/start" "$tmp/work"
printf '[profile]\ndefault = allow\n[setup]\nworkdir = %s\n' "$tmp/work" >"$tmp/workdir.ini"
abs_scinit=$(realpath "$SCINIT")
cwds='p=$(awk "/^PPid:/ {print \$2}" /proc/$$/status); echo "$(readlink /proc/$p/cwd) $(readlink /proc/$$/cwd)"'
for m in "${modes[@]}"; do
	init_cmd "$m" tini
	oracle=$(cd "$tmp/start" && "${CMD[@]}" "$BB" sh -c "$cwds")
	check "$m: control: tini stays in its start directory" "$tmp/start $tmp/start" "$oracle"
	SCINIT=$abs_scinit FIX=$(realpath "$FIX") init_cmd "$m" scinit # run from elsewhere
	check "$m: the supervisor changes to /, the app keeps its start directory" "/ $tmp/start" \
		"$(cd "$tmp/start" && "${CMD[@]}" "$BB" sh -c "$cwds")"
	CMD=(env --default-signal)
	[ "$m" = pid1 ] && CMD+=(unshare --pid --fork --mount-proc)
	check "$m: with [setup] workdir the app is there, the supervisor at /" "/ $tmp/work" \
		"$(cd "$tmp/start" && "${CMD[@]}" "$abs_scinit" --profile "$tmp/workdir.ini" -- "$BB" sh -c "$cwds")"
done

# --- exec mode ---------------------------------------------------------------

if has_pid1; then
	check "pid1: --exec makes the app PID 1" 1 "$(unshare --pid --fork --mount-proc "$SCINIT" --profile "$FIX" --exec -- "$BB" sh -c 'echo $$')"
	check "pid1: SCINIT_EXEC=1 as --exec" 1 "$(SCINIT_EXEC=1 unshare --pid --fork --mount-proc "$SCINIT" --profile "$FIX" -- "$BB" sh -c 'echo $$')"
	check "pid1: without --exec the app is not PID 1" 2 "$(unshare --pid --fork --mount-proc "$SCINIT" --profile "$FIX" -- "$BB" sh -c 'echo $$')"
fi
for mode in --exec ""; do
	got=$("$SCINIT" --profile "$FIX" $mode -- "$BB" mkdir "$tmp/made" 2>&1 | grep -c 'Operation not permitted'; echo "rc=${PIPESTATUS[0]}")
	check "${mode:-init mode}: the app runs under its filter (mkdir is denied)" "1 rc=1" "$(echo $got)"
done
check "--exec: command not found gives 127" 127 "$("$SCINIT" --profile "$FIX" --exec -- "$tmp/no-such-command" 2>/dev/null; echo $?)"

# --- pause mode --------------------------------------------------------------

# --pause, as catatonit -P (a pod's infra container): no app; it ends with 0
# on SIGTERM or SIGINT, survives every other signal, reaps what is
# re-parented to it, and runs under the supervisor's filter, at /.
pause_start() { # pause_start MODE WHO [OPTION...]: sets BG, INIT, WATCHDOG
	local cmd=(env --default-signal)
	[ "$1" = pid1 ] && cmd+=(unshare --pid --fork --mount-proc)
	case $2 in
	scinit) cmd+=("$SCINIT" "${@:3}" --pause) ;;
	catatonit) cmd+=("$CATATONIT" -P) ;;
	esac
	"${cmd[@]}" 2>"$tmp/pause.err" &
	BG=$! INIT=$BG
	if [ "$1" = pid1 ]; then
		INIT=$(pid1_of "$BG")
	fi
	# Up to 3 s until it waits: Seccomp 2 for scinit, any sleep for catatonit.
	for _ in $(seq 300); do
		case $(awk '/^State:/ {print $2}' "/proc/$INIT/status" 2>/dev/null) in S) break ;; esac
		sleep 0.01
	done
	[ "$2" = scinit ] && for _ in $(seq 300); do
		grep -q '^Seccomp:.*2' "/proc/$INIT/status" 2>/dev/null && break
		sleep 0.01
	done
	local init=$INIT
	(sleep 10; kill -KILL "$init") >/dev/null 2>&1 &
	WATCHDOG=$!
}
pause_signals() { # pause_signals MODE WHO: "SIG:alive|rc=N ..." for HUP USR1 34 TERM, then INT
	local out= s
	pause_start "$1" "$2"
	for s in HUP USR1 34 TERM; do
		kill -"$s" "$INIT"
		sleep 0.1
		if [ "$(awk '/^State:/ {print $2}' "/proc/$INIT/status" 2>/dev/null)" = S ]; then
			out+="$s:alive "
		else
			finish
			out+="$s:rc=$RC "
			break
		fi
	done
	pause_start "$1" "$2"
	kill -INT "$INIT"
	finish
	echo "${out}INT:rc=$RC"
}
if [ -x "$CATATONIT" ]; then
	for m in "${modes[@]}"; do
		oracle=$(pause_signals "$m" catatonit)
		check "$m: --pause ends with 0 on TERM and INT only (catatonit -P: $oracle)" \
			"HUP:alive USR1:alive 34:alive TERM:rc=0 INT:rc=0 $oracle" "$(pause_signals "$m" scinit) $oracle"
	done
else
	skip_or_fail "--pause oracle" "$CATATONIT is missing (make test-deps)"
fi
if has_pid1; then
	for who in catatonit scinit; do
		[ "$who" = catatonit ] && [ ! -x "$CATATONIT" ] && continue
		pause_start pid1 "$who" -w
		# An orphan in its namespace: sh exits at once and leaves sleep to it.
		nsenter -t "$INIT" -p -- "$BB" sh -c "$BB sleep 0.2 &"
		sleep 0.6
		zombies=$(for c in $(cat "/proc/$INIT/task/$INIT/children" 2>/dev/null); do awk '/^State:/ {print $2}' "/proc/$c/status"; done | grep -c Z)
		echo "$zombies $(awk '/^Seccomp:/ {print $2}' "/proc/$INIT/status") $(readlink "/proc/$INIT/cwd")" >"$tmp/pause.$who"
		kill -TERM "$INIT"
		finish
	done
	# -w is about orphans, so it has its meaning here too.
	check "pid1: -w --pause reaps orphans, says so, under its own filter, at / (catatonit: $(cat "$tmp/pause.catatonit" 2>/dev/null))" \
		"0 2 / warned=1" "$(cat "$tmp/pause.scinit") warned=$(grep -c 'reaped zombie process' "$tmp/pause.err")"
fi
bad_pause() { # bad_pause DESCRIPTION ARGS...: 125 and one line
	local name=$1 err rc
	shift
	err=$(env "$@" 2>&1 >/dev/null)
	rc=$?
	check "$name: exit 125, one line" "125 1" "$rc $(printf '%s\n' "$err" | grep -c .)"
}
bad_pause "--pause with a command" "$SCINIT" --pause -- "$BB" true
bad_pause "--pause with -g" "$SCINIT" -g --pause
bad_pause "--pause with --exec" "$SCINIT" --exec --pause
bad_pause "--pause with --wait-all" "$SCINIT" --pause --wait-all
bad_pause "--pause with TINI_KILL_PROCESS_GROUP" TINI_KILL_PROCESS_GROUP=1 "$SCINIT" --pause

# --- options and variables: bad values are scinit's failure ------------------

bad_run() { # bad_run DESCRIPTION [VAR=VALUE] -- ARGS...: 125, one line, app never started
	local name=$1 envs=()
	shift
	while [ "$1" != -- ]; do envs+=("$1"); shift; done
	shift
	rm -f "$tmp/started"
	local err rc
	err=$(env "${envs[@]}" "$SCINIT" --profile "$FIX" "$@" -- "$BB" touch "$tmp/started" 2>&1 >/dev/null)
	rc=$?
	local lines
	lines=$(printf '%s\n' "$err" | grep -c .)
	check "$name: exit 125, one line, app not started" "125 1 no" "$rc $lines $([ -e "$tmp/started" ] && echo yes || echo no)"
}
bad_run "SCINIT_PROCESS_GROUP=yes" SCINIT_PROCESS_GROUP=yes --
bad_run "SCINIT_WAIT_ALL=2" SCINIT_WAIT_ALL=2 --
bad_run "SCINIT_EXEC empty" SCINIT_EXEC= --
bad_run "-e 256" -- -e 256
bad_run "-e abc" -- -e abc
bad_run "--exec with --wait-all" -- --exec --wait-all
bad_run "--exec with -w" -- --exec -w
bad_run "--exec with --rewrite" -- --exec --rewrite 15:10
for rw in 9:0 19:0 17:0 15:19 15 15: :10 15:65 65:1 0:1 TERM:USR1 15:10x; do
	bad_run "--rewrite $rw" -- --rewrite "$rw"
done
bad_run "-r without a value" -- -r
bad_run "--exec with TINI_KILL_PROCESS_GROUP" TINI_KILL_PROCESS_GROUP=1 -- --exec
bad_run "SCINIT_EXEC=1 with -e" SCINIT_EXEC=1 -- -e 143
bad_run "--grace without -g" -- --grace 3
bad_run "--grace 3601" -- -g --grace 3601
bad_run "--grace with --exec" -- --exec --grace 1
bad_run "--verbosity 4" -- --verbosity 4
bad_run "-p SIGTERMX" -- -p SIGTERMX
bad_run "-p TERM (tini wants SIGTERM)" -- -p TERM
bad_run "SCINIT_REWRITE=15:3 with --exec" SCINIT_REWRITE=15:3 -- --exec
rm -f "$tmp/started"
SCINIT_PROCESS_GROUP=0 SCINIT_WAIT_ALL=0 SCINIT_EXEC=0 "$SCINIT" --profile "$FIX" -- "$BB" touch "$tmp/started"
check "SCINIT_PROCESS_GROUP=0 SCINIT_WAIT_ALL=0 SCINIT_EXEC=0 run normally" "0 yes" "$? $([ -e "$tmp/started" ] && echo yes || echo no)"
help=$("$SCINIT" --help)
missing=
for word in --process-group --wait-all --warn-on-reap --subreaper --remap-exit --rewrite --pause --exec SCINIT_PROCESS_GROUP SCINIT_WAIT_ALL SCINIT_EXEC TINI_KILL_PROCESS_GROUP TINI_SUBREAPER \
	--profile --grace --parent-death-signal --verbosity SCINIT_PROFILE SCINIT_GRACE SCINIT_WARN_ON_REAP SCINIT_SUBREAPER SCINIT_REMAP_EXIT \
	SCINIT_REWRITE SCINIT_PARENT_DEATH_SIGNAL SCINIT_VERBOSITY SCINIT_PAUSE TINI_VERBOSITY; do
	case $help in *"$word"*) ;; *) missing+=" $word" ;; esac
done
check "--help documents the init options and variables" "" "$missing"

# --- the terminal ------------------------------------------------------------

# `docker run -it IMAGE sh`: the app's interactive shell must get job control
# (its own process group, in the terminal's foreground). Without it busybox sh
# says "job control turned off", or stops itself waiting for the terminal.
if command -v script >/dev/null; then
	tty_run() { # tty_run COMMAND...: an interactive busybox sh under COMMAND, on a new terminal
		(sleep 0.3; printf 'sleep 3 &\njobs\nkill %%1\nset -- $(cat /proc/$$/stat); [ $5 = $8 ] && echo FORE""GROUND\nexit 5\n') |
			timeout 10 script -qec "$* $BB sh -i" /dev/null 2>&1 | tr -d '\r'
		echo "rc=${PIPESTATUS[1]}"
	}
	tty_verdict() { # the essentials of tty_run's output
		local out=$1
		case $out in *"job control turned off"*) echo -n "no-job-control " ;; *) echo -n "job-control " ;; esac
		case $out in *FOREGROUND*) echo -n "foreground " ;; *) echo -n "background " ;; esac
		printf '%s\n' "$out" | grep -o 'rc=[0-9]*' | tail -n 1
	}
	oracle=$(tty_verdict "$(tty_run "$TINI" -s --)")
	check "terminal: the app's shell has job control in the foreground (tini: $oracle)" \
		"job-control foreground rc=5" "$(tty_verdict "$(tty_run "$SCINIT" --profile "$FIX" --)")"
	# The control: with no controlling terminal at all, the same check fails.
	check "terminal: control: without a controlling terminal there is no job control" \
		"no-job-control background rc=5" "$(tty_verdict "$(tty_run setsid -w "$SCINIT" --profile "$FIX" --)")"
	# In a fresh PID namespace entered from a shell (unshare -pf, no session
	# of its own) the terminal's foreground group and scinit's own are both
	# outside the namespace: the app must still get the foreground, or its
	# first read stops it and the run hangs.
	if has_pid1; then
		ns_read() { # ns_read INIT...: what an app that reads the terminal prints
			(sleep 0.5; printf 'hi\n') |
				timeout 10 script -qec "unshare -pf --mount-proc $* $BB sh -c 'read x </dev/tty; echo read-\$x'" /dev/null 2>&1 |
				tr -d '\r' | grep -o 'read-[a-z]*'
			echo "rc=${PIPESTATUS[1]}"
		}
		oracle=$(echo $(ns_read "$TINI" --))
		check "terminal: in a fresh PID namespace the app reads the terminal (tini: $oracle)" \
			"read-hi rc=0" "$(echo $(ns_read "$SCINIT" --profile "$FIX" --))"
	fi
	# ^Z in an interactive shell: the app stops, scinit with it (the shell
	# sees its job stop and gives the prompt back), and `fg` resumes both with
	# the terminal back at the app, which then reads the next line. dumb-init
	# does this; tini leaves the shell waiting for ever.
	if command -v bash >/dev/null; then
		suspend_run() { # suspend_run INIT...: the essentials of a ^Z and fg
			local out rc
			out=$( (sleep 0.5; printf '%s\n' "$* $BB sh -c 'read x; echo got-\$x'"; sleep 0.7; printf '\032'
				sleep 0.7; printf 'echo PROMPT""BACK\n'; sleep 0.3; printf 'fg\n'; sleep 0.7; printf 'hello\n'
				sleep 0.5; printf 'echo rc=$?\nexit\n') |
				timeout 10 script -qec "bash --norc --noprofile -i" /dev/null 2>&1 | tr -d '\r'
				echo "script=${PIPESTATUS[1]}")
			rc=${out##*script=}
			out=${out%script=*}
			case $out in *Stopped*) echo -n "stopped " ;; *) echo -n "not-stopped " ;; esac
			case $out in *PROMPTBACK*) echo -n "prompt " ;; *) echo -n "no-prompt " ;; esac
			printf '%s\n' "$out" | grep -oE '(got-[a-z]+|rc=[0-9]+)$' | tr '\n' ' '
			echo "script=$rc"
		}
		if [ -x "$DUMB_INIT" ]; then
			oracle=$(suspend_run "$DUMB_INIT" --)
		else
			skip_or_fail "terminal: ^Z oracle" "$DUMB_INIT is missing (make test-deps)"
			oracle=none
		fi
		check "terminal: ^Z stops app and scinit, fg resumes both (dumb-init: $oracle)" \
			"stopped prompt got-hello rc=0 script=0" "$(suspend_run "$SCINIT" --profile "$FIX" --)"
		check "terminal: control: tini does not give the prompt back" "no-prompt" \
			"$(suspend_run "$TINI" -s -- | grep -o 'no-prompt')"
	fi
else
	skip_or_fail "terminal: job control" "script(1) from util-linux is missing"
fi

# --- the supervisor's own confinement ----------------------------------------

status_fields() { # status_fields FILE: the confinement-relevant lines, one string
	grep -E '^(NoNewPrivs|Seccomp|CapInh|CapPrm|CapEff|CapBnd|CapAmb):' "$1" | tr -s '\t\n' '  '
}
confined="CapInh: 0000000000000000 CapPrm: 0000000000000020 CapEff: 0000000000000020 CapBnd: 0000000000000000 CapAmb: 0000000000000000 NoNewPrivs: 1 Seccomp: 2 "
for m in "${modes[@]}"; do
	# From inside the app, the supervisor is its parent: PID 1, or scinit.
	init_cmd "$m" scinit
	got=$("${CMD[@]}" "$BB" sh -c 'p=$(awk "/^PPid:/ {print \$2}" /proc/$$/status); grep -E "^(NoNewPrivs|Seccomp|CapInh|CapPrm|CapEff|CapBnd|CapAmb):" /proc/$p/status' | tr -s '\t\n' '  ')
	check "$m: supervisor has a seccomp filter, no_new_privs and only CAP_KILL" "$confined" "$got"
	mine=$(grep -E '^Cap(Prm|Eff):' /proc/self/status | tr -s '\t\n' '  ')
	got=$("${CMD[@]}" "$BB" sh -c 'grep -E "^Cap(Prm|Eff):" /proc/$$/status' | tr -s '\t\n' '  ')
	check "$m: the app keeps its own capabilities" "$mine" "$got"
done

# The app tries to take the supervisor over. It runs as the same user with
# the same capabilities as the supervisor started with, less CAP_SYS_PTRACE
# (Docker's default set has none), so the supervisor's non-dumpable flag is
# what stops it. Tini, which does not protect itself, is the control.
if [ "$(id -u)" = 0 ]; then
	for m in "${modes[@]}"; do
		for who in scinit tini; do
			init_cmd "$m" "$who"
			setpriv --bounding-set -sys_ptrace "${CMD[@]}" "$BB" sh -c \
				'p=$(awk "/^PPid:/ {print \$2}" /proc/$$/status); echo "$('"$INIT_PROBE"' attach $p)/$('"$INIT_PROBE"' mem $p)"' \
				>"$tmp/probe.$who" 2>&1
		done
		check "$m: the app cannot ptrace the supervisor or open its memory for writing" \
			"denied: Operation not permitted/denied: Permission denied" "$(cat "$tmp/probe.scinit")"
		check "$m: control: the same probe takes over tini" "attached/opened" "$(cat "$tmp/probe.tini")"
	done
else
	skip_or_fail "supervisor probes" "need root to give the app the supervisor's credentials"
fi

# Past those barriers (here: root with CAP_SYS_PTRACE from outside), the
# supervisor's filter still holds: make it run a syscall and see what
# happens. openat, execve, ptrace, and ioctl other than the terminal's
# foreground group on stdin must kill it; write to stderr must not.
if [ "$(id -u)" = 0 ] && [ "$(uname -m)" = x86_64 ] && has_pid1; then
	for call in openat:257 execve:59 ptrace:101 ioctl:16 write:1; do
		name=${call%%:*} nr=${call#*:}
		rm -f "$tmp/ready"
		start_init pid1 scinit -- "$BB" sh -c "touch $tmp/ready; while :; do sleep 0.02; done"
		wait_file "$tmp/ready"
		sleep 0.05
		got=$("$INIT_PROBE" inject "$INIT" "$nr")
		kill -TERM "$INIT" 2>/dev/null
		finish 2>/dev/null
		if [ "$name" = write ]; then
			check "pid1: supervisor may write to stderr, and still forwards after it" "survived: returned 0 143" "$got $RC"
		else
			check "pid1: supervisor is killed if it calls $name" "killed by signal 31 159" "$got $RC"
		fi
	done
else
	skip_or_fail "supervisor filter injection" "needs root, x86_64 and PID namespaces"
fi

# The binary's size: issue 14's budget, as for arm64 (tests/t_arm64.sh);
# docs/arm64.md says where the bytes go.
size=$(stat -L -c %s "$SCINIT")
check "size: $SCINIT is at most 320,000 bytes (it is $size)" yes "$([ "$size" -le 320000 ] && echo yes)"

# Memory: what stays resident while the supervisor waits, with the embedded
# profile and with a profile file (libseccomp compiles it on the app's side;
# the supervisor read it, and must have handed its rules back). Of the binary's read-only
# segment (code and read-only data: the embedded profile, libseccomp's
# tables), only the code the loop runs may come back: one 64 kB fault-around
# window (shim/resident.h); startup touches about twice that.
if has_pid1; then
	for profile in embedded config/default.ini; do
		[ -f "$profile" ] || [ "$profile" = embedded ] || continue
		popt=(); [ "$profile" = embedded ] || popt=(--profile "$profile")
		rm -f "$tmp/ready"
		env --default-signal unshare --pid --fork --mount-proc "$SCINIT" "${popt[@]}" -- "$BB" sh -c "touch $tmp/ready; while :; do sleep 0.02; done" &
		BG=$! WATCHDOG=
		wait_file "$tmp/ready"
		sleep 0.05
		read -r INIT _ <"/proc/$BG/task/$BG/children"
		rss=$(awk '/^VmRSS:/ {print $2}' "/proc/$INIT/status")
		rodata=$(awk -v bin="$(realpath "$SCINIT")" '
			/^[0-9a-f]+-[0-9a-f]+ / {ro = ($2 !~ /w/ && $6 == bin)}
			/^Rss:/ && ro {kb += $2}
			END {print kb + 0}' "/proc/$INIT/smaps")
		kill -TERM "$INIT"
		finish
		if [ "${rss:-99999}" -lt 320 ] && [ "${rodata:-99999}" -gt 0 ] && [ "$rodata" -le 64 ]; then
			pass "pid1: supervisor VmRSS while waiting ($profile profile): $rss kB (< 320), of the binary's read-only segment $rodata kB (<= 64)"
		else
			fail "pid1: supervisor memory while waiting ($profile profile)" "VmRSS $rss kB, want < 320; binary's read-only segment $rodata kB, want 1..64"
		fi
	done
fi

# When the app's side installs the app's filter: before it waits for the
# supervisor, in parallel with the supervisor's own, if the filter lets the
# wait's read and getppid through whatever their arguments (the embedded
# default does); after the wait otherwise, and the app still starts. Seen in
# strace's log of the app's side: the one process that calls getppid.
side_order() {
	rm -f "$tmp"/st.*
	strace -ff -qq -e trace=seccomp,getppid -o "$tmp/st" "$@" >/dev/null 2>&1
	local log
	log=$(grep -l '^getppid' "$tmp"/st.* 2>/dev/null | head -n1)
	# libseccomp probes flags with SET_MODE_FILTER and no program: not those.
	[ -n "$log" ] && awk '/SECCOMP_SET_MODE_FILTER.*[{]len=/ {print "filter, then wait"; exit}
		/^getppid/ {print "wait, then filter"; exit}' "$log"
}
if command -v strace >/dev/null; then
	check "embedded default: the app's side installs its filter, then waits" "filter, then wait" \
		"$(side_order "$SCINIT" -- "$BB" true)"
	check "a profile allowing read: filter, then wait" "filter, then wait" "$(side_order "$SCINIT" --profile "$FIX" -- "$BB" true)"
	printf '[profile]\ndefault = allow\n[deny]\nsyscalls = read\n' >"$tmp/noread.ini"
	printf '[profile]\ndefault = allow\n[rules]\nread = errno:EPERM if arg0 == 3\n' >"$tmp/readargs.ini"
	for p in noread readargs; do
		check "$p.ini (read denied, or decided by its arguments): the app's side waits, then installs" \
			"wait, then filter" "$(side_order "$SCINIT" --profile "$tmp/$p.ini" -- "$BB" true)"
		"$SCINIT" --profile "$tmp/$p.ini" -- "$BB" true 2>"$tmp/err"
		check "$p.ini: the app starts" "0 " "$? $(cat "$tmp/err")"
	done
else
	skip_or_fail "order of the app's filter and the wait" "strace is not installed (make test-deps installs it)"
fi
