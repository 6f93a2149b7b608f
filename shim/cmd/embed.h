/* `scinit embed PROFILE -o OUT`: a copy of this scinit with PROFILE as its
 * embedded profile (profile/embedded.h reads it back). */
#ifndef SCINIT_EMBED_H
#define SCINIT_EMBED_H

int command_embed(int argc, char **argv);

#endif
