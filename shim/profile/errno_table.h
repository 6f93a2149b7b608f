/* Every errno name Linux defines (generated: shim/tools/errno_gen.py). */
#ifndef SCINIT_ERRNO_TABLE_H
#define SCINIT_ERRNO_TABLE_H

/* Space-separated, each name without its leading E: the Nth word names
 * errno N ("-" where Linux has none), then aliases as NAME=VALUE. */
extern const char errno_table[];

#endif
