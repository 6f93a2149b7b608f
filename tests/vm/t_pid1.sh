# PID-1 duties, [setup] and `scinit verify` on whatever kernel runs this:
# inside the arm64 VM (tests/t_arm64.sh) with only busybox and bash, so no
# tini to compare with; tests/t_init.sh holds the full comparison on the
# build machine. Every expectation is one the app alone would not meet.
. tests/lib.sh
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# --- exit codes (tini's contract) ----------------------------------------------
"$SCINIT" -- sh -c 'exit 7'; check "pid1: the app's exit code" 7 $?
"$SCINIT" -- sh -c 'kill -TERM $$'; check "pid1: an app killed by SIGTERM gives 143" 143 $?
"$SCINIT" -- /no/such/app 2>/dev/null; check "pid1: a missing app gives 127" 127 $?
printf 'not a program\n' >"$tmp/noexec" && chmod 644 "$tmp/noexec"
"$SCINIT" -- "$tmp/noexec" 2>/dev/null; check "pid1: an app that is not executable gives 126" 126 $?
"$SCINIT" -e 3 -- sh -c 'exit 3'; check "pid1: -e 3 remaps the app's 3 to 0" 0 $?

# --- signals reach the app -------------------------------------------------------
# Not SIGINT: a shell starts a background job with SIGINT ignored, and an
# ignored signal never reaches a signalfd.
for sig in TERM HUP USR1 USR2; do
	"$SCINIT" -- sh -c "trap 'exit 42' $sig; echo up >$tmp/up; while :; do sleep 0.05; done" &
	pid=$!
	for _ in $(seq 100); do [ -s "$tmp/up" ] && break; sleep 0.05; done
	kill -"$sig" "$pid"
	wait "$pid"
	check "pid1: SIG$sig is forwarded to the app (its handler exits 42)" 42 $?
	rm -f "$tmp/up"
done

# --- orphans are reaped ------------------------------------------------------------
# The app leaves three children that outlive their parent; scinit (a
# subreaper here, PID 1 in a container) must reap them: no zombie remains
# among its children once they have exited.
"$SCINIT" -- sh -c '(sleep 0.2 & sleep 0.2 & sleep 0.2 &); sleep 1; echo done' >"$tmp/out" &
pid=$!
sleep 0.7
zombies=0
for st in /proc/[0-9]*/stat; do
	read -r _ _ state ppid _ <"$st" 2>/dev/null || continue
	[ "$ppid" = "$pid" ] && [ "$state" = Z ] && zombies=$((zombies + 1))
done
wait "$pid"; rc=$?
check "pid1: orphans reaped (zombies among scinit's children after they exited)" 0 "$zombies"
check "pid1: the app finished" "0 done" "$rc $(cat "$tmp/out")"

# --- [setup] ---------------------------------------------------------------------------
cat >"$tmp/setup.ini" <<'EOF'
[profile]
default = allow
[setup]
user = 65534
group = 65534
capabilities =
no_new_privs = yes
umask = 027
EOF
out=$("$SCINIT" --profile "$tmp/setup.ini" -- sh -c 'grep -E "^(Uid|Gid|CapEff|CapBnd|NoNewPrivs):" /proc/self/status; umask' 2>&1)
check_match "setup: uid 65534" "Uid:[[:space:]]+65534[[:space:]]+65534" "$out"
check_match "setup: gid 65534" "Gid:[[:space:]]+65534[[:space:]]+65534" "$out"
check_match "setup: no effective capability" "CapEff:[[:space:]]+0000000000000000" "$out"
check_match "setup: no_new_privs" "NoNewPrivs:[[:space:]]+1" "$out"
check_match "setup: umask 027" "^0?027$" "$(printf '%s\n' "$out" | tail -n 1)"
out=$("$SCINIT" -- sh -c 'grep -E "^(Uid|CapEff):" /proc/self/status' 2>&1)
check_match "setup: without [setup] root keeps its capabilities (the row above can fail)" "CapEff:[[:space:]]+0*[1-9a-f]" "$out"

# --- verify --------------------------------------------------------------------------------
out=$("$SCINIT" verify 2>&1); rc=$?
check "verify: the embedded default ran (0: none allowed, 1: findings)" yes "$([ $rc -le 1 ] && echo yes)"
for call in unshare mount kexec_load bpf setns; do
	check_match "verify: the embedded default denies $call" "^$call +denied +EPERM" "$out"
done
printf '[profile]\ndefault = allow\n' >"$tmp/open.ini"
"$SCINIT" verify -p "$tmp/open.ini" >/dev/null 2>&1
check "verify: an allow-everything profile is a finding (exit 1)" 1 $?
