/* The embedded profile, taken verbatim from the file the build names
 * (EMBED_PROFILE), NUL-terminated so it can be parsed in place. Empty in the
 * build machine's tools, which read profiles from files. */
	.section .rodata.scinit_profile, "a"
	.globl embedded_profile
	.globl embedded_profile_end
embedded_profile:
#ifdef EMBED_PROFILE
	.incbin EMBED_PROFILE
#endif
embedded_profile_end:
	.byte 0

/* Its filter precompiled for enforce mode (shim/filter/precompiled.h; audit
 * mode's is derived from it) by shim/tools/bpfgen.c: a raw struct
 * sock_filter array. Empty when the profile's filter depends on the run. */
	.section .rodata.scinit_bpf, "a"
	.balign 8
	.globl embedded_bpf_enforce
	.globl embedded_bpf_enforce_end
embedded_bpf_enforce:
#ifdef EMBED_BPF_ENFORCE
	.incbin EMBED_BPF_ENFORCE
#endif
embedded_bpf_enforce_end:

/* The supervisor's own filter (shim/filter/supervisor_filter.h), precompiled with
 * marks in place of its two descriptors; in a section of its own, since
 * `scinit embed` rewrites the section above. */
	.section .rodata.scinit_supervisor, "a"
	.balign 8
	.globl supervisor_bpf
	.globl supervisor_bpf_end
supervisor_bpf:
#ifdef EMBED_BPF_SUPERVISOR
	.incbin EMBED_BPF_SUPERVISOR
#endif
supervisor_bpf_end:
	.section .note.GNU-stack, "", @progbits
