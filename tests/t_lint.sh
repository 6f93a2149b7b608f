# shellcheck shell=bash
# scinit lint and lint --against on the fixtures of tests/fixtures/lint: the
# exact findings (FILE:LINE: message, sorted by line), the exit status (0
# clean, 1 findings, 125 invalid), and nothing on stdout for an invalid file.
. tests/lib.sh

d=tests/fixtures/lint
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# lint_case NAME STATUS EXPECTED ARGS...: the whole stdout and the status.
lint_case() {
	local name=$1 want_rc=$2 want=$3 out rc
	shift 3
	out=$("$SCINIT" lint "$@" 2>"$tmp/err")
	rc=$?
	check "lint $name: exit status" "$want_rc" "$rc"
	check "lint $name: findings" "$want" "$out"
}

lint_case "clean profile" 0 "" "$d/clean.ini"

# [setup] is checked against the image when scinit starts there; names this
# machine lacks are no finding.
lint_case "[setup] naming a user, groups and workdir this machine lacks" 0 "" tests/fixtures/setup/elsewhere.ini
check "lint [setup] for another image: nothing on stderr" "" "$(cat "$tmp/err")"

lint_case "dangerous syscalls" 1 "$d/dangerous.ini:6: dangerous syscall 'mount' is allowed without argument conditions
$d/dangerous.ini:7: dangerous syscall 'pivot_root' is allowed without argument conditions
$d/dangerous.ini:7: dangerous syscall 'chroot' is allowed without argument conditions
$d/dangerous.ini:7: dangerous syscall 'mount' is allowed without argument conditions
$d/dangerous.ini:7: dangerous syscall 'umount2' is allowed without argument conditions
$d/dangerous.ini:7: dangerous syscall 'move_mount' is allowed without argument conditions
$d/dangerous.ini:7: dangerous syscall 'fsopen' is allowed without argument conditions
$d/dangerous.ini:7: dangerous syscall 'fsconfig' is allowed without argument conditions
$d/dangerous.ini:7: dangerous syscall 'fsmount' is allowed without argument conditions
$d/dangerous.ini:7: dangerous syscall 'fspick' is allowed without argument conditions
$d/dangerous.ini:7: dangerous syscall 'mount_setattr' is allowed without argument conditions
$d/dangerous.ini:10: dangerous syscall 'ptrace' is logged but allowed without argument conditions" "$d/dangerous.ini"

# clone, clone3 and unshare allowed so that the app can create a user
# namespace with default capabilities: why, and what to write, in the line;
# Docker's conditional forms (clean.ini) are no finding.
ns_why="the app can create namespaces, a user namespace even with default capabilities"
clone_fix="allow it only if arg0 & CLONE_NEWNS|CLONE_NEWCGROUP|CLONE_NEWUTS|CLONE_NEWIPC|CLONE_NEWUSER|CLONE_NEWPID|CLONE_NEWNET == 0, as config/default.ini does"
clone3_fix="no rule can check its flags (they are in memory): give it errno:ENOSYS, and libc falls back to clone, whose flags a rule can check"
unshare_fix="allow it only if cap:sys_admin, as Docker does"
lint_case "namespace creation: clone, clone3, unshare" 1 "$d/namespaces.ini:10: 'clone' is allowed without argument conditions: $ns_why; $clone_fix
$d/namespaces.ini:11: 'clone3' is allowed: $ns_why; $clone3_fix
$d/namespaces.ini:12: 'unshare' is logged but allowed without argument conditions: $ns_why; $unshare_fix" "$d/namespaces.ini"
lint_case "namespace creation through @process" 1 "$d/namespaces-group.ini:6: 'clone' is allowed without argument conditions: $ns_why; $clone_fix
$d/namespaces-group.ini:6: 'unshare' is allowed without argument conditions: $ns_why; $unshare_fix
$d/namespaces-group.ini:6: dangerous syscall 'setns' is allowed without argument conditions
$d/namespaces-group.ini:6: 'clone3' is allowed without argument conditions: $ns_why; $clone3_fix" "$d/namespaces-group.ini"
# The fix each line gives is itself no finding.
printf '[profile]\ndefault = errno:EPERM\n[allow]\nsyscalls = execve\n[rules]\nclone = %s\nclone3 = errno:ENOSYS\nunshare = allow if cap:sys_admin\n' \
	"${clone_fix#allow it only }" >"$tmp/ns-fixed.ini"
sed -i 's/^clone = if /clone = allow if /; s/, as config.*//' "$tmp/ns-fixed.ini"
lint_case "namespace creation: the fixes lint suggests" 0 "" "$tmp/ns-fixed.ini"

lint_case "default that allows, audit mode" 1 "$d/default-allow.ini:3: the default action is log: every syscall that no rule denies runs
$d/default-allow.ini:3: dangerous syscalls that no rule denies: nfsservctl personality
$d/default-allow.ini:4: mode = audit: the profile blocks nothing unless SCINIT_MODE=enforce
$d/default-allow.ini:15: note: 'personality': the kernel reads arg0 as a 32-bit value, so its condition compares the low 32 bits only: compiled exactly as 32 masked-equality rules" "$d/default-allow.ini"

# A rule compiled differently from its text is explained; an explanation
# alone is no finding (exit 0).
lint_case "a 32-bit argument's ordered comparison, explained" 0 "$d/arg32.ini:7: note: 'socket': the kernel reads arg0 as a 32-bit value, so its condition compares the low 32 bits only: compiled exactly as 30 masked-equality rules" "$d/arg32.ini"

# Rules combine with OR: rule sets whose union is every value are findings.
lint_case "ranges, and rules whose union allows everything" 1 "$d/ranges.ini:7: 'fcntl': the rules at lines 7, 8 together give allow for every value of arg1 (rules combine with OR; for a range write 'arg1 in A..B')
$d/ranges.ini:7: note: 'fcntl': the kernel reads arg1 as a 32-bit value, so its condition compares the low 32 bits only: compiled exactly as 31 masked-equality rules
$d/ranges.ini:9: note: 'ioctl': the kernel reads arg1 as a 32-bit value, so its condition compares the low 32 bits only: compiled exactly as 5 masked-equality rules
$d/ranges.ini:10: note: 'lseek': the range on arg1 is compiled exactly as 64 masked-equality rules
$d/ranges.ini:11: 'kill': the rules at lines 11, 12 together give allow for every value of arg1 (rules combine with OR; for a range write 'arg1 in A..B')
$d/ranges.ini:11: note: 'kill': the kernel reads arg1 as a 32-bit value, so its condition compares the low 32 bits only: compiled exactly as 32 masked-equality rules
$d/ranges.ini:13: note: 'fcntl': the kernel reads arg0 as a 32-bit value, so its condition compares the low 32 bits only: compiled exactly as 2 masked-equality rules" "$d/ranges.ini"
# With more conditions, the union over one argument counts among rules of
# one action whose other conditions are the same (in any order): fcntl and
# the first two mmap rules; not lseek (other arg0), kill (other action),
# ioctl (one more condition) or the last mmap (other arg2).
lint_case "rules with more conditions whose union allows everything where the others hold" 1 "$d/ranges-multi.ini:8: 'fcntl': the rules at lines 8, 9 together give allow for every value of arg1 where their other conditions hold (rules combine with OR; for a range write 'arg1 in A..B')
$d/ranges-multi.ini:8: note: 'fcntl': the kernel reads arg1 as a 32-bit value, so its condition compares the low 32 bits only: compiled exactly as 31 masked-equality rules
$d/ranges-multi.ini:10: note: 'lseek': the kernel reads arg2 as a 32-bit value, so its condition compares the low 32 bits only: compiled exactly as 32 masked-equality rules
$d/ranges-multi.ini:12: note: 'kill': the kernel reads arg1 as a 32-bit value, so its condition compares the low 32 bits only: compiled exactly as 32 masked-equality rules
$d/ranges-multi.ini:14: note: 'ioctl': the kernel reads arg1 as a 32-bit value, so its condition compares the low 32 bits only: compiled exactly as 31 masked-equality rules
$d/ranges-multi.ini:16: 'mmap': the rules at lines 16, 17 together give allow for every value of arg1 where their other conditions hold (rules combine with OR; for a range write 'arg1 in A..B')
$d/ranges-multi.ini:16: note: 'mmap': the range on arg1 is compiled exactly as 2 masked-equality rules
$d/ranges-multi.ini:17: note: 'mmap': the range on arg1 is compiled exactly as 63 masked-equality rules" "$d/ranges-multi.ini"

# scinit refuses such a profile (its own execve of the app would be killed),
# so lint calls it invalid.
lint_case "arch without x86_64" 125 "" "$d/arch.ini"
check "lint arch without x86_64: why" "scinit: $d/arch.ini: arch leaves out x86_64, whose calls the filter would kill: scinit's own execve of the app is one" "$(cat "$tmp/err")"

lint_case "rules for syscalls the arches lack" 1 "$d/arch-rules.ini:6: 'socketcall' does not exist on the profile's architectures: the rule can never match
$d/arch-rules.ini:7: 'recv' does not exist on the profile's architectures: the rule can never match
$d/arch-rules.ini:7: 'send' does not exist on the profile's architectures: the rule can never match
$d/arch-rules.ini:10: 'stime' does not exist on the profile's architectures: the rule can never match" "$d/arch-rules.ini"

lint_case "rules that never change the outcome" 1 "$d/never.ini:6: 'ptrace' never applies: [deny] at line 11 wins
$d/never.ini:7: 'read' repeats the rule at line 6
$d/never.ini:15: 'socket' can never change the outcome: line 14 gives allow with fewer conditions
$d/never.ini:16: arg0 < 0 is never true (arguments are unsigned): the rule never applies
$d/never.ini:17: arg1 & 0xf == 0x10 is never true (bits outside the mask): the rule never applies
$d/never.ini:18: the condition on arg0 is always true: leave it out
$d/never.ini:19: 'ptrace' never applies: [deny] at line 11 wins" "$d/never.ini"

lint_case "Docker JSON" 1 "$d/docker.json:2: the default action is allow: every syscall that no rule denies runs
$d/docker.json:2: dangerous syscalls that no rule denies: ptrace umount2 kexec_load kexec_file_load init_module finit_module delete_module settimeofday adjtimex clock_adjtime clock_settime nfsservctl pivot_root chroot unshare setns keyctl add_key request_key bpf perf_event_open userfaultfd io_uring_setup io_uring_enter io_uring_register open_by_handle_at fsopen fsconfig fsmount fspick move_mount open_tree mount_setattr swapon swapoff acct iopl ioperm process_vm_readv process_vm_writev kcmp lookup_dcookie quotactl quotactl_fd syslog uselib personality" "$d/docker.json"

# Several files: every finding, the worst status.
out=$("$SCINIT" lint "$d/clean.ini" "$d/one.ini" 2>/dev/null); rc=$?
check "lint two files: status 1" 1 "$rc"
check "lint two files: the findings of both" 1 "$(printf '%s\n' "$out" | wc -l)"

# Invalid or unreadable: 125, one line on stderr naming the place, no findings.
for f in conflict.ini caps-conflict.ini bad-syntax.ini no-such-file.ini; do
	lint_case "invalid $f" 125 "" "$d/$f"
	check_match "lint invalid $f: one error line" "^scinit: $d/$f(:[0-9]+)?: " "$(cat "$tmp/err")"
	check "lint invalid $f: a single line" 1 "$(wc -l <"$tmp/err")"
done
check_match "lint: a conflict that needs a capability says so" "every capability" \
	"$("$SCINIT" lint "$d/caps-conflict.ini" 2>&1)"
lint_case "a valid and an invalid file" 125 "" "$d/clean.ini" "$d/conflict.ini"
"$SCINIT" lint >/dev/null 2>&1; check "lint without files: 125" 125 "$?"
"$SCINIT" lint --against "$d/old.ini" >/dev/null 2>&1; check "lint --against with one file: 125" 125 "$?"

# The shipped profile and the README's minimal one pass their own lint: the
# shipped profile's deliberate Docker choices carry their reasons.
out=$("$SCINIT" lint config/default.ini 2>&1); rc=$?
check "lint config/default.ini: exit 0, its findings accepted" 0 "$rc"
check_match "lint config/default.ini: ptrace, accepted with its reason" \
	"^config/default.ini:[0-9]+: accepted \(both Docker profiles allow it for kernel >= 4.8\): dangerous syscall 'ptrace' is allowed without argument conditions$" "$out"
check_match "lint config/default.ini: chroot, accepted with its reason" \
	"^config/default.ini:[0-9]+: accepted \(Docker allows it with CAP_SYS_CHROOT, a default capability\): dangerous syscall 'chroot'" "$out"
check "lint config/default.ini: nothing but notes and accepted findings" "" \
	"$(grep -v -e '^config/default.ini:[0-9]*: note: ' -e '^config/default.ini:[0-9]*: accepted (' <<<"$out")"
sed 's/lint: allow ptrace:/ptrace:/' config/default.ini >"$tmp/default-planted.ini"
out=$("$SCINIT" lint "$tmp/default-planted.ini" 2>&1); rc=$?
check "lint config/default.ini without its ptrace reason: exit 1, ptrace a finding again" \
	"1 $tmp/default-planted.ini:75: dangerous syscall 'ptrace' is allowed without argument conditions" \
	"$rc $(grep -v -e ': note: ' -e ': accepted (' <<<"$out")"
lint_case "the README's minimal profile" 0 "" tests/fixtures/ini/good/readme-minimal.ini

# '; lint: allow NAME: REASON' on the rule's line, on a line the rule goes
# on over, or on the line before it; NAME must be what the finding is about
# and REASON must be given.
lint_case "accepted findings" 0 "$d/accepted.ini:2: accepted (a debug image, on purpose): the default action is allow: every syscall that no rule denies runs
$d/accepted.ini:2: accepted (a debug image, on purpose): dangerous syscalls that no rule denies: mount umount2 kexec_load kexec_file_load init_module finit_module delete_module settimeofday adjtimex clock_adjtime clock_settime nfsservctl pivot_root chroot unshare setns keyctl add_key request_key bpf perf_event_open userfaultfd io_uring_setup io_uring_enter io_uring_register open_by_handle_at fsopen fsconfig fsmount fspick move_mount open_tree mount_setattr swapon swapoff reboot acct iopl ioperm process_vm_readv process_vm_writev kcmp lookup_dcookie quotactl quotactl_fd syslog uselib personality
$d/accepted.ini:4: accepted (the profile is learned in CI first): mode = audit: the profile blocks nothing unless SCINIT_MODE=enforce" "$d/accepted.ini"
lint_case "accepted findings in JSON (a rule's comment)" 1 "$d/accepted.json:5: accepted (a debugger image): dangerous syscall 'ptrace' is allowed without argument conditions
$d/accepted.json:6: dangerous syscall 'bpf' is allowed without argument conditions" "$d/accepted.json"
lint_case "accepted findings, and findings that are not" 1 "$d/not-accepted.ini:8: accepted (continued lines count): dangerous syscall 'bpf' is allowed without argument conditions
$d/not-accepted.ini:11: accepted (a debugger image): dangerous syscall 'ptrace' is logged but allowed without argument conditions
$d/not-accepted.ini:13: dangerous syscall 'kcmp' is logged but allowed without argument conditions
$d/not-accepted.ini:15: dangerous syscall 'acct' is logged but allowed without argument conditions
$d/not-accepted.ini:18: dangerous syscall 'syslog' is logged but allowed without argument conditions" "$d/not-accepted.ini"

# decode's output is a fragment lint accepts once a profile holds it.
printf '[profile]\ndefault = errno:EPERM\n' >"$tmp/frag.ini"
printf 'audit: type=1326 audit(1.2:3): arch=c000003e syscall=59 compat=0 ip=0x1 code=0x7ffc0000\n' |
	"$SCINIT" decode 2>/dev/null >>"$tmp/frag.ini"
lint_case "decode's fragment in a profile" 0 "" "$tmp/frag.ini"

# --- lint --against -----------------------------------------------------------
against() { lint_case "--against $1 $2" "$3" "$4" --against "$d/$1" "$d/$2"; }

against old.ini new-rules.ini 1 "$d/new-rules.ini:7: 'mount' is newly allowed whatever its arguments
$d/new-rules.ini:11: 'socket' is allowed under conditions $d/old.ini did not allow
$d/new-rules.ini:13: 'clone' is newly allowed under conditions"

against old.ini new-default.ini 1 "$d/new-default.ini:3: the default action is looser: log, was errno:EPERM
$d/new-default.ini:3: 'socket' is newly allowed whatever its arguments
$d/new-default.ini:3: 'personality' is newly allowed whatever its arguments
$d/new-default.ini:4: architecture x86 is new: its calls reach the rules instead of killing the process
$d/new-default.ini:5: mode = audit: the profile blocks nothing"

against old-allow.ini new-allow.ini 1 "$d/new-allow.ini: 'socket' is no longer denied where $d/old-allow.ini:7 denied it
$d/new-allow.ini:3: 'mount' is newly allowed whatever its arguments"

# Tighter or equal: nothing to report.
against old.ini old.ini 0 ""
against new-default.ini old.ini 0 ""
against new-allow.ini old-allow.ini 0 ""
# The other way round, write is new.
against new-rules.ini old.ini 1 "$d/old.ini:7: 'write' is newly allowed whatever its arguments"
# An invalid side is an error, not a comparison.
against old.ini conflict.ini 125 ""
against conflict.ini old.ini 125 ""
