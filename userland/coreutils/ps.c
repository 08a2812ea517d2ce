/*
 * ps - list processes from /proc/[pid]/stat and /proc/[pid]/cmdline,
 * sorted by pid, as "PID PPID STATE CMD".  -e, -A, -a, -f, -x are accepted
 * and ignored: every process is always shown.
 */
#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "util.h"

struct proc {
	int pid;
	int ppid;
	char state;
	char *cmd;
};

/* Read up to len-1 bytes of a small file into buf; -1 on error. */
static ssize_t
read_small(const char *path, char *buf, size_t len)
{
	ssize_t n, total = 0;
	int fd = open(path, O_RDONLY);

	if (fd < 0)
		return -1;
	while ((size_t)total < len - 1) {
		n = read(fd, buf + total, len - 1 - (size_t)total);
		if (n <= 0)
			break;
		total += n;
	}
	close(fd);
	buf[total] = '\0';
	return total;
}

/* The command line with NULs turned to spaces, or "[comm]". */
static char *
command(const char *pid, const char *comm)
{
	char path[64], buf[4096], *cmd;
	ssize_t n, i;

	snprintf(path, sizeof(path), "/proc/%s/cmdline", pid);
	n = read_small(path, buf, sizeof(buf));
	while (n > 0 && buf[n - 1] == '\0')
		n--;
	if (n <= 0) {
		cmd = xmalloc(strlen(comm) + 3);
		sprintf(cmd, "[%s]", comm);
		return cmd;
	}
	for (i = 0; i < n; i++)
		if (buf[i] == '\0' || buf[i] == '\n')
			buf[i] = ' ';
	buf[n] = '\0';
	return xstrdup(buf);
}

/* Fill p from /proc/PID/stat; -1 if the process is gone or unreadable. */
static int
read_proc(const char *pid, struct proc *p)
{
	char path[64], buf[1024], *open_paren, *close_paren;

	snprintf(path, sizeof(path), "/proc/%s/stat", pid);
	if (read_small(path, buf, sizeof(buf)) <= 0)
		return -1;
	open_paren = strchr(buf, '(');
	close_paren = strrchr(buf, ')');
	if (open_paren == NULL || close_paren == NULL ||
	    close_paren < open_paren)
		return -1;
	*close_paren = '\0';
	if (sscanf(close_paren + 1, " %c %d", &p->state, &p->ppid) != 2)
		return -1;
	p->pid = atoi(buf);
	p->cmd = command(pid, open_paren + 1);
	return 0;
}

static int
proc_cmp(const void *a, const void *b)
{
	const struct proc *x = a, *y = b;

	return (x->pid > y->pid) - (x->pid < y->pid);
}

int
main(int argc, char **argv)
{
	struct proc *v = NULL, p;
	struct dirent *de;
	size_t n = 0, i;
	DIR *d;
	int c;

	util_init(argc, argv, "ps", "[-Aaefx]");
	while ((c = getopt(argc, argv, "Aaefx")) != -1)
		if (c == '?')
			usage();
	if (optind != argc)
		usage();
	if ((d = opendir("/proc")) == NULL)
		die("/proc");
	while ((de = readdir(d)) != NULL) {
		if (strspn(de->d_name, "0123456789") != strlen(de->d_name))
			continue;
		if (read_proc(de->d_name, &p) < 0)
			continue;
		v = xrealloc(v, (n + 1) * sizeof(*v));
		v[n++] = p;
	}
	closedir(d);
	if (n > 0)
		qsort(v, n, sizeof(*v), proc_cmp);
	printf("  PID  PPID S CMD\n");
	for (i = 0; i < n; i++)
		printf("%5d %5d %c %s\n", v[i].pid, v[i].ppid, v[i].state,
		       v[i].cmd);
	return fflush(stdout) == 0 ? 0 : 1;
}
