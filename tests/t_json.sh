# shellcheck shell=bash
# Docker/OCI seccomp JSON (--profile FILE.json): each field, action, comparison,
# capability, arch and minKernel condition, the overlap rules runc gives, and
# the errors with their FILE:LINE:COL. Live rows run build/probe under the
# profile; the real profiles come from Debian's packages.
. tests/lib.sh
. tests/debian_data.sh

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# json NAME TEXT: writes $tmp/NAME.json.
json() { printf '%s\n' "$2" >"$tmp/$1.json"; }

# live NAME PROFILE EXPECTED ROW...: scinit applies $tmp/PROFILE.json to the
# probe; EXPECTED is its "ROW RESULT" lines joined by " | ", then "[STATUS]"
# when it does not exit 0 (159: killed by SIGSYS). RESULT "base" stands for
# what the row gives without any filter.
live() {
	local name=$1 prof=$2 want=$3 got rc row
	shift 3
	for row in "$@"; do
		[[ $want == *"$row base"* ]] && want=${want/"$row base"/"$row $("$PROBE" "$row" | cut -d' ' -f2)"}
	done
	# shellcheck disable=SC2086 # RUN: a command prefix, e.g. setpriv
	got=$(${RUN:-} "$SCINIT" --profile "$tmp/$prof.json" -- "$PROBE" "$@" 2>&1)
	rc=$?
	got=$(printf '%s' "$got" | awk '{ printf "%s%s", (NR > 1 ? " | " : ""), $0 }')
	[ $rc -eq 0 ] || got="${got:+$got }[$rc]"
	check "$name" "$want" "$got"
}

# refused NAME TEXT MESSAGE: the profile is refused with scinit: FILE:MESSAGE.
refused() {
	json "$1" "$2"
	local got
	got=$("$SCINIT" --profile "$tmp/$1.json" -- "$PROBE" getpid 2>&1)
	check "refuses $1" "125 scinit: $tmp/$1.json:$3" "$? $got"
}

# With the default action ERRNO, the probe and the app's start need these.
base='"execve", "arch_prctl", "set_tid_address", "write", "writev", "exit", "exit_group", "close"'

# --- actions ------------------------------------------------------------------
# act NAME RULE-FIELDS EXPECTED: default ALLOW, one rule for getppid.
act() {
	json "$1" '{"defaultAction": "SCMP_ACT_ALLOW", "syscalls": [{"names": ["getppid"], '"$2"'}]}'
	live "$1" "$1" "$3" getpid getppid
}
act "SCMP_ACT_ERRNO" '"action": "SCMP_ACT_ERRNO"' "getpid ok | getppid EPERM"
act "SCMP_ACT_ERRNO, errnoRet" '"action": "SCMP_ACT_ERRNO", "errnoRet": 13' "getpid ok | getppid EACCES"
act "Podman's errno (name)" '"action": "SCMP_ACT_ERRNO", "errnoRet": 1, "errno": "EXDEV"' "getpid ok | getppid EXDEV"
act "Podman's errno (number)" '"action": "SCMP_ACT_ERRNO", "errno": "18"' "getpid ok | getppid EXDEV"
act "SCMP_ACT_KILL" '"action": "SCMP_ACT_KILL"' "getpid ok [159]"
act "SCMP_ACT_KILL_THREAD" '"action": "SCMP_ACT_KILL_THREAD"' "getpid ok [159]"
act "SCMP_ACT_KILL_PROCESS" '"action": "SCMP_ACT_KILL_PROCESS"' "getpid ok [159]"
act "SCMP_ACT_TRAP" '"action": "SCMP_ACT_TRAP"' "getpid ok [159]"
act "SCMP_ACT_LOG" '"action": "SCMP_ACT_LOG"' "getpid ok | getppid ok"
act "name (old format), null args" '"action": "SCMP_ACT_ERRNO", "args": null, "comment": "x"' "getpid ok | getppid EPERM"
for k in KILL:kill KILL_THREAD:kill KILL_PROCESS:kill_process TRAP:trap LOG:log; do
	check "SCMP_ACT_${k%:*} is ${k#*:}" "${k#*:}" \
		"$("$SCINIT" convert "$tmp/SCMP_ACT_${k%:*}.json" | sed -n 's/^\(action\|getppid\) = //p')"
done
json allow-list '{"defaultAction": "SCMP_ACT_ERRNO", "syscalls": [{"names": ['"$base"', "getpid"], "action": "SCMP_ACT_ALLOW"}]}'
live "allow list, default SCMP_ACT_ERRNO is EPERM" allow-list "getpid ok | getppid EPERM" getpid getppid
json default-errno '{"defaultAction": "SCMP_ACT_ERRNO", "defaultErrnoRet": 38, "syscalls": [{"names": ['"$base"'], "action": "SCMP_ACT_ALLOW"}]}'
live "defaultErrnoRet" default-errno "getppid ENOSYS" getppid
json podman-errno '{"defaultAction": "SCMP_ACT_ERRNO", "defaultErrnoRet": 1, "defaultErrno": "EXDEV", "syscalls": [{"names": ['"$base"'], "action": "SCMP_ACT_ALLOW"}]}'
live "Podman's defaultErrno wins over defaultErrnoRet" podman-errno "getppid EXDEV" getppid

# --- comparisons: personality's arg0 ------------------------------------------
# cmp NAME ARGS EXPECTED ROW...: default ALLOW; EACCES where the args match.
cmp() {
	json "$1" '{"defaultAction": "SCMP_ACT_ALLOW", "syscalls": [{"names": ["personality", "socket"], "action": "SCMP_ACT_ERRNO",
		"errnoRet": 13, "args": ['"$2"']}]}'
	live "$1" "$1" "$3" "${@:4}"
}
cmp SCMP_CMP_EQ '{"index": 0, "value": 8, "op": "SCMP_CMP_EQ"}' "personality:8 EACCES | personality:9 base" personality:8 personality:9
cmp SCMP_CMP_NE '{"index": 0, "value": 8, "op": "SCMP_CMP_NE"}' "personality:8 base | personality:9 EACCES" personality:8 personality:9
cmp SCMP_CMP_LT '{"index": 0, "value": 8, "op": "SCMP_CMP_LT"}' "personality:7 EACCES | personality:8 base" personality:7 personality:8
cmp SCMP_CMP_LE '{"index": 0, "value": 8, "op": "SCMP_CMP_LE"}' "personality:8 EACCES | personality:9 base" personality:8 personality:9
cmp SCMP_CMP_GT '{"index": 0, "value": 8, "op": "SCMP_CMP_GT"}' "personality:8 base | personality:9 EACCES" personality:8 personality:9
cmp SCMP_CMP_GE '{"index": 0, "value": 8, "op": "SCMP_CMP_GE"}' "personality:7 base | personality:8 EACCES" personality:7 personality:8
cmp "SCMP_CMP_MASKED_EQ: (arg & value) == valueTwo" '{"index": 0, "value": 65280, "valueTwo": 256, "op": "SCMP_CMP_MASKED_EQ"}' \
	"personality:0x108 EACCES | personality:0x208 base" personality:0x108 personality:0x208
# personality's persona and socket's family are 32-bit to the kernel: only
# the low half is compared, and a constant the kernel could not be passed is
# refused (shim/filter/arg32.h).
cmp "32-bit argument: high bits are not read" '{"index": 0, "value": 8, "op": "SCMP_CMP_EQ"}' \
	"personality:0x100000008 EACCES | personality:8 EACCES | personality:9 base" personality:0x100000008 personality:8 personality:9
cmp "32-bit argument: an ordered comparison on the low half" '{"index": 0, "value": 40, "op": "SCMP_CMP_GT"}' \
	"socket:0x100000028,1,0 base | socket:0x100000029,1,0 EACCES" socket:0x100000028,1,0 socket:0x100000029,1,0
json "64-bit value" '{"defaultAction": "SCMP_ACT_ALLOW", "syscalls": [{"names": ["personality"], "action": "SCMP_ACT_ERRNO",
	"errnoRet": 13, "args": [{"index": 0, "value": 4294967304, "op": "SCMP_CMP_EQ"}]}]}'
live "64-bit value on a 32-bit argument: refused" "64-bit value" \
	"scinit: $tmp/64-bit value.json:1: 'personality': arg0 is read by the kernel as a 32-bit value, which 0x100000008 does not fit (the kernel would see 0x8) [125]" getpid
# With x32 in the filter a condition on a 64-bit argument is refused
# (libseccomp compares x32 calls' low half only); masked within it is exact.
json "x32 wide arg" '{"defaultAction": "SCMP_ACT_ALLOW", "architectures": ["SCMP_ARCH_X86_64", "SCMP_ARCH_X32"],
	"syscalls": [{"names": ["adjtimex"], "action": "SCMP_ACT_ERRNO", "args": [{"index": 0, "value": 0, "op": "SCMP_CMP_NE"}]}]}'
live "x32: a condition on a 64-bit argument: refused" "x32 wide arg" \
	"scinit: $tmp/x32 wide arg.json:2: 'adjtimex': arg0 is 64-bit, and on x32 libseccomp compares its low half only: leave x32 out of arch, or use 'arg0 & MASK == VALUE' within 32 bits [125]" getpid
json "x32 masked arg" '{"defaultAction": "SCMP_ACT_ALLOW", "architectures": ["SCMP_ARCH_X86_64", "SCMP_ARCH_X32"],
	"syscalls": [{"names": ["getppid"], "action": "SCMP_ACT_ERRNO", "errnoRet": 13, "args": [{"index": 0, "value": 4294967295, "valueTwo": 5, "op": "SCMP_CMP_MASKED_EQ"}]}]}'
live "x32: a masked equality within the low half of a 64-bit argument runs" "x32 masked arg" \
	"getppid:5 EACCES | getppid:6 base" getppid:5 getppid:6
cmp "args on two arguments are ANDed" '{"index": 0, "value": 40, "op": "SCMP_CMP_EQ"}, {"index": 1, "value": 1, "op": "SCMP_CMP_EQ"}' \
	"socket:40,1,0 EACCES | socket:40,2,0 base | socket:41,1,0 base" socket:40,1,0 socket:40,2,0 socket:41,1,0
cmp "args on one argument are ORed, as runc does" '{"index": 0, "value": 2, "op": "SCMP_CMP_LE"}, {"index": 0, "value": 7, "op": "SCMP_CMP_GE"}' \
	"personality:1 EACCES | personality:5 base | personality:8 EACCES" personality:1 personality:5 personality:8

# --- capabilities: includes needs all, excludes none (moby's seccomp_linux.go)
# caps CAPS NAME PROFILE EXPECTED ROW...: live, with only CAPS (setpriv names).
caps() {
	local c=$1
	shift
	RUN="setpriv --inh-caps=-all --bounding-set -all${c:+,+${c//,/,+}} --" live "$@"
}
if [ "$(id -u)" = 0 ] && command -v setpriv >/dev/null; then
	# capr NAME FILTER: getppid EACCES when FILTER lets the rule apply.
	capr() { json "$1" '{"defaultAction": "SCMP_ACT_ALLOW", "syscalls": [{"names": ["getppid"], "action": "SCMP_ACT_ERRNO", "errnoRet": 13, '"$2"'}]}'; }
	capr inc1 '"includes": {"caps": ["CAP_SYS_ADMIN"]}'
	caps sys_admin "includes caps, held" inc1 "getppid EACCES" getppid
	caps "" "includes caps, not held" inc1 "getppid ok" getppid
	capr exc1 '"excludes": {"caps": ["CAP_SYS_ADMIN"]}'
	caps sys_admin "excludes caps, held" exc1 "getppid ok" getppid
	caps chown "excludes caps, not held" exc1 "getppid EACCES" getppid
	capr inc2 '"includes": {"caps": ["CAP_SYS_ADMIN", "CAP_SYS_PTRACE"]}'
	caps sys_admin,sys_ptrace "includes two caps, both held" inc2 "getppid EACCES" getppid
	caps sys_ptrace "includes two caps, one held" inc2 "getppid ok" getppid
	capr exc2 '"excludes": {"caps": ["CAP_SYS_ADMIN", "CAP_SYS_PTRACE"]}'
	caps sys_ptrace "excludes two caps, one held" exc2 "getppid ok" getppid
	caps chown "excludes two caps, none held" exc2 "getppid EACCES" getppid
	json cap-first '{"defaultAction": "SCMP_ACT_ALLOW", "syscalls": [
		{"names": ["getppid"], "action": "SCMP_ACT_ERRNO", "errnoRet": 13, "includes": {"caps": ["CAP_SYS_ADMIN"]}},
		{"names": ["getppid"], "action": "SCMP_ACT_ERRNO", "errnoRet": 18}]}'
	caps sys_admin "overlap: the first rule that applies wins (cap held)" cap-first "getppid EACCES" getppid
	caps "" "overlap: the first rule that applies wins (cap not held)" cap-first "getppid EXDEV" getppid
else
	skip_or_fail "json capability rows" "need root and setpriv"
fi

# --- overlaps: what libseccomp keeps when runc adds the rules in file order --
json first-wins '{"defaultAction": "SCMP_ACT_ALLOW", "syscalls": [{"names": ["getppid"], "action": "SCMP_ACT_ERRNO", "errnoRet": 13},
	{"names": ["getppid"], "action": "SCMP_ACT_ERRNO", "errnoRet": 18}]}'
live "overlap: the first unconditional rule wins" first-wins "getppid EACCES" getppid
json uncond-replaces '{"defaultAction": "SCMP_ACT_ALLOW", "syscalls": [
	{"names": ["personality"], "action": "SCMP_ACT_ERRNO", "errnoRet": 13, "args": [{"index": 0, "value": 8, "op": "SCMP_CMP_EQ"}]},
	{"names": ["personality"], "action": "SCMP_ACT_ERRNO", "errnoRet": 18}]}'
live "overlap: a later unconditional rule replaces a conditional one" uncond-replaces \
	"personality:8 EXDEV | personality:9 EXDEV" personality:8 personality:9
json uncond-hides '{"defaultAction": "SCMP_ACT_ALLOW", "syscalls": [{"names": ["personality"], "action": "SCMP_ACT_ERRNO", "errnoRet": 18},
	{"names": ["personality"], "action": "SCMP_ACT_ERRNO", "errnoRet": 13, "args": [{"index": 0, "value": 8, "op": "SCMP_CMP_EQ"}]}]}'
live "overlap: an unconditional rule hides a later conditional one" uncond-hides "personality:8 EXDEV" personality:8
json cond-order '{"defaultAction": "SCMP_ACT_ALLOW", "syscalls": [
	{"names": ["socket"], "action": "SCMP_ACT_ERRNO", "errnoRet": 13, "args": [{"index": 0, "value": 40, "op": "SCMP_CMP_EQ"}]},
	{"names": ["socket"], "action": "SCMP_ACT_ERRNO", "errnoRet": 18, "args": [{"index": 1, "value": 1, "op": "SCMP_CMP_EQ"}]}]}'
live "overlap: of two conditional rules that match, the later one decides" cond-order \
	"socket:40,1,0 EXDEV | socket:40,2,0 EACCES | socket:41,1,0 EXDEV" socket:40,1,0 socket:40,2,0 socket:41,1,0
json default-inert '{"defaultAction": "SCMP_ACT_ERRNO", "syscalls": [{"names": ['"$base"'], "action": "SCMP_ACT_ALLOW"},
	{"names": ["getppid"], "action": "SCMP_ACT_ERRNO"}, {"names": ["getppid"], "action": "SCMP_ACT_ALLOW"}]}'
live "overlap: a rule with the default action adds nothing" default-inert "getppid ok" getppid

# --- arches and minKernel, decided for this host as dockerd does -------------
# host NAME FILTER: getppid EACCES when FILTER lets the rule apply.
host() { json "$1" '{"defaultAction": "SCMP_ACT_ALLOW", "syscalls": [{"names": ["getppid"], "action": "SCMP_ACT_ERRNO", "errnoRet": 13, '"$2"'}]}'; }
if [ "$(uname -m)" = x86_64 ]; then
	host arch-inc '"includes": {"arches": ["arm64", "amd64"]}'
	live "includes arches: amd64 listed" arch-inc "getppid EACCES" getppid
	host arch-inc-no '"includes": {"arches": ["arm64", "s390x"]}'
	live "includes arches: amd64 not listed" arch-inc-no "getppid ok" getppid
	host arch-exc '"excludes": {"arches": ["amd64"]}'
	live "excludes arches: amd64 listed" arch-exc "getppid ok" getppid
	host arch-exc-no '"excludes": {"arches": ["x86", "x32"]}'
	live "excludes arches: only amd64 counts, not x86 or x32" arch-exc-no "getppid EACCES" getppid
	json x86-only '{"defaultAction": "SCMP_ACT_ALLOW", "architectures": ["SCMP_ARCH_X86"],
		"syscalls": [{"names": ["getppid"], "action": "SCMP_ACT_ERRNO", "errnoRet": 13}]}'
	live "architectures without the native one: native kept (as runc)" x86-only "getppid EACCES" getppid
	no_x86_calls "architectures: x86 rules apply to int 0x80 calls" ||
		live "architectures: x86 rules apply to int 0x80 calls" x86-only "getppid EACCES" -a x86 getppid
	live "architectures: an ABI not listed is killed" x86-only "[159]" -a x32 getppid
	check "architectures: native first" "arch = x86_64 x86" "$("$SCINIT" convert "$tmp/x86-only.json" | grep '^arch')"
	json archmap '{"defaultAction": "SCMP_ACT_ALLOW", "archMap": [
		{"architecture": "SCMP_ARCH_AARCH64", "subArchitectures": ["SCMP_ARCH_ARM"]},
		{"architecture": "SCMP_ARCH_LOONGARCH64", "subArchitectures": []},
		{"architecture": "SCMP_ARCH_X86_64", "subArchitectures": ["SCMP_ARCH_X86", "SCMP_ARCH_X32"]}],
		"syscalls": []}'
	check "archMap: the host's entry only" "arch = x86_64 x86 x32" "$("$SCINIT" convert "$tmp/archmap.json" | grep '^arch')"
fi
host kernel-inc '"includes": {"minKernel": "4.8"}'
live "includes minKernel 4.8" kernel-inc "getppid EACCES" getppid
host kernel-inc-no '"includes": {"minKernel": "99.0"}'
live "includes minKernel 99.0" kernel-inc-no "getppid ok" getppid
host kernel-exc '"excludes": {"minKernel": "4.8"}'
live "excludes minKernel 4.8" kernel-exc "getppid ok" getppid
host kernel-exc-no '"excludes": {"minKernel": "99.0"}'
live "excludes minKernel 99.0" kernel-exc-no "getppid EACCES" getppid
check_match "convert says minKernel was decided here" '^; minKernel was decided for the running kernel, [0-9]+\.[0-9]+$' \
	"$("$SCINIT" convert "$tmp/kernel-inc.json" | grep minKernel)"

# --- names libseccomp does not know --------------------------------------------
json unknown-allow '{"defaultAction": "SCMP_ACT_ERRNO", "syscalls": [{"names": ['"$base"', "getpid", "no_such_call"], "action": "SCMP_ACT_ALLOW"}]}'
live "an unknown name in an allow rule is left out (runc), with a warning" unknown-allow \
	"scinit: warning: $tmp/unknown-allow.json:1:164: \"no_such_call\" is a syscall no architecture knows: a typo? Left out, as Docker does | getpid ok" getpid
check "convert lists names left out" "; 1 names are unknown to libseccomp and left out, as runc does: no_such_call" \
	"$("$SCINIT" convert "$tmp/unknown-allow.json" | grep unknown)"
json unknown-deny '{"defaultAction": "SCMP_ACT_ERRNO", "syscalls": [{"names": ['"$base"'], "action": "SCMP_ACT_ALLOW"},
	{"names": ["no_such_call"], "action": "SCMP_ACT_KILL"}]}'
live "an unknown name in a deny rule is left out when the default denies, with a warning" unknown-deny \
	"scinit: warning: $tmp/unknown-deny.json:2:13: \"no_such_call\" is a syscall no architecture knows: a typo? Left out, as Docker does | getpid EPERM" getpid

# --- runc's ENOSYS for syscalls newer than the profile ------------------------
newest='"futex_waitv"'
json enosys '{"defaultAction": "SCMP_ACT_ERRNO", "architectures": ["SCMP_ARCH_X86_64"],
	"syscalls": [{"names": ['"$base, $newest"'], "action": "SCMP_ACT_ALLOW"}]}'
live "syscalls newer than the newest named: ENOSYS" enosys "cachestat ENOSYS | fchmodat2 ENOSYS | getppid EPERM" \
	cachestat fchmodat2 getppid
json enosys-noarch '{"defaultAction": "SCMP_ACT_ERRNO", "syscalls": [{"names": ['"$base, $newest"'], "action": "SCMP_ACT_ALLOW"}]}'
live "no ENOSYS without architectures (runc's rule covers the listed ones)" enosys-noarch "cachestat EPERM" cachestat
json enosys-named '{"defaultAction": "SCMP_ACT_ERRNO", "architectures": ["SCMP_ARCH_X86_64"],
	"syscalls": [{"names": ['"$base, $newest"'], "action": "SCMP_ACT_ALLOW"}, {"names": ["futex_requeue"], "action": "SCMP_ACT_ERRNO"}]}'
live "a name in a rule with the default action counts as named" enosys-named "cachestat EPERM" cachestat
json enosys-allow '{"defaultAction": "SCMP_ACT_LOG", "architectures": ["SCMP_ARCH_X86_64"], "syscalls": [{"names": ["getppid"], "action": "SCMP_ACT_ERRNO"}]}'
live "no ENOSYS when the default lets calls run" enosys-allow "cachestat base" cachestat

# --- flags and the notify fields ---------------------------------------------
json flag-log '{"defaultAction": "SCMP_ACT_ALLOW", "flags": ["SECCOMP_FILTER_FLAG_LOG"], "syscalls": []}'
check "flag SECCOMP_FILTER_FLAG_LOG is log_denials" "log_denials = yes" "$("$SCINIT" convert "$tmp/flag-log.json" | grep log_denials)"
json flags-ok '{"defaultAction": "SCMP_ACT_ALLOW", "flags": ["SECCOMP_FILTER_FLAG_TSYNC", "SECCOMP_FILTER_FLAG_SPEC_ALLOW"],
	"listenerPath": "", "listenerMetadata": "x", "syscalls": []}'
live "flags TSYNC and SPEC_ALLOW are accepted; an empty listenerPath too" flags-ok "getpid ok" getpid

# --- the real profiles --------------------------------------------------------
if dir=$(docker_seccomp_dir) && podman=$(podman_seccomp_json); then
	cp "$dir/default.json" "$tmp/docker.json" && cp "$podman" "$tmp/podman.json"
	live "Docker 20.10's default.json runs" docker "getpid ok | personality:9 EPERM" getpid personality:9
	live "Podman's seccomp.json runs (defaultErrnoRet ENOSYS)" podman "getpid ok | personality:9 ENOSYS" getpid personality:9
	for f in "$dir"/fixtures/*.json; do
		"$SCINIT" convert "$f" >/dev/null
		check "Docker's fixture $(basename "$f") converts" 0 $?
	done
else
	skip_or_fail "json real profiles" "cannot get them from Debian's packages"
fi

# --- errors: FILE:LINE:COL of the value at fault ------------------------------
A='{"defaultAction": "SCMP_ACT_ALLOW", "syscalls": [{"names": ["getpid"], "action": "SCMP_ACT_ERRNO"'
refused unknown-field '{"defaultAction": "SCMP_ACT_ALLOW", "syscals": []}' \
	'1:37: unknown field "syscals" (defaultAction, defaultErrnoRet, defaultErrno, architectures, archMap, syscalls, flags, listenerPath, listenerMetadata)'
refused unknown-rule-field "$A"', "nmes": ["getppid"]}]}' \
	'1:100: unknown field "nmes" (name, names, action, errnoRet, errno, args, comment, includes, excludes)'
refused unknown-arg-field "$A"', "args": [{"index": 0, "vlue": 1, "op": "SCMP_CMP_EQ"}]}]}' \
	'1:122: unknown field "vlue" (index, value, valueTwo, op)'
refused duplicate-field '{"defaultAction": "SCMP_ACT_ALLOW", "defaultAction": "SCMP_ACT_ERRNO"}' '1:37: "defaultAction" is given twice'
refused bad-op "$A"', "args": [{"index": 0, "value": 1, "op": "SCMP_CMP_EQQ"}]}]}' \
	'1:140: unknown op "SCMP_CMP_EQQ" (SCMP_CMP_EQ, SCMP_CMP_NE, SCMP_CMP_LT, SCMP_CMP_LE, SCMP_CMP_GT, SCMP_CMP_GE, SCMP_CMP_MASKED_EQ)'
refused unknown-action '{"defaultAction": "SCMP_ACT_ALLOWW"}' \
	'1:19: unknown action "SCMP_ACT_ALLOWW" (SCMP_ACT_ALLOW, SCMP_ACT_ERRNO, SCMP_ACT_KILL_THREAD, SCMP_ACT_KILL_PROCESS, SCMP_ACT_TRAP, SCMP_ACT_LOG)'
refused trace '{"defaultAction": "SCMP_ACT_ALLOW", "syscalls": [{"names": ["getpid"], "action": "SCMP_ACT_TRACE"}]}' \
	'1:82: SCMP_ACT_TRACE needs a tracer, which scinit does not have (without one the kernel fails the call with ENOSYS: SCMP_ACT_ERRNO with errnoRet 38 says that)'
refused notify '{"defaultAction": "SCMP_ACT_ALLOW", "syscalls": [{"names": ["getpid"], "action": "SCMP_ACT_NOTIFY"}]}' \
	'1:82: SCMP_ACT_NOTIFY needs a seccomp agent, which scinit does not have'
refused wrong-type-names '{"defaultAction": "SCMP_ACT_ALLOW", "syscalls": [{"names": "getpid", "action": "SCMP_ACT_ERRNO"}]}' \
	'1:60: expected a list of strings'
refused wrong-type-index "$A"', "args": [{"index": "0", "value": 1, "op": "SCMP_CMP_EQ"}]}]}' \
	'1:119: expected a whole number from 0 to 5'
refused wrong-type-minkernel "$A"', "includes": {"minKernel": 4.8}}]}' '1:126: expected a string'
refused index-6 "$A"', "args": [{"index": 6, "value": 1, "op": "SCMP_CMP_EQ"}]}]}' '1:119: expected a whole number from 0 to 5'
refused negative-value "$A"', "args": [{"index": 0, "value": -1, "op": "SCMP_CMP_EQ"}]}]}' \
	'1:131: expected a whole number from 0 to 18446744073709551615'
refused value-over-64-bits "$A"', "args": [{"index": 0, "value": 18446744073709551616, "op": "SCMP_CMP_EQ"}]}]}' \
	'1:131: expected a whole number from 0 to 18446744073709551615'
refused valuetwo-without-masked "$A"', "args": [{"index": 0, "value": 1, "valueTwo": 2, "op": "SCMP_CMP_EQ"}]}]}' \
	'1:146: valueTwo is used by SCMP_CMP_MASKED_EQ only'
refused arg-without-op "$A"', "args": [{"index": 0, "value": 1}]}]}' '1:109: an arg needs index and op'
refused arg-without-index "$A"', "args": [{"value": 1, "op": "SCMP_CMP_EQ"}]}]}' '1:109: an arg needs index and op'
refused seven-args "$A"', "args": [{}, {}, {}, {}, {}, {}, {}]}]}' '1:108: more than 6 args'
refused errnoret-0 "$A"', "errnoRet": 0}]}' \
	'1:112: errnoRet 0 makes the call return success without running it; scinit does not offer that'
refused errnoret-allow '{"defaultAction": "SCMP_ACT_ERRNO", "syscalls": [{"names": ["getpid"], "action": "SCMP_ACT_ALLOW", "errnoRet": 1}]}' \
	'1:112: an errno goes with SCMP_ACT_ERRNO only'
refused default-errnoret-allow '{"defaultAction": "SCMP_ACT_ALLOW", "defaultErrnoRet": 1}' '1:56: an errno goes with SCMP_ACT_ERRNO only'
refused podman-errno-unknown "$A"', "errno": "EFOO"}]}' "1:109: unknown errno 'EFOO' (a name such as EPERM, or 1..4094)"
refused cap-spelling "$A"', "includes": {"caps": ["cap_sys_admin"]}}]}' \
	'1:122: unknown capability "cap_sys_admin" (written like CAP_SYS_ADMIN)'
refused cap-unknown "$A"', "excludes": {"caps": ["CAP_FOO"]}}]}' '1:122: unknown capability "CAP_FOO" (written like CAP_SYS_ADMIN)'
refused rule-arch-unknown "$A"', "includes": {"arches": ["amd46"]}}]}' \
	'1:124: unknown architecture "amd46" (Docker'"'"'s names: amd64, x86, arm64, s390x, ...)'
refused minkernel-three-parts "$A"', "includes": {"minKernel": "4.8.1"}}]}' '1:126: minKernel must look like "4.8" (major.minor)'
refused arch-unknown '{"defaultAction": "SCMP_ACT_ALLOW", "architectures": ["SCMP_ARCH_X86_64", "SCMP_ARCH_FOO"]}' \
	'1:75: unknown architecture "SCMP_ARCH_FOO" (SCMP_ARCH_X86_64, SCMP_ARCH_X86, SCMP_ARCH_X32)'
refused arch-and-archmap '{"defaultAction": "SCMP_ACT_ALLOW", "architectures": ["SCMP_ARCH_X86_64"], "archMap": []}' \
	'1:87: use either architectures or archMap, not both'
# scinit filters the x86 family only (in archMap only the host's entry is
# read: tests/fixtures/json/features.json). An arch of the other byte order is
# refused, as runc refuses it; one of this byte order is left out, where runc
# keeps a section of the filter that no call on this machine reaches.
refused arch-byte-order '{"defaultAction": "SCMP_ACT_ALLOW", "architectures": ["SCMP_ARCH_S390X"]}' \
	"1:55: SCMP_ARCH_S390X cannot share a filter with this machine's architecture (byte order)"
printf '{"defaultAction": "SCMP_ACT_ERRNO", "architectures": ["SCMP_ARCH_X86_64", "SCMP_ARCH_AARCH64", "SCMP_ARCH_ARM"], "syscalls": [{"names": ["execve", "exit_group", "getpid", "write", "writev", "arch_prctl", "set_tid_address", "brk", "mmap", "munmap", "rt_sigprocmask", "rt_sigaction"], "action": "SCMP_ACT_ALLOW"}]}\n' >"$tmp/foreign.json"
printf '{"defaultAction": "SCMP_ACT_ERRNO", "architectures": ["SCMP_ARCH_X86_64"], "syscalls": [{"names": ["execve", "exit_group", "getpid", "write", "writev", "arch_prctl", "set_tid_address", "brk", "mmap", "munmap", "rt_sigprocmask", "rt_sigaction"], "action": "SCMP_ACT_ALLOW"}]}\n' >"$tmp/native.json"
check "arch-foreign: aarch64 and arm are left out: the same program as without them" \
	"$("$SCINIT" convert --bpf "$tmp/native.json" | od -An -tx1)" "$("$SCINIT" convert --bpf "$tmp/foreign.json" 2>&1 | od -An -tx1)"
check "arch-foreign: ... and the same answers (ENOSYS: newer than every listed call, as runc does)" "getpid ok setns:-1,0 ENOSYS" \
	"$("$SCINIT" --profile "$tmp/foreign.json" --exec -- "$PROBE" getpid setns:-1,0 2>&1 | tr '\n' ' ' | sed 's/ $//')"
refused no-default-action '{"syscalls": []}' '1:1: defaultAction is missing'
refused no-action '{"defaultAction": "SCMP_ACT_ALLOW", "syscalls": [{"names": ["getpid"]}]}' '1:50: action is missing'
refused name-and-names '{"defaultAction": "SCMP_ACT_ALLOW", "syscalls": [{"name": "getpid", "names": ["getppid"], "action": "SCMP_ACT_ERRNO"}]}' \
	'1:78: use either name or names, not both'
refused unknown-name-would-run '{"defaultAction": "SCMP_ACT_ALLOW", "syscalls": [{"names": ["getpid", "no_such_call"], "action": "SCMP_ACT_ERRNO"}]}' \
	'1:71: "no_such_call" is unknown to libseccomp, so this rule cannot stop it, and the default action lets it run'
refused listener-path '{"defaultAction": "SCMP_ACT_ALLOW", "listenerPath": "/run/agent.sock"}' \
	'1:53: listenerPath: scinit has no seccomp agent (SCMP_ACT_NOTIFY)'
refused flag-new-listener '{"defaultAction": "SCMP_ACT_ALLOW", "flags": ["SECCOMP_FILTER_FLAG_NEW_LISTENER"]}' \
	'1:47: unsupported flag "SECCOMP_FILTER_FLAG_NEW_LISTENER" (SECCOMP_FILTER_FLAG_LOG, _TSYNC, _SPEC_ALLOW; scinit has no seccomp agent for the notify flags)'
refused flag-unknown '{"defaultAction": "SCMP_ACT_ALLOW", "flags": ["SECCOMP_FILTER_FLAG_FOO"]}' \
	'1:47: unsupported flag "SECCOMP_FILTER_FLAG_FOO" (SECCOMP_FILTER_FLAG_LOG, _TSYNC, _SPEC_ALLOW; scinit has no seccomp agent for the notify flags)'
# Syntax: jsmn tokenizes; scinit checks what lies between the tokens.
refused truncated '{"defaultAction": "SCMP_ACT_ALLOW", "syscalls": [' '1:50: unexpected end: the JSON is cut short'
refused truncated-after-number '{"defaultAction": "SCMP_ACT_ERRNO", "defaultErrnoRet": 1' '1:57: unexpected end: the JSON is cut short'
refused unterminated-string '{"defaultAction": "SCMP_ACT_ALLOW", "syscalls": [{"names": ["getpid]}]}' '1:61: unterminated string'
refused missing-comma '{"defaultAction": "SCMP_ACT_ALLOW" "syscalls": []}' "1:35: expected ','"
refused missing-colon '{"defaultAction" "SCMP_ACT_ALLOW"}' "1:17: expected ':'"
refused trailing-comma '{"defaultAction": "SCMP_ACT_ALLOW",}' "1:35: unexpected ','"
refused trailing-comma-in-list "$A"', "args": [{"index": 0, "value": 1, "op": "SCMP_CMP_EQ"},]}]}' "1:154: unexpected ','"
refused text-after '{"defaultAction": "SCMP_ACT_ALLOW"} x' '1:37: not valid JSON here'
refused second-object '{"defaultAction": "SCMP_ACT_ALLOW"} {}' "1:37: unexpected '{'"
refused too-deep '{"defaultAction": "SCMP_ACT_ALLOW", "syscalls": [[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]]}' '1:64: nested more than 16 deep'
refused multi-line '{
  "defaultAction": "SCMP_ACT_ALLOW",
  "syscalls": [
    {
      "names": ["getpid"],
      "action": "SCMP_ACT_ERRNO",
      "args": [{"index": 0, "value": 1, "op": "SCMP_CMP_EQ" "x": 1}]
    }
  ]
}' "7:60: expected ','"
refused columns-count-characters '{"defaultAction": "SCMP_ACT_ALLOW", "syscalls": [{"comment": "größer", "names": 1, "action": "SCMP_ACT_LOG"}]}' \
	'1:81: expected a list of strings'

# --- an arg without "value": 0, as Docker reads it (SPO's writer leaves 0 out)
cmp "an arg without value compares with 0" '{"index": 0, "op": "SCMP_CMP_EQ"}' "personality:0 EACCES | personality:8 base" personality:0 personality:8
json value-zero '{"defaultAction": "SCMP_ACT_ALLOW", "syscalls": [{"names": ["personality"], "action": "SCMP_ACT_ERRNO", "args": [{"index": 0, "value": 0, "op": "SCMP_CMP_EQ"}]}]}'
json value-left-out '{"defaultAction": "SCMP_ACT_ALLOW", "syscalls": [{"names": ["personality"], "action": "SCMP_ACT_ERRNO", "args": [{"index": 0, "op": "SCMP_CMP_EQ"}]}]}'
json value-one '{"defaultAction": "SCMP_ACT_ALLOW", "syscalls": [{"names": ["personality"], "action": "SCMP_ACT_ERRNO", "args": [{"index": 0, "value": 1, "op": "SCMP_CMP_EQ"}]}]}'
prog() { "$SCINIT" convert --bpf "$tmp/$1.json" | od -An -tx1; }
check "an arg without value: the same program as value 0" "$(prog value-zero)" "$(prog value-left-out)"
check "... and not the program of value 1 (the comparison can tell)" "different" \
	"$([ "$(prog value-one)" != "$(prog value-left-out)" ] && echo different)"

# --- Security Profiles Operator objects ---------------------------------------
# As `kubectl get seccompprofile NAME -o json` prints one: the profile is the
# spec; metadata and status are the cluster's.
spec='{"defaultAction": "SCMP_ACT_ERRNO", "architectures": ["SCMP_ARCH_X86_64", "SCMP_ARCH_AARCH64"],
	"syscalls": [{"names": ['"$base"', "getpid"], "action": "SCMP_ACT_ALLOW"},
		{"names": ["getppid"], "action": "SCMP_ACT_ERRNO", "errnoRet": 13},
		{"names": ["personality"], "action": "SCMP_ACT_ALLOW", "args": [{"index": 0, "op": "SCMP_CMP_EQ"}]}]}'
object() { # object NAME APIVERSION KIND SPEC-FIELDS-PREFIX
	json "$1" '{"apiVersion": "'"$2"'", "kind": "'"$3"'",
	"metadata": {"name": "app", "uid": "1f0c", "creationTimestamp": "2026-01-01T00:00:00Z", "labels": {"a": "b"}},
	"spec": '"$4"',
	"status": {"status": "Installed", "localhostProfile": "operator/app.json", "conditions": [{"type": "Ready"}]}}'
}
json spo-spec "$spec"
object spo-object security-profiles-operator.x-k8s.io/v1beta1 SeccompProfile "$spec"
live "SeccompProfile object: its spec applies" spo-object "getpid ok | getppid EACCES | personality:0 base | personality:8 EPERM" \
	getpid getppid personality:0 personality:8
check "SeccompProfile object: the same program as its spec alone" "$(prog spo-spec)" "$(prog spo-object)"
object spo-v1 security-profiles-operator.x-k8s.io/v1 SeccompProfile "${spec%\}}"', "state": "Disabled", "disabled": true}'
check "SeccompProfile object, API v1 with state and disabled: the same program" "$(prog spo-spec)" "$(prog spo-v1)"
object spo-bad-kind security-profiles-operator.x-k8s.io/v1beta1 SeccompProfileList "$spec"
got=$("$SCINIT" --profile "$tmp/spo-bad-kind.json" -- "$PROBE" getpid 2>&1)
check "a SeccompProfileList is refused: one object at a time" \
	"125 scinit: $tmp/spo-bad-kind.json:1:71: expected one SeccompProfile object (apiVersion security-profiles-operator.x-k8s.io/..., kind SeccompProfile: kubectl get seccompprofile NAME -o json)" "$? $got"
object spo-bad-api v1 SeccompProfile "$spec"
got=$("$SCINIT" convert "$tmp/spo-bad-api.json" 2>&1)
check "an object of another API is refused" \
	"125 scinit: $tmp/spo-bad-api.json:1:16: expected one SeccompProfile object (apiVersion security-profiles-operator.x-k8s.io/..., kind SeccompProfile: kubectl get seccompprofile NAME -o json)" "$? $got"
object spo-errnoret security-profiles-operator.x-k8s.io/v1beta1 SeccompProfile '{"defaultAction": "SCMP_ACT_ERRNO", "defaultErrnoRet": 38}'
got=$("$SCINIT" convert "$tmp/spo-errnoret.json" 2>&1)
check_match "a spec field SPO does not have (defaultErrnoRet) is refused, with SPO's fields" \
	'^125 scinit: .*spo-errnoret.json:3:46: unknown field "defaultErrnoRet" \(defaultAction, baseProfileName, disabled, architectures, state, syscalls, flags, listenerPath, listenerMetadata\)$' "$? $got"

# baseProfileName: a runtime's base stands for Docker's default whatever the
# arguments (@docker-default) under the spec's own rules; others are refused.
base_spec() { echo '{"defaultAction": "SCMP_ACT_ERRNO", "baseProfileName": "'"$1"'", "syscalls": [{"names": ["getppid"], "action": "SCMP_ACT_ERRNO", "errnoRet": 13}]}'; }
for b in runc-v1.4.2 crun-v1.26 RuntimeDefault; do
	object "base-$b" security-profiles-operator.x-k8s.io/v1beta1 SeccompProfile "$(base_spec "$b")"
	live "baseProfileName $b: Docker's default, the spec's rule first" "base-$b" \
		"getpid ok | getppid EACCES | ptrace:1 base | unshare:0 EPERM | bpf EPERM" getpid getppid ptrace:1 unshare:0 bpf
done
members=$("$SCINIT" groups @docker-default 2>/dev/null | cut -f1 | grep -vx getppid | sed 's/.*/"&"/' | paste -sd, -)
json docker-default '{"defaultAction": "SCMP_ACT_ERRNO", "syscalls": [{"names": ["getppid"], "action": "SCMP_ACT_ERRNO", "errnoRet": 13},
	{"names": ['"$members"'], "action": "SCMP_ACT_ALLOW"}]}'
check "baseProfileName runc-v1.4.2: the program of the spec's rule plus @docker-default's members" \
	"$(prog docker-default 2>/dev/null)" "$(prog base-runc-v1.4.2)"
# SPO before 0.8 typed errnoRet as a string, as learn mode's spo format writes it.
object spo-errno-string security-profiles-operator.x-k8s.io/v1beta1 SeccompProfile \
	'{"defaultAction": "SCMP_ACT_ALLOW", "syscalls": [{"names": ["getppid"], "action": "SCMP_ACT_ERRNO", "errnoRet": "13"}]}'
live "SeccompProfile: errnoRet as a string (SPO before 0.8)" spo-errno-string "getppid EACCES" getppid
json docker-errno-string '{"defaultAction": "SCMP_ACT_ALLOW", "syscalls": [{"names": ["getppid"], "action": "SCMP_ACT_ERRNO", "errnoRet": "13"}]}'
got=$("$SCINIT" convert "$tmp/docker-errno-string.json" 2>&1)
check "... but not in Docker's JSON, which Docker refuses" \
	"125 scinit: $tmp/docker-errno-string.json:1:113: expected a whole number from 0 to 4094" "$? $got"
# A rule with the default action adds nothing to the filter, but the base
# must not allow what the spec names either.
object base-inert security-profiles-operator.x-k8s.io/v1beta1 SeccompProfile \
	'{"defaultAction": "SCMP_ACT_ERRNO", "baseProfileName": "runc-v1.4.2", "syscalls": [{"names": ["getppid"], "action": "SCMP_ACT_ERRNO"}]}'
live "baseProfileName: a call the spec denies with the default action stays denied" base-inert \
	"getppid EPERM | getpid ok" getppid getpid
object base-other security-profiles-operator.x-k8s.io/v1beta1 SeccompProfile "$(base_spec my-base)"
got=$("$SCINIT" convert "$tmp/base-other.json" 2>&1)
check "baseProfileName of another object: refused, one line" \
	"125 scinit: $tmp/base-other.json:3:65: baseProfileName \"my-base\": scinit knows runc-v..., crun-v... and RuntimeDefault (as @docker-default); merge other bases into the spec" "$? $got"

# YAML: one line that says how to get the JSON form.
printf '# a SeccompProfile\napiVersion: security-profiles-operator.x-k8s.io/v1beta1\nkind: SeccompProfile\n' >"$tmp/sp.yaml"
got=$("$SCINIT" --profile "$tmp/sp.yaml" -- "$PROBE" getpid 2>&1)
check "a YAML SeccompProfile: exit 125, how to make it JSON" \
	"125 scinit: $tmp/sp.yaml:2: YAML: scinit reads the JSON form: kubectl get seccompprofile NAME -o json >NAME.json (or: yq -o json FILE)" "$? $got"
got=$("$SCINIT" convert docs/kubernetes/seccompprofile.yaml 2>&1)
check_match "docs/kubernetes/seccompprofile.yaml through convert: the same line" "^125 scinit: docs/kubernetes/seccompprofile.yaml:[0-9]+: YAML: " "$? $got"
if python3 -c 'import yaml' 2>/dev/null; then
	python3 -c 'import sys, yaml, json; json.dump(yaml.safe_load(open(sys.argv[1])), sys.stdout)' \
		docs/kubernetes/seccompprofile.yaml >"$tmp/sp-from-yaml.json"
	"$SCINIT" convert "$tmp/sp-from-yaml.json" >/dev/null 2>"$tmp/err"
	check "docs/kubernetes/seccompprofile.yaml as JSON (python3's yaml): read as it is" "0 " "$? $(cat "$tmp/err")"
else
	skip_or_fail "SeccompProfile YAML to JSON" "python3-yaml is not installed"
fi

# A syscall name no architecture knows: loaded (as Docker and runc do), with
# one warning naming FILE:LINE:COL.
json typo '{"defaultAction": "SCMP_ACT_ERRNO", "syscalls": [{"names": ['"$base"', "getpid"], "action": "SCMP_ACT_ALLOW"},
	{"names": ["getpidd"], "action": "SCMP_ACT_ALLOW"}]}'
got=$("$SCINIT" --profile "$tmp/typo.json" -- "$PROBE" getpid 2>&1)
check "a typo in a syscall name: a warning with FILE:LINE:COL, and the app runs" \
	"0 scinit: warning: $tmp/typo.json:2:13: \"getpidd\" is a syscall no architecture knows: a typo? Left out, as Docker does|getpid ok" \
	"$? $(tr '\n' '|' <<<"$got" | sed 's/|$//')"
json other-arch '{"defaultAction": "SCMP_ACT_ERRNO", "syscalls": [{"names": ['"$base"', "getpid", "arm_fadvise64_64", "socketcall"], "action": "SCMP_ACT_ALLOW"}]}'
got=$("$SCINIT" --profile "$tmp/other-arch.json" -- "$PROBE" getpid 2>&1)
check "names of another architecture are no typo: no warning" "0 getpid ok" "$? $got"
