/* The content checks every profile text passes first (shim/input.c): NUL
 * bytes and UTF-8, with the line of the first bad byte. */
#include "common/input.h"
#include "unit.h"

struct row {
	const char *name;
	const char *text;
	size_t len;
	const char *err; /* NULL: accepted */
};

#define T(s) s, sizeof(s) - 1
#define BAD "t.ini:1: invalid UTF-8"

static const struct row rows[] = {
	{ "empty", T(""), NULL },
	{ "ASCII", T("[allow]\nsyscalls = read\n"), NULL },
	{ "2-byte", T("\xc3\xa9 \xdf\xbf"), NULL },
	{ "3-byte", T("\xe0\xa0\x80 \xef\xbf\xbf \xe2\x82\xac"), NULL },
	{ "last before the surrogates", T("\xed\x9f\xbf"), NULL },
	{ "first after the surrogates", T("\xee\x80\x80"), NULL },
	{ "4-byte", T("\xf0\x90\x80\x80 \xf4\x8f\xbf\xbf"), NULL },
	{ "byte order mark", T("\xef\xbb\xbf[allow]"), NULL },
	{ "NUL", T("a\0b"), "t.ini:1: NUL byte in the file" },
	{ "NUL on line 3", T("a\nb\n\0"), "t.ini:3: NUL byte in the file" },
	{ "NUL at the end", T("a\0"), "t.ini:1: NUL byte in the file" },
	{ "lone continuation byte", T("\x80"), BAD },
	{ "continuation byte after ASCII", T("a\xbf"), BAD },
	{ "overlong '/' in 2 bytes", T("\xc0\xaf"), BAD },
	{ "overlong NUL in 2 bytes", T("\xc0\x80"), BAD },
	{ "overlong in 2 bytes (C1)", T("\xc1\xbf"), BAD },
	{ "overlong in 3 bytes", T("\xe0\x80\xaf"), BAD },
	{ "overlong in 3 bytes, highest", T("\xe0\x9f\xbf"), BAD },
	{ "overlong in 4 bytes", T("\xf0\x80\x80\xaf"), BAD },
	{ "overlong in 4 bytes, highest", T("\xf0\x8f\xbf\xbf"), BAD },
	{ "first surrogate", T("\xed\xa0\x80"), BAD },
	{ "last surrogate", T("\xed\xbf\xbf"), BAD },
	{ "surrogate pair (CESU-8)", T("\xed\xa0\xbd\xed\xb8\x80"), BAD },
	{ "above U+10FFFF (F4 90)", T("\xf4\x90\x80\x80"), BAD },
	{ "F5 lead byte", T("\xf5\x80\x80\x80"), BAD },
	{ "F5 lead byte, 3 bytes", T("\xf5\x80\x80"), BAD },
	{ "F8 lead byte (5-byte form)", T("\xf8\x88\x80\x80\x80"), BAD },
	{ "FC lead byte (6-byte form)", T("\xfc\x84\x80\x80\x80\x80"), BAD },
	{ "FE", T("\xfe"), BAD },
	{ "FF", T("\xff"), BAD },
	{ "truncated 2-byte at the end", T("a\xc3"), BAD },
	{ "truncated 3-byte at the end", T("\xe2\x82"), BAD },
	{ "truncated 4-byte at the end", T("\xf0\x9f\x98"), BAD },
	{ "truncated 3-byte before ASCII", T("\xe2\x82z"), BAD },
	{ "truncated 4-byte before a newline", T("\xf0\x9f\x98\n"), BAD },
	{ "2-byte with a bad second byte", T("\xc3\xc3"), BAD },
	{ "invalid on line 2", T("ok\n\xff"), "t.ini:2: invalid UTF-8" },
	{ "Latin-1", T("caf\xe9\n"), BAD },
	{ "tab, CRLF and LF", T("a\tb\r\nc\n"), NULL },
	{ "escape sequence", T("a\n\x1b[2J"), "t.ini:2: control character 0x1b in the file" },
	{ "lone CR", T("read\rwrite\n"), "t.ini:1: control character 0x0d in the file" },
	{ "CR at the end", T("read\r"), "t.ini:1: control character 0x0d in the file" },
	{ "CR CR LF", T("read\r\r\n"), "t.ini:1: control character 0x0d in the file" },
	{ "form feed", T("\f"), "t.ini:1: control character 0x0c in the file" },
	{ "DEL", T("\x7f"), "t.ini:1: control character 0x7f in the file" },
	{ "C1 control U+009B (CSI)", T("\xc2\x9b"), "t.ini:1: control character U+009B in the file" },
	{ "U+00A0 after the C1 controls", T("\xc2\xa0"), NULL },
};

int main(void)
{
	for (size_t i = 0; i < UNIT_N(rows); i++) {
		char name[160];
		struct scerr e = { "" };
		int rc = input_check_text("t.ini", rows[i].text, rows[i].len, &e);
		snprintf(name, sizeof(name), "input_check_text: %s", rows[i].name);
		if (rows[i].err)
			unit_refused(name, rc, &e, rows[i].err);
		else
			unit_accepted(name, rc, &e);
	}
	/* The check must stop at len and never read the terminating NUL as content. */
	struct scerr e = { "" };
	unit_accepted("input_check_text: stops at len", input_check_text("t.ini", "ab\xff", 2, &e), &e);
	return unit_done();
}
