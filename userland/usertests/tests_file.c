/*
 * tests_file.c - descriptor and file system tests: descriptor exhaustion,
 * dup/dup2/dup3/fcntl, file I/O and offsets, directories, stat, access and
 * umask, all inside a scratch directory (under /tmp, or usertests -d DIR).
 */
#include "usertests.h"

#include <dirent.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <unistd.h>

static int
open_file(const char *path, int flags)
{
	int fd = open(path, flags, 0644);

	if (fd < 0)
		ut_fail(__FILE__, __LINE__, 1, "open %s", path);
	return fd;
}

static off_t
file_size(const char *path)
{
	struct stat st;

	if (stat(path, &st) < 0)
		ut_fail(__FILE__, __LINE__, 1, "stat %s", path);
	return st.st_size;
}

/* ---- descriptors ---- */

void
test_fdexhaust(void)
{
	static int fds[4096];
	struct rlimit rl;
	int limit, base, fd, n = 0, i, k;
	int p[2];

	CHECK_OK(getrlimit(RLIMIT_NOFILE, &rl));
	if (rl.rlim_cur > 4096) {
		/* Keep the test quick on hosts with huge limits. */
		rl.rlim_cur = 4096;
		CHECK_OK(setrlimit(RLIMIT_NOFILE, &rl));
		CHECK_OK(getrlimit(RLIMIT_NOFILE, &rl));
	}
	limit = (int)rl.rlim_cur;
	CHECK(limit > 8 && limit <= 4096);
	base = open("/", O_RDONLY);
	CHECK(base >= 0);
	for (;;) {
		fd = dup(base);
		if (fd < 0) {
			CHECK_EQ(errno, EMFILE);
			break;
		}
		CHECK(fd < limit);
		CHECK(n < limit);
		fds[n++] = fd;
	}
	/* Every slot below the limit is now in use. */
	for (fd = 0; fd < limit; fd++) {
		ut_detail("fd %d", fd);
		CHECK(ut_fd_open(fd));
	}
	ut_detail("%s", "");
	CHECK_ERR(open("/", O_RDONLY), EMFILE);
	CHECK_ERR(pipe(p), EMFILE);
	CHECK_ERR(fcntl(base, F_DUPFD, 0), EMFILE);
	CHECK_ERR(dup2(base, limit), EBADF);
	/* Free one slot: the next open gets exactly it. */
	k = fds[n / 2];
	CHECK_OK(close(k));
	fd = open("/", O_RDONLY);
	CHECK_EQ(fd, k);
	CHECK_ERR(dup(base), EMFILE);
	for (i = 0; i < n; i++)
		CHECK_OK(close(fds[i]));
	CHECK_OK(close(base));
	fd = open("/", O_RDONLY);
	CHECK(fd >= 0 && fd < limit);
	close(fd);
}

void
test_dup(void)
{
	char buf[8];
	int fd, d, low;

	ut_scratch_enter();
	fd = open_file("f", O_RDWR | O_CREAT | O_TRUNC);
	ut_write_all(fd, "hello world", 11);
	low = ut_lowest_free_fd();
	d = dup(fd);
	CHECK_EQ(d, low);
	CHECK_OK(lseek(fd, 2, SEEK_SET));
	CHECK_EQ(lseek(d, 0, SEEK_CUR), 2);
	CHECK_EQ(read(d, buf, 3), 3);
	CHECK(memcmp(buf, "llo", 3) == 0);
	CHECK_EQ(lseek(fd, 0, SEEK_CUR), 5);
	CHECK_OK(close(fd));
	CHECK_EQ(read(d, buf, 6), 6);
	CHECK(memcmp(buf, " world", 6) == 0);
	CHECK_OK(close(d));
	CHECK_ERR(dup(-1), EBADF);
	CHECK_ERR(dup(fd), EBADF);
	CHECK_ERR(dup(99999), EBADF);
	ut_scratch_leave();
}

void
test_dup2(void)
{
	struct stat st;
	char buf[4];
	int a, b;

	ut_scratch_enter();
	a = open_file("f", O_RDWR | O_CREAT | O_TRUNC);
	ut_write_all(a, "abcdef", 6);
	b = open(".", O_RDONLY);
	CHECK(b >= 0);
	/* Onto an open fd: it is closed silently and replaced. */
	CHECK_EQ(dup2(a, b), b);
	CHECK_OK(fstat(b, &st));
	CHECK(S_ISREG(st.st_mode));
	CHECK_OK(lseek(a, 1, SEEK_SET));
	CHECK_EQ(read(b, buf, 2), 2);
	CHECK(memcmp(buf, "bc", 2) == 0);
	/* Onto itself: nothing happens. */
	CHECK_EQ(dup2(a, a), a);
	CHECK(ut_fd_open(a));
	/* Onto a closed fd, with close-on-exec cleared. */
	CHECK(!ut_fd_open(40));
	CHECK_OK(fcntl(a, F_SETFD, FD_CLOEXEC));
	CHECK_EQ(dup2(a, 40), 40);
	CHECK_EQ(fcntl(40, F_GETFD), 0);
	CHECK_OK(close(40));
	CHECK_ERR(dup2(-1, b), EBADF);
	CHECK_ERR(dup2(99999, b), EBADF);
	CHECK(ut_fd_open(b));	/* not closed by the failed dup2 */
	CHECK_ERR(dup2(99999, 99999), EBADF);
	CHECK_ERR(dup2(a, -1), EBADF);
	CHECK_ERR(dup2(a, 1 << 30), EBADF);
	close(a);
	close(b);
	ut_scratch_leave();
}

/* Raw dup3: musl only calls the kernel's dup3 when O_CLOEXEC is set. */
static long
sys_dup3(int oldfd, int newfd, int flags)
{
	return syscall(SYS_dup3, oldfd, newfd, flags);
}

void
test_dup3(void)
{
	int a = open("/", O_RDONLY);

	CHECK(a >= 0);
	CHECK(!ut_fd_open(41));
	CHECK_EQ(sys_dup3(a, 41, O_CLOEXEC), 41);
	CHECK_EQ(fcntl(41, F_GETFD), FD_CLOEXEC);
	CHECK_EQ(sys_dup3(a, 41, 0), 41);
	CHECK_EQ(fcntl(41, F_GETFD), 0);
	CHECK_ERR(sys_dup3(a, a, 0), EINVAL);
	CHECK_ERR(sys_dup3(a, a, O_CLOEXEC), EINVAL);
	CHECK_ERR(sys_dup3(a, 42, 0x12345678 & ~O_CLOEXEC), EINVAL);
	CHECK(!ut_fd_open(42));
	CHECK_ERR(sys_dup3(99999, 42, 0), EBADF);
	CHECK_ERR(sys_dup3(a, -1, 0), EBADF);
	/* And through libc. */
	CHECK_EQ(dup3(a, 42, O_CLOEXEC), 42);
	CHECK_EQ(fcntl(42, F_GETFD), FD_CLOEXEC);
	close(42);
	close(41);
	close(a);
}

void
test_fcntldupfd(void)
{
	struct rlimit rl;
	int a = open("/", O_RDONLY), low;

	CHECK(a >= 0);
	CHECK(!ut_fd_open(20) && !ut_fd_open(21) && !ut_fd_open(22));
	CHECK_OK(fcntl(a, F_SETFD, FD_CLOEXEC));
	CHECK_EQ(fcntl(a, F_DUPFD, 20), 20);
	CHECK_EQ(fcntl(20, F_GETFD), 0);
	CHECK_EQ(fcntl(a, F_DUPFD, 20), 21);
	CHECK_EQ(fcntl(a, F_DUPFD_CLOEXEC, 20), 22);
	CHECK_EQ(fcntl(22, F_GETFD), FD_CLOEXEC);
	CHECK_OK(close(21));
	CHECK_EQ(fcntl(a, F_DUPFD, 20), 21);
	low = ut_lowest_free_fd();
	CHECK_EQ(fcntl(a, F_DUPFD, 0), low);
	CHECK_ERR(fcntl(a, F_DUPFD, -1), EINVAL);
	CHECK_OK(getrlimit(RLIMIT_NOFILE, &rl));
	CHECK_ERR(fcntl(a, F_DUPFD, (int)rl.rlim_cur), EINVAL);
	CHECK_ERR(fcntl(99999, F_DUPFD, 0), EBADF);
}

void
test_fcntlfd(void)
{
	int a = open("/", O_RDONLY), b, d;

	CHECK(a >= 0);
	b = open("/", O_RDONLY);
	CHECK(b >= 0);
	CHECK_EQ(fcntl(a, F_GETFD), 0);
	CHECK_OK(fcntl(a, F_SETFD, FD_CLOEXEC));
	CHECK_EQ(fcntl(a, F_GETFD), FD_CLOEXEC);
	CHECK_EQ(fcntl(b, F_GETFD), 0);
	/* The flag is per descriptor: dup does not copy it. */
	d = dup(a);
	CHECK(d >= 0);
	CHECK_EQ(fcntl(d, F_GETFD), 0);
	CHECK_EQ(fcntl(a, F_GETFD), FD_CLOEXEC);
	CHECK_OK(fcntl(a, F_SETFD, 0));
	CHECK_EQ(fcntl(a, F_GETFD), 0);
	CHECK_OK(close(d));
	CHECK_ERR(fcntl(d, F_GETFD), EBADF);
	CHECK_ERR(fcntl(d, F_SETFD, FD_CLOEXEC), EBADF);
	CHECK_ERR(fcntl(-1, F_GETFD), EBADF);
	close(a);
	close(b);
}

void
test_fcntlfl(void)
{
	int a, b, d, fl, p[2];

	ut_scratch_enter();
	a = open_file("f", O_RDWR | O_CREAT | O_APPEND);
	fl = fcntl(a, F_GETFL);
	CHECK(fl != -1);
	CHECK_EQ(fl & O_ACCMODE, O_RDWR);
	CHECK(fl & O_APPEND);
	CHECK(!(fl & O_NONBLOCK));
	/* O_CREAT is not remembered. */
	CHECK(!(fl & O_CREAT));
	d = dup(a);
	CHECK_OK(fcntl(a, F_SETFL, O_NONBLOCK));
	fl = fcntl(a, F_GETFL);
	CHECK(fl & O_NONBLOCK);
	CHECK(!(fl & O_APPEND));
	/* The access mode cannot be changed. */
	CHECK_EQ(fl & O_ACCMODE, O_RDWR);
	CHECK_OK(fcntl(a, F_SETFL, O_APPEND | O_RDONLY));
	CHECK_EQ(fcntl(a, F_GETFL) & O_ACCMODE, O_RDWR);
	/* Status flags live in the open file, shared by dup. */
	fl = fcntl(d, F_GETFL);
	CHECK(fl & O_APPEND);
	CHECK(!(fl & O_NONBLOCK));

	b = open_file("f", O_WRONLY);
	CHECK_EQ(fcntl(b, F_GETFL) & O_ACCMODE, O_WRONLY);
	CHECK(!(fcntl(b, F_GETFL) & O_APPEND));
	close(b);
	b = open_file("f", O_RDONLY);
	CHECK_EQ(fcntl(b, F_GETFL) & O_ACCMODE, O_RDONLY);
	close(b);
	CHECK_OK(pipe(p));
	CHECK_EQ(fcntl(p[0], F_GETFL) & O_ACCMODE, O_RDONLY);
	CHECK_EQ(fcntl(p[1], F_GETFL) & O_ACCMODE, O_WRONLY);
	close(p[0]);
	close(p[1]);
	close(a);
	close(d);
	CHECK_ERR(fcntl(a, F_GETFL), EBADF);
	ut_scratch_leave();
}

/* ---- file I/O ---- */

void
test_filerw(void)
{
	enum { LEN = 10000 };
	static char data[LEN], back[LEN + 10];
	size_t off = 0, n;
	int fd, i;

	for (i = 0; i < LEN; i++)
		data[i] = (char)(i * 31 + 7);
	ut_scratch_enter();
	fd = open("f", O_WRONLY | O_CREAT | O_EXCL, 0644);
	CHECK(fd >= 0);
	/* Odd-sized pieces across block boundaries. */
	for (i = 1; off < LEN; i += 2) {
		n = (size_t)(i * 97) % 1500 + 1;
		if (n > LEN - off)
			n = LEN - off;
		CHECK_EQ(write(fd, data + off, n), (long)n);
		off += n;
	}
	CHECK_ERR(read(fd, back, 1), EBADF);
	CHECK_OK(close(fd));
	CHECK_EQ(file_size("f"), LEN);
	fd = open_file("f", O_RDONLY);
	ut_read_all(fd, back, LEN);
	CHECK(memcmp(back, data, LEN) == 0);
	CHECK_EQ(read(fd, back, 10), 0);
	CHECK_EQ(read(fd, back, 10), 0);
	CHECK_ERR(write(fd, "x", 1), EBADF);
	CHECK_EQ(read(fd, back, 0), 0);
	CHECK_OK(close(fd));
	ut_scratch_leave();
}

void
test_lseek(void)
{
	char buf[16];
	int fd, p[2], i;

	ut_scratch_enter();
	fd = open_file("f", O_RDWR | O_CREAT | O_TRUNC);
	ut_write_all(fd, "0123456789", 10);
	CHECK_EQ(lseek(fd, 0, SEEK_CUR), 10);
	CHECK_EQ(lseek(fd, 3, SEEK_SET), 3);
	CHECK_EQ(read(fd, buf, 2), 2);
	CHECK(memcmp(buf, "34", 2) == 0);
	CHECK_EQ(lseek(fd, -2, SEEK_CUR), 3);
	CHECK_EQ(lseek(fd, 0, SEEK_END), 10);
	CHECK_EQ(lseek(fd, -1, SEEK_END), 9);
	CHECK_EQ(read(fd, buf, 5), 1);
	CHECK_EQ(buf[0], '9');
	/* Past the end: a hole that reads back as zeros. */
	CHECK_EQ(lseek(fd, 20, SEEK_SET), 20);
	CHECK_EQ(read(fd, buf, 1), 0);
	ut_write_all(fd, "x", 1);
	CHECK_EQ(file_size("f"), 21);
	CHECK_EQ(pread(fd, buf, 16, 5), 16);
	CHECK(memcmp(buf, "56789", 5) == 0);
	for (i = 5; i < 15; i++)
		CHECK_EQ(buf[i], 0);
	CHECK_EQ(buf[15], 'x');
	CHECK_ERR(lseek(fd, -1, SEEK_SET), EINVAL);
	CHECK_ERR(lseek(fd, -100, SEEK_END), EINVAL);
	CHECK_ERR(lseek(fd, 0, 12345), EINVAL);
	CHECK_EQ(lseek(fd, 0, SEEK_CUR), 21);
	CHECK_OK(pipe(p));
	CHECK_ERR(lseek(p[0], 0, SEEK_SET), ESPIPE);
	CHECK_ERR(lseek(99999, 0, SEEK_SET), EBADF);
	close(p[0]);
	close(p[1]);
	close(fd);
	ut_scratch_leave();
}

void
test_pread(void)
{
	char buf[8];
	int fd, p[2];

	ut_scratch_enter();
	fd = open_file("f", O_RDWR | O_CREAT | O_TRUNC);
	ut_write_all(fd, "abcdef", 6);
	CHECK_OK(lseek(fd, 2, SEEK_SET));
	CHECK_EQ(pwrite(fd, "XYZ", 3, 100), 3);
	CHECK_EQ(lseek(fd, 0, SEEK_CUR), 2);
	CHECK_EQ(file_size("f"), 103);
	CHECK_EQ(pread(fd, buf, 3, 100), 3);
	CHECK(memcmp(buf, "XYZ", 3) == 0);
	CHECK_EQ(pread(fd, buf, 8, 101), 2);
	CHECK_EQ(pread(fd, buf, 8, 200), 0);
	CHECK_EQ(lseek(fd, 0, SEEK_CUR), 2);
	CHECK_EQ(read(fd, buf, 2), 2);
	CHECK(memcmp(buf, "cd", 2) == 0);
	CHECK_ERR(pread(fd, buf, 1, -1), EINVAL);
	CHECK_OK(pipe(p));
	CHECK_ERR(pread(p[0], buf, 1, 0), ESPIPE);
	CHECK_ERR(pwrite(p[1], buf, 1, 0), ESPIPE);
	close(p[0]);
	close(p[1]);
	close(fd);
	ut_scratch_leave();
}

void
test_append(void)
{
	char buf[16];
	int a, b;

	ut_scratch_enter();
	a = open_file("f", O_RDWR | O_CREAT | O_TRUNC | O_APPEND);
	b = open_file("f", O_WRONLY | O_APPEND);
	ut_write_all(a, "aaa", 3);
	CHECK_OK(lseek(a, 0, SEEK_SET));
	ut_write_all(a, "bbb", 3);
	CHECK_EQ(lseek(a, 0, SEEK_CUR), 6);
	ut_write_all(b, "ccc", 3);
	ut_write_all(a, "ddd", 3);
	CHECK_EQ(pread(a, buf, sizeof(buf), 0), 12);
	CHECK(memcmp(buf, "aaabbbcccddd", 12) == 0);
	/* Reads still honour the offset. */
	CHECK_OK(lseek(a, 3, SEEK_SET));
	CHECK_EQ(read(a, buf, 3), 3);
	CHECK(memcmp(buf, "bbb", 3) == 0);
	close(a);
	close(b);
	ut_scratch_leave();
}

void
test_trunc(void)
{
	char buf[32];
	int fd, i;

	ut_scratch_enter();
	memset(buf, 'q', sizeof(buf));
	ut_write_file("f", buf, sizeof(buf), 0644);
	CHECK_EQ(file_size("f"), 32);
	fd = open_file("f", O_WRONLY | O_TRUNC);
	CHECK_EQ(file_size("f"), 0);
	ut_write_all(fd, "0123456789", 10);
	CHECK_OK(ftruncate(fd, 4));
	CHECK_EQ(file_size("f"), 4);
	CHECK_OK(ftruncate(fd, 5000));
	CHECK_EQ(file_size("f"), 5000);
	close(fd);
	fd = open_file("f", O_RDONLY);
	CHECK_EQ(read(fd, buf, 8), 8);
	CHECK(memcmp(buf, "0123", 4) == 0);
	for (i = 4; i < 8; i++)
		CHECK_EQ(buf[i], 0);
	CHECK_ERR(ftruncate(fd, 0), EINVAL);
	close(fd);
	CHECK_OK(truncate("f", 3));
	CHECK_EQ(file_size("f"), 3);
	CHECK_ERR(truncate("missing", 0), ENOENT);
	ut_scratch_leave();
}

void
test_excl(void)
{
	int fd;

	ut_scratch_enter();
	fd = open("f", O_WRONLY | O_CREAT | O_EXCL, 0644);
	CHECK(fd >= 0);
	close(fd);
	CHECK_ERR(open("f", O_WRONLY | O_CREAT | O_EXCL, 0644), EEXIST);
	CHECK_ERR(open("f", O_RDONLY | O_CREAT | O_EXCL, 0644), EEXIST);
	CHECK_OK(mkdir("d", 0755));
	CHECK_ERR(open("d", O_RDONLY | O_CREAT | O_EXCL, 0644), EEXIST);
	/* Without O_EXCL an existing file is just opened. */
	fd = open("f", O_WRONLY | O_CREAT, 0644);
	CHECK(fd >= 0);
	close(fd);
	ut_scratch_leave();
}

void
test_readvwritev(void)
{
	char a[4], b[5], c[8];
	struct iovec w[3] = {
		{ "ab", 2 }, { "cde", 3 }, { "fghi", 4 }
	};
	struct iovec r[3] = {
		{ a, sizeof(a) }, { b, sizeof(b) }, { c, sizeof(c) }
	};
	int fd;

	ut_scratch_enter();
	fd = open_file("f", O_RDWR | O_CREAT | O_TRUNC);
	CHECK_EQ(writev(fd, w, 3), 9);
	CHECK_EQ(lseek(fd, 0, SEEK_CUR), 9);
	CHECK_EQ(writev(fd, w, 0), 0);
	CHECK_OK(lseek(fd, 0, SEEK_SET));
	CHECK_EQ(readv(fd, r, 3), 9);
	CHECK(memcmp(a, "abcd", 4) == 0);
	CHECK(memcmp(b, "efghi", 5) == 0);
	CHECK_EQ(readv(fd, r, 3), 0);
	CHECK_ERR(syscall(SYS_readv, fd, r, -1), EINVAL);
	close(fd);
	ut_scratch_leave();
}

void
test_unlinkopen(void)
{
	struct stat st;
	char buf[16];
	int fd;

	ut_scratch_enter();
	fd = open_file("f", O_RDWR | O_CREAT | O_TRUNC);
	ut_write_all(fd, "still here", 10);
	CHECK_OK(unlink("f"));
	CHECK_ERR(open("f", O_RDONLY), ENOENT);
	CHECK_ERR(unlink("f"), ENOENT);
	CHECK_OK(fstat(fd, &st));
	CHECK_EQ(st.st_nlink, 0);
	CHECK_EQ(st.st_size, 10);
	CHECK_EQ(pread(fd, buf, sizeof(buf), 0), 10);
	CHECK(memcmp(buf, "still here", 10) == 0);
	ut_write_all(fd, "!", 1);
	CHECK_EQ(pread(fd, buf, sizeof(buf), 0), 11);
	/* A new file with the same name is a different file. */
	ut_write_file("f", "new", 3, 0644);
	CHECK_EQ(pread(fd, buf, sizeof(buf), 0), 11);
	CHECK_OK(close(fd));
	ut_scratch_leave();
}

void
test_rename(void)
{
	char buf[8];
	int fd;

	ut_scratch_enter();
	ut_write_file("a", "A", 1, 0644);
	CHECK_OK(rename("a", "b"));
	CHECK_ERR(open("a", O_RDONLY), ENOENT);
	fd = open_file("b", O_RDONLY);
	CHECK_EQ(read(fd, buf, sizeof(buf)), 1);
	CHECK_EQ(buf[0], 'A');
	close(fd);
	/* Over an existing file: it is replaced. */
	ut_write_file("c", "CC", 2, 0644);
	CHECK_OK(rename("b", "c"));
	CHECK_EQ(file_size("c"), 1);
	CHECK_ERR(open("b", O_RDONLY), ENOENT);
	/* Into a directory, and a directory itself. */
	CHECK_OK(mkdir("d", 0755));
	CHECK_OK(rename("c", "d/c"));
	CHECK_EQ(file_size("d/c"), 1);
	CHECK_OK(rename("d", "e"));
	CHECK_EQ(file_size("e/c"), 1);
	CHECK_OK(rename("e/c", "e/c"));
	CHECK_ERR(rename("missing", "x"), ENOENT);
	CHECK_OK(mkdir("f", 0755));
	CHECK_ERR(rename("e/c", "f"), EISDIR);
	CHECK_ERR(rename("e", "e/sub"), EINVAL);
	ut_scratch_leave();
}

void
test_mkdir(void)
{
	struct stat st;

	ut_scratch_enter();
	CHECK_OK(mkdir("d", 0755));
	CHECK_OK(stat("d", &st));
	CHECK(S_ISDIR(st.st_mode));
	CHECK_ERR(mkdir("d", 0755), EEXIST);
	ut_write_file("d/f", "x", 1, 0644);
	CHECK_ERR(rmdir("d"), ENOTEMPTY);
	CHECK_ERR(mkdir("d/f", 0755), EEXIST);
	CHECK_ERR(mkdir("d/f/g", 0755), ENOTDIR);
	CHECK_ERR(mkdir("no/such/dir", 0755), ENOENT);
	CHECK_ERR(rmdir("d/f"), ENOTDIR);
	CHECK_ERR(unlink("d"), EISDIR);
	CHECK_OK(unlink("d/f"));
	CHECK_OK(mkdir("d/sub", 0755));
	CHECK_ERR(rmdir("d"), ENOTEMPTY);
	CHECK_OK(rmdir("d/sub"));
	CHECK_OK(rmdir("d"));
	CHECK_ERR(rmdir("d"), ENOENT);
	CHECK_ERR(stat("d", &st), ENOENT);
	CHECK_ERR(rmdir("."), EINVAL);
	ut_scratch_leave();
}

void
test_readdir(void)
{
	enum { N = 24 };
	int seen[N], dots = 0, i, fd, total = 0;
	char name[32], buf[128];
	struct dirent *de;
	DIR *d;
	long n;

	ut_scratch_enter();
	for (i = 0; i < N; i++) {
		snprintf(name, sizeof(name), "file-%02d", i);
		ut_write_file(name, "", 0, 0644);
		seen[i] = 0;
	}
	CHECK_OK(mkdir("subdir", 0755));
	d = opendir(".");
	CHECK(d != NULL);
	while ((errno = 0, de = readdir(d)) != NULL) {
		if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, "..")) {
			dots++;
			CHECK_EQ(de->d_type, DT_DIR);
			continue;
		}
		if (!strcmp(de->d_name, "subdir")) {
			dots += 10;
			CHECK_EQ(de->d_type, DT_DIR);
			continue;
		}
		CHECK(sscanf(de->d_name, "file-%d", &i) == 1);
		CHECK(i >= 0 && i < N);
		CHECK(!seen[i]);
		seen[i] = 1;
		CHECK_EQ(de->d_type, DT_REG);
	}
	CHECK_EQ(errno, 0);
	CHECK_EQ(dots, 12);
	for (i = 0; i < N; i++)
		CHECK(seen[i]);
	/* rewinddir starts over. */
	rewinddir(d);
	for (i = 0; readdir(d); i++)
		;
	CHECK_EQ(i, N + 3);
	closedir(d);

	/* Raw getdents64 with a small buffer resumes where it stopped. */
	fd = open(".", O_RDONLY | O_DIRECTORY);
	CHECK(fd >= 0);
	while ((n = syscall(SYS_getdents64, fd, buf, sizeof(buf))) > 0) {
		for (long off = 0; off < n; total++) {
			unsigned short reclen;

			/* struct linux_dirent64: d_reclen at offset 16 */
			memcpy(&reclen, buf + off + 16, sizeof(reclen));
			CHECK(reclen > 0);
			off += reclen;
		}
	}
	CHECK_EQ(n, 0);
	CHECK_EQ(total, N + 3);
	CHECK_EQ(lseek(fd, 0, SEEK_SET), 0);
	CHECK_ERR(syscall(SYS_getdents64, fd, buf, 4), EINVAL);
	close(fd);
	fd = open_file("file-00", O_RDONLY);
	CHECK_ERR(syscall(SYS_getdents64, fd, buf, sizeof(buf)), ENOTDIR);
	close(fd);
	ut_scratch_leave();
}

void
test_chdir(void)
{
	char top[PATH_MAX], cwd[PATH_MAX], want[PATH_MAX + 8];
	int fd;

	ut_scratch_enter();
	CHECK(getcwd(top, sizeof(top)) != NULL);
	ut_scratch_path(want, sizeof(want), getpid());
	CHECK(strcmp(top, want) == 0);
	CHECK_OK(mkdir("sub", 0755));
	CHECK_OK(chdir("sub"));
	CHECK(getcwd(cwd, sizeof(cwd)) != NULL);
	snprintf(want, sizeof(want), "%s/sub", top);
	CHECK(strcmp(cwd, want) == 0);
	ut_write_file("inner", "i", 1, 0644);
	CHECK_OK(chdir(".."));
	CHECK(getcwd(cwd, sizeof(cwd)) != NULL);
	CHECK(strcmp(cwd, top) == 0);
	CHECK_EQ(file_size("sub/inner"), 1);
	fd = open("sub", O_RDONLY | O_DIRECTORY);
	CHECK(fd >= 0);
	CHECK_OK(fchdir(fd));
	CHECK_EQ(file_size("inner"), 1);
	close(fd);
	CHECK_OK(chdir("/"));
	CHECK(getcwd(cwd, sizeof(cwd)) != NULL);
	CHECK(strcmp(cwd, "/") == 0);
	CHECK_OK(chdir(top));
	CHECK_ERR(chdir("sub/inner"), ENOTDIR);
	CHECK_ERR(chdir("missing"), ENOENT);
	CHECK_ERR(syscall(SYS_getcwd, cwd, 1), ERANGE);
	ut_scratch_leave();
}

void
test_fstat(void)
{
	static char data[5000];
	struct stat st, st2;
	int fd, p[2];

	ut_scratch_enter();
	fd = open_file("f", O_RDWR | O_CREAT | O_TRUNC);
	CHECK_OK(fstat(fd, &st));
	CHECK(S_ISREG(st.st_mode));
	CHECK_EQ(st.st_size, 0);
	CHECK_EQ(st.st_nlink, 1);
	CHECK_EQ(st.st_uid, geteuid());
	ut_write_all(fd, data, sizeof(data));
	CHECK_OK(fstat(fd, &st));
	CHECK_EQ(st.st_size, 5000);
	CHECK(st.st_blksize > 0);
	CHECK_OK(stat("f", &st2));
	CHECK_EQ(st2.st_ino, st.st_ino);
	CHECK_EQ(st2.st_dev, st.st_dev);
	CHECK_EQ(st2.st_size, 5000);
	close(fd);
	CHECK_OK(stat(".", &st));
	CHECK(S_ISDIR(st.st_mode));
	CHECK(st.st_ino != st2.st_ino);
	CHECK_OK(pipe(p));
	CHECK_OK(fstat(p[0], &st));
	CHECK(S_ISFIFO(st.st_mode));
	close(p[0]);
	close(p[1]);
	CHECK_ERR(fstat(99999, &st), EBADF);
	ut_scratch_leave();
}

void
test_faccessat(void)
{
	int dfd;

	ut_scratch_enter();
	ut_write_file("f", "x", 1, 0644);
	CHECK_OK(chmod("f", 0644));
	ut_write_file("x", "x", 1, 0755);
	CHECK_OK(chmod("x", 0755));
	CHECK_OK(faccessat(AT_FDCWD, "f", F_OK, 0));
	CHECK_OK(faccessat(AT_FDCWD, "f", R_OK | W_OK, 0));
	/* Nobody, not even root, may execute a file without x bits. */
	CHECK_ERR(faccessat(AT_FDCWD, "f", X_OK, 0), EACCES);
	CHECK_OK(faccessat(AT_FDCWD, "x", X_OK, 0));
	CHECK_OK(access("x", R_OK | X_OK));
	CHECK_ERR(faccessat(AT_FDCWD, "missing", F_OK, 0), ENOENT);
	CHECK_ERR(faccessat(AT_FDCWD, "f/g", F_OK, 0), ENOTDIR);
	CHECK_ERR(faccessat(AT_FDCWD, "f", 0100, 0), EINVAL);
	CHECK_OK(mkdir("d", 0755));
	ut_write_file("d/in", "", 0, 0644);
	dfd = open("d", O_RDONLY | O_DIRECTORY);
	CHECK(dfd >= 0);
	CHECK_OK(faccessat(dfd, "in", F_OK, 0));
	CHECK_ERR(faccessat(dfd, "f", F_OK, 0), ENOENT);
	close(dfd);
	ut_scratch_leave();
}

static int
mode_of(const char *path)
{
	struct stat st;

	if (stat(path, &st) < 0)
		ut_fail(__FILE__, __LINE__, 1, "stat %s", path);
	return st.st_mode & 07777;
}

void
test_umask(void)
{
	int fd;

	ut_scratch_enter();
	CHECK_EQ(umask(022), 022);	/* the runner sets 022 */
	fd = open("a", O_WRONLY | O_CREAT, 0777);
	CHECK(fd >= 0);
	close(fd);
	CHECK_EQ(mode_of("a"), 0755);
	CHECK_EQ(umask(077), 022);
	fd = open("b", O_WRONLY | O_CREAT, 0666);
	CHECK(fd >= 0);
	close(fd);
	CHECK_EQ(mode_of("b"), 0600);
	CHECK_OK(mkdir("d", 0777));
	CHECK_EQ(mode_of("d"), 0700);
	CHECK_EQ(umask(0), 077);
	fd = open("c", O_WRONLY | O_CREAT, 0666);
	CHECK(fd >= 0);
	close(fd);
	CHECK_EQ(mode_of("c"), 0666);
	/* chmod is not masked. */
	CHECK_EQ(umask(0777), 0);
	CHECK_OK(chmod("c", 0640));
	CHECK_EQ(mode_of("c"), 0640);
	umask(022);
	ut_scratch_leave();
}

void
test_openerrors(void)
{
	char longname[300];
	int fd;

	ut_scratch_enter();
	ut_write_file("f", "x", 1, 0644);
	CHECK_OK(mkdir("d", 0755));
	CHECK_ERR(open("missing", O_RDONLY), ENOENT);
	CHECK_ERR(open("nodir/x", O_RDONLY | O_CREAT, 0644), ENOENT);
	CHECK_ERR(open("d", O_WRONLY), EISDIR);
	CHECK_ERR(open("d", O_RDWR), EISDIR);
	CHECK_ERR(open("f/x", O_RDONLY), ENOTDIR);
	CHECK_ERR(open("f", O_RDONLY | O_DIRECTORY), ENOTDIR);
	CHECK_ERR(open("", O_RDONLY), ENOENT);
	memset(longname, 'n', sizeof(longname) - 1);
	longname[sizeof(longname) - 1] = 0;
	CHECK_ERR(open(longname, O_RDONLY | O_CREAT, 0644), ENAMETOOLONG);
	fd = open("d", O_RDONLY);
	CHECK(fd >= 0);
	CHECK_ERR(read(fd, longname, 1), EISDIR);
	CHECK_OK(close(fd));
	CHECK_ERR(close(fd), EBADF);
	CHECK_ERR(read(-1, longname, 1), EBADF);
	CHECK_ERR(write(99999, "x", 1), EBADF);
	CHECK_ERR(close(99999), EBADF);
	ut_scratch_leave();
}
