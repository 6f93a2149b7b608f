/* Docker/OCI/Podman/SPO seccomp JSON, read into the profile model with the
 * meaning dockerd + runc (libseccomp) give it on this host. See
 * docs/json-profiles.md for every rule and where it comes from. */
#ifndef SCINIT_PROFILE_JSON_H
#define SCINIT_PROFILE_JSON_H

#include <stdbool.h>

#include "profile/profile.h"

/* What Docker decides on the host before the filter exists: includes and
 * excludes on arches and minKernel. Filled by json_host_detect(); a
 * parameter so that reading stays free of side effects. */
struct json_host {
	uint32_t native;    /* SC_ARCH_NATIVE (common/arch.h) */
	unsigned kernel[2]; /* "6.18.4-foo" -> 6, 18 */
};

int json_host_detect(struct json_host *h, struct scerr *e);

/* What the reader decided for the host, for convert's comments. */
struct json_notes {
	bool used_kernel;  /* some minKernel was decided against host->kernel */
	unsigned nunknown; /* names libseccomp does not know, left out */
	char unknown[300]; /* the first of them */
	int newest;        /* the newest syscall the profile names (native number), or -1 */
	unsigned nenosys;  /* ENOSYS rules added for syscalls newer than that */
};

/* Docker's names, indexed by enum sc_action_kind and enum sc_op. */
extern const char *const json_actions[];
extern const char *const json_ops[];

/* A file is JSON when its first non-space byte is '{'. */
bool profile_text_is_json(const char *text, size_t len);

/* Parses JSON text (NUL-terminated, checked for NUL bytes and UTF-8) into p,
 * which profile_init() prepared. Errors carry FILE:LINE:COL. notes may be
 * NULL. */
int profile_read_json(struct sc_profile *p, const char *text, size_t len, const struct json_host *host,
		      struct json_notes *notes, struct scerr *e);

#endif
