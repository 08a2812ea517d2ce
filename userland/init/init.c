/*
 * init.c -- PID 1 of CircleOS: mounts the kernel file systems, starts a
 * shell on the console as a session leader, reaps orphans, and powers the
 * machine off when the console shell ends (with its exit status) or when
 * asked by a signal (SIGUSR2 power off, SIGTERM reboot, as busybox does).
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <sys/reboot.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define CMD_POWER_OFF 0x4321FEDC
#define CMD_RESTART 0x01234567

static volatile sig_atomic_t request;	/* 0, or the signal that asked */

static void
on_signal(int sig)
{
	request = sig;
}

static void
mount_one(const char *type, const char *dir, unsigned long flags)
{
	mkdir(dir, 0755);
	if (mount(type, dir, type, flags, NULL) < 0 && errno != EBUSY &&
	    errno != ENODEV)
		fprintf(stderr, "init: mount %s on %s: %s\n", type, dir,
			strerror(errno));
}

/* End every other process, then stop the machine with `code`. */
static void
shutdown(int cmd, int code)
{
	struct timespec ts = { 0, 200 * 1000000 };

	kill(-1, SIGTERM);
	nanosleep(&ts, NULL);
	kill(-1, SIGKILL);
	while (waitpid(-1, NULL, WNOHANG) > 0)
		;
	sync();
	syscall(SYS_reboot, 0xfee1dead, 672274793, cmd, (void *)(long)code);
	fprintf(stderr, "init: reboot: %s\n", strerror(errno));
	_exit(1);
}

/* Fork the console shell: a new session with the console as its tty. */
static pid_t
start_shell(void)
{
	char *argv[] = { "-sh", NULL };
	char *envp[] = { "HOME=/root", "PATH=/bin:/usr/bin:/sbin:/usr/sbin",
			 "TERM=linux", "SHELL=/bin/sh", "USER=root", NULL };
	pid_t pid = fork();

	if (pid != 0)
		return pid;
	setsid();
	ioctl(0, TIOCSCTTY, 1);
	signal(SIGTERM, SIG_DFL);
	signal(SIGUSR1, SIG_DFL);
	signal(SIGUSR2, SIG_DFL);
	signal(SIGCHLD, SIG_DFL);
	if (chdir("/root") < 0)
		chdir("/");
	execve("/bin/sh", argv, envp);
	fprintf(stderr, "init: cannot run /bin/sh: %s\n", strerror(errno));
	_exit(127);
}

int
main(void)
{
	struct sigaction sa;
	pid_t shell, pid;
	int status;

	if (getpid() != 1) {
		fprintf(stderr, "usage: init (as process 1 only)\n");
		return 2;
	}
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_signal;
	sigaction(SIGUSR1, &sa, NULL);
	sigaction(SIGUSR2, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	signal(SIGINT, SIG_IGN);
	mount_one("devfs", "/dev", 0);
	mount_one("tmpfs", "/tmp", 0);
	chmod("/tmp", 01777);
	mount_one("tmpfs", "/run", 0);
	mount_one("proc", "/proc", 0);
	shell = start_shell();
	for (;;) {
		if (request == SIGTERM)
			shutdown(CMD_RESTART, 0);
		if (request == SIGUSR1 || request == SIGUSR2)
			shutdown(CMD_POWER_OFF, 0);
		pid = waitpid(-1, &status, 0);
		if (pid < 0 && errno == EINTR)
			continue;
		if (pid < 0) {		/* no children at all: nothing to do */
			pause();
			continue;
		}
		if (pid == shell)
			shutdown(CMD_POWER_OFF, WIFEXITED(status) ?
				 WEXITSTATUS(status) : 128 + WTERMSIG(status));
	}
}
