#include "init/init_options.h"

#include <signal.h>
#include <stdlib.h>
#include <string.h>

#include "common/values.h"
#include "init/resident.h"

/* Decimal 0..255 and nothing else: "-e 0x8f" or "-e 143abc" is a typo,
 * not a request. */
static int exit_code(const char *text, int *out)
{
	if (!*text || strlen(text) > 3)
		return -1;
	int v = 0;
	for (const char *c = text; *c; c++) {
		if (*c < '0' || *c > '9')
			return -1;
		v = v * 10 + (*c - '0');
	}
	if (v > 255)
		return -1;
	*out = v;
	return 0;
}

/* Decimal min..max and nothing else, as exit_code. */
static int number(const char *text, size_t len, int min, int max, int *out)
{
	if (len == 0 || len > 2)
		return -1;
	int v = 0;
	for (size_t i = 0; i < len; i++) {
		if (text[i] < '0' || text[i] > '9')
			return -1;
		v = v * 10 + (text[i] - '0');
	}
	if (v < min || v > max)
		return -1;
	*out = v;
	return 0;
}

/* FROM:TO in decimal, as dumb-init's -r. KILL and STOP never reach scinit,
 * and CHLD is what makes it reap: rewriting those would be a no-op or stop
 * the reaping. */
static int rewrite(const char *text, struct init_options *io)
{
	const char *colon = strchr(text, ':');
	int from, to;
	if (!colon || number(text, (size_t)(colon - text), 1, 64, &from) < 0 ||
	    number(colon + 1, strlen(colon + 1), 0, 64, &to) < 0 || from == SIGKILL || from == SIGSTOP ||
	    from == SIGCHLD || to == SIGSTOP)
		return -1;
	io->rewrite[from] = (uint8_t)to;
	io->rewrite_set |= UINT64_C(1) << (from - 1);
	return 0;
}

int init_option_parse(struct init_options *io, int argc, char **argv, int *i, struct scerr *e)
{
	const char *a = argv[*i];
	if (strcmp(a, "-g") == 0 || strcmp(a, "--process-group") == 0)
		io->process_group = true;
	else if (strcmp(a, "--wait-all") == 0)
		io->wait_all = true;
	else if (strcmp(a, "-w") == 0 || strcmp(a, "--warn-on-reap") == 0)
		io->warn_on_reap = true; /* tini's -w */
	else if (strcmp(a, "-s") == 0 || strcmp(a, "--subreaper") == 0)
		; /* tini's -s: scinit is a child subreaper whenever it is not PID 1 */
	else if (strcmp(a, "--exec") == 0)
		io->exec = true;
	else if (strcmp(a, "--pause") == 0)
		io->pause = true;
	else if (strcmp(a, "-e") == 0 || strcmp(a, "--remap-exit") == 0) {
		int code;
		if (*i + 1 == argc || exit_code(argv[*i + 1], &code) < 0)
			return err_set(e, "%s needs an exit code 0..255%s%s", a, *i + 1 < argc ? ", not " : "",
				       *i + 1 < argc ? argv[*i + 1] : "");
		io->remap_exit[code / 32] |= UINT32_C(1) << (code % 32);
		++*i;
	} else if (strcmp(a, "--rewrite") == 0 || strcmp(a, "-r") == 0) {
		if (*i + 1 == argc || rewrite(argv[*i + 1], io) < 0)
			return err_set(e, "%s needs FROM:TO, signal numbers (FROM 1..64 but KILL STOP CHLD; TO 0..64 "
					  "but STOP, 0 drops it)%s%s",
				       a, *i + 1 < argc ? ", not " : "", *i + 1 < argc ? argv[*i + 1] : "");
		++*i;
	} else
		return 0;
	return 1;
}

/* A boolean that is neither 0 nor 1 is refused rather than guessed: "true",
 * "yes" or "" would each mean something different to someone. */
static int env_bool(const char *name, bool *flag, struct scerr *e)
{
	const char *v;
	if (env_value(name, &v, e) < 0)
		return -1;
	if (!v)
		return 0;
	if (strcmp(v, "1") == 0)
		*flag = true;
	else if (strcmp(v, "0") != 0)
		return err_set(e, "%s must be 0 or 1, not '%s'", name, v);
	return 0;
}

static bool remaps_any(const struct init_options *io)
{
	for (size_t i = 0; i < sizeof(io->remap_exit) / sizeof(io->remap_exit[0]); i++) {
		if (io->remap_exit[i])
			return true;
	}
	return false;
}

/* tini's variables mean "on" whatever their value, even empty; images
 * written for tini set them that way, and scinit reads them as tini does. */
static void env_tini(const char *name, bool *flag)
{
	if (getenv(name))
		*flag = true;
}

int init_options_env(struct init_options *io, struct scerr *e)
{
	env_tini("TINI_KILL_PROCESS_GROUP", &io->process_group);
	if (env_bool("SCINIT_PROCESS_GROUP", &io->process_group, e) < 0 ||
	    env_bool("SCINIT_WAIT_ALL", &io->wait_all, e) < 0 || env_bool("SCINIT_EXEC", &io->exec, e) < 0)
		return -1;
	/* Each of these asks the supervisor for something; without one, it
	 * would silently not happen. */
	const char *needs_supervisor = io->process_group ? "-g/SCINIT_PROCESS_GROUP/TINI_KILL_PROCESS_GROUP"
				       : io->wait_all    ? "--wait-all/SCINIT_WAIT_ALL"
				       : io->warn_on_reap ? "-w"
				       : remaps_any(io)  ? "-e"
				       : io->rewrite_set ? "--rewrite"
							 : NULL;
	if (io->exec && needs_supervisor)
		return err_set(e, "--exec/SCINIT_EXEC leaves no supervisor, so it cannot be combined with %s",
			       needs_supervisor);
	/* -w is the one option about orphans rather than about the app. */
	const char *needs_app = io->exec ? "--exec/SCINIT_EXEC"
				: io->process_group ? "-g/SCINIT_PROCESS_GROUP/TINI_KILL_PROCESS_GROUP"
				: io->wait_all ? "--wait-all/SCINIT_WAIT_ALL"
				: remaps_any(io) ? "-e"
				: io->rewrite_set ? "--rewrite"
						  : NULL;
	if (io->pause && needs_app)
		return err_set(e, "--pause runs no app, so it cannot be combined with %s", needs_app);
	return 0;
}

RESIDENT_CODE int init_rewrite(const struct init_options *io, int sig)
{
	if (sig >= 1 && sig <= 64 && io->rewrite_set & UINT64_C(1) << (sig - 1))
		return io->rewrite[sig];
	return sig;
}

RESIDENT_CODE int init_exit_code(const struct init_options *io, int code)
{
	if (code >= 0 && code <= 255 && io->remap_exit[code / 32] & UINT32_C(1) << (code % 32))
		return 0;
	return code;
}
