# Live filters, table-driven (tests/tables/live.tbl): each row runs the probe
# under scinit on this kernel and compares with the expected result. An errno
# row is a denial and must differ from the unfiltered baseline, or it could
# not fail; a
# logged row must match the baseline and, for a sample, appear in the kernel
# log (which without auditd prints at most ~10 records per 5 s). A learned
# row must match the baseline and the learned profile must name the call.
# The ABI column's compat is the family's 32-bit ABI: x86 on x86_64, arm on
# aarch64 (the arm build of the probe, $PROBE32); a row whose call or ABI
# this machine lacks is listed at the end, not run.
. tests/lib.sh

family=$(uname -m)
# abi_here ABI: the table's ABI as this machine has it (compat: x86 or arm).
abi_here() { case $1 in compat) [ "$family" = aarch64 ] && echo arm || echo x86 ;; *) echo "$1" ;; esac; }
# probe_argv ABI: the probe command for ABI in the array P.
probe_argv() { if [ "$1" = arm ]; then P=("$PROBE32" -a native); else P=("$PROBE" -a "$1"); fi; }
declare -A listed
# available ABI CALL: whether this machine has ABI and the probe knows CALL there.
available() {
	[ "$1" != x32 ] || [ "$family" = x86_64 ] || return 1
	[ "$1" != arm ] || [ -n "${PROBE32:-}" ] || return 1
	probe_argv "$1"
	[ -n "${listed[$1]:-}" ] || listed[$1]=" $("${P[@]}" -l | cut -d' ' -f1 | tr '\n' ' ')"
	[[ "${listed[$1]}" == *" ${2%%:*} "* ]]
}

learned=$(mktemp)
trap 'rm -f "$learned"' EXIT
declare -A baseline
# run_probe PROFILE MODE ABI PROBE -> "RESULT" (killed on SIGSYS); learn
# mode writes the learned profile to $learned.
run_probe() {
	local profile=() out rc
	[ "$1" = default ] || profile=(--profile "tests/fixtures/live/$1.ini")
	probe_argv "$3"
	: >"$learned"
	out=$(SCINIT_MODE=$2 SCINIT_LEARN_OUT=$learned "$SCINIT" "${profile[@]}" -- "${P[@]}" "$4" 2>&1); rc=$?
	# learn mode acknowledges each write on stderr (t_learn.sh checks it)
	out=$(grep -v "^scinit: learned profile written to $learned " <<<"$out")
	if [ $rc -eq 159 ]; then echo killed; return; fi
	[ $rc -eq 0 ] || { echo "exit-$rc:$out"; return; }
	echo "${out#"$4 "}"
}
unfiltered() {
	local key="$1 $2" out
	probe_argv "$1"
	[ -n "${baseline[$key]:-}" ] || { out=$("${P[@]}" "$2" 2>&1); baseline[$key]=${out#"$2 "}; }
	echo "${baseline[$key]}"
}

logged_rows=() derived_rows=() not_here=() ran=0
while read -r profile mode abi probe expect; do
	case "$profile" in ''|'#'*) continue ;; esac
	abi=$(abi_here "$abi")
	name="$profile $mode $abi $probe"
	if [ "$abi" = x86 ] && no_x86_calls "$name"; then continue; fi
	available "$abi" "$probe" || { not_here+=("$name"); continue; }
	ran=$((ran + 1))
	got=$(run_probe "$profile" "$mode" "$abi" "$probe")
	base=$(unfiltered "$abi" "$probe")
	case "$expect" in
	allowed) check "$name: allowed" "$base" "$got" ;;
	logged)
		check "$name: allowed and logged" "$base" "$got"
		# audit-derived's row is what a program built without enforce's
		# stops runs unlogged: always read back from the kernel log.
		if [ "$profile" = audit-derived ]; then derived_rows+=("$profile $mode $abi $probe")
		else logged_rows+=("$profile $mode $abi $probe"); fi
		;;
	learned)
		check "$name: allowed" "$base" "$got"
		check "$name: the learned profile allows ${probe%%:*}, denies it no more" yes "$(awk -v n="${probe%%:*}" '
			/^\[/ { s = $0 } { for (i = 1; i <= NF; i++) if ($i == n) seen[s] = 1 }
			END { if (seen["[allow]"] && !seen["[deny]"] && !seen["[rules]"]) print "yes" }' "$learned")"
		;;
	killed) check "$name: killed" killed "$got" ;;
	ok) check "$name" ok "$got" ;;
	*)
		# A kernel older than the call (fchmodat2 before Linux 6.6) answers
		# ENOSYS itself: a property of this kernel, like a missing ABI.
		if [ "$base" = ENOSYS ] && [ "$expect" = ENOSYS ]; then
			echo "SKIP $name: this kernel has no such call (ENOSYS without a filter), so the row cannot fail"
			echo skip >>"$RESULTS"
			continue
		fi
		check "$name" "$expect" "$got"
		[ "$base" != "$expect" ] || fail "$name: row cannot fail: unfiltered it also gives $base"
		;;
	esac
done <tests/tables/live.tbl
[ "$ran" -gt 0 ] || fail "live: no row of tests/tables/live.tbl ran here"
[ ${#not_here[@]} -eq 0 ] ||
	echo "     not run: $family or its probe lacks the call or the ABI of ${#not_here[@]} rows: ${not_here[*]}"

# The kernel log: a sample of the logged rows, after the rate limit's window.
arch_code() {
	case $1 in
	native) [ "$family" = aarch64 ] && echo c00000b7 || echo c000003e ;;
	x86) echo 40000003 ;;
	arm) echo 40000028 ;;
	esac
}
sleep 5
for row in "${logged_rows[@]:0:4}" "${derived_rows[@]}"; do
	read -r profile mode abi probe <<<"$row"
	probe_argv "$abi"
	nr=$("${P[@]}" -l | awk -v n="${probe%%:*}" '$1 == n {print $2}')
	marker="scinit-test-$$-$RANDOM"
	echo "$marker" >/dev/kmsg
	run_probe "$profile" "$mode" "$abi" "$probe" >/dev/null
	sleep 0.2
	if dmesg | sed -n "/$marker/,\$p" | grep -Eq "type=1326.*comm=\"probe(32)?\".*arch=$(arch_code "$abi") syscall=$nr .*code=0x7ffc0000"; then
		pass "$row: kernel log has the SCMP_ACT_LOG record"
	else
		fail "$row: no type=1326 record for syscall $nr in the kernel log"
	fi
done
