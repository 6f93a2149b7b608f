/* Named syscall groups (@name in a profile): systemd's, @docker-default and
 * @dangerous. The data lives in groups.c and nowhere else. */
#ifndef SCINIT_GROUPS_H
#define SCINIT_GROUPS_H

#include <stddef.h>

#include "common/error.h"

/* Calls add() for every syscall in @name, nested groups expanded. name is
 * given without the '@'. Names this libseccomp does not know are passed too;
 * the caller decides (a group may name syscalls of other arches or kernels). */
int group_expand(const char *name, int (*add)(const char *syscall, void *ctx), void *ctx, struct scerr *e);

/* What `scinit groups NAME` says besides the members, or NULL. */
const char *group_note(const char *name);

/* The i-th group's name, without the '@'; NULL past the last. */
const char *group_name(size_t i);

#endif
