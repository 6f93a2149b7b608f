/* Times whole-process start-up: `runner N CASE...` runs every CASE N times,
 * in turn (one round runs each case once, starting from a different case
 * each round), and prints for each case its label, the median, the first and
 * third quartile and the minimum, in microseconds from spawn to reaped, and
 * the median CPU time (user + system, from wait4, so the app and whatever
 * the init reaped count too).
 * A CASE is one argument, "LABEL VAR=VALUE... PROGRAM ARG...", split at
 * spaces; the variables are set for that case only, without an extra exec.
 * Any run that does not exit 0 stops the benchmark: a failing run is not a
 * start-up. The children's output goes to /dev/null. */
#include <fcntl.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

extern char **environ;

#define MAX_WORDS 32

struct bcase {
	char *label;
	char *argv[MAX_WORDS];
	char **envp;
	double *us, *cpu;
};

static int parse_case(struct bcase *c, char *spec)
{
	size_t nenv = 0, nbase = 0;
	while (environ[nbase])
		nbase++;
	c->envp = calloc(nbase + MAX_WORDS + 1, sizeof(char *));
	if (!c->envp)
		return -1;
	c->label = strtok(spec, " ");
	char *w;
	int n = 0;
	while ((w = strtok(NULL, " ")) && n < MAX_WORDS - 1) {
		if (n == 0 && strchr(w, '=') && w[0] != '/')
			c->envp[nenv++] = w;
		else
			c->argv[n++] = w;
	}
	memcpy(c->envp + nenv, environ, nbase * sizeof(char *));
	return c->label && n > 0 ? 0 : -1;
}

static double run_once(const struct bcase *c, posix_spawn_file_actions_t *fa, double *cpu)
{
	struct timespec a, b;
	struct rusage ru;
	pid_t pid;
	int status;
	clock_gettime(CLOCK_MONOTONIC, &a);
	if (posix_spawnp(&pid, c->argv[0], fa, NULL, c->argv, c->envp) != 0 || wait4(pid, &status, 0, &ru) != pid) {
		fprintf(stderr, "runner: %s: cannot run %s\n", c->label, c->argv[0]);
		exit(2);
	}
	clock_gettime(CLOCK_MONOTONIC, &b);
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
		fprintf(stderr, "runner: %s: %s exited with status %#x\n", c->label, c->argv[0], status);
		exit(3);
	}
	*cpu = (double)(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) * 1e6 + (double)(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec);
	return (double)(b.tv_sec - a.tv_sec) * 1e6 + (double)(b.tv_nsec - a.tv_nsec) / 1e3;
}

static int by_value(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

int main(int argc, char **argv)
{
	int reps = argc > 2 ? atoi(argv[1]) : 0, ncase = argc - 2;
	if (reps < 1) {
		fprintf(stderr, "usage: runner N 'LABEL [VAR=VALUE...] PROGRAM [ARG...]'...\n");
		return 2;
	}
	struct bcase *cases = calloc((size_t)ncase, sizeof(*cases));
	for (int i = 0; i < ncase; i++) {
		cases[i].us = calloc((size_t)reps, sizeof(double));
		cases[i].cpu = calloc((size_t)reps, sizeof(double));
		if (!cases[i].us || !cases[i].cpu || parse_case(&cases[i], argv[i + 2]) < 0) {
			fprintf(stderr, "runner: bad case '%s'\n", argv[i + 2]);
			return 2;
		}
	}
	posix_spawn_file_actions_t fa;
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_addopen(&fa, 1, "/dev/null", O_WRONLY, 0);
	posix_spawn_file_actions_addopen(&fa, 2, "/dev/null", O_WRONLY, 0);
	double ignored;
	for (int i = 0; i < ncase; i++) /* warm the page cache */
		run_once(&cases[i], &fa, &ignored);
	for (int r = 0; r < reps; r++) {
		for (int k = 0; k < ncase; k++) {
			int i = (r + k) % ncase;
			cases[i].us[r] = run_once(&cases[i], &fa, &cases[i].cpu[r]);
		}
	}
	for (int i = 0; i < ncase; i++) {
		double *v = cases[i].us, *cpu = cases[i].cpu;
		qsort(v, (size_t)reps, sizeof(double), by_value);
		qsort(cpu, (size_t)reps, sizeof(double), by_value);
		printf("%s %.1f %.1f %.1f %.1f %.1f\n", cases[i].label, v[reps / 2], v[reps / 4], v[reps * 3 / 4], v[0],
		       cpu[reps / 2]);
	}
	return 0;
}
