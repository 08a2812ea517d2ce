/*
 * main.c - the usertests runner: runs each test in its own forked child,
 * collects the failure reason through a pipe, checks for page leaks on
 * CircleOS, and provides the helpers shared by the tests_*.c files.
 */
#include "usertests.h"

#include <dirent.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/sysinfo.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

struct ut_test {
	const char *name;
	void (*fn)(void);
	const char *desc;
};

#define UT_ENTRY(name, desc) { #name, test_##name, desc },
static const struct ut_test tests[] = {
	UT_TESTS(UT_ENTRY)
};
#undef UT_ENTRY
#define NTESTS ((int)(sizeof(tests) / sizeof(tests[0])))
#define TIMEOUT 60		/* seconds a test may run before SIGALRM */

char ut_self[PATH_MAX];
int ut_circleos;

static int reason_fd = -1;	/* in a test child: write end of the reason pipe */
static char detail[160];
static volatile pid_t cur_child;

/* ---- formatting without malloc ---- */

struct sbuf {
	char *buf;
	size_t size;
	size_t len;
};

static void
sb_vadd(struct sbuf *sb, const char *fmt, va_list ap)
{
	int n;

	if (sb->len + 1 >= sb->size)
		return;
	n = vsnprintf(sb->buf + sb->len, sb->size - sb->len, fmt, ap);
	if (n < 0)
		return;
	sb->len += (size_t)n;
	if (sb->len >= sb->size)
		sb->len = sb->size - 1;
}

static void __attribute__((format(printf, 2, 3)))
sb_add(struct sbuf *sb, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	sb_vadd(sb, fmt, ap);
	va_end(ap);
}

static void
write_full(int fd, const char *s, size_t len)
{
	while (len > 0) {
		ssize_t n = write(fd, s, len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return;
		s += n;
		len -= (size_t)n;
	}
}

static void __attribute__((format(printf, 1, 2)))
out(const char *fmt, ...)
{
	char buf[1024];
	struct sbuf sb = { buf, sizeof(buf), 0 };
	va_list ap;

	va_start(ap, fmt);
	sb_vadd(&sb, fmt, ap);
	va_end(ap);
	write_full(1, buf, sb.len);
}

/* ---- names ---- */

const char *
ut_errname(int err)
{
	static const struct {
		int num;
		const char *name;
	} names[] = {
		{ 0, "0" }, { EPERM, "EPERM" }, { ENOENT, "ENOENT" },
		{ ESRCH, "ESRCH" }, { EINTR, "EINTR" }, { EIO, "EIO" },
		{ ENXIO, "ENXIO" }, { E2BIG, "E2BIG" }, { ENOEXEC, "ENOEXEC" },
		{ EBADF, "EBADF" }, { ECHILD, "ECHILD" }, { EAGAIN, "EAGAIN" },
		{ ENOMEM, "ENOMEM" }, { EACCES, "EACCES" }, { EFAULT, "EFAULT" },
		{ EBUSY, "EBUSY" }, { EEXIST, "EEXIST" }, { EXDEV, "EXDEV" },
		{ ENODEV, "ENODEV" }, { ENOTDIR, "ENOTDIR" },
		{ EISDIR, "EISDIR" }, { EINVAL, "EINVAL" }, { ENFILE, "ENFILE" },
		{ EMFILE, "EMFILE" }, { ENOTTY, "ENOTTY" }, { EFBIG, "EFBIG" },
		{ ENOSPC, "ENOSPC" }, { ESPIPE, "ESPIPE" }, { EROFS, "EROFS" },
		{ EMLINK, "EMLINK" }, { EPIPE, "EPIPE" }, { EDOM, "EDOM" },
		{ ERANGE, "ERANGE" }, { EDEADLK, "EDEADLK" },
		{ ENAMETOOLONG, "ENAMETOOLONG" }, { ENOSYS, "ENOSYS" },
		{ ENOTEMPTY, "ENOTEMPTY" }, { ELOOP, "ELOOP" },
		{ ETIMEDOUT, "ETIMEDOUT" }, { EOVERFLOW, "EOVERFLOW" },
		{ EOPNOTSUPP, "EOPNOTSUPP" },
	};
	static char unknown[32];
	size_t i;

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (names[i].num == err)
			return names[i].name;
	snprintf(unknown, sizeof(unknown), "errno %d", err);
	return unknown;
}

static const char *
signame(int sig)
{
	static const char *const names[] = {
		[SIGHUP] = "SIGHUP", [SIGINT] = "SIGINT", [SIGQUIT] = "SIGQUIT",
		[SIGILL] = "SIGILL", [SIGTRAP] = "SIGTRAP",
		[SIGABRT] = "SIGABRT", [SIGBUS] = "SIGBUS", [SIGFPE] = "SIGFPE",
		[SIGKILL] = "SIGKILL", [SIGUSR1] = "SIGUSR1",
		[SIGSEGV] = "SIGSEGV", [SIGUSR2] = "SIGUSR2",
		[SIGPIPE] = "SIGPIPE", [SIGALRM] = "SIGALRM",
		[SIGTERM] = "SIGTERM", [SIGCHLD] = "SIGCHLD",
		[SIGCONT] = "SIGCONT", [SIGSTOP] = "SIGSTOP",
		[SIGTSTP] = "SIGTSTP", [SIGSYS] = "SIGSYS",
	};
	static char buf[32];

	if (sig > 0 && sig < (int)(sizeof(names) / sizeof(names[0])) &&
	    names[sig])
		return names[sig];
	snprintf(buf, sizeof(buf), "signal %d", sig);
	return buf;
}

/* ---- failure reporting (in test children) ---- */

void
ut_detail(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(detail, sizeof(detail), fmt, ap);
	va_end(ap);
}

void
ut_fail(const char *file, int line, int show_errno, const char *fmt, ...)
{
	int err = errno;
	char buf[600];
	struct sbuf sb = { buf, sizeof(buf) - 1, 0 };
	const char *base = strrchr(file, '/');
	va_list ap;

	base = base ? base + 1 : file;
	sb_add(&sb, "%s:%d: ", base, line);
	va_start(ap, fmt);
	sb_vadd(&sb, fmt, ap);
	va_end(ap);
	if (show_errno && err)
		sb_add(&sb, " (errno %s)", ut_errname(err));
	if (detail[0])
		sb_add(&sb, " [%s]", detail);
	buf[sb.len++] = '\n';
	if (reason_fd >= 0)
		write_full(reason_fd, buf, sb.len);
	else
		write_full(2, buf, sb.len);
	_exit(1);
}

/* ---- process helpers ---- */

pid_t
ut_fork(void)
{
	pid_t pid = fork();

	if (pid < 0)
		ut_fail(__FILE__, __LINE__, 1, "fork");
	return pid;
}

int
ut_wait(pid_t pid)
{
	int st;
	pid_t r;

	do {
		r = waitpid(pid, &st, 0);
	} while (r < 0 && errno == EINTR);
	if (r != pid)
		ut_fail(__FILE__, __LINE__, 1, "waitpid(%d) returned %d",
			(int)pid, (int)r);
	return st;
}

static void
describe_status(struct sbuf *sb, int st)
{
	if (WIFEXITED(st))
		sb_add(sb, "exit status %d", WEXITSTATUS(st));
	else if (WIFSIGNALED(st))
		sb_add(sb, "killed by %s", signame(WTERMSIG(st)));
	else
		sb_add(sb, "status 0x%x", st);
}

void
ut_expect_exit(const char *file, int line, pid_t pid, int code)
{
	int st = ut_wait(pid);
	char buf[64];
	struct sbuf sb = { buf, sizeof(buf), 0 };

	if (WIFEXITED(st) && WEXITSTATUS(st) == code)
		return;
	describe_status(&sb, st);
	ut_fail(file, line, 0, "child: want exit status %d, got %s", code, buf);
}

void
ut_expect_signal(const char *file, int line, pid_t pid, int sig)
{
	int st = ut_wait(pid);
	char buf[64];
	struct sbuf sb = { buf, sizeof(buf), 0 };

	if (WIFSIGNALED(st) && WTERMSIG(st) == sig)
		return;
	describe_status(&sb, st);
	ut_fail(file, line, 0, "child: want killed by %s, got %s",
		signame(sig), buf);
}

pid_t
ut_gettid(void)
{
	return (pid_t)syscall(SYS_gettid);
}

/* ---- time ---- */

long long
ut_now_ns(void)
{
	struct timespec ts;

	if (clock_gettime(CLOCK_MONOTONIC, &ts) < 0)
		ut_fail(__FILE__, __LINE__, 1, "clock_gettime");
	return (long long)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

void
ut_msleep(long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };

	while (nanosleep(&ts, &ts) < 0 && errno == EINTR)
		;
}

/* ---- signals ---- */

void
ut_sigaction(int sig, void (*handler)(int), int flags)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = handler;
	sa.sa_flags = flags;
	sigemptyset(&sa.sa_mask);
	if (sigaction(sig, &sa, NULL) < 0)
		ut_fail(__FILE__, __LINE__, 1, "sigaction(%d)", sig);
}

void
ut_sigaction_info(int sig, void (*handler)(int, siginfo_t *, void *),
		  int flags)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_sigaction = handler;
	sa.sa_flags = flags | SA_SIGINFO;
	sigemptyset(&sa.sa_mask);
	if (sigaction(sig, &sa, NULL) < 0)
		ut_fail(__FILE__, __LINE__, 1, "sigaction(%d)", sig);
}

/* ---- files ---- */

/* Where scratch directories go: -d DIR, else /tmp. */
const char *ut_scratch_base = "/tmp";

void
ut_scratch_path(char *buf, size_t size, pid_t pid)
{
	snprintf(buf, size, "%s/usertests.%d", ut_scratch_base, (int)pid);
}

void
ut_scratch_enter(void)
{
	char path[PATH_MAX];

	ut_scratch_path(path, sizeof(path), getpid());
	if (mkdir(path, 0755) < 0)
		ut_fail(__FILE__, __LINE__, 1, "mkdir %s", path);
	if (chdir(path) < 0)
		ut_fail(__FILE__, __LINE__, 1, "chdir %s", path);
}

void
ut_scratch_leave(void)
{
	char path[PATH_MAX];

	ut_scratch_path(path, sizeof(path), getpid());
	if (chdir("/") < 0)
		ut_fail(__FILE__, __LINE__, 1, "chdir /");
	ut_rmtree(path);
}

/* Remove path and everything below it; fails the test on error. */
void
ut_rmtree(const char *path)
{
	struct stat st;
	DIR *d;
	struct dirent *de;
	char sub[PATH_MAX];

	if (lstat(path, &st) < 0)
		ut_fail(__FILE__, __LINE__, 1, "lstat %s", path);
	if (!S_ISDIR(st.st_mode)) {
		if (unlink(path) < 0)
			ut_fail(__FILE__, __LINE__, 1, "unlink %s", path);
		return;
	}
	d = opendir(path);
	if (!d)
		ut_fail(__FILE__, __LINE__, 1, "opendir %s", path);
	while ((de = readdir(d)) != NULL) {
		if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, ".."))
			continue;
		snprintf(sub, sizeof(sub), "%s/%s", path, de->d_name);
		ut_rmtree(sub);
	}
	closedir(d);
	if (rmdir(path) < 0)
		ut_fail(__FILE__, __LINE__, 1, "rmdir %s", path);
}

void
ut_write_file(const char *path, const void *data, size_t len, int mode)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, mode);

	if (fd < 0)
		ut_fail(__FILE__, __LINE__, 1, "open %s", path);
	ut_write_all(fd, data, len);
	if (close(fd) < 0)
		ut_fail(__FILE__, __LINE__, 1, "close");
}

void
ut_write_all(int fd, const void *buf, size_t len)
{
	const char *p = buf;

	while (len > 0) {
		ssize_t n = write(fd, p, len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			ut_fail(__FILE__, __LINE__, 1, "write(%d) returned %ld",
				fd, (long)n);
		p += n;
		len -= (size_t)n;
	}
}

void
ut_read_all(int fd, void *buf, size_t len)
{
	char *p = buf;

	while (len > 0) {
		ssize_t n = read(fd, p, len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			ut_fail(__FILE__, __LINE__, 1, "read(%d) returned %ld",
				fd, (long)n);
		p += n;
		len -= (size_t)n;
	}
}

int
ut_fd_open(int fd)
{
	return fcntl(fd, F_GETFD) != -1;
}

int
ut_lowest_free_fd(void)
{
	int fd;

	for (fd = 0; ut_fd_open(fd); fd++)
		;
	return fd;
}

void
ut_bad_addrs(void *bad[UT_NBAD])
{
	void *p = mmap(NULL, UT_PAGE, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	if (p == MAP_FAILED)
		ut_fail(__FILE__, __LINE__, 1, "mmap");
	if (munmap(p, UT_PAGE) < 0)
		ut_fail(__FILE__, __LINE__, 1, "munmap");
	bad[0] = (void *)1;
	bad[1] = UT_KADDR;
	bad[2] = p;
}

/* ---- the runner ---- */

static void
on_interrupt(int sig)
{
	pid_t pid = cur_child;

	if (pid > 0) {
		kill(-pid, SIGKILL);
		kill(pid, SIGKILL);
	}
	signal(sig, SIG_DFL);
	raise(sig);
}

/* Remove a scratch directory a failed test left behind, in a child. */
static void
clean_scratch(pid_t testpid)
{
	char path[PATH_MAX];
	struct stat st;
	pid_t pid;
	int s;

	ut_scratch_path(path, sizeof(path), testpid);
	if (lstat(path, &st) < 0)
		return;
	pid = fork();
	if (pid == 0) {
		reason_fd = -1;
		ut_rmtree(path);
		_exit(0);
	}
	if (pid > 0)
		while (waitpid(pid, &s, 0) < 0 && errno == EINTR)
			;
}

static void
run_child(const struct ut_test *t, int fd)
{
	struct rlimit rl = { 0, 0 };

	reason_fd = fd;
	signal(SIGINT, SIG_DFL);
	signal(SIGTERM, SIG_DFL);
	setpgid(0, 0);
	setrlimit(RLIMIT_CORE, &rl);
	umask(022);
	alarm(TIMEOUT);
	t->fn();
	_exit(0);
}

/* Runs one test; returns 1 if it passed. */
static int
run_test(const struct ut_test *t, int quiet, int verbose)
{
	char reason[1024];
	char msg[1200];
	struct sbuf sb = { msg, sizeof(msg), 0 };
	int p[2], st = 0, ok;
	ssize_t n = 0;
	long long t0 = ut_now_ns();
	pid_t pid, r;

	if (pipe2(p, O_CLOEXEC) < 0) {
		out("test %s: FAILED (pipe2: %s)\n", t->name,
		    ut_errname(errno));
		return 0;
	}
	fcntl(p[0], F_SETFL, O_NONBLOCK);
	pid = fork();
	if (pid < 0) {
		out("test %s: FAILED (fork: %s)\n", t->name, ut_errname(errno));
		close(p[0]);
		close(p[1]);
		return 0;
	}
	if (pid == 0) {
		close(p[0]);
		run_child(t, p[1]);
	}
	cur_child = pid;
	close(p[1]);
	do {
		r = waitpid(pid, &st, 0);
	} while (r < 0 && errno == EINTR);
	cur_child = 0;
	/* Kill anything the test left running in its process group. */
	kill(-pid, SIGKILL);
	do {
		n = read(p[0], reason, sizeof(reason) - 1);
	} while (n < 0 && errno == EINTR);
	if (n < 0)
		n = 0;
	reason[n] = 0;
	close(p[0]);
	clean_scratch(pid);

	ok = r == pid && WIFEXITED(st) && WEXITSTATUS(st) == 0;
	if (ok) {
		if (!quiet) {
			if (verbose)
				out("test %s: OK (%lld ms)\n", t->name,
				    (ut_now_ns() - t0) / 1000000);
			else
				out("test %s: OK\n", t->name);
		}
		return 1;
	}
	/* Join the reason lines with "; ". */
	while (n > 0 && reason[n - 1] == '\n')
		reason[--n] = 0;
	for (char *c = reason; *c; c++) {
		if (*c == '\n') {
			sb_add(&sb, "; ");
			continue;
		}
		sb_add(&sb, "%c", *c);
	}
	if (r != pid) {
		sb_add(&sb, "%swaitpid: %s", n ? "; " : "", ut_errname(errno));
	} else if (WIFSIGNALED(st) && WTERMSIG(st) == SIGALRM) {
		sb_add(&sb, "%stimeout after %d s", n ? "; " : "", TIMEOUT);
	} else if (WIFSIGNALED(st) || n == 0) {
		if (n)
			sb_add(&sb, "; ");
		describe_status(&sb, st);
	}
	out("test %s: FAILED (%s)\n", t->name, msg);
	return 0;
}

/* Find the absolute path of this binary from argv[0] and PATH. */
static void
find_self(const char *argv0)
{
	char cwd[PATH_MAX];
	const char *path, *end;
	struct stat st;

	if (strchr(argv0, '/')) {
		if (argv0[0] == '/' || !getcwd(cwd, sizeof(cwd)) ||
		    strlen(cwd) + strlen(argv0) + 2 > sizeof(ut_self)) {
			snprintf(ut_self, sizeof(ut_self), "%s", argv0);
			return;
		}
		strcpy(ut_self, cwd);
		strcat(ut_self, "/");
		strcat(ut_self, argv0);
		return;
	}
	path = getenv("PATH");
	if (!path)
		path = "/bin:/usr/bin";
	for (; *path; path = *end ? end + 1 : end) {
		end = strchr(path, ':');
		if (!end)
			end = path + strlen(path);
		snprintf(ut_self, sizeof(ut_self), "%.*s/%s",
			 (int)(end - path), path, argv0);
		if (stat(ut_self, &st) == 0 && S_ISREG(st.st_mode))
			return;
	}
	snprintf(ut_self, sizeof(ut_self), "/proc/self/exe");
}

/* Make sure 0, 1 and 2 are open so the tests see a normal fd table. */
static void
fix_std_fds(void)
{
	int fd;

	while (!ut_fd_open(0) || !ut_fd_open(1) || !ut_fd_open(2)) {
		fd = open("/dev/null", O_RDWR);
		if (fd < 0)
			fd = open("/", O_RDONLY);
		if (fd < 0)
			return;
		if (fd > 2) {
			close(fd);
			return;
		}
	}
}

static void
warm_stack(void)
{
	volatile char buf[64 * 1024];
	size_t i;

	for (i = 0; i < sizeof(buf); i += 1024)
		buf[i] = 0;
}

/* Warm up what the runner itself uses, then read the free memory. */
static unsigned long long
free_memory(int warm)
{
	struct sysinfo si;
	char buf[256];
	int p[2], s;
	pid_t pid;

	if (warm) {
		warm_stack();
		snprintf(buf, sizeof(buf), "test %s: FAILED (%s)\n", "x", "y");
		if (pipe2(p, O_CLOEXEC) == 0) {
			close(p[0]);
			close(p[1]);
		}
		pid = fork();
		if (pid == 0)
			_exit(0);
		if (pid > 0)
			waitpid(pid, &s, 0);
	}
	while (waitpid(-1, &s, 0) > 0 || errno == EINTR)
		;
	sync();
	if (sysinfo(&si) < 0)
		return 0;
	return (unsigned long long)si.freeram * si.mem_unit;
}

static void
usage(void)
{
	dprintf(2, "usage: usertests [-q] [-v] [-l] [-d DIR] [NAME...]\n");
	exit(2);
}

int
main(int argc, char **argv, char **envp)
{
	static char selected[NTESTS];
	struct utsname u;
	unsigned long long before = 0, after;
	int quiet = 0, verbose = 0, list = 0, nsel = 0;
	int passed = 0, failed = 0;
	int i, j;

	if (argc >= 3 && strcmp(argv[1], "--helper") == 0)
		return ut_helper_main(argc, argv, envp);

	for (i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "-q")) {
			quiet = 1;
		} else if (!strcmp(argv[i], "-v")) {
			verbose = 1;
		} else if (!strcmp(argv[i], "-l")) {
			list = 1;
		} else if (!strcmp(argv[i], "-d")) {
			if (++i == argc || argv[i][0] != '/' ||
			    strlen(argv[i]) > PATH_MAX - 32)
				usage();
			ut_scratch_base = argv[i];
		} else if (argv[i][0] == '-') {
			usage();
		} else {
			for (j = 0; j < NTESTS; j++)
				if (!strcmp(argv[i], tests[j].name))
					break;
			if (j == NTESTS) {
				dprintf(2, "usertests: no test named %s\n",
					argv[i]);
				return 2;
			}
			if (!selected[j])
				nsel++;
			selected[j] = 1;
		}
	}
	if (list) {
		for (j = 0; j < NTESTS; j++)
			out("%-18s %s\n", tests[j].name, tests[j].desc);
		return 0;
	}

	fix_std_fds();
	find_self(argv[0]);
	if (uname(&u) == 0 && strcmp(u.sysname, "CircleOS") == 0)
		ut_circleos = 1;
	signal(SIGINT, on_interrupt);
	signal(SIGTERM, on_interrupt);

	if (ut_circleos) {
		/*
		 * The tests run in a child, so that whatever memory the runner
		 * itself comes to use is given back before the second reading:
		 * then any difference is the kernel's.
		 */
		int p[2], counts[2] = { 0, 0 }, st;
		pid_t runner;

		if (pipe(p) < 0)
			return 1;
		before = free_memory(1);
		runner = fork();
		if (runner == 0) {
			close(p[0]);
			for (j = 0; j < NTESTS; j++) {
				if (nsel && !selected[j])
					continue;
				if (run_test(&tests[j], quiet, verbose))
					counts[0]++;
				else
					counts[1]++;
			}
			write_full(p[1], (const char *)counts, sizeof(counts));
			_exit(0);
		}
		close(p[1]);
		if (runner < 0 || read(p[0], counts, sizeof(counts)) != sizeof(counts))
			counts[1]++;
		close(p[0]);
		waitpid(runner, &st, 0);
		passed = counts[0];
		failed = counts[1];
	} else {
		for (j = 0; j < NTESTS; j++) {
			if (nsel && !selected[j])
				continue;
			if (run_test(&tests[j], quiet, verbose))
				passed++;
			else
				failed++;
		}
	}
	if (ut_circleos) {
		after = free_memory(0);
		if (after >= before) {
			passed++;
			if (!quiet)
				out("test pageleak: OK\n");
		} else {
			failed++;
			out("test pageleak: FAILED (%llu pages leaked)\n",
			    (before - after + UT_PAGE - 1) / UT_PAGE);
		}
	}
	out("usertests: %d passed, %d failed\n", passed, failed);
	return failed ? 1 : 0;
}
