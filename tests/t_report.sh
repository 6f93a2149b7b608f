# shellcheck shell=bash
# The diagnostic report (--report, SCINIT_REPORT=1): the calls enforce mode
# denies reach the supervisor, which answers them as enforce's program does
# (bpf_run) and names each new one on stderr, with counts at exit. The
# oracle is the kernel: the same probe calls under plain enforce mode, where
# the kernel itself answers from the same program, must get the same
# answers, for the embedded default and for profiles with argument rules
# (high bits set in 32-bit arguments, ranges). In audit mode the calls run
# as unfiltered. In a container, `docker logs` shows the lines.
. tests/lib.sh
. tests/docker_lib.sh

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"; docker_cleanup >/dev/null 2>&1' EXIT

# Every row of the probe's table, then argument rows for the fixtures.
mapfile -t rows < <("$PROBE" -l | awk '{ print $1 }')
args=(socket:40 socket:0x100000028 socket:41 socket:1 fcntl:-1,1023 fcntl:-1,1024 fcntl:-1,0x100000400
	ioctl:-1,0x5400 ioctl:-1,0x5401 ioctl:-1,0x5410 ioctl:-1,0x100005405 ioctl:-1,0x5411)

# same NAME PROFILE...: the probe's answers with and without --report.
same() {
	local name=$1
	shift
	"$SCINIT" "$@" -- "$PROBE" "${rows[@]}" "${args[@]}" >"$tmp/plain" 2>/dev/null
	"$SCINIT" --report "$@" -- "$PROBE" "${rows[@]}" "${args[@]}" >"$tmp/report" 2>"$tmp/err"
	if [ -s "$tmp/plain" ] && diff "$tmp/plain" "$tmp/report" >"$tmp/diff"; then
		pass "report, enforce, $name: every answer as the kernel's ($(wc -l <"$tmp/plain") calls)"
	else
		fail "report, enforce, $name: every answer as the kernel's" "$(head -n 4 "$tmp/diff" | tr '\n' '|')"
	fi
}
same "embedded default"
for f in arg32-deny arg32-allow traps audit-derived deny-wins; do
	same "$f" --profile "tests/fixtures/live/$f.ini"
done

# The lines: each denied (syscall, answer) once as it happens, then counts.
"$SCINIT" --report -- "$PROBE" mount getpid mount swapon >"$tmp/out" 2>"$tmp/err"
check "report: the app's answers" "mount EPERM|getpid ok|mount EPERM|swapon EPERM" "$(tr '\n' '|' <"$tmp/out" | sed 's/|$//')"
check "report: one line per new denial, then the counts" \
	"scinit: denied mount (x86_64): errno:EPERM
scinit: denied swapon (x86_64): errno:EPERM
scinit: report: denied: 3 calls, 2 different
scinit: report: 2 x mount (x86_64): errno:EPERM
scinit: report: 1 x swapon (x86_64): errno:EPERM" "$(head -n 3 "$tmp/err"; tail -n +4 "$tmp/err" | sort -k3,3nr)"
check "report: SCINIT_REPORT=1 as --report" "$(cat "$tmp/err")" \
	"$(SCINIT_REPORT=1 "$SCINIT" -- "$PROBE" mount getpid mount swapon 2>&1 >/dev/null)"
check "report: an ENOSYS answer is named too" "fchmodat2 ENOSYS|scinit: denied fchmodat2 (x86_64): errno:ENOSYS" \
	"$("$SCINIT" --report -- "$PROBE" fchmodat2 2>"$tmp/err")|$(head -n 1 "$tmp/err")"

check_match "report: -v's start line says where the denials go" \
	"^scinit: profile embedded, mode enforce, arches( [a-z0-9_]+)+, [0-9]+ rules; each denial named here \(--report\)$" \
	"$("$SCINIT" -v --report -- /bin/busybox true 2>&1 | head -n 1)"

# Nothing lost: 2000 denied calls are all counted (the kernel's log keeps
# about 10 per 5 s without auditd).
mapfile -t many < <(yes mount | head -n 2000)
"$SCINIT" --report -- "$PROBE" "${many[@]}" >/dev/null 2>"$tmp/err"
check "report: 2000 denied calls, all counted" "scinit: report: denied: 2000 calls, 1 different" \
	"$(grep 'report: denied' "$tmp/err")"

# Audit mode: the calls run, as without a filter, and are named.
"$PROBE" mount:1 getpid >"$tmp/plain" 2>&1
SCINIT_MODE=audit "$SCINIT" --report -- "$PROBE" mount:1 getpid >"$tmp/audit" 2>"$tmp/err"
check "report, audit: the calls run as unfiltered" "$(cat "$tmp/plain")" "$(cat "$tmp/audit")"
check_match "report, audit: named as what enforce would deny" \
	"^scinit: audit: enforce mode would deny mount \(x86_64\): errno:EPERM$" "$(head -n 1 "$tmp/err")"
SCINIT_MODE=audit "$SCINIT" --report --profile tests/fixtures/live/arg32-deny.ini -- "$PROBE" socket:0x100000028 >"$tmp/audit" 2>"$tmp/err"
check "report, audit: an argument rule is reported, the call runs" \
	"socket:0x100000028 $("$PROBE" socket:0x100000028 | awk '{ print $2 }')|scinit: audit: enforce mode would deny socket (x86_64): errno:EPERM" \
	"$(cat "$tmp/audit")|$(head -n 1 "$tmp/err")"

# SIGUSR1 stays the app's (learn mode keeps it to write the profile).
check "report: SIGUSR1 is forwarded to the app" "got USR1" \
	"$(timeout -k 5 20 "$SCINIT" --report -- /bin/busybox sh -c 'trap "echo got USR1; exit 0" USR1; kill -USR1 $PPID; sleep 10 & wait' 2>/dev/null)"

# Refused where it cannot work, before anything runs.
for how in "SCINIT_MODE=learn" "--exec" "SCINIT_REPORT=yes please"; do
	case $how in
	--exec) "$SCINIT" --report --exec -- /bin/busybox touch "$tmp/ran" 2>"$tmp/err" ;;
	*) env "$how" "$SCINIT" --report -- /bin/busybox touch "$tmp/ran" 2>"$tmp/err" ;;
	esac
	check "report with $how: refused, 125, one line, nothing run" "125 1 no" \
		"$? $(wc -l <"$tmp/err") $([ -e "$tmp/ran" ] && echo ran || echo no)"
done

# Audit mode without --report: a kernel that does not log seccomp's log
# action is named at start (a bind mount stands in for such a kernel).
echo "kill_process kill_thread trap errno user_notif trace" >"$tmp/actions_logged"
got=$(unshare -m sh -c 'mount --bind "$1" /proc/sys/kernel/seccomp/actions_logged && SCINIT_MODE=audit "$2" -- true' \
	sh "$tmp/actions_logged" "$SCINIT" 2>&1)
check_match "audit: a kernel that logs nothing is named, with --report as the way out" \
	"^scinit: warning: audit mode: this kernel does not log seccomp's log action .*add --report" "$got"
check "audit: a kernel that logs says nothing" "" "$(SCINIT_MODE=audit "$SCINIT" -- true 2>&1)"

# --- in a container: what `docker logs` shows ------------------------------------
need_docker report || exit 0
mkdir -p "$tmp/ctx"
cp "$SCINIT" "$PROBE" "$tmp/ctx/"
printf 'FROM scratch\nCOPY scinit probe /\nENTRYPOINT ["/scinit", "--report", "--"]\n' >"$tmp/ctx/Dockerfile"
img=scinit-test-$$/report
if ! docker_scratch_image "$img" "$tmp/ctx"; then
	fail "report: container image"
	exit 0
fi
name=scinit-test-$$-report
_dk 60 run -d --name "$name" --label "$DOCKER_TEST_LABEL" --network none --security-opt seccomp=unconfined \
	"$img" /probe mount unshare getpid >/dev/null
_dk 60 wait "$name" >/dev/null
check "report: docker logs names each denial and the counts" \
	"scinit: denied mount (x86_64): errno:EPERM|scinit: denied unshare (x86_64): errno:EPERM|scinit: report: denied: 2 calls, 2 different" \
	"$(_dk 30 logs "$name" 2>&1 >/dev/null | grep -v ' x ' | tr '\n' '|' | sed 's/|$//')"
_dk 30 rm -f "$name" >/dev/null 2>&1
_dk 60 rmi "$img" >/dev/null 2>&1
