/* printf's formatting, for what scinit prints: no floating point. */
#ifndef SCINIT_FORMAT_H
#define SCINIT_FORMAT_H

#include <stdarg.h>
#include <stdio.h>

/* vfprintf for the conversions d i u x X c s m %, with the flags - 0 # +
 * space, a width and a precision (digits or *), and the lengths hh h l ll
 * z j t. Anything else: -1 with EINVAL, as musl answers a bad format. */
int format_to(FILE *restrict f, const char *restrict fmt, va_list ap);

#endif
