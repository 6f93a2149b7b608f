#ifndef SCINIT_CMD_GROUPS_H
#define SCINIT_CMD_GROUPS_H

/* `scinit groups [NAME]` */
int command_groups(int argc, char **argv);

#endif
