/*
 * tests_vfs.c - file system semantics a disk file system must keep:
 * symlink resolution and ELOOP, rename and link rules, times, permission
 * checks for an unprivileged user, statfs, shared file mappings, sparse
 * and large files, big directories, truncate and sync calls. They run in
 * the scratch directory, so `usertests -d /mnt NAME...` tries them on
 * whatever file system is mounted there.
 */
#include "usertests.h"

#include <dirent.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/syscall.h>
#include <unistd.h>

static void
vstat(const char *path, struct stat *st)
{
	if (stat(path, st) < 0)
		ut_fail(__FILE__, __LINE__, 1, "stat %s", path);
}

static int
vopen(const char *path, int flags)
{
	int fd = open(path, flags, 0644);

	if (fd < 0)
		ut_fail(__FILE__, __LINE__, 1, "open %s", path);
	return fd;
}

static void
expect_content(const char *path, const char *want)
{
	char buf[256];
	int fd = vopen(path, O_RDONLY);
	ssize_t n = read(fd, buf, sizeof(buf) - 1);

	close(fd);
	if (n < 0)
		ut_fail(__FILE__, __LINE__, 1, "read %s", path);
	buf[n] = '\0';
	if (strcmp(buf, want) != 0)
		ut_fail(__FILE__, __LINE__, 0, "%s holds \"%s\", want \"%s\"",
			path, buf, want);
}

void
test_symlinkloop(void)
{
	char name[32], target[32], buf[64];
	struct stat st;
	int i;

	ut_scratch_enter();
	ut_write_file("file", "data", 4, 0644);
	CHECK_OK(symlink("b", "a"));
	CHECK_OK(symlink("a", "b"));
	CHECK_ERR(open("a", O_RDONLY), ELOOP);
	CHECK_ERR(stat("a", &st), ELOOP);
	CHECK_OK(lstat("a", &st));
	CHECK(S_ISLNK(st.st_mode));
	CHECK_EQ(st.st_size, 1);
	CHECK_EQ(readlink("a", buf, sizeof(buf)), 1);
	CHECK_EQ(buf[0], 'b');
	/* O_NOFOLLOW refuses a symlink as the last component only. */
	CHECK_OK(symlink("file", "tofile"));
	CHECK_ERR(open("tofile", O_RDONLY | O_NOFOLLOW), ELOOP);
	CHECK_OK(mkdir("dir", 0755));
	CHECK_OK(symlink("dir", "todir"));
	ut_write_file("dir/in", "x", 1, 0644);
	i = open("todir/in", O_RDONLY | O_NOFOLLOW);
	CHECK(i >= 0);
	close(i);
	/* A chain of 8 links resolves; one of 50 is a loop. */
	for (i = 1; i <= 50; i++) {
		snprintf(name, sizeof(name), "l%d", i);
		if (i == 1)
			snprintf(target, sizeof(target), "file");
		else
			snprintf(target, sizeof(target), "l%d", i - 1);
		CHECK_OK(symlink(target, name));
	}
	expect_content("l8", "data");
	CHECK_ERR(open("l50", O_RDONLY), ELOOP);
	/* A slow symlink: a target too long for the inode itself. */
	memset(buf, 'x', 59);
	buf[59] = '\0';
	CHECK_OK(symlink(buf, "long"));
	CHECK_OK(lstat("long", &st));
	CHECK_EQ(st.st_size, 59);
	memset(buf, 0, sizeof(buf));
	CHECK_EQ(readlink("long", buf, sizeof(buf)), 59);
	CHECK_EQ(strspn(buf, "x"), 59);
	CHECK_ERR(open("long", O_RDONLY), ENOENT);
	ut_scratch_leave();
}

void
test_renamerules(void)
{
	struct stat st, st2;

	ut_scratch_enter();
	ut_write_file("a", "aaa", 3, 0644);
	ut_write_file("b", "bb", 2, 0644);
	vstat("a", &st);
	/* Over an existing file: the target is replaced, the inode moves. */
	CHECK_OK(rename("a", "b"));
	CHECK_ERR(stat("a", &st2), ENOENT);
	vstat("b", &st2);
	CHECK_EQ(st2.st_ino, st.st_ino);
	expect_content("b", "aaa");
	/* Across directories, and back under a new name. */
	CHECK_OK(mkdir("d1", 0755));
	CHECK_OK(mkdir("d2", 0755));
	CHECK_OK(rename("b", "d1/b"));
	CHECK_OK(rename("d1/b", "d2/c"));
	expect_content("d2/c", "aaa");
	/* A directory moves with its contents; .. follows it. */
	CHECK_OK(rename("d2", "d1/d2"));
	expect_content("d1/d2/c", "aaa");
	expect_content("d1/d2/../d2/c", "aaa");
	vstat("d1", &st);
	CHECK_EQ(st.st_nlink, 3);
	/* Over an empty directory: fine; over a full one: ENOTEMPTY. */
	CHECK_OK(mkdir("empty", 0755));
	CHECK_OK(mkdir("moving", 0755));
	CHECK_OK(rename("moving", "empty"));
	CHECK_ERR(stat("moving", &st), ENOENT);
	CHECK_ERR(rename("empty", "d1"), ENOTEMPTY);
	/* File over directory, directory over file. */
	ut_write_file("f", "f", 1, 0644);
	CHECK_ERR(rename("f", "empty"), EISDIR);
	CHECK_ERR(rename("empty", "f"), ENOTDIR);
	/* Into its own subdirectory. */
	CHECK_ERR(rename("d1", "d1/d2/inside"), EINVAL);
	/* A name onto itself, or onto a hard link of itself: nothing. */
	CHECK_OK(rename("f", "f"));
	CHECK_OK(link("f", "g"));
	CHECK_OK(rename("f", "g"));
	vstat("f", &st);
	CHECK_EQ(st.st_nlink, 2);
	CHECK_ERR(rename("missing", "x"), ENOENT);
	CHECK_ERR(rename("f", "nodir/x"), ENOENT);
	ut_scratch_leave();
}

void
test_hardlinks(void)
{
	struct stat st;

	ut_scratch_enter();
	ut_write_file("f", "12345", 5, 0644);
	CHECK_OK(mkdir("d", 0755));
	CHECK_OK(link("f", "d/g"));
	CHECK_OK(link("f", "h"));
	vstat("f", &st);
	CHECK_EQ(st.st_nlink, 3);
	CHECK_OK(unlink("f"));
	vstat("h", &st);
	CHECK_EQ(st.st_nlink, 2);
	expect_content("d/g", "12345");
	CHECK_ERR(link("h", "d/g"), EEXIST);
	CHECK_ERR(link("d", "d2"), EPERM);
	CHECK_ERR(link("missing", "m"), ENOENT);
	/* A directory's link count: 2 plus one per subdirectory. */
	vstat("d", &st);
	CHECK_EQ(st.st_nlink, 2);
	CHECK_OK(mkdir("d/s1", 0755));
	CHECK_OK(mkdir("d/s2", 0755));
	vstat("d", &st);
	CHECK_EQ(st.st_nlink, 4);
	CHECK_OK(rmdir("d/s1"));
	vstat("d", &st);
	CHECK_EQ(st.st_nlink, 3);
	CHECK_ERR(rmdir("d"), ENOTEMPTY);
	CHECK_ERR(rmdir("h"), ENOTDIR);
	CHECK_ERR(unlink("d"), EISDIR);
	ut_scratch_leave();
}

void
test_filetimes(void)
{
	struct timespec ts[2];
	struct stat st, st2;
	int fd;

	ut_scratch_enter();
	ut_write_file("f", "x", 1, 0644);
	ts[0].tv_sec = 1000000000;	/* 2001-09-09 */
	ts[0].tv_nsec = 0;
	ts[1].tv_sec = 1234567890;
	ts[1].tv_nsec = 0;
	CHECK_OK(utimensat(AT_FDCWD, "f", ts, 0));
	vstat("f", &st);
	CHECK_EQ(st.st_atime, 1000000000);
	CHECK_EQ(st.st_mtime, 1234567890);
	/* UTIME_OMIT leaves a time alone; UTIME_NOW sets it to now. */
	ts[0].tv_nsec = UTIME_OMIT;
	ts[1].tv_nsec = UTIME_NOW;
	CHECK_OK(utimensat(AT_FDCWD, "f", ts, 0));
	vstat("f", &st2);
	CHECK_EQ(st2.st_atime, 1000000000);
	CHECK(st2.st_mtime >= st.st_ctime - 1 && st2.st_mtime > 1234567890);
	/* A write moves mtime and ctime forward from the past. */
	ts[0].tv_nsec = 0;
	ts[1].tv_nsec = 0;
	CHECK_OK(utimensat(AT_FDCWD, "f", ts, 0));
	fd = vopen("f", O_WRONLY | O_APPEND);
	ut_write_all(fd, "y", 1);
	close(fd);
	vstat("f", &st);
	CHECK(st.st_mtime > 1234567890);
	CHECK(st.st_ctime >= st.st_mtime);
	/* chmod changes ctime only. */
	CHECK_OK(utimensat(AT_FDCWD, "f", ts, 0));
	CHECK_OK(chmod("f", 0600));
	vstat("f", &st);
	CHECK_EQ(st.st_mtime, 1234567890);
	CHECK(st.st_ctime > 1234567890);
	CHECK_EQ(st.st_mode & 07777, 0600);
	/* A new entry changes the directory's mtime. */
	ts[1].tv_sec = 1234567890;
	CHECK_OK(utimensat(AT_FDCWD, ".", ts, 0));
	ut_write_file("g", "", 0, 0644);
	vstat(".", &st);
	CHECK(st.st_mtime > 1234567890);
	/* AT_SYMLINK_NOFOLLOW sets the link's own times. */
	CHECK_OK(symlink("f", "l"));
	CHECK_OK(utimensat(AT_FDCWD, "l", ts, AT_SYMLINK_NOFOLLOW));
	CHECK_OK(lstat("l", &st));
	CHECK_EQ(st.st_mtime, 1234567890);
	vstat("f", &st2);
	CHECK_EQ(st2.st_atime, 1000000000);
	ut_scratch_leave();
}

/* The checks an unprivileged user meets, in a child that is uid 1000. */
static void
perm_child(void)
{
	struct stat st;

	CHECK_OK(setgid(1000));
	CHECK_OK(setuid(1000));
	CHECK_ERR(open("secret", O_RDONLY), EACCES);
	CHECK_ERR(open("readonly", O_WRONLY), EACCES);
	CHECK(open("readonly", O_RDONLY) >= 0);
	CHECK_ERR(stat("closed/in", &st), EACCES);
	CHECK_ERR(open("noread", O_RDONLY | O_DIRECTORY), EACCES);
	CHECK_OK(stat("noread/in", &st));	/* search without read */
	CHECK_ERR(open("nowrite/new", O_WRONLY | O_CREAT, 0644), EACCES);
	CHECK_ERR(unlink("nowrite/in"), EACCES);
	CHECK_ERR(chmod("secret", 0777), EPERM);
	CHECK_ERR(chown("mine", 0, 0), EPERM);
	CHECK_ERR(access("secret", R_OK), EACCES);
	CHECK_ERR(access("script", X_OK), EACCES);
	/* What the user owns, the user may change. */
	CHECK_OK(chmod("mine", 0600));
	CHECK_OK(unlink("open/theirs"));
	/* The sticky bit: only the owner removes a file. */
	CHECK_ERR(unlink("sticky/roots"), EPERM);
	_exit(0);
}

void
test_permissions(void)
{
	struct stat st;
	int fd;

	/* Setting the scene takes root; a host run as a user checks less. */
	ut_scratch_enter();
	CHECK_OK(chmod(".", 0755));
	ut_write_file("secret", "s", 1, 0600);
	ut_write_file("readonly", "r", 1, 0644);
	ut_write_file("script", "#!/bin/sh\n", 10, 0644);
	CHECK_OK(mkdir("closed", 0700));
	ut_write_file("closed/in", "", 0, 0644);
	CHECK_OK(mkdir("noread", 0311));
	ut_write_file("noread/in", "", 0, 0644);
	CHECK_OK(mkdir("nowrite", 0555));
	CHECK_OK(mkdir("open", 0777));
	CHECK_OK(chmod("open", 0777));		/* past the umask */
	CHECK_OK(mkdir("sticky", 0777));
	ut_write_file("sticky/roots", "", 0, 0644);
	if (geteuid() == 0) {
		ut_write_file("mine", "", 0, 0644);
		CHECK_OK(chown("mine", 1000, 1000));
		CHECK_OK(chmod("nowrite", 0755));
		ut_write_file("nowrite/in", "", 0, 0644);
		CHECK_OK(chmod("nowrite", 0555));
		ut_write_file("open/theirs", "", 0, 0644);
		CHECK_OK(chmod("sticky", 01777));
		/* Root reads and writes through any mode bits. */
		CHECK_OK(chmod("secret", 0));
		fd = open("secret", O_RDWR);
		CHECK(fd >= 0);
		close(fd);
		CHECK_OK(chmod("secret", 0600));
		EXPECT_CHILD(perm_child, 0);
		vstat("mine", &st);
		CHECK_EQ(st.st_mode & 0777, 0600);
		CHECK_EQ(st.st_uid, 1000);
		CHECK_ERR(stat("open/theirs", &st), ENOENT);
		CHECK_OK(chmod("nowrite", 0755));
	}
	CHECK_OK(chmod("noread", 0755));
	ut_scratch_leave();
}

void
test_statfs(void)
{
	static char block[65536];
	struct statfs a, b;
	int fd, i;

	ut_scratch_enter();
	CHECK_OK(statfs(".", &a));
	CHECK(a.f_bsize > 0);
	CHECK(a.f_blocks >= a.f_bfree && a.f_bfree >= a.f_bavail);
	CHECK(a.f_namelen >= 255);
	fd = vopen("f", O_WRONLY | O_CREAT);
	CHECK_OK(fstatfs(fd, &b));
	CHECK_EQ(b.f_type, a.f_type);
	CHECK_EQ(b.f_bsize, a.f_bsize);
	/* 1 MiB written and synced takes at least 1 MiB from f_bfree. */
	memset(block, 'z', sizeof(block));
	for (i = 0; i < 16; i++)
		ut_write_all(fd, block, sizeof(block));
	CHECK_OK(fsync(fd));
	close(fd);
	CHECK_OK(statfs(".", &b));
	if (a.f_blocks > 0 && a.f_bfree > (1 << 20) / a.f_bsize)
		CHECK((a.f_bfree - b.f_bfree) * a.f_bsize >= (1 << 20));
	CHECK_ERR(statfs("missing", &a), ENOENT);
	CHECK_ERR(fstatfs(-1, &a), EBADF);
	ut_scratch_leave();
}

void
test_mmapcoherent(void)
{
	char buf[8192], *p, *q;
	int fd, i;

	ut_scratch_enter();
	fd = vopen("f", O_RDWR | O_CREAT);
	for (i = 0; i < (int)sizeof(buf); i++)
		buf[i] = (char)('a' + i % 26);
	ut_write_all(fd, buf, sizeof(buf));
	/* MAP_SHARED: stores reach the file, read() sees them at once. */
	p = mmap(NULL, 8192, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	CHECK(p != MAP_FAILED);
	CHECK_EQ(p[4097], buf[4097]);
	p[0] = 'X';
	p[5000] = 'Y';
	CHECK_EQ(pread(fd, buf, 2, 0), 2);
	CHECK_EQ(buf[0], 'X');
	CHECK_OK(msync(p, 8192, MS_SYNC));
	/* write() shows in the mapping. */
	CHECK_EQ(pwrite(fd, "W", 1, 100), 1);
	CHECK_EQ(p[100], 'W');
	/* MAP_PRIVATE: stores stay in the copy. */
	q = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 4096);
	CHECK(q != MAP_FAILED);
	CHECK_EQ(q[5000 - 4096], 'Y');
	q[0] = 'P';
	CHECK_EQ(pread(fd, buf, 1, 4096), 1);
	CHECK(buf[0] != 'P');
	CHECK_OK(munmap(q, 4096));
	CHECK_OK(munmap(p, 8192));
	close(fd);
	/* After unmap and close, the stores are in the file. */
	fd = vopen("f", O_RDONLY);
	CHECK_EQ(pread(fd, buf, sizeof(buf), 0), (long)sizeof(buf));
	CHECK_EQ(buf[0], 'X');
	CHECK_EQ(buf[5000], 'Y');
	CHECK_EQ(buf[100], 'W');
	close(fd);
	ut_scratch_leave();
}

void
test_sparsefile(void)
{
	const off_t far = 5LL << 30;	/* past 4 GiB: a large file */
	char buf[4096];
	struct stat st;
	int fd, i;

	ut_scratch_enter();
	fd = vopen("sparse", O_RDWR | O_CREAT);
	CHECK_EQ(pwrite(fd, "end", 3, far), 3);
	CHECK_EQ(pwrite(fd, "mid", 3, 40 << 20), 3);
	CHECK_OK(fsync(fd));
	CHECK_OK(fstat(fd, &st));
	CHECK_EQ(st.st_size, far + 3);
	/* Two small pieces of data, a few blocks of metadata: no more. */
	CHECK(st.st_blocks * 512 < (1 << 20));
	/* Holes read as zeros. */
	CHECK_EQ(pread(fd, buf, sizeof(buf), 1 << 30), (long)sizeof(buf));
	for (i = 0; i < (int)sizeof(buf); i++)
		if (buf[i] != 0)
			break;
	CHECK_EQ(i, (int)sizeof(buf));
	CHECK_EQ(pread(fd, buf, 8, (40 << 20) - 2), 8);
	CHECK(memcmp(buf, "\0\0mid\0\0\0", 8) == 0);
	CHECK_EQ(pread(fd, buf, 10, far), 3);
	CHECK(memcmp(buf, "end", 3) == 0);
	CHECK_EQ(pread(fd, buf, 10, far + 3), 0);
	/* Truncate back into the middle: the end is gone, the middle stays. */
	CHECK_OK(ftruncate(fd, (40 << 20) + 2));
	CHECK_OK(fstat(fd, &st));
	CHECK_EQ(st.st_size, (40 << 20) + 2);
	CHECK_EQ(pread(fd, buf, 10, 40 << 20), 2);
	CHECK(memcmp(buf, "mi", 2) == 0);
	/* Growing again shows zeros, not the old bytes. */
	CHECK_OK(ftruncate(fd, (40 << 20) + 10));
	CHECK_EQ(pread(fd, buf, 10, 40 << 20), 10);
	CHECK(memcmp(buf, "mi\0\0\0\0\0\0\0\0", 10) == 0);
	CHECK_OK(truncate("sparse", 0));
	CHECK_OK(fstat(fd, &st));
	CHECK_EQ(st.st_size, 0);
	CHECK(st.st_blocks * 512 <= 4096);
	close(fd);
	CHECK_ERR(truncate("missing", 0), ENOENT);
	CHECK_ERR(truncate(".", 0), EISDIR);
	ut_scratch_leave();
}

void
test_bigdir(void)
{
	enum { N = 2000 };
	static char seen[N];
	char name[64];
	struct dirent *de;
	DIR *d;
	int i, n = 0, dots = 0;

	ut_scratch_enter();
	CHECK_OK(mkdir("big", 0755));
	for (i = 0; i < N; i++) {
		snprintf(name, sizeof(name), "big/entry-with-a-longish-name-%d", i);
		ut_write_file(name, "", 0, 0644);
	}
	/* Every name once, whatever the order. */
	d = opendir("big");
	CHECK(d != NULL);
	while ((de = readdir(d)) != NULL) {
		if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, "..")) {
			dots++;
			continue;
		}
		CHECK(sscanf(de->d_name, "entry-with-a-longish-name-%d", &i) == 1);
		CHECK(i >= 0 && i < N && !seen[i]);
		seen[i] = 1;
		n++;
	}
	closedir(d);
	CHECK_EQ(dots, 2);
	CHECK_EQ(n, N);
	/* Remove every other one; look the rest up by name. */
	for (i = 0; i < N; i += 2) {
		snprintf(name, sizeof(name), "big/entry-with-a-longish-name-%d", i);
		CHECK_OK(unlink(name));
	}
	for (i = 0; i < N; i++) {
		snprintf(name, sizeof(name), "big/entry-with-a-longish-name-%d", i);
		CHECK_EQ(access(name, F_OK) == 0, i % 2);
	}
	for (i = 1; i < N; i += 2) {
		snprintf(name, sizeof(name), "big/entry-with-a-longish-name-%d", i);
		CHECK_OK(unlink(name));
	}
	CHECK_OK(rmdir("big"));
	ut_scratch_leave();
}

void
test_synccalls(void)
{
	int fd, p[2];

	ut_scratch_enter();
	fd = vopen("f", O_RDWR | O_CREAT);
	ut_write_all(fd, "data", 4);
	CHECK_OK(fsync(fd));
	CHECK_OK(fdatasync(fd));
	CHECK_OK(syncfs(fd));
	sync();
	close(fd);
	CHECK_ERR(fsync(fd), EBADF);
	CHECK_OK(pipe(p));
	CHECK_ERR(fsync(p[0]), EINVAL);
	close(p[0]);
	close(p[1]);
	fd = vopen(".", O_RDONLY | O_DIRECTORY);
	CHECK_OK(fsync(fd));
	close(fd);
	ut_scratch_leave();
}
