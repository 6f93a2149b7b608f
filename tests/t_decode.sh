# shellcheck shell=bash
# scinit decode: the fixtures of each log format and architecture give their
# exact fragment (tests/fixtures/decode/*.log -> *.out); garbage, huge lines
# and endless input are bounded; real records from an audit run, for x86_64,
# x86 and x32, decode to the syscalls the probe called; a burst that the
# kernel rate-limits gives the warning.
. tests/lib.sh

d=tests/fixtures/decode
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# --- fixtures ------------------------------------------------------------------
for f in "$d"/*.log; do
	name=$(basename "$f" .log)
	"$SCINIT" decode "$f" >"$tmp/out" 2>"$tmp/err"
	check "decode $name: exit status" 0 "$?"
	if diff "$d/$name.out" "$tmp/out" >"$tmp/diff"; then
		pass "decode $name: the expected fragment"
	else
		fail "decode $name: the expected fragment" "$(head -n 8 "$tmp/diff" | tr '\n' '|')"
	fi
	# The fixtures with suppression lines warn on stderr too, once.
	if grep -q WARNING "$d/$name.out"; then
		check_match "decode $name: warns on stderr" '^scinit: warning: the kernel dropped seccomp records' "$(cat "$tmp/err")"
	else
		check "decode $name: no warning" "" "$(cat "$tmp/err")"
	fi
done
out=$("$SCINIT" decode <"$d/audit.log")
check_match "decode: stdin is read" "syscalls = mount " "$out"
check "decode: stdin and - read the same" "$out" "$("$SCINIT" decode - <"$d/audit.log")"
# Unrelated "callbacks suppressed" lines (net_ratelimit in quiet.log) are not
# audit's: no warning there; the SYSCALL record in audit.log (an openat,
# syscall 257) is no SECCOMP one: what decode prints of that file names
# mount (a seccomp record) and not openat.
check "decode: audit.log holds a SYSCALL record of openat (the row's premise)" 1 \
	"$(grep -c 'type=SYSCALL .* syscall=257 ' "$d/audit.log")"
"$SCINIT" decode "$d/audit.log" >"$tmp/out" 2>/dev/null
check "decode: a SYSCALL record is not a seccomp record: mount listed, openat not" "0 1 0" \
	"$? $(grep -c '^syscalls = mount ' "$tmp/out") $(grep -cw openat "$tmp/out")"

# A fragment decode prints is valid in a profile (names repeated across
# arches are comments, so nothing is listed twice).
"$SCINIT" decode "$d/dmesg.log" >"$tmp/frag.out" 2>/dev/null
{ printf '[profile]\narch = x86_64 x86 x32\n'; cat "$tmp/frag.out"; echo 'syscalls = execve'; } >"$tmp/frag.ini"
"$SCINIT" lint "$tmp/frag.ini" >"$tmp/lint" 2>&1
check "decode: its fragment loads; lint names only the dangerous ones" \
	"$tmp/frag.ini:9: dangerous syscall 'mount' is allowed without argument conditions
$tmp/frag.ini:10: dangerous syscall 'ptrace' is allowed without argument conditions" "$(cat "$tmp/lint")"

# --- bounds and garbage --------------------------------------------------------
rec='audit: type=1326 audit(1.2:3): pid=1 comm="a" sig=0 arch=c000003e syscall=165 compat=0 ip=0x1 code=0x7ffc0000'
: | "$SCINIT" decode >"$tmp/out" 2>"$tmp/err"
check "decode: empty input exits 1" 1 "$?"
check "decode: empty input says so" "scinit: <stdin>: no seccomp records found" "$(cat "$tmp/err")"
check "decode: empty input prints no fragment" "" "$(cat "$tmp/out")"

python3 -c 'import random, sys
r = random.Random(6)
sys.stdout.buffer.write(bytes(r.getrandbits(8) for _ in range(1 << 21)))' >"$tmp/garbage"
"$SCINIT" decode "$tmp/garbage" >/dev/null 2>&1
rc=$?
check "decode: 2 MiB of random bytes: no crash, no records" 1 "$rc"

# A record at the end of a 1 MiB line is no record; the next line still is.
{ head -c 1048576 /dev/zero | tr '\0' x; echo " $rec"; echo "${rec/syscall=165/syscall=1}"; } >"$tmp/long"
check "decode: an over-long line is skipped whole" "syscalls = write                  ; 1 record: log" \
	"$("$SCINIT" decode "$tmp/long" 2>/dev/null | grep '^syscalls')"
# NUL bytes inside a line do not end it.
printf 'x\0y %s\n' "$rec" >"$tmp/nul"
check "decode: NUL bytes in a line" "syscalls = mount                  ; 1 record: log" \
	"$("$SCINIT" decode "$tmp/nul" 2>/dev/null | grep '^syscalls')"
# A last line without a newline counts.
printf '%s' "$rec" >"$tmp/nonl"
check "decode: a last line without newline" "syscalls = mount                  ; 1 record: log" \
	"$("$SCINIT" decode "$tmp/nonl" 2>/dev/null | grep '^syscalls')"

# Endless input stops at 256 MiB, with a warning.
start=$SECONDS
head -c 300M /dev/zero | "$SCINIT" decode >/dev/null 2>"$tmp/err"
check "decode: endless input: no records" 1 "$?"
check_match "decode: endless input: stops at 256 MiB and says so" "input longer than 256 MiB" "$(cat "$tmp/err")"
if [ $((SECONDS - start)) -lt 20 ]; then
	pass "decode: 256 MiB read in $((SECONDS - start)) s"
else
	fail "decode: 256 MiB read in $((SECONDS - start)) s" "more than 20 s"
fi

# Distinct (arch, syscall) pairs are bounded too: the rest is counted as lost.
awk -v r="$rec" 'BEGIN { for (i = 0; i < 2100; i++) { s = r; sub(/syscall=165/, "syscall=" (5000 + i), s); print s } }' >"$tmp/many"
"$SCINIT" decode "$tmp/many" >"$tmp/out" 2>"$tmp/err"
check "decode: 2100 distinct syscalls: exit 0" 0 "$?"
check_match "decode: 2100 distinct syscalls: the overflow is reported" "more than 2048 distinct syscalls: 52 records were not counted" "$(cat "$tmp/err")"
check "decode: 2100 distinct syscalls: 2048 listed" 2048 "$(grep -c 'is unknown to libseccomp' "$tmp/out")"

"$SCINIT" decode "$tmp/no-such-file" >/dev/null 2>"$tmp/err"
check "decode: a missing file exits 125" 125 "$?"
check_match "decode: a missing file is named" "^scinit: $tmp/no-such-file: cannot open" "$(cat "$tmp/err")"
"$SCINIT" decode a b >/dev/null 2>&1
check "decode: two files are a usage error" 125 "$?"

# --- one app's records: --comm, --exe, --pid -----------------------------------------
# Audit quotes a value, or hex-encodes it when it holds a space or a quote.
{
	echo "${rec/pid=1 comm=\"a\"/pid=7 comm=\"nginx\" exe=\"/usr/sbin/nginx\"}"
	echo "${rec/pid=1 comm=\"a\" sig=0 arch=c000003e syscall=165/pid=8 comm=\"nginx2\" exe=\"/usr/sbin/nginx2\" sig=0 arch=c000003e syscall=166}"
	echo "${rec/pid=1 comm=\"a\" sig=0 arch=c000003e syscall=165/pid=9 comm=6D7920617070 exe=\"/app\" sig=0 arch=c000003e syscall=167}"
} >"$tmp/mixed"
only() { "$SCINIT" decode "$@" "$tmp/mixed" 2>&1 | awk '/^syscalls/ { print $3 }' | tr '\n' ' '; }
check "decode --comm: only that command's records" "mount " "$(only --comm nginx)"
check "decode --comm: a hex-encoded name (with a space)" "swapon " "$(only --comm 'my app')"
check "decode --exe: only that executable's records" "umount2 " "$(only --exe /usr/sbin/nginx2)"
check "decode --pid: only that process's records" "swapon " "$(only --pid 9)"
check "decode: the filters combine (all must match)" "" "$(only --comm nginx --pid 8)"
"$SCINIT" decode --comm nobody "$tmp/mixed" >/dev/null 2>"$tmp/err"
check "decode --comm: nothing kept exits 1 and says why" \
	"1 scinit: $tmp/mixed: no seccomp records found for the given --comm/--exe/--pid" "$? $(cat "$tmp/err")"
for bad in "--pid x $tmp/mixed" "--pid" "--comm" "--bogus 1 $tmp/mixed" "--comm a $tmp/mixed b"; do
	# shellcheck disable=SC2086 # the words are the options
	"$SCINIT" decode $bad </dev/null >/dev/null 2>&1
	check "decode $bad: usage error 125" 125 "$?"
done

# --- real kernel records ---------------------------------------------------------
if ! dmesg >/dev/null 2>&1 || ! [ -w /dev/kmsg ]; then
	skip_or_fail "decode: real kernel records" "the kernel log is not readable here (dmesg, /dev/kmsg)"
	exit 0
fi

# audit_run ABI NAMES...: the probe under scinit --exec in audit mode (so its
# pid is the record's), retried after the kernel's 5 s rate-limit window if
# none of its records made it to the log (another test's burst). Appends the
# records to $tmp/records.
audit_run() {
	local abi=$1 pid marker
	shift
	for _ in 1 2 3; do
		marker=scinit-test-$$-$RANDOM
		echo "$marker" >/dev/kmsg
		SCINIT_MODE=audit "$SCINIT" --exec -- "$PROBE" -a "$abi" "$@" >/dev/null 2>&1 &
		pid=$!
		wait "$pid"
		sleep 0.2
		if dmesg | sed -n "/$marker/,\$p" | grep 'type=1326' | grep " pid=$pid " >"$tmp/run"; then
			cat "$tmp/run" >>"$tmp/records"
			return 0
		fi
		sleep 5
	done
	return 1
}

# The names libseccomp gives each record, decoded here independently: the
# probe's -l table maps numbers to names for each ABI.
expected_pairs() {
	local abi label code
	for abi in $abis; do
		case $abi in native) label=x86_64 code=c000003e ;; x86) label=x86 code=40000003 ;; x32) label=x32 code=c000003e ;; esac
		"$PROBE" -l -a "$abi" | while read -r name nr _; do
			grep -q " arch=$code syscall=$nr " "$tmp/records" && echo "$label $name"
		done
	done | sort -u
}

# The (arch, name) pairs of decode's fragment.
decoded_pairs() {
	awk '/^; [a-z0-9_]+: [0-9]+ syscall/ { arch = $2; sub(/:$/, "", arch) }
	     /^(; )?syscalls = / { sub(/^; /, ""); print arch, $3 }' | sort -u
}

: >"$tmp/records"
ok=true abis="native x32"
audit_run native mount swapon acct || ok=false
if ! no_x86_calls "decode: real records: x86 is present"; then
	abis="native x86 x32"
	audit_run x86 mount || ok=false
fi
audit_run x32 mount || ok=false
if ! $ok; then
	fail "decode: real records" "no type=1326 records of the probe in the kernel log (is auditd taking them?)"
else
	want=$(expected_pairs)
	got=$("$SCINIT" decode "$tmp/records" 2>/dev/null | decoded_pairs)
	check "decode: real records give the probed syscalls (ABIs: $abis)" "$want" "$got"
	check_match "decode: real records: x86_64 is present" "x86_64 mount" "$want"
	check_match "decode: real records: x32 is present" "x32 mount" "$want"
	[[ $abis != *x86\ * ]] || check_match "decode: real records: x86 is present" "x86 mount" "$want"
fi

# --comm, --exe and --pid on real records of two programs in one log.
cp "$PROBE" "$tmp/otherprobe"
marker=scinit-test-$$-$RANDOM
echo "$marker" >/dev/kmsg
SCINIT_MODE=audit "$SCINIT" --exec -- "$PROBE" mount >/dev/null 2>&1
SCINIT_MODE=audit "$SCINIT" --exec -- "$tmp/otherprobe" swapon >/dev/null 2>&1 &
other=$!
wait "$other"
sleep 0.2
dmesg | sed -n "/$marker/,\$p" >"$tmp/two"
real() { "$SCINIT" decode "$@" "$tmp/two" 2>/dev/null | awk '/^syscalls/ { print $3 }' | tr '\n' ' '; }
check "decode: real records of two programs: both listed" "mount swapon " "$(real)"
check "decode --comm probe: real records: only the probe's" "mount " "$(real --comm probe)"
check "decode --exe: real records: only the other program's" "swapon " "$(real --exe "$tmp/otherprobe")"
check "decode --pid: real records: only that process's" "swapon " "$(real --pid "$other")"

# A burst of 31 records in one run: the kernel prints about 10 and, once the
# 5 s window is over, says how many it suppressed, before the next record.
burst=(mount umount2 swapon swapoff acct reboot kexec_load init_module finit_module delete_module
	pivot_root sethostname setdomainname bpf perf_event_open userfaultfd keyctl add_key request_key
	unshare setns settimeofday clock_settime adjtimex iopl ioperm process_vm_readv process_vm_writev
	open_by_handle_at fsopen fsmount)
marker=scinit-test-$$-$RANDOM
echo "$marker" >/dev/kmsg
SCINIT_MODE=audit "$SCINIT" --exec -- "$PROBE" "${burst[@]}" >/dev/null 2>&1
sleep 5.5
SCINIT_MODE=audit "$SCINIT" --exec -- "$PROBE" mount >/dev/null 2>&1
sleep 0.2
dmesg | sed -n "/$marker/,\$p" >"$tmp/burst"
"$SCINIT" decode "$tmp/burst" >"$tmp/out" 2>"$tmp/err"
check "decode: burst: exit 0" 0 "$?"
check_match "decode: burst: the kernel's suppression is warned about" \
	"^scinit: warning: the kernel dropped seccomp records \([0-9]+ suppressed by rate limiting" "$(cat "$tmp/err")"
check_match "decode: burst: and noted in the fragment" "^; WARNING: the kernel dropped seccomp records" "$(cat "$tmp/out")"
