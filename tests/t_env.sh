# What the environment and the command line can change at a start:
# lock_mode = yes keeps the profile (embedded or file) and its supervisor,
# whatever SCINIT_PROFILE, --profile and SCINIT_EXEC/--exec say; an unknown
# SCINIT_* variable (a typo) is named with the known one closest to it.
# Each refusal is one line and 125, and the app never starts.
. tests/lib.sh

: "${APP:=$(dirname "$SCINIT")/app}"
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT

printf '[profile]\ndefault = allow\nlock_mode = yes\n[deny]\nsyscalls = socket\n' >"$tmp/locked.ini"
printf '[profile]\ndefault = allow\n' >"$tmp/open.ini"
"$SCINIT" embed "$tmp/locked.ini" -o "$tmp/locked-scinit" >/dev/null 2>&1 ||
	fail "env: embed a locked profile" "$("$SCINIT" embed "$tmp/locked.ini" -o "$tmp/locked-scinit" 2>&1)"
"$SCINIT" embed "$tmp/open.ini" -o "$tmp/open-scinit" >/dev/null 2>&1 ||
	fail "env: embed an unlocked profile" "$("$SCINIT" embed "$tmp/open.ini" -o "$tmp/open-scinit" 2>&1)"

# run [VAR=VALUE...] -- SCINIT ARGS...: "STATUS|STDERR|app ran or not".
run() {
	local vars=()
	while [ "$1" != -- ]; do vars+=("$1"); shift; done
	shift
	rm -f "$tmp/ran"
	out=$(env "${vars[@]}" "$@" "$APP" 2>&1 >"$tmp/ran")
	echo "$?|$out|$(grep -q '^app: socket' "$tmp/ran" && echo app ran || echo app not run)"
}

# --- lock_mode = yes --------------------------------------------------------------

check "env: locked embedded profile: the app runs under it, socket denied" \
	"0||app ran|app: socket(AF_INET): Operation not permitted" "$(run -- "$tmp/locked-scinit" --)|$(grep socket "$tmp/ran")"
check "env: locked embedded profile: SCINIT_PROFILE is refused" \
	"125|scinit: <embedded> is locked (lock_mode = yes) and refuses SCINIT_PROFILE: remove it|app not run" \
	"$(run SCINIT_PROFILE="$tmp/open.ini" -- "$tmp/locked-scinit" --)"
check "env: locked embedded profile: --profile is refused" \
	"125|scinit: <embedded> is locked (lock_mode = yes) and refuses --profile: remove it|app not run" \
	"$(run -- "$tmp/locked-scinit" --profile "$tmp/open.ini" --)"
check "env: locked embedded profile: SCINIT_EXEC=1 is refused" \
	"125|scinit: <embedded> is locked (lock_mode = yes) and refuses --exec/SCINIT_EXEC: remove it|app not run" \
	"$(run SCINIT_EXEC=1 -- "$tmp/locked-scinit" --)"
check_match "env: locked embedded profile: --exec is refused" "^125\|scinit: <embedded> is locked .*--exec.*\|app not run$" \
	"$(run -- "$tmp/locked-scinit" --exec --)"
check_match "env: locked embedded profile: SCINIT_MODE=audit is ignored with a warning, as before" \
	"^0\|scinit: warning: <embedded>: lock_mode is set, ignoring --mode/SCINIT_MODE audit and running in enforce mode" \
	"$(run SCINIT_MODE=audit -- "$tmp/locked-scinit" --)"
check "env: locked file profile named by --profile: SCINIT_PROFILE naming another is refused" \
	"125|scinit: $tmp/locked.ini is locked (lock_mode = yes) and refuses SCINIT_PROFILE: remove it|app not run" \
	"$(run SCINIT_PROFILE="$tmp/open.ini" -- "$SCINIT" --profile "$tmp/locked.ini" --)"
check_match "env: locked file profile: SCINIT_PROFILE naming the same file is accepted" "^0\|.*\|app ran$" \
	"$(run SCINIT_PROFILE="$tmp/locked.ini" -- "$SCINIT" --profile "$tmp/locked.ini" --)"
check_match "env: locked file profile: --exec is refused" "^125\|scinit: $tmp/locked.ini is locked .*--exec.*\|app not run$" \
	"$(run -- "$SCINIT" --profile "$tmp/locked.ini" --exec --)"
# Controls: without the lock each of these is accepted.
check_match "env: control: unlocked embedded profile: SCINIT_PROFILE replaces it" "^0\|.*\|app ran$" \
	"$(run SCINIT_PROFILE="$tmp/locked.ini" -- "$tmp/open-scinit" --)"
check_match "env: control: unlocked profile: --exec runs the app" "^0\|.*\|app ran$" \
	"$(run -- "$SCINIT" --profile "$tmp/open.ini" --exec --)"

# --- unknown SCINIT_* variables ---------------------------------------------------

# typo KNOWN VALUE: a row per typo, each named with the known variable closest to it.
while read -r typo known value; do
	check "env: $typo: a warning naming $known; the start goes on" \
		"0|scinit: warning: unknown variable $typo is ignored; did you mean $known?|app ran" \
		"$(run "$typo=$value" -- "$SCINIT" --profile "$tmp/open.ini" --)"
done <<EOF_TYPOS
SCINIT_PROFLE SCINIT_PROFILE $tmp/open.ini
SCINIT_EXECC SCINIT_EXEC 1
SCINIT_LEARN_FROMAT SCINIT_LEARN_FORMAT ini
SCINIT_WAITALL SCINIT_WAIT_ALL 1
SCINIT_LEARN SCINIT_LEARN_OUT x
EOF_TYPOS
check_match "env: a name with control characters is echoed with ? in their place" \
	"^0\|scinit: warning: unknown variable SCINIT_X\?Y is ignored; did you mean SCINIT_[A-Z_]+\?\|app ran$" \
	"$(run "$(printf 'SCINIT_X\033Y')=1" -- "$SCINIT" --profile "$tmp/open.ini" --)"
check "env: control: every known variable set, no warning" "0||app ran" \
	"$(run SCINIT_MODE=enforce SCINIT_PROFILE="$tmp/open.ini" SCINIT_LEARN_OUT=/nonexistent SCINIT_LEARN_FORMAT=ini \
		SCINIT_PROCESS_GROUP=0 SCINIT_WAIT_ALL=0 SCINIT_EXEC=0 OTHER_SCINIT_X=1 -- "$SCINIT" --)"
# Every variable shim/ reads is in the list the warning knows (cli.c's
# known_env), or setting it would be warned about as a typo.
known=$(sed -n '/known_env\[\] = {/,/};/p' shim/cli/cli.c)
missing=$(grep -rho --include='*.c' '"SCINIT_[A-Z_]*"' shim | tr -d '"' | grep -vx SCINIT_ | sort -u |
	while read -r var; do grep -q "\"$var\"" <<<"$known" || echo "$var"; done)
check "env: every SCINIT_* variable shim/ reads is a known one" "" "$missing"
check "env: control: that list is found and not empty" yes "$(grep -q '"SCINIT_MODE"' <<<"$known" && echo yes)"
