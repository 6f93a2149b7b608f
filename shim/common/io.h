/* Small I/O helpers every stage shares. */
#ifndef SCINIT_IO_H
#define SCINIT_IO_H

#include <stddef.h>

/* Writes all of buf to fd, across partial writes and EINTR; -1 with errno. */
int write_all(int fd, const void *buf, size_t len);

#endif
