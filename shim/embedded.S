/* The embedded profile, taken verbatim from the file the build names
 * (EMBED_PROFILE), NUL-terminated so it can be parsed in place. */
	.section .rodata.scinit_profile, "a"
	.globl embedded_profile
	.globl embedded_profile_end
embedded_profile:
	.incbin EMBED_PROFILE
embedded_profile_end:
	.byte 0
	.section .note.GNU-stack, "", @progbits
