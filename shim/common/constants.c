#include "common/constants.h"

#include <linux/capability.h>
#include <sched.h>
#include <string.h>
#include <strings.h>
#include <sys/personality.h>
#include <sys/socket.h>

/* Fallbacks for flags newer than the libc headers we build with. */
#ifndef CLONE_NEWTIME
#define CLONE_NEWTIME 0x00000080
#endif
#ifndef CLONE_PIDFD
#define CLONE_PIDFD 0x00001000
#endif
#ifndef CLONE_NEWCGROUP
#define CLONE_NEWCGROUP 0x02000000
#endif
#ifndef AF_VSOCK
#define AF_VSOCK 40
#endif
#ifndef AF_KCM
#define AF_KCM 41
#endif
#ifndef AF_QIPCRTR
#define AF_QIPCRTR 42
#endif
#ifndef AF_SMC
#define AF_SMC 43
#endif
#ifndef AF_XDP
#define AF_XDP 44
#endif
#ifndef AF_MCTP
#define AF_MCTP 45
#endif

/* Names in one string and 32-bit values beside them (every constant here
 * fits): a pointer and 64 bits per name would cost more than the names. */
#define CONSTANTS(X) \
	X(CLONE_VM) X(CLONE_FS) X(CLONE_FILES) X(CLONE_SIGHAND) X(CLONE_PIDFD) X(CLONE_PTRACE) \
	X(CLONE_VFORK) X(CLONE_PARENT) X(CLONE_THREAD) X(CLONE_NEWNS) X(CLONE_SYSVSEM) X(CLONE_SETTLS) \
	X(CLONE_PARENT_SETTID) X(CLONE_CHILD_CLEARTID) X(CLONE_DETACHED) X(CLONE_UNTRACED) \
	X(CLONE_CHILD_SETTID) X(CLONE_NEWCGROUP) X(CLONE_NEWUTS) X(CLONE_NEWIPC) X(CLONE_NEWUSER) \
	X(CLONE_NEWPID) X(CLONE_NEWNET) X(CLONE_IO) X(CLONE_NEWTIME) X(AF_UNSPEC) X(AF_UNIX) X(AF_LOCAL) \
	X(AF_INET) X(AF_AX25) X(AF_IPX) X(AF_APPLETALK) X(AF_NETROM) X(AF_BRIDGE) X(AF_ATMPVC) X(AF_X25) \
	X(AF_INET6) X(AF_ROSE) X(AF_DECnet) X(AF_NETBEUI) X(AF_SECURITY) X(AF_KEY) X(AF_NETLINK) \
	X(AF_ROUTE) X(AF_PACKET) X(AF_ASH) X(AF_ECONET) X(AF_ATMSVC) X(AF_RDS) X(AF_SNA) X(AF_IRDA) \
	X(AF_PPPOX) X(AF_WANPIPE) X(AF_LLC) X(AF_IB) X(AF_MPLS) X(AF_CAN) X(AF_TIPC) X(AF_BLUETOOTH) \
	X(AF_IUCV) X(AF_RXRPC) X(AF_ISDN) X(AF_PHONET) X(AF_IEEE802154) X(AF_CAIF) X(AF_ALG) X(AF_NFC) \
	X(AF_VSOCK) X(AF_KCM) X(AF_QIPCRTR) X(AF_SMC) X(AF_XDP) X(AF_MCTP) X(PER_LINUX) X(PER_LINUX_32BIT) \
	X(PER_LINUX_FDPIC) X(PER_SVR4) X(PER_SVR3) X(PER_SCOSVR3) X(PER_OSR5) X(PER_WYSEV386) X(PER_ISCR4) \
	X(PER_BSD) X(PER_SUNOS) X(PER_XENIX) X(PER_LINUX32) X(PER_LINUX32_3GB) X(PER_IRIX32) X(PER_IRIXN32) \
	X(PER_IRIX64) X(PER_RISCOS) X(PER_SOLARIS) X(PER_UW7) X(PER_OSF4) X(PER_HPUX) X(PER_MASK) \
	X(UNAME26) X(ADDR_NO_RANDOMIZE) X(FDPIC_FUNCPTRS) X(MMAP_PAGE_ZERO) X(ADDR_COMPAT_LAYOUT) \
	X(READ_IMPLIES_EXEC) X(ADDR_LIMIT_32BIT) X(SHORT_INODE) X(WHOLE_SECONDS) X(STICKY_TIMEOUTS) \
	X(ADDR_LIMIT_3GB)

#define NAME(n) #n " "
#define VALUE(n) (uint32_t)(n),
static const char constant_names[] = CONSTANTS(NAME);
static const uint32_t constant_values[] = { CONSTANTS(VALUE) };
#undef NAME
#undef VALUE

int constant_value(const char *name, uint64_t *out)
{
	size_t len = strlen(name), i = 0;
	for (const char *w = constant_names; *w; w += strcspn(w, " ") + 1, i++) {
		if (strcspn(w, " ") == len && memcmp(w, name, len) == 0) {
			*out = constant_values[i];
			return 1;
		}
	}
	return 0;
}

/* NUL-separated, in capability order: one string, no pointer per name. */
static const char cap_names[] =
	"chown\0dac_override\0dac_read_search\0fowner\0fsetid\0kill\0setgid\0setuid\0setpcap\0"
	"linux_immutable\0net_bind_service\0net_broadcast\0net_admin\0net_raw\0ipc_lock\0"
	"ipc_owner\0sys_module\0sys_rawio\0sys_chroot\0sys_ptrace\0sys_pacct\0sys_admin\0"
	"sys_boot\0sys_nice\0sys_resource\0sys_time\0sys_tty_config\0mknod\0lease\0audit_write\0"
	"audit_control\0setfcap\0mac_override\0mac_admin\0syslog\0wake_alarm\0block_suspend\0"
	"audit_read\0perfmon\0bpf\0checkpoint_restore\0";

int capability_number(const char *name)
{
	if (strncasecmp(name, "cap_", 4) == 0)
		name += 4;
	const char *n = cap_names;
	for (int c = 0; c <= SC_CAP_LAST; c++, n += strlen(n) + 1) {
		if (strcasecmp(name, n) == 0)
			return c;
	}
	return -1;
}

const char *capability_name(int cap)
{
	if (cap < 0 || cap > SC_CAP_LAST)
		return "?";
	const char *n = cap_names;
	while (cap--)
		n += strlen(n) + 1;
	return n;
}
