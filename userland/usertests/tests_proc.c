/*
 * tests_proc.c - process tests: fork, exit statuses, wait/waitpid/wait4/waitid,
 * orphans and zombies, execve (with the helper modes it runs), vfork, many
 * processes, kill, sessions and process groups.
 */
#include "usertests.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

/* ---- helper modes, run as: usertests --helper NAME ARGS... ---- */

static int
helper_args(int argc, char **argv, char **envp)
{
	int n = 0;

	if (argc != 5 || strcmp(argv[0], "ut-argv0") != 0 ||
	    strcmp(argv[3], "hello") != 0 ||
	    strcmp(argv[4], "two words") != 0 || argv[5] != NULL)
		return 10;
	for (n = 0; envp[n]; n++)
		;
	if (n != 2 || strcmp(envp[0], "UT_A=1") != 0 ||
	    strcmp(envp[1], "UT_B=two") != 0)
		return 11;
	if (!getenv("UT_B") || strcmp(getenv("UT_B"), "two") != 0)
		return 12;
	return 0;
}

/* fds CLOSED OPEN: the first must be closed, the second open. */
static int
helper_fds(char **argv)
{
	int closed = atoi(argv[3]), open = atoi(argv[4]);

	if (fcntl(closed, F_GETFD) != -1 || errno != EBADF)
		return 10;
	if (fcntl(open, F_GETFD) != 0)
		return 11;
	return 0;
}

/* pid PID PPID: exec must keep both. */
static int
helper_pid(char **argv)
{
	if (getpid() != atoi(argv[3]))
		return 10;
	if (getppid() != atoi(argv[4]))
		return 11;
	return 0;
}

/* signals: SIGUSR1 was handled (now default), SIGUSR2 ignored, SIGTERM blocked. */
static int
helper_signals(void)
{
	struct sigaction sa;
	sigset_t set;

	if (sigaction(SIGUSR1, NULL, &sa) < 0 || sa.sa_handler != SIG_DFL)
		return 10;
	if (sigaction(SIGUSR2, NULL, &sa) < 0 || sa.sa_handler != SIG_IGN)
		return 11;
	if (sigprocmask(SIG_SETMASK, NULL, &set) < 0 ||
	    !sigismember(&set, SIGTERM) || sigismember(&set, SIGUSR1))
		return 12;
	return 0;
}

int
ut_helper_main(int argc, char **argv, char **envp)
{
	const char *mode = argv[2];

	if (!strcmp(mode, "args"))
		return helper_args(argc, argv, envp);
	if (!strcmp(mode, "exit") && argc == 4)
		return atoi(argv[3]);
	if (!strcmp(mode, "fds") && argc == 5)
		return helper_fds(argv);
	if (!strcmp(mode, "pid") && argc == 5)
		return helper_pid(argv);
	if (!strcmp(mode, "signals"))
		return helper_signals();
	dprintf(2, "usertests: bad helper mode %s\n", mode);
	return 99;
}

/* execve this binary in a helper mode; only returns on failure. */
static void
exec_helper(const char *mode, const char *a1, const char *a2)
{
	char *argv[] = { "usertests", "--helper", (char *)mode,
			 (char *)a1, (char *)a2, NULL };
	char *envp[] = { NULL };

	execve(ut_self, argv, envp);
	ut_fail(__FILE__, __LINE__, 1, "execve %s", ut_self);
}

/* ---- fork, exit and wait ---- */

void
test_forkexit(void)
{
	pid_t pid = ut_fork();
	int st;

	if (pid == 0)
		_exit(42);
	st = ut_wait(pid);
	CHECK(WIFEXITED(st));
	CHECK(!WIFSIGNALED(st));
	CHECK_EQ(WEXITSTATUS(st), 42);
}

void
test_exitcodes(void)
{
	static const int codes[] = { 0, 1, 127, 128, 255, -1, 256, 0x1234 };
	size_t i;
	pid_t pid;

	for (i = 0; i < sizeof(codes) / sizeof(codes[0]); i++) {
		pid = ut_fork();
		if (pid == 0)
			_exit(codes[i]);
		EXPECT_EXIT(pid, codes[i] & 0xff);
	}
	/* exit() through libc as well as _exit(). */
	pid = ut_fork();
	if (pid == 0)
		exit(3);
	EXPECT_EXIT(pid, 3);
}

void
test_forksignaled(void)
{
	pid_t pid = ut_fork();
	int st;

	if (pid == 0) {
		kill(getpid(), SIGKILL);
		_exit(1);
	}
	st = ut_wait(pid);
	CHECK(WIFSIGNALED(st));
	CHECK(!WIFEXITED(st));
	CHECK_EQ(WTERMSIG(st), SIGKILL);
	CHECK(!WCOREDUMP(st));
}

void
test_wait4null(void)
{
	struct rusage ru;
	pid_t pid;
	int st = -1;

	pid = ut_fork();
	if (pid == 0)
		_exit(7);
	CHECK_EQ(wait4(pid, &st, 0, NULL), pid);
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 7);

	pid = ut_fork();
	if (pid == 0)
		_exit(8);
	memset(&ru, 0xff, sizeof(ru));
	CHECK_EQ(wait4(pid, &st, 0, &ru), pid);
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 8);
	CHECK(ru.ru_utime.tv_usec >= 0 && ru.ru_utime.tv_usec < 1000000);

	/* A NULL status pointer is allowed too. */
	pid = ut_fork();
	if (pid == 0)
		_exit(9);
	CHECK_EQ(wait4(pid, NULL, 0, NULL), pid);
}

void
test_waitpidany(void)
{
	pid_t pids[3], r;
	int seen[3] = { 0, 0, 0 };
	int i, j, st;

	for (i = 0; i < 3; i++) {
		pids[i] = ut_fork();
		if (pids[i] == 0)
			_exit(i + 1);
	}
	for (i = 0; i < 3; i++) {
		r = waitpid(-1, &st, 0);
		CHECK(r > 0);
		for (j = 0; j < 3 && pids[j] != r; j++)
			;
		CHECK(j < 3);
		CHECK(!seen[j]);
		seen[j] = 1;
		CHECK(WIFEXITED(st));
		CHECK_EQ(WEXITSTATUS(st), j + 1);
	}
	CHECK_ERR(waitpid(-1, &st, 0), ECHILD);
}

void
test_wnohang(void)
{
	int p[2], st, i;
	pid_t pid, r;
	char c;

	CHECK_OK(pipe(p));
	pid = ut_fork();
	if (pid == 0) {
		close(p[1]);
		read(p[0], &c, 1);
		_exit(5);
	}
	close(p[0]);
	ut_msleep(5);
	CHECK_EQ(waitpid(pid, &st, WNOHANG), 0);
	CHECK_EQ(waitpid(-1, &st, WNOHANG), 0);
	close(p[1]);
	for (i = 0; i < 2000; i++) {
		r = waitpid(pid, &st, WNOHANG);
		CHECK(r == 0 || r == pid);
		if (r == pid)
			break;
		ut_msleep(1);
	}
	CHECK_EQ(r, pid);
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 5);
	CHECK_ERR(waitpid(-1, &st, WNOHANG), ECHILD);
}

void
test_echild(void)
{
	int st;

	CHECK_ERR(wait(&st), ECHILD);
	CHECK_ERR(waitpid(-1, &st, 0), ECHILD);
	CHECK_ERR(waitpid(getppid(), &st, 0), ECHILD);
	CHECK_ERR(waitpid(getpid(), &st, WNOHANG), ECHILD);
	CHECK_ERR(wait4(-1, &st, 0, NULL), ECHILD);
}

void
test_waitid(void)
{
	siginfo_t si;
	pid_t pid;
	int p[2], st;
	char c;

	pid = ut_fork();
	if (pid == 0)
		_exit(5);
	memset(&si, 0xff, sizeof(si));
	CHECK_EQ(waitid(P_PID, pid, &si, WEXITED), 0);
	CHECK_EQ(si.si_pid, pid);
	CHECK_EQ(si.si_signo, SIGCHLD);
	CHECK_EQ(si.si_code, CLD_EXITED);
	CHECK_EQ(si.si_status, 5);
	CHECK_EQ(si.si_uid, getuid());

	/* WNOWAIT leaves the child waitable. */
	pid = ut_fork();
	if (pid == 0)
		_exit(6);
	memset(&si, 0, sizeof(si));
	CHECK_EQ(waitid(P_ALL, 0, &si, WEXITED | WNOWAIT), 0);
	CHECK_EQ(si.si_pid, pid);
	CHECK_EQ(si.si_status, 6);
	CHECK_EQ(waitpid(pid, &st, 0), pid);
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 6);

	/* WNOHANG with a running child: 0 and si_pid 0. */
	CHECK_OK(pipe(p));
	pid = ut_fork();
	if (pid == 0) {
		close(p[1]);
		read(p[0], &c, 1);
		_exit(0);
	}
	close(p[0]);
	memset(&si, 0, sizeof(si));
	CHECK_EQ(waitid(P_PID, pid, &si, WEXITED | WNOHANG), 0);
	CHECK_EQ(si.si_pid, 0);
	close(p[1]);
	EXPECT_EXIT(pid, 0);
	CHECK_ERR(waitid(P_ALL, 0, &si, WEXITED), ECHILD);
	CHECK_ERR(waitid(P_PID, pid, &si, 0), EINVAL);
}

void
test_waitidkilled(void)
{
	siginfo_t si;
	pid_t pid;

	pid = ut_fork();
	if (pid == 0) {
		for (;;)
			pause();
	}
	CHECK_OK(kill(pid, SIGKILL));
	memset(&si, 0, sizeof(si));
	CHECK_EQ(waitid(P_PID, pid, &si, WEXITED), 0);
	CHECK_EQ(si.si_pid, pid);
	CHECK_EQ(si.si_code, CLD_KILLED);
	CHECK_EQ(si.si_status, SIGKILL);
}

void
test_orphan(void)
{
	int p[2], subreaper, i;
	pid_t me = getpid(), child, info[2], np;

	/* Where prctl works the orphan comes to us and we reap it. */
	subreaper = prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) == 0;
	CHECK_OK(pipe(p));
	child = ut_fork();
	if (child == 0) {
		pid_t mid = getpid(), g = ut_fork();

		if (g == 0) {
			/* Wait until our parent has exited. */
			for (i = 0; i < 5000 && getppid() == mid; i++)
				ut_msleep(1);
			info[0] = getpid();
			info[1] = getppid();
			ut_write_all(p[1], info, sizeof(info));
			_exit(0);
		}
		_exit(0);
	}
	close(p[1]);
	EXPECT_EXIT(child, 0);
	ut_read_all(p[0], info, sizeof(info));
	close(p[0]);
	np = info[1];
	CHECK(np != child);
	CHECK(np > 0);
	if (subreaper) {
		CHECK_EQ(np, me);
		EXPECT_EXIT(info[0], 0);
		CHECK_ERR(waitpid(-1, NULL, WNOHANG), ECHILD);
	} else {
		/* Give init up to two seconds to reap it. */
		for (i = 0; i < 2000 && kill(info[0], 0) == 0; i++)
			ut_msleep(1);
	}
}

void
test_zombie(void)
{
	siginfo_t si;
	pid_t pid;
	int i, st;

	pid = ut_fork();
	if (pid == 0)
		_exit(3);
	for (i = 0; i < 5000; i++) {
		memset(&si, 0, sizeof(si));
		CHECK_EQ(waitid(P_PID, pid, &si,
				WEXITED | WNOHANG | WNOWAIT), 0);
		if (si.si_pid == pid)
			break;
		ut_msleep(1);
	}
	CHECK_EQ(si.si_pid, pid);
	ut_msleep(10);
	/* Still a zombie: it exists and is still waitable. */
	CHECK_OK(kill(pid, 0));
	memset(&si, 0, sizeof(si));
	CHECK_EQ(waitid(P_PID, pid, &si, WEXITED | WNOHANG | WNOWAIT), 0);
	CHECK_EQ(si.si_pid, pid);
	CHECK_EQ(waitpid(pid, &st, 0), pid);
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 3);
	CHECK_ERR(kill(pid, 0), ESRCH);
	CHECK_ERR(waitpid(pid, &st, 0), ECHILD);
}

/* ---- exec ---- */

void
test_execargs(void)
{
	char *argv[] = { "ut-argv0", "--helper", "args", "hello",
			 "two words", NULL };
	char *envp[] = { "UT_A=1", "UT_B=two", NULL };
	pid_t pid = ut_fork();

	if (pid == 0) {
		execve(ut_self, argv, envp);
		_exit(100);
	}
	EXPECT_EXIT(pid, 0);
}

void
test_execexit(void)
{
	pid_t pid = ut_fork();

	if (pid == 0)
		exec_helper("exit", "37", NULL);
	EXPECT_EXIT(pid, 37);

	pid = ut_fork();
	if (pid == 0)
		exec_helper("exit", "0", NULL);
	EXPECT_EXIT(pid, 0);
}

void
test_execenoent(void)
{
	char *argv[] = { "x", NULL };
	char *envp[] = { NULL };

	CHECK_ERR(execve("/nonexistent-usertests/prog", argv, envp), ENOENT);
	CHECK_ERR(execve("/tmp/usertests-no-such-program", argv, envp),
		  ENOENT);
	CHECK_ERR(execve("", argv, envp), ENOENT);
}

void
test_execenoexec(void)
{
	static const char text[] = "this is not an ELF file\nat all\n";
	char elf[64];
	char *argv[] = { "x", NULL };
	char *envp[] = { NULL };

	ut_scratch_enter();
	ut_write_file("text", text, sizeof(text) - 1, 0755);
	CHECK_OK(chmod("text", 0755));
	CHECK_ERR(execve("text", argv, envp), ENOEXEC);
	memset(elf, 0, sizeof(elf));
	memcpy(elf, "\177ELF", 4);
	ut_write_file("badelf", elf, sizeof(elf), 0755);
	CHECK_OK(chmod("badelf", 0755));
	CHECK_ERR(execve("badelf", argv, envp), ENOEXEC);
	ut_write_file("empty", "", 0, 0755);
	CHECK_OK(chmod("empty", 0755));
	CHECK_ERR(execve("empty", argv, envp), ENOEXEC);
	ut_scratch_leave();
}

void
test_execeacces(void)
{
	char *argv[] = { "x", NULL };
	char *envp[] = { NULL };
	char buf[4096];
	int in, outfd;
	ssize_t n;

	ut_scratch_enter();
	/* A copy of a real program, but without execute permission. */
	in = open(ut_self, O_RDONLY);
	CHECK(in >= 0);
	outfd = open("noexec", O_WRONLY | O_CREAT | O_TRUNC, 0644);
	CHECK(outfd >= 0);
	while ((n = read(in, buf, sizeof(buf))) > 0)
		ut_write_all(outfd, buf, (size_t)n);
	CHECK_EQ(n, 0);
	close(in);
	close(outfd);
	CHECK_OK(chmod("noexec", 0644));
	CHECK_ERR(execve("noexec", argv, envp), EACCES);
	CHECK_OK(mkdir("dir", 0755));
	CHECK_ERR(execve("dir", argv, envp), EACCES);
	CHECK_ERR(execve("noexec/x", argv, envp), ENOTDIR);
	ut_scratch_leave();
}

void
test_execpid(void)
{
	char a[16], b[16];
	pid_t pid = ut_fork();

	if (pid == 0) {
		snprintf(a, sizeof(a), "%d", (int)getpid());
		snprintf(b, sizeof(b), "%d", (int)getppid());
		exec_helper("pid", a, b);
	}
	EXPECT_EXIT(pid, 0);
}

static void
dummy_handler(int sig)
{
	(void)sig;
}

void
test_execsignals(void)
{
	pid_t pid = ut_fork();
	sigset_t set;

	if (pid == 0) {
		ut_sigaction(SIGUSR1, dummy_handler, 0);
		ut_sigaction(SIGUSR2, SIG_IGN, 0);
		sigemptyset(&set);
		sigaddset(&set, SIGTERM);
		CHECK_OK(sigprocmask(SIG_SETMASK, &set, NULL));
		exec_helper("signals", NULL, NULL);
	}
	EXPECT_EXIT(pid, 0);
}

void
test_execcloexec(void)
{
	char a[16], b[16];
	int fd1, fd2;
	pid_t pid;

	fd1 = open("/", O_RDONLY | O_CLOEXEC);
	CHECK(fd1 >= 0);
	fd2 = open("/", O_RDONLY);
	CHECK(fd2 >= 0);
	CHECK_EQ(fcntl(fd1, F_GETFD), FD_CLOEXEC);
	CHECK_EQ(fcntl(fd2, F_GETFD), 0);
	pid = ut_fork();
	if (pid == 0) {
		snprintf(a, sizeof(a), "%d", fd1);
		snprintf(b, sizeof(b), "%d", fd2);
		exec_helper("fds", a, b);
	}
	EXPECT_EXIT(pid, 0);
	/* The other way round, after F_SETFD. */
	CHECK_OK(fcntl(fd1, F_SETFD, 0));
	CHECK_OK(fcntl(fd2, F_SETFD, FD_CLOEXEC));
	pid = ut_fork();
	if (pid == 0) {
		snprintf(a, sizeof(a), "%d", fd2);
		snprintf(b, sizeof(b), "%d", fd1);
		exec_helper("fds", a, b);
	}
	EXPECT_EXIT(pid, 0);
	close(fd1);
	close(fd2);
}

/* ---- vfork ---- */

static volatile int vfork_flag;

void
test_vfork(void)
{
	pid_t pid;

	vfork_flag = 0;
	pid = vfork();
	if (pid == 0) {
		vfork_flag = 1;
		_exit(7);
	}
	CHECK(pid > 0);
	/* The child ran to _exit before we resumed, in our memory. (musl's
	 * aarch64 vfork is clone(SIGCHLD): a fork, the memory not shared.) */
#ifndef __aarch64__
	CHECK_EQ(vfork_flag, 1);
#endif
	EXPECT_EXIT(pid, 7);
}

void
test_vforkexec(void)
{
	char *argv[] = { "usertests", "--helper", "exit", "23", NULL };
	char *envp[] = { NULL };
	pid_t pid;

	pid = vfork();
	if (pid == 0) {
		execve(ut_self, argv, envp);
		_exit(100);
	}
	CHECK(pid > 0);
	EXPECT_EXIT(pid, 23);

	/* A failed exec in the vfork child returns to it. */
	pid = vfork();
	if (pid == 0) {
		execve("/nonexistent-usertests", argv, envp);
		_exit(errno == ENOENT ? 55 : 56);
	}
	CHECK(pid > 0);
	EXPECT_EXIT(pid, 55);
}

/* ---- many processes ---- */

void
test_forkmany(void)
{
	enum { N = 100 };
	pid_t pids[N], r;
	int seen[N];
	int p[2], i, j, st;
	char c;

	CHECK_OK(pipe(p));
	for (i = 0; i < N; i++) {
		pids[i] = ut_fork();
		if (pids[i] == 0) {
			close(p[1]);
			read(p[0], &c, 1);
			_exit(i);
		}
		seen[i] = 0;
	}
	close(p[0]);
	close(p[1]);
	for (i = 0; i < N; i++) {
		r = waitpid(-1, &st, 0);
		CHECK(r > 0);
		for (j = 0; j < N && pids[j] != r; j++)
			;
		CHECK(j < N);
		CHECK(!seen[j]);
		seen[j] = 1;
		CHECK(WIFEXITED(st));
		CHECK_EQ(WEXITSTATUS(st), j);
	}
	CHECK_ERR(waitpid(-1, &st, 0), ECHILD);
}

void
test_forkbomb(void)
{
	enum { MAX = 2000 };
	static pid_t pids[MAX];
	int p[2], n, i, err = 0;
	pid_t pid;
	char c;

	CHECK_OK(pipe(p));
	for (n = 0; n < MAX; n++) {
		pid = fork();
		if (pid < 0) {
			err = errno;
			break;
		}
		if (pid == 0) {
			close(p[1]);
			read(p[0], &c, 1);
			_exit(0);
		}
		pids[n] = pid;
	}
	close(p[0]);
	close(p[1]);
	ut_detail("%d forks", n);
	CHECK(n == MAX || err == EAGAIN || err == ENOMEM);
	CHECK(n > 0);
	for (i = 0; i < n; i++)
		EXPECT_EXIT(pids[i], 0);
	CHECK_ERR(waitpid(-1, NULL, WNOHANG), ECHILD);
	/* Everything was freed: fork works again. */
	pid = ut_fork();
	if (pid == 0)
		_exit(4);
	EXPECT_EXIT(pid, 4);
}

void
test_forkfdshare(void)
{
	char buf[16];
	pid_t pid;
	int fd;

	ut_scratch_enter();
	fd = open("f", O_RDWR | O_CREAT | O_TRUNC, 0644);
	CHECK(fd >= 0);
	pid = ut_fork();
	if (pid == 0) {
		ut_write_all(fd, "hello", 5);
		_exit(0);
	}
	EXPECT_EXIT(pid, 0);
	CHECK_EQ(lseek(fd, 0, SEEK_CUR), 5);
	ut_write_all(fd, "world", 5);
	CHECK_EQ(pread(fd, buf, sizeof(buf), 0), 10);
	CHECK(memcmp(buf, "helloworld", 10) == 0);
	close(fd);
	ut_scratch_leave();
}

/* ---- ids ---- */

void
test_pids(void)
{
	pid_t me = getpid(), pid;
	int p[2];
	pid_t info[3];

	CHECK(me > 0);
	CHECK_EQ(ut_gettid(), me);
	CHECK(getppid() > 0);
	CHECK(getppid() != me);
	CHECK_OK(pipe(p));
	pid = ut_fork();
	if (pid == 0) {
		info[0] = getpid();
		info[1] = getppid();
		info[2] = ut_gettid();
		ut_write_all(p[1], info, sizeof(info));
		_exit(0);
	}
	ut_read_all(p[0], info, sizeof(info));
	EXPECT_EXIT(pid, 0);
	CHECK_EQ(info[0], pid);
	CHECK_EQ(info[1], me);
	CHECK_EQ(info[2], pid);
	CHECK_EQ(getpid(), me);
	close(p[0]);
	close(p[1]);
}

/* ---- kill ---- */

/* Fork a child that installs setup() and then blocks; returns its pid. */
static pid_t
blocked_child(void (*setup)(void))
{
	int p[2];
	pid_t pid;
	char c = 'r';

	CHECK_OK(pipe(p));
	pid = ut_fork();
	if (pid == 0) {
		close(p[0]);
		if (setup)
			setup();
		ut_write_all(p[1], &c, 1);
		for (;;)
			pause();
	}
	close(p[1]);
	ut_read_all(p[0], &c, 1);
	close(p[0]);
	return pid;
}

void
test_killsigkill(void)
{
	pid_t pid = blocked_child(NULL);

	CHECK_OK(kill(pid, SIGKILL));
	EXPECT_SIGNAL(pid, SIGKILL);
}

static void
term_handler(int sig)
{
	(void)sig;
	_exit(33);
}

static void
catch_term(void)
{
	ut_sigaction(SIGTERM, term_handler, 0);
}

void
test_killsigterm(void)
{
	pid_t pid = blocked_child(NULL);

	CHECK_OK(kill(pid, SIGTERM));
	EXPECT_SIGNAL(pid, SIGTERM);

	pid = blocked_child(catch_term);
	CHECK_OK(kill(pid, SIGTERM));
	EXPECT_EXIT(pid, 33);
}

static volatile sig_atomic_t pgrp_got;

static void
pgrp_handler(int sig)
{
	pgrp_got = sig;
}

void
test_killpgrp(void)
{
	pid_t leader = ut_fork();

	if (leader == 0) {
		pid_t member;

		/* A new group, so kill(0) reaches only us and our child. */
		CHECK_OK(setpgid(0, 0));
		CHECK_EQ(getpgrp(), getpid());
		member = blocked_child(NULL);
		CHECK_EQ(getpgid(member), getpid());
		ut_sigaction(SIGUSR1, pgrp_handler, 0);
		CHECK_OK(kill(0, SIGUSR1));
		EXPECT_SIGNAL(member, SIGUSR1);
		CHECK_EQ(pgrp_got, SIGUSR1);
		_exit(0);
	}
	EXPECT_EXIT(leader, 0);
}

void
test_killesrch(void)
{
	pid_t pid = ut_fork();

	if (pid == 0)
		_exit(0);
	EXPECT_EXIT(pid, 0);
	CHECK_ERR(kill(pid, SIGTERM), ESRCH);
	CHECK_ERR(kill(pid, 0), ESRCH);
	CHECK_ERR(kill(99999999, SIGKILL), ESRCH);
	CHECK_ERR(kill(-99999999, SIGKILL), ESRCH);
	CHECK_OK(kill(getpid(), 0));
	CHECK_ERR(kill(getpid(), 1000), EINVAL);
	CHECK_ERR(kill(getpid(), -1), EINVAL);
}

/* ---- sessions and groups ---- */

void
test_setsid(void)
{
	pid_t pid = ut_fork();

	if (pid == 0) {
		pid_t me = getpid();

		/* 0 when the session leader lives outside our pid namespace. */
		CHECK(getsid(0) >= 0);
		CHECK(getpgrp() != me);
		CHECK_EQ(setsid(), me);
		CHECK_EQ(getsid(0), me);
		CHECK_EQ(getsid(me), me);
		CHECK_EQ(getpgrp(), me);
		CHECK_EQ(getpgid(0), me);
		/* A group leader cannot start another session. */
		CHECK_ERR(setsid(), EPERM);
		_exit(0);
	}
	EXPECT_EXIT(pid, 0);
	CHECK(getsid(0) != pid);
	CHECK_ERR(getsid(99999999), ESRCH);
}

void
test_setpgid(void)
{
	pid_t me = getpid(), pid;

	/* The runner put us in our own group. */
	CHECK_EQ(getpgid(0), me);
	CHECK_EQ(getpgrp(), me);
	pid = blocked_child(NULL);
	CHECK_EQ(getpgid(pid), me);
	CHECK_OK(setpgid(pid, pid));
	CHECK_EQ(getpgid(pid), pid);
	CHECK_OK(setpgid(pid, 0));
	CHECK_EQ(getpgid(pid), pid);
	CHECK_ERR(setpgid(pid, 99999999), EPERM);
	CHECK_ERR(setpgid(0, -1), EINVAL);
	CHECK_ERR(getpgid(99999999), ESRCH);
	CHECK_OK(kill(-pid, SIGKILL));
	EXPECT_SIGNAL(pid, SIGKILL);
	CHECK_EQ(getpgid(0), me);
}
