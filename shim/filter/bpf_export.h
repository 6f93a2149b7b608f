/* libseccomp's BPF program for a built filter, in memory, for the tools that
 * install or store it themselves (verify, embed). */
#ifndef SCINIT_BPF_EXPORT_H
#define SCINIT_BPF_EXPORT_H

#include <linux/filter.h>
#include <seccomp.h>
#include <stdbool.h>

#include "common/error.h"

/* out->filter is malloc'd. */
int bpf_export(scmp_filter_ctx ctx, struct sock_fprog *out, struct scerr *e);

/* Audit mode's program from enforce mode's, in place: every return but
 * ALLOW becomes LOG, the bad-arch kill included, and nothing else is decided
 * differently, so audit logs exactly the calls enforce would stop. False if
 * a return is not a constant (libseccomp writes none such). */
bool bpf_audit_returns(struct sock_filter *f, unsigned n);

/* The same program, raw, written to fd (scinit bpf, convert --bpf, the
 * build's generator). */
int bpf_write(scmp_filter_ctx ctx, int fd, struct scerr *e);

#endif
