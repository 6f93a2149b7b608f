#include "setup.h"

int setup_parse_key(struct sc_setup *s, const char *key, const char *value, struct scerr *e)
{
	(void)value;
	s->any = true;
	return err_set(e, "unknown key '%s' in [setup]", key);
}

uint64_t setup_final_caps(const struct sc_setup *s, uint64_t current)
{
	(void)s;
	return current;
}

int setup_apply(const struct sc_setup *s, struct scerr *e)
{
	(void)s;
	(void)e;
	return 0;
}
