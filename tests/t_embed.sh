# shellcheck shell=bash
# scinit embed PROFILE -o OUT: the copy runs with PROFILE (a denial the
# built-in profile would not give), in place when it fits the slot and
# appended when it does not; its precompiled filter is rebuilt when it can
# be and disabled otherwise; an invalid profile writes nothing and leaves an
# existing OUT alone; a damaged appended profile stops the copy (125); and
# an image build embeds a profile FROM scratch, without a toolchain.
. tests/lib.sh
. tests/docker_lib.sh

tmp=$(mktemp -d)
image=scinit-embed-test:$$
trap 'docker_cleanup; docker rmi -f "$image" >/dev/null 2>&1; rm -rf "$tmp"' EXIT

# The built-in profile allows getppid; these deny it.
cat >"$tmp/small.ini" <<'EOF'
[profile]
default = errno:EPERM
[allow]
syscalls = @default @basic-io @signal execve
[deny]
action = errno:EACCES
syscalls = getppid
EOF
check "embed: the built-in profile allows getppid" "getppid ok" "$("$SCINIT" --exec -- "$PROBE" getppid 2>&1)"

# embed_case NAME PROFILE OUT: runs embed, checks status 0 and the copy's mode.
embed_case() {
	"$SCINIT" embed "$2" -o "$3" >"$tmp/msg" 2>&1
	check "embed $1: exit 0" 0 "$?"
	check "embed $1: OUT is executable" "755" "$(stat -c %a "$3" 2>/dev/null)"
}
# precompiled COPY MODE: whether the copy's precompiled program is exactly
# libseccomp's for its profile, padded with `ret KILL_PROCESS`.
precompiled_matches() {
	local copy=$1 mode=$2 n
	"$copy" bpf "$mode" >"$tmp/built" && "$copy" bpf --precompiled "$mode" >"$tmp/pre" || return 1
	n=$(stat -c %s "$tmp/built")
	[ "$n" -gt 0 ] && cmp -s -n "$n" "$tmp/built" "$tmp/pre" &&
		[ -z "$(tail -c +$((n + 1)) "$tmp/pre" | od -An -v -tx1 | tr -s ' \n' ' ' | sed 's/ 06 00 00 00 00 00 00 80//g; s/ //g')" ]
}

# --- in place, precompiled filter rebuilt -------------------------------------------
embed_case "small INI" "$tmp/small.ini" "$tmp/small"
check "embed small: in place, filter rebuilt" "$tmp/small: scinit with $tmp/small.ini embedded (in place; precompiled filter rebuilt)" "$(cat "$tmp/msg")"
check "embed small: the copy denies getppid" "getppid EACCES" "$("$tmp/small" --exec -- "$PROBE" getppid 2>&1)"
check "embed small: audit mode logs instead" "getppid ok" "$(SCINIT_MODE=audit "$tmp/small" --exec -- "$PROBE" getppid 2>&1)"
check "embed small: under the supervisor too" "getppid EACCES" "$("$tmp/small" -- "$PROBE" getppid 2>&1)"
check "embed small: same size as scinit" "$(stat -c %s "$SCINIT")" "$(stat -c %s "$tmp/small")"
if precompiled_matches "$tmp/small" enforce; then
	pass "embed small: precompiled enforce program is libseccomp's for the new profile"
else
	fail "embed small: precompiled enforce program is libseccomp's for the new profile"
fi
# Audit mode's is derived from it at run time: the same answers as
# libseccomp's audit program.
"$tmp/small" bpf audit >"$tmp/built" && "$tmp/small" bpf --precompiled audit >"$tmp/pre"
check_match "embed small: precompiled audit program answers as libseccomp's for the new profile" ", 0 differ$" \
	"$(python3 tests/bpf_equiv.py "$tmp/built" "$tmp/pre")"
# On a read-only mount: verify also reports a binary the app could rewrite.
unshare --mount -- sh -c 'mount --bind -o ro "$1" "$1" && exec "$2" verify' _ "$tmp" "$tmp/small" >"$tmp/out" 2>&1
check "embed small: verify checks the new embedded profile" 0 "$?"
check "embed small: a profile file still wins" "getppid ok" "$("$tmp/small" --profile config/default.ini --exec -- "$PROBE" getppid 2>&1)"
mkdir "$tmp/ok-dir"
"$SCINIT" embed "$tmp/small.ini" -o "$tmp/ok-dir/scinit" >/dev/null 2>&1
check "embed: OUT alone in its directory, no temporary file left" scinit "$(ls -A "$tmp/ok-dir")"
"$SCINIT" embed "$tmp/small.ini" -o "$tmp/ok-dir/scinit" >/dev/null 2>&1
check "embed: an existing OUT is replaced" "" "$(cmp "$tmp/small" "$tmp/ok-dir/scinit" 2>&1)"

# --- JSON and capability conditions: precompiled filter disabled ----------------------
cat >"$tmp/deny.json" <<'EOF'
{
	"defaultAction": "SCMP_ACT_ALLOW",
	"syscalls": [
		{ "names": ["getppid"], "action": "SCMP_ACT_ERRNO", "errnoRet": 1 }
	]
}
EOF
embed_case "Docker JSON" "$tmp/deny.json" "$tmp/json"
check_match "embed JSON: precompiled filter disabled" "precompiled filter disabled\)$" "$(cat "$tmp/msg")"
check "embed JSON: the copy denies getppid" "getppid EPERM" "$("$tmp/json" --exec -- "$PROBE" getppid 2>&1)"
"$tmp/json" bpf --precompiled enforce >"$tmp/pre.bpf"
check "embed JSON: no precompiled program is used (bpf --precompiled: exit 0, 0 bytes)" "0 0" "$? $(wc -c <"$tmp/pre.bpf")"
printf '%s\n' '[profile]' 'default = errno:EPERM' '[allow]' 'syscalls = @default @basic-io execve' '[rules]' \
	'uname = errno:ENOTSUP if !cap:sys_admin' 'uname = allow if cap:sys_admin' >"$tmp/caps.ini"
embed_case "capability conditions" "$tmp/caps.ini" "$tmp/caps"
check_match "embed caps: precompiled filter disabled" "precompiled filter disabled\)$" "$(cat "$tmp/msg")"
if [ "$(id -u)" = 0 ] && command -v setpriv >/dev/null; then
	check "embed caps: allowed with CAP_SYS_ADMIN" "uname EFAULT" "$("$tmp/caps" --exec -- "$PROBE" uname 2>&1)"
	check "embed caps: denied without it" "uname EOPNOTSUPP" \
		"$(setpriv --inh-caps=-all --bounding-set -sys_admin -- "$tmp/caps" --exec -- "$PROBE" uname 2>&1)"
else
	skip_or_fail "embed caps: capability sets" "needs root and setpriv"
fi

# --- larger than the slot: appended -----------------------------------------------
{ cat "$tmp/small.ini"; for i in $(seq 400); do echo "; a comment line that makes this profile larger than the built-in one ($i)"; done; } >"$tmp/big.ini"
embed_case "profile larger than the slot" "$tmp/big.ini" "$tmp/big"
check_match "embed big: appended" "\(appended: read from the file at each start; precompiled filter rebuilt\)$" "$(cat "$tmp/msg")"
check "embed big: the copy denies getppid" "getppid EACCES" "$("$tmp/big" --exec -- "$PROBE" getppid 2>&1)"
# Damaged: truncated (as strip would leave it) or changed.
head -c "$(stat -c %s "$SCINIT")" "$tmp/big" >"$tmp/big-cut" && chmod 755 "$tmp/big-cut"
"$tmp/big-cut" --exec -- "$PROBE" getppid >"$tmp/out" 2>&1
check "embed big: truncated copy exits 125" 125 "$?"
check_match "embed big: truncated copy says why" "appended to /proc/self/exe is missing" "$(cat "$tmp/out")"
cp "$tmp/big" "$tmp/big-bad"
printf 'X' | dd of="$tmp/big-bad" bs=1 seek=$(($(stat -c %s "$tmp/big") - 100)) conv=notrunc 2>/dev/null
"$tmp/big-bad" --exec -- "$PROBE" getppid >"$tmp/out" 2>&1
check "embed big: changed copy exits 125" 125 "$?"
check_match "embed big: changed copy says why" "appended to /proc/self/exe is damaged" "$(cat "$tmp/out")"
# A copy of a copy: the old appended profile is dropped.
"$tmp/big" embed "$tmp/small.ini" -o "$tmp/small2" >/dev/null 2>&1
check "embed: a copy of an appended copy equals a first copy" "" "$(cmp "$tmp/small" "$tmp/small2" 2>&1)"
"$tmp/small" embed "$tmp/big.ini" -o "$tmp/big2" >/dev/null 2>&1
check "embed: an appended copy of a copy equals a first one" "" "$(cmp "$tmp/big" "$tmp/big2" 2>&1)"

# A filter too large for the precompiled slot (300 argument-checked syscalls on
# three arches, compared in the low half, which x32 takes: 1195 instructions,
# the slot holds the embedded default's 388):
# disabled, and the copy still works.
{ printf '[profile]\ndefault = errno:EPERM\narch = x86_64 x86 x32\n[allow]\nsyscalls = execve exit_group write arch_prctl set_tid_address\n[rules]\n'
	"$PROBE" -l | awk '$1 !~ /^(execve|exit_group|write|exit|arch_prctl|set_tid_address)$/ && n++ < 300 {
		print $1 " = allow if arg0 & 0xffffffff == 1 and arg1 & 0xffffffff == 3" }'; } >"$tmp/wide.ini"
check "embed wide: libseccomp's program is larger than the slot" yes \
	"$([ "$("$SCINIT" convert --bpf "$tmp/wide.ini" | wc -c)" -gt "$("$SCINIT" bpf --precompiled enforce | wc -c)" ] && echo yes)"
embed_case "filter larger than the precompiled slot" "$tmp/wide.ini" "$tmp/wide"
check_match "embed wide: precompiled filter disabled" "precompiled filter disabled\)$" "$(cat "$tmp/msg")"
check "embed wide: the copy denies getppid" "getppid EPERM" "$("$tmp/wide" --exec -- "$PROBE" getppid 2>&1)"

# --- [setup] for another image: embedded as it is, resolved by the copy at start -------
embed_case "[setup] naming a user, groups and workdir this machine lacks" tests/fixtures/setup/elsewhere.ini "$tmp/elsewhere"
user_line=$(grep -n '^user = ' tests/fixtures/setup/elsewhere.ini | cut -d: -f1)
got=$("$tmp/elsewhere" -- /bin/true 2>&1)
check "embed [setup] for another image: the copy refuses to start at the user line" \
	"125 scinit: <embedded>:$user_line: user 'scinit-test-app' is not in /etc/passwd (give a number or add it to the image)" "$? $got"

# --- invalid profiles write nothing ---------------------------------------------------
mkdir "$tmp/out-dir"
printf '[allow]\nsyscalls = execve mount\n[rules]\nmount = errno:EPERM if arg2 == 0\n' >"$tmp/conflict.ini"
printf '[allow]\nsyscalls = read\n' >"$tmp/noexec.ini"
printf '[profile]\ndefault = allowish\n' >"$tmp/syntax.ini"
printf '%s\n' '[allow]' 'syscalls = execve' '[rules]' 'swapon = errno:EPERM' 'swapon = allow if cap:sys_admin' >"$tmp/capsconflict.ini"
for f in conflict noexec syntax capsconflict missing; do
	"$SCINIT" embed "$tmp/$f.ini" -o "$tmp/out-dir/scinit" >"$tmp/out" 2>"$tmp/err"
	check "embed invalid $f: exit 125" 125 "$?"
	check_match "embed invalid $f: one error line" "^scinit: " "$(cat "$tmp/err")"
	check "embed invalid $f: nothing written" "" "$(ls -A "$tmp/out-dir")"
done
echo keep >"$tmp/out-dir/scinit"
"$SCINIT" embed "$tmp/conflict.ini" -o "$tmp/out-dir/scinit" >/dev/null 2>&1
check "embed invalid: an existing OUT is left alone" keep "$(cat "$tmp/out-dir/scinit")"
check "embed invalid: and nothing else appears" scinit "$(ls -A "$tmp/out-dir")"
"$SCINIT" embed "$tmp/small.ini" -o "$tmp/no-such-dir/scinit" >/dev/null 2>&1
check "embed: an unwritable OUT is 125" 125 "$?"
"$SCINIT" embed "$tmp/small.ini" >/dev/null 2>&1
check "embed: without -o is a usage error" 125 "$?"

# --- an image build without a toolchain ---------------------------------------------
need_docker embed_scratch || exit 0
mkdir "$tmp/img"
cp "$SCINIT" "$PROBE" "$tmp/small.ini" "$tmp/img/"
cat >"$tmp/img/Dockerfile" <<'EOF'
FROM scratch
COPY scinit probe small.ini /
RUN ["/scinit", "embed", "/small.ini", "-o", "/scinit-app"]
ENTRYPOINT ["/scinit-app", "--", "/probe"]
EOF
if docker_scratch_image "$image" "$tmp/img"; then
	pass "embed scratch: RUN scinit embed in a FROM scratch build"
	check "embed scratch: the image's scinit denies getppid" "getppid EACCES" \
		"$(docker_run 60 --security-opt seccomp=unconfined "$image" getppid 2>&1)"
else
	fail "embed scratch: RUN scinit embed in a FROM scratch build"
fi
