# scinit's printf (shim/common/format.c): the musl build's vfprintf, so that
# musl's, with floating point scinit never prints, is not linked. It takes
# only what scinit's formats use; here every format string in shim/ (the
# target's code, not shim/tools/) is held to that, the scan must see a
# planted conversion it lacks, the formatter is compared with glibc's
# vsnprintf (tests/unit/test_format.c, also run sanitized by
# tests/t_sanitizers.sh), and the binary must not carry musl's formatter.
. tests/lib.sh
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT

# formats FILE...: "FILE: SPEC" for each conversion format_to does not take,
# in string literals (adjacent ones joined; comments stripped by gcc).
formats() {
	local f
	for f in "$@"; do
		printf '@@ %s\n' "$f"
		gcc -fpreprocessed -dD -E -P -x c "$f" 2>/dev/null
	done | python3 -c '
import re, sys
text = sys.stdin.read()
run = re.compile(r"(?:\"(?:[^\"\\\n]|\\.)*\"\s*)+")
lit = re.compile(r"\"((?:[^\"\\\n]|\\.)*)\"")
ok = re.compile(r"%%|%[-0#+ ]*(?:\*|[0-9]+)?(?:\.(?:\*|[0-9]+))?(?:(?:hh|h|ll|l|z|j|t)?[diuxX]|[csm])")
for part in text.split("@@ ")[1:]:
    name, _, code = part.partition("\n")
    for m in run.finditer(code):
        s = "".join(lit.findall(m.group(0)))
        i = 0
        while (i := s.find("%", i)) >= 0:
            spec = ok.match(s, i)
            if spec:
                i = spec.end()
                continue
            print(f"{name}: {s[i:i + 6]!r}")
            i += 1
'
}

printf 'static void f(void) { printf("%%5.2f %%ls" "%%-*s %%zu %%m %%#x %%%%\\n", 1.0, L"w", 3, "a", 2, 3); }\n/* "%%g" in a comment */\n' >"$tmp/planted.c"
check "format: the scan reports a conversion format_to lacks, in a joined literal, not in comments" \
	"$tmp/planted.c: '%5.2f '|$tmp/planted.c: '%ls%-*'" "$(formats "$tmp/planted.c" | paste -sd'|')"

# format.c itself is left out: its "%" is what it prints for %%.
mapfile -t sources < <(ls shim/*/*.[ch] | grep -v -e '^shim/tools/' -e '^shim/common/format.c$')
out=$(formats "${sources[@]}")
check "format: scinit's ${#sources[@]} source files use only what format_to takes" "" "$out"
check "format: the scan read scinit's formats (it finds \"%.*s\" in shim/)" yes \
	"$(cat "${sources[@]}" | grep -qF '%.*s' && echo yes)"

# The formatter against glibc's vsnprintf, the oracle.
if gcc -std=c11 -D_GNU_SOURCE -O1 -Wall -Wno-format -Ishim tests/unit/test_format.c shim/common/format.c \
	-o "$tmp/test_format" 2>"$tmp/cc.log"; then
	"$tmp/test_format" >"$tmp/unit.log"
	rc=$?
	check "format: every case of tests/unit/test_format.c as glibc prints it (exit 0, no FAIL)" "0 0" \
		"$rc $(grep -c '^FAIL' "$tmp/unit.log")"
	check_match "format: the unit cases ran" '^[3-9][0-9]$' "$(grep -c '^ok' "$tmp/unit.log")"
else
	fail "format: cannot build tests/unit/test_format.c" "$(head -3 "$tmp/cc.log")"
fi

# musl's formatter writes its prefixes from one string; scinit's binary must not hold it.
check "format: $SCINIT carries no musl vfprintf" 0 "$(grep -c -- '-0X+0X 0X-0x+0x 0x' "$SCINIT")"
check "format: musl's libc.a has the string the check looks for" 1 \
	"$(grep -c -- '-0X+0X 0X-0x+0x 0x' /usr/lib/x86_64-linux-musl/libc.a /usr/lib/*-linux-musl/libc.a 2>/dev/null | awk -F: '$2 > 0 { n = 1 } END { print n + 0 }')"
