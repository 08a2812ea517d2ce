/*
 * tests_signal.c - signal tests: handlers, SA_RESTART and EINTR, siginfo,
 * masks and pending signals, sigsuspend, sigaltstack, SIGCHLD, nesting,
 * default actions, job control stops and state saved across handlers.
 */
#include "usertests.h"

#include <fcntl.h>
#include <stdint.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

static volatile sig_atomic_t got_sig;
static volatile sig_atomic_t got_count;

static void
count_handler(int sig)
{
	got_sig = sig;
	got_count++;
}

static void
block(int sig)
{
	sigset_t set;

	sigemptyset(&set);
	sigaddset(&set, sig);
	CHECK_OK(sigprocmask(SIG_BLOCK, &set, NULL));
}

static void
unblock(int sig)
{
	sigset_t set;

	sigemptyset(&set);
	sigaddset(&set, sig);
	CHECK_OK(sigprocmask(SIG_UNBLOCK, &set, NULL));
}

void
test_sigraise(void)
{
	ut_sigaction(SIGUSR1, count_handler, 0);
	CHECK_EQ(raise(SIGUSR1), 0);
	CHECK_EQ(got_sig, SIGUSR1);
	CHECK_EQ(got_count, 1);
	CHECK_EQ(kill(getpid(), SIGUSR1), 0);
	CHECK_EQ(got_count, 2);
	CHECK_EQ(syscall(SYS_tkill, ut_gettid(), SIGUSR1), 0);
	CHECK_EQ(got_count, 3);
}

/*
 * Fork a child that sends SIGUSR1 to us every 5 ms, nsig times (0: until
 * killed), then writes one byte to fd (if nsig > 0). Returns its pid.
 */
static pid_t
signaller(int fd, int nsig)
{
	pid_t parent = getpid(), pid = ut_fork();
	int i;

	if (pid == 0) {
		for (i = 0; nsig == 0 || i < nsig; i++) {
			ut_msleep(5);
			if (kill(parent, SIGUSR1) < 0)
				_exit(1);
		}
		ut_msleep(5);
		ut_write_all(fd, "x", 1);
		_exit(0);
	}
	return pid;
}

void
test_sigeintr(void)
{
	int p[2];
	pid_t pid;
	char c;

	ut_sigaction(SIGUSR1, count_handler, 0);
	CHECK_OK(pipe(p));
	pid = signaller(p[1], 0);
	CHECK_ERR(read(p[0], &c, 1), EINTR);
	CHECK(got_count > 0);
	CHECK_OK(kill(pid, SIGKILL));
	EXPECT_SIGNAL(pid, SIGKILL);
	close(p[0]);
	close(p[1]);
}

void
test_sigrestart(void)
{
	int p[2];
	pid_t pid;
	char c = 0;

	ut_sigaction(SIGUSR1, count_handler, SA_RESTART);
	CHECK_OK(pipe(p));
	pid = signaller(p[1], 5);
	CHECK_EQ(read(p[0], &c, 1), 1);
	CHECK_EQ(c, 'x');
	CHECK(got_count > 0);
	EXPECT_EXIT(pid, 0);
	close(p[0]);
	close(p[1]);
}

static volatile pid_t info_pid;
static volatile uid_t info_uid;
static volatile int info_signo, info_code, info_value, info_status;

static void
info_handler(int sig, siginfo_t *si, void *uc)
{
	(void)uc;
	got_sig = sig;
	got_count++;
	info_signo = si->si_signo;
	info_code = si->si_code;
	info_pid = si->si_pid;
	info_uid = si->si_uid;
	info_value = si->si_value.sival_int;
	info_status = si->si_status;
}

void
test_siginfo(void)
{
	pid_t pid;

	ut_sigaction_info(SIGUSR1, info_handler, 0);
	block(SIGUSR1);
	pid = ut_fork();
	if (pid == 0) {
		CHECK_OK(kill(getppid(), SIGUSR1));
		_exit(0);
	}
	EXPECT_EXIT(pid, 0);
	CHECK_EQ(got_count, 0);
	unblock(SIGUSR1);
	CHECK_EQ(got_count, 1);
	CHECK_EQ(got_sig, SIGUSR1);
	CHECK_EQ(info_signo, SIGUSR1);
	CHECK_EQ(info_code, SI_USER);
	CHECK_EQ(info_pid, pid);
	CHECK_EQ(info_uid, getuid());
}

void
test_sigqueue(void)
{
	union sigval v;
	int rt = SIGRTMIN + 1;

	ut_sigaction_info(rt, info_handler, 0);
	v.sival_int = 1234;
	CHECK_OK(sigqueue(getpid(), rt, v));
	CHECK_EQ(got_count, 1);
	CHECK_EQ(info_code, SI_QUEUE);
	CHECK_EQ(info_value, 1234);
	CHECK_EQ(info_pid, getpid());

	/* Real-time signals queue up while blocked. */
	got_count = 0;
	block(rt);
	v.sival_int = 1;
	CHECK_OK(sigqueue(getpid(), rt, v));
	v.sival_int = 2;
	CHECK_OK(sigqueue(getpid(), rt, v));
	v.sival_int = 3;
	CHECK_OK(sigqueue(getpid(), rt, v));
	CHECK_EQ(got_count, 0);
	unblock(rt);
	CHECK_EQ(got_count, 3);
	CHECK_EQ(info_value, 3);

	/* Standard signals do not: three become one. */
	got_count = 0;
	ut_sigaction(SIGUSR1, count_handler, 0);
	block(SIGUSR1);
	raise(SIGUSR1);
	raise(SIGUSR1);
	raise(SIGUSR1);
	unblock(SIGUSR1);
	CHECK_EQ(got_count, 1);
}

void
test_sigmask(void)
{
	sigset_t set, old;

	ut_sigaction(SIGUSR1, count_handler, 0);
	sigemptyset(&set);
	sigaddset(&set, SIGUSR1);
	CHECK_OK(sigprocmask(SIG_BLOCK, &set, &old));
	CHECK(!sigismember(&old, SIGUSR1));
	raise(SIGUSR1);
	CHECK_EQ(got_count, 0);
	sigemptyset(&set);
	CHECK_OK(sigpending(&set));
	CHECK(sigismember(&set, SIGUSR1));
	CHECK(!sigismember(&set, SIGUSR2));
	CHECK_OK(sigprocmask(SIG_SETMASK, NULL, &set));
	CHECK(sigismember(&set, SIGUSR1));
	/* Delivered before sigprocmask returns. */
	CHECK_OK(sigprocmask(SIG_SETMASK, &old, NULL));
	CHECK_EQ(got_count, 1);
	CHECK_OK(sigpending(&set));
	CHECK(!sigismember(&set, SIGUSR1));
	CHECK_ERR(sigprocmask(12345, &set, NULL), EINVAL);
}

void
test_sigsuspend(void)
{
	sigset_t empty, cur;
	pid_t pid;

	ut_sigaction(SIGUSR1, count_handler, 0);
	block(SIGUSR1);
	pid = ut_fork();
	if (pid == 0) {
		ut_msleep(10);
		CHECK_OK(kill(getppid(), SIGUSR1));
		_exit(0);
	}
	sigemptyset(&empty);
	CHECK_ERR(sigsuspend(&empty), EINTR);
	CHECK_EQ(got_count, 1);
	CHECK_OK(sigprocmask(SIG_SETMASK, NULL, &cur));
	CHECK(sigismember(&cur, SIGUSR1));
	EXPECT_EXIT(pid, 0);
}

static uintptr_t alt_lo, alt_hi;
static volatile int alt_on, alt_flags;

static void
alt_handler(int sig)
{
	char here;
	stack_t ss;

	(void)sig;
	alt_on = (uintptr_t)&here >= alt_lo && (uintptr_t)&here < alt_hi;
	if (sigaltstack(NULL, &ss) == 0)
		alt_flags = ss.ss_flags;
	got_count++;
}

void
test_sigaltstack(void)
{
	size_t size = 64 * 1024;
	char *mem;
	stack_t ss, old;
	char here;

	mem = mmap(NULL, size, PROT_READ | PROT_WRITE,
		   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	CHECK(mem != MAP_FAILED);
	alt_lo = (uintptr_t)mem;
	alt_hi = alt_lo + size;
	ss.ss_sp = mem;
	ss.ss_size = size;
	ss.ss_flags = 0;
	CHECK_OK(sigaltstack(&ss, &old));
	CHECK(old.ss_flags & SS_DISABLE);
	CHECK_OK(sigaltstack(NULL, &old));
	CHECK_EQ(old.ss_flags, 0);
	CHECK(old.ss_sp == mem);
	CHECK_EQ(old.ss_size, size);

	/* Without SA_ONSTACK the normal stack is used. */
	ut_sigaction(SIGUSR1, alt_handler, 0);
	raise(SIGUSR1);
	CHECK_EQ(got_count, 1);
	CHECK_EQ(alt_on, 0);

	ut_sigaction(SIGUSR1, alt_handler, SA_ONSTACK);
	raise(SIGUSR1);
	CHECK_EQ(got_count, 2);
	CHECK_EQ(alt_on, 1);
	CHECK(alt_flags & SS_ONSTACK);
	CHECK(!((uintptr_t)&here >= alt_lo && (uintptr_t)&here < alt_hi));
	CHECK_OK(sigaltstack(NULL, &old));
	CHECK_EQ(old.ss_flags, 0);

	/* Too small a stack is refused. */
	ss.ss_size = 512;
	CHECK_ERR(sigaltstack(&ss, NULL), ENOMEM);
	ss.ss_flags = SS_DISABLE;
	CHECK_OK(sigaltstack(&ss, NULL));
	CHECK_OK(munmap(mem, size));
}

void
test_sigchld(void)
{
	sigset_t empty;
	pid_t pid;

	ut_sigaction_info(SIGCHLD, info_handler, 0);
	block(SIGCHLD);
	pid = ut_fork();
	if (pid == 0)
		_exit(17);
	sigemptyset(&empty);
	while (got_count == 0)
		sigsuspend(&empty);
	CHECK_EQ(got_sig, SIGCHLD);
	CHECK_EQ(info_signo, SIGCHLD);
	CHECK_EQ(info_code, CLD_EXITED);
	CHECK_EQ(info_pid, pid);
	CHECK_EQ(info_status, 17);
	EXPECT_EXIT(pid, 17);
}

void
test_sigchldign(void)
{
	pid_t pid;
	int st;

	ut_sigaction(SIGCHLD, SIG_IGN, 0);
	pid = ut_fork();
	if (pid == 0)
		_exit(0);
	/* Waits until the child is gone, then fails. */
	CHECK_ERR(waitpid(pid, &st, 0), ECHILD);
	/* Linux may still be releasing the task just after the wait: give
	 * it up to a second to be gone. */
	for (int i = 0; i < 100 && kill(pid, 0) == 0; i++)
		ut_msleep(10);
	CHECK_ERR(kill(pid, 0), ESRCH);

	/* SA_NOCLDWAIT with a handler does the same. */
	ut_sigaction(SIGCHLD, count_handler, SA_NOCLDWAIT);
	pid = ut_fork();
	if (pid == 0)
		_exit(0);
	CHECK_ERR(waitpid(pid, &st, 0), ECHILD);
}

static volatile int order[16];
static volatile int norder, depth, h2_depth;

static void
nest_usr1(int sig)
{
	(void)sig;
	depth++;
	order[norder++] = 1;
	raise(SIGUSR2);
	order[norder++] = 2;
	if (got_count++ == 0)
		raise(SIGUSR1);	/* blocked while we run: deferred */
	order[norder++] = 3;
	depth--;
}

static void
nest_usr2(int sig)
{
	(void)sig;
	h2_depth = depth;
	order[norder++] = 10;
}

void
test_signested(void)
{
	static const int want[] = { 1, 10, 2, 3, 1, 10, 2, 3 };
	int i;

	ut_sigaction(SIGUSR1, nest_usr1, 0);
	ut_sigaction(SIGUSR2, nest_usr2, 0);
	raise(SIGUSR1);
	CHECK_EQ(norder, 8);
	for (i = 0; i < 8; i++) {
		ut_detail("step %d", i);
		CHECK_EQ(order[i], want[i]);
	}
	CHECK_EQ(h2_depth, 1);
	CHECK_EQ(depth, 0);
}

void
test_sigdefault(void)
{
	static const int term[] = { SIGUSR1, SIGUSR2, SIGTERM, SIGHUP,
				    SIGINT, SIGPIPE, SIGALRM };
	static const int ign[] = { SIGCHLD, SIGURG, SIGWINCH };
	size_t i;
	pid_t pid;

	for (i = 0; i < sizeof(term) / sizeof(term[0]); i++) {
		pid = ut_fork();
		if (pid == 0) {
			raise(term[i]);
			_exit(0);
		}
		EXPECT_SIGNAL(pid, term[i]);
	}
	pid = ut_fork();
	if (pid == 0) {
		for (i = 0; i < sizeof(ign) / sizeof(ign[0]); i++)
			raise(ign[i]);
		_exit(0);
	}
	EXPECT_EXIT(pid, 0);
}

void
test_sigignore(void)
{
	struct sigaction sa;
	sigset_t set;

	ut_sigaction(SIGUSR1, SIG_IGN, 0);
	CHECK_EQ(raise(SIGUSR1), 0);
	CHECK_OK(kill(getpid(), SIGUSR1));
	CHECK_OK(sigaction(SIGUSR1, NULL, &sa));
	CHECK(sa.sa_handler == SIG_IGN);
	/* Setting SIG_IGN discards a pending signal. */
	ut_sigaction(SIGUSR1, count_handler, 0);
	block(SIGUSR1);
	raise(SIGUSR1);
	CHECK_OK(sigpending(&set));
	CHECK(sigismember(&set, SIGUSR1));
	ut_sigaction(SIGUSR1, SIG_IGN, 0);
	CHECK_OK(sigpending(&set));
	CHECK(!sigismember(&set, SIGUSR1));
	ut_sigaction(SIGUSR1, count_handler, 0);
	unblock(SIGUSR1);
	CHECK_EQ(got_count, 0);
}

void
test_sigresethand(void)
{
	pid_t pid = ut_fork();

	if (pid == 0) {
		struct sigaction sa;

		ut_sigaction(SIGUSR1, count_handler, SA_RESETHAND);
		raise(SIGUSR1);
		CHECK_EQ(got_count, 1);
		CHECK_OK(sigaction(SIGUSR1, NULL, &sa));
		CHECK(sa.sa_handler == SIG_DFL);
		raise(SIGUSR1);
		_exit(0);
	}
	EXPECT_SIGNAL(pid, SIGUSR1);
}

void
test_sigfork(void)
{
	sigset_t set;
	pid_t pid;

	ut_sigaction(SIGUSR1, count_handler, 0);
	ut_sigaction(SIGUSR2, count_handler, 0);
	block(SIGUSR2);
	raise(SIGUSR2);
	pid = ut_fork();
	if (pid == 0) {
		struct sigaction sa;

		CHECK_OK(sigaction(SIGUSR1, NULL, &sa));
		CHECK(sa.sa_handler == count_handler);
		CHECK_OK(sigprocmask(SIG_SETMASK, NULL, &set));
		CHECK(sigismember(&set, SIGUSR2));
		CHECK_OK(sigpending(&set));
		CHECK(!sigismember(&set, SIGUSR2));
		unblock(SIGUSR2);
		CHECK_EQ(got_count, 0);
		raise(SIGUSR1);
		CHECK_EQ(got_count, 1);
		_exit(0);
	}
	EXPECT_EXIT(pid, 0);
	CHECK_EQ(got_count, 0);
	unblock(SIGUSR2);
	CHECK_EQ(got_count, 1);
	CHECK_EQ(got_sig, SIGUSR2);
}

void
test_siguncatchable(void)
{
	struct sigaction sa;
	sigset_t set;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = count_handler;
	CHECK_ERR(sigaction(SIGKILL, &sa, NULL), EINVAL);
	CHECK_ERR(sigaction(SIGSTOP, &sa, NULL), EINVAL);
	sa.sa_handler = SIG_IGN;
	CHECK_ERR(sigaction(SIGKILL, &sa, NULL), EINVAL);
	CHECK_ERR(syscall(SYS_rt_sigaction, 0, NULL, NULL, 8), EINVAL);
	CHECK_ERR(syscall(SYS_rt_sigaction, 65, NULL, NULL, 8), EINVAL);
	/* Blocking them is silently ignored. */
	sigfillset(&set);
	CHECK_OK(syscall(SYS_rt_sigprocmask, SIG_BLOCK, &set, NULL, 8));
	CHECK_OK(sigprocmask(SIG_SETMASK, NULL, &set));
	CHECK(!sigismember(&set, SIGKILL));
	CHECK(!sigismember(&set, SIGSTOP));
	CHECK(sigismember(&set, SIGUSR1));
	sigemptyset(&set);
	CHECK_OK(sigprocmask(SIG_SETMASK, &set, NULL));
}

void
test_sigstopcont(void)
{
	pid_t pid;
	int p[2], st;
	char c;

	CHECK_OK(pipe(p));
	pid = ut_fork();
	if (pid == 0) {
		close(p[1]);
		read(p[0], &c, 1);
		_exit(12);
	}
	close(p[0]);
	CHECK_OK(kill(pid, SIGSTOP));
	CHECK_EQ(waitpid(pid, &st, WUNTRACED), pid);
	CHECK(WIFSTOPPED(st));
	CHECK_EQ(WSTOPSIG(st), SIGSTOP);
	CHECK_OK(kill(pid, SIGCONT));
	CHECK_EQ(waitpid(pid, &st, WCONTINUED), pid);
	CHECK(WIFCONTINUED(st));
	close(p[1]);
	EXPECT_EXIT(pid, 12);
}

/* Work that keeps integer and SSE registers busy. */
static double
fpu_work(long n, long *isum)
{
	double x = 1.0, y = 0.5;
	long s = 0, i;

	for (i = 1; i <= n; i++) {
		x = x * 1.0000001 + y / (double)i;
		y = y * 0.9999999 + 1.0 / (double)(i + 3);
		s += i ^ (s >> 3);
	}
	*isum = s;
	return x + y;
}

static void
fpu_handler(int sig)
{
	volatile double a = 3.25;
	volatile long b = 77;
	int i;

	(void)sig;
	for (i = 0; i < 100; i++) {
		a = a * 1.7 + 0.3;
		b = b * 3 + 1;
	}
	got_count++;
}

void
test_sigfpu(void)
{
	long n = 3000000, is1, is2;
	double r1, r2;
	pid_t pid;

	ut_sigaction(SIGUSR1, fpu_handler, SA_RESTART);
	block(SIGUSR1);
	r1 = fpu_work(n, &is1);
	unblock(SIGUSR1);
	pid = ut_fork();
	if (pid == 0) {
		pid_t parent = getppid();

		for (;;) {
			if (kill(parent, SIGUSR1) < 0)
				_exit(0);
			ut_msleep(1);
		}
	}
	r2 = fpu_work(n, &is2);
	while (got_count < 5)
		ut_msleep(1);
	CHECK_OK(kill(pid, SIGKILL));
	EXPECT_SIGNAL(pid, SIGKILL);
	CHECK(r1 == r2);
	CHECK_EQ(is1, is2);
}
