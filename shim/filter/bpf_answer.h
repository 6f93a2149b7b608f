/* What a seccomp BPF program answers for a call, found by walking it rather
 * than by the kernel: the supervisor's child uses it to know, before it
 * installs the app's filter, whether the few calls it makes under that filter
 * while it waits would go through; the diagnostic report, what enforce mode
 * answers. Pure: no side effects. */
#ifndef SCINIT_BPF_ANSWER_H
#define SCINIT_BPF_ANSWER_H

#include <linux/filter.h>
#include <stdbool.h>
#include <stdint.h>

/* The return value (SECCOMP_RET_*) of prog for syscall nr of arch
 * (AUDIT_ARCH_*) whatever the call's arguments and instruction pointer. False
 * if the answer depends on them, or on anything else this walk does not
 * follow (the X register, scratch memory, arithmetic other than and): the
 * programs libseccomp and shim/tools/bpf_ranges.c write use none of that on
 * the way to a syscall's rules. */
bool bpf_fixed_answer(const struct sock_fprog *prog, uint32_t arch, uint32_t nr, uint32_t *ret);

struct seccomp_data;

/* The return value of prog for the call d, as the kernel computes it: the
 * whole classic BPF subset seccomp accepts (loads of seccomp_data, scratch
 * memory, the X register, arithmetic, jumps). The supervisor of the
 * diagnostic report (SCINIT_REPORT) uses it to answer a notified call as
 * enforce mode would. A program the kernel would refuse (a load outside
 * seccomp_data, a division by zero, a jump or the end past the last
 * instruction) answers SECCOMP_RET_KILL_PROCESS. */
uint32_t bpf_run(const struct sock_fprog *prog, const struct seccomp_data *d);

#endif
