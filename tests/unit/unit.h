/* Table-driven unit tests of the pure parsers, built for the host with
 * AddressSanitizer and UndefinedBehaviorSanitizer (make unit). Each case
 * prints one line in tests/lib.sh's format, "ok   NAME" or "FAIL NAME: why";
 * tests/t_sanitizers.sh counts them, and a sanitizer finding aborts the
 * binary, which fails the run. */
#ifndef SCINIT_UNIT_H
#define SCINIT_UNIT_H

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "common/error.h"

static int unit_failures;

static inline void unit_result(bool ok, const char *name, const char *want, const char *got)
{
	if (ok) {
		printf("ok   %s\n", name);
		return;
	}
	printf("FAIL %s: expected [%s] got [%s]\n", name, want, got);
	unit_failures++;
}

/* An expected error: rc must be -1 and the message exactly want. */
static inline void unit_refused(const char *name, int rc, const struct scerr *e, const char *want)
{
	unit_result(rc == -1 && strcmp(e->msg, want) == 0, name, want, rc == -1 ? e->msg : "accepted");
}

/* An expected success: rc must be 0. */
static inline void unit_accepted(const char *name, int rc, const struct scerr *e)
{
	unit_result(rc == 0, name, "accepted", rc == 0 ? "accepted" : e->msg);
}

static inline void unit_equal(const char *name, unsigned long long want, unsigned long long got)
{
	char w[32], g[32];
	snprintf(w, sizeof(w), "%llu", want);
	snprintf(g, sizeof(g), "%llu", got);
	unit_result(want == got, name, w, g);
}

static inline int unit_done(void)
{
	fflush(stdout);
	return unit_failures ? 1 : 0;
}

#define UNIT_N(a) (sizeof(a) / sizeof((a)[0]))

#endif
