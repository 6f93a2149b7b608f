/* scinit embed PROFILE -o OUT: validates PROFILE as a run would (parse, and
 * the filter for both modes, for an app with no capability and with every
 * one) and writes a copy of this binary (/proc/self/exe) that embeds it:
 * what `make PROFILE=` gives, without a toolchain. Nothing is written for an
 * invalid profile, and OUT appears whole or not at all (a temporary file in
 * its directory, renamed).
 *
 * Where the profile goes. shim/embedded.S reserves a slot as large as the
 * profile the binary was built with, as the build stored it (6.3 kB for
 * config/default.ini, whose comment lines the build leaves out; embed
 * writes a profile as it is, comments included).
 * - A profile that fits is written into the slot, NUL-terminated: nothing
 *   changes at start-up (the length is a strnlen of the slot).
 * - A larger one (Docker's 14 KB default.json, Podman's 16 KB) is appended
 *   to the file, at a page boundary, and the slot holds a NUL byte and a
 *   header (magic, offset, length, checksum). Only such a copy pays, at each
 *   start, an open, fstat, mmap and close of /proc/self/exe and a checksum
 *   (25-50 us measured against the same profile in place, of ~1 ms for a
 *   start; opening /proc/self/exe is most of it); if the file cannot be
 *   read or no longer matches
 *   (stripped, truncated) scinit stops with exit 125 rather than run
 *   another profile.
 * A fixed slot large enough for every profile would cost every binary its
 * size, against a 200 KB budget; an appended profile for every copy would
 * cost every start of every copy the file read, and depend on /proc.
 *
 * The precompiled program (shim/precompiled.h) is the build's enforce-mode
 * filter for the built-in profile; audit mode's is derived from it. For a
 * profile whose filter cannot depend on the run (INI without capability
 * conditions, as the build requires) embed builds it anew and writes it into
 * its slot, padded with never-reached `ret KILL_PROCESS`; otherwise, or when
 * the new program is longer than the slot, it disables it
 * (EMBED_BPF_DISABLED) and the copy builds its filter with libseccomp at
 * start-up, as for a profile file. */
#include "cmd/embed.h"
#include "cmd/commands.h"

#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/filter.h>
#include <linux/seccomp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/auxv.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "common/input.h"
#include "common/io.h"
#include "filter/bpf_export.h"
#include "filter/filter.h"
#include "profile/embedded.h"
#include "profile/profile_json.h"
#include "profile/profile_load.h"

#define MAX_SELF (64 << 20)

static int read_at(int fd, char *buf, size_t len, uint64_t off)
{
	for (size_t done = 0; done < len;) {
		ssize_t n = pread(fd, buf + done, len - done, (off_t)(off + done));
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return -1;
		done += (size_t)n;
	}
	return 0;
}


struct image {
	char *buf;
	size_t len; /* the ELF file without a previously appended profile */
	uintptr_t bias; /* run-time address minus link-time address (0 unless PIE) */
};

static int read_self(struct image *im, struct scerr *e)
{
	errno = 0;
	int fd = open(EMBEDDED_SELF, O_RDONLY | O_CLOEXEC);
	struct stat st;
	if (fd < 0 || fstat(fd, &st) < 0 || st.st_size < (off_t)sizeof(Elf64_Ehdr) || st.st_size > MAX_SELF ||
	    !(im->buf = malloc((size_t)st.st_size)) || read_at(fd, im->buf, (size_t)st.st_size, 0) < 0) {
		int saved = errno ? errno : EFBIG;
		if (fd >= 0)
			close(fd);
		return err_set(e, "cannot read %s: %s", EMBEDDED_SELF, strerror(saved));
	}
	close(fd);
	im->len = (size_t)st.st_size;
	struct embedded_appended a;
	if (embedded_slot_appended(&a) && a.elf_end <= im->len)
		im->len = (size_t)a.elf_end; /* a copy of a copy: drop the old profile */
	return 0;
}

static const Elf64_Phdr *phdrs(const struct image *im, size_t *n)
{
	const Elf64_Ehdr *eh = (const Elf64_Ehdr *)im->buf;
	if (memcmp(eh->e_ident, ELFMAG, SELFMAG) || eh->e_ident[EI_CLASS] != ELFCLASS64 ||
	    eh->e_phentsize != sizeof(Elf64_Phdr) || eh->e_phoff > im->len ||
	    eh->e_phnum > (im->len - eh->e_phoff) / sizeof(Elf64_Phdr))
		return NULL;
	*n = eh->e_phnum;
	return (const Elf64_Phdr *)(im->buf + eh->e_phoff);
}

/* The file offset of len bytes at run-time address addr, checked against
 * memory: the binary is stripped, so its own addresses are the only map. */
static int file_offset(const struct image *im, const void *addr, size_t len, size_t *off)
{
	size_t n;
	const Elf64_Phdr *ph = phdrs(im, &n);
	uintptr_t want = (uintptr_t)addr - im->bias;
	for (size_t i = 0; ph && i < n; i++) {
		if (ph[i].p_type != PT_LOAD || want < ph[i].p_vaddr || want - ph[i].p_vaddr > ph[i].p_filesz ||
		    len > ph[i].p_filesz - (want - ph[i].p_vaddr))
			continue;
		*off = (size_t)(want - ph[i].p_vaddr + ph[i].p_offset);
		return *off + len <= im->len && memcmp(im->buf + *off, addr, len) == 0 ? 0 : -1;
	}
	return -1;
}

/* The load bias, from where the kernel put the program headers. */
static int find_bias(struct image *im)
{
	size_t n;
	const Elf64_Ehdr *eh = (const Elf64_Ehdr *)im->buf;
	const Elf64_Phdr *ph = phdrs(im, &n);
	for (size_t i = 0; ph && i < n; i++) {
		if (ph[i].p_type == PT_LOAD && eh->e_phoff >= ph[i].p_offset &&
		    eh->e_phoff - ph[i].p_offset < ph[i].p_filesz) {
			im->bias = getauxval(AT_PHDR) - (ph[i].p_vaddr + eh->e_phoff - ph[i].p_offset);
			return 0;
		}
	}
	return -1;
}

/* The profile into the slot, or appended after the ELF file. */
static int place_profile(struct image *im, const char *text, size_t len, bool *appended, struct scerr *e)
{
	size_t off, slot = embedded_slot_size();
	if (file_offset(im, embedded_profile, slot, &off) < 0)
		return err_set(e, "cannot find the embedded profile in %s", EMBEDDED_SELF);
	char *s = im->buf + off;
	memset(s, 0, slot);
	*appended = len >= slot;
	if (!*appended) {
		memcpy(s, text, len);
		return 0;
	}
	/* At a page boundary, to be mapped; NUL-terminated, as parsers need. */
	size_t at = (im->len + 4095) & ~(size_t)4095;
	struct embedded_appended a = { .offset = at, .length = len, .sum = embedded_checksum(text, len), .elf_end = im->len };
	memcpy(a.magic, EMBEDDED_MAGIC, sizeof(a.magic));
	if (slot < 1 + sizeof(a))
		return err_set(e, "this scinit's profile slot (%zu bytes) holds no larger profile", slot);
	memcpy(s + 1, &a, sizeof(a));
	char *grown = realloc(im->buf, at + len + 1);
	if (!grown)
		return err_set(e, "out of memory");
	im->buf = grown;
	memset(im->buf + im->len, 0, at - im->len);
	memcpy(im->buf + at, text, len);
	im->buf[at + len] = '\0';
	im->len = at + len + 1;
	return 0;
}

/* One precompiled slot: the new program, padded, or disabled. Returns 1 if
 * written, 0 if disabled. */
static int place_program(struct image *im, const struct sock_filter *start, const struct sock_filter *end,
			 const struct sock_fprog *prog, struct scerr *e)
{
	size_t n = (size_t)(end - start), off;
	if (file_offset(im, start, n * sizeof(*start), &off) < 0)
		return err_set(e, "cannot find the precompiled filter in %s", EMBEDDED_SELF);
	struct sock_filter *slot = (struct sock_filter *)(im->buf + off);
	if (!prog || prog->len > n) {
		slot[0].code = EMBED_BPF_DISABLED;
		return 0;
	}
	memcpy(slot, prog->filter, prog->len * sizeof(*slot));
	for (size_t i = prog->len; i < n; i++)
		slot[i] = (struct sock_filter)BPF_STMT(BPF_RET | BPF_K, SECCOMP_RET_KILL_PROCESS);
	return 1;
}

/* The build precompiles only a filter that every run builds the same. */
static bool fixed_filter(const struct sc_profile *p, bool json)
{
	for (size_t i = 0; i < p->nrules && !json; i++) {
		if (p->rules[i].caps_all || p->rules[i].caps_none)
			return false;
	}
	return !json;
}

/* The enforce program (audit mode's is derived from it at run time). Returns
 * 1 if it was written anew, 0 if it was disabled or the binary has none. */
static int place_programs(struct image *im, const struct sc_profile *p, bool json, struct scerr *e)
{
	const struct sock_filter *start = embedded_bpf_enforce, *end = embedded_bpf_enforce_end;
	struct sock_fprog prog = { 0, NULL };
	if (start == end)
		return 0; /* built without a precompiled program */
	bool fits = fixed_filter(p, json);
	if (fits) {
		scmp_filter_ctx ctx;
		if (filter_build(p, SC_MODE_ENFORCE, 0, &ctx, e) < 0)
			return -1;
		int rc = bpf_export(ctx, &prog, e);
		seccomp_release(ctx);
		if (rc < 0)
			return -1;
		fits = prog.len <= end - start;
	}
	int rc = place_program(im, start, end, fits ? &prog : NULL, e);
	free(prog.filter);
	return rc;
}

/* As a run would take it: for both modes, without and with capabilities. */
static int validate(const char *path, struct sc_profile *p, char **text, size_t *len, struct scerr *e)
{
	static const enum sc_mode modes[] = { SC_MODE_ENFORCE, SC_MODE_AUDIT };
	if (input_read_file(path, text, len, e) < 0 || profile_load(path, p, e) < 0)
		return -1;
	err_warn_lines(p->warnings, p->nwarnings);
	for (int i = 0; i < 4; i++) {
		scmp_filter_ctx ctx;
		if (filter_build(p, modes[i / 2], i % 2 ? ~0ULL : 0, &ctx, e) < 0)
			return -1;
		seccomp_release(ctx);
	}
	return 0;
}

static int write_out(const struct image *im, const char *out, struct scerr *e)
{
	char tmp[4096];
	if (snprintf(tmp, sizeof(tmp), "%s.XXXXXX", out) >= (int)sizeof(tmp))
		return err_set(e, "%s: name too long", out);
	int fd = mkstemp(tmp);
	if (fd < 0)
		return err_set(e, "%s: cannot create a file next to it: %s", out, strerror(errno));
	bool ok = write_all(fd, im->buf, im->len) == 0 && fchmod(fd, 0755) == 0 && fsync(fd) == 0;
	int saved = errno;
	if (close(fd) < 0 && ok)
		ok = false, saved = errno;
	if (ok && rename(tmp, out) < 0)
		ok = false, saved = errno;
	if (!ok) {
		unlink(tmp);
		return err_set(e, "%s: cannot write: %s", out, strerror(saved ? saved : EIO));
	}
	return 0;
}

int command_embed(int argc, char **argv)
{
	const char *path = NULL, *out = NULL;
	for (int i = 1; i < argc; i++) {
		if (strcmp(argv[i], "-o") == 0 && i + 1 < argc && !out)
			out = argv[++i];
		else if (argv[i][0] != '-' && !path)
			path = argv[i];
		else
			return command_usage("embed");
	}
	if (!path || !out || !*out)
		return command_usage("embed");
	struct sc_profile p;
	struct image im = { NULL, 0, 0 };
	struct scerr e;
	char *text = NULL;
	size_t len = 0;
	bool appended = false;
	profile_init(&p, path);
	int programs = 0, rc = validate(path, &p, &text, &len, &e);
	if (rc == 0)
		rc = read_self(&im, &e);
	if (rc == 0 && find_bias(&im) < 0)
		rc = err_set(&e, "%s is not an ELF file this scinit can read", EMBEDDED_SELF);
	if (rc == 0)
		rc = place_profile(&im, text, len, &appended, &e);
	if (rc == 0 && (programs = place_programs(&im, &p, profile_text_is_json(text, len), &e)) < 0)
		rc = -1;
	if (rc == 0)
		rc = write_out(&im, out, &e);
	if (rc == 0)
		printf("%s: scinit with %s embedded (%s; precompiled filter %s)\n", out, path,
		       appended ? "appended: read from the file at each start" : "in place",
		       programs ? "rebuilt" : embedded_bpf_enforce_end - embedded_bpf_enforce ? "disabled" : "none");
	free(im.buf);
	free(text);
	profile_free(&p);
	if (rc < 0) {
		err_print(&e);
		return EXIT_SCINIT_FAILURE;
	}
	return fflush(stdout) == 0 ? 0 : EXIT_SCINIT_FAILURE;
}
