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

# Every subcommand (the table in shim/cmd/commands.c): NAME --help and -h
# print its usage on stdout and exit 0; a usage error prints the same text
# on stderr and exits 125.
subcommands=$(sed -n 's/^[[:space:]]*{ "\([a-z]*\)", command_[a-z]*,.*/\1/p' shim/cmd/commands.c)
check "subcommands: the table in shim/cmd/commands.c was read" "bpf convert decode embed groups lint merge verify" \
	"$(echo $subcommands)"
for sub in $subcommands; do
	for h in --help -h; do
		"$SCINIT" "$sub" "$h" >"$tmp/out" 2>"$tmp/err"
		check "$sub $h: exit 0, its usage on stdout, nothing on stderr" "0|usage: scinit $sub|" \
			"$?|$(head -n 1 "$tmp/out" | cut -d' ' -f1-3)|$(cat "$tmp/err")"
	done
	"$SCINIT" "$sub" --no-such-option x y z >"$tmp/out" 2>"$tmp/err"
	rc=$?
	check "$sub with a bad option: exit 125, the same usage on stderr, nothing on stdout" \
		"125|$("$SCINIT" "$sub" --help)|" "$rc|$(cat "$tmp/err")|$(cat "$tmp/out")"
done
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

# --- errno names: every one Linux defines (linux-libc-dev's headers) ---------
# Each name round-trips through convert (INI, and JSON's errnoRet is the
# header's number); an alias reads as its number's first name. The table is
# shim/tools/errno_gen.py's output for these headers.
hdr=/usr/include/asm-generic
if [ -f "$hdr/errno.h" ] && [ -f "$hdr/errno-base.h" ]; then
	ver=$(dpkg-query -W -f='${Version}' "linux-libc-dev:$(dpkg --print-architecture)" 2>/dev/null)
	check "errno table: shim/profile/errno_table.c is errno_gen.py's output for linux-libc-dev $ver" "" \
		"$(python3 shim/tools/errno_gen.py "$hdr" "$ver" | diff - shim/profile/errno_table.c)"
	sed -n 's/^#define[[:space:]]\+\(E[A-Z0-9]*\)[[:space:]]\+\([0-9A-Z]*\).*/\1 \2/p' "$hdr/errno-base.h" "$hdr/errno.h" >"$tmp/errnos"
	check_match "errno names: the headers were read (EHOSTDOWN among them)" "EHOSTDOWN 112" "$(cat "$tmp/errnos")"
	bad=""
	n=0
	while read -r name value; do
		n=$((n + 1))
		case $value in E*) value=$(awk -v v="$value" '$1 == v { print $2 }' "$tmp/errnos") ;; esac
		first=$(awk -v v="$value" '$2 == v { print $1; exit }' "$tmp/errnos")
		printf '[profile]\ndefault = errno:%s\n[allow]\nsyscalls = execve\n' "$name" >"$tmp/e.ini"
		ini=$("$SCINIT" convert "$tmp/e.ini" 2>&1 | grep '^default')
		json=$("$SCINIT" convert --json "$tmp/e.ini" 2>&1 | grep -o '"defaultErrnoRet": [0-9]*')
		[ "$ini|$json" = "default = errno:$first|\"defaultErrnoRet\": $value" ] || bad="$bad $name($ini|$json)"
	done <"$tmp/errnos"
	check "errno names: all $n round-trip through convert (INI and JSON)" "" "$bad"
	check_match "errno names: ... and there are over 130 of them" "^1[3-9][0-9]$" "$n"
	for bad in EHOSTDOWNX HOSTDOWN E- E; do
		printf '[profile]\ndefault = errno:%s\n' "$bad" >"$tmp/e.ini"
		got=$("$SCINIT" convert "$tmp/e.ini" 2>&1)
		check "errno names: $bad, not a name Linux defines, is refused" \
			"125 scinit: $tmp/e.ini:2: unknown errno '$bad' (a name such as EPERM, or 1..4094)" "$? $got"
	done
else
	skip_or_fail "errno names" "linux-libc-dev's asm-generic errno headers are not installed"
fi
