#include "profile/groups.h"

#include <seccomp.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/arch.h"

/* Members are separated by single spaces; "@x" names a nested group. */
static const struct {
	const char *name;
	const char *members;
} groups[] = {
/* systemd's groups, with systemd's names and members (src/shared/seccomp-util.c,
 * recent main). */
	{ "default",
	  "@sandbox arch_prctl brk cacheflush clock_getres clock_getres_time64 clock_gettime "
	  "clock_gettime64 clock_nanosleep clock_nanosleep_time64 execve exit exit_group futex futex_time64 "
	  "futex_waitv get_robust_list get_thread_area getegid getegid32 geteuid geteuid32 getgid getgid32 "
	  "getgroups getgroups32 getpgid getpgrp getpid getppid getrandom getresgid getresgid32 getresuid "
	  "getresuid32 getrlimit getsid gettid gettimeofday getuid getuid32 lsm_get_self_attr "
	  "lsm_list_modules membarrier mmap mmap2 mprotect mseal munmap nanosleep pause prlimit64 "
	  "restart_syscall riscv_flush_icache riscv_hwprobe rseq rt_sigreturn sched_getaffinity sched_yield "
	  "set_robust_list set_thread_area set_tid_address set_tls sigreturn time ugetrlimit uretprobe" },
	{ "aio",
	  "io_cancel io_destroy io_getevents io_pgetevents io_pgetevents_time64 io_setup io_submit "
	  "io_uring_enter io_uring_register io_uring_setup" },
	{ "basic-io",
	  "_llseek close close_range dup dup2 dup3 llseek lseek pread64 preadv preadv2 pwrite64 pwritev "
	  "pwritev2 read readv write writev" },
	{ "chown",
	  "chown chown32 fchown fchown32 fchownat lchown lchown32" },
	{ "clock",
	  "adjtimex clock_adjtime clock_adjtime64 clock_settime clock_settime64 settimeofday" },
	{ "cpu-emulation",
	  "modify_ldt subpage_prot switch_endian vm86 vm86old" },
	{ "debug",
	  "lookup_dcookie perf_event_open pidfd_getfd ptrace rtas s390_runtime_instr sys_debug_setcontext" },
	{ "file-system",
	  "access chdir chmod close creat faccessat faccessat2 fallocate fchdir fchmod fchmodat fchmodat2 "
	  "fcntl fcntl64 fgetxattr file_getattr file_setattr flistxattr fremovexattr fsetxattr fstat "
	  "fstat64 fstatat fstatat64 fstatfs fstatfs64 ftruncate ftruncate64 futimesat getcwd getdents "
	  "getdents64 getxattr getxattrat inotify_add_watch inotify_init inotify_init1 inotify_rm_watch "
	  "lgetxattr link linkat listmount listxattr listxattrat llistxattr lremovexattr lsetxattr lstat "
	  "lstat64 mkdir mkdirat mknod mknodat newfstat newfstatat oldfstat oldlstat oldstat open open_tree "
	  "openat openat2 readlink readlinkat removexattr removexattrat rename renameat renameat2 rmdir "
	  "setxattr setxattrat stat stat64 statfs statfs64 statmount statx symlink symlinkat truncate "
	  "truncate64 unlink unlinkat utime utimensat utimensat_time64 utimes" },
	{ "io-event",
	  "_newselect epoll_create epoll_create1 epoll_ctl epoll_ctl_old epoll_pwait epoll_pwait2 "
	  "epoll_wait epoll_wait_old eventfd eventfd2 poll ppoll ppoll_time64 pselect6 pselect6_time64 "
	  "select" },
	{ "ipc",
	  "ipc memfd_create mq_getsetattr mq_notify mq_open mq_timedreceive mq_timedreceive_time64 "
	  "mq_timedsend mq_timedsend_time64 mq_unlink msgctl msgget msgrcv msgsnd pipe pipe2 "
	  "process_madvise process_vm_readv process_vm_writev semctl semget semop semtimedop "
	  "semtimedop_time64 shmat shmctl shmdt shmget" },
	{ "keyring",
	  "add_key keyctl request_key" },
	{ "memlock",
	  "mlock mlock2 mlockall munlock munlockall" },
	{ "module",
	  "delete_module finit_module init_module" },
	{ "mount",
	  "chroot fsconfig fsmount fsopen fspick mount mount_setattr move_mount open_tree_attr pivot_root "
	  "umount umount2" },
	{ "network-io",
	  "accept accept4 bind connect getpeername getsockname getsockopt listen recv recvfrom recvmmsg "
	  "recvmmsg_time64 recvmsg send sendmmsg sendmsg sendto setsockopt shutdown socket socketcall "
	  "socketpair" },
	{ "obsolete",
	  "_sysctl afs_syscall bdflush break create_module ftime get_kernel_syms getpmsg gtty idle lock mpx "
	  "prof profil putpmsg query_module security sgetmask ssetmask stime stty sysfs tuxcall ulimit "
	  "uselib ustat vserver" },
	{ "pkey",
	  "pkey_alloc pkey_free pkey_mprotect" },
	{ "privileged",
	  "@chown @clock @module @raw-io @reboot @swap _sysctl acct bpf capset chroot fanotify_init "
	  "fanotify_mark nfsservctl open_by_handle_at pivot_root quotactl quotactl_fd setdomainname "
	  "setfsuid setfsuid32 setgroups setgroups32 sethostname setresuid setresuid32 setreuid setreuid32 "
	  "setuid setuid32 vhangup" },
	{ "process",
	  "capget clone clone3 execveat fork getrusage kill pidfd_open pidfd_send_signal prctl "
	  "rt_sigqueueinfo rt_tgsigqueueinfo setns swapcontext tgkill times tkill unshare vfork wait4 "
	  "waitid waitpid" },
	{ "raw-io",
	  "ioperm iopl pciconfig_iobase pciconfig_read pciconfig_write s390_pci_mmio_read "
	  "s390_pci_mmio_write" },
	{ "reboot",
	  "kexec_file_load kexec_load reboot" },
	{ "resources",
	  "ioprio_set mbind migrate_pages move_pages nice sched_setaffinity sched_setattr sched_setparam "
	  "sched_setscheduler set_mempolicy set_mempolicy_home_node setpriority setrlimit" },
	{ "sandbox",
	  "landlock_add_rule landlock_create_ruleset landlock_restrict_self seccomp" },
	{ "setuid",
	  "setgid setgid32 setgroups setgroups32 setregid setregid32 setresgid setresgid32 setresuid "
	  "setresuid32 setreuid setreuid32 setuid setuid32" },
	{ "signal",
	  "rt_sigaction rt_sigpending rt_sigprocmask rt_sigsuspend rt_sigtimedwait rt_sigtimedwait_time64 "
	  "sigaction sigaltstack signal signalfd signalfd4 sigpending sigprocmask sigsuspend" },
	{ "swap",
	  "swapoff swapon" },
	{ "sync",
	  "fdatasync fsync msync sync sync_file_range sync_file_range2 syncfs" },
	{ "system-service",
	  "@aio @basic-io @chown @default @file-system @io-event @ipc @keyring @memlock @network-io "
	  "@process @resources @setuid @signal @sync @timer arm_fadvise64_64 capget capset copy_file_range "
	  "fadvise64 fadvise64_64 flock get_mempolicy getcpu getpriority ioctl ioprio_get kcmp madvise "
	  "mremap name_to_handle_at oldolduname olduname personality readahead readdir remap_file_pages "
	  "sched_get_priority_max sched_get_priority_min sched_getattr sched_getparam sched_getscheduler "
	  "sched_rr_get_interval sched_rr_get_interval_time64 sched_yield sendfile sendfile64 setfsgid "
	  "setfsgid32 setfsuid setfsuid32 setpgid setsid splice sysinfo tee umask uname userfaultfd "
	  "vmsplice" },
	{ "timer",
	  "alarm getitimer setitimer timer_create timer_delete timer_getoverrun timer_gettime "
	  "timer_gettime64 timer_settime timer_settime64 timerfd_create timerfd_gettime timerfd_gettime64 "
	  "timerfd_settime timerfd_settime64 times" },
	/* systemd's @known is every syscall its build knows; here that is
	 * every syscall this libseccomp knows on the arches of scinit's
	 * family ("*"), read from libseccomp's table instead of a second copy
	 * of it. */
	{ "known", "@obsolete *" },
/* Docker's default profile (moby/profiles seccomp/default.json, v0.2.3):
 * what it allows whatever the arguments, for a container with Docker's
 * default capabilities on amd64 or arm64 (with their 32-bit ABIs) and a
 * kernel of 4.8 or later (group_note says what is left out). Written as
 * every syscall this libseccomp knows ("*"), less what Docker does not
 * allow so: a third of the bytes of the list itself. */
	{ "docker-default",
	  "* arm_fadvise64_64 arm_sync_file_range breakpoint cacheflush recv riscv_hwprobe send set_tls "
	  "sync_file_range2 -@keyring -@module -@obsolete -@raw-io -@reboot -@swap -acct -bpf "
	  "-clock_settime -clock_settime64 -clone -clone3 -fanotify_init -fsconfig -fsmount -fsopen "
	  "-fspick -get_mempolicy -io_uring_enter -io_uring_register -io_uring_setup -kcmp -lookup_dcookie "
	  "-lsm_get_self_attr -lsm_list_modules -lsm_set_self_attr -mbind -migrate_pages -mount "
	  "-mount_setattr -move_mount -move_pages -nfsservctl -nice -oldfstat -oldlstat -oldolduname "
	  "-oldstat -olduname -open_by_handle_at -open_tree -perf_event_open -personality -pidfd_getfd "
	  "-pivot_root -process_madvise -quotactl -quotactl_fd -readdir -set_mempolicy "
	  "-set_mempolicy_home_node -setdomainname -sethostname -setns -settimeofday -sigaction -signal "
	  "-sigpending -sigsuspend -socket -syslog -umount -umount2 -unshare -userfaultfd -vhangup -vm86 "
	  "-vm86old" },
/* The seed guide's dangerous list and the newer escape routes: what `scinit
 * lint` warns about when a profile allows it without conditions. */
	{ "dangerous",
	  "ptrace mount umount umount2 kexec_load kexec_file_load init_module finit_module delete_module "
	  "settimeofday stime adjtimex clock_adjtime clock_settime nfsservctl pivot_root chroot unshare "
	  "setns keyctl add_key request_key bpf perf_event_open userfaultfd io_uring_setup io_uring_enter "
	  "io_uring_register open_by_handle_at fsopen fsconfig fsmount fspick move_mount open_tree "
	  "mount_setattr swapon swapoff reboot acct iopl ioperm process_vm_readv process_vm_writev kcmp "
	  "lookup_dcookie quotactl quotactl_fd syslog vm86 vm86old uselib personality" },
};

#define MAX_DEPTH 4
static const char *find(const char *name);

/* Whether name is a word of the list (words separated by single spaces). */
static bool has_word(const char *list, const char *name, size_t n)
{
	for (const char *w = list; *w; w += strcspn(w, " ") + (w[strcspn(w, " ")] == ' ')) {
		if (strcspn(w, " ") == n && memcmp(w, name, n) == 0)
			return true;
	}
	return false;
}

/* Whether members leaves name out: "-name", or "-@group" (one level) with
 * name in it. */
static bool excluded(const char *members, const char *name)
{
	size_t n = strlen(name);
	for (const char *w = strchr(members, '-'); w; w = strchr(w + 1, '-')) {
		size_t len = strcspn(w + 1, " ");
		if (w[-1] != ' ')
			continue;
		if (w[1] == '@') {
			char group[24];
			snprintf(group, sizeof(group), "%.*s", (int)len - 1, w + 2);
			if (find(group) && has_word(find(group), name, n))
				return true;
		} else if (len == n && memcmp(w + 1, name, n) == 0) {
			return true;
		}
	}
	return false;
}

/* "*": each name libseccomp knows on the arches scinit filters, once, but
 * those members names as "-name". */
static int expand_known(const char *members, int (*add)(const char *, void *), void *ctx)
{
	for (int a = 0; a < SC_ARCH_FAMILY_N; a++) {
		for (int slot = 0; slot < SC_ARCH_NR_SLOTS; slot++) {
			int nr = arch_slot_nr(arch_family[a], slot);
			char *name = nr >= 0 ? arch_syscall_name(arch_family[a], nr) : NULL;
			bool seen = false;
			for (int b = 0; name && b < a; b++)
				seen |= seccomp_syscall_resolve_name_arch(arch_family[b], name) >= 0;
			int rc = name && !seen && !excluded(members, name) ? add(name, ctx) : 0;
			free(name);
			if (rc < 0)
				return -1;
		}
	}
	return 0;
}

static const char *find(const char *name)
{
	for (size_t i = 0; i < sizeof(groups) / sizeof(groups[0]); i++) {
		if (strcmp(groups[i].name, name) == 0)
			return groups[i].members;
	}
	return NULL;
}

static int expand(const char *name, int depth, int (*add)(const char *, void *), void *ctx, struct scerr *e)
{
	const char *members = find(name);
	if (!members)
		return err_set(e, "unknown group '@%s' (scinit groups lists them)", name);
	if (depth > MAX_DEPTH)
		return err_set(e, "groups nested too deeply at '@%s'", name);
	for (const char *p = members; *p;) {
		size_t n = strcspn(p, " ");
		char word[64];
		snprintf(word, sizeof(word), "%.*s", (int)n, p);
		int rc = word[0] == '@' ? expand(word + 1, depth + 1, add, ctx, e)
			 : word[0] == '-'	  ? 0
			 : strcmp(word, "*") == 0 ? expand_known(members, add, ctx)
						  : add(word, ctx);
		if (rc < 0)
			return -1;
		p += n + (p[n] == ' ');
	}
	return 0;
}

int group_expand(const char *name, int (*add)(const char *syscall, void *ctx), void *ctx, struct scerr *e)
{
	return expand(name, 0, add, ctx, e);
}

const char *group_note(const char *name)
{
	return strcmp(name, "docker-default") == 0
		       ? "note: not members: clone, personality, socket (Docker allows them for some arguments only) "
			 "and clone3 (ENOSYS); config/default.ini has Docker's rules for them"
		       : NULL;
}

const char *group_name(size_t i)
{
	return i < sizeof(groups) / sizeof(groups[0]) ? groups[i].name : NULL;
}
