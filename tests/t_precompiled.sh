# The embedded profile's precompiled programs (shim/filter/precompiled.h)
# against what libseccomp builds at run time, so that the fast path cannot
# drift from the slow one. The build (Makefile) makes the enforce program
# with build/tools/bpfgen, the same profile reader and filter builder built
# for the build machine, and shrinks it with build/tools/bpf_ranges; audit
# mode's is that with every return but ALLOW made LOG. So: the precompiled
# enforce program answers every call as bpf_ranges(bpfgen's program) and as
# libseccomp's program that scinit builds now, by tests/bpf_equiv.py (an
# emulator of its own); scinit's own build-time export (bpf --build) is
# libseccomp's program now, byte for byte. Then the build's choices, on
# small binaries linked here from the objects next to $SCINIT and programs
# made by bpfgen: no program for a filter that depends on the run, [setup]
# read at run time, not at build.
. tests/lib.sh

tools=$(dirname "$SCINIT")/tools
ranges=$tools/bpf_ranges
bpfgen=$tools/bpfgen
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
hex() { od -An -v -tx1 "$@" | tr -d ' \n'; }
for tool in "$ranges" "$bpfgen"; do
	[ -x "$tool" ] || { fail "precompiled: no $tool (make builds it)"; exit 0; }
done

for mode in enforce audit; do
	"$SCINIT" bpf --precompiled $mode >"$tmp/pre.bpf"
	cp "$tmp/pre.bpf" "$tmp/pre-$mode.bpf"
	if [ ! -s "$tmp/pre.bpf" ]; then
		fail "$mode: this scinit carries no precompiled program for its embedded profile"
		continue
	fi
	"$SCINIT" bpf $mode >"$tmp/now.bpf"
	check "$mode: libseccomp builds the same program now (whole profile) as at build time" \
		"$(hex "$tmp/now.bpf")" "$("$SCINIT" bpf --build $mode | hex)"
	if [ $mode = enforce ]; then
		# What the build does, again: config/default.ini is the PROFILE a
		# default build embeds (a check below says whether this one did).
		"$bpfgen" enforce config/default.ini >"$tmp/gen.bpf" && "$ranges" <"$tmp/gen.bpf" >"$tmp/gen-ranges.bpf"
		check "$mode: bpfgen makes a program of config/default.ini" yes "$([ -s "$tmp/gen-ranges.bpf" ] && echo yes)"
		check_match "$mode: precompiled answers every call as bpf_ranges(bpfgen enforce config/default.ini)" \
			", 0 differ$" "$(python3 tests/bpf_equiv.py "$tmp/gen-ranges.bpf" "$tmp/pre.bpf")"
		check_match "$mode: bpfgen's program (build machine) answers as scinit's own libseccomp's now" \
			", 0 differ$" "$(python3 tests/bpf_equiv.py "$tmp/gen.bpf" "$tmp/now.bpf")"
	else
		check "$mode: precompiled = enforce's, every return but ALLOW made LOG" "$(hex "$tmp/pre.bpf")" \
			"$(python3 -c 'import struct, sys
d = bytearray(sys.stdin.buffer.read())
for i in range(0, len(d), 8):
    code, jt, jf, k = struct.unpack_from("<HBBI", d, i)
    if code == 6 and k & 0xFFFF0000 != 0x7FFF0000:
        struct.pack_into("<HBBI", d, i, code, jt, jf, 0x7FFC0000)
sys.stdout.buffer.write(d)' <"$tmp/pre-enforce.bpf" | hex)"
	fi
	check_match "$mode: precompiled and libseccomp's programs answer every call alike" ", 0 differ$" \
		"$(python3 tests/bpf_equiv.py "$tmp/now.bpf" "$tmp/pre.bpf")"
	check "$mode: the precompiled program is shorter" yes \
		"$([ "$(wc -c <"$tmp/pre.bpf")" -lt "$(wc -c <"$tmp/now.bpf")" ] && echo yes)"
done
# The checker can fail: one return changed in the precompiled program.
python3 - "$tmp/pre-enforce.bpf" "$tmp/bad.bpf" <<'EOF2'
import struct, sys
d = bytearray(open(sys.argv[1], "rb").read())
for i in range(0, len(d), 8):
    code, jt, jf, k = struct.unpack_from("<HBBI", d, i)
    if code == 6 and k & 0xFFFF0000 == 0x00050000:  # the first ERRNO return: another errno
        struct.pack_into("<HBBI", d, i, code, jt, jf, k ^ 1)
        break
open(sys.argv[2], "wb").write(d)
EOF2
check_match "bpf_equiv notices a changed return" ", [1-9][0-9]* differ$" \
	"$(python3 tests/bpf_equiv.py "$tmp/pre-enforce.bpf" "$tmp/bad.bpf")"
# The same filter as `scinit --profile config/default.ini` builds (the default build
# embeds that file; convert --bpf exports the enforce program).
"$SCINIT" convert --bpf config/default.ini >"$tmp/convert.bpf" 2>"$tmp/err"
check "enforce: convert --bpf config/default.ini exports a program" "0 yes" \
	"$? $([ -s "$tmp/convert.bpf" ] && echo yes)$(cat "$tmp/err")"
check_match "enforce: precompiled answers as convert --bpf config/default.ini (else built with another PROFILE?)" \
	", 0 differ$" "$(python3 tests/bpf_equiv.py "$tmp/convert.bpf" "$tmp/pre-enforce.bpf")"
# bpf_ranges on other programs libseccomp makes: Docker's and Podman's
# defaults (1 400 instructions each), a fixture.
. tests/debian_data.sh
docker_json=$(docker_seccomp_dir)/default.json
podman_json=$(podman_seccomp_json)
for f in "$docker_json" "$podman_json" tests/fixtures/json/features.json; do
	if ! "$SCINIT" convert --bpf "$f" >"$tmp/in.bpf" 2>/dev/null || [ ! -s "$tmp/in.bpf" ]; then
		fail "bpf_ranges: cannot export $f"
		continue
	fi
	"$ranges" <"$tmp/in.bpf" >"$tmp/out.bpf" 2>/dev/null
	check_match "bpf_ranges keeps every answer of $(basename "$f") ($(($(wc -c <"$tmp/in.bpf") / 8)) -> $(($(wc -c <"$tmp/out.bpf") / 8)) instructions)" \
		", 0 differ$" "$(python3 tests/bpf_equiv.py "$tmp/in.bpf" "$tmp/out.bpf")"
done

# Both paths give the probe the same answers.
calls=(getpid personality:0xffffffff personality:8 setns:-1,0 socket:1,1,0 socket:40,1,0 clone3 mount)
for mode in enforce audit; do
	fast=$(SCINIT_MODE=$mode "$SCINIT" --exec -- "$PROBE" "${calls[@]}" 2>&1)
	slow=$(SCINIT_MODE=$mode "$SCINIT" --profile config/default.ini --exec -- "$PROBE" "${calls[@]}" 2>&1)
	check "$mode: the probe under the precompiled filter = under the one libseccomp builds" "$slow" "$fast"
done
check_match "enforce: the precompiled filter denies" "^setns:-1,0 EPERM$" \
	"$("$SCINIT" --exec -- "$PROBE" setns:-1,0 2>&1)"

# The supervisor's own filter (shim/filter/supervisor_filter.c): precompiled with
# marks for its two descriptors, filled in at run time.
"$SCINIT" bpf supervisor >"$tmp/sup-now.bpf"
"$bpfgen" supervisor >"$tmp/sup-build.bpf"
check "supervisor: the built-in program, filled in, = libseccomp's now" "$(hex "$tmp/sup-now.bpf")" \
	"$("$SCINIT" bpf --precompiled supervisor | hex)"
check "supervisor: bpfgen's program (the build's) = scinit's own export for the marks (bpf --build)" \
	"$(hex "$tmp/sup-build.bpf")" "$("$SCINIT" bpf --build supervisor | hex)"
check "supervisor: the build's program differs only in the two marked jeq constants" "signal 1 go 1 other 0" \
	"$(python3 - "$tmp/sup-now.bpf" "$tmp/sup-build.bpf" <<'EOF2'
import struct, sys
now, built = (open(f, "rb").read() for f in sys.argv[1:])
count = {"signal": 0, "go": 0, "other": 0 if len(now) == len(built) and now else 1}
for i in range(0, min(len(now), len(built)), 8):
    a, b = struct.unpack_from("<HBBI", now, i), struct.unpack_from("<HBBI", built, i)
    if a == b:
        continue
    if a[:3] == b[:3] and a[0] == 0x15 and (a[3], b[3]) == (3, 0x7C5E0001):
        count["signal"] += 1
    elif a[:3] == b[:3] and a[0] == 0x15 and (a[3], b[3]) == (4, 0x7C5E0002):
        count["go"] += 1
    else:
        count["other"] += 1
print(" ".join(f"{k} {v}" for k, v in count.items()))
EOF2
)"

# --- the build's choices, on binaries linked from this build's objects --------
build=$(dirname "$SCINIT")
seccomp_lib=$build/deps/libseccomp/lib/libseccomp.a
inih=$build/deps/ini.o
read -ra code < <(make -s --no-print-directory BUILD="$build" print-shim-objects)
if [ ${#code[@]} -lt 20 ] || ! ls "$build/obj/cli/main.o" "$seccomp_lib" "$inih" >/dev/null 2>&1 ||
	! command -v musl-gcc >/dev/null; then
	fail "precompiled: build choices" "no objects next to $SCINIT to link from (make builds them)"
	exit 0
fi

# link PROFILE OUT [ENFORCE.bpf [SUPERVISOR.bpf]]: a scinit embedding PROFILE.
link() {
	local defs=(-DEMBED_PROFILE="\"$1\"")
	[ $# -ge 3 ] && defs+=(-DEMBED_BPF_ENFORCE="\"$3\"")
	[ $# -ge 4 ] && defs+=(-DEMBED_BPF_SUPERVISOR="\"$4\"")
	musl-gcc "${defs[@]}" -c shim/embedded.S -o "$2.o" &&
		musl-gcc -static -Wl,--gc-sections "${code[@]}" "$2.o" "$seccomp_lib" "$inih" -o "$2"
}

printf '[profile]\ndefault = errno:EPERM\n[allow]\nsyscalls = @default @basic-io @file-system @process @signal\n[rules]\nmount = allow if cap:sys_admin\n' >"$tmp/caps.ini"
printf '{"defaultAction": "SCMP_ACT_ERRNO", "syscalls": [{"names": ["execve", "exit_group"], "action": "SCMP_ACT_ALLOW"}]}\n' >"$tmp/docker.json"
for f in caps.ini docker.json; do
	"$bpfgen" enforce "$tmp/$f" >"$tmp/out.bpf"
	check "$f: the build precompiles nothing (the filter depends on the run): bpfgen exits 0, writes nothing" \
		"0 0" "$? $(wc -c <"$tmp/out.bpf")"
	if link "$tmp/$f" "$tmp/stage1"; then
		out=$("$tmp/stage1" bpf --build enforce | wc -c)
		check "$f: ... nor would scinit's own bpf --build" 0 "$out"
	else
		fail "$f: cannot link a scinit embedding it"
	fi
done
# Control: a profile whose filter is fixed does get a program from both.
printf '[profile]\ndefault = errno:EPERM\n[allow]\nsyscalls = @default @basic-io @file-system @process @signal\n' >"$tmp/fixed.ini"
check "fixed.ini: control: bpfgen writes a program when the filter is fixed" yes \
	"$([ "$("$bpfgen" enforce "$tmp/fixed.ini" | wc -c)" -gt 0 ] && echo yes)"

# [setup] names a user only the image has: the build must still precompile,
# and a run must still read [setup] (and refuse, on this machine).
printf '[profile]\ndefault = errno:ENOSYS\n[allow]\nsyscalls = @default @basic-io @file-system @process @signal getpid\n[setup]\nuser = scinit-no-such-user\n' >"$tmp/setup.ini"
if "$bpfgen" enforce "$tmp/setup.ini" >"$tmp/enforce.bpf" &&
	link "$tmp/setup.ini" "$tmp/scinit" "$tmp/enforce.bpf"; then
	check "setup.ini: the build precompiles without resolving [setup]" yes \
		"$([ -s "$tmp/enforce.bpf" ] && echo yes)"
	check "setup.ini: a scinit linked with bpfgen's program carries it" "$(od -An -v -tx1 "$tmp/enforce.bpf")" \
		"$("$tmp/scinit" bpf --precompiled enforce | od -An -v -tx1)"
	out=$("$tmp/scinit" --exec -- "$PROBE" getpid 2>&1); rc=$?
	check "setup.ini: a run still reads [setup] (125)" 125 "$rc"
	check_match "setup.ini: ... and names the user" "scinit-no-such-user" "$out"
else
	fail "setup.ini: cannot build a scinit with precompiled programs"
fi

# A run reads only [profile] and [setup] of a precompiled profile; the other
# sections reach the INI reader as blank lines (shim/profile/profile_ini.c). The line
# numbers stay, and a header inih takes from an indented line (right after
# another header) is still one.
printf '[profile]\ndefault = errno:ENOSYS\n[allow]\nsyscalls = @default @basic-io\n  @file-system\n  @process @signal\n[rules]\npersonality = allow if arg0 == 8\n[setup]\numask = 027\nuser = scinit-no-such-user\n' >"$tmp/lines.ini"
printf '[profile]\ndefault = errno:ENOSYS\n[allow]\nsyscalls = @default @basic-io @file-system @process @signal\n[deny]\n  [setup]\nuser = scinit-no-such-user\n' >"$tmp/indented.ini"
for f in lines:11 indented:7; do
	name=${f%:*} line=${f#*:}
	if "$bpfgen" enforce "$tmp/$name.ini" >"$tmp/$name.bpf" &&
		[ -s "$tmp/$name.bpf" ] && link "$tmp/$name.ini" "$tmp/$name" "$tmp/$name.bpf"; then
		check_match "$name.ini: [setup] read with its line number ($line) after the skipped sections" \
			":$line: user 'scinit-no-such-user'" "$("$tmp/$name" --exec -- "$PROBE" getpid 2>&1)"
	else
		fail "$name.ini: cannot build a scinit with a precompiled program"
	fi
done

# Without the supervisor's program, or with one that lacks
# the marks, libseccomp builds the supervisor's filter at run time.
BB=/bin/busybox
sed 's/^[[:space:]]*[;#].*//' config/default.ini >"$tmp/default.ini"
"$SCINIT" bpf --precompiled enforce >"$tmp/default-enforce.bpf"
for variant in none unmarked; do
	if [ $variant = none ]; then
		link "$tmp/default.ini" "$tmp/sup-$variant"
	else # the enforce program in its place: no marks in it
		link "$tmp/default.ini" "$tmp/sup-$variant" "$tmp/default-enforce.bpf" "$tmp/default-enforce.bpf"
	fi || {
		fail "supervisor ($variant): cannot link"
		continue
	}
	"$tmp/sup-$variant" bpf --precompiled supervisor >/dev/null 2>&1
	check "supervisor ($variant): no built-in program to use (exit 125)" 125 $?
	out=$("$tmp/sup-$variant" -- "$BB" sh -c 'grep Seccomp: /proc/$PPID/status' 2>&1)
	check "supervisor ($variant): the init still confines itself and runs the app" "0 Seccomp: 2" \
		"$? $(echo $out)"
done
