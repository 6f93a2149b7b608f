/* Where scinit's start-up goes before the app's execve, phase by phase:
 * `startcost [-n N] [-m enforce|audit] [FILE]` reads the profile (FILE, else
 * the embedded one) and prepares its filter, N times, and prints the median
 * microseconds of each phase: read (the profile), rules (libseccomp's rule
 * database) and generate (libseccomp's BPF program, into /dev/null instead of
 * the kernel), and the page faults of the first start (a fresh heap, as
 * scinit's own start has). The embedded profile takes scinit's fast path: only [profile]
 * and [setup] are read and the precompiled program is picked. Linked with
 * scinit's own objects, so it runs scinit's code; unstripped, so that
 * callgrind can count each phase (profile_load, filter_build,
 * seccomp_export_bpf). valgrind does not know seccomp(2), so the API level
 * is set by hand instead of probed, and the kernel's action check is left
 * out (it is a syscall, not work). */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

#include "filter/filter.h"
#include "filter/precompiled.h"
#include "profile/profile_load.h"

static long faults(void)
{
	struct rusage u;
	getrusage(RUSAGE_SELF, &u);
	return u.ru_minflt + u.ru_majflt;
}

static double now_us(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec * 1e6 + (double)t.tv_nsec / 1e3;
}

static int by_value(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

static double median(double *v, int n)
{
	qsort(v, (size_t)n, sizeof(*v), by_value);
	return v[n / 2];
}

/* One start-up; t gets the three phases. */
static int once(const char *path, enum sc_mode mode, int devnull, double t[3])
{
	struct sc_profile p;
	struct scerr e;
	double a = now_us();
	/* As scinit's main: the embedded profile's rules are not read when a
	 * precompiled program stands for them. */
	int rc = path ? profile_load_file(path, SC_SECTIONS_ALL, &p, &e)
		      : profile_load_embedded(&p, precompiled_available() ? SC_SECTIONS_SETTINGS : SC_SECTIONS_ALL, &e);
	if (rc < 0) {
		err_print(&e);
		return -1;
	}
	double b = now_us(), c = b;
	if (!path && precompiled_available()) {
		struct sock_fprog prog;
		if (!precompiled_program(mode, &prog))
			return -1;
		c = now_us();
	} else {
		scmp_filter_ctx ctx;
		if (filter_build(&p, mode, 0, &ctx, &e) < 0) {
			err_print(&e);
			return -1;
		}
		c = now_us();
		if (seccomp_export_bpf(ctx, devnull) < 0)
			return -1;
		seccomp_release(ctx);
	}
	t[0] = b - a, t[1] = c - b, t[2] = now_us() - c;
	profile_free(&p);
	return 0;
}

int main(int argc, char **argv)
{
	int n = 1, opt;
	enum sc_mode mode = SC_MODE_ENFORCE;
	while ((opt = getopt(argc, argv, "n:m:")) != -1) {
		if (opt == 'n')
			n = atoi(optarg);
		else if (opt == 'm' && strcmp(optarg, "audit") == 0)
			mode = SC_MODE_AUDIT;
		else if (opt != 'm')
			return 2;
	}
	const char *path = optind < argc ? argv[optind] : NULL;
	double *t[3];
	for (int k = 0; k < 3; k++)
		t[k] = calloc((size_t)(n > 0 ? n : 1), sizeof(double));
	if (n < 1 || !t[0] || !t[1] || !t[2])
		return 2;
	if (seccomp_api_get() < 3)
		seccomp_api_set(3);
	int devnull = open("/dev/null", O_WRONLY);
	long first_faults = 0;
	for (int i = 0; i < n; i++) {
		double phase[3];
		long before = faults();
		int rc = once(path, mode, devnull, phase);
		if (i == 0)
			first_faults = faults() - before;
		if (rc < 0) {
			fprintf(stderr, "startcost: failed\n");
			return 1;
		}
		for (int k = 0; k < 3; k++)
			t[k][i] = phase[k];
	}
	/* Tenths of a microsecond as integers: scinit's objects bring scinit's
	 * formatter (shim/common/format.c), which has no floating point. */
	static const char *const names[3] = { "read", "rules", "generate" };
	for (int k = 0; k < 3; k++) {
		long tenths = (long)(median(t[k], n) * 10 + 0.5);
		printf("%s %ld.%ld\n", names[k], tenths / 10, tenths % 10);
	}
	printf("faults %ld\n", first_faults);
	return 0;
}
