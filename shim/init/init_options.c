#include "init/init_options.h"

#include <signal.h>
#include <stdlib.h>
#include <string.h>

#include "common/values.h"
#include "init/resident.h"

/* Decimal min..max and nothing else: "-e 0x8f" or "-e 143abc" is a typo,
 * not a request. */
static int number(const char *text, size_t len, int min, int max, int *out)
{
	if (len == 0 || len > 4)
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

static int remap(const char *text, struct init_options *io)
{
	int code;
	if (number(text, strlen(text), 0, 255, &code) < 0)
		return -1;
	io->remap_exit[code / 32] |= UINT32_C(1) << (code % 32);
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

/* Linux's numbers 1..31, the same on every architecture scinit builds for. */
static const char signal_names[] = "HUP INT QUIT ILL TRAP ABRT BUS FPE KILL USR1 SEGV USR2 PIPE ALRM TERM STKFLT "
				   "CHLD CONT STOP TSTP TTIN TTOU URG XCPU XFSZ VTALRM PROF WINCH IO PWR SYS ";

/* tini's -p takes SIGNAME (SIGKILL, SIGTERM...); a number 1..64 as well. */
static int parent_death(const char *text, struct init_options *io)
{
	int sig = 0;
	size_t len = strlen(text);
	if (number(text, len, 1, 64, &sig) < 0 && len > 3 && strncmp(text, "SIG", 3) == 0) {
		const char *at = signal_names;
		for (int n = 1; *at; n++) {
			const char *end = strchr(at, ' ');
			if ((size_t)(end - at) == len - 3 && memcmp(at, text + 3, len - 3) == 0)
				sig = n;
			at = end + 1;
		}
	}
	io->parent_death_signal = (uint8_t)sig;
	return sig ? 0 : -1;
}

static int grace(const char *text, struct init_options *io)
{
	return number(text, strlen(text), 0, 3600, &io->grace);
}

static int verbosity(const char *text, struct init_options *io)
{
	int v;
	if (number(text, strlen(text), 0, 3, &v) < 0)
		return -1;
	io->verbosity = (uint8_t)v;
	return 0;
}

/* The options that take a value: the option, its long name, the variable,
 * what the value must be, and its parser. A variable of a repeatable option
 * is a comma-separated list. */
struct valued {
	const char *option, *long_name, *variable, *what, *hint;
	int (*parse)(const char *text, struct init_options *io);
	bool list;
};
static const struct valued valued[] = {
	{ "-e", "--remap-exit", "SCINIT_REMAP_EXIT", "an exit code 0..255", "", remap, true },
	{ "-r", "--rewrite", "SCINIT_REWRITE",
	  "FROM:TO, signal numbers (FROM 1..64 but KILL STOP CHLD; TO 0..64 but STOP, 0 drops it)", "", rewrite, true },
	{ "-p", "--parent-death-signal", "SCINIT_PARENT_DEATH_SIGNAL",
	  "a signal (SIGKILL as in tini, or 1..64)", "; for a profile use --profile FILE", parent_death, false },
	{ NULL, "--grace", "SCINIT_GRACE", "seconds, 0..3600", "", grace, false },
	{ NULL, "--verbosity", "SCINIT_VERBOSITY", "a level 0..3", "", verbosity, false },
};
#define NVALUED (sizeof(valued) / sizeof(valued[0]))

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
	else if (a[1] == 'v' && !a[1 + strspn(a + 1, "v")]) /* tini's -v, -vv, -vvv */
		io->verbosity = (uint8_t)(io->verbosity + strlen(a) - 1 > 3 ? 3 : io->verbosity + strlen(a) - 1);
	else {
		for (size_t k = 0; k < NVALUED; k++) {
			const struct valued *v = &valued[k];
			if ((!v->option || strcmp(a, v->option) != 0) && strcmp(a, v->long_name) != 0)
				continue;
			const char *value = *i + 1 < argc ? argv[*i + 1] : NULL;
			if (!value || v->parse(value, io) < 0)
				return err_set(e, "%s needs %s%s%s%s", a, v->what, value ? ", not " : "", value ? value : "",
				       v->hint);
			++*i;
			return 1;
		}
		return 0;
	}
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

/* A valued option's variable, a list item by item. */
static int env_valued(const struct valued *v, struct init_options *io, struct scerr *e)
{
	const char *text;
	if (env_value(v->variable, &text, e) < 0)
		return -1;
	for (const char *at = text; at;) {
		char item[16];
		size_t len = v->list ? strcspn(at, ",") : strlen(at);
		if (len >= sizeof(item))
			len = 0;
		memcpy(item, at, len);
		item[len] = '\0';
		if (v->parse(item, io) < 0)
			return err_set(e, "%s must be %s%s, not '%s'", v->variable, v->list ? "a list, each " : "",
				       v->what, text);
		at = at[len] ? at + len + 1 : NULL;
	}
	return 0;
}

/* tini counts its default (warnings) as 1 and each -v adds one. */
static int env_tini_verbosity(struct init_options *io, struct scerr *e)
{
	const char *text = getenv("TINI_VERBOSITY");
	int level;
	if (!text)
		return 0;
	if (number(text, strlen(text), 0, 4, &level) < 0)
		return err_set(e, "TINI_VERBOSITY must be 0..4, not '%s'", text);
	io->verbosity = (uint8_t)(level ? level - 1 : 0);
	return 0;
}

int init_options_env(struct init_options *io, struct scerr *e)
{
	bool subreaper;
	env_tini("TINI_KILL_PROCESS_GROUP", &io->process_group);
	if (env_bool("SCINIT_PROCESS_GROUP", &io->process_group, e) < 0 ||
	    env_bool("SCINIT_WAIT_ALL", &io->wait_all, e) < 0 || env_bool("SCINIT_EXEC", &io->exec, e) < 0 ||
	    env_bool("SCINIT_WARN_ON_REAP", &io->warn_on_reap, e) < 0 ||
	    env_bool("SCINIT_SUBREAPER", &subreaper, e) < 0 || env_bool("SCINIT_PAUSE", &io->pause, e) < 0 ||
	    env_tini_verbosity(io, e) < 0)
		return -1;
	for (size_t k = 0; k < NVALUED; k++) {
		if (env_valued(&valued[k], io, e) < 0)
			return -1;
	}
	return 0;
}

int init_options_check(struct init_options *io, struct scerr *e)
{
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
	/* Only -g signals the leftovers (and --exec and --pause, which have
	 * none, are refused with -g above). */
	if (io->grace >= 0 && !io->process_group)
		return err_set(e, "--grace/SCINIT_GRACE is for the app's leftovers under -g; give -g too");
	/* --wait-all waits for every child: a deadline only when one was given. */
	if (io->grace < 0 && !io->wait_all)
		io->grace = INIT_GRACE_DEFAULT;
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
