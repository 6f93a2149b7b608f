/* app: the small static program the example images run, and what
 * tests/t_container.sh asks of an app under scinit.
 *
 *   app                say who and how confined we are, and try two things a
 *                      confined app should not get (a new mount namespace,
 *                      an AF_INET socket); exit 0
 *   app wait           sleep until a signal ends us; no handler, on purpose:
 *                      as PID 1 the kernel would ignore SIGTERM
 *   app exit N         exit with status N
 *   app orphans N      leave N orphans that exit at once, wait a second, then
 *                      print "zombies: K", the unreaped processes left in
 *                      this PID namespace (0 when PID 1 reaps them)
 *
 * Exit status 2 for a usage error. */
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

/* "Seccomp:" and "NoNewPrivs:" of /proc/self/status, as "2" and "1". */
static void status_field(const char *name, char *out, size_t len)
{
	char line[256];
	size_t n = strlen(name);
	snprintf(out, len, "?");
	FILE *f = fopen("/proc/self/status", "r");
	if (!f)
		return;
	while (fgets(line, sizeof(line), f)) {
		if (strncmp(line, name, n) == 0 && line[n] == ':') {
			char *v = line + n + 1;
			v += strspn(v, " \t");
			v[strcspn(v, "\n")] = '\0';
			snprintf(out, len, "%s", v);
			break;
		}
	}
	fclose(f);
}

static const char *outcome(int rc)
{
	return rc < 0 ? strerror(errno) : "allowed";
}

static int hello(void)
{
	char seccomp[16], nnp[16];
	status_field("Seccomp", seccomp, sizeof(seccomp));
	status_field("NoNewPrivs", nnp, sizeof(nnp));
	printf("app: pid %d, uid %d, seccomp mode %s, no_new_privs %s\n", (int)getpid(), (int)getuid(), seccomp, nnp);
	printf("app: unshare(CLONE_NEWNS): %s\n", outcome(unshare(CLONE_NEWNS)));
	int fd = socket(AF_INET, SOCK_STREAM, 0);
	printf("app: socket(AF_INET): %s\n", outcome(fd));
	if (fd >= 0)
		close(fd);
	return 0;
}

static int zombies(void)
{
	DIR *d = opendir("/proc");
	if (!d)
		return -1;
	int n = 0;
	struct dirent *e;
	while ((e = readdir(d))) {
		if (!isdigit((unsigned char)e->d_name[0]))
			continue;
		char path[300], buf[512];
		snprintf(path, sizeof(path), "/proc/%s/stat", e->d_name);
		FILE *f = fopen(path, "r");
		if (!f)
			continue;
		size_t len = fread(buf, 1, sizeof(buf) - 1, f);
		fclose(f);
		buf[len] = '\0';
		/* The state follows the last ')': comm may hold anything. */
		char *p = strrchr(buf, ')');
		if (p && p[1] == ' ' && p[2] == 'Z')
			n++;
	}
	closedir(d);
	return n;
}

static int orphans(int n)
{
	pid_t parent = fork();
	if (parent < 0) {
		perror("fork");
		return 1;
	}
	if (parent == 0) {
		for (int i = 0; i < n; i++) {
			if (fork() == 0)
				_exit(0);
		}
		_exit(0); /* without waiting: the children are orphans now */
	}
	waitpid(parent, NULL, 0);
	sleep(1);
	printf("zombies: %d\n", zombies());
	return 0;
}

int main(int argc, char **argv)
{
	setvbuf(stdout, NULL, _IOLBF, 0);
	if (argc == 1)
		return hello();
	if (strcmp(argv[1], "wait") == 0 && argc == 2) {
		for (;;)
			pause();
	}
	if (strcmp(argv[1], "exit") == 0 && argc == 3)
		return atoi(argv[2]);
	if (strcmp(argv[1], "orphans") == 0 && argc == 3)
		return orphans(atoi(argv[2]));
	fputs("usage: app [wait | exit N | orphans N]\n", stderr);
	return 2;
}
