/* Privileged setup done for the app before its filter: user, groups,
 * capabilities, no_new_privs, limits, umask, workdir. Parsing is pure; only
 * setup_apply has side effects. */
#ifndef SCINIT_SETUP_H
#define SCINIT_SETUP_H

#include <stdbool.h>
#include <stdint.h>

#include "error.h"

struct sc_setup {
	bool any; /* the profile has a [setup] section with at least one key */
};

/* One key = value of the [setup] section; errors without position. */
int setup_parse_key(struct sc_setup *s, const char *key, const char *value, struct scerr *e);

/* The capabilities the app will hold after setup_apply, given the current
 * effective set: rules conditioned on capabilities are decided against it. */
uint64_t setup_final_caps(const struct sc_setup *s, uint64_t current);

/* Runs in the child, right before the filter is installed. Any failure is
 * fatal: the app must never start half set up. */
int setup_apply(const struct sc_setup *s, struct scerr *e);

#endif
