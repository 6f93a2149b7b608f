/* libFuzzer: the Docker/OCI JSON reader (shim/profile_json.c, with jsmn),
 * for a fixed host (x86_64, Linux 6.1), then the filter builder and both
 * writers of `scinit convert` on whatever it accepts. */
#include <seccomp.h>

#include "fuzz_common.h"
#include "profile/profile_json.h"
#include "profile/profile_write.h"

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size);

static void fuzz_write(const struct sc_profile *p)
{
	for (int json = 0; json < 2; json++) {
		char *out = NULL;
		size_t len = 0;
		FILE *f = open_memstream(&out, &len);
		if (!f)
			abort();
		struct scerr e = { "" };
		(void)(json ? profile_write_json(p, f, &e) : profile_write_ini(p, f, &e));
		fclose(f);
		free(out);
	}
}

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
	static const struct json_host host = { SCMP_ARCH_X86_64, { 6, 1 } };
	char *text = fuzz_text(data, size);
	if (!text)
		return 0;
	struct sc_profile p;
	struct json_notes notes;
	struct scerr e = { "" };
	profile_init(&p, FUZZ_SOURCE);
	if (profile_read_json(&p, text, size, &host, &notes, &e) < 0) {
		fuzz_check_error(&e);
	} else {
		fuzz_check_profile(&p);
		fuzz_filter(&p);
		fuzz_write(&p);
	}
	profile_free(&p);
	free(text);
	return 0;
}
