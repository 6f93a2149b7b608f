# Our patches to libseccomp (shim/patches/libseccomp/) may make it faster or
# smaller, never change what it builds: for every profile of a corpus, in
# each mode, the program from the libseccomp scinit links must equal, byte
# for byte, the one from Debian's unpatched libseccomp-dev
# (tests/libseccomp_bpf.c, built against both). The corpus: the shipped and
# example profiles, every fixture profile that loads, Docker's and Podman's
# defaults and Docker's fixtures, and generated profiles that stress what the
# patches touch: many syscalls, three arches, and many argument rules on one
# syscall (chains far longer than a 255-instruction jump).
. tests/lib.sh

dir=$(dirname "$SCINIT")
ours=$dir/libseccomp_bpf
debian=$dir/host/libseccomp_bpf-debian
if [ ! -x "$ours" ] || [ ! -x "$debian" ]; then
	fail "libseccomp patches: no $ours or $debian (make check builds them)"
	exit 0
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# --- generated profiles -------------------------------------------------------
native=$("$PROBE" -l -a native | awk '{print $1}')
names() { # FROM TO: native syscall names FROM..TO, as indented lines
	echo "$native" | sed -n "$1,$2p" | paste -d' ' - - - - - - - - - - | sed 's/^/  /'
}
allow_all() { # ARCH: every native syscall name allowed
	printf '[profile]\ndefault = errno:EPERM\narch = %s\n[allow]\nsyscalls = execve\n' "$1"
	names 1 '$'
}
allow_all native >"$tmp/gen-all-native.ini"
allow_all "x86_64 x86 x32" >"$tmp/gen-all-3arch.ini"
{ # 300 syscalls as the benchmark's profile, some denied with other actions
	printf '[profile]\ndefault = kill\narch = native\n[allow]\nsyscalls = execve\n'
	names 1 300
	printf '[deny]\naction = errno:EACCES\nsyscalls = kill\n'
	names 301 340
} >"$tmp/gen-300-deny.ini"
long_rules() { # N ARCH: N argument rules on ioctl, with a few other syscalls
	printf '[profile]\ndefault = errno:EPERM\narch = %s\n[allow]\nsyscalls = execve exit_group read write\n[rules]\n' "$2"
	for i in $(seq 1 "$1"); do echo "ioctl = allow if arg1 == $((0x5400 + i))"; done
}
long_rules 500 native >"$tmp/gen-ioctl500-native.ini"
for n in $(seq 248 262); do # jumps of exactly 255 instructions, and one more
	long_rules "$n" native >"$tmp/gen-ioctl$n-native.ini"
done
long_rules 150 "x86_64 x86 x32" >"$tmp/gen-ioctl150-3arch.ini"
{ # long chains on several syscalls, two arches, one shared default
	printf '[profile]\ndefault = errno:EPERM\narch = native x86\n[allow]\nsyscalls = execve exit_group\n[rules]\n'
	k=0
	for s in ioctl fcntl prctl; do
		k=$((k + 1))
		for i in $(seq 1 100); do echo "$s = allow if arg1 == $((i * 3 + k))"; done
	done
} >"$tmp/gen-chains-2arch.ini"
{ # every operator, two and three arguments to a rule, several actions
	printf '[profile]\ndefault = errno:ENOSYS\narch = native x86\n[allow]\nsyscalls = @default @basic-io\n[rules]\n'
	for i in $(seq 0 5); do
		echo "socket = allow if arg0 == $i and arg1 & 0xff == $((i % 4 + 1))"
		echo "fcntl = errno:EINVAL if arg1 == $((i + 1000)) and arg2 > $((i * 7)) and arg0 <= $((i + 3))"
		echo "setsockopt = allow if arg1 != $((i + 2000))"
		echo "mmap = allow if arg2 < $((i + 1)) and arg3 >= $((i * 3))"
	done
	echo "kill = trap if arg1 == 9"
	echo "tgkill = log if arg2 == 19"
	echo "ptrace = kill"
} >"$tmp/gen-operators.ini"

# --- the corpus ---------------------------------------------------------------
. tests/debian_data.sh
corpus=(config/default.ini images/embedded/profile.ini images/setup/httpd.ini "$tmp"/gen-*.ini)
while IFS= read -r f; do corpus+=("$f"); done < <(find tests/fixtures -name '*.ini' -o -name '*.json' | sort)
if docker_dir=$(docker_seccomp_dir) && [ -f "$docker_dir/default.json" ]; then
	corpus+=("$docker_dir/default.json")
	while IFS= read -r f; do corpus+=("$f"); done < <(find "$docker_dir/fixtures" -name '*.json' | sort)
else
	skip_or_fail "libseccomp patches: Docker's profiles" "cannot get golang-github-docker-docker-dev"
fi
if podman=$(podman_seccomp_json) && [ -f "$podman" ]; then
	corpus+=("$podman")
else
	skip_or_fail "libseccomp patches: Podman's profile" "cannot get golang-github-containers-common-dev"
fi

# --- the comparison -----------------------------------------------------------
compared=0 differ=0 refused=0 foreign=0 mismatch=()
for f in "${corpus[@]}"; do
	for mode in enforce audit learn; do
		for caps in "" 0; do
			"$ours" $mode "$f" $caps >"$tmp/ours.bpf" 2>"$tmp/ours.err"; a=$?
			"$debian" $mode "$f" $caps >"$tmp/debian.bpf" 2>"$tmp/debian.err"; b=$?
			# The one difference on purpose (20-x86-syscall-table.patch):
			# only Debian's libseccomp knows arches outside the x86 family.
			if [ $a -ne 0 ] && [ $b -eq 0 ] && grep -q "unknown architecture '[a-z0-9]*'$" "$tmp/ours.err"; then
				foreign=$((foreign + 1))
				continue
			fi
			if [ $a -ne 0 ] || [ $b -ne 0 ]; then
				# A profile that does not load is not a comparison, but
				# both builds must refuse it alike.
				if [ $a -ne $b ] || ! cmp -s "$tmp/ours.err" "$tmp/debian.err"; then
					differ=$((differ + 1)) mismatch+=("$f $mode ${caps:-app}: exit $a/$b")
				fi
				refused=$((refused + 1))
				continue
			fi
			compared=$((compared + 1))
			if ! cmp -s "$tmp/ours.bpf" "$tmp/debian.bpf" || [ ! -s "$tmp/ours.bpf" ]; then
				differ=$((differ + 1)) mismatch+=("$f $mode ${caps:-app}")
			fi
		done
	done
done
check "libseccomp patches: $compared programs (${#corpus[@]} profiles x 3 modes x 2 capability sets; $refused refused by both, $foreign naming another arch family by ours only) equal Debian's" \
	"0 differ" "$differ differ${mismatch:+: ${mismatch[*]:0:5}}"
# Rules libseccomp refuses halfway (a conflict on x86 only, after x86_64
# took the rule) must leave the filter as it was: scinit stops at the first,
# so these go through libseccomp's calls directly (libseccomp_bpf --calls).
# Architectures x86 and x32 besides x86_64; actions ALLOW, ERRNO(1), ERRNO(13);
# syscalls by x86_64 number; comparisons ARG OP A B (4: ==, 7: masked ==).
cat >"$tmp/conflicts.calls" <<'EOF2'
arch 0x40000003
arch 0x4000003e
rule 0x7fff0000 0
rule 0x7fff0000 16 1 4 1 0
rule 0x00050001 16 1 4 0x100000001 0
rule 0x7fff0000 16 1 4 2 0
rule 0x0005000d 16 1 4 2 0
rule 0x7fff0000 41 0 4 1 0 1 4 1 0
rule 0x00050001 41 0 4 1 0 1 4 1 0
rule 0x7fff0000 41 0 4 2 0
rule 0x7fff0000 9 2 7 0x4 0x4
rule 0x00050001 9 2 7 0x4 0x4
rule 0x7fff0000 59
rule 0x7fff0000 60
rule 0x00050001 60
EOF2
{ # many rules on three arches, a conflict every seventh
	printf 'arch 0x40000003\narch 0x4000003e\n'
	for i in $(seq 0 150); do
		echo "rule 0x7fff0000 $((i % 40)) 1 4 $i 0"
		[ $((i % 7)) -eq 3 ] && echo "rule 0x00050001 $((i % 40)) 1 4 $((i + 0x100000000)) 0"
	done
} >"$tmp/many.calls"
for f in "$tmp"/*.calls; do
	"$ours" --calls "$f" >"$tmp/ours.bpf" 2>"$tmp/ours.err"
	"$debian" --calls "$f" >"$tmp/debian.bpf" 2>"$tmp/debian.err"
	refusals=$(grep -c -- '^-17$' "$tmp/ours.err")
	check "libseccomp patches: $(basename "$f"): same answers ($refusals rules refused halfway) and the same program" \
		"same" "$(cmp -s "$tmp/ours.err" "$tmp/debian.err" && cmp -s "$tmp/ours.bpf" "$tmp/debian.bpf" &&
			[ -s "$tmp/ours.bpf" ] && [ "$refusals" -gt 0 ] && echo same)"
done

# The corpus must hold what it is meant to: chains longer than a jump can
# reach (255 instructions), programs of over 1000 instructions, and enough
# programs that load (many fixtures are invalid on purpose).
size() { "$ours" enforce "$1" | wc -c; }
check "libseccomp patches: the corpus holds a chain past a jump's reach and programs over 1000 instructions" yes \
	"$([ "$(size "$tmp/gen-ioctl500-native.ini")" -gt $((400 * 8)) ] && [ "$(size config/default.ini)" -gt 8000 ] &&
		[ "$(size "$tmp/gen-all-3arch.ini")" -gt 8000 ] && echo yes)"
check "libseccomp patches: at least 150 programs compared" yes "$([ "$compared" -ge 150 ] && echo yes)"

# The comparison can fail: one byte changed in our program.
"$ours" enforce config/default.ini >"$tmp/a.bpf"
python3 -c 'import sys; d = bytearray(open(sys.argv[1], "rb").read()); d[-1] ^= 1; open(sys.argv[2], "wb").write(d)' \
	"$tmp/a.bpf" "$tmp/b.bpf"
check "libseccomp patches: the comparison notices one changed byte" differ \
	"$(cmp -s "$tmp/b.bpf" <("$debian" enforce config/default.ini) && echo same || echo differ)"
