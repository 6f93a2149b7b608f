/* libseccomp's tools/scmp_bpf_sim.c, compiled unchanged, asked many times in
 * one process: each stdin line is one command line of the tool ("-f PROG -a
 * ARCH -s NR -0 A0 ..."), and each gets the tool's one line of answer on
 * stdout, or "EXIT(n)" when it ends without one. The tool answers by calling
 * exit(); here that exit returns to the loop, and what the tool allocated
 * for the call (it never frees: it exits) is freed. One process instead of
 * one per call, for tests/t_independent.sh. The tool knows no
 * SECCOMP_RET_USER_NOTIF (learn mode's return): it stops with an error
 * naming the instruction, EDOM; the return that instruction gives is then
 * printed as USER_NOTIF (or RET(0x...) for any other unknown one). */
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

/* The return value of the instruction at index line of the program file. */
static void print_return(const char *file, unsigned line)
{
	bpf_instr_raw insn;
	FILE *f = fopen(file, "r");
	if (!f || fseek(f, (long)line * sizeof(insn), SEEK_SET) != 0 || fread(&insn, sizeof(insn), 1, f) != 1)
		printf("EXIT(%d)\n", ENOEXEC);
	else if ((insn.k & SECCOMP_RET_ACTION_FULL) == 0x7fc00000U)
		printf("USER_NOTIF\n");
	else
		printf("RET(0x%x)\n", insn.k);
	if (f)
		fclose(f);
}

int main(void)
{
	char line[512], why[128];
	FILE *console = stderr;
	while (fgets(line, sizeof(line), stdin)) {
		char *argv[32] = { "scmp_bpf_sim", "-v" }, *file = "";
		int argc = 2;
		for (char *w = strtok(line, " \n"); w && argc < 31; w = strtok(NULL, " \n"))
			argv[argc++] = w;
		for (int i = 2; i + 1 < argc; i++)
			file = strcmp(argv[i], "-f") == 0 ? argv[i + 1] : file;
		optind = 0;
		/* the tool's own words on stderr are read back here */
		memset(why, 0, sizeof(why));
		stderr = fmemopen(why, sizeof(why) - 1, "w");
		int rc = setjmp(answered);
		if (rc == 0)
			sim_main(argc, argv);
		fclose(stderr);
		stderr = console;
		unsigned err, at;
		if (rc - 1 == ENOEXEC && sscanf(why, "ERROR: errno = %u, line = %u", &err, &at) == 2 && err == EDOM)
			print_return(file, at);
		else if (rc != 1)
			printf("EXIT(%d)\n", rc - 1);
		fflush(stdout);
		free(held[0]);
		free(held[1]);
		held[0] = held[1] = NULL;
	}
	return 0;
}
