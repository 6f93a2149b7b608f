#include "common/error.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

int err_set(struct scerr *e, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(e->msg, sizeof(e->msg), fmt, ap);
	va_end(ap);
	return -1;
}

int err_at(struct scerr *e, const char *file, unsigned line, const char *fmt, ...)
{
	char body[sizeof(e->msg)];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(body, sizeof(body), fmt, ap);
	va_end(ap);
	if (line)
		snprintf(e->msg, sizeof(e->msg), "%s:%u: %s", file, line, body);
	else
		snprintf(e->msg, sizeof(e->msg), "%s: %s", file, body);
	return -1;
}

int err_wrap(struct scerr *e, const char *fmt, ...)
{
	char ctx[sizeof(e->msg)], old[sizeof(e->msg)];
	va_list ap;
	memcpy(old, e->msg, sizeof(old));
	va_start(ap, fmt);
	vsnprintf(ctx, sizeof(ctx), fmt, ap);
	va_end(ap);
	snprintf(e->msg, sizeof(e->msg), "%s: %s", ctx, old);
	return -1;
}

static void print_with(const char *prefix, const char *fmt, va_list ap)
{
	struct scerr e;
	char body[sizeof(e.msg)];
	vsnprintf(body, sizeof(body), fmt, ap);
	snprintf(e.msg, sizeof(e.msg), "%s%s", prefix, body);
	err_print(&e);
}

void err_warn(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	print_with("warning: ", fmt, ap);
	va_end(ap);
}

void err_note(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	print_with("", fmt, ap);
	va_end(ap);
}

void err_print(const struct scerr *e)
{
	char line[sizeof(e->msg) + 16];
	int n = snprintf(line, sizeof(line), "scinit: %s\n", e->msg);
	if (n > (int)sizeof(line) - 1)
		n = (int)sizeof(line) - 1;
	/* Messages quote paths, variables and arguments as they were given: a
	 * control character in one must not split the line or reach the
	 * terminal. */
	for (int i = 0; i < n - 1; i++) {
		if (((unsigned char)line[i] < 0x20 && line[i] != '\t') || line[i] == 0x7f)
			line[i] = '?';
	}
	if (write(STDERR_FILENO, line, (size_t)n) < 0) {
		/* Nothing sensible is left to report to. */
	}
}
