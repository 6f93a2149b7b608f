# shellcheck shell=bash
# scinit verify: a profile that denies every dangerous syscall passes (exit
# 0) whatever its actions (errno values, kill, a profile that denies write);
# one that allows mount fails (exit 1) and shows it, also when the kernel
# would refuse the call anyway (an unprivileged reboot gives EPERM either
# way: verify still tells allowed from denied); capability conditions are
# decided for the app's capabilities; an invalid profile is 125; and verify
# runs in a FROM scratch image.
. tests/lib.sh
. tests/docker_lib.sh

tmp=$(mktemp -d)
image=scinit-verify-test:$$
trap 'docker_cleanup; docker rmi -f "$image" >/dev/null 2>&1; rm -rf "$tmp"' EXIT

ndangerous=$("$SCINIT" groups dangerous | grep -vc 'unknown to')
# The x86-only members are listed as not probed, the others get a row each.
x86_only=$(for n in $("$SCINIT" groups dangerous); do "$PROBE" -l | grep -q "^$n " || echo "$n"; done | tr '\n' ' ')
nprobed=$((ndangerous - $(wc -w <<<"$x86_only")))

# ro CMD...: CMD in a mount namespace where scinit's directory and $tmp are
# read-only, so that verify has no finding about who could write the binary
# or the profile (it runs as root here) and the rows below are about syscalls.
bindir=$(dirname "$(realpath "$SCINIT")")
ro() {
	unshare --mount -- sh -c 'mount --bind -o ro "$1" "$1" && mount --bind -o ro "$2" "$2" || exit 99; shift 2; exec "$@"' \
		_ "$bindir" "$tmp" "$@"
}

# verify_case NAME STATUS PROFILE: runs verify -p PROFILE into $tmp/out.
verify_case() {
	ro "$SCINIT" verify -p "$3" >"$tmp/out" 2>"$tmp/err"
	check "verify $1: exit status" "$2" "$?"
}
row() { awk -v n="$1" '$1 == n { $1 = ""; $2 = ""; sub(/^  /, ""); print }' "$tmp/out"; }
rows_other_than() { awk -v v="$1" 'NR > 1 && $1 !~ /^(not|all|[0-9])/ && ($3 != v || NF != 3)' "$tmp/out"; }
# The namespace rows: clone with each flag, then clone3.
ns_rows="clone(NEWUSER) clone(NEWNS) clone(NEWPID) clone(NEWNET) clone(NEWUTS) clone(NEWIPC) clone(NEWCGROUP) clone3"
dangerous_rows() { awk 'NR > 1 && $2 == "denied" && $1 !~ /^clone/' "$tmp/out"; }
ns_summary() { grep 'ways to create a namespace' "$tmp/out"; }

cat >"$tmp/strict.ini" <<'EOF'
[profile]
default = errno:EPERM
[allow]
syscalls = execve exit_group read write brk mmap munmap
EOF
verify_case "strict profile" 0 "$tmp/strict.ini"
check "verify strict: header" "syscall              expected  got" "$(head -n 1 "$tmp/out")"
check "verify strict: every probed row is EPERM" "" "$(rows_other_than EPERM)"
check "verify strict: one row per x86_64 member of @dangerous" "$nprobed" "$(dangerous_rows | wc -l)"
check "verify strict: summary" "all $nprobed dangerous syscalls are denied" "$(tail -n 1 "$tmp/out")"
check "verify strict: the namespace rows, in order" "$ns_rows" "$(awk '$1 ~ /^clone/ { print $1 }' "$tmp/out" | tr '\n' ' ' | sed 's/ $//')"
check "verify strict: namespace summary, before the last line" "all 8 ways to create a namespace through clone and clone3 are denied" "$(tail -n 2 "$tmp/out" | head -n 1)"
check_match "verify strict: the x86-only ones are named as not probed" "^not probed \(not x86_64 syscalls\): ${x86_only% }$" "$(cat "$tmp/out")"

# Allowing mount: exit 1, and the row says so with the kernel's answer.
sed 's/^syscalls = execve/syscalls = mount execve/' "$tmp/strict.ini" >"$tmp/mount.ini"
verify_case "profile allowing mount" 1 "$tmp/mount.ini"
check_match "verify mount: the mount row shows it allowed" "^allowed \(E[A-Z]+\)$" "$(row mount)"
check "verify mount: summary" "1 of $nprobed dangerous syscalls are allowed" "$(tail -n 1 "$tmp/out")"
check "verify mount: the others stay denied" "" "$(rows_other_than EPERM | grep -v '^mount ')"

# Namespaces: clone allowed without conditions, clone3 allowed at all. The
# kernel's own answers show (a new process's pid, clone3's EFAULT for its
# unreadable arguments); Docker's conditional clone and ENOSYS for clone3
# deny every row.
printf '%s\n' '[profile]' 'default = errno:EPERM' '[allow]' 'syscalls = execve exit_group clone clone3' >"$tmp/ns.ini"
verify_case "profile allowing clone and clone3" 1 "$tmp/ns.ini"
for r in $ns_rows; do
	[ "$r" = clone3 ] && want="allowed (EFAULT)" || want="allowed (ok)"
	check "verify ns: $r" "$want" "$(row "$r")"
done
check "verify ns: namespace summary" "8 of 8 ways to create a namespace through clone and clone3 are allowed" "$(ns_summary)"
check "verify ns: the dangerous syscalls stay denied" "all $nprobed dangerous syscalls are denied" "$(tail -n 1 "$tmp/out")"
printf '%s\n' '[profile]' 'default = errno:EPERM' '[allow]' 'syscalls = execve exit_group' '[rules]' 'clone3 = errno:ENOSYS' \
	'clone = allow if arg0 & CLONE_NEWNS|CLONE_NEWCGROUP|CLONE_NEWUTS|CLONE_NEWIPC|CLONE_NEWUSER|CLONE_NEWPID|CLONE_NEWNET == 0' >"$tmp/ns-docker.ini"
verify_case "clone as Docker allows it" 0 "$tmp/ns-docker.ini"
check "verify ns as Docker: clone(NEWUSER)" EPERM "$(row 'clone(NEWUSER)')"
check "verify ns as Docker: clone3" ENOSYS "$(row clone3)"
check "verify ns as Docker: summary" "all 8 ways to create a namespace through clone and clone3 are denied" "$(ns_summary)"
# One flag left out of the condition is found.
sed 's/|CLONE_NEWNET == 0/ == 0/' "$tmp/ns-docker.ini" >"$tmp/ns-leak.ini"
verify_case "clone's condition leaving CLONE_NEWNET out" 1 "$tmp/ns-leak.ini"
check "verify ns leak: clone(NEWNET) allowed" "allowed (ok)" "$(row 'clone(NEWNET)')"
check "verify ns leak: the rest denied" "1 of 8 ways to create a namespace through clone and clone3 are allowed" "$(ns_summary)"

# Other actions: each row names the profile's action, markers never leak.
cat >"$tmp/actions.ini" <<'EOF'
[profile]
default = errno:ENOSYS
[allow]
syscalls = execve exit_group
[deny]
action = errno:EACCES
syscalls = mount
[rules]
ptrace = errno:1234
reboot = kill_process
acct = kill
swapon = trap
unshare = errno:EPERM if arg0 & 0x10000000 == 0x10000000
EOF
verify_case "errno values and kill actions" 0 "$tmp/actions.ini"
check "verify actions: default ENOSYS" ENOSYS "$(row chroot)"
check "verify actions: [deny] EACCES" EACCES "$(row mount)"
check "verify actions: errno 1234" 1234 "$(row ptrace)"
check "verify actions: kill_process" killed "$(row reboot)"
check "verify actions: kill (thread)" killed "$(row acct)"
check "verify actions: trap" killed "$(row swapon)"
check "verify actions: a conditional rule matching the probe's flags" EPERM "$(row unshare)"

# A profile that kills everything else, write included: the child reports
# without writing, so verify still works.
printf '[profile]\ndefault = kill_process\n[allow]\nsyscalls = execve\n' >"$tmp/kill.ini"
verify_case "profile that denies write" 0 "$tmp/kill.ini"
check "verify kill: every row killed" "" "$(rows_other_than killed)"
check "verify kill: one row per x86_64 member of @dangerous" "$nprobed" "$(dangerous_rows | wc -l)"

# SCINIT_MODE=audit and mode = audit change nothing: verify checks enforce mode.
SCINIT_MODE=audit "$SCINIT" verify -p "$tmp/mount.ini" >/dev/null 2>&1
check "verify: SCINIT_MODE=audit is ignored" 1 "$?"
{ cat "$tmp/strict.ini"; } | sed 's/^default = errno:EPERM/default = errno:EPERM\nmode = audit/' >"$tmp/audit.ini"
verify_case "profile in audit mode" 0 "$tmp/audit.ini"
check_match "verify audit: says it checks enforce mode" "^note: .*mode = audit.*verify checks enforce mode" "$(cat "$tmp/out")"

# SCINIT_PROFILE is the default, as for a run; the embedded profile after it.
SCINIT_PROFILE=$tmp/mount.ini ro "$SCINIT" verify >"$tmp/out" 2>&1
check "verify: SCINIT_PROFILE is used" 1 "$?"
check_match "verify: SCINIT_PROFILE's mount" "^allowed" "$(row mount)"
SCINIT_PROFILE='' "$SCINIT" verify >/dev/null 2>&1
check "verify: empty SCINIT_PROFILE is an error" 125 "$?"
"$SCINIT" verify >"$tmp/out" 2>&1
rc=$?
# The built-in profile follows Docker's default, which allows ptrace.
check "verify embedded profile: exit 1 (Docker's default allows ptrace)" 1 "$rc"
check_match "verify embedded profile: ptrace allowed" "^allowed" "$(row ptrace)"
check "verify embedded profile: mount denied with EPERM" EPERM "$(row mount)"

# [setup] names a user this machine lacks: verify does not look it up, and says so.
verify_case "[setup] naming a user, groups and workdir this machine lacks" 0 tests/fixtures/setup/elsewhere.ini
check "verify [setup] for another image: the note" "note: tests/fixtures/setup/elsewhere.ini:$(grep -n '^user = ' tests/fixtures/setup/elsewhere.ini | cut -d: -f1): verify does not look up user 'scinit-test-app' (only a start does, in the image); capability conditions are decided as for a non-root user, who keeps none" "$(head -n 1 "$tmp/out")"
check "verify [setup] for another image: summary" "all $nprobed dangerous syscalls are denied" "$(tail -n 1 "$tmp/out")"

# Capability conditions are decided for the app's capabilities ([setup]).
if [ "$(id -u)" = 0 ]; then
	printf '%s\n' '[profile]' 'default = errno:EPERM' '[allow]' 'syscalls = execve' '[rules]' \
		'mount = allow if cap:sys_admin' '[setup]' >"$tmp/caps.ini"
	cp "$tmp/caps.ini" "$tmp/caps-no.ini"
	echo 'capabilities = sys_admin' >>"$tmp/caps.ini"
	echo 'capabilities = chown' >>"$tmp/caps-no.ini"
	verify_case "app keeps CAP_SYS_ADMIN" 1 "$tmp/caps.ini"
	check_match "verify caps: mount allowed with the capability" "^allowed" "$(row mount)"
	verify_case "app without CAP_SYS_ADMIN" 0 "$tmp/caps-no.ini"
	check "verify caps: mount denied without it" EPERM "$(row mount)"
	sed 's/^capabilities = .*/user = scinit-test-app/' "$tmp/caps-no.ini" >"$tmp/caps-name.ini"
	verify_case "user by name, not looked up" 0 "$tmp/caps-name.ini"
	check "verify caps: a user by name is taken for non-root, mount denied" EPERM "$(row mount)"
	sed 's/^capabilities = .*/user = 0/' "$tmp/caps-no.ini" >"$tmp/caps-root.ini"
	verify_case "user 0 keeps root's capabilities" 1 "$tmp/caps-root.ini"
	check_match "verify caps: mount allowed for user 0" "^allowed" "$(row mount)"
	# Unprivileged: reboot gives EPERM allowed or not; verify still tells.
	sed 's/^syscalls = execve/syscalls = reboot execve/' "$tmp/strict.ini" >"$tmp/reboot.ini"
	chmod 755 "$tmp"
	setpriv --reuid 65534 --regid 65534 --clear-groups --inh-caps=-all -- "$SCINIT" verify -p "$tmp/reboot.ini" >"$tmp/out" 2>&1
	check "verify as nobody: reboot allowed is found" 1 "$?"
	check "verify as nobody: the kernel's EPERM, not the filter's" "allowed (EPERM)" "$(row reboot)"
	check "verify as nobody: the denied ones are the filter's" "" "$(rows_other_than EPERM | grep -v '^reboot ')"
else
	skip_or_fail "verify: capability sets" "needs root (setpriv)"
fi

# Invalid profiles and usage.
printf '[allow]\nsyscalls = execve mount\n[rules]\nmount = errno:EPERM if arg2 == 0\n' >"$tmp/conflict.ini"
verify_case "conflicting profile" 125 "$tmp/conflict.ini"
check "verify conflict: nothing on stdout" "" "$(cat "$tmp/out")"
check_match "verify conflict: one error line" "^scinit: $tmp/conflict.ini:4: " "$(cat "$tmp/err")"
verify_case "missing file" 125 "$tmp/none.ini"
"$SCINIT" verify -x >/dev/null 2>&1
check "verify: unknown option is 125" 125 "$?"

# --- files the app could write --------------------------------------------------

# Without the read-only mounts, root (verify's own uid here) can write both.
"$SCINIT" verify -p "$tmp/strict.ini" >"$tmp/out" 2>&1
rc=$?
check "verify files: as root on a writable tree: the binary and the profile are findings, exit 1" \
	"1|finding: $(realpath "$SCINIT"): uid 0 (verify's own) can write it|finding: $tmp/strict.ini: uid 0 (verify's own) can write it|" \
	"$rc|$(grep -e 'can write it$' "$tmp/out" | tr '\n' '|')"
check "verify files: the summary stays last" "all $nprobed dangerous syscalls are denied" "$(tail -n 1 "$tmp/out")"
# [setup] user = 65534: root's files, mode 644 and 755, are not its to write.
mkdir -m 755 "$tmp/files"
{ cat "$tmp/strict.ini"; printf '[setup]\nuser = 65534\n'; } >"$tmp/files/app.ini"
chmod 644 "$tmp/files/app.ini"
"$SCINIT" verify -p "$tmp/files/app.ini" >"$tmp/out" 2>&1
check "verify files: [setup] user = 65534, root's files: no finding about the profile" "" "$(grep "^finding: $tmp" "$tmp/out")"
chmod 666 "$tmp/files/app.ini"
"$SCINIT" verify -p "$tmp/files/app.ini" >"$tmp/out" 2>&1
check "verify files: the profile mode 666: uid 65534 could write it" \
	"1|finding: $tmp/files/app.ini: uid 65534 ([setup] user) can write it|" \
	"$?|$(grep "^finding: $tmp" "$tmp/out" | tr '\n' '|')"
chmod 644 "$tmp/files/app.ini" && chown 65534 "$tmp/files"
"$SCINIT" verify -p "$tmp/files/app.ini" >"$tmp/out" 2>&1
check "verify files: its directory owned by 65534: the profile could be replaced" \
	"1|finding: $tmp/files: uid 65534 ([setup] user) can replace $tmp/files/app.ini through it|" \
	"$?|$(grep "^finding: $tmp" "$tmp/out" | tr '\n' '|')"
chown 0 "$tmp/files"

# --- FROM scratch ------------------------------------------------------------------
need_docker verify_scratch || exit 0
mkdir "$tmp/img"
cp "$SCINIT" "$tmp/img/scinit" && cp "$tmp/strict.ini" "$tmp/mount.ini" "$tmp/img/"
printf 'FROM scratch\nCOPY scinit strict.ini mount.ini /\nENTRYPOINT ["/scinit", "verify"]\n' >"$tmp/img/Dockerfile"
if ! docker_scratch_image "$image" "$tmp/img"; then
	fail "verify scratch: image"
	exit 0
fi
docker_run 60 --read-only "$image" -p /strict.ini >"$tmp/out" 2>&1
check "verify scratch: strict profile passes (--read-only)" 0 "$?"
check "verify scratch: strict summary" "all $nprobed dangerous syscalls are denied" "$(tail -n 1 "$tmp/out")"
docker_run 60 "$image" -p /mount.ini >"$tmp/out" 2>&1
check "verify scratch: mount profile fails" 1 "$?"
# Docker's own filter answers EPERM under scinit's: allowed by the profile all
# the same.
check_match "verify scratch: mount shown allowed" "^allowed" "$(row mount)"
docker_run 60 "$image" >"$tmp/out" 2>&1
check "verify scratch: the embedded profile (ptrace allowed) exits 1" 1 "$?"
check "verify scratch: embedded profile: mount denied" EPERM "$(row mount)"
check "verify scratch: embedded profile: clone(NEWUSER) denied" EPERM "$(row 'clone(NEWUSER)')"
check "verify scratch: embedded profile: clone3 denied" ENOSYS "$(row clone3)"
docker_run 60 "$image" -p /strict.ini >"$tmp/out" 2>&1
check "verify scratch: without --read-only the app, root, could rewrite /scinit and the profile: findings, exit 1" \
	"1|finding: /scinit: uid 0 (verify's own) can write it|finding: /: uid 0 (verify's own) can replace /scinit through it|finding: /strict.ini: uid 0 (verify's own) can write it|finding: /: uid 0 (verify's own) can replace /strict.ini through it|" \
	"$?|$(grep '^finding: /' "$tmp/out" | tr '\n' '|')"
