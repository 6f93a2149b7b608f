# INI parser: every bad fixture is refused with exactly the line its first
# comment expects, exit 125, and the app never runs; good fixtures run.
. tests/lib.sh
marker=$(mktemp -u)

for f in tests/fixtures/ini/bad/*.ini; do
	want="scinit: $f:$(head -n 1 "$f" | sed 's/^; expect: //')"
	got=$("$SCINIT" --profile "$f" -- /bin/busybox touch "$marker" 2>&1 >/dev/null); rc=$?
	check "refuses $(basename "$f")" "125 $want" "$rc $got"
	[ -e "$marker" ] && { fail "app ran despite $(basename "$f")"; rm -f "$marker"; }
done

for f in tests/fixtures/ini/good/*.ini; do
	"$SCINIT" --profile "$f" -- /bin/busybox true; rc=$?
	check "accepts $(basename "$f")" 0 "$rc"
done

# Input that is not a readable regular profile file.
check_refused() { # NAME EXPECTED-MESSAGE PROFILE
	got=$("$SCINIT" --profile "$3" -- /bin/busybox touch "$marker" 2>&1 >/dev/null); rc=$?
	check "$1" "125 scinit: $2" "$rc $got"
	[ ! -e "$marker" ] || { fail "$1: app ran"; rm -f "$marker"; }
}
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
check_refused "missing file" "$tmp/none.ini: cannot open: No such file or directory" "$tmp/none.ini"
check_refused "directory" "$tmp: not a regular file" "$tmp"
mkfifo "$tmp/fifo"; check_refused "fifo does not hang" "$tmp/fifo: not a regular file" "$tmp/fifo"
ln -s "$tmp/gone" "$tmp/dangling"; check_refused "dangling symlink" "$tmp/dangling: cannot open: No such file or directory" "$tmp/dangling"
head -c 1048577 /dev/zero | tr '\0' ';' >"$tmp/huge.ini"; check_refused "over 1 MiB" "$tmp/huge.ini: larger than 1048576 bytes" "$tmp/huge.ini"
printf '[profile]\ndefault = allow\n' >"$tmp/ok.ini"; ln -s "$tmp/ok.ini" "$tmp/link.ini"
"$SCINIT" --profile "$tmp/link.ini" -- /bin/busybox true; check "symlink to a profile is followed (ConfigMaps)" 0 $?

# Environment and command line.
env_refused() { # NAME EXPECTED-MESSAGE ENV...
	local name=$1 msg=$2; shift 2
	got=$(env "$@" "$SCINIT" -- /bin/busybox touch "$marker" 2>&1 >/dev/null); rc=$?
	check "$name" "125 scinit: $msg" "$rc $got"
	[ ! -e "$marker" ] || { fail "$name: app ran"; rm -f "$marker"; }
}
env_refused "bad SCINIT_MODE" "SCINIT_MODE: unknown mode 'Enforce' (enforce, audit, learn)" SCINIT_MODE=Enforce
env_refused "empty SCINIT_MODE" "SCINIT_MODE is set but empty" SCINIT_MODE=
env_refused "empty SCINIT_PROFILE" "SCINIT_PROFILE is set but empty" SCINIT_PROFILE=
env_refused "SCINIT_PROFILE names a missing file" "/nonexistent.ini: cannot open: No such file or directory" SCINIT_PROFILE=/nonexistent.ini
got=$("$SCINIT" 2>&1); check "no command" "125 scinit: no command given (see --help)" "$? $got"
got=$("$SCINIT" --frob -- true 2>&1); check "unknown option" "125 scinit: unknown option '--frob' (see --help)" "$? $got"
got=$("$SCINIT" --profile 2>&1); check "--profile without a file" "125 scinit: --profile needs a file" "$? $got"
"$SCINIT" --help | grep -q '^usage: scinit'; check "--help" 0 $?
check_match "--version" '^scinit [0-9]+\.[0-9]+\.[0-9]+' "$("$SCINIT" --version)"

# An empty profile allows nothing (errno:EPERM by default), not even
# execve: refused before anything runs, since the app could never start.
: >"$tmp/empty.ini"
check_refused "profile without execve" "$tmp/empty.ini: the profile does not allow execve, so the app could never start" "$tmp/empty.ini"
printf '[profile]\ndefault = allow\n[deny]\nsyscalls = execve\n' >"$tmp/deny-execve.ini"
check_refused "profile denying execve" "$tmp/deny-execve.ini:4: [deny] names execve, so the app could never start" "$tmp/deny-execve.ini"
SCINIT_MODE=audit "$SCINIT" --profile "$tmp/empty.ini" -- /bin/busybox true; rc=$?
check "audit mode runs even an empty profile" 0 "$rc"

# The README's minimal profile is this fixture, word for word.
readme_block=$(awk '/^```ini$/ {on=1; next} on && /^```$/ {exit} on' README.md)
check "README's profile is tests/fixtures/ini/good/readme-minimal.ini" "$readme_block" "$(tail -n +2 tests/fixtures/ini/good/readme-minimal.ini)"
