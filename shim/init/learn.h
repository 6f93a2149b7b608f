/* Learn mode (SCINIT_MODE=learn): the app runs unblocked; every call its
 * starting profile would stop reaches the supervisor through seccomp user
 * notification, is counted per architecture and continued, and the profile
 * the app needs is written when it exits or on SIGUSR1. docs/workflow.md has
 * the user's view, docs/security.md why it is not a boundary. */
#ifndef SCINIT_LEARN_H
#define SCINIT_LEARN_H

#include <seccomp.h>
#include <stdbool.h>
#include <stdint.h>

#include "filter/filter.h"
#include "profile/profile.h"

/* In main, once the mode is learn and before the filter is built: checks the
 * kernel, reads SCINIT_LEARN_OUT and SCINIT_LEARN_FORMAT, opens the output
 * and keeps what the writer needs of the starting profile p (p may be freed
 * after). path NULL: the embedded profile, which is read again with its
 * rules (precompiled programs are for enforce and audit only). Learn mode
 * needs the supervisor: exec (--exec) is refused. */
struct learn_output {
	const char *path, *format; /* NULL: stderr; ini */
	const char *path_from, *format_from; /* the option or variable each came from, for errors */
};
int learn_prepare(struct sc_profile *p, const char *path, bool exec, const struct learn_output *out,
		  struct scerr *e);

/* Before fork: adds the hand-over rule to the app's filter and exports its
 * program into f->prog, which the child installs (learn_load). */
int learn_program(struct sc_filter *f, struct scerr *e);

/* In the child, instead of filter_load: installs the program with a
 * listener and hands the listener to the supervisor. Past the install,
 * nothing is printed on failure (the write would wait for a supervisor
 * that has no listener yet): the child exits 125. */
int learn_load(const struct sc_filter *f, struct scerr *e);

/* Before fork: what the supervisor's loop needs on top of its own filter
 * (shim/supervisor_confine.c). */
int learn_confine(scmp_filter_ctx own, struct scerr *e);

/* After fork, in the supervisor, before it confines itself: receives the
 * listener and allows ioctl on it only. Fails if the child exited first
 * (it has printed why) or the hand-over failed. */
int learn_receive(scmp_filter_ctx own, struct scerr *e);

/* Answers notifications until signal_fd is readable. */
void learn_serve(int signal_fd);

/* Writes the learned profile (again): on SIGUSR1 and when the app exits.
 * When reporting, prints the counts instead. */
int learn_write(struct scerr *e);

/* The diagnostic report (--report, SCINIT_REPORT=1), in enforce or audit
 * mode: the calls enforce mode would deny reach the supervisor through the
 * same listener as learn mode's, and each new (syscall, answer) is named on
 * stderr as it happens (so `docker logs` and `kubectl logs` show it, and
 * the kernel's rate limit loses nothing), with counts at exit. In enforce
 * mode the supervisor answers with enforce's errno, found by running
 * enforce's program (bpf_run) on the call's number and registers, which the
 * kernel has already copied: there is nothing to race. In audit mode the
 * call runs. Kill and trap answers stay the kernel's in enforce mode.
 * Before fork, with f holding enforce's program from filter_prepare: f
 * becomes the listener's program, with the hand-over at its head. */
int report_program(struct sc_filter *f, enum sc_mode mode, struct scerr *e);

/* Whether the listener serves the report rather than learn mode: SIGUSR1
 * is then the app's, as in every other mode. */
bool learn_reporting(void);

#endif
