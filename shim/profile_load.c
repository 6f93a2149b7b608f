#include "profile_load.h"

#include <stdlib.h>

#include "input.h"
#include "profile_ini.h"

/* shim/embedded.S: the profile chosen at build time (make PROFILE=...). */
extern const char embedded_profile[], embedded_profile_end[];

int profile_load(const char *path, struct sc_profile *p, struct scerr *e)
{
	if (!path) {
		profile_init(p, "<embedded>");
		size_t len = (size_t)(embedded_profile_end - embedded_profile);
		return profile_read_ini(p, embedded_profile, len, e);
	}
	char *text;
	size_t len;
	if (input_read_file(path, &text, &len, e) < 0)
		return -1;
	profile_init(p, path);
	int rc = profile_read_ini(p, text, len, e);
	free(text);
	return rc;
}
