/* `scinit verify [-p FILE]`: calls every @dangerous syscall under the
 * profile's filter and prints what happened. */
#ifndef SCINIT_VERIFY_H
#define SCINIT_VERIFY_H

int command_verify(int argc, char **argv);

#endif
