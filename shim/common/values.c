#include "common/values.h"

#include <stdlib.h>
#include <string.h>

int parse_bool(const char *key, const char *value, bool *out, struct scerr *e)
{
	if (strcmp(value, "yes") == 0 || strcmp(value, "no") == 0) {
		*out = value[0] == 'y';
		return 0;
	}
	return err_set(e, "'%s' must be yes or no, not '%s'", key, value);
}

int env_value(const char *name, const char **out, struct scerr *e)
{
	const char *v = getenv(name);
	if (v && !*v)
		return err_set(e, "%s is set but empty", name);
	*out = v;
	return 0;
}
