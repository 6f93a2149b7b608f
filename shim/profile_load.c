#include "profile_load.h"

#include <stdlib.h>

#include "embed.h"
#include "input.h"
#include "profile_ini.h"
#include "precompiled.h"
#include "profile_json.h"

/* shim/embedded.S holds the profile chosen at build time (make PROFILE=...),
 * or one that `scinit embed` put there: embedded_text() reads it. */

/* JSON (Docker/OCI) starts with '{'; anything else is INI. A profile that
 * fails to load holds nothing left to free. */
static int profile_parse(struct sc_profile *p, const char *text, size_t len, struct scerr *e)
{
	struct json_host host;
	int rc = !profile_text_is_json(text, len)  ? profile_read_ini(p, text, len, e)
		 : json_host_detect(&host, e) < 0 ? -1
						   : profile_read_json(p, text, len, &host, NULL, e);
	if (rc < 0)
		profile_free(p);
	return rc;
}

bool profile_embedded_is_json(void)
{
	const char *text;
	size_t len;
	struct scerr e;
	return embedded_text(&text, &len, &e) == 0 && profile_text_is_json(text, len);
}

int profile_load_embedded(struct sc_profile *p, enum sc_sections sections, struct scerr *e)
{
	const char *text;
	size_t len;
	profile_init(p, "<embedded>");
	p->sections = sections;
	if (embedded_text(&text, &len, e) < 0)
		return -1;
	return profile_parse(p, text, len, e);
}

int profile_load(const char *path, struct sc_profile *p, struct scerr *e)
{
	if (!path) /* the rules are needed only if their filter was not precompiled */
		return profile_load_embedded(p, precompiled_available() ? SC_SECTIONS_SETTINGS : SC_SECTIONS_ALL, e);
	char *text;
	size_t len;
	if (input_read_file(path, &text, &len, e) < 0)
		return -1;
	profile_init(p, path);
	int rc = profile_parse(p, text, len, e);
	free(text);
	return rc;
}
