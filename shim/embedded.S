/* The embedded profile, taken verbatim from the file the build names
 * (EMBED_PROFILE), NUL-terminated so it can be parsed in place. */
	.section .rodata.scinit_profile, "a"
	.globl embedded_profile
	.globl embedded_profile_end
embedded_profile:
	.incbin EMBED_PROFILE
embedded_profile_end:
	.byte 0

/* Its filter precompiled for each mode (shim/precompiled.h): raw struct
 * sock_filter arrays. Empty in the first-stage build that generates them,
 * and when the profile's filter depends on the run. */
	.section .rodata.scinit_bpf, "a"
	.balign 8
	.globl embedded_bpf_enforce
	.globl embedded_bpf_enforce_end
	.globl embedded_bpf_audit
	.globl embedded_bpf_audit_end
embedded_bpf_enforce:
#ifdef EMBED_BPF_ENFORCE
	.incbin EMBED_BPF_ENFORCE
#endif
embedded_bpf_enforce_end:
embedded_bpf_audit:
#ifdef EMBED_BPF_AUDIT
	.incbin EMBED_BPF_AUDIT
#endif
embedded_bpf_audit_end:
	.section .note.GNU-stack, "", @progbits
