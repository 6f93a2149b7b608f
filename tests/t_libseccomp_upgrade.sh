# The move from Debian 12's libseccomp 2.5.4 to the pinned, unpatched
# libseccomp 2.6.0 that scinit links must not change what any profile's
# filter decides. For every profile of a corpus, in each mode and for two
# capability sets, scinit's filter builder (tests/libseccomp_bpf.c, built
# against each library) makes a program with each; the two programs must give
# the same answer to every call tests/bpf_equiv.py tries. That script runs
# the programs on an emulator of its own, independent of scinit's code. Not
# byte for byte: 2.6 lays programs out differently (another order of the
# syscall tree, other jumps), which changes no answer.
#
# The corpus: the shipped and example profiles, every fixture profile,
# Docker's and Podman's defaults and Docker's fixtures, and generated
# profiles that stress the generator: every syscall, three arches, 300
# syscalls with other actions, and many argument rules on one syscall
# (chains longer than a 255-instruction jump). Then libseccomp's own calls,
# rules it refuses halfway included (libseccomp_bpf --calls).
#
# Differences on purpose, each listed below, counted and named in the output:
# - Syscalls 2.5.4 does not know (Linux 6.8 to 6.13 on every x86 ABI,
#   uretprobe, x32's map_shadow_stack: the tables of both libraries, from
#   libseccomp_bpf --names, say which). 2.6 can rule on them where 2.5.4
#   leaves them to the default action, so calls of those numbers are set
#   apart (bpf_equiv.py --ignore), and a profile that names one outright is
#   refused by 2.5.4 only ("unknown syscall").
# - Arches 2.5.4 does not know (loongarch64, m68k, sh): a profile that
#   names one and loads with 2.6.0 is refused by 2.5.4 only ("unknown
#   architecture"); none of the corpus does.
# Both libraries know every other arch; 2.6.0 must know every syscall 2.5.4
# knows, by the same number.
. tests/lib.sh

dir=$(dirname "$SCINIT")
ours=$dir/libseccomp_bpf
debian=$dir/host/libseccomp_bpf-debian
if [ ! -x "$ours" ] || [ ! -x "$debian" ]; then
	fail "libseccomp upgrade: no $ours or $debian (make check builds them)"
	exit 0
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# --- the two syscall tables ---------------------------------------------------
arches="x86_64 x86 x32 arm aarch64 loongarch64 m68k mips mipsel mips64 mipsel64 mips64n32 mipsel64n32 parisc
	parisc64 ppc ppc64 ppc64le riscv64 s390 s390x sh sheb"
# shellcheck disable=SC2086 # one word per arch
"$ours" --names $arches | sort >"$tmp/names-ours"
# shellcheck disable=SC2086
"$debian" --names $arches | sort >"$tmp/names-debian"
comm -23 "$tmp/names-ours" "$tmp/names-debian" >"$tmp/only-ours"
check "libseccomp upgrade: 2.6.0 knows every syscall 2.5.4 knows, by the same number and name" "" \
	"$(comm -13 "$tmp/names-ours" "$tmp/names-debian" | head -n 5)"
check "libseccomp upgrade: the tables were read (over 300 x86_64 syscalls in each)" "yes yes" \
	"$([ "$(grep -c '^0xc000003e ' "$tmp/names-ours")" -gt 300 ] && echo yes) $([ "$(grep -c '^0xc000003e ' "$tmp/names-debian")" -gt 300 ] && echo yes)"
# The first difference on purpose, spelled out: what 2.6.0 knows beyond
# 2.5.4 on the x86 ABIs (audit arch tokens: x86_64 and x32 share one).
only_x86_64=$(awk '$1 == "0xc000003e" { print $3 }' "$tmp/only-ours" | sort | tr '\n' ' ')
only_x86=$(awk '$1 == "0x40000003" { print $3 }' "$tmp/only-ours" | sort | tr '\n' ' ')
only_x32=$(awk '$1 == "0x4000003e" { print $3 }' "$tmp/only-ours" | sort -u | tr '\n' ' ')
new_613="getxattrat listmount listxattrat lsm_get_self_attr lsm_list_modules lsm_set_self_attr mseal removexattrat setxattrat statmount "
check "libseccomp upgrade: x86_64 syscalls only 2.6.0 knows: Linux 6.8..6.13's and uretprobe" \
	"$(tr ' ' '\n' <<<"$new_613 uretprobe" | grep . | sort | tr '\n' ' ')" "$only_x86_64"
check "libseccomp upgrade: x86 syscalls only 2.6.0 knows: Linux 6.8..6.13's" "$new_613" "$only_x86"
check "libseccomp upgrade: x32 syscalls only 2.6.0 knows: those of x86_64 and map_shadow_stack" \
	"$(tr ' ' '\n' <<<"$new_613 uretprobe map_shadow_stack" | grep . | sort | tr '\n' ' ')" "$only_x32"
# The second: the arches only 2.6.0 knows.
only_arches=$(for a in $arches; do
	"$ours" --names "$a" | grep -q . && ! "$debian" --names "$a" | grep -q . && echo "$a"
done | tr '\n' ' ')
check "libseccomp upgrade: arches only 2.6.0 knows" "loongarch64 m68k sh sheb " "$only_arches"

# --- generated profiles -------------------------------------------------------
# Names both libraries know, so that both load these profiles.
native=$(awk '$1 == "0xc000003e" { print $3 }' "$tmp/names-debian")
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
# Groups hold syscalls only 2.6.0 knows (the *xattrat calls in
# @file-system): both load this, and only those calls may answer apart.
printf '[profile]\ndefault = errno:EPERM\narch = x86_64 x86 x32\n[allow]\nsyscalls = @default @file-system @basic-io\n' \
	>"$tmp/gen-groups-3arch.ini"
# The intended refusal, once.
printf '[profile]\ndefault = errno:EPERM\n[allow]\nsyscalls = execve exit_group mseal\n' >"$tmp/gen-new-syscall.ini"

# --- the corpus ---------------------------------------------------------------
. tests/debian_data.sh
corpus=(config/default.ini images/embedded/profile.ini images/setup/httpd.ini "$tmp"/gen-*.ini)
while IFS= read -r f; do corpus+=("$f"); done < <(find tests/fixtures -name '*.ini' -o -name '*.json' | sort)
if docker_dir=$(docker_seccomp_dir) && [ -f "$docker_dir/default.json" ]; then
	corpus+=("$docker_dir/default.json")
	while IFS= read -r f; do corpus+=("$f"); done < <(find "$docker_dir/fixtures" -name '*.json' | sort)
else
	skip_or_fail "libseccomp upgrade: Docker's profiles" "cannot get golang-github-docker-docker-dev"
fi
if podman=$(podman_seccomp_json) && [ -f "$podman" ]; then
	corpus+=("$podman")
else
	skip_or_fail "libseccomp upgrade: Podman's profile" "cannot get golang-github-containers-common-dev"
fi

# --- the comparison -----------------------------------------------------------
# The calls set apart, as the kernel shows them to a filter: an x32 call
# comes with x86_64's audit arch and the x32 bit in its number.
awk '$1 == "0x4000003e" { print "0xc000003e", $2 < 1073741824 ? $2 + 1073741824 : $2, $3; next } { print }' \
	"$tmp/only-ours" >"$tmp/set-apart"
new_names=" $(awk '{ print $3 }' "$tmp/only-ours" | sort -u | tr '\n' ' ') "
# First every run of both builds; the pairs of programs that both made are
# then simulated in one python process (its start costs more than most
# comparisons), each distinct pair once.
mkdir "$tmp/p"
keep() { # FILE: its copy under $tmp/p, named by its content
	local f
	f=$tmp/p/$(md5sum <"$1" | cut -d' ' -f1).bpf
	[ -e "$f" ] || cp "$1" "$f"
	echo "$f"
}
differ=0 refused=0 mismatch=() new_syscall=() new_arch=() runs=()
for f in "${corpus[@]}"; do
	for mode in enforce audit learn; do
		for caps in "" 0; do
			"$ours" $mode "$f" $caps >"$tmp/ours.bpf" 2>"$tmp/ours.err"; a=$?
			"$debian" $mode "$f" $caps >"$tmp/debian.bpf" 2>"$tmp/debian.err"; b=$?
			run="$f $mode ${caps:-app}"
			if [ $a -eq 0 ] && [ $b -ne 0 ]; then
				# The differences on purpose: what only 2.6.0 knows.
				name=$(sed -n "s/.*: unknown syscall '\([a-z0-9_]*\)'$/\1/p" "$tmp/debian.err")
				arch=$(sed -n "s/.*: unknown architecture '\([a-z0-9_]*\)'$/\1/p" "$tmp/debian.err")
				if [ -n "$name" ] && [[ $new_names == *" $name "* ]]; then
					new_syscall+=("$(basename "$f"):$name")
				elif [ -n "$arch" ] && [[ " $only_arches " == *" $arch "* ]]; then
					new_arch+=("$(basename "$f"):$arch")
				else
					differ=$((differ + 1)) mismatch+=("$run: 2.5.4 refuses [$(cat "$tmp/debian.err")]")
				fi
				continue
			fi
			if [ $a -ne 0 ] || [ $b -ne 0 ]; then
				# A profile that does not load is not a comparison, but
				# both builds must refuse it alike.
				if [ $a -ne $b ] || ! cmp -s "$tmp/ours.err" "$tmp/debian.err"; then
					differ=$((differ + 1)) mismatch+=("$run: exit $a/$b [$(cat "$tmp/ours.err")] [$(cat "$tmp/debian.err")]")
				fi
				refused=$((refused + 1))
				continue
			fi
			if [ ! -s "$tmp/ours.bpf" ] || [ ! -s "$tmp/debian.bpf" ]; then
				differ=$((differ + 1)) mismatch+=("$run: no program")
				continue
			fi
			pair="$(keep "$tmp/ours.bpf") $(keep "$tmp/debian.bpf")"
			runs+=("$run|$pair")
			echo "$pair" >>"$tmp/pairs"
		done
	done
done
sort -u "$tmp/pairs" >"$tmp/pairs.u"
python3 tests/bpf_equiv.py --ignore "$tmp/set-apart" --pairs "$tmp/pairs.u" >"$tmp/answers"
declare -A answer
while IFS= read -r line; do answer[${line%%: *}]=${line#*: }; done <"$tmp/answers"
set_apart=0 apart_in=()
for r in "${runs[@]}"; do
	run=${r%%|*} out=${answer[${r#*|}]:-no answer from bpf_equiv.py}
	if [[ $out != *" calls, 0 differ; "* ]]; then
		differ=$((differ + 1)) mismatch+=("$run: $out")
		continue
	fi
	n=${out#*; } n=${n%% *}
	set_apart=$((set_apart + n))
	[ "$n" = 0 ] || apart_in+=("$(basename "${run%% *}")")
done
compared=${#runs[@]}
check "libseccomp upgrade: $compared programs ($(wc -l <"$tmp/pairs.u") distinct pairs; ${#corpus[@]} profiles x 3 modes x 2 capability sets; $refused refused by both alike) give 2.5.4's answers, apart from the syscalls only 2.6.0 knows" \
	"0 differ" "$differ differ${mismatch:+: ${mismatch[*]:0:4}}"
# Each difference on purpose was met, and is named.
echo "     set apart: $set_apart answers to syscalls only 2.6.0 knows, in $(printf '%s\n' "${apart_in[@]}" | sort -u | tr '\n' ' ')"
echo "     refused by 2.5.4 only: $(printf '%s\n' "${new_syscall[@]}" "${new_arch[@]}" | sort -u | tr '\n' ' ')"
check_match "libseccomp upgrade: answers to syscalls only 2.6.0 knows were set apart (groups name them)" \
	"gen-groups-3arch.ini" "${apart_in[*]}"
check_match "libseccomp upgrade: a profile naming a syscall only 2.6.0 knows is refused by 2.5.4 only" \
	"gen-new-syscall.ini:mseal" "${new_syscall[*]}"

# Rules libseccomp refuses halfway (a conflict on x86 only, after x86_64
# took the rule) must leave the filter as it was: scinit stops at the first,
# so these go through libseccomp's calls directly (libseccomp_bpf --calls).
# Architectures x86 and x32 besides x86_64; actions ALLOW, ERRNO(1), ERRNO(13);
# syscalls by x86_64 number (all below 41: both libraries know them);
# comparisons ARG OP A B (4: ==, 7: masked ==).
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
	check "libseccomp upgrade: $(basename "$f"): the same return codes ($refusals rules refused halfway)" \
		"same" "$(cmp -s "$tmp/ours.err" "$tmp/debian.err" && [ "$refusals" -gt 0 ] && echo same)"
	check_match "libseccomp upgrade: $(basename "$f"): programs that answer alike" ", 0 differ$" \
		"$([ -s "$tmp/ours.bpf" ] && python3 tests/bpf_equiv.py "$tmp/ours.bpf" "$tmp/debian.bpf")"
done

# The corpus must hold what it is meant to: chains longer than a jump can
# reach (255 instructions), programs of over 1000 instructions, and enough
# programs that load (many fixtures are invalid on purpose).
size() { "$ours" enforce "$1" | wc -c; }
check "libseccomp upgrade: the corpus holds a chain past a jump's reach and programs over 1000 instructions" yes \
	"$([ "$(size "$tmp/gen-ioctl500-native.ini")" -gt $((400 * 8)) ] && [ "$(size config/default.ini)" -gt 8000 ] &&
		[ "$(size "$tmp/gen-all-3arch.ini")" -gt 8000 ] && echo yes)"
check "libseccomp upgrade: at least 150 programs compared" yes "$([ "$compared" -ge 150 ] && echo yes)"

# The comparison can fail: one return changed in 2.6.0's program (the first
# ERRNO made another errno), and one more syscall allowed by it.
"$ours" enforce config/default.ini >"$tmp/a.bpf"
"$debian" enforce config/default.ini >"$tmp/debian.bpf"
python3 - "$tmp/a.bpf" "$tmp/b.bpf" <<'EOF2'
import struct, sys
d = bytearray(open(sys.argv[1], "rb").read())
for i in range(0, len(d), 8):
    code, jt, jf, k = struct.unpack_from("<HBBI", d, i)
    if code == 6 and k & 0xFFFF0000 == 0x00050000:
        struct.pack_into("<HBBI", d, i, code, jt, jf, k ^ 1)
        break
open(sys.argv[2], "wb").write(d)
EOF2
check_match "libseccomp upgrade: the comparison notices one changed return" ", [1-9][0-9]* differ; " \
	"$(python3 tests/bpf_equiv.py --ignore "$tmp/set-apart" "$tmp/b.bpf" "$tmp/debian.bpf")"
printf '[profile]\ndefault = errno:ENOSYS\narch = native x86 x32\n[allow]\nsyscalls = execve getpid\n' >"$tmp/one.ini"
printf '[profile]\ndefault = errno:ENOSYS\narch = native x86 x32\n[allow]\nsyscalls = execve getpid getppid\n' >"$tmp/two.ini"
"$ours" enforce "$tmp/two.ini" >"$tmp/a.bpf"
"$debian" enforce "$tmp/one.ini" >"$tmp/b.bpf"
check_match "libseccomp upgrade: the comparison notices one more syscall allowed" ", [1-9][0-9]* differ; " \
	"$(python3 tests/bpf_equiv.py --ignore "$tmp/set-apart" "$tmp/a.bpf" "$tmp/b.bpf")"
