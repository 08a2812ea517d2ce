/*
 * fs_ktest3.c -- self tests of pipes and FIFOs, poll, cpio archives,
 * mounts, devfs and the memory devices.
 */
#include "fs_ktest.h"
#include "heap.h"
#include "signal.h"

/* ---- pipes ---- */

#define REC 512
#define NREC 1000

static struct file *pipe_w;

static void
record_writer(void *arg)
{
	char rec[REC];

	memset(rec, (int)(uintptr_t)arg, REC);
	for (int i = 0; i < NREC; i++)
		if (kt_fwrite(pipe_w, rec, REC) != REC)
			break;
}

/* Two writers of PIPE_BUF-sized records: every record arrives whole. */
static int
pipe_atomic(void)
{
	struct thread *t[2];
	struct file *r;
	char *buf = kmalloc(4 * REC);
	size_t got = 0, have = 0;
	ssize_t n;
	int bad = 0;

	KT_ASSERT(buf != NULL && pipe_create(0, &r, &pipe_w) == 0);
	for (int i = 0; i < 2; i++)
		KT_ASSERT((t[i] = thread_create("ktpipe", record_writer,
						(void *)(uintptr_t)('a' + i),
						PRIO_DEFAULT)));
	while (got < 2u * NREC * REC) {
		n = kt_fread(r, buf + have, 4 * REC - have);	/* odd sizes */
		KT_ASSERT(n > 0);
		have += (size_t)n;
		got += (size_t)n;
		for (; have >= REC; have -= REC) {
			for (int i = 1; i < REC; i++)
				bad += buf[i] != buf[0];
			memmove(buf, buf + REC, have - REC);
		}
	}
	for (int i = 0; i < 2; i++)
		thread_join(t[i]);
	file_put(pipe_w);
	KT_ASSERT(kt_fread(r, buf, 1) == 0);	/* no writer: EOF */
	file_put(r);
	kfree(buf);
	KT_ASSERT_MSG(bad == 0, "%d bytes of torn records", bad);
	return 0;
}

static int
pipe_nonblock(void)
{
	char *buf = kzalloc(PIPE_SIZE);
	struct file *r, *w;

	KT_ASSERT(buf != NULL && pipe_create(O_NONBLOCK, &r, &w) == 0);
	KT_ASSERT(kt_fread(r, buf, 1) == -EAGAIN);
	KT_ASSERT(kt_fwrite(w, buf, PIPE_SIZE) == PIPE_SIZE);
	KT_ASSERT(kt_fwrite(w, buf, 1) == -EAGAIN);
	KT_ASSERT(kt_fread(r, buf, 10) == 10);
	KT_ASSERT(kt_fwrite(w, buf, 5000) == 10);	/* big: partial */
	KT_ASSERT(kt_fread(r, buf, 50) == 50);
	KT_ASSERT(kt_fwrite(w, buf, 100) == -EAGAIN);	/* small: all or none */
	KT_ASSERT(kt_fwrite(w, buf, 50) == 50);
	KT_ASSERT(pipe_nread(r) == PIPE_SIZE);
	file_put(r);
	file_put(w);
	kfree(buf);
	return 0;
}

/* EPIPE and SIGPIPE, as a process. */
static int
pipe_epipe(void)
{
	struct file *r, *w;

	KT_ASSERT(pipe_create(0, &r, &w) == 0);
	file_put(r);
	KT_ASSERT(kt_fwrite(w, "x", 1) == -EPIPE);
	KT_ASSERT(curut()->pending.set & SIGBIT(SIGPIPE));
	file_put(w);
	return 0;
}

static void
fifo_reader(void *arg)
{
	struct file **f = arg;

	if (vfs_open(AT_FDCWD, "/ktpipe/fifo", O_RDONLY, 0, f) < 0)
		*f = NULL;
}

/* The blocking-open rules of FIFOs. */
static int
pipe_fifo(void)
{
	struct file *r, *w, *br = NULL;
	struct thread *t;
	char buf[4];

	KT_ASSERT(vfs_mknod(AT_FDCWD, "/ktpipe/fifo", S_IFIFO | 0644, 0) == 0);
	KT_ASSERT(vfs_open(AT_FDCWD, "/ktpipe/fifo", O_WRONLY | O_NONBLOCK, 0,
			   &w) == -ENXIO);
	KT_ASSERT(vfs_open(AT_FDCWD, "/ktpipe/fifo", O_RDONLY | O_NONBLOCK, 0,
			   &r) == 0);
	KT_ASSERT(vfs_open(AT_FDCWD, "/ktpipe/fifo", O_WRONLY | O_NONBLOCK, 0,
			   &w) == 0);
	KT_ASSERT(kt_fwrite(w, "hi", 2) == 2 && kt_fread(r, buf, 4) == 2);
	file_put(w);
	KT_ASSERT(kt_fread(r, buf, 4) == 0);
	file_put(r);
	KT_ASSERT(
		(t = thread_create("ktfifo", fifo_reader, &br, PRIO_DEFAULT)));
	thread_sleep_ns(5 * NSEC_PER_MSEC);
	KT_ASSERT(READ_ONCE(br) == NULL);	/* still waiting for a writer */
	KT_ASSERT(vfs_open(AT_FDCWD, "/ktpipe/fifo", O_WRONLY, 0, &w) == 0);
	thread_join(t);
	KT_ASSERT(br != NULL);
	KT_ASSERT(kt_fwrite(w, "yo", 2) == 2 && kt_fread(br, buf, 4) == 2);
	file_put(w);
	file_put(br);
	return 0;
}

/* EOF, EPIPE with SIGPIPE, O_NONBLOCK, the 64 KiB ring, PIPE_BUF
 * atomicity with two writers, FIFOs. */
int
ktest_fs_pipe(void)
{
	struct kt_proc *kp;
	struct file *r, *w;
	char buf[8];
	int rc;

	KT_ASSERT(kt_fs_begin("/ktpipe") == 0);
	KT_ASSERT(pipe_create(0, &r, &w) == 0);
	KT_ASSERT(S_ISFIFO(r->ip->mode) && r->ip == w->ip);
	KT_ASSERT(kt_fwrite(w, "abc", 3) == 3 && kt_fread(r, buf, 8) == 3);
	KT_ASSERT(kt_fread(w, buf, 1) == -EBADF &&
		  kt_fwrite(r, "x", 1) == -EBADF);
	file_put(w);
	KT_ASSERT(kt_fread(r, buf, 8) == 0);
	file_put(r);
	KT_ASSERT(pipe_nonblock() == 0);
	KT_ASSERT((kp = kt_proc_begin(1000, 1000)) != NULL);
	rc = pipe_epipe();
	kt_proc_end(kp);
	KT_ASSERT(rc == 0);
	KT_ASSERT(pipe_atomic() == 0);
	KT_ASSERT(pipe_fifo() == 0);
	kt_fs_end("/ktpipe");
	return 0;
}

/* ---- poll ---- */

static void
late_writer(void *arg)
{
	thread_sleep_ns(5 * NSEC_PER_MSEC);
	kt_fwrite(arg, "!", 1);
}

/* Ready at once, a timeout, a wakeup from another thread, POLLHUP,
 * POLLNVAL. */
int
ktest_fs_poll(void)
{
	struct poll_item it[3];
	struct file *r, *w;
	struct thread *t;
	uint64_t t0;

	KT_ASSERT(vfs_ready() && pipe_create(0, &r, &w) == 0);
	memset(it, 0, sizeof(it));
	it[0] = (struct poll_item){ r, POLLIN, 0, false };
	it[1] = (struct poll_item){ w, POLLOUT, 0, false };
	KT_ASSERT(poll_items(it, 2, POLL_NOWAIT) == 1);
	KT_ASSERT(it[0].revents == 0 && it[1].revents == POLLOUT);
	t0 = hal_time_ns();
	KT_ASSERT(poll_items(it, 1, t0 + 5 * NSEC_PER_MSEC) == 0);
	KT_ASSERT(hal_time_ns() - t0 >= 5 * NSEC_PER_MSEC);
	KT_ASSERT((t = thread_create("ktpoll", late_writer, w, PRIO_DEFAULT)));
	KT_ASSERT(poll_items(it, 1, POLL_FOREVER) == 1 &&
		  it[0].revents == POLLIN);
	thread_join(t);
	file_put(w);
	KT_ASSERT(poll_items(it, 1, POLL_FOREVER) == 1);
	KT_ASSERT(it[0].revents == (POLLIN | POLLHUP));
	it[1] = (struct poll_item){ NULL, POLLIN, 0, false };
	it[2] = (struct poll_item){ NULL, POLLIN, 0, true };
	KT_ASSERT(poll_items(it + 1, 2, POLL_NOWAIT) == 1);
	KT_ASSERT(it[1].revents == POLLNVAL && it[2].revents == 0);
	file_put(r);
	return 0;
}

/* ---- cpio ---- */

struct arch {
	char *buf;
	size_t len, cap;
};

static void
arch_put(struct arch *a, const void *p, size_t n)
{
	if (a->len + n <= a->cap)
		memcpy(a->buf + a->len, p, n);
	a->len += n;
}

static void
arch_pad(struct arch *a)
{
	while (a->len % 4)
		arch_put(a, "", 1);
}

/* One newc entry: f[] = ino mode uid gid nlink mtime rdevmajor rdevminor. */
static void
arch_add(struct arch *a, const char *name, const uint32_t f[8],
	 const char *data, size_t n)
{
	char hdr[120];

	ksnprintf(hdr, sizeof(hdr),
		  "070701%08X%08X%08X%08X%08X%08X%08X"
		  "%08X%08X%08X%08X%08X%08X",
		  f[0], f[1], f[2], f[3], f[4], f[5], (uint32_t)n, 0, 0, f[6],
		  f[7], (uint32_t)strlen(name) + 1, 0);
	arch_put(a, hdr, 110);
	arch_put(a, name, strlen(name) + 1);
	arch_pad(a);
	arch_put(a, data, n);
	arch_pad(a);
}

static void
build_archive(struct arch *a)
{
	static const uint32_t E[][8] = {
		{ 1, S_IFDIR | 0755, 0, 0, 2, 1000, 0, 0 },
		{ 2, S_IFDIR | 0700, 5, 6, 2, 1000, 0, 0 },
		{ 3, S_IFREG | 0640, 7, 8, 1, 123456, 0, 0 },
		{ 4, S_IFLNK | 0777, 0, 0, 1, 1000, 0, 0 },
		{ 5, S_IFIFO | 0600, 0, 0, 1, 1000, 0, 0 },
		{ 6, S_IFCHR | 0666, 0, 0, 1, 1000, 1, 3 },
		{ 77, S_IFREG | 0644, 0, 0, 2, 1000, 0, 0 },
		{ 9, S_IFREG | 0600, 0, 0, 1, 1000, 0, 0 },
	};

	a->len = 0;
	arch_add(a, "ktcpio", E[0], NULL, 0);
	arch_add(a, "ktcpio/sub", E[1], NULL, 0);
	arch_add(a, "ktcpio/file", E[2], "hello", 5);
	arch_add(a, "ktcpio/link", E[3], "file", 4);
	arch_add(a, "ktcpio/fifo", E[4], NULL, 0);
	arch_add(a, "ktcpio/null", E[5], NULL, 0);
	arch_add(a, "ktcpio/h1", E[6], NULL, 0);
	arch_add(a, "./ktcpio/h2", E[6], "shared", 6);
	arch_add(a, "/ktcpio/sub/deep", E[7], "d", 1);
	arch_add(a, "TRAILER!!!", E[0], NULL, 0);
}

static int
check_unpacked(void)
{
	struct inode *ip, *h;
	char buf[16];

	KT_ASSERT(kt_get("/ktcpio/file", buf, sizeof(buf)) == 5 &&
		  memcmp(buf, "hello", 5) == 0);
	KT_ASSERT(kt_lookup("/ktcpio/file", 0, &ip) == 0);
	KT_ASSERT(ip->mode == (S_IFREG | 0640) && ip->uid == 7 && ip->gid == 8);
	KT_ASSERT(ip->mtime.tv_sec == 123456);
	inode_put(ip);
	KT_ASSERT(vfs_readlink(AT_FDCWD, "/ktcpio/link", buf, sizeof(buf)) ==
		  4);
	KT_ASSERT(kt_mode("/ktcpio/fifo") == (S_IFIFO | 0600));
	KT_ASSERT(kt_lookup("/ktcpio/null", 0, &ip) == 0);
	KT_ASSERT(ip->mode == (S_IFCHR | 0666) && ip->rdev == MKDEV(1, 3));
	inode_put(ip);
	KT_ASSERT(kt_lookup("/ktcpio/h1", 0, &ip) == 0 &&
		  kt_lookup("/ktcpio/h2", 0, &h) == 0);
	KT_ASSERT(ip == h && ip->nlink == 2 && ip->size == 6);
	inode_put(ip);
	inode_put(h);
	KT_ASSERT(kt_lookup("/ktcpio/sub", 0, &ip) == 0);
	KT_ASSERT(ip->mode == (S_IFDIR | 0700) && ip->uid == 5 && ip->gid == 6);
	inode_put(ip);
	KT_ASSERT(kt_get("/ktcpio/sub/deep", buf, sizeof(buf)) == 1);
	return 0;
}

/* An archive with every kind of entry unpacks, twice (replacing). */
int
ktest_fs_cpio(void)
{
	struct arch a = { NULL, 0, 2048 };

	kt_rmtree("/ktcpio");
	KT_ASSERT((a.buf = kmalloc(a.cap)) != NULL);
	build_archive(&a);
	KT_ASSERT(a.len <= a.cap);
	KT_ASSERT(cpio_unpack(a.buf, a.len) == 0);
	KT_ASSERT(check_unpacked() == 0);
	KT_ASSERT(cpio_unpack(a.buf, a.len) == 0);
	KT_ASSERT(check_unpacked() == 0);
	kfree(a.buf);
	KT_ASSERT(kt_rmtree("/ktcpio") == 0);
	return 0;
}

/* Damaged archives are refused with a log message, never a panic. */
int
ktest_fs_cpio_bad(void)
{
	struct arch a = { NULL, 0, 2048 };
	char *c;

	kt_rmtree("/ktcpio");
	KT_ASSERT((a.buf = kmalloc(a.cap)) != NULL &&
		  (c = kmalloc(a.cap)) != NULL);
	build_archive(&a);
	KT_ASSERT(cpio_unpack(a.buf, 0) == -EINVAL);
	KT_ASSERT(cpio_unpack(a.buf, 50) == -EINVAL); /* short header */
	KT_ASSERT(cpio_unpack(a.buf, a.len - 124) == -EINVAL);	/* no trailer */
	memcpy(c, a.buf, a.len);
	c[0] = '1';						/* magic */
	KT_ASSERT(cpio_unpack(c, a.len) == -EINVAL);
	memcpy(c, a.buf, a.len);
	c[20] = 'G';						/* hex */
	KT_ASSERT(cpio_unpack(c, a.len) == -EINVAL);
	memcpy(c, a.buf, a.len);
	memcpy(c + 6 + 8 * 11, "FFFFFFFF", 8);			/* name size */
	KT_ASSERT(cpio_unpack(c, a.len) == -EINVAL);
	memcpy(c, a.buf, a.len);
	memcpy(c + 6 + 8 * 11, "00000002", 8); /* unterminated */
	KT_ASSERT(cpio_unpack(c, a.len) == -EINVAL);
	memcpy(c, a.buf, a.len);
	memcpy(c + 6 + 8 * 6, "7FFFFFFF", 8);			/* file size */
	KT_ASSERT(cpio_unpack(c, a.len) == -EINVAL);
	kfree(c);
	kfree(a.buf);
	kt_rmtree("/ktcpio");
	return 0;
}

/* ---- mounts ---- */

#define M "/ktmnt"

/* Does the /proc/mounts text have this line? */
static bool
mounts_has(const char *line)
{
	char *buf = kmalloc(PAGE_SIZE);
	size_t n, want = strlen(line);
	bool r = false;

	if (buf == NULL)
		return false;
	n = MIN(vfs_mounts_format(buf, PAGE_SIZE), (size_t)PAGE_SIZE - 1);
	for (size_t i = 0; i + want <= n && !r; i++)
		r = (i == 0 || buf[i - 1] == '\n') &&
		    memcmp(buf + i, line, want) == 0;
	kfree(buf);
	return r;
}

static int
mount_nested(void)
{
	KT_ASSERT(vfs_mount("a", M "/mnt", "tmpfs", 0, NULL) == 0);
	KT_ASSERT(vfs_mknod(AT_FDCWD, M "/mnt/in", S_IFDIR | 0755, 0) == 0);
	KT_ASSERT(vfs_mount("b", M "/mnt/in", "ramfs", 0, NULL) == 0);
	KT_ASSERT(vfs_umount(M "/mnt", 0) == -EBUSY);
	KT_ASSERT(vfs_unlink(AT_FDCWD, M "/mnt/in", true) == -EBUSY);
	KT_ASSERT(vfs_umount(M "/mnt/in", 0) == 0);
	KT_ASSERT(vfs_umount(M "/mnt", 0) == 0);
	return 0;
}

/* tmpfs on a directory: "..", EBUSY, MS_RDONLY, remount, statfs (its
 * own pages and inodes are its used space). */
int
ktest_fs_mount(void)
{
	struct statfs_k st;
	struct inode *ip;
	struct file *f;

	KT_ASSERT(kt_fs_begin(M) == 0);
	KT_ASSERT(vfs_mknod(AT_FDCWD, M "/mnt", S_IFDIR | 0755, 0) == 0);
	KT_ASSERT(kt_put(M "/file", "", 0) == 0);
	KT_ASSERT(vfs_mount("none", M "/mnt", "tmpfs", 0, "mode=0700") == 0);
	KT_ASSERT(kt_mode(M "/mnt") == (S_IFDIR | 0700));
	KT_ASSERT(mounts_has("rootfs / ramfs rw 0 0\n"));
	KT_ASSERT(mounts_has("none " M "/mnt tmpfs rw 0 0\n"));
	KT_ASSERT(kt_put(M "/mnt/f", "x", 1) == 0);
	KT_ASSERT(kt_same(M "/mnt/..", M) && !kt_same(M "/mnt", M "/mnt/f/.."));
	KT_ASSERT(vfs_open(AT_FDCWD, M "/mnt/f", O_RDONLY, 0, &f) == 0);
	KT_ASSERT(vfs_umount(M "/mnt", 0) == -EBUSY);
	file_put(f);
	KT_ASSERT(kt_lookup(M "/mnt", 0, &ip) == 0);
	KT_ASSERT(vfs_statfs(ip, &st) == 0 && st.type == TMPFS_MAGIC &&
		  st.flags == 0);
	/* Used: the one page of f; inodes: the root and f. */
	KT_ASSERT_MSG(st.blocks - st.bfree == 1 && st.files - st.ffree == 2,
		      "statfs: %llu blocks used, %llu inodes",
		      (unsigned long long)(st.blocks - st.bfree),
		      (unsigned long long)(st.files - st.ffree));
	inode_put(ip);
	KT_ASSERT(vfs_link(AT_FDCWD, M "/file", AT_FDCWD, M "/mnt/l", 0) ==
		  -EXDEV);
	KT_ASSERT(vfs_rename(AT_FDCWD, M "/file", AT_FDCWD, M "/mnt/l", 0) ==
		  -EXDEV);
	KT_ASSERT(vfs_umount(M "/mnt", 0) == 0);
	KT_ASSERT(kt_mode(M "/mnt/f") == -ENOENT);
	KT_ASSERT(vfs_mount("none", M "/mnt", "tmpfs", MS_RDONLY, NULL) == 0);
	KT_ASSERT(kt_put(M "/mnt/f", "x", 1) == -EROFS);
	KT_ASSERT(vfs_mknod(AT_FDCWD, M "/mnt/d", S_IFDIR | 0755, 0) == -EROFS);
	KT_ASSERT(vfs_mount(NULL, M "/mnt", NULL, MS_REMOUNT, NULL) == 0);
	KT_ASSERT(kt_put(M "/mnt/f", "x", 1) == 0);
	KT_ASSERT(vfs_umount(M "/mnt", 0) == 0);
	KT_ASSERT(vfs_umount(M, 0) == -EINVAL);
	KT_ASSERT(vfs_umount("/", 0) == -EBUSY);
	KT_ASSERT(vfs_mount("none", M "/mnt", "nosuchfs", 0, NULL) == -ENODEV);
	KT_ASSERT(vfs_mount("none", M "/file", "tmpfs", 0, NULL) == -ENOTDIR);
	KT_ASSERT(mount_nested() == 0);
	kt_fs_end(M);
	return 0;
}

#undef M

/* ---- devices ---- */

static int
dev_rw(void)
{
	char a[64], b[64];
	struct file *f;
	bool zero = true;

	KT_ASSERT(vfs_open(AT_FDCWD, "/dev/null", O_RDWR, 0, &f) == 0);
	KT_ASSERT(kt_fwrite(f, "abc", 3) == 3 && kt_fread(f, a, 8) == 0);
	file_put(f);
	KT_ASSERT(vfs_open(AT_FDCWD, "/dev/zero", O_RDONLY, 0, &f) == 0);
	memset(a, 1, sizeof(a));
	KT_ASSERT(kt_fread(f, a, sizeof(a)) == sizeof(a));
	for (size_t i = 0; i < sizeof(a); i++)
		zero &= a[i] == 0;
	KT_ASSERT(zero);
	file_put(f);
	KT_ASSERT(vfs_open(AT_FDCWD, "/dev/full", O_RDWR, 0, &f) == 0);
	KT_ASSERT(kt_fwrite(f, "x", 1) == -ENOSPC && kt_fread(f, a, 4) == 4);
	file_put(f);
	KT_ASSERT(vfs_open(AT_FDCWD, "/dev/urandom", O_RDONLY, 0, &f) == 0);
	KT_ASSERT(kt_fread(f, a, sizeof(a)) == sizeof(a) &&
		  kt_fread(f, b, sizeof(b)) == sizeof(b));
	KT_ASSERT(memcmp(a, b, sizeof(a)) != 0);
	file_put(f);
	return 0;
}

/* The marker must be somewhere in what /dev/kmsg gives. */
static int
dev_kmsg(void)
{
	char *buf = kmalloc(PAGE_SIZE + 1);
	bool found = false;
	struct file *f;
	ssize_t n;

	KT_ASSERT(buf != NULL);
	klog(KLOG_DEBUG, "ktest kmsg marker 4711");
	KT_ASSERT(vfs_open(AT_FDCWD, "/dev/kmsg", O_RDONLY, 0, &f) == 0);
	while (!found && (n = kt_fread(f, buf, PAGE_SIZE)) > 0) {
		for (ssize_t i = 0; i + 4 <= n && !found; i++)
			found = memcmp(buf + i, "4711", 4) == 0;
	}
	file_put(f);
	kfree(buf);
	KT_ASSERT(found);
	return 0;
}

/* The memory devices, devfs registrations and a second devfs mount. */
int
ktest_fs_devfs(void)
{
	struct inode *ip;
	struct file *f;

	KT_ASSERT(kt_fs_begin("/ktdev") == 0);
	KT_ASSERT(dev_rw() == 0);
	KT_ASSERT(dev_kmsg() == 0);
	KT_ASSERT(devfs_add("null", S_IFCHR | 0666, MKDEV(1, 3)) == -EEXIST);
	KT_ASSERT(devfs_add("a/b", S_IFCHR | 0666, MKDEV(1, 3)) == -EINVAL);
	KT_ASSERT(devfs_add("..", S_IFCHR | 0666, MKDEV(1, 3)) == -EINVAL);
	KT_ASSERT(devfs_add("reg", S_IFREG | 0666, MKDEV(1, 3)) == -EINVAL);
	KT_ASSERT(chrdev_register(1, 3, 1, &path_fops, "dup") == -EBUSY);
	KT_ASSERT(chrdev_lookup(MKDEV(1, 3)) != NULL &&
		  chrdev_lookup(MKDEV(250, 7)) == NULL);
	KT_ASSERT(vfs_mknod(AT_FDCWD, "/ktdev/nodev", S_IFCHR | 0666,
			    MKDEV(250, 7)) == 0);
	KT_ASSERT(vfs_open(AT_FDCWD, "/ktdev/nodev", O_RDONLY, 0, &f) ==
		  -ENXIO);
	KT_ASSERT(vfs_mknod(AT_FDCWD, "/ktdev/d2", S_IFDIR | 0755, 0) == 0);
	KT_ASSERT(vfs_mount("devfs", "/ktdev/d2", "devfs", 0, NULL) == 0);
	KT_ASSERT(kt_lookup("/ktdev/d2/null", 0, &ip) == 0);
	KT_ASSERT(ip->mode == (S_IFCHR | 0666) && ip->rdev == MKDEV(1, 3));
	inode_put(ip);
	KT_ASSERT(vfs_umount("/ktdev/d2", 0) == 0);
	KT_ASSERT(vfs_mount("devfs", "/dev", "devfs", 0, NULL) == -EBUSY);
	kt_fs_end("/ktdev");
	return 0;
}

/* ---- concurrency ---- */

#define ST "/ktstress"
#define ST_THREADS 4
#define ST_OPS 1500

static void
stress_path(char *buf, size_t n, uint64_t *seed, bool dir)
{
	unsigned a = (unsigned)(ktest_rand(seed) % 3);
	unsigned b = (unsigned)(ktest_rand(seed) % 4);
	unsigned c = (unsigned)(ktest_rand(seed) % 3);

	if (ktest_rand(seed) % 3 == 0)	/* one level deeper, in a subdir */
		ksnprintf(buf, n, ST "/d%u/s%u/%c%u", a, b, dir ? 's' : 'f', c);
	else
		ksnprintf(buf, n, ST "/d%u/%c%u", a, dir ? 's' : 'f', b);
}

/* One random operation; failures are expected, crashes and hangs not. */
static void
stress_op(uint64_t *seed, char *p, char *q)
{
	struct file *f;
	char buf[32];
	bool dir = ktest_rand(seed) % 2;

	stress_path(p, 64, seed, dir);
	stress_path(q, 64, seed, dir);
	switch (ktest_rand(seed) % 6) {
	case 0:
		vfs_mknod(AT_FDCWD, p, (dir ? S_IFDIR : S_IFREG) | 0755, 0);
		break;
	case 1:
		vfs_unlink(AT_FDCWD, p, dir);
		break;
	case 2:
	case 3:
		vfs_rename(AT_FDCWD, p, AT_FDCWD, q, 0);
		break;
	case 4:
		kt_lookup_err(p, LOOKUP_FOLLOW);
		strlcat(p, "/../..", 64);
		kt_lookup_err(p, 0);
		break;
	case 5:
		if (vfs_open(AT_FDCWD, p, O_RDWR | O_CREAT | O_APPEND, 0644, &f) == 0) {
			kt_fwrite(f, "stress", 6);
			kernel_read(f, buf, sizeof(buf), 0);
			file_put(f);
		}
		break;
	}
}

static void
stress_worker(void *arg)
{
	uint64_t seed = (uint64_t)(uintptr_t)arg;
	char p[64], q[64];

	for (int i = 0; i < ST_OPS; i++)
		stress_op(&seed, p, q);
}

/* Threads create, remove, rename (files and directories, across and into
 * each other), walk and write at once: no deadlock, panic or leak. */
int
ktest_fs_stress(void)
{
	struct thread *t[ST_THREADS];
	char name[32];

	KT_ASSERT(kt_fs_begin(ST) == 0);
	for (int i = 0; i < 3; i++) {
		ksnprintf(name, sizeof(name), ST "/d%d", i);
		KT_ASSERT(vfs_mknod(AT_FDCWD, name, S_IFDIR | 0755, 0) == 0);
	}
	for (int i = 0; i < ST_THREADS; i++)
		KT_ASSERT((t[i] = thread_create_on("ktstress", stress_worker,
						   (void *)(uintptr_t)(i + 1),
						   PRIO_DEFAULT,
						   1ull << (i % hal_cpu_count()))));
	for (int i = 0; i < ST_THREADS; i++)
		thread_join(t[i]);
	kt_fs_end(ST);
	KT_ASSERT(kt_mode(ST) == -ENOENT);
	return 0;
}

#undef ST
