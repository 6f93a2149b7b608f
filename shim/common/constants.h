/* Symbolic names a profile may use: argument constants and capabilities. */
#ifndef SCINIT_CONSTANTS_H
#define SCINIT_CONSTANTS_H

#include <stdint.h>

/* CLONE_*, AF_*, PER_* and the personality flags; 0 if unknown. */
int constant_value(const char *name, uint64_t *out);

/* "sys_admin", "SYS_ADMIN", "cap_sys_admin" or "CAP_SYS_ADMIN"; -1 if unknown. */
int capability_number(const char *name);
const char *capability_name(int cap);
#define SC_CAP_LAST 40

#endif
