/* `libseccomp_bpf MODE FILE [CAPS]`: libseccomp's BPF program for a profile,
 * raw on stdout, as scinit builds it (filter_build) for MODE (enforce, audit,
 * learn) and CAPS (hex; default: what the app would hold after [setup]).
 * Built twice from scinit's objects: against the libseccomp scinit links,
 * patched by shim/patches/libseccomp/, and against Debian's unpatched
 * libseccomp-dev; tests/t_libseccomp_patches.sh compares the two programs,
 * which must be the same byte for byte. The API level is fixed rather than
 * probed so that both builds decide alike on any kernel. */
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "../shim/caps.h"
#include "../shim/filter.h"
#include "../shim/profile_load.h"
#include "../shim/setup.h"

int main(int argc, char **argv)
{
	struct sc_profile p;
	struct scerr e;
	enum sc_mode mode;
	scmp_filter_ctx ctx;
	char *end = NULL;
	if (argc < 3 || argc > 4 || parse_mode(argv[1], &mode, &e) < 0) {
		fputs("usage: libseccomp_bpf enforce|audit|learn FILE [CAPS]\n", stderr);
		return 2;
	}
	uint64_t caps = argc == 4 ? strtoull(argv[3], &end, 16) : 0;
	if (argc == 4 && (!*argv[3] || *end)) {
		fputs("libseccomp_bpf: CAPS is a hex number\n", stderr);
		return 2;
	}
	if (seccomp_api_set(6) < 0 || profile_load(argv[2], &p, &e) < 0 ||
	    filter_build(&p, mode, argc == 4 ? caps : setup_final_caps(&p.setup, caps_effective()), &ctx, &e) < 0) {
		err_print(&e);
		return 1;
	}
	int rc = seccomp_export_bpf(ctx, STDOUT_FILENO);
	seccomp_release(ctx);
	profile_free(&p);
	if (rc < 0) {
		fputs("libseccomp_bpf: cannot export the program\n", stderr);
		return 1;
	}
	return 0;
}
