# Shared helpers for tests/t_*.sh. Each test file is run by tests/run in its own
# bash process; results are appended to $RESULTS so the runner can total them.
set -u
: "${RESULTS:?tests/run sets RESULTS}"
: "${SCINIT:=build/scinit}"
: "${PROBE:=build/probe}"

pass() { echo "ok   $1"; echo pass >>"$RESULTS"; }
fail() { echo "FAIL $1${2:+: $2}"; echo fail >>"$RESULTS"; }

# check NAME EXPECTED ACTUAL
check() {
	if [ "$2" = "$3" ]; then pass "$1"; else fail "$1" "expected [$2] got [$3]"; fi
}

# check_match NAME REGEX TEXT: TEXT must match the extended regex.
check_match() {
	if printf '%s' "$3" | grep -Eq -- "$2"; then pass "$1"; else fail "$1" "[$3] does not match /$2/"; fi
}

# Tests that need something this machine may lack must not vanish silently:
# in CI (CI=true) a missing requirement is a failure, elsewhere a visible skip.
skip_or_fail() {
	if [ "${CI:-}" = true ]; then fail "$1" "required in CI: $2"; else skip "$1" "$2"; fi
}

# skip NAME WHY: a visible skip, counted as one, in CI too: only for what no
# install can change (a property of this kernel).
skip() { echo "SKIP $1: $2"; echo skip >>"$RESULTS"; }

# 32-bit x86 calls: the probe's -a x86 makes them with `int $0x80`. Some
# kernels built with CONFIG_IA32_EMULATION do not run them (booted with
# ia32_emulation=false, or under a hypervisor that leaves the gate out): the
# instruction then faults and the probe dies of SIGSEGV before any syscall
# entry, so seccomp never sees the call. Asked once per run (the answer is
# cached next to $RESULTS), of an allowed call with no filter, and only a
# SIGSEGV while the native call works counts as "does not run them": any
# other answer lets the rows run, and fail if they must.
X86_CALLS_WHY="this kernel does not run 32-bit x86 calls (int 0x80 gets SIGSEGV)"
x86_calls_run() {
	local cache=$RESULTS.x86-calls rc
	if [ ! -s "$cache" ]; then
		{ "$PROBE" -a x86 getpid >/dev/null 2>&1; } 2>/dev/null # bash's "Segmentation fault" too
		rc=$?
		if [ "$rc" = 139 ] && [ "$("$PROBE" getpid 2>&1)" = "getpid ok" ]; then echo no; else echo yes; fi >"$cache"
	fi
	[ "$(cat "$cache")" = yes ]
}
# no_x86_calls NAME...: true, after a visible skip of each NAME (one per
# check left out), when this kernel does not run 32-bit x86 calls.
# `no_x86_calls NAME || check NAME ...`
no_x86_calls() {
	local name
	x86_calls_run && return 1
	for name in "$@"; do skip "$name" "$X86_CALLS_WHY"; done
}
