#ifndef SCINIT_CONVERT_H
#define SCINIT_CONVERT_H

/* `scinit convert [--json | --pfc] FILE` */
int command_convert(int argc, char **argv);

#endif
