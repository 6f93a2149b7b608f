# Live filters, table-driven (tests/tables/live.tbl): each row runs the probe
# under scinit on this kernel and compares with the expected result. An errno
# row is a denial and must differ from the unfiltered baseline, or it could
# not fail; a
# logged row must match the baseline and, for a sample, appear in the kernel
# log (which without auditd prints at most ~10 records per 5 s).
. tests/lib.sh

declare -A baseline
# run_probe PROFILE MODE ABI PROBE -> "RESULT" (killed on SIGSYS)
run_probe() {
	local profile=() out rc
	[ "$1" = default ] || profile=(-p "tests/fixtures/live/$1.ini")
	out=$(SCINIT_MODE=$2 "$SCINIT" "${profile[@]}" -- "$PROBE" -a "$3" "$4" 2>&1); rc=$?
	if [ $rc -eq 159 ]; then echo killed; return; fi
	[ $rc -eq 0 ] || { echo "exit-$rc:$out"; return; }
	echo "${out#"$4 "}"
}
unfiltered() {
	local key="$1 $2" out
	[ -n "${baseline[$key]:-}" ] || { out=$("$PROBE" -a "$1" "$2" 2>&1); baseline[$key]=${out#"$2 "}; }
	echo "${baseline[$key]}"
}

logged_rows=() derived_rows=()
while read -r profile mode abi probe expect; do
	case "$profile" in ''|'#'*) continue ;; esac
	name="$profile $mode $abi $probe"
	if [ "$abi" = x86 ] && no_x86_calls "$name"; then continue; fi
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
	killed) check "$name: killed" killed "$got" ;;
	ok) check "$name" ok "$got" ;;
	*)
		check "$name" "$expect" "$got"
		[ "$base" != "$expect" ] || fail "$name: row cannot fail: unfiltered it also gives $base"
		;;
	esac
done <tests/tables/live.tbl

# The kernel log: a sample of the logged rows, after the rate limit's window.
arch_code() { case $1 in native) echo c000003e ;; x86) echo 40000003 ;; esac; }
sleep 5
for row in "${logged_rows[@]:0:4}" "${derived_rows[@]}"; do
	read -r profile mode abi probe <<<"$row"
	nr=$("$PROBE" -l -a "$abi" | awk -v n="${probe%%:*}" '$1 == n {print $2}')
	marker="scinit-test-$$-$RANDOM"
	echo "$marker" >/dev/kmsg
	run_probe "$profile" "$mode" "$abi" "$probe" >/dev/null
	sleep 0.2
	if dmesg | sed -n "/$marker/,\$p" | grep -q "type=1326.*comm=\"probe\".*arch=$(arch_code "$abi") syscall=$nr .*code=0x7ffc0000"; then
		pass "$row: kernel log has the SCMP_ACT_LOG record"
	else
		fail "$row: no type=1326 record for syscall $nr in the kernel log"
	fi
done
