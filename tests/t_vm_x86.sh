# The x86 (int 0x80) rows of the live table on a kernel that runs them. Where
# the build machine's own kernel does (tests/lib.sh: x86_calls_run), they ran
# in tests/t_live.sh and this file says so; where it does not (a hypervisor
# can take IA32 emulation away), Debian's amd64 cloud kernel is booted under
# qemu (tests/vm/boot) with the same binaries, and the whole live table runs
# there. A VM that cannot boot is a skip, and a failure in CI.
. tests/lib.sh
if x86_calls_run; then
	pass "vm_x86: this kernel runs 32-bit x86 calls: tests/t_live.sh ran the x86 rows"
	exit 0
fi
for f in "$SCINIT" "$PROBE"; do
	[ -x "$f" ] || { fail "vm_x86: $f is built" "missing (make check builds it)"; exit 0; }
done
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
root=$tmp/root
mkdir -p "$root/test/build" "$root/test/tests/tables" "$root/test/tests/fixtures/live"
cp "$SCINIT" "$PROBE" "$root/test/build/"
cp tests/run tests/lib.sh tests/t_live.sh "$root/test/tests/"
cp tests/tables/live.tbl "$root/test/tests/tables/"
cp tests/fixtures/live/*.ini "$root/test/tests/fixtures/live/"
cp tests/vm/run_amd64 "$root/test/run"
[ "${CI:-}" = true ] && touch "$root/test/ci"
mkdir -p build/vm
log=build/vm/amd64-run.log
tests/vm/boot amd64 "$root" "$log"
status=$?
if [ $status -eq 3 ] || ! tr -d '\r' <"$log" | grep -q '^VM-EXIT'; then
	skip_or_fail "vm_x86: the amd64 VM ran the live table" "it did not boot or finish (tests/vm/boot: $status; $log)"
	exit 0
fi
tr -d '\r' <"$log" >"$tmp/log"
check_match "vm_x86: the VM booted an x86_64 kernel" "vm: booted x86_64" "$(grep -o "vm: booted [^ ]*" "$tmp/log")"
# Only the x86 rows are new here; the others ran on the build machine.
x86=0
while IFS= read -r line; do
	case "$line" in
	"ok   "*" x86 "*) pass "vm_x86: ${line#ok   }"; x86=$((x86 + 1)) ;;
	"FAIL "*) fail "vm_x86: ${line#FAIL }" ;;
	"SKIP "*" x86 "*) fail "vm_x86: ${line#SKIP }" "skipped on a kernel that runs x86 calls" ;;
	esac
done <"$tmp/log"
echo "amd64 VM: $(grep -E '^[0-9]+ passed, [0-9]+ failed' "$tmp/log" | tail -n 1)"
check "vm_x86: the x86 rows of tests/tables/live.tbl ran in the VM" yes \
	"$([ "$x86" -ge "$(grep -cE '^[a-z-]+ +[a-z]+ +(x86|compat) ' tests/tables/live.tbl)" ] && echo yes)"
