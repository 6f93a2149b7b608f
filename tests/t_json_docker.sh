# shellcheck shell=bash
# Fidelity against a real runtime. Docker (dockerd + runc) applies a seccomp
# JSON profile in one container; in others, with Docker's filter off
# (--security-opt seccomp=unconfined), scinit applies the same file, and then
# its INI conversion. The probe matrix (every row of build/probe for the
# native, x86 and x32 ABIs, plus argument rows) must give the same result in
# all three, with Docker's default capabilities and with others.
# Profiles: Docker's and Podman's defaults from Debian's packages, and
# scinit's config/default.ini converted to JSON.
. tests/lib.sh
. tests/docker_lib.sh
. tests/debian_data.sh

need_docker json_docker || exit 0
for bin in "$SCINIT" "$PROBE" /bin/busybox; do
	[ -x "$bin" ] || { skip_or_fail json_docker "$bin is missing (make check builds it)"; exit 0; }
done
if ! seccomp_dir=$(docker_seccomp_dir) || ! podman=$(podman_seccomp_json); then
	skip_or_fail json_docker "cannot get the profiles from Debian's packages"
	exit 0
fi

dir=$(mktemp -d)
image=scinit-json-test:$$
trap 'docker_cleanup; docker rmi -f "$image" >/dev/null 2>&1; rm -rf "$dir"' EXIT
cp "$SCINIT" "$dir/scinit" && cp "$PROBE" "$dir/probe" && cp /bin/busybox "$dir/busybox" || exit 1
cp "$seccomp_dir/default.json" "$dir/docker.json"
# Docker 20.10 reads no defaultErrnoRet (its Seccomp struct has no such field;
# later moby reads it), so under it Podman's default action is EPERM, not
# Podman's ENOSYS. Both sides get the file without it; t_json.sh checks that
# scinit honours it.
python3 -c 'import json, sys
p = json.load(open(sys.argv[1])); p.pop("defaultErrnoRet"); p.pop("defaultErrno")
json.dump(p, open(sys.argv[2], "w"), indent=1)' "$podman" "$dir/podman.json" || exit 1
for p in docker podman; do
	if ! "$SCINIT" convert "$dir/$p.json" >"$dir/$p.ini" 2>"$dir/err"; then
		fail "json_docker: convert $p" "$(cat "$dir/err")"
		exit 0
	fi
done
# The other direction: scinit's own profile as Docker JSON (with the default
# errno that Docker 20.10 can give, EPERM).
sed 's/^default = errno:ENOSYS$/default = errno:EPERM/' config/default.ini >"$dir/scinit.ini"
if ! "$SCINIT" convert --json "$dir/scinit.ini" >"$dir/scinit.json" 2>"$dir/err"; then
	fail "json_docker: convert --json config/default.ini" "$(cat "$dir/err")"
	exit 0
fi

# The rows: every table row for each ABI, and argument rows for the rules that
# look at arguments (personality, socket families, clone namespace flags).
# One container runs all three ABIs: busybox sh runs /script under the same
# filter as the probes.
# (i386 has socket only behind socketcall; x32 has no personality or clone rows
# of its own worth testing.)
args_x86="personality:0 personality:8 personality:0x20000 personality:0x20008 personality:0xffffffff
	personality:9 clone:0 clone:0x10000000 clone:0x20000000 clone:0x7e020000"
args_native="$args_x86 socket:40,1,0 socket:38,5,0 socket:16,3,9 socket:16,3,0 socket:2,1,0"
# On a kernel that does not run int 0x80 the probe dies at the first x86
# row under every filter alike, which would compare nothing: left out, visibly.
abis="native x86 x32"
no_x86_calls "json_docker: the x86 ABI's rows" && abis="native x32"
for abi in $abis; do
	echo "echo == $abi"
	case $abi in native) args=$args_native ;; x86) args=$args_x86 ;; *) args="" ;; esac
	# shellcheck disable=SC2046,SC2086 # one word per row
	echo /probe -a $abi $("$PROBE" -l -a $abi | awk '{print $1}') $args
done >"$dir/script"
# A line per row, and the exit status.
rows=$(($(awk '$1 == "/probe" { n += NF - 3 } END { print n + 1 }' "$dir/script")))
printf 'FROM scratch\nCOPY . /\n' >"$dir/Dockerfile"
docker_scratch_image "$image" "$dir" || { fail json_docker "cannot build the test image"; exit 0; }

# Known, explained differences (docs/json-profiles.md): runc gives ENOSYS to
# syscalls newer than the newest one the profile names, per ABI; scinit adds
# that as rules, and libseccomp applies a rule to every ABI. For x32, runc's
# newest is pwritev2 (x32-only number 547), so there the newer calls get the
# default action. The newest names: futex_waitv (449) in Docker's profile,
# process_mrelease (448) in Podman's. The newer ones are those libseccomp
# 2.6.0 knows above 449 on x86_64 (its src/syscalls.csv, up to Linux 6.13).
# "PROFILE ABI ROW DOCKER SCINIT"
known=""
for row in set_mempolicy_home_node cachestat fchmodat2 map_shadow_stack futex_wake futex_wait futex_requeue \
	statmount listmount lsm_get_self_attr lsm_set_self_attr lsm_list_modules mseal setxattrat getxattrat \
	listxattrat removexattrat; do
	known="$known|docker x32 $row EPERM ENOSYS|podman x32 $row EPERM ENOSYS"
done
known="$known|podman x32 futex_waitv EPERM ENOSYS"
# A runc linked with a libseccomp older than 2.6.0 (Debian 12's runc: 2.5.4)
# does not know the syscalls of Linux 6.8..6.13 and leaves them out of a
# profile. In scinit's own profile, converted, the newest name is
# removexattrat (466: the default-action rule convert --json adds so that
# runc gives newer syscalls the default), which such a runc skips: its
# newest is then futex_requeue (456), and it answers ENOSYS to 457..466,
# where scinit, whose libseccomp knows them, gives the profile's default
# (EPERM here). On x32, 2.5.4 does not know map_shadow_stack either, so
# runc drops the profile's ENOSYS rule for it there and gives the default.
runc_libseccomp=$(runc --version 2>/dev/null | sed -n 's/^libseccomp: //p')
case $runc_libseccomp in
2.[0-5].*)
	echo "     runc's libseccomp is $runc_libseccomp: scinit's profile differs on purpose on 11 rows"
	for row in statmount listmount lsm_get_self_attr lsm_set_self_attr lsm_list_modules mseal setxattrat getxattrat \
		listxattrat removexattrat; do
		known="$known|scinit native $row ENOSYS EPERM"
	done
	known="$known|scinit x32 map_shadow_stack EPERM ENOSYS"
	;;
esac

# compare NAME PROFILE: $dir/docker and $dir/scinit hold the same rows in order.
compare() {
	local bad
	bad=$(paste -d' ' "$dir/docker" "$dir/scinit" | awk -v profile="$2" -v known="$known" '
		BEGIN { n = split(known, k, "|"); for (i = 1; i <= n; i++) ok[k[i]] = 1 }
		$1 == "==" { abi = $2; next }
		$1 != $3 || NF != 4 { print "misaligned: " $0; next }
		$2 != $4 && !((profile " " abi " " $1 " " $2 " " $4) in ok) { print abi " " $1 ": docker " $2 ", scinit " $4 }')
	if [ -z "$bad" ]; then pass "$1"; else fail "$1" "$(echo "$bad" | head -n 12 | tr '\n' ';')"; fi
}

caps_variants="default
+SYS_ADMIN --cap-add SYS_ADMIN
+SYS_PTRACE --cap-add SYS_PTRACE
+SYS_TIME --cap-add SYS_TIME
+SYSLOG,SYS_NICE,SYS_BOOT --cap-add SYSLOG --cap-add SYS_NICE --cap-add SYS_BOOT
-AUDIT_WRITE --cap-drop AUDIT_WRITE
-ALL --cap-drop ALL"

for profile in docker podman scinit; do
	while read -r label caps; do
		# shellcheck disable=SC2086 # caps are words
		# no-new-privileges: scinit sets it too, and landlock_restrict_self
		# answers differently without it.
		docker_run 120 $caps --security-opt no-new-privileges --security-opt "seccomp=$dir/$profile.json" \
			"$image" /busybox sh /script \
			>"$dir/docker" 2>&1
		echo "exit $?" >>"$dir/docker"
		n=$(grep -vc '^==' "$dir/docker")
		if [ "$n" -ne "$rows" ]; then
			fail "json_docker: $profile, caps $label: docker gave $n lines, not $rows" \
				"$(tail -n 3 "$dir/docker" | tr '\n' ';')"
			continue
		fi
		# For scinit.json the INI is the original and JSON the conversion.
		for form in json ini; do
			# shellcheck disable=SC2086
			docker_run 120 $caps --security-opt seccomp=unconfined "$image" \
				/scinit --profile "/$profile.$form" -- /busybox sh /script >"$dir/scinit" 2>&1
			echo "exit $?" >>"$dir/scinit"
			compare "json_docker: $profile.$form, caps $label: $n probe results as under Docker" "$profile"
		done
	done <<<"$caps_variants"
done
