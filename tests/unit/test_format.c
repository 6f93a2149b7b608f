/* common/format.c (every printf of the musl build) against glibc's
 * vsnprintf, the oracle, for each conversion, flag, width, precision and
 * length it takes, at the edges of each type and across its 256-byte
 * buffer; anything else must be refused. */
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "common/format.h"
#include "unit.h"

/* format_to with a va_list of its arguments. */
static int format_args(FILE *f, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	const int rc = format_to(f, fmt, ap);
	va_end(ap);
	return rc;
}

static void check(const char *fmt, ...)
{
	char want[2048], *got = NULL, name[160];
	size_t got_len = 0;
	va_list ap, ap2;
	va_start(ap, fmt);
	va_copy(ap2, ap);
	errno = EACCES; /* for %m */
	const int want_rc = vsnprintf(want, sizeof(want), fmt, ap);
	FILE *f = open_memstream(&got, &got_len);
	errno = EACCES;
	const int got_rc = format_to(f, fmt, ap2);
	fclose(f);
	va_end(ap2);
	va_end(ap);
	snprintf(name, sizeof(name), "format: \"%.100s\"", fmt);
	const bool ok = want_rc == got_rc && strcmp(want, got) == 0;
	unit_result(ok, name, want, ok ? got : got_rc != want_rc ? "another length" : got);
	free(got);
}

int main(void)
{
	char big[600];
	memset(big, 'b', sizeof(big) - 1);
	big[sizeof(big) - 1] = 0;

	check("plain text, no conversion");
	check("");
	check("%s|%5s|%-5s|%.2s|%.0s|%.*s|%-*s|%*s", "abc", "ab", "ab", "abc", "abc", 2, "abc", 6, "ab", -6, "ab");
	check("%.*s", -1, "negative precision is none");
	check("%s", (char *)NULL);
	check("%.200s %.24s %.60s %-16s %-20s %-9s", big, big, "short", "x", "y", "z");
	check("%s then %s", big, big);
	check("%600s|%-300d|", "w", 7);
	check("%c%c%5c%-3c|", 'a', 0x7f, 'b', 'c');
	check("%%|%%%%|");
	check("%m|%.3m|%10m");
	check("%d %d %d %d %d", 0, 1, -1, INT_MAX, INT_MIN);
	check("%i %5d %-5d| %05d %05d %.3d %.0d %.0d %5.3d %-5.3d| %+d %+d % d % d %+.0d", 42, 42, 42, 42, -42, 7, 0, 5,
	      -7, 7, 3, -3, 3, -3, 0);
	check("%u %u %u %5u %05u %.4u %.0u", 0u, 1u, UINT_MAX, 9u, 9u, 9u, 0u);
	check("%x %X %x %02x %02x %08x %04X %#x %#X %#x %#08x %.0x", 0u, 0xabcu, UINT_MAX, 5u, 0x1ffu, 0xdeadu, 0xbeefu,
	      0x10u, 0x10u, 0u, 0x10u, 0u);
	check("%ld %ld %ld %lu %lx %li", 0L, LONG_MIN, LONG_MAX, ULONG_MAX, ULONG_MAX, -5L);
	check("%lld %lld %llu %llx %llX %#llx", LLONG_MIN, LLONG_MAX, ULLONG_MAX, ULLONG_MAX, 0x1234abcdULL, 1ULL << 40);
	check("%zu %zx %zd %jd %ju %td", SIZE_MAX, (size_t)0x4000, (ssize_t)-3, INTMAX_MIN, UINTMAX_MAX, (ptrdiff_t)-9);
	check("%hhd %hhu %hhx %hd %hu %hx", 200, 300, 0x1ff, 70000, 70000, 0x12345);
	check("%*d|%-*d|%*d|%.*d|%.*d", 6, 3, 6, 3, -6, 3, 4, 3, -1, 3);
	check("%0-5d|%-05d|%0*d", 3, 3, 5, -3);

	/* Conversions scinit never prints are refused, not guessed. */
	static const char *const refused[] = { "%f", "%g", "%e", "%a", "%p", "%o", "%n", "%ls", "%q", "%Lf", "%lc", "%hhhd", "%llld", "%hld", "trailing %" };
	for (size_t i = 0; i < UNIT_N(refused); i++) {
		char *out = NULL, name[80];
		size_t len = 0;
		FILE *f = open_memstream(&out, &len);
		errno = 0;
		const int rc = format_args(f, refused[i], 1.5);
		const int err = errno;
		fclose(f);
		free(out);
		snprintf(name, sizeof(name), "format: \"%s\" refused with EINVAL", refused[i]);
		unit_result(rc == -1 && err == EINVAL, name, "-1 EINVAL", rc == -1 ? "-1, another errno" : "accepted");
	}
	return unit_done();
}
