/* `scinit decode [FILE]`: seccomp records from kernel log text (dmesg,
 * journalctl -k, audit.log) turned into syscall names, per architecture, as
 * an INI [allow] fragment. */
#ifndef SCINIT_DECODE_H
#define SCINIT_DECODE_H

int command_decode(int argc, char **argv);

#endif
