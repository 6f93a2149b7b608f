/* -v's start line (tini #107): which profile, checked how, before the app
 * runs. Only -v pays for it: the file is read again and hashed. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cli.h"
#include "common/arch.h"
#include "common/input.h"
#include "common/io.h"
#include "common/sha256.h"

void cli_announce(const struct options *o, const struct sc_profile *p, enum sc_mode mode)
{
	char line[512], name[32], hash[80] = ""; /* a path cut at 200 bytes: the rest always fits */
	unsigned char d[32];
	if (o->profile_path) {
		/* The file as the profile reader takes it; it was read a moment ago. */
		char *text = NULL;
		size_t len = 0;
		struct scerr e;
		int hashed = input_read_file(o->profile_path, &text, &len, &e) == 0;
		if (hashed)
			sha256(text, len, d);
		free(text);
		char *h = hash + sprintf(hash, " (sha256 %s", hashed ? "" : "unavailable");
		for (int i = 0; hashed && i < 32; i++, h += 2)
			sprintf(h, "%02x", d[i]);
		strcpy(h, ")");
	}
	int at = snprintf(line, sizeof(line), "scinit: profile %.200s%s, mode %s, arches",
			  o->profile_path ? o->profile_path : "embedded", hash, mode_name(mode));
	static const uint32_t native = SC_ARCH_NATIVE; /* what a profile naming none gets */
	for (unsigned i = 0; i < (p->narch ? p->narch : 1); i++)
		at += snprintf(line + at, sizeof(line) - (size_t)at, " %s",
			       arch_name(p->narch ? p->arch[i] : native, name, sizeof(name)));
	/* Where what the filter stops is told: a user reading this line is
	 * about to look for it. */
	const char *told = o->init.report	    ? "; each denial named here (--report)"
			   : mode == SC_MODE_AUDIT ? "; what enforce mode would deny goes to the kernel log"
						   : "";
	at += snprintf(line + at, sizeof(line) - (size_t)at, ", %zu rules%s\n", p->nrules, told);
	write_all(STDERR_FILENO, line, (size_t)at);
}
