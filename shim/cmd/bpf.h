#ifndef SCINIT_CMD_BPF_H
#define SCINIT_CMD_BPF_H

/* `scinit bpf [--build | --precompiled] enforce|audit|supervisor` */
int command_bpf(int argc, char **argv);

#endif
