#include "profile/profile_load.h"

#include <stdlib.h>

#include "common/input.h"
#include "profile/embedded.h"
#include "profile/profile_ini.h"
#include "profile/profile_json.h"

/* JSON (Docker/OCI) starts with '{'; anything else is INI. A profile that
 * fails to load holds nothing left to free. */
int profile_parse(struct sc_profile *p, const char *text, size_t len, struct scerr *e)
{
	struct json_host host;
	int rc = !profile_text_is_json(text, len)  ? profile_read_ini(p, text, len, e)
		 : json_host_detect(&host, e) < 0 ? -1
						   : profile_read_json(p, text, len, &host, NULL, e);
	if (rc < 0)
		profile_free(p);
	return rc;
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

int profile_load_file(const char *path, enum sc_sections sections, struct sc_profile *p, struct scerr *e)
{
	char *text;
	size_t len;
	if (input_read_file(path, &text, &len, e) < 0)
		return -1;
	profile_init(p, path);
	p->sections = sections;
	int rc = profile_parse(p, text, len, e);
	free(text);
	return rc;
}

int profile_load(const char *path, struct sc_profile *p, struct scerr *e)
{
	return path ? profile_load_file(path, SC_SECTIONS_ALL, p, e) : profile_load_embedded(p, SC_SECTIONS_ALL, e);
}
