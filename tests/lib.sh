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
	if [ "${CI:-}" = true ]; then fail "$1" "required in CI: $2"; else echo "SKIP $1: $2"; echo skip >>"$RESULTS"; fi
}
