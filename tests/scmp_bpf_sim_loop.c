/* libseccomp's tools/scmp_bpf_sim.c, compiled unchanged, asked many times in
 * one process: each stdin line is one command line of the tool ("-f PROG -a
 * ARCH -s NR -0 A0 ..."), and each gets the tool's one line of answer on
 * stdout, or "EXIT(n)" when it ends without one. The tool answers by calling
 * exit(); here that exit returns to the loop, and what the tool allocated
 * for the call (it never frees: it exits) is freed. One process instead of
 * one per call, for tests/t_independent.sh. */
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static jmp_buf answered;
static void sim_exit(int code) { longjmp(answered, code + 1); }
static void *held[2];
static void *sim_calloc(size_t n, size_t size) { return held[0] = calloc(n, size); }
static char *sim_strdup(const char *s) { return held[1] = strdup(s); }

#define exit sim_exit
#define main sim_main
#define calloc sim_calloc
#define strdup sim_strdup
#include "scmp_bpf_sim.c"
#undef exit
#undef main
#undef calloc
#undef strdup

int main(void)
{
	char line[512];
	while (fgets(line, sizeof(line), stdin)) {
		char *argv[32] = { "scmp_bpf_sim" };
		int argc = 1;
		for (char *w = strtok(line, " \n"); w && argc < 31; w = strtok(NULL, " \n"))
			argv[argc++] = w;
		optind = 0;
		int rc = setjmp(answered);
		if (rc == 0)
			sim_main(argc, argv);
		else if (rc != 1)
			printf("EXIT(%d)\n", rc - 1);
		fflush(stdout);
		free(held[0]);
		free(held[1]);
		held[0] = held[1] = NULL;
	}
	return 0;
}
