/* For unit tests of the app's filter: a profile's text to the filter
 * filter_prepare makes of it, in enforce mode, as for a profile given with
 * -p. */
#ifndef SCINIT_UNIT_FILTER_H
#define SCINIT_UNIT_FILTER_H

#include <string.h>

#include "filter/filter.h"
#include "profile/profile_ini.h"

/* Returns filter_prepare's result; p is the caller's to free either way. */
static inline int unit_prepare(const char *text, struct sc_profile *p, struct sc_filter *f, struct scerr *e)
{
	profile_init(p, "t.ini");
	int rc = profile_read_ini(p, text, strlen(text), e);
	if (rc == 0)
		rc = filter_prepare(&(struct sc_filter_spec){ p, false, SC_MODE_ENFORCE, 0 }, f, e);
	return rc;
}

#endif
