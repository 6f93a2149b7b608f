# scinit groups: the list (every group a profile may name, with its count of
# members), one group's members (nested groups expanded, members libseccomp
# does not know marked), an unknown group (exit 125, one line), and a profile
# that names a nested group. The oracles are independent of scinit's code:
# the group table's names read from shim/profile/groups.c, systemd's small
# groups written out here, and the pinned libseccomp's own answers
# (build/libseccomp_bpf --resolve and --names).
. tests/lib.sh

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
lsc=$(dirname "$SCINIT")/libseccomp_bpf
if [ ! -x "$lsc" ]; then
	fail "groups: no $lsc to ask libseccomp with (make check builds it)"
	exit 0
fi
flat() { tr '\n' ' ' | sed 's/ $//'; }

# --- the list ---------------------------------------------------------------------
"$SCINIT" groups >"$tmp/list" 2>"$tmp/err"
check "groups: the list: exit 0, nothing on stderr" "0 " "$? $(cat "$tmp/err")"
# The groups the table defines, in its order.
table=$(sed -n 's/^[[:space:]]*{ "\([a-z-]*\)",.*/\1/p' shim/profile/groups.c | flat)
check_match "groups: the table in shim/profile/groups.c was read (default .. dangerous)" "^default .* dangerous$" "$table"
check "groups: the list names every group of the table, in order, as @NAME" "$table" \
	"$(awk '{ sub(/^@/, "", $1); print $1 }' "$tmp/list" | flat)"
check "groups: every line is '@NAME COUNT', COUNT above 0" "" \
	"$(grep -Ev '^@[a-z-]+ +[1-9][0-9]*$' "$tmp/list")"
# Each count is the number of members the group expands to.
bad=
while read -r group count; do
	n=$("$SCINIT" groups "$group" | wc -l)
	[ "$n" = "$count" ] || bad+=" $group:$count/$n"
done <"$tmp/list"
check "groups: each count = the lines 'scinit groups @NAME' prints" "" "$bad"
check "groups: the list counts systemd's small groups as systemd defines them" \
	"@sandbox 4 @swap 2 @keyring 3 @reboot 3 @memlock 5 @module 3 @pkey 3" \
	"$(for g in sandbox swap keyring reboot memlock module pkey; do awk -v g="@$g" '$1 == g { printf "%s %s ", $1, $2 }' "$tmp/list"; done | sed 's/ $//')"

# --- one group's members --------------------------------------------------------
check "groups @sandbox: its members, one a line" \
	"landlock_add_rule landlock_create_ruleset landlock_restrict_self seccomp" \
	"$("$SCINIT" groups @sandbox | flat)"
check "groups sandbox: the @ may be left out" "$("$SCINIT" groups @sandbox)" "$("$SCINIT" groups sandbox)"
check "groups @keyring, @swap: exit 0 and their members" "0 add_key keyctl request_key swapoff swapon" \
	"$("$SCINIT" groups @keyring >"$tmp/out"; echo "$? $(flat <"$tmp/out") $("$SCINIT" groups @swap | flat)")"
# Members the pinned libseccomp does not know are listed and marked, exactly
# those its own seccomp_syscall_resolve_name refuses.
"$SCINIT" groups @file-system >"$tmp/fs"
marked=$(sed -n 's/\t# unknown to this libseccomp: skipped$//p' "$tmp/fs" | flat)
# shellcheck disable=SC2046 # one word per member
unknown=$("$lsc" --resolve $(cut -f1 "$tmp/fs") | awk '$2 == -1 { print $1 }' | flat)
check "groups @file-system: the members libseccomp does not know are marked, and only they" "$unknown" "$marked"
check_match "groups @file-system: ... file_getattr among them (Linux 6.17, newer than libseccomp 2.6.0)" \
	"(^| )file_getattr( |$)" "$marked"
check "groups @file-system: every other line is a bare name" "" \
	"$(grep -v $'\t# unknown to this libseccomp: skipped$' "$tmp/fs" | grep -Ev '^[a-z0-9_]+$')"

# --- nested groups ----------------------------------------------------------------
members() { "$SCINIT" groups "$1" | cut -f1 | sort -u; }
check "groups: no expansion leaves a @group in it" "" \
	"$(awk '{ print $1 }' "$tmp/list" | while read -r g; do "$SCINIT" groups "$g"; done | grep '^@')"
check "groups @default: holds @sandbox's members (one level)" "" \
	"$(comm -23 <(members @sandbox) <(members @default))"
check "groups @system-service: holds @default's and so @sandbox's (two levels)" "" \
	"$(comm -23 <(members @default) <(members @system-service))"
check "groups @privileged: holds @chown, @clock, @module, @raw-io, @reboot, @swap" "" \
	"$(for g in chown clock module raw-io reboot swap; do members "@$g"; done | sort -u | comm -23 - <(members @privileged))"
check "groups @default: its count is @sandbox's 4 and its own 66" 70 "$("$SCINIT" groups @default | wc -l)"
# @known: @obsolete and every syscall libseccomp knows on x86_64, x86 and x32.
known=$("$lsc" --names x86_64 x86 x32 | awk '$2 < 1024 || ($2 >= 1073741824 && $2 < 1073741824 + 1024) { print $3 }' | sort -u)
check "groups @known: every x86-family syscall libseccomp knows ($(wc -l <<<"$known")), and @obsolete" "" \
	"$(comm -23 <({ echo "$known"; members @obsolete; } | sort -u) <(members @known))"
check "groups @known: nothing else, once each" "$(($(wc -l <<<"$known") + $("$SCINIT" groups @obsolete | wc -l)))" \
	"$("$SCINIT" groups @known | wc -l)"

# --- errors -------------------------------------------------------------------------
for name in @nosuch nosuch; do
	"$SCINIT" groups "$name" >"$tmp/out" 2>"$tmp/err"
	check "groups $name: exit 125, one line, nothing on stdout" \
		"125|scinit: unknown group '@nosuch' (scinit groups lists them)|" "$?|$(cat "$tmp/err")|$(cat "$tmp/out")"
done
"$SCINIT" groups @sandbox @swap >"$tmp/out" 2>"$tmp/err"
check "groups with two names: usage, exit 125" "125|usage: scinit groups [NAME | ~FAMILY | --families | --enosys]|" "$?|$(cat "$tmp/err")|$(cat "$tmp/out")"

# --- a profile naming a nested group ---------------------------------------------
# @default holds @sandbox: landlock_create_ruleset gets its unfiltered answer,
# getcwd (in no group named) the default.
printf '[profile]\ndefault = errno:EACCES\n[allow]\nsyscalls = @default write\n' >"$tmp/p.ini"
base=$("$PROBE" landlock_create_ruleset | cut -d' ' -f2)
check "groups in a profile: a member of the nested @sandbox is allowed, another call is not" \
	"landlock_create_ruleset $base getcwd EACCES" \
	"$("$SCINIT" --profile "$tmp/p.ini" -- "$PROBE" landlock_create_ruleset getcwd 2>&1 | flat)"
check "groups in a profile: ... and the row can fail (unfiltered it is not EACCES)" yes \
	"$([ -n "$base" ] && [ "$base" != EACCES ] && echo yes)"
printf '[profile]\ndefault = errno:EACCES\n[allow]\nsyscalls = write\n  @nosuch\n' >"$tmp/bad.ini"
"$SCINIT" --profile "$tmp/bad.ini" -- "$PROBE" getpid >"$tmp/out" 2>"$tmp/err"
check "groups in a profile: an unknown group is refused with file:line (125, one line)" \
	"125|scinit: $tmp/bad.ini:5: unknown group '@nosuch' (scinit groups lists them)|" "$?|$(cat "$tmp/err")|$(cat "$tmp/out")"
