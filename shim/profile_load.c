#include "profile_load.h"

#include <stdlib.h>

#include "input.h"
#include "profile_ini.h"
#include "profile_json.h"

/* shim/embedded.S: the profile chosen at build time (make PROFILE=...). */
extern const char embedded_profile[], embedded_profile_end[];

/* JSON (Docker/OCI) starts with '{'; anything else is INI. */
static int profile_parse(struct sc_profile *p, const char *text, size_t len, struct scerr *e)
{
	struct json_host host;
	if (!profile_text_is_json(text, len))
		return profile_read_ini(p, text, len, e);
	if (json_host_detect(&host, e) < 0)
		return -1;
	return profile_read_json(p, text, len, &host, NULL, e);
}

int profile_load(const char *path, struct sc_profile *p, struct scerr *e)
{
	if (!path) {
		profile_init(p, "<embedded>");
		size_t len = (size_t)(embedded_profile_end - embedded_profile);
		return profile_parse(p, embedded_profile, len, e);
	}
	char *text;
	size_t len;
	if (input_read_file(path, &text, &len, e) < 0)
		return -1;
	profile_init(p, path);
	int rc = profile_parse(p, text, len, e);
	free(text);
	return rc;
}
