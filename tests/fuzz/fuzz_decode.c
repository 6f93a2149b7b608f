/* libFuzzer: `scinit decode FILE` (shim/decode.c) on kernel log text, through
 * its only entry point: the input goes into a memfd that decode opens by
 * path. Its fragment goes to /dev/null; tests/fuzz/run closes stderr for it
 * (-close_fd_mask=2), where every input without records would say so. */
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <unistd.h>

#include "cmd/decode.h"
#include "common/error.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size);

static int input_fd = -1;
static char input_path[64];

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc, (void)argv;
	input_fd = memfd_create("decode-input", MFD_CLOEXEC);
	if (input_fd < 0 || !freopen("/dev/null", "w", stdout))
		abort();
	snprintf(input_path, sizeof(input_path), "/proc/self/fd/%d", input_fd);
	return 0;
}

int LLVMFuzzerTestOneInput(const unsigned char *data, size_t size)
{
	if (ftruncate(input_fd, 0) < 0 || (size && pwrite(input_fd, data, size, 0) != (ssize_t)size))
		abort();
	char *argv[] = { "decode", input_path, NULL };
	int rc = command_decode(2, argv);
	/* 0: a fragment; 1: no records; 125: decode's own failure. */
	if (rc != 0 && rc != 1 && rc != EXIT_SCINIT_FAILURE)
		abort();
	return 0;
}
