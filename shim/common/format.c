#include "common/format.h"

#include <errno.h>
#include <limits.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

/* Written to the stream in pieces of this size: a message shorter than it
 * reaches an unbuffered stderr in one write, as with musl's printf. */
struct out {
	FILE *f;
	size_t used, total;
	bool failed;
	char buf[256];
};

static void flush(struct out *o)
{
	if (o->used && fwrite(o->buf, 1, o->used, o->f) != o->used)
		o->failed = true;
	o->used = 0;
}

static void put(struct out *o, const char *s, size_t n)
{
	o->total += n;
	while (n) {
		if (o->used == sizeof o->buf)
			flush(o);
		size_t k = sizeof o->buf - o->used;
		if (k > n)
			k = n;
		memcpy(o->buf + o->used, s, k);
		o->used += k;
		s += k;
		n -= k;
	}
}

static void pad(struct out *o, char c, size_t n)
{
	while (n--)
		put(o, &c, 1);
}

static int number(const char **fmt)
{
	int n = 0;
	while (**fmt >= '0' && **fmt <= '9' && n < INT_MAX / 10)
		n = n * 10 + *(*fmt)++ - '0';
	return n;
}

int format_to(FILE *f, const char *fmt, va_list ap)
{
	const int saved_errno = errno; /* %m's, before any write changes it */
	struct out o = { .f = f };

	while (*fmt) {
		const char *pct = strchrnul(fmt, '%');
		put(&o, fmt, (size_t)(pct - fmt));
		if (!*pct)
			break;
		fmt = pct + 1;

		bool left = false, zero = false, alt = false;
		char sign = 0;
		for (;; fmt++) {
			if (*fmt == '-')
				left = true;
			else if (*fmt == '0')
				zero = true;
			else if (*fmt == '#')
				alt = true;
			else if (*fmt == '+' || (*fmt == ' ' && sign != '+'))
				sign = *fmt;
			else
				break;
		}
		int width;
		if (*fmt == '*') {
			fmt++;
			width = va_arg(ap, int);
			if (width < 0) {
				left = true;
				width = width == INT_MIN ? INT_MAX : -width;
			}
		} else {
			width = number(&fmt);
		}
		int prec = -1;
		if (*fmt == '.') {
			fmt++;
			if (*fmt == '*') {
				fmt++;
				prec = va_arg(ap, int); /* a negative one is none */
				if (prec < 0)
					prec = -1;
			} else {
				prec = number(&fmt);
			}
		}
		/* The length: 'h' twice for char, 'l' twice for long long; z, j
		 * and t are as wide as long on the arches scinit builds for. */
		int shorts = 0, longs = 0;
		for (;; fmt++) {
			if (*fmt == 'h')
				shorts++;
			else if (*fmt == 'l')
				longs++;
			else if (*fmt == 'z' || *fmt == 'j' || *fmt == 't')
				longs = 1;
			else
				break;
		}

		char digits[24], one;
		const char *s = digits, *prefix = "";
		size_t n, zeros = 0;
		char conv = *fmt++;
		if ((shorts || longs) && (!strchr("diuxX", conv) || shorts > 2 || longs > 2 || (shorts && longs)))
			conv = 0; /* %ls (wide characters), %lll, %hld */
		switch (conv) {
		case '%':
			s = "%";
			n = 1;
			break;
		case 'c':
			one = (char)va_arg(ap, int);
			s = &one;
			n = 1;
			break;
		case 'm':
			s = strerror(saved_errno);
			goto text;
		case 's':
			s = va_arg(ap, const char *);
			if (!s)
				s = "(null)";
		text:
			n = prec < 0 ? strlen(s) : strnlen(s, (size_t)prec);
			break;
		case 'd':
		case 'i':
		case 'u':
		case 'x':
		case 'X': {
			const bool is_signed = conv == 'd' || conv == 'i';
			uintmax_t v;
			if (longs > 1)
				v = is_signed ? (uintmax_t)va_arg(ap, long long) : va_arg(ap, unsigned long long);
			else if (longs)
				v = is_signed ? (uintmax_t)va_arg(ap, long) : va_arg(ap, unsigned long);
			else
				v = is_signed ? (uintmax_t)va_arg(ap, int) : va_arg(ap, unsigned);
			if (shorts > 1)
				v = is_signed ? (uintmax_t)(signed char)v : (unsigned char)v;
			else if (shorts)
				v = is_signed ? (uintmax_t)(short)v : (unsigned short)v;
			if (is_signed && (intmax_t)v < 0) {
				sign = '-';
				v = -v;
			} else if (!is_signed) {
				sign = 0;
			}
			const unsigned base = conv == 'x' || conv == 'X' ? 16 : 10;
			const char *const set = conv == 'X' ? "0123456789ABCDEF" : "0123456789abcdef";
			if (sign)
				prefix = sign == '-' ? "-" : sign == '+' ? "+" : " ";
			else if (alt && base == 16 && v)
				prefix = conv == 'X' ? "0X" : "0x";
			char *end = digits + sizeof digits, *p = end;
			for (; v; v /= base)
				*--p = set[v % base];
			if (prec < 0 && p == end)
				*--p = '0'; /* an explicit precision of 0 prints no digit for 0 */
			s = p;
			n = (size_t)(end - p);
			if (prec >= 0 && (size_t)prec > n)
				zeros = (size_t)prec - n;
			if (zero && !left && prec < 0 && (size_t)width > strlen(prefix) + n)
				zeros = (size_t)width - strlen(prefix) - n;
			break;
		}
		default: /* nothing scinit prints: tests/t_format.sh checks every format */
			flush(&o);
			errno = EINVAL;
			return -1;
		}

		const size_t body = strlen(prefix) + zeros + n;
		if (!left && (size_t)width > body)
			pad(&o, ' ', (size_t)width - body);
		put(&o, prefix, strlen(prefix));
		pad(&o, '0', zeros);
		put(&o, s, n);
		if (left && (size_t)width > body)
			pad(&o, ' ', (size_t)width - body);
	}
	flush(&o);
	if (o.failed)
		return -1;
	if (o.total > INT_MAX) {
		errno = EOVERFLOW;
		return -1;
	}
	return (int)o.total;
}

#ifndef __GLIBC__
/* In the static musl link, this is every printf's formatter (musl's printf,
 * fprintf, snprintf, vasprintf... all end in vfprintf), so that musl's,
 * with its floating point, is not linked. */
int vfprintf(FILE *restrict f, const char *restrict fmt, va_list ap) __attribute__((alias("format_to")));
#endif
