/* `libseccomp_bpf MODE FILE [CAPS]`: libseccomp's BPF program for a profile,
 * raw on stdout, as scinit builds it (filter_build) for MODE (enforce, audit,
 * learn) and CAPS (hex; default: what the app would hold after [setup]).
 * `libseccomp_bpf --calls FILE`: the program of a filter made by the
 * libseccomp calls FILE lists, one a line, whether they fail or not (their
 * return codes go to stderr): "arch TOKEN", "rule ACTION SYSCALL [ARG OP A B]..."
 * (numbers, as in seccomp.h), so that failed rules, which scinit never goes
 * on from, are covered too.
 * `libseccomp_bpf --names ARCH...`: the syscall table of the libseccomp it
 * is linked with, "TOKEN NR NAME" a line, for each ARCH (libseccomp's names:
 * x86_64, aarch64, ...) that library knows, over the numbers any arch uses
 * (0..9999, x32's from 0x40000000, ARM's private ones from 0xf0000).
 * `libseccomp_bpf --resolve NAME...`: "NAME NR" a line, NR as that library's
 * seccomp_syscall_resolve_name gives it (negative for a pseudo-syscall, such
 * as x86's socket calls behind socketcall; __NR_SCMP_ERROR, -1, unknown).
 * Built twice from scinit's objects: against the pinned libseccomp scinit
 * links (build/libseccomp_bpf) and against Debian 12's libseccomp-dev 2.5.4
 * (build/host/libseccomp_bpf-debian); tests/t_libseccomp_upgrade.sh compares
 * the two programs' answers. The API level is fixed rather than probed so
 * that both builds decide alike on any kernel. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "setup/caps.h"
#include "filter/filter.h"
#include "profile/profile_load.h"
#include "setup/setup.h"

/* One line of a --calls file; returns libseccomp's answer, or 1 for a line
 * it cannot read. */
static int call(scmp_filter_ctx ctx, char *line)
{
	unsigned long long v[4 + 4 * 6];
	int n = 0;
	char *save = NULL, *word = strtok_r(line, " \t\n", &save);
	if (!word)
		return 0;
	for (char *w; n < (int)(sizeof(v) / sizeof(v[0])) && (w = strtok_r(NULL, " \t\n", &save));)
		v[n++] = strtoull(w, NULL, 0);
	if (strcmp(word, "arch") == 0 && n == 1)
		return seccomp_arch_add(ctx, (uint32_t)v[0]);
	if (strcmp(word, "rule") != 0 || n < 2 || (n - 2) % 4)
		return 1;
	struct scmp_arg_cmp cmp[6];
	for (int i = 0; i < (n - 2) / 4 && i < 6; i++)
		cmp[i] = (struct scmp_arg_cmp){ (unsigned)v[2 + 4 * i], (enum scmp_compare)v[3 + 4 * i], v[4 + 4 * i],
						v[5 + 4 * i] };
	return seccomp_rule_add_array(ctx, (uint32_t)v[0], (int)v[1], (unsigned)(n - 2) / 4, cmp);
}

static int calls(const char *path)
{
	FILE *f = fopen(path, "r");
	scmp_filter_ctx ctx = seccomp_init(SCMP_ACT_ERRNO(38));
	char line[512];
	if (!f || !ctx || seccomp_attr_set(ctx, SCMP_FLTATR_CTL_OPTIMIZE, 2) < 0)
		return 1;
	while (fgets(line, sizeof(line), f))
		fprintf(stderr, "%d\n", call(ctx, line));
	fclose(f);
	int rc = seccomp_export_bpf(ctx, STDOUT_FILENO);
	fprintf(stderr, "export %d\n", rc);
	seccomp_release(ctx);
	return 0;
}

static void names_of(uint32_t token)
{
	static const struct {
		int from, to;
	} ranges[] = { { 0, 10000 }, { 0x40000000, 0x40000000 + 1100 }, { 0xf0000, 0xf0100 } };
	for (size_t r = 0; r < sizeof(ranges) / sizeof(ranges[0]); r++) {
		for (int nr = ranges[r].from; nr < ranges[r].to; nr++) {
			char *name = seccomp_syscall_resolve_num_arch(token, nr);
			if (name)
				printf("%#x %d %s\n", token, nr, name);
			free(name);
		}
	}
}

int main(int argc, char **argv)
{
	if (argc >= 2 && strcmp(argv[1], "--resolve") == 0) {
		for (int i = 2; i < argc; i++)
			printf("%s %d\n", argv[i], seccomp_syscall_resolve_name(argv[i]));
		return 0;
	}
	if (argc >= 2 && strcmp(argv[1], "--names") == 0) {
		for (int i = 2; i < argc; i++) {
			uint32_t token = seccomp_arch_resolve_name(argv[i]);
			if (token)
				names_of(token);
		}
		return 0;
	}
	struct sc_profile p;
	struct scerr e;
	enum sc_mode mode = SC_MODE_ENFORCE;
	scmp_filter_ctx ctx;
	char *end = NULL;
	if (argc < 3 || argc > 4 || (strcmp(argv[1], "--calls") != 0 && parse_mode(argv[1], &mode, &e) < 0)) {
		fputs("usage: libseccomp_bpf enforce|audit|learn FILE [CAPS] | --calls FILE\n", stderr);
		return 2;
	}
	if (seccomp_api_set(6) < 0)
		return 1;
	if (argc == 3 && strcmp(argv[1], "--calls") == 0)
		return calls(argv[2]);
	uint64_t caps = argc == 4 ? strtoull(argv[3], &end, 16) : 0;
	if (argc == 4 && (!*argv[3] || *end)) {
		fputs("libseccomp_bpf: CAPS is a hex number\n", stderr);
		return 2;
	}
	if (profile_load(argv[2], &p, &e) < 0 ||
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
