/* Errors are built where they happen, with their context, and printed once by
 * main (crun's style). Functions that can fail return -1 and fill a struct
 * scerr; nothing below main writes to stderr on the failure path. */
#ifndef SCINIT_ERROR_H
#define SCINIT_ERROR_H

/* scinit's own failures (usage, profile, setup, filter) all exit with this
 * code, like env(1) and `docker run`; 126/127 are exec failures and anything
 * else is the app's. */
enum { EXIT_SCINIT_FAILURE = 125, EXIT_NOT_EXECUTABLE = 126, EXIT_NOT_FOUND = 127 };

struct scerr {
	char msg[512];
};

__attribute__((format(printf, 2, 3)))
int err_set(struct scerr *e, const char *fmt, ...);

/* "FILE:LINE: message"; line 0 leaves the line out. */
__attribute__((format(printf, 4, 5)))
int err_at(struct scerr *e, const char *file, unsigned line, const char *fmt, ...);

/* Prefixes context to an error that is already set: "CONTEXT: message". */
__attribute__((format(printf, 2, 3)))
int err_wrap(struct scerr *e, const char *fmt, ...);

/* "scinit: message" on stderr, as one write so it cannot interleave. */
void err_print(const struct scerr *e);

/* "scinit: warning: message" on stderr, for what does not stop scinit
 * (the PID-1 loop never stops: it warns and carries on). */
__attribute__((format(printf, 1, 2)))
void err_warn(const char *fmt, ...);

/* "scinit: message" on stderr: what -vv reports. */
__attribute__((format(printf, 1, 2)))
void err_note(const char *fmt, ...);

#endif
