# arm64 on a real arm64 kernel. On the build machine: build/arm64/scinit is
# a static aarch64 program within the size budget. Then a VM root with the
# arm64 binaries and the tests they run (tests/vm/run_arm64), booted under
# qemu with Debian's arm64 cloud kernel (tests/vm/boot); each result line of
# the VM's run is copied here as "arm64: ...", and its own "N passed, N
# failed" line is printed. Last, the programs libseccomp built inside the VM
# (aarch64's, natively) are compared with those the build machine made for
# the binary (shim/tools/bpfgen, an x86_64 program naming syscalls by
# x86_64's numbers): byte for byte, or else by simulation (tests/bpf_equiv.py).
# A VM that cannot boot is a skip, and a failure in CI.
. tests/lib.sh
A=build/arm64
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# --- the binaries ----------------------------------------------------------------
for f in scinit probe probe32; do
	[ -x "$A/$f" ] || { fail "arm64: $A/$f is built" "missing (make arm64-bins)"; exit 0; }
done
check_match "arm64: file $A/scinit: ELF 64-bit ARM aarch64, statically linked" \
	"^ELF 64-bit LSB executable, ARM aarch64, .*statically linked" "$(file -b "$A/scinit")"
size=$(stat -c %s "$A/scinit")
# Issue 14's budget, as for amd64 (tests/t_init.sh); docs/arm64.md says
# where the bytes go.
check "arm64: $A/scinit is at most 320,000 bytes (it is $size)" yes "$([ "$size" -le 320000 ] && echo yes)"
check_match "arm64: file $A/probe32: a static 32-bit arm (EABI) program, the compat ABI's probe" \
	"^ELF 32-bit LSB executable, ARM, EABI5.*statically linked" "$(file -b "$A/probe32")"

# --- tools that need no kernel, under qemu-user -------------------------------------
# decode reads records of both ABIs (arm's set_tls is its private 0xf0005);
# @known, read from libseccomp's table, holds arm's private calls.
deps/provision packages qemu-user-static >&2
if command -v qemu-aarch64-static >/dev/null; then
	records='audit: type=1326 audit(1.2:3): pid=5 comm="probe" sig=0 arch=c00000b7 syscall=40 compat=0 code=0x50000
audit: type=1326 audit(1.2:4): pid=5 comm="probe32" sig=0 arch=40000028 syscall=983045 compat=1 code=0x80000000'
	out=$(printf '%s\n' "$records" | qemu-aarch64-static "$A/scinit" decode 2>&1)
	check_match "arm64 (qemu-user): decode names aarch64's syscall 40 mount" "^syscalls = mount +; 1 record: errno" "$out"
	check_match "arm64 (qemu-user): decode names arm's syscall 0xf0005 set_tls" "^syscalls = set_tls +; 1 record: kill_process" \
		"$out"
	check "arm64 (qemu-user): @known holds arm's private calls" "breakpoint cacheflush set_tls" \
		"$(qemu-aarch64-static "$A/scinit" groups known | tr ' ' '\n' | grep -xE 'set_tls|cacheflush|breakpoint' | sort | tr '\n' ' ' | sed 's/ $//')"
else
	skip_or_fail "arm64 (qemu-user): decode and groups" "qemu-aarch64-static is not installed (qemu-user-static)"
fi

# --- the VM ------------------------------------------------------------------------
root=$tmp/root
mkdir -p "$root/test/build" "$root/test/tests/tables" "$root/test/tests/fixtures/live" "$root/test/tests/vm" \
	"$root/test/config"
cp "$A/scinit" "$A/probe" "$A/probe32" "$root/test/build/"
cp tests/run tests/lib.sh tests/t_live.sh "$root/test/tests/"
cp tests/tables/live.tbl "$root/test/tests/tables/"
cp tests/fixtures/live/*.ini "$root/test/tests/fixtures/live/"
cp tests/vm/t_pid1.sh tests/vm/t_arm64_target.sh "$root/test/tests/vm/"
cp config/default.ini "$root/test/config/"
cp tests/vm/run_arm64 "$root/test/run"
# Docker's default profile, for the comparison on arm64 (tests/debian_data.sh).
. tests/debian_data.sh
docker_json=$(docker_seccomp_dir 2>/dev/null)/default.json
[ -f "$docker_json" ] && cp "$docker_json" "$root/test/docker-default.json"
[ "${CI:-}" = true ] && touch "$root/test/ci"
log=build/vm/arm64-run.log
mkdir -p build/vm
tests/vm/boot arm64 "$root" "$log"
status=$?
if [ $status -eq 3 ] || ! grep -q '^VM-EXIT' <(tr -d '\r' <"$log"); then
	skip_or_fail "arm64: the arm64 VM ran the tests" "it did not boot or finish (tests/vm/boot: $status; $log)"
	exit 0
fi

# --- its results ---------------------------------------------------------------------
tr -d '\r' <"$log" >"$tmp/log"
ok=0
while IFS= read -r line; do
	case "$line" in
	"ok   "*) pass "arm64: ${line#ok   }"; ok=$((ok + 1)) ;;
	"FAIL "*) fail "arm64: ${line#FAIL }" ;;
	"SKIP "*) echo "SKIP arm64: ${line#SKIP }"; echo skip >>"$RESULTS" ;;
	"     "*) echo "$line" ;;
	"vm: booted "*) echo "     $line" ;;
	esac
done <"$tmp/log"
summary=$(grep -E '^[0-9]+ passed, [0-9]+ failed' "$tmp/log" | tail -n 1)
echo "arm64 VM: ${summary:-no summary line}"
check "arm64: the VM's own count of passed checks matches the lines copied" "$ok" "${summary%% passed*}"

# --- the programs --------------------------------------------------------------------
sed -n 's/^BPF \([^ ]*\) \([0-9a-f]*\)$/\1 \2/p' "$tmp/log" >"$tmp/bpf"
vm_bpf() { # NAME -> file with the VM's program NAME
	local f=$tmp/vm-$(printf '%s' "$1" | tr '/:' '__').bpf
	awk -v n="$1" '$1 == n { print $2 }' "$tmp/bpf" | xxd -r -p >"$f"
	echo "$f"
}
same_or_equivalent() { # NAME BUILT VM: identical bytes, or the same answers to every call tried
	if [ ! -s "$3" ]; then
		fail "$1" "the VM printed no program"
	elif cmp -s "$2" "$3"; then
		pass "$1: the same bytes"
	else
		check_match "$1: the same answers (tests/bpf_equiv.py)" ", 0 differ$" "$(python3 tests/bpf_equiv.py "$2" "$3")"
	fi
}
same_or_equivalent "arm64: the embedded enforce program the build made = libseccomp's on aarch64" \
	"$A/embedded-enforce.bpf.raw" "$(vm_bpf enforce-build)"
check "arm64: the binary carries the build's shrunk enforce program" "$(xxd -p "$A/embedded-enforce.bpf" | tr -d '\n')" \
	"$(awk '$1 == "enforce-precompiled" { print $2 }' "$tmp/bpf")"
check_match "arm64: its precompiled enforce program answers as libseccomp's on aarch64 does" ", 0 differ$" \
	"$(python3 tests/bpf_equiv.py "$(vm_bpf enforce-now)" "$(vm_bpf enforce-precompiled)")"
check_match "arm64: ... and so does its audit program" ", 0 differ$" \
	"$(python3 tests/bpf_equiv.py "$(vm_bpf audit-now)" "$(vm_bpf audit-precompiled)")"
same_or_equivalent "arm64: the supervisor's program the build made = libseccomp's on aarch64" \
	"$A/supervisor.bpf" "$(vm_bpf supervisor-build)"
for f in config/default.ini tests/fixtures/live/*.ini; do
	"$A/tools/bpfgen" enforce "$f" >"$tmp/built.bpf" 2>"$tmp/err" || { fail "arm64: bpfgen enforce $f" "$(cat "$tmp/err")"; continue; }
	same_or_equivalent "arm64: $f: bpfgen's program for aarch64 = libseccomp's on aarch64" "$tmp/built.bpf" \
		"$(vm_bpf "file:$f")"
done

# What this run cannot show, said every time (docs/arm64.md).
echo "     not tested on arm64: the VM is qemu's emulated 'max' CPU (TCG) with Debian 12's 6.1 kernel, not a real"
echo "     core; containers (Docker, runc, Kubernetes), benchmarks, sanitizers, fuzzers and memcheck run on the"
echo "     build machine only; the x32 rows and x86-only calls have no arm64 counterpart; calls newer than 6.1"
echo "     (fchmodat2) cannot be told from the kernel's own ENOSYS there"
