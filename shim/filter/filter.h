/* Turns a profile into a loaded seccomp filter. Building and loading are
 * separate so that everything that can fail on input fails before fork. */
#ifndef SCINIT_FILTER_H
#define SCINIT_FILTER_H

#include <linux/filter.h>
#include <seccomp.h>
#include <stdbool.h>
#include <stdint.h>

#include "profile/profile.h"

/* Gives ctx exactly the arches arch[0..n), which are the target's (the
 * build machine's tools emit the target's programs). -errno on failure. */
int filter_arches(scmp_filter_ctx ctx, const uint32_t *arch, unsigned n);

/* caps: the capabilities the app will hold after setup; rules with
 * capability conditions are kept or dropped against it. */
int filter_build(const struct sc_profile *p, enum sc_mode mode, uint64_t caps, scmp_filter_ctx *out,
		 struct scerr *e);

/* The program to install for mode (enforce or audit), exported from
 * libseccomp's filter, which is left in *ctx; out->filter is malloc'd. */
int filter_program(const struct sc_profile *p, enum sc_mode mode, uint64_t caps, scmp_filter_ctx *ctx,
		   struct sock_fprog *out, struct scerr *e);

/* A filter ready to install: a program (the embedded profile's, precompiled
 * at build time: shim/filter/precompiled.h; or libseccomp's for this run).
 * In learn mode libseccomp's filter itself, which takes one more rule before
 * learn_program exports it. */
struct sc_filter {
	scmp_filter_ctx ctx;
	struct sock_fprog prog;
	bool prog_owned; /* malloc'd: libseccomp's */
	bool nnp, log; /* for prog: libseccomp's CTL_NNP and CTL_LOG */
	enum sc_mode mode; /* learn: installed with a listener (shim/init/learn.h) */
};

/* What filter_prepare reads, kept until the process that builds the filter
 * has forked off (in init mode the app's side does). */
struct sc_filter_spec {
	struct sc_profile *profile;
	bool embedded; /* no profile file was given */
	enum sc_mode mode;
	uint64_t caps; /* as filter_build's */
};

/* filter_build and libseccomp's program from it, or for the embedded
 * profile its precompiled program when this binary carries them. */
int filter_prepare(const struct sc_filter_spec *spec, struct sc_filter *out, struct scerr *e);

/* The last step before execve (filter_install). Sets no_new_privs first,
 * unless [setup] allows new privileges. */
int filter_load(const struct sc_filter *f, struct scerr *e);

/* Frees what filter_prepare allocated; exec does it for nothing, and in
 * learn mode the supervisor does it once the app no longer waits for it. */
void filter_release(struct sc_filter *f);

#endif
