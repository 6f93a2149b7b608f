# shellcheck shell=bash
# scinit convert: INI <-> Docker JSON. A conversion must keep behaviour
# exactly: JSON -> INI -> JSON -> INI gives the same INI, and every form gives
# the same filter (`convert --bpf`: the BPF program libseccomp builds; equal
# bytes = equal filter), for several capability sets.
. tests/lib.sh
. tests/debian_data.sh

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# The profiles: real ones from Debian's packages, scinit's own, the fixtures.
profiles=(tests/fixtures/json/*.json config/default.ini tests/fixtures/ini/good/*.ini tests/fixtures/live/*.ini)
if dir=$(docker_seccomp_dir) && podman=$(podman_seccomp_json); then
	cp "$dir/default.json" "$tmp/docker-20.10.json" && cp "$podman" "$tmp/podman.json"
	profiles+=("$tmp/docker-20.10.json" "$tmp/podman.json")
	# Docker's test fixtures allow no execve, which --bpf refuses like a
	# start would; with one more rule they build.
	for f in "$dir"/fixtures/*.json; do
		python3 -c 'import json, sys
p = json.load(open(sys.argv[1])); p["syscalls"].append({"names": ["execve"], "action": "SCMP_ACT_ALLOW"})
json.dump(p, open(sys.argv[2], "w"), indent=1)' "$f" "$tmp/fixture-$(basename "$f")"
		profiles+=("$tmp/fixture-$(basename "$f")")
	done
else
	skip_or_fail "convert: real profiles" "cannot get them from Debian's packages"
fi

# bpf_as CAPS FILE: the filter for FILE with only CAPS (setpriv names), or
# with scinit's own capabilities when setpriv cannot be used.
can_drop=false
[ "$(id -u)" = 0 ] && command -v setpriv >/dev/null && can_drop=true
bpf_as() {
	if $can_drop; then
		setpriv --inh-caps=-all --bounding-set "-all${1:+,+${1//,/,+}}" -- "$SCINIT" convert --bpf "$2"
	else
		"$SCINIT" convert --bpf "$2"
	fi
}
cap_sets=("" "chown,dac_override,fsetid,fowner,mknod,net_raw,setgid,setuid,setfcap,setpcap,net_bind_service,sys_chroot,kill,audit_write"
	"sys_admin" "sys_admin,sys_ptrace,sys_time" "bpf,perfmon,net_admin" "sys_chroot")
$can_drop || skip_or_fail "convert: filters for several capability sets" "need root and setpriv"

# The INI without the comments convert adds, and without mode and lock_mode,
# which JSON cannot carry (convert --json warns).
body() { grep -v -e '^;' -e '^mode = ' -e '^lock_mode = ' "$1"; }

for f in "${profiles[@]}"; do
	name=$(basename "$f")
	b=$tmp/rt-$name
	if ! "$SCINIT" convert "$f" >"$b.1.ini" 2>"$b.err" || ! "$SCINIT" convert --json "$b.1.ini" >"$b.2.json" 2>>"$b.err" ||
		! "$SCINIT" convert "$b.2.json" >"$b.3.ini" 2>>"$b.err" || ! "$SCINIT" convert --json "$f" >"$b.4.json" 2>>"$b.err"; then
		fail "convert $name" "$(grep -v warning "$b.err" | head -n 2)"
		continue
	fi
	if grep -qE ' (not )?in [^ ]+\.\.' "$b.1.ini"; then
		# Docker JSON has no range: it carries the range's exact
		# decomposition, which must then come back unchanged.
		"$SCINIT" convert --json "$b.3.ini" >"$b.5.json" 2>>"$b.err" && "$SCINIT" convert "$b.5.json" >"$b.6.ini" 2>>"$b.err"
		if ! grep -qE ' (not )?in [^ ]+\.\.' "$b.3.ini" && diff <(body "$b.3.ini") <(body "$b.6.ini") >"$b.diff"; then
			pass "convert $name: ranges decomposed for JSON, and that INI -> JSON -> INI gives the same INI"
		else
			fail "convert $name: ranges decomposed for JSON, and that INI -> JSON -> INI gives the same INI" \
				"$(head -n 6 "$b.diff" | tr '\n' ';')"
		fi
	elif diff <(body "$b.1.ini") <(body "$b.3.ini") >"$b.diff"; then
		pass "convert $name: INI -> JSON -> INI gives the same INI"
	else
		fail "convert $name: INI -> JSON -> INI gives the same INI" "$(head -n 6 "$b.diff" | tr '\n' ';')"
	fi
	python3 -c 'import json, sys; json.load(open(sys.argv[1]))' "$b.4.json" 2>/dev/null
	check "convert --json $name is JSON" 0 $?
	bad=""
	for caps in "${cap_sets[@]}"; do
		# The original's program must be one, or equal errors would pass.
		if ! bpf_as "$caps" "$f" >"$b.0.bpf" 2>"$b.0.err" || [ ! -s "$b.0.bpf" ]; then
			bad="$bad original[${caps:-none}]:$(head -n 1 "$b.0.err")"
			continue
		fi
		for form in 1.ini 2.json 4.json; do
			bpf_as "$caps" "$b.$form" >"$b.bpf" 2>&1
			cmp -s "$b.0.bpf" "$b.bpf" || bad="$bad ${form}[${caps:-none}]"
		done
		$can_drop || break
	done
	check "convert $name: a program, and the same from every form" "" "$bad"
done

# The INI that convert writes, line by line (comments aside).
if [ "$(uname -m)" = x86_64 ]; then
	"$SCINIT" convert tests/fixtures/json/features.json >"$tmp/features.ini"
	if diff <(body tests/fixtures/json/features.ini) <(body "$tmp/features.ini") >"$tmp/diff"; then
		pass "convert features.json: the expected INI"
	else
		fail "convert features.json: the expected INI" "$(head -n 8 "$tmp/diff" | tr '\n' ';')"
	fi
	check "convert features.json: comments" "; converted from Docker/OCI JSON by \`scinit convert\`
; minKernel was decided for the running kernel, $(uname -r | cut -d. -f1-2)
; 1 names are unknown to libseccomp and left out, as runc does: not_a_syscall
; runc gives ENOSYS to syscalls newer than the newest the JSON names: the errno:ENOSYS rules" \
		"$(grep '^;' "$tmp/features.ini")"
fi

# INI features that JSON says its own way.
printf '[profile]\ndefault = errno:EPERM\nlog_denials = yes\n[allow]\nsyscalls = execve exit_group\n[deny]\nsyscalls = mount\n[rules]\nmount = allow if cap:sys_admin\n' >"$tmp/deny.ini"
"$SCINIT" convert "$tmp/deny.ini" >"$tmp/deny.out"
check "[deny] hides the other rules of its syscall" "[profile]
default = errno:EPERM
log_denials = yes

[allow]
syscalls = execve exit_group" "$(cat "$tmp/deny.out")"
check "log_denials is SECCOMP_FILTER_FLAG_LOG" 1 "$("$SCINIT" convert --json "$tmp/deny.ini" | grep -c '"SECCOMP_FILTER_FLAG_LOG"')"
printf '[profile]\ndefault = errno:EPERM\narch = x86_64 x86\n[allow]\nsyscalls = execve exit_group\n' >"$tmp/newest.ini"
"$SCINIT" convert --json "$tmp/newest.ini" >"$tmp/newest.json"
check "JSON names the newest syscall with the default action (no runc ENOSYS)" \
	"1 the default action, named so that runc gives newer syscalls the default too, not ENOSYS" \
	"$(grep -c '"comment"' "$tmp/newest.json") $(sed -n 's/.*"comment": "\(.*\)".*/\1/p' "$tmp/newest.json")"
printf '[profile]\ndefault = allow\narch = x86\n[deny]\nsyscalls = mount\n' >"$tmp/no-native.ini"
got=$("$SCINIT" convert --json "$tmp/no-native.ini" 2>&1)
check "JSON cannot leave out the native arch" "125 scinit: $tmp/no-native.ini: the filter leaves out the native architecture, which Docker JSON cannot say (runc always keeps it)" "$? $got"
printf '[profile]\ndefault = allow\nmode = audit\n[deny]\nsyscalls = mount\n' >"$tmp/audit.ini"
got=$("$SCINIT" convert --json "$tmp/audit.ini" 2>&1 >/dev/null)
check "JSON: mode is left out, with a warning" "0 scinit: warning: $tmp/audit.ini: mode, lock_mode and [setup] are not part of Docker JSON and are not written" "$? $got"
check "INI keeps mode" "mode = audit" "$("$SCINIT" convert "$tmp/audit.ini" | grep mode)"
# [setup] is checked against the image at start: names this machine lacks
# do not stop a conversion.
f=tests/fixtures/setup/elsewhere.ini
got=$("$SCINIT" convert "$f" 2>&1 >"$tmp/elsewhere.ini")
check "[setup] naming users this machine lacks: converted, with the usual warning" "0 scinit: warning: $f: [setup] is not written" "$? $got"
"$SCINIT" convert --json "$f" >/dev/null 2>&1
check "[setup] naming users this machine lacks: --json" 0 "$?"
"$SCINIT" convert --bpf "$f" >"$tmp/elsewhere.bpf"
check "[setup] naming users this machine lacks: --bpf, the program of the profile without it" \
	"0 " "$? $("$SCINIT" convert --bpf "$tmp/elsewhere.ini" | cmp - "$tmp/elsewhere.bpf" 2>&1)"
m='{"index": 0, "value": 18446744073709551615, "valueTwo": 18446744073709551615, "op": "SCMP_CMP_MASKED_EQ"}'
printf '{"defaultAction": "SCMP_ACT_ALLOW", "syscalls": [{"names": ["personality"], "action": "SCMP_ACT_ERRNO", "args": [%s]}]}\n' \
	"$m, ${m/0,/1,}, ${m/0,/2,}, ${m/0,/3,}" >"$tmp/long.json"
got=$("$SCINIT" convert "$tmp/long.json" 2>&1 >/dev/null)
check "a rule too long for an INI line is refused" "125 scinit: the rule for personality is longer than an INI line (198 characters)" "$? $got"

# Use.
got=$("$SCINIT" convert 2>&1)
check "convert without a file: 125, as every subcommand" "125 usage: scinit convert [--json | --bpf] FILE" "$? $(echo "$got" | head -n 1)"
got=$("$SCINIT" convert --yaml x 2>&1)
check "convert --yaml: 125" "125 usage: scinit convert [--json | --bpf] FILE" "$? $(echo "$got" | head -n 1)"
got=$("$SCINIT" convert "$tmp/none.json" 2>&1)
check "convert a missing file" "125 scinit: $tmp/none.json: cannot open: No such file or directory" "$? $got"
# A BPF program is 8-byte instructions ending in a return (BPF_RET | BPF_K).
"$SCINIT" convert --bpf config/default.ini >"$tmp/prog"
check "convert --bpf prints a BPF program" "0 06" "$(($(stat -c %s "$tmp/prog") % 8)) $(tail -c 8 "$tmp/prog" | od -An -tx1 | awk '{print $1}')"
