/* The embedded profile, taken verbatim from the file the build names
 * (EMBED_PROFILE), NUL-terminated so it can be parsed in place. */
	.section .rodata.scinit_profile, "a"
	.globl embedded_profile
	.globl embedded_profile_end
embedded_profile:
	.incbin EMBED_PROFILE
embedded_profile_end:
	.byte 0

/* Its filter precompiled for enforce mode (shim/precompiled.h; audit mode's
 * is derived from it): a raw struct sock_filter array. Empty in the
 * first-stage build that generates it, and when the profile's filter
 * depends on the run. */
	.section .rodata.scinit_bpf, "a"
	.balign 8
	.globl embedded_bpf_enforce
	.globl embedded_bpf_enforce_end
embedded_bpf_enforce:
#ifdef EMBED_BPF_ENFORCE
	.incbin EMBED_BPF_ENFORCE
#endif
embedded_bpf_enforce_end:
	.section .note.GNU-stack, "", @progbits
