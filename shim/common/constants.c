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

static const struct {
	const char *name;
	uint64_t value;
} constants[] = {
#define C(n) { #n, (uint64_t)(n) }
	C(CLONE_VM), C(CLONE_FS), C(CLONE_FILES), C(CLONE_SIGHAND), C(CLONE_PIDFD), C(CLONE_PTRACE),
	C(CLONE_VFORK), C(CLONE_PARENT), C(CLONE_THREAD), C(CLONE_NEWNS), C(CLONE_SYSVSEM),
	C(CLONE_SETTLS), C(CLONE_PARENT_SETTID), C(CLONE_CHILD_CLEARTID), C(CLONE_DETACHED),
	C(CLONE_UNTRACED), C(CLONE_CHILD_SETTID), C(CLONE_NEWCGROUP), C(CLONE_NEWUTS),
	C(CLONE_NEWIPC), C(CLONE_NEWUSER), C(CLONE_NEWPID), C(CLONE_NEWNET), C(CLONE_IO),
	C(CLONE_NEWTIME),
	C(AF_UNSPEC), C(AF_UNIX), C(AF_LOCAL), C(AF_INET), C(AF_AX25), C(AF_IPX), C(AF_APPLETALK),
	C(AF_NETROM), C(AF_BRIDGE), C(AF_ATMPVC), C(AF_X25), C(AF_INET6), C(AF_ROSE), C(AF_DECnet),
	C(AF_NETBEUI), C(AF_SECURITY), C(AF_KEY), C(AF_NETLINK), C(AF_ROUTE), C(AF_PACKET), C(AF_ASH),
	C(AF_ECONET), C(AF_ATMSVC), C(AF_RDS), C(AF_SNA), C(AF_IRDA), C(AF_PPPOX), C(AF_WANPIPE),
	C(AF_LLC), C(AF_IB), C(AF_MPLS), C(AF_CAN), C(AF_TIPC), C(AF_BLUETOOTH), C(AF_IUCV), C(AF_RXRPC),
	C(AF_ISDN), C(AF_PHONET), C(AF_IEEE802154), C(AF_CAIF), C(AF_ALG), C(AF_NFC), C(AF_VSOCK),
	C(AF_KCM), C(AF_QIPCRTR), C(AF_SMC), C(AF_XDP), C(AF_MCTP),
	C(PER_LINUX), C(PER_LINUX_32BIT), C(PER_LINUX_FDPIC), C(PER_SVR4), C(PER_SVR3), C(PER_SCOSVR3),
	C(PER_OSR5), C(PER_WYSEV386), C(PER_ISCR4), C(PER_BSD), C(PER_SUNOS), C(PER_XENIX),
	C(PER_LINUX32), C(PER_LINUX32_3GB), C(PER_IRIX32), C(PER_IRIXN32), C(PER_IRIX64), C(PER_RISCOS),
	C(PER_SOLARIS), C(PER_UW7), C(PER_OSF4), C(PER_HPUX), C(PER_MASK), C(UNAME26),
	C(ADDR_NO_RANDOMIZE), C(FDPIC_FUNCPTRS), C(MMAP_PAGE_ZERO), C(ADDR_COMPAT_LAYOUT),
	C(READ_IMPLIES_EXEC), C(ADDR_LIMIT_32BIT), C(SHORT_INODE), C(WHOLE_SECONDS), C(STICKY_TIMEOUTS),
	C(ADDR_LIMIT_3GB),
#undef C
};

int constant_value(const char *name, uint64_t *out)
{
	for (size_t i = 0; i < sizeof(constants) / sizeof(constants[0]); i++) {
		if (strcmp(name, constants[i].name) == 0) {
			*out = constants[i].value;
			return 1;
		}
	}
	return 0;
}

static const char *const cap_names[SC_CAP_LAST + 1] = {
	"chown", "dac_override", "dac_read_search", "fowner", "fsetid", "kill", "setgid",
	"setuid", "setpcap", "linux_immutable", "net_bind_service", "net_broadcast",
	"net_admin", "net_raw", "ipc_lock", "ipc_owner", "sys_module", "sys_rawio",
	"sys_chroot", "sys_ptrace", "sys_pacct", "sys_admin", "sys_boot", "sys_nice",
	"sys_resource", "sys_time", "sys_tty_config", "mknod", "lease", "audit_write",
	"audit_control", "setfcap", "mac_override", "mac_admin", "syslog", "wake_alarm",
	"block_suspend", "audit_read", "perfmon", "bpf", "checkpoint_restore",
};

int capability_number(const char *name)
{
	if (strncasecmp(name, "cap_", 4) == 0)
		name += 4;
	for (int c = 0; c <= SC_CAP_LAST; c++) {
		if (strcasecmp(name, cap_names[c]) == 0)
			return c;
	}
	return -1;
}

const char *capability_name(int cap)
{
	return cap >= 0 && cap <= SC_CAP_LAST ? cap_names[cap] : "?";
}
