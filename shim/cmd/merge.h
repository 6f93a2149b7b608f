/* `scinit merge FILE... -o OUT`: learned profiles, INI or JSON, as one. */
#ifndef SCINIT_CMD_MERGE_H
#define SCINIT_CMD_MERGE_H

int command_merge(int argc, char **argv);

#endif
