/*
 * tests_badptr.c - bad user pointers: every system call that takes a pointer
 * must fail with EFAULT, never crash, when given (void *)1, a kernel address
 * or an unmapped page. Raw syscall() is used so libc cannot touch them first.
 */
#include "usertests.h"

#include <fcntl.h>
#include <signal.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static const char *const bad_names[UT_NBAD] = {
	"(void *)1", "kernel address", "unmapped page"
};

/* Loop over the bad pointers, naming the current one in failure reasons. */
#define EACH_BAD(b) \
	for (int i_ = (ut_bad_addrs(bad_), 0); \
	     i_ < UT_NBAD && ((b) = bad_[i_], \
			      ut_detail("%s", bad_names[i_]), 1); \
	     i_++)

static void *bad_[UT_NBAD];

void
test_badread(void)
{
	struct iovec v;
	int fd, p[2];
	void *b;

	fd = open(ut_self, O_RDONLY);
	CHECK(fd >= 0);
	CHECK_OK(pipe(p));
	ut_write_all(p[1], "abcdefgh", 8);
	EACH_BAD(b) {
		CHECK_ERR(syscall(SYS_read, fd, b, 16), EFAULT);
		CHECK_ERR(syscall(SYS_read, p[0], b, 4), EFAULT);
		CHECK_ERR(syscall(SYS_pread64, fd, b, 16, 0), EFAULT);
		CHECK_ERR(syscall(SYS_readv, fd, b, 1), EFAULT);
		v.iov_base = b;
		v.iov_len = 16;
		CHECK_ERR(syscall(SYS_readv, fd, &v, 1), EFAULT);
	}
	ut_detail("%s", "");
	/* Nothing was consumed and the offset did not move. */
	CHECK_EQ(lseek(fd, 0, SEEK_CUR), 0);
	/* A buffer whose second page is bad: a short read of the first. */
	b = mmap(NULL, 2 * UT_PAGE, PROT_READ | PROT_WRITE,
		 MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	CHECK(b != MAP_FAILED);
	CHECK_OK(mprotect((char *)b + UT_PAGE, UT_PAGE, PROT_NONE));
	CHECK_EQ(read(fd, (char *)b + 100, 2 * UT_PAGE), UT_PAGE - 100);
	CHECK_EQ(lseek(fd, 0, SEEK_CUR), UT_PAGE - 100);
	CHECK(memcmp((char *)b + 100, "\177ELF", 4) == 0);
	munmap(b, 2 * UT_PAGE);
	close(fd);
	close(p[0]);
	close(p[1]);
}

void
test_badwrite(void)
{
	struct iovec v;
	struct stat st;
	int fd, p[2];
	void *b;

	ut_scratch_enter();
	fd = open("f", O_RDWR | O_CREAT | O_TRUNC, 0644);
	CHECK(fd >= 0);
	CHECK_OK(pipe(p));
	EACH_BAD(b) {
		CHECK_ERR(syscall(SYS_write, fd, b, 16), EFAULT);
		CHECK_ERR(syscall(SYS_write, p[1], b, 16), EFAULT);
		CHECK_ERR(syscall(SYS_pwrite64, fd, b, 16, 0), EFAULT);
		CHECK_ERR(syscall(SYS_writev, fd, b, 1), EFAULT);
		v.iov_base = b;
		v.iov_len = 16;
		CHECK_ERR(syscall(SYS_writev, fd, &v, 1), EFAULT);
	}
	ut_detail("%s", "");
	CHECK_OK(fstat(fd, &st));
	CHECK_EQ(st.st_size, 0);
	CHECK_OK(fcntl(p[0], F_SETFL, O_NONBLOCK));
	CHECK_ERR(read(p[0], &st, 1), EAGAIN);
	close(fd);
	close(p[0]);
	close(p[1]);
	ut_scratch_leave();
}

void
test_badpath(void)
{
	void *b;

	EACH_BAD(b) {
		CHECK_ERR(syscall(SYS_openat, AT_FDCWD, b, O_RDONLY), EFAULT);
		CHECK_ERR(syscall(SYS_chdir, b), EFAULT);
#ifdef SYS_open		/* aarch64 has only the *at calls */
		CHECK_ERR(syscall(SYS_open, b, O_RDONLY), EFAULT);
		CHECK_ERR(syscall(SYS_open, b, O_WRONLY | O_CREAT, 0644),
			  EFAULT);
		CHECK_ERR(syscall(SYS_access, b, F_OK), EFAULT);
		CHECK_ERR(syscall(SYS_mkdir, b, 0755), EFAULT);
		CHECK_ERR(syscall(SYS_rmdir, b), EFAULT);
		CHECK_ERR(syscall(SYS_unlink, b), EFAULT);
		CHECK_ERR(syscall(SYS_rename, b, "/tmp/usertests-x"), EFAULT);
		CHECK_ERR(syscall(SYS_rename, "/tmp/usertests-nonexistent", b),
			  EFAULT);
		CHECK_ERR(syscall(SYS_chmod, b, 0644), EFAULT);
#else
		CHECK_ERR(syscall(SYS_openat, AT_FDCWD, b,
				  O_WRONLY | O_CREAT, 0644), EFAULT);
		CHECK_ERR(syscall(SYS_faccessat, AT_FDCWD, b, F_OK, 0), EFAULT);
		CHECK_ERR(syscall(SYS_mkdirat, AT_FDCWD, b, 0755), EFAULT);
		CHECK_ERR(syscall(SYS_unlinkat, AT_FDCWD, b, AT_REMOVEDIR),
			  EFAULT);
		CHECK_ERR(syscall(SYS_unlinkat, AT_FDCWD, b, 0), EFAULT);
		CHECK_ERR(syscall(SYS_renameat, AT_FDCWD, b, AT_FDCWD,
				  "/tmp/usertests-x"), EFAULT);
		CHECK_ERR(syscall(SYS_renameat, AT_FDCWD,
				  "/tmp/usertests-nonexistent", AT_FDCWD, b),
			  EFAULT);
		CHECK_ERR(syscall(SYS_fchmodat, AT_FDCWD, b, 0644, 0), EFAULT);
#endif
	}
}

void
test_badstat(void)
{
	struct stat st;
	void *b;
	int fd = open("/", O_RDONLY);

	CHECK(fd >= 0);
	EACH_BAD(b) {
#ifdef SYS_stat		/* aarch64 has only newfstatat */
		CHECK_ERR(syscall(SYS_stat, b, &st), EFAULT);
		CHECK_ERR(syscall(SYS_lstat, b, &st), EFAULT);
		CHECK_ERR(syscall(SYS_stat, "/", b), EFAULT);
		CHECK_ERR(syscall(SYS_lstat, "/", b), EFAULT);
#endif
		CHECK_ERR(syscall(SYS_fstat, fd, b), EFAULT);
		CHECK_ERR(syscall(SYS_newfstatat, AT_FDCWD, "/", b, 0), EFAULT);
		CHECK_ERR(syscall(SYS_newfstatat, AT_FDCWD, b, &st, 0), EFAULT);
	}
	close(fd);
}

void
test_badexecve(void)
{
	char *argv[] = { "usertests", "--helper", "exit", "77", NULL };
	char *envp[] = { "A=1", NULL };
	char *badv[] = { NULL, NULL };
	void *b;

	EACH_BAD(b) {
		badv[0] = b;
		CHECK_ERR(syscall(SYS_execve, b, argv, envp), EFAULT);
		CHECK_ERR(syscall(SYS_execve, ut_self, b, envp), EFAULT);
		CHECK_ERR(syscall(SYS_execve, ut_self, argv, b), EFAULT);
		CHECK_ERR(syscall(SYS_execve, ut_self, badv, envp), EFAULT);
		CHECK_ERR(syscall(SYS_execve, ut_self, argv, badv), EFAULT);
	}
}

/* Bitmap of the open descriptors below 64. */
static unsigned long long
open_fds(void)
{
	unsigned long long m = 0;
	int fd;

	for (fd = 0; fd < 64; fd++)
		if (ut_fd_open(fd))
			m |= 1ULL << fd;
	return m;
}

void
test_badpipe(void)
{
	unsigned long long before = open_fds();
	void *b;

	EACH_BAD(b) {
#ifdef SYS_pipe		/* aarch64 has only pipe2 */
		CHECK_ERR(syscall(SYS_pipe, b), EFAULT);
#endif
		CHECK_ERR(syscall(SYS_pipe2, b, 0), EFAULT);
		CHECK_ERR(syscall(SYS_pipe2, b, O_CLOEXEC), EFAULT);
	}
	ut_detail("%s", "");
	CHECK(open_fds() == before);
}

void
test_badwait4(void)
{
	pid_t pid, r;
	void *b;
	int st;

	EACH_BAD(b) {
		pid = ut_fork();
		if (pid == 0)
			_exit(0);
		CHECK_ERR(syscall(SYS_wait4, pid, b, 0, NULL), EFAULT);
		/* The child may or may not have been reaped. */
		r = waitpid(pid, &st, WNOHANG);
		CHECK(r == pid || (r == -1 && errno == ECHILD));

		pid = ut_fork();
		if (pid == 0)
			_exit(0);
		CHECK_ERR(syscall(SYS_wait4, pid, NULL, 0, b), EFAULT);
		r = waitpid(pid, &st, WNOHANG);
		CHECK(r == pid || (r == -1 && errno == ECHILD));
	}
	ut_detail("%s", "");
	CHECK_ERR(waitpid(-1, &st, WNOHANG), ECHILD);
}

void
test_badtime(void)
{
	void *b;

	EACH_BAD(b) {
		CHECK_ERR(syscall(SYS_clock_gettime, CLOCK_MONOTONIC, b),
			  EFAULT);
		CHECK_ERR(syscall(SYS_clock_gettime, CLOCK_REALTIME, b),
			  EFAULT);
		CHECK_ERR(syscall(SYS_clock_getres, CLOCK_MONOTONIC, b),
			  EFAULT);
		CHECK_ERR(syscall(SYS_gettimeofday, b, NULL), EFAULT);
		CHECK_ERR(syscall(SYS_nanosleep, b, NULL), EFAULT);
	}
}

void
test_badsignal(void)
{
	struct sigaction sa;
	void *b;

	EACH_BAD(b) {
		CHECK_ERR(syscall(SYS_rt_sigaction, SIGUSR1, b, NULL, 8),
			  EFAULT);
		CHECK_ERR(syscall(SYS_rt_sigaction, SIGUSR1, NULL, b, 8),
			  EFAULT);
		CHECK_ERR(syscall(SYS_rt_sigprocmask, SIG_BLOCK, b, NULL, 8),
			  EFAULT);
		CHECK_ERR(syscall(SYS_rt_sigprocmask, SIG_BLOCK, NULL, b, 8),
			  EFAULT);
		CHECK_ERR(syscall(SYS_sigaltstack, b, NULL), EFAULT);
		CHECK_ERR(syscall(SYS_sigaltstack, NULL, b), EFAULT);
		CHECK_ERR(syscall(SYS_rt_sigpending, b, 8), EFAULT);
		CHECK_ERR(syscall(SYS_rt_sigsuspend, b, 8), EFAULT);
	}
	ut_detail("%s", "");
	/* Nothing changed. */
	CHECK_OK(sigaction(SIGUSR1, NULL, &sa));
	CHECK(sa.sa_handler == SIG_DFL);
}

void
test_badgetcwd(void)
{
	char small[1];
	void *b;

	EACH_BAD(b)
		CHECK_ERR(syscall(SYS_getcwd, b, 4096), EFAULT);
	ut_detail("%s", "");
	CHECK_ERR(syscall(SYS_getcwd, small, sizeof(small)), ERANGE);
}

void
test_badmisc(void)
{
	struct timeval tv = { 0, 0 };
	int fd = open("/", O_RDONLY | O_DIRECTORY);
	void *b;

	CHECK(fd >= 0);
	EACH_BAD(b) {
		CHECK_ERR(syscall(SYS_uname, b), EFAULT);
		CHECK_ERR(syscall(SYS_sysinfo, b), EFAULT);
		CHECK_ERR(syscall(SYS_getrandom, b, 16, 0), EFAULT);
		CHECK_ERR(syscall(SYS_prlimit64, 0, RLIMIT_NOFILE, NULL, b),
			  EFAULT);
		CHECK_ERR(syscall(SYS_prlimit64, 0, RLIMIT_NOFILE, b, NULL),
			  EFAULT);
		CHECK_ERR(syscall(SYS_getrusage, RUSAGE_SELF, b), EFAULT);
		CHECK_ERR(syscall(SYS_times, b), EFAULT);
#ifdef SYS_poll		/* aarch64 has only ppoll and pselect6 */
		CHECK_ERR(syscall(SYS_poll, b, 1, 0), EFAULT);
		CHECK_ERR(syscall(SYS_select, 1, b, NULL, NULL, &tv), EFAULT);
#else
		CHECK_ERR(syscall(SYS_ppoll, b, 1, NULL, NULL, 8), EFAULT);
		(void)tv;
#endif
		CHECK_ERR(syscall(SYS_getdents64, fd, b, 4096), EFAULT);
		if (b == (void *)1)	/* misaligned futex words are EINVAL */
			CHECK_ERR(syscall(SYS_futex, b, FUTEX_WAIT, 0, NULL),
				  EINVAL);
		else
			CHECK_ERR(syscall(SYS_futex, b, FUTEX_WAIT, 0, NULL),
				  EFAULT);
	}
	close(fd);
}
