# Hostile input: every row must be refused cleanly: exit 125, exactly one
# line on stderr naming the file (and the line or JSON position where there
# is one), and the app never started. tests/t_parser.sh and tests/t_json.sh
# have the ordinary errors; these are the inputs meant to break a parser, the
# environment and a kernel without seccomp. tests/unit/ runs the same kind of
# input through the parsers under the sanitizers, tests/fuzz/ random ones.
. tests/lib.sh
tmp=$(mktemp -d); chmod 755 "$tmp"; trap 'rm -rf "$tmp"' EXIT
marker=$tmp/started
export LC_ALL=C # messages quote raw bytes; compare them as bytes

# refused NAME WANT COMMAND...: COMMAND -- APP is refused with the one line
# "scinit: WANT" (an extended regex when WANT starts with ~), within 20 s: a
# hang is a failure too.
refused() {
	local name=$1 want=$2 rc lines err ok=yes; shift 2
	rm -f "$marker"
	timeout 20 "$@" -- /bin/busybox touch "$marker" >/dev/null 2>"$tmp/err"; rc=$?
	lines=$(wc -l <"$tmp/err") err=$(cat "$tmp/err")
	[ "$rc" = 125 ] && [ "$lines" = 1 ] && [ ! -e "$marker" ] || ok=no
	if [ "${want#\~}" != "$want" ]; then
		printf '%s\n' "$err" | grep -Eqx -- "scinit: ${want#\~}" || ok=no
	else
		[ "$err" = "scinit: $want" ] || ok=no
	fi
	if [ $ok = yes ]; then
		pass "hostile: $name"
	else
		fail "hostile: $name" "exit $rc, $lines line(s), app $([ -e "$marker" ] && echo ran || echo 'not run'): [$err], wanted [scinit: $want]"
	fi
}

# profile NAME WANT FILE: `scinit --profile FILE` is refused.
profile() { refused "$1" "$2" "$SCINIT" --profile "$3"; }

# random_bytes SEED COUNT [CHARSET]: COUNT pseudo-random bytes (any byte, or
# characters of CHARSET) from a fixed 64-bit LCG, so the file is the same on
# every machine and every run.
random_bytes() {
	local x=$1 n=$2 set=${3:-} i v b out=
	for ((i = 0; i < n; i++)); do
		x=$(((x * 6364136223846793005 + 1442695040888963407) & 0x7fffffffffffffff))
		v=$((x >> 31))
		if [ -n "$set" ]; then
			out+=${set:v % ${#set}:1}
		else
			printf -v b '\\0%03o' $((v & 255)); out+=$b
		fi
	done
	if [ -n "$set" ]; then printf '%s' "$out"; else printf '%b' "$out"; fi
}

# --- content ---------------------------------------------------------------
f=$tmp/random.ini; random_bytes 1 4096 >"$f"
# The same bytes on every machine: the LCG's, as a generator of its own
# (python) makes them, and a fixed checksum.
check "random bytes: the file is the LCG's 4096 bytes, checksum 744318895" "744318895 4096 744318895 4096" \
	"$(cksum <"$f") $(python3 -c 'import sys
x, out = 1, bytearray()
for _ in range(4096):
    x = (x * 6364136223846793005 + 1442695040888963407) & 0x7fffffffffffffff
    out.append((x >> 31) & 255)
sys.stdout.buffer.write(out)' | cksum)"
profile "4 KiB of random bytes" "~$f:[0-9]+: (NUL byte|control character [^ ]+|invalid UTF-8)( in the file)?" "$f"
f=$tmp/random-text.ini; random_bytes 2 4096 $'abcdefgxyz_@[]=;:#&|!0123456789 \t\n\n\n' >"$f"
profile "4 KiB of random profile text" "~$f:[0-9]+: .+" "$f"
f=$tmp/random.json; { printf '{"defaultAction": "SCMP_ACT_ALLOW", "syscalls": [{"names": ['; random_bytes 3 4096 $'"{}[],: \n0123456789abcSCMP_ACT'; } >"$f"
profile "4 KiB of random JSON" "~$f:[0-9]+:[0-9]+: .+" "$f"

f=$tmp/long.ini; { printf '[allow]\nsyscalls = read'; printf '%20000s\n' ' write'; } >"$f"
profile "20,000-character line" "$f:2: line is longer than 198 characters; continue it on an indented line" "$f"
f=$tmp/long-last.ini; { printf '[allow]\nsyscalls = read'; printf '%20000s' ' write'; } >"$f"
profile "20,000-character last line, no newline" "$f:2: line is longer than 198 characters; continue it on an indented line" "$f"
f=$tmp/long-header.ini; { printf '[allow]\n['; printf '%020000d' 0; printf ']\n'; } >"$f"
profile "20,000-character section header" "$f:2: line is longer than 198 characters; continue it on an indented line" "$f"
f=$tmp/long.json; { printf '{"defaultAction": "SCMP_ACT_ALLOW", "syscalls": [{"names": ["'; printf '%020000d' 0; printf '"], "action": "SCMP_ACT_LOG"}]}'; } >"$f"
profile "20,000-character JSON string" "$f:1:61: \"000000000000000000000000...\" is too long" "$f"

f=$tmp/nul-first.ini; printf '\0[allow]\n' >"$f"
profile "NUL as the first byte" "$f:1: NUL byte in the file" "$f"
f=$tmp/nul.json; printf '{"defaultAction":\n "SCMP_ACT_ALLOW"\0}' >"$f"
profile "NUL in a JSON profile" "$f:2: NUL byte in the file" "$f"

# Bad UTF-8 and control characters, on line 3 of an otherwise good profile.
utf8() { # NAME WANT BYTES
	f=$tmp/utf8-$RANDOM.ini; printf '[allow]\n; fine\nsyscalls = read %b\n' "$3" >"$f"
	profile "$1" "$f:3: $2" "$f"
}
utf8 "overlong '/' (C0 AF)" "invalid UTF-8" '\xc0\xaf'
utf8 "overlong in three bytes (E0 80 AF)" "invalid UTF-8" '\xe0\x80\xaf'
utf8 "overlong in four bytes (F0 80 80 AF)" "invalid UTF-8" '\xf0\x80\x80\xaf'
utf8 "UTF-16 surrogate (ED A0 80)" "invalid UTF-8" '\xed\xa0\x80'
utf8 "above U+10FFFF (F4 90 80 80)" "invalid UTF-8" '\xf4\x90\x80\x80'
utf8 "lead byte F5" "invalid UTF-8" '\xf5\x80\x80'
utf8 "lone continuation byte" "invalid UTF-8" '\x80'
utf8 "sequence cut short" "invalid UTF-8" '\xe2\x82'
utf8 "Latin-1" "invalid UTF-8" 'caf\xe9'
utf8 "escape sequence" "control character 0x1b in the file" '\x1b[2J'
utf8 "lone CR" "control character 0x0d in the file" 'write\rclose'
utf8 "C1 control CSI (C2 9B)" "control character U+009B in the file" '\xc2\x9b2J'
f=$tmp/cut.ini; printf '[allow]\nsyscalls = read \xe2\x82' >"$f"
profile "UTF-8 cut at the end of the file" "$f:2: invalid UTF-8" "$f"
f=$tmp/utf16.ini; printf '\xff\xfe[\x00a\x00]\x00' >"$f"
profile "UTF-16 file" "$f:1: invalid UTF-8" "$f"
f=$tmp/raw-newline.json; printf '{"defaultAction": "SCMP_ACT_AL\nLOW"}' >"$f"
profile "raw line break inside a JSON string" "$f:1:31: control character in a string (JSON wants it escaped, as \\n or \\t)" "$f"

# --- bounds: repeats, numbers, nesting ---------------------------------------
f=$tmp/repeat.ini; { echo '[allow]'; for i in $(seq 20000); do echo 'syscalls = read'; done; } >"$f"
profile "20,000 repeated keys" "$f:8194: more than 8192 rules" "$f"
f=$tmp/repeat-default.ini; { echo '[profile]'; for i in $(seq 20000); do echo 'default = allow'; done; } >"$f"
profile "20,000 repeated single keys" "$f:3: 'default' is given twice" "$f"
f=$tmp/repeat.json; { printf '{"defaultAction": "SCMP_ACT_ALLOW", "syscalls": [{"action": "SCMP_ACT_ERRNO", "names": ["getpid"'; for i in $(seq 19999); do printf ', "getpid"'; done; printf ']}]}'; } >"$f"
profile "20,000 repeated names in JSON" "$f:1:82009: more than 8192 rules" "$f"
f=$tmp/enosys.json; { printf '{"defaultAction": "SCMP_ACT_ERRNO", "architectures": ["SCMP_ARCH_X86_64"], "syscalls": [%s' \
	'{"names": ["read"], "action": "SCMP_ACT_ALLOW", "args": [{"index": 1, "value": 0, "op": "SCMP_CMP_GE"}]}'
	for i in $(seq 7999); do printf ', {"names": ["read"], "action": "SCMP_ACT_ALLOW", "args": [{"index": 1, "value": %d, "op": "SCMP_CMP_GE"}]}' "$i"; done
	printf ']}'; } >"$f"
profile "JSON rules within the bound, runc's ENOSYS rules past it" "$f: more than 8192 rules" "$f"

number() { # NAME WANT RULE: RULE on line 4, in [rules]
	f=$tmp/number-$RANDOM.ini; printf '[profile]\ndefault = allow\n[rules]\n%s\n' "$3" >"$f"
	profile "$1" "$f:4: $2" "$f"
}
number "errno 65536" "unknown errno '65536' (a name such as EPERM, or 1..4094)" "getpid = errno:65536"
number "errno 4095 (libseccomp's limit is 4094)" "unknown errno '4095' (a name such as EPERM, or 1..4094)" "getpid = errno:4095"
number "errno 2^64" "unknown errno '18446744073709551616' (a name such as EPERM, or 1..4094)" "getpid = errno:18446744073709551616"
number "arg index 9" "expected arg0..arg5, got 'arg9'" "socket = allow if arg9 == 1"
number "value 2^64" "bad number '18446744073709551616'" "socket = allow if arg0 == 18446744073709551616"
number "mask 2^64" "bad number '0x10000000000000000'" "socket = allow if arg0 & 0x10000000000000000 == 0"
number "a leading zero (octal or decimal?)" "bad number '010': write decimal or 0x hex (a leading 0 would be octal)" \
	"socket = allow if arg0 == 010"
# Argument comparisons past what a filter can hold: libseccomp would take
# minutes over them and then corrupt its heap.
f=$tmp/cmp-different.ini; { printf '[profile]\ndefault = allow\n[rules]\n'; for i in $(seq 100); do
	echo "read = errno:EPERM if arg0 == $i and arg1 == $i and arg2 == $i and arg3 == $i and arg4 == $i and arg5 == $i"; done; } >"$f"
profile "100 rules of six different comparisons" \
	"$f: 600 different argument comparisons, more than 512 (libseccomp's time to build the filter grows far faster than they do)" "$f"
f=$tmp/cmp-total.ini; { printf '[profile]\ndefault = allow\n[rules]\n'; for n in read write close fstat lseek mmap mprotect munmap brk; do
	for i in $(seq 460); do echo "$n = errno:EPERM if arg0 == $i"; done; done; } >"$f"
profile "4,140 comparisons in all" "$f: 4140 argument comparisons, more than 4096 (a seccomp filter holds at most 4096 instructions)" "$f"
f=$tmp/cmp-different.json; { printf '{"defaultAction": "SCMP_ACT_ALLOW", "syscalls": [{"names": ["read"], "action": "SCMP_ACT_ERRNO", "args": [{"index": 0, "value": 0, "op": "SCMP_CMP_EQ"}]}'
	for i in $(seq 599); do printf ',\n{"names": ["read"], "action": "SCMP_ACT_ERRNO", "args": [{"index": 0, "value": %d, "op": "SCMP_CMP_EQ"}]}' "$i"; done; printf ']}'; } >"$f"
profile "JSON: 600 different comparisons" \
	"$f: 600 different argument comparisons, more than 512 (libseccomp's time to build the filter grows far faster than they do)" "$f"

f=$tmp/errnoret.json; printf '{"defaultAction": "SCMP_ACT_ERRNO", "defaultErrnoRet": 65536}' >"$f"
profile "JSON errnoRet 65536" "$f:1:56: expected a whole number from 0 to 4094" "$f"

f=$tmp/deep.json; { printf '{"defaultAction": "SCMP_ACT_ALLOW", "syscalls": '; printf '%100000s' '' | tr ' ' '['; printf '%100000s' '' | tr ' ' ']'; printf '}'; } >"$f"
profile "JSON nested 100,000 deep" "$f:1:64: nested more than 16 deep" "$f"
f=$tmp/wide.json; { printf '{"defaultAction": "SCMP_ACT_ALLOW", "comment": [0'; printf '%200000s' '' | sed 's/ /,0/g'; printf ']}'; } >"$f"
profile "200,000 JSON values" "$f:1:1: more than 200000 JSON values" "$f"
f=$tmp/cut-escape.json; printf '{"defaultAction": "SCMP_ACT_ALLOW", "syscalls": [{"names": ["get\\u00' >"$f"
profile "JSON cut inside a \\u escape" "~$f:1:[0-9]+: (unterminated string|unexpected end: the JSON is cut short|not valid JSON here)" "$f"
f=$tmp/type-default.json; printf '{"defaultAction": ["SCMP_ACT_ALLOW"]}' >"$f"
profile "JSON defaultAction a list" "$f:1:19: expected a string" "$f"
f=$tmp/type-syscalls.json; printf '{"defaultAction": "SCMP_ACT_ALLOW", "syscalls": {"names": ["getpid"]}}' >"$f"
profile "JSON syscalls an object" "$f:1:49: expected a list of syscall rules" "$f"
f=$tmp/type-args.json; printf '{"defaultAction": "SCMP_ACT_ALLOW", "syscalls": [{"names": ["getpid"], "action": "SCMP_ACT_ERRNO", "args": {"index": 0}}]}' >"$f"
profile "JSON args an object" "$f:1:108: expected a list of args" "$f"
f=$tmp/op-space.json; printf '{"defaultAction": "SCMP_ACT_ALLOW", "syscalls": [{"names": ["getpid"], "action": "SCMP_ACT_ERRNO", "args": [{"index": 0, "value": 1, "op": "SCMP_CMP_EQ "}]}]}' >"$f"
profile "JSON operator with a trailing space" "~$f:1:140: unknown op \"SCMP_CMP_EQ \" \(SCMP_CMP_EQ, .*\)" "$f"

f=$tmp/header-key.ini; printf '[profile]\ndefault = allow\n[deny] syscalls = ptrace\n' >"$f"
profile "a key on a header's line (inih would drop it)" "$f:3: text after a [section] header; put each key = value on a line of its own" "$f"

# --- files -------------------------------------------------------------------
ln -s loop-b "$tmp/loop-a"; ln -s loop-a "$tmp/loop-b"
profile "symlink loop" "~$tmp/loop-a: cannot open: .+" "$tmp/loop-a"
mkdir "$tmp/dir"; ln -s dir "$tmp/dir-link"
profile "symlink to a directory" "$tmp/dir-link: not a regular file" "$tmp/dir-link"
profile "character device" "/dev/null: not a regular file" /dev/null
profile "path with a line break" "$tmp/a?b.ini: cannot open: No such file or directory" "$tmp/a"$'\n'"b.ini"
long=$tmp/$(printf '%05000d' 0).ini
profile "5,000-character path" "~$tmp/0+" "$long"

# As root a mode-000 file is still readable: the unreadable rows run as
# nobody, with a copy of scinit nobody may run.
cp "$SCINIT" "$tmp/scinit"; chmod 755 "$tmp/scinit"
printf '[profile]\ndefault = allow\n' >"$tmp/secret.ini"; chmod 000 "$tmp/secret.ini"
mkdir -m 700 "$tmp/private"; printf '[profile]\ndefault = allow\n' >"$tmp/private/p.ini"
chmod 777 "$tmp" # the marker, should the app run
if command -v setpriv >/dev/null && setpriv --reuid=65534 --regid=65534 --clear-groups true 2>/dev/null; then
	nobody=(setpriv --reuid=65534 --regid=65534 --clear-groups)
	refused "unreadable file" "$tmp/secret.ini: cannot open: Permission denied" "${nobody[@]}" "$tmp/scinit" --profile "$tmp/secret.ini"
	refused "file in an unreadable directory" "$tmp/private/p.ini: cannot open: Permission denied" \
		"${nobody[@]}" "$tmp/scinit" --profile "$tmp/private/p.ini"
else
	skip_or_fail "unreadable files" "cannot run as uid 65534 with setpriv"
fi
chmod 755 "$tmp"

# --- environment: every variable scinit reads (grep getenv shim/) ------------
tried=" "
envrow() { # NAME WANT VAR=VALUE...
	local name=$1 want=$2 a; shift 2
	for a in "$@"; do tried+="${a%%=*} "; done
	refused "$name" "$want" env "$@" "$SCINIT"
}
envrow "SCINIT_MODE with a trailing blank" "SCINIT_MODE: unknown mode 'audit ' (enforce, audit, learn)" "SCINIT_MODE=audit "
envrow "SCINIT_MODE with a line break" "SCINIT_MODE: unknown mode 'enforce?' (enforce, audit, learn)" "SCINIT_MODE=enforce"$'\n'
envrow "SCINIT_MODE with an escape sequence" "SCINIT_MODE: unknown mode '?[2Jaudit' (enforce, audit, learn)" "SCINIT_MODE="$'\e'"[2Jaudit"
envrow "SCINIT_MODE of 20,000 characters" "~SCINIT_MODE: unknown mode 'a{400,}" "SCINIT_MODE=$(printf '%20000s' '' | tr ' ' a)"
envrow "SCINIT_MODE not UTF-8" "SCINIT_MODE: unknown mode '"$'\xff'"' (enforce, audit, learn)" "SCINIT_MODE="$'\xff'
envrow "SCINIT_PROFILE a directory" "$tmp: not a regular file" "SCINIT_PROFILE=$tmp"
envrow "SCINIT_PROFILE a line break" "?: cannot open: No such file or directory" "SCINIT_PROFILE="$'\n'
envrow "SCINIT_PROFILE hostile content" "~$tmp/random.ini:[0-9]+: .+" "SCINIT_PROFILE=$tmp/random.ini"
for var in SCINIT_PROCESS_GROUP SCINIT_WAIT_ALL SCINIT_EXEC SCINIT_WARN_ON_REAP SCINIT_SUBREAPER SCINIT_PAUSE SCINIT_REPORT; do
	for value in ' 1' 01 true -1 $'1\n'; do
		envrow "$var='${value//$'\n'/\\n}'" "$var must be 0 or 1, not '${value//$'\n'/?}'" "$var=$value"
	done
done
envrow "SCINIT_EXEC=1 with SCINIT_WAIT_ALL=1" \
	"--exec/SCINIT_EXEC leaves no supervisor, so it cannot be combined with --wait-all/SCINIT_WAIT_ALL" SCINIT_EXEC=1 SCINIT_WAIT_ALL=1
# The variables with a value: one line naming the variable and what it takes.
envrow "SCINIT_REMAP_EXIT=256" "SCINIT_REMAP_EXIT must be a list, each an exit code 0..255, not '256'" SCINIT_REMAP_EXIT=256
envrow "SCINIT_REMAP_EXIT with an empty item" "SCINIT_REMAP_EXIT must be a list, each an exit code 0..255, not '143,,137'" \
	SCINIT_REMAP_EXIT=143,,137
envrow "SCINIT_REMAP_EXIT of 20,000 digits" "~SCINIT_REMAP_EXIT must be a list, each an exit code 0..255, not '1{400,}" \
	"SCINIT_REMAP_EXIT=$(printf '%20000s' '' | tr ' ' 1)"
envrow "SCINIT_REMAP_EXIT empty" "SCINIT_REMAP_EXIT is set but empty" SCINIT_REMAP_EXIT=
envrow "SCINIT_REWRITE=9:0" "~SCINIT_REWRITE must be a list, each FROM:TO, .*, not '15:3,9:0'" SCINIT_REWRITE=15:3,9:0
envrow "SCINIT_REWRITE with a blank" "~SCINIT_REWRITE must be a list, each FROM:TO, .*, not '15:3, 1:0'" "SCINIT_REWRITE=15:3, 1:0"
envrow "SCINIT_PARENT_DEATH_SIGNAL=TERM" \
	"SCINIT_PARENT_DEATH_SIGNAL must be a signal (SIGKILL as in tini, or 1..64), not 'TERM'" SCINIT_PARENT_DEATH_SIGNAL=TERM
envrow "SCINIT_PARENT_DEATH_SIGNAL=65" \
	"SCINIT_PARENT_DEATH_SIGNAL must be a signal (SIGKILL as in tini, or 1..64), not '65'" SCINIT_PARENT_DEATH_SIGNAL=65
envrow "SCINIT_GRACE=-1" "SCINIT_GRACE must be seconds, 0..3600, not '-1'" SCINIT_GRACE=-1 SCINIT_PROCESS_GROUP=1
envrow "SCINIT_GRACE=1.5" "SCINIT_GRACE must be seconds, 0..3600, not '1.5'" SCINIT_GRACE=1.5 SCINIT_PROCESS_GROUP=1
envrow "SCINIT_GRACE without -g" "--grace/SCINIT_GRACE is for the app's leftovers under -g; give -g too" SCINIT_GRACE=3
envrow "SCINIT_VERBOSITY=4" "SCINIT_VERBOSITY must be a level 0..3, not '4'" SCINIT_VERBOSITY=4
envrow "SCINIT_VERBOSITY=v" "SCINIT_VERBOSITY must be a level 0..3, not 'v'" SCINIT_VERBOSITY=v
envrow "TINI_VERBOSITY=5" "TINI_VERBOSITY must be 0..4, not '5'" TINI_VERBOSITY=5
envrow "TINI_VERBOSITY empty" "TINI_VERBOSITY must be 0..4, not ''" TINI_VERBOSITY=
envrow "SCINIT_REPORT=1 with SCINIT_EXEC=1" \
	"--exec/SCINIT_EXEC leaves no supervisor, so it cannot be combined with --report/SCINIT_REPORT" SCINIT_EXEC=1 SCINIT_REPORT=1
envrow "SCINIT_REPORT=1 in learn mode" "--report is for enforce and audit modes: learn mode records every call already" \
	SCINIT_REPORT=1 SCINIT_MODE=learn
envrow "SCINIT_PAUSE=1 with SCINIT_REMAP_EXIT" "--pause runs no app, so it cannot be combined with -e" SCINIT_PAUSE=1 SCINIT_REMAP_EXIT=143
# Learn mode's output: checked before the app starts, and never a hang.
mkfifo "$tmp/fifo"
envrow "SCINIT_LEARN_OUT a FIFO nobody reads" "~SCINIT_LEARN_OUT: .*$tmp/fifo.*" SCINIT_MODE=learn "SCINIT_LEARN_OUT=$tmp/fifo"
envrow "SCINIT_LEARN_OUT a directory" "~SCINIT_LEARN_OUT: .*$tmp.*" SCINIT_MODE=learn "SCINIT_LEARN_OUT=$tmp"
envrow "SCINIT_LEARN_OUT in a missing directory" "~SCINIT_LEARN_OUT: .*$tmp/none/out.ini.*" SCINIT_MODE=learn "SCINIT_LEARN_OUT=$tmp/none/out.ini"
envrow "SCINIT_LEARN_OUT empty" "SCINIT_LEARN_OUT is set but empty" SCINIT_MODE=learn SCINIT_LEARN_OUT=
envrow "SCINIT_LEARN_FORMAT xml" "~SCINIT_LEARN_FORMAT: .*'xml'.*" SCINIT_MODE=learn SCINIT_LEARN_FORMAT=xml
envrow "SCINIT_LEARN_FORMAT with a line break" "~SCINIT_LEARN_FORMAT: .*'json\?'.*" SCINIT_MODE=learn "SCINIT_LEARN_FORMAT=json"$'\n'

# Every SCINIT_ variable named in shim/ has a row here.
# (The bare prefix "SCINIT_", which the unknown-variable warning looks for,
# is not a variable.)
vars=$(grep -rho --include='*.c' '"SCINIT_[A-Z_]*"' shim | tr -d '"' | grep -vx SCINIT_ | sort -u)
check_match "environment: the variables were found in shim/ (SCINIT_MODE among them)" "^SCINIT_MODE$" "$vars"
for var in $vars; do
	case $tried in
	*" $var "*) pass "environment: $var has a hostile row" ;;
	*) fail "environment: $var has no hostile row" ;;
	esac
done

# --- a kernel without seccomp: never a silent fallback to no filter -----------
helper=$(dirname "$SCINIT")/no_seccomp
if [ ! -x "$helper" ]; then
	fail "kernel rows" "$helper is missing (make BUILD=$(dirname "$SCINIT") $helper)"
	exit 0
fi
printf '[profile]\ndefault = errno:EPERM\n[allow]\nsyscalls = @default @basic-io @file-system @process @signal\n' >"$tmp/p.ini"
cp "$tmp/p.ini" "$tmp/p.json" && printf '{"defaultAction": "SCMP_ACT_ALLOW", "syscalls": [{"names": ["ptrace"], "action": "SCMP_ACT_ERRNO"}]}' >"$tmp/p.json"
for kernel in none einval noload old; do
	for how in embedded "--profile p.ini" "--profile p.json" --exec "SCINIT_MODE=audit"; do
		args=() envs=()
		case $how in
		--profile*) args=(--profile "$tmp/${how#--profile }") ;;
		--exec) args=(--exec) ;;
		SCINIT_*) envs=("$how") ;;
		esac
		refused "kernel '$kernel', $how" "~.*(seccomp|kernel).*" env "${envs[@]}" "$helper" "$kernel" "$SCINIT" "${args[@]}"
	done
done
# Init mode: the app's side may try its filter while the supervisor tries
# its own, and both fail on such a kernel; still one line, every time.
lines=$(for _ in $(seq 100); do "$helper" noload "$SCINIT" -- /bin/busybox true 2>&1 | wc -l; done | sort -u | tr '\n' ' ')
check "kernel 'noload', embedded, 100 starts: always one line" "1 " "$lines"
refused "kernel 'nonotify', SCINIT_MODE=learn" "~.*notification.*" env SCINIT_MODE=learn "$helper" nonotify "$SCINIT"
# The helper itself works: on a kernel that only lacks user notification
# scinit runs as usual outside learn mode.
rm -f "$marker"
"$helper" nonotify "$SCINIT" -- /bin/busybox touch "$marker"
check "kernel 'nonotify': the app runs" "0 yes" "$? $([ -e "$marker" ] && echo yes || echo no)"
