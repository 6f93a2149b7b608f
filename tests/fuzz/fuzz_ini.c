/* libFuzzer: the INI reader (shim/profile_ini.c, with inih and the rule text
 * parser under it), then the filter builder on whatever it accepts. */
#include "fuzz_common.h"
#include "profile/profile_ini.h"

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size);

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
	char *text = fuzz_text(data, size);
	if (!text)
		return 0;
	struct sc_profile p;
	struct scerr e = { "" };
	profile_init(&p, FUZZ_SOURCE);
	if (profile_read_ini(&p, text, size, &e) < 0) {
		fuzz_check_error(&e);
	} else {
		fuzz_check_profile(&p);
		fuzz_filter(&p);
	}
	profile_free(&p);
	free(text);
	return 0;
}
