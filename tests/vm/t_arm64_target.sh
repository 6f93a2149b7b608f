# What only an arm64 scinit on an arm64 kernel can show, run inside the VM
# (tests/t_arm64.sh) with busybox and bash: the profile keywords and lint on
# this family, learn mode with 32-bit arm apps, the control that proves the
# live table's compat rows can fail, and the programs libseccomp builds here
# (printed as "BPF NAME HEX" lines for tests/t_arm64.sh to compare with the
# build machine's, which has no aarch64 libseccomp that can run).
. tests/lib.sh
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
hex() { od -An -v -tx1 | tr -d ' \n'; }

# --- one profile for both families -------------------------------------------------
out=$("$SCINIT" lint config/default.ini 2>&1); rc=$?
check "lint config/default.ini: clean, its findings accepted with reasons (exit 0)" 0 "$rc"
check "lint config/default.ini: ptrace and chroot shown as accepted" 2 "$(grep -c ": accepted (" <<<"$out")"
check_match "lint config/default.ini: x86_64's arch_prctl is skipped here, in a note" \
	"^config/default.ini:[0-9]+: note: 'arch_prctl' is not a syscall of aarch64, arm: skipped on this target$" "$out"
check_match "lint config/default.ini: arm's set_tls is no note here" "^ok$" \
	"$(printf '%s\n' "$out" | grep -q "'set_tls'" && echo found || echo ok)"
printf '[profile]\narch = native compat\n[allow]\nsyscalls = arch_prctl read write execve exit_group set_tls\n' >"$tmp/both.ini"
out=$("$SCINIT" lint "$tmp/both.ini" 2>&1); rc=$?
check "lint: a profile whose only other-family names are notes exits 0" 0 "$rc"
check_match "lint: ... and says what it skips" "note: 'arch_prctl' is not a syscall of aarch64, arm" "$out"
printf '[profile]\narch = native x86\n' >"$tmp/x86.ini"
check "arch = x86 on aarch64: one clear line" \
	"scinit: $tmp/x86.ini:2: 'x86' is not an architecture this scinit runs on (aarch64 family: aarch64, arm)" \
	"$("$SCINIT" --profile "$tmp/x86.ini" -- "$PROBE" getpid 2>&1)"
printf '[profile]\narch = native compat\n[allow]\nsyscalls = execve\n' >"$tmp/compat.ini"
check_match "arch = native compat is aarch64 and arm here" "^arch = aarch64 arm$" \
	"$("$SCINIT" convert "$tmp/compat.ini" 2>&1)"
printf '[profile]\ndefault = allow\n[allow]\nsyscalls = no_such_call\n' >"$tmp/unknown.ini"
check_match "a name no arch knows is still an error" "unknown syscall 'no_such_call'" \
	"$("$SCINIT" --profile "$tmp/unknown.ini" -- "$PROBE" getpid 2>&1)"

# --- at least Docker's protection, on arm64 ---------------------------------------------
# Every call of the probe's table, native and 32-bit arm, under the embedded
# default and under Docker's default profile (its arm64 entries apply here),
# all with Docker's default capabilities (an outer scinit that allows
# everything keeps only those, so that Docker's capability rules decide as
# in a container): whatever Docker's denies, the default denies too. A call
# is denied when its answer differs from the unfiltered one.
printf '[profile]\ndefault = allow\narch = native compat\n[setup]\ncapabilities = %s\n' \
	"chown dac_override fowner fsetid kill setgid setuid setpcap net_bind_service net_raw sys_chroot mknod audit_write setfcap" \
	>"$tmp/docker-caps.ini"
# as_docker CMD...: CMD with Docker's default capabilities.
as_docker() { "$SCINIT" --profile "$tmp/docker-caps.ini" -- "$@"; }
# docker_compare SCINIT ABI: fills $tmp/none, $tmp/default (under SCINIT's
# embedded profile) and $tmp/docker, one "CALL RESULT" line per call.
docker_compare() {
	local probe=$PROBE
	[ "$2" = arm ] && probe=$PROBE32
	read -r -a calls <<<"$("$probe" -l | awk '{ print $1 }' | tr '\n' ' ')"
	as_docker "$probe" "${calls[@]}" >"$tmp/none" 2>&1
	as_docker "$1" -- "$probe" "${calls[@]}" >"$tmp/default" 2>&1
	as_docker "$SCINIT" --profile docker-default.json -- "$probe" "${calls[@]}" >"$tmp/docker" 2>&1
}
# Calls Docker's denies (the answer differs from the unfiltered one) that the
# embedded profile lets through, as "CALL(Docker's answer)".
weaker() { paste -d' ' "$tmp/none" "$tmp/default" "$tmp/docker" | awk '$2 != $6 && $2 == $4 { printf "%s(%s) ", $1, $6 }'; }
if [ -f docker-default.json ]; then
	for abi in native arm; do
		docker_compare "$SCINIT" $abi
		check "docker: the probe has calls for $abi (more than 100)" yes "$([ ${#calls[@]} -gt 100 ] && echo yes)"
		check "docker: the probe answered every call ($abi): unfiltered, under the default, under Docker's" \
			"${#calls[@]} ${#calls[@]} ${#calls[@]}" "$(wc -l <"$tmp/none") $(wc -l <"$tmp/default") $(wc -l <"$tmp/docker")"
		denied=$(paste -d' ' "$tmp/none" "$tmp/docker" | awk '$2 != $4' | wc -l)
		check "docker: each of the $denied calls Docker's default denies on arm64 ($abi) the embedded default denies" \
			"" "$(weaker)"
		echo "     ($abi) the default denies, Docker's allows:" $(paste -d' ' "$tmp/none" "$tmp/default" "$tmp/docker" |
			awk '$2 != $4 && $2 == $6 { print $1 }')
		echo "     ($abi) both deny, with another errno (default/Docker):" \
			$(paste -d' ' "$tmp/none" "$tmp/default" "$tmp/docker" | awk '$2 != $4 && $2 != $6 && $4 != $6 { print $1 "(" $4 "/" $6 ")" }')
	done
else
	skip_or_fail "docker: the embedded default against Docker's on arm64" "no docker-default.json in the VM (tests/debian_data.sh)"
fi

# --- learn mode with a 32-bit arm app ------------------------------------------------
# set_tls is arm's private call 0xf0005, far above the other numbers: every
# arm libc makes it at start-up, so a learned profile without it cannot run
# the app it was learned from.
: >"$tmp/empty.ini"
SCINIT_MODE=learn SCINIT_LEARN_OUT=$tmp/learned.ini "$SCINIT" --profile "$tmp/empty.ini" -- "$PROBE32" getpid getppid \
	>/dev/null 2>&1
check_match "learn (arm app): the learned profile allows set_tls" "^syscalls = .* set_tls( |$)" \
	"$(cat "$tmp/learned.ini")"
check_match "learn (arm app): ... and lists arm among its arches" "^arch = aarch64 arm$" "$(cat "$tmp/learned.ini")"
check "learn (arm app): the learned profile runs the app in enforce mode" "getpid ok getppid ok" \
	"$("$SCINIT" --profile "$tmp/learned.ini" -- "$PROBE32" getpid getppid 2>&1 | tr '\n' ' ' | sed 's/ $//')"
sed -E 's/ set_tls( |$)/\1/' "$tmp/learned.ini" >"$tmp/no-tls.ini"
check "learn (arm app): the control without set_tls cannot run it (the row above can fail)" no \
	"$("$SCINIT" --profile "$tmp/no-tls.ini" -- "$PROBE32" getpid 2>&1 | grep -q '^getpid ok$' && echo yes || echo no)"

# --- the control: the live table's compat rows can fail ---------------------------------
# An embedded profile that allows everything on both ABIs: each compat row of
# the embedded default that expects a denial must fail under it. Its lines
# are shown indented, so that tests/t_arm64.sh does not count them.
printf '[profile]\ndefault = allow\narch = native compat\n' >"$tmp/allow.ini"
"$SCINIT" embed "$tmp/allow.ini" -o "$tmp/scinit-allow" >/dev/null 2>&1
"$tmp/scinit-allow" bpf --precompiled enforce >"$tmp/allow.bpf" 2>/dev/null
check "control: scinit embed writes an allow-everything scinit, its program precompiled" yes \
	"$([ -s "$tmp/allow.bpf" ] && echo yes)"
out=$(RESULTS=$tmp/control SCINIT=$tmp/scinit-allow bash tests/t_live.sh 2>&1)
want=$(grep -cE "^default +enforce +compat +[a-z0-9_]+ +(E[A-Z0-9]+|killed)$" tests/tables/live.tbl)
failed=$(printf '%s\n' "$out" | grep -E "^FAIL default enforce arm ")
printf '%s\n' "$failed" | sed 's/^/     control: /'
check "control: under an allow-everything embedded profile all $want compat denial rows of the default fail" \
	"$want" "$(printf '%s\n' "$failed" | grep -c .)"
if [ -f docker-default.json ]; then
	docker_compare "$tmp/scinit-allow" arm
	check_match "control: ... and the comparison with Docker's default finds what it lets through (arm)" "mount\(EPERM\)" \
		"$(weaker)"
fi

# --- the programs, for the build machine to compare ------------------------------------
for p in "enforce-build bpf --build enforce" "enforce-now bpf enforce" "enforce-precompiled bpf --precompiled enforce" \
	"audit-now bpf audit" "audit-precompiled bpf --precompiled audit" "supervisor-build bpf --build supervisor" \
	"supervisor-precompiled bpf --precompiled supervisor"; do
	set -- $p
	name=$1
	shift
	echo "BPF $name $("$SCINIT" "$@" | hex)"
done
for f in config/default.ini tests/fixtures/live/*.ini; do
	echo "BPF file:$f $("$SCINIT" convert --bpf "$f" | hex)"
done
