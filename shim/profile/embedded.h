/* The profile compiled into this binary (shim/embedded.S: make PROFILE=...),
 * or the one `scinit embed` put there, and the layout both sides of that
 * agree on: the run-time reader here, the writer in shim/cmd/embed.c. */
#ifndef SCINIT_EMBEDDED_H
#define SCINIT_EMBEDDED_H

#include <linux/filter.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "common/error.h"

/* shim/embedded.S */
extern const char embedded_profile[], embedded_profile_end[];
extern const struct sock_filter embedded_bpf_enforce[], embedded_bpf_enforce_end[];
extern const struct sock_filter supervisor_bpf[], supervisor_bpf_end[];

#define EMBEDDED_SELF "/proc/self/exe"

/* scinit embed marks a precompiled program (shim/filter/precompiled.h) that
 * no longer matches the embedded profile by giving its first instruction
 * this code, which is no BPF opcode: precompiled_program() then ignores it,
 * and a kernel would refuse it, so a stale program can never be installed. */
#define EMBED_BPF_DISABLED 0xffff

/* In the slot after a NUL byte, when the profile was too large for it: where
 * scinit embed appended it to the file. */
struct embedded_appended {
	char magic[8];
	uint64_t offset, length, sum;
	uint64_t elf_end; /* where the ELF file ended before the padding */
};
#define EMBEDDED_MAGIC "SCINITAP"

/* The slot's bytes: the text and its NUL. */
size_t embedded_slot_size(void);

/* Whether the slot points at an appended profile; fills a. */
bool embedded_slot_appended(struct embedded_appended *a);

/* What the appended header's sum is of the text. */
uint64_t embedded_checksum(const char *s, size_t n);

/* The embedded profile's text (NUL-terminated) and length: the text in the
 * slot, or the appended copy, mapped from /proc/self/exe for the rest of
 * the process's life. */
int embedded_text(const char **text, size_t *len, struct scerr *e);

bool embedded_is_json(void);

#endif
