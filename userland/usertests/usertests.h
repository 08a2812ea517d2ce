/*
 * usertests.h - shared declarations of usertests, the system call test suite
 * that must pass on Linux and on CircleOS: test list, check macros, helpers.
 */
#ifndef USERTESTS_H
#define USERTESTS_H

#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#define UT_PAGE		4096UL
#define UT_KADDR	((void *)0xffff800000000000UL)
#define UT_NBAD		3

/* From <linux/futex.h>, which musl-gcc does not provide. */
#ifndef FUTEX_WAIT
#define FUTEX_WAIT		0
#define FUTEX_WAKE		1
#define FUTEX_PRIVATE_FLAG	128
#define FUTEX_WAIT_PRIVATE	(FUTEX_WAIT | FUTEX_PRIVATE_FLAG)
#define FUTEX_WAKE_PRIVATE	(FUTEX_WAKE | FUTEX_PRIVATE_FLAG)
#endif

/*
 * The list of all tests, in the order they run: X(name, description).
 * Each name is a function test_NAME(void) in one of the tests_*.c files.
 */
#define UT_TESTS(X) \
	X(forkexit, "fork; the child's exit status reaches the parent via wait") \
	X(exitcodes, "exit status keeps only the low 8 bits (-1 is 255, 0x1234 is 0x34)") \
	X(forksignaled, "a child killed by SIGKILL is WIFSIGNALED with WTERMSIG 9") \
	X(wait4null, "wait4 with a NULL rusage and with a rusage buffer") \
	X(waitpidany, "waitpid(-1) reaps each of 3 children exactly once, then ECHILD") \
	X(wnohang, "WNOHANG returns 0 while the child runs, its pid after it exits") \
	X(echild, "wait with no children and waitpid of a non-child give ECHILD") \
	X(waitid, "waitid reports CLD_EXITED, WNOWAIT leaves the zombie, WNOHANG gives si_pid 0") \
	X(waitidkilled, "waitid reports CLD_KILLED with si_status SIGKILL") \
	X(orphan, "a grandchild whose parent exits is reparented: getppid changes") \
	X(zombie, "an exited child stays a zombie (kill 0 works) until reaped, then ESRCH") \
	X(execargs, "execve passes argv (argv[0] included) and envp exactly") \
	X(execexit, "exec of the test binary in a helper mode; its exit status is seen") \
	X(execenoent, "execve of a missing file gives ENOENT") \
	X(execenoexec, "execve of a text file and of a broken ELF header gives ENOEXEC") \
	X(execeacces, "execve of a non-executable file or a directory gives EACCES") \
	X(execpid, "execve keeps the pid and the parent pid") \
	X(execsignals, "execve resets handled signals, keeps ignored ones and the mask") \
	X(execcloexec, "O_CLOEXEC descriptors are closed across execve, others stay") \
	X(vfork, "vfork child shares memory and the parent waits until it exits") \
	X(vforkexec, "vfork then execve; the parent resumes and sees the exit status") \
	X(forkmany, "100 children alive at once, all reaped with their own status") \
	X(forkbomb, "fork until EAGAIN/ENOMEM (at most 2000), then clean up, fork again") \
	X(forkfdshare, "parent and child share the file offset of an inherited fd") \
	X(pids, "getpid/getppid/gettid agree between parent, child and threads") \
	X(killsigkill, "SIGKILL kills a blocked child") \
	X(killsigterm, "SIGTERM kills a child by default or runs its handler") \
	X(killpgrp, "kill(0, sig) signals the whole process group, sender included") \
	X(killesrch, "kill of a nonexistent pid gives ESRCH, a bad signal EINVAL") \
	X(setsid, "setsid makes a new session and group; a second setsid gives EPERM") \
	X(setpgid, "setpgid/getpgid move a child into its own group; kill(-pgid)") \
	X(sigraise, "raise() runs the handler before it returns") \
	X(sigeintr, "a pipe read interrupted by a handler without SA_RESTART gives EINTR") \
	X(sigrestart, "with SA_RESTART the interrupted pipe read is restarted") \
	X(siginfo, "SA_SIGINFO handler sees si_signo, si_code SI_USER, si_pid, si_uid") \
	X(sigqueue, "sigqueue value arrives; real-time signals queue, SIGUSR1 coalesces") \
	X(sigmask, "a blocked signal stays pending and is delivered on unblock") \
	X(sigsuspend, "sigsuspend waits with a temporary mask, returns EINTR, restores mask") \
	X(sigaltstack, "SA_ONSTACK handler runs on the alternate stack (SS_ONSTACK)") \
	X(sigchld, "SIGCHLD arrives with CLD_EXITED when a child exits") \
	X(sigchldign, "with SIGCHLD ignored children are reaped by the kernel: ECHILD") \
	X(signested, "a signal arriving during a handler nests; the same one is deferred") \
	X(sigdefault, "default actions: SIGUSR1 and others terminate, SIGCHLD/SIGURG ignored") \
	X(sigignore, "an ignored signal does nothing") \
	X(sigresethand, "SA_RESETHAND restores the default action after one delivery") \
	X(sigfork, "a forked child inherits handlers and mask but not pending signals") \
	X(siguncatchable, "SIGKILL/SIGSTOP cannot be caught or blocked; bad numbers EINVAL") \
	X(sigstopcont, "SIGSTOP/SIGCONT are reported by WUNTRACED and WCONTINUED") \
	X(sigfpu, "signal handlers do not corrupt the interrupted integer and FPU state") \
	X(cow, "after fork parent and child write the same page and see their own value") \
	X(cowlarge, "copy-on-write of a 8 MiB region, in both directions") \
	X(cowmulti, "4 children write the same pages; nobody sees another's writes") \
	X(brk, "brk grows and shrinks the heap; regrown memory reads back zero") \
	X(brkhuge, "a huge or too low brk fails and leaves the break unchanged") \
	X(mmapanon, "anonymous private mmap is zero-filled and writable") \
	X(mmapshared, "MAP_SHARED anonymous memory written by a child is seen by the parent") \
	X(mmapprivate, "MAP_PRIVATE anonymous memory written by a child is not seen") \
	X(mmapfixed, "MAP_FIXED replaces one page inside an existing mapping") \
	X(munmappartial, "munmap of the middle page keeps the others; the hole faults") \
	X(munmapsegv, "access after munmap gives SIGSEGV") \
	X(mprotectro, "mprotect to read-only: reads work, a write gives SIGSEGV") \
	X(protnone, "a PROT_NONE page faults on read; mprotect makes it usable") \
	X(mremap, "mremap grows (MAYMOVE) keeping data, shrinks, fails in place with ENOMEM") \
	X(mmapeinval, "mmap/munmap with length 0, unaligned addresses, bad flags fail") \
	X(mmapfile, "file-backed mmap: private read and shared write-back") \
	X(textwrite, "writing to a function's code gives SIGSEGV") \
	X(rodatawrite, "writing to a string literal gives SIGSEGV") \
	X(nullread, "reading NULL gives SIGSEGV with si_addr 0 and SEGV_MAPERR") \
	X(nullcall, "calling a NULL function pointer gives SIGSEGV") \
	X(nxstack, "executing a non-executable page gives SIGSEGV") \
	X(kernelread, "reading a kernel address gives SIGSEGV") \
	X(stackoverflow, "infinite recursion kills the child with SIGSEGV") \
	X(stackoverflowalt, "a stack overflow is caught by a handler on the alternate stack") \
	X(oom, "a child allocating until failure fails cleanly or is SIGKILLed") \
	X(badread, "read/pread/readv into bad pointers give EFAULT; a buffer bad past its first page, a short read") \
	X(badwrite, "write/pwrite/writev from bad pointers give EFAULT") \
	X(badpath, "open/access/chdir/mkdir/unlink/rename with bad paths give EFAULT") \
	X(badstat, "stat/lstat/fstat with bad path or buffer give EFAULT") \
	X(badexecve, "execve with bad path, argv, argv[0] or envp gives EFAULT") \
	X(badpipe, "pipe/pipe2 with a bad array give EFAULT and leak no fd") \
	X(badwait4, "wait4 with a bad status pointer gives EFAULT") \
	X(badtime, "clock_gettime/clock_getres/gettimeofday/nanosleep give EFAULT") \
	X(badsignal, "rt_sigaction/rt_sigprocmask/sigaltstack/rt_sigpending give EFAULT") \
	X(badgetcwd, "getcwd into a bad buffer gives EFAULT") \
	X(badmisc, "uname/sysinfo/getrandom/prlimit64/poll/select/getdents64/futex give EFAULT") \
	X(fdexhaust, "open until EMFILE at exactly RLIMIT_NOFILE, close one and succeed") \
	X(dup, "dup returns the lowest fd and shares the offset") \
	X(dup2, "dup2 onto an open fd, onto itself, with a bad fd") \
	X(dup3, "dup3 with O_CLOEXEC; same fds give EINVAL") \
	X(fcntldupfd, "F_DUPFD returns the lowest fd >= arg; F_DUPFD_CLOEXEC") \
	X(fcntlfd, "F_GETFD/F_SETFD are per descriptor, not shared by dup") \
	X(fcntlfl, "F_GETFL/F_SETFL: access mode, O_APPEND, O_NONBLOCK shared by dup") \
	X(filerw, "create, write, close, reopen and read back a file") \
	X(lseek, "lseek SEEK_SET/CUR/END, holes read as zero, negative offset EINVAL") \
	X(pread, "pread/pwrite do not move the file offset") \
	X(append, "O_APPEND writes always go to the end") \
	X(trunc, "O_TRUNC and ftruncate set the size") \
	X(excl, "O_CREAT|O_EXCL on an existing file gives EEXIST") \
	X(readvwritev, "writev gathers and readv scatters") \
	X(unlinkopen, "an unlinked open file stays readable; nlink is 0") \
	X(rename, "rename moves a file and replaces an existing target") \
	X(mkdir, "mkdir EEXIST, rmdir ENOTEMPTY, rmdir, ENOENT") \
	X(readdir, "readdir lists every created file plus . and ..") \
	X(chdir, "chdir and getcwd agree; chdir to a file gives ENOTDIR") \
	X(fstat, "fstat sizes and types of files, directories and pipes") \
	X(faccessat, "faccessat F_OK/R_OK/W_OK/X_OK") \
	X(umask, "umask is applied to new files and directories") \
	X(openerrors, "open gives ENOENT, EISDIR, ENOTDIR; bad fds give EBADF") \
	X(symlinkloop, "symlink loops and 50-link chains give ELOOP, O_NOFOLLOW; slow symlinks") \
	X(renamerules, "rename over files and empty dirs, across dirs; EISDIR ENOTDIR ENOTEMPTY EINVAL") \
	X(hardlinks, "link counts of files and directories; EEXIST, EPERM on a directory") \
	X(filetimes, "utimensat sets, UTIME_NOW/OMIT; writes, chmod and new entries move times") \
	X(permissions, "uid 1000 meets EACCES/EPERM from mode bits, ownership, the sticky bit") \
	X(statfs, "statfs/fstatfs agree; 1 MiB written and synced leaves f_bfree") \
	X(mmapcoherent, "a shared mapping and read()/write() see each other's bytes at once") \
	X(sparsefile, "a 5 GiB sparse file: holes read as zeros, few blocks; ftruncate both ways") \
	X(bigdir, "2000 entries in a directory: readdir sees each once; lookups after unlinks") \
	X(synccalls, "fsync, fdatasync, syncfs, sync succeed on files and dirs; EINVAL on a pipe") \
	X(pipe, "data written to a pipe reaches a child reading it") \
	X(pipeeof, "read returns 0 once all writers have closed") \
	X(sigpipe, "writing to a pipe without readers raises SIGPIPE") \
	X(epipe, "with SIGPIPE ignored the write gives EPIPE") \
	X(pipebig, "a 128 KiB write completes against a slow reader, data intact") \
	X(pipe2cloexec, "pipe2(O_CLOEXEC) sets FD_CLOEXEC on both ends") \
	X(pipenonblock, "O_NONBLOCK pipe: empty read and full write give EAGAIN") \
	X(pipeatomic, "writes of PIPE_BUF bytes or less from 4 writers never interleave") \
	X(poll, "poll on a pipe: timeout 0 and 10 ms, POLLIN after a write, POLLHUP") \
	X(select, "select on a pipe: timeout 0 and 10 ms, readable after a write") \
	X(ioctlnotty, "ioctl TIOCGWINSZ on a pipe or file gives ENOTTY") \
	X(threads, "8 threads each add to a counter under a mutex") \
	X(condvar, "two threads ping-pong through a condition variable") \
	X(threadstacks, "threads run on distinct stacks and share the globals") \
	X(threadtls, "thread-local variables differ between threads") \
	X(threadexit, "pthread_exit and return values arrive through pthread_join") \
	X(threadexitgroup, "exit from a non-main thread ends the whole process") \
	X(threadmainexit, "the main thread may pthread_exit while another goes on") \
	X(threadkill, "pthread_kill delivers the signal to the chosen thread") \
	X(threadfork, "fork from a thread gives a working single-threaded child") \
	X(threadvec, "5 threads' vector registers (ymm with AVX) survive system calls on any CPU") \
	X(futex, "futex: EAGAIN on mismatch, ETIMEDOUT, wait/wake between threads") \
	X(futexshared, "futex wait/wake across processes on a MAP_SHARED page") \
	X(clockmono, "CLOCK_MONOTONIC never goes backwards") \
	X(nanosleep, "nanosleep(50 ms) sleeps at least 50 ms; bad timespec EINVAL") \
	X(gettimeofday, "gettimeofday and CLOCK_REALTIME agree within a second") \
	X(getrandom, "getrandom fills buffers that are not constant and differ") \
	X(uname, "uname fields are non-empty, machine is x86_64") \
	X(ids, "uid/gid calls agree with their effective versions") \
	X(prlimit, "prlimit64 get matches getrlimit; setrlimit reads back") \
	X(schedyield, "sched_yield succeeds") \
	X(sysinfo, "sysinfo reports sane memory and uptime") \

#define UT_DECLARE(name, desc) void test_##name(void);
UT_TESTS(UT_DECLARE)
#undef UT_DECLARE

/* Set by main. */
extern char ut_self[];		/* absolute path of this binary, for exec */
extern int ut_circleos;		/* uname sysname is "CircleOS" */

/* Failure reporting: prints "file:line: message" to the parent and exits. */
void ut_fail(const char *file, int line, int show_errno, const char *fmt, ...)
	__attribute__((noreturn, format(printf, 4, 5)));
void ut_detail(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
const char *ut_errname(int err);

#define CHECK(e) do { \
	if (!(e)) \
		ut_fail(__FILE__, __LINE__, 1, "%s", #e); \
} while (0)

/* For calls that return -1 on failure. */
#define CHECK_OK(e) do { \
	if ((long)(e) == -1) \
		ut_fail(__FILE__, __LINE__, 1, "%s", #e); \
} while (0)

#define CHECK_EQ(a, b) do { \
	long long ut_a_ = (long long)(a), ut_b_ = (long long)(b); \
	if (ut_a_ != ut_b_) \
		ut_fail(__FILE__, __LINE__, 0, "%s == %s (%lld != %lld)", \
			#a, #b, ut_a_, ut_b_); \
} while (0)

/* The call must return -1 with errno err. */
#define CHECK_ERR(e, err) do { \
	long long ut_r_; \
	int ut_e_; \
	errno = 0; \
	ut_r_ = (long long)(e); \
	ut_e_ = errno; \
	if (ut_r_ != -1 || ut_e_ != (err)) \
		ut_fail(__FILE__, __LINE__, 0, \
			"%s: want -1 %s, got %lld %s", #e, \
			ut_errname(err), ut_r_, ut_errname(ut_e_)); \
} while (0)

#define EXPECT_EXIT(pid, code) ut_expect_exit(__FILE__, __LINE__, pid, code)
#define EXPECT_SIGNAL(pid, sig) ut_expect_signal(__FILE__, __LINE__, pid, sig)

/* Process helpers. */
pid_t ut_fork(void);
int ut_wait(pid_t pid);
void ut_expect_exit(const char *file, int line, pid_t pid, int code);
void ut_expect_signal(const char *file, int line, pid_t pid, int sig);
/* Run fn in a child; it must die of signal sig (0: exit 0). */
#define EXPECT_CHILD(fn, sig) do { \
	pid_t ut_c_ = ut_fork(); \
	if (ut_c_ == 0) { \
		fn(); \
		_exit(0); \
	} \
	if (sig) \
		EXPECT_SIGNAL(ut_c_, sig); \
	else \
		EXPECT_EXIT(ut_c_, 0); \
} while (0)

/* Time helpers. */
long long ut_now_ns(void);
void ut_msleep(long ms);

/* Signal helper: install handler (with sa_flags) for sig. */
void ut_sigaction(int sig, void (*handler)(int), int flags);
void ut_sigaction_info(int sig, void (*handler)(int, siginfo_t *, void *),
		       int flags);

/*
 * Scratch directory BASE/usertests.PID (BASE: -d DIR, default /tmp):
 * create and enter, leave and remove.
 */
extern const char *ut_scratch_base;
void ut_scratch_path(char *buf, size_t size, pid_t pid);
void ut_scratch_enter(void);
void ut_scratch_leave(void);
void ut_rmtree(const char *path);
void ut_write_file(const char *path, const void *data, size_t len, int mode);

/* Bad user pointers: (void *)1, a kernel address, an unmapped page. */
void ut_bad_addrs(void *bad[UT_NBAD]);
int ut_lowest_free_fd(void);
int ut_fd_open(int fd);
pid_t ut_gettid(void);

/* Write/read exactly len bytes or fail. */
void ut_write_all(int fd, const void *buf, size_t len);
void ut_read_all(int fd, void *buf, size_t len);

/* Helper modes run by exec of this binary: usertests --helper NAME ... */
int ut_helper_main(int argc, char **argv, char **envp);

#endif
