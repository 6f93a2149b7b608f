# The parsers' unit tests built with AddressSanitizer and
# UndefinedBehaviorSanitizer (tests/unit/, built by `make unit`, which
# `make check` runs first), the inputs the fuzzers found (tests/fixtures/fuzz/)
# through their harnesses, and valgrind's memcheck on the supervisor loop of
# a glibc build of scinit (make BUILD/host/scinit-memcheck: it builds its
# filters but loads none, see tests/unit/memcheck_stub.c): no memory error and
# no leak across 1000 reaped children, a forwarded signal and the error paths.
. tests/lib.sh
host=$(dirname "$SCINIT")/host
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
export LSAN_OPTIONS=suppressions=$PWD/tests/fuzz/lsan.supp:print_suppressions=0

# --- unit tests: each case is a result; a sanitizer report fails the binary --
for src in tests/unit/test_*.c; do
	name=$(basename "$src" .c) bin=$host/unit/$(basename "$src" .c)
	if [ ! -x "$bin" ] || [ "$bin" -ot "$src" ]; then
		fail "$name" "$bin is missing or older than $src (make BUILD=$(dirname "$SCINIT") unit)"
		continue
	fi
	"$bin" >"$tmp/out" 2>"$tmp/err"; rc=$?
	while IFS= read -r line; do
		case $line in
		"ok   "*) pass "$name: ${line#ok   }" ;;
		"FAIL "*) fail "$name: ${line#FAIL }" ;;
		esac
	done <"$tmp/out"
	check "$name: exits 0, no sanitizer report" "0 " "$rc $(grep -m 3 -E 'ERROR|SUMMARY|runtime error' "$tmp/err")"
done

# --- what the fuzzers found, replayed through their harnesses ----------------
for dir in tests/fixtures/fuzz/fuzz_*/; do
	name=$(basename "$dir") bin=$host/fuzz/$(basename "$dir")
	if [ ! -x "$bin" ]; then
		fail "$name replay" "$bin is missing (make BUILD=$(dirname "$SCINIT") $bin)"
		continue
	fi
	for f in "$dir"*; do
		"$bin" "$f" >"$tmp/out" 2>&1
		check "$name: $(basename "$f") replays clean" "0 " "$? $(grep -m 3 -E 'ERROR|SUMMARY|runtime error|invariant' "$tmp/out")"
	done
done

# --- valgrind memcheck -------------------------------------------------------
memcheck=$host/scinit-memcheck
if ! command -v valgrind >/dev/null; then
	skip_or_fail "valgrind" "valgrind is not installed (make check installs it)"
	exit 0
fi
if [ ! -x "$memcheck" ]; then
	fail "memcheck" "$memcheck is missing (make BUILD=$(dirname "$SCINIT") $memcheck)"
	exit 0
fi
# Any memory error or leak (not "still reachable") makes valgrind exit 99.
vg() {
	valgrind -q --leak-check=full --show-leak-kinds=definite,indirect,possible \
		--errors-for-leak-kinds=definite,indirect,possible --error-exitcode=99 "$memcheck" "$@" 2>"$tmp/vg"
}
vg_report() { grep -m 5 '^==' "$tmp/vg"; }

# 1000 orphans: each ( /bin/true & ) is reparented to scinit, the subreaper,
# and -w makes it stay until it has reaped them all.
vg -w -- /bin/sh -c 'for i in $(seq 1000); do (/bin/true &); done'
check "memcheck: 1000 reaped children, no errors, no leaks" "0 " "$? $(vg_report)"

# A signal forwarded to the app, which dies of it: 128 + SIGTERM.
ready=$tmp/ready
vg -- /bin/sh -c ': >"$1"; exec sleep 30' sh "$ready" &
pid=$!
for _ in $(seq 200); do [ -e "$ready" ] && break; sleep 0.1; done
kill -TERM "$pid"
wait "$pid"
check "memcheck: SIGTERM forwarded, no errors, no leaks" "143 " "$? $(vg_report)"

# Error paths: a profile refused by the INI reader, by the filter builder and
# by the JSON reader; scinit exits 125 having freed what it read.
printf '[allow]\nsyscalls = read write\nsyscalls = wirte\n' >"$tmp/reader.ini"
printf '[allow]\nsyscalls = execve\n[rules]\nread = allow\nread = errno:EPERM if arg0 == 1\n' >"$tmp/filter.ini"
printf '{"defaultAction": "SCMP_ACT_ALLOW", "syscalls": [{"names": ["getpid"], "action": "SCMP_ACT_ERRNO"}, 1]}' >"$tmp/reader.json"
for f in reader.ini filter.ini reader.json; do
	vg --profile "$tmp/$f" -- /bin/true
	check "memcheck: $f refused, no errors, no leaks" "125 " "$? $(vg_report)"
done
