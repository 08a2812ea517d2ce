/*
 * ext2_test.c -- unit tests of the ext2 driver (and the page cache under
 * it) against images that mke2fs makes at test time from a tree built
 * here: files with holes, files reaching double and triple indirect
 * blocks, a directory of 3000 entries, fast and slow symlinks, a FIFO.
 * Everything is read back through the kernel and compared with the
 * tree; then files are written, created, renamed, linked, unlinked and
 * truncated, the file system is unmounted, and `e2fsck -fn` must find
 * the image clean. Feature checks, revision 0, large files, and a small
 * fuzzer of corrupted images (the kernel must not panic or hang).
 */
#include <check.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "block.h"
#include "diskimg.h"
#include "ext2.h"
#include "fs_local.h"
#include "heap.h"
#include "pagecache.h"
#include "pmm.h"
#include "testhal.h"

#define MNT "/mnt"
#define BIG_SIZE (6u << 20)		/* double indirect with 4 KiB blocks */
#define NDIR 3000
#define SLOW_TARGET "this/is/a/symlink/target/that/is/longer/than/sixty/" \
	"bytes/so/it/needs/a/block"

static char work[256], src[300], img[300];

/* ---- the host side ---- */

static uint8_t
pattern(uint64_t i)
{
	return (uint8_t)(i * 31 + i / 4096 + 7);
}

/* Write n bytes at off of the host file rel (in the tree; the kernel's
 * headers leave us stdio only). */
static void
host_write(const char *rel, uint64_t off, const void *buf, size_t n)
{
	char path[600];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", src, rel);
	if ((f = fopen(path, "r+b")) == NULL)
		f = fopen(path, "w+b");
	ck_assert_ptr_nonnull(f);
	ck_assert_int_eq(fseeko(f, (off_t)off, SEEK_SET), 0);
	ck_assert_uint_eq(fwrite(buf, 1, n, f), n);
	ck_assert_int_eq(fclose(f), 0);
}

/* The tree mke2fs copies: see the top of the file. */
static void
make_tree(bool far)
{
	static uint8_t big[BIG_SIZE];
	char name[32];

	snprintf(src, sizeof(src), "%s/src", work);
	ck_assert_int_eq(diskimg_run("mkdir -p %s/dir3000 %s/a/b/c", src, src), 0);
	for (uint64_t i = 0; i < BIG_SIZE; i++)
		big[i] = pattern(i);
	host_write("big", 0, big, BIG_SIZE);
	host_write("small.txt", 0, "hello, ext2\n", 12);
	host_write("empty", 0, "", 0);
	host_write("hole", 0, "A", 1);
	host_write("hole", 5u << 20, "B", 1);
	host_write("a/b/c/deep", 0, big, 5000);
	if (far)			/* triple indirect with 1 KiB blocks */
		host_write("far", 70ull << 20, "Z", 1);
	for (int i = 0; i < NDIR; i++) {
		snprintf(name, sizeof(name), "dir3000/f%04d", i);
		host_write(name, 0, name, strlen(name));
	}
	ck_assert_int_eq(diskimg_run("ln -s small.txt %s/fast && ln -s %s %s/slow && "
			     "mkfifo -m 600 %s/fifo", src, SLOW_TARGET, src,
			     src), 0);
}

/* A fresh kernel with the image as /dev/vda. */
static void
boot(void)
{
	ck_assert_int_eq(diskimg_boot(img, MNT), 0);
}

/* mke2fs `opts` over the tree (or empty), and boot on it. */
static void
make_image(const char *opts, bool tree, bool far, const char *size)
{
	ck_assert_int_eq(diskimg_workdir(work, sizeof(work), "ext2_test"), 0);
	snprintf(img, sizeof(img), "%s/disk.img", work);
	if (tree)
		make_tree(far);
	ck_assert_int_eq(diskimg_run("mke2fs -q -F -t ext2 %s %s%s %s %s", opts,
			     tree ? "-d " : "", tree ? src : "", img, size), 0);
	boot();
}

static void
cleanup(void)
{
	if (work[0] != '\0')
		diskimg_run("rm -rf %s", work);
	work[0] = '\0';
}

/* e2fsck -fn says the image is clean. */
static void
assert_fsck_clean(void)
{
	int rc = diskimg_run("e2fsck -fn %s >%s/fsck.out 2>&1", img, work);

	if (rc != 0)
		diskimg_run("cat %s/fsck.out >&2", work);
	ck_assert_int_eq(rc, 0);
}

/* ---- the kernel side ---- */

static void
do_mount(unsigned long flags)
{
	int r = vfs_mount("/dev/vda", MNT, "ext2", flags, NULL);

	if (r != 0)
		fprintf(stderr, "%s", testhal_console());
	ck_assert_int_eq(r, 0);
}

static void
do_umount(void)
{
	ck_assert_int_eq(vfs_umount(MNT, 0), 0);
}

static ssize_t
kread(const char *path, void *buf, size_t n, uint64_t off)
{
	struct file *f;
	ssize_t r;

	if ((r = vfs_open(AT_FDCWD, path, O_RDONLY, 0, &f)) < 0)
		return r;
	r = kernel_read(f, buf, n, off);
	file_put(f);
	return r;
}

/* Write n bytes at off of path (created if need be). */
static ssize_t
kwrite(const char *path, const void *buf, size_t n, uint64_t off, int flags)
{
	struct uio u = { (uintptr_t)buf, n, true };
	struct file *f;
	ssize_t r;

	if ((r = vfs_open(AT_FDCWD, path, O_WRONLY | O_CREAT | flags, 0644,
			  &f)) < 0)
		return r;
	r = f->fop->write(f, &u, (flags & O_APPEND) ? FILE_APPEND : off);
	file_put(f);
	return r;
}

static int
kfsync(const char *path)
{
	struct file *f;
	int r;

	if ((r = vfs_open(AT_FDCWD, path, O_RDONLY, 0, &f)) < 0)
		return r;
	r = f->fop->fsync(f);
	file_put(f);
	return r;
}

/* The inode at path (not following a final symlink): its fields. */
static int
kstat(const char *path, struct inode *out)
{
	struct nameidata nd;
	int r;

	if ((r = path_lookup(AT_FDCWD, path, 0, &nd)) < 0)
		return r;
	*out = *nd.ip;
	nd_release(&nd);
	return 0;
}

static int
ktruncate(const char *path, uint64_t size)
{
	struct nameidata nd;
	int r;

	if ((r = path_lookup(AT_FDCWD, path, LOOKUP_FOLLOW, &nd)) < 0)
		return r;
	r = vfs_truncate(nd.ip, size);
	nd_release(&nd);
	return r;
}

struct names {
	struct dir_ctx ctx;
	char (*name)[256];
	int n, max;
};

static bool
names_emit(struct dir_ctx *ctx, const char *name, size_t len, uint64_t ino,
	   unsigned type)
{
	struct names *s = (struct names *)ctx;

	(void)ino;
	(void)type;
	ck_assert_int_lt(s->n, s->max);
	memcpy(s->name[s->n], name, len);
	s->name[s->n][len] = '\0';
	s->n++;
	return true;
}

/* The names in directory path ("." and ".." included), or -errno. */
static int
klist(const char *path, struct names *s)
{
	struct file *f;
	int r;

	s->ctx.emit = names_emit;
	s->ctx.pos = 0;
	s->n = 0;
	if ((r = vfs_open(AT_FDCWD, path, O_RDONLY, 0, &f)) < 0)
		return r;
	r = f->fop->readdir(f, &s->ctx);
	file_put(f);
	return r < 0 ? r : s->n;
}

static bool
has_name(struct names *s, const char *name)
{
	for (int i = 0; i < s->n; i++)
		if (strcmp(s->name[i], name) == 0)
			return true;
	return false;
}

static struct names *
names_new(int max)
{
	struct names *s = calloc(1, sizeof(*s));

	s->name = calloc((size_t)max, 256);
	s->max = max;
	return s;
}

static void
names_free(struct names *s)
{
	free(s->name);
	free(s);
}

/* path's contents are the big pattern from `from`, for n bytes. */
static void
assert_pattern(const char *path, uint64_t from, size_t n)
{
	uint8_t *buf = malloc(n);
	ssize_t r = kread(path, buf, n, from);

	ck_assert_int_eq(r, (ssize_t)n);
	for (size_t i = 0; i < n; i++)
		if (buf[i] != pattern(from + i))
			ck_abort_msg("%s: byte %llu is %u, not %u", path,
				     (unsigned long long)(from + i), buf[i],
				     pattern(from + i));
	free(buf);
}

/* Everything make_tree made, read back through the kernel. */
static void
check_tree(bool far)
{
	struct names *s = names_new(NDIR + 8);
	char buf[300], name[64];
	struct inode st;

	assert_pattern(MNT "/big", 0, BIG_SIZE);
	ck_assert_int_eq(kread(MNT "/small.txt", buf, sizeof(buf), 0), 12);
	ck_assert(memcmp(buf, "hello, ext2\n", 12) == 0);
	ck_assert_int_eq(kread(MNT "/empty", buf, sizeof(buf), 0), 0);
	ck_assert_int_eq(kread(MNT "/hole", buf, 4, 0), 4);
	ck_assert(memcmp(buf, "A\0\0\0", 4) == 0);
	ck_assert_int_eq(kread(MNT "/hole", buf, 4, (5u << 20) - 2), 3);
	ck_assert(memcmp(buf, "\0\0B", 3) == 0);
	ck_assert_int_eq(kstat(MNT "/hole", &st), 0);
	ck_assert_uint_eq(st.size, (5u << 20) + 1);
	ck_assert_uint_lt(st.blocks, 64);	/* no blocks for the hole */
	assert_pattern(MNT "/a/b/c/deep", 0, 5000);
	if (far) {
		ck_assert_int_eq(kread(MNT "/far", buf, 2, (70ull << 20) - 1), 2);
		ck_assert(buf[0] == 0 && buf[1] == 'Z');
	}
	ck_assert_int_eq(vfs_readlink(AT_FDCWD, MNT "/fast", buf, sizeof(buf)), 9);
	ck_assert(memcmp(buf, "small.txt", 9) == 0);
	ck_assert_int_eq(vfs_readlink(AT_FDCWD, MNT "/slow", buf, sizeof(buf)),
			 (int)strlen(SLOW_TARGET));
	ck_assert(memcmp(buf, SLOW_TARGET, strlen(SLOW_TARGET)) == 0);
	ck_assert_int_eq(kread(MNT "/fast", buf, sizeof(buf), 0), 12);
	ck_assert_int_eq(kstat(MNT "/fifo", &st), 0);
	ck_assert(S_ISFIFO(st.mode));
	ck_assert_int_eq(klist(MNT "/dir3000", s), NDIR + 2);
	ck_assert(has_name(s, ".") && has_name(s, ".."));
	for (int i = 0; i < NDIR; i++) {
		snprintf(name, sizeof(name), "f%04d", i);
		ck_assert_msg(has_name(s, name), "%s missing", name);
	}
	for (int i = 0; i < NDIR; i += 97) {
		snprintf(name, sizeof(name), MNT "/dir3000/f%04d", i);
		ck_assert_int_eq(kread(name, buf, sizeof(buf), 0),
				 (ssize_t)strlen(name) - 5);
		ck_assert(memcmp(buf, name + 5, strlen(name) - 5) == 0);
	}
	names_free(s);
}

/* ---- tests ---- */

static void
read_tree(const char *opts, bool far)
{
	make_image(opts, true, far, "96M");
	do_mount(0);
	check_tree(far);
	do_umount();
	assert_fsck_clean();
	cleanup();
}

START_TEST(test_read_1k)
{
	read_tree("-b 1024", true);
}
END_TEST

START_TEST(test_read_2k)
{
	read_tree("-b 2048 -I 128", false);
}
END_TEST

START_TEST(test_read_4k)
{
	read_tree("-b 4096", false);
}
END_TEST

/* ext2_bmap_run agrees with ext2_bmap block by block: runs of
 * contiguous blocks and of holes, cut at the map blocks' ends. */
static void
check_runs(const char *path, uint64_t nblk)
{
	unsigned len, longest = 0;
	struct nameidata nd;
	uint32_t p, q;

	ck_assert_int_eq(path_lookup(AT_FDCWD, path, 0, &nd), 0);
	mutex_lock(&nd.ip->lock);
	for (uint64_t b = 0; b < nblk; b += len) {
		ck_assert_int_eq(ext2_bmap_run(nd.ip, b, 300, &p, &len), 0);
		ck_assert_uint_ge(len, 1);
		ck_assert_uint_le(len, 300);
		longest = len > longest ? len : longest;
		for (unsigned k = 0; k < len; k++) {
			ck_assert_int_eq(ext2_bmap(nd.ip, b + k, false, &q,
						   NULL), 0);
			if (q != (p == 0 ? 0 : p + k))
				ck_abort_msg("%s: block %llu maps to %u, the "
					     "run says %u", path,
					     (unsigned long long)(b + k), q,
					     p == 0 ? 0 : p + k);
		}
	}
	mutex_unlock(&nd.ip->lock);
	nd_release(&nd);
	ck_assert_uint_gt(longest, 1);		/* runs, not single blocks */
}

START_TEST(test_bmap_runs)
{
	make_image("-b 1024", true, true, "96M");
	do_mount(0);
	check_runs(MNT "/big", BIG_SIZE / 1024);
	check_runs(MNT "/hole", (5u << 20) / 1024 + 1);
	check_runs(MNT "/far", (70u << 20) / 1024);
	do_umount();
	cleanup();
}
END_TEST

/* Times: nanoseconds with 256-byte inodes, seconds with 128-byte ones. */
static void
times_case(const char *opts, bool nsec)
{
	struct iattr ia = { .valid = ATTR_MTIME | ATTR_ATIME };
	struct nameidata nd;
	struct inode st;

	make_image(opts, false, false, "8M");
	do_mount(0);
	ck_assert_int_eq(kwrite(MNT "/t", "x", 1, 0, 0), 1);
	ck_assert_int_eq(path_lookup(AT_FDCWD, MNT "/t", 0, &nd), 0);
	ia.mtime = (struct timespec64){ 1234567890, 123456789 };
	ia.atime = (struct timespec64){ 1234567891, 5 };
	ck_assert_int_eq(vfs_setattr(nd.ip, &ia), 0);
	nd_release(&nd);
	do_umount();
	do_mount(0);
	ck_assert_int_eq(kstat(MNT "/t", &st), 0);
	ck_assert_int_eq(st.mtime.tv_sec, 1234567890);
	ck_assert_int_eq(st.mtime.tv_nsec, nsec ? 123456789 : 0);
	ck_assert_int_eq(st.atime.tv_sec, 1234567891);
	ck_assert_int_eq(st.atime.tv_nsec, nsec ? 5 : 0);
	do_umount();
	assert_fsck_clean();
	ck_assert_int_eq(diskimg_run("debugfs -R 'stat /t' %s 2>/dev/null | "
			     "grep -q 'mtime: 0x499602d2%s'", img,
			     nsec ? ":1d6f3454" : ""), 0);
	cleanup();
}

START_TEST(test_times_ns)
{
	times_case("-b 4096 -I 256", true);
}
END_TEST

START_TEST(test_times_s)
{
	times_case("-b 1024 -I 128", false);
}
END_TEST

/* Write, create, rename, link, unlink, truncate; then check through a
 * second mount, debugfs and e2fsck. */
static void
mutate(const char *opts)
{
	static uint8_t big[BIG_SIZE];
	struct names *s = names_new(NDIR + 8);
	char name[64], buf[64];
	struct inode st;

	make_image(opts, true, false, "64M");
	for (uint64_t i = 0; i < BIG_SIZE; i++)
		big[i] = pattern(i);
	do_mount(0);
	/* a new big file, written in odd pieces */
	for (size_t off = 0; off < BIG_SIZE; off += 300007)
		ck_assert_int_eq(kwrite(MNT "/new", big + off,
					MIN(300007, BIG_SIZE - off), off, 0),
				 (ssize_t)MIN(300007, BIG_SIZE - off));
	assert_pattern(MNT "/new", 0, BIG_SIZE);
	/* overwrite inside an existing file, append to another */
	ck_assert_int_eq(kwrite(MNT "/big", "XYZ", 3, 4096 * 20 + 1, 0), 3);
	ck_assert_int_eq(kwrite(MNT "/small.txt", "more\n", 5, 0, O_APPEND), 5);
	/* sparse writes */
	ck_assert_int_eq(kwrite(MNT "/sparse", "s", 1, 40u << 20, 0), 1);
	ck_assert_int_eq(kwrite(MNT "/sparse", "t", 1, 3, 0), 1);
	/* truncate: down across the indirect blocks, up into a hole */
	ck_assert_int_eq(ktruncate(MNT "/new", 5000), 0);
	ck_assert_int_eq(ktruncate(MNT "/new", 70000), 0);
	ck_assert_int_eq(kread(MNT "/new", buf, 8, 4998), 8);
	ck_assert(buf[0] == (char)pattern(4998) && buf[1] == (char)pattern(4999));
	ck_assert(buf[2] == 0 && buf[7] == 0);
	ck_assert_int_eq(ktruncate(MNT "/hole", 0), 0);
	/* names */
	ck_assert_int_eq(vfs_mknod(AT_FDCWD, MNT "/d1", S_IFDIR | 0755, 0), 0);
	ck_assert_int_eq(vfs_mknod(AT_FDCWD, MNT "/d1/sub", S_IFDIR | 0700, 0), 0);
	ck_assert_int_eq(vfs_mknod(AT_FDCWD, MNT "/d2", S_IFDIR | 0755, 0), 0);
	ck_assert_int_eq(vfs_mknod(AT_FDCWD, MNT "/d1/fifo", S_IFIFO | 0600, 0), 0);
	ck_assert_int_eq(vfs_mknod(AT_FDCWD, MNT "/d1/null", S_IFCHR | 0666,
				   MKDEV(1, 3)), 0);
	ck_assert_int_eq(vfs_mknod(AT_FDCWD, MNT "/d1/bigdev", S_IFBLK | 0600,
				   MKDEV(259, 300)), 0);
	ck_assert_int_eq(vfs_rename(AT_FDCWD, MNT "/d1/sub", AT_FDCWD,
				    MNT "/d2/sub2", 0), 0);	/* ".." moves */
	ck_assert_int_eq(vfs_rename(AT_FDCWD, MNT "/small.txt", AT_FDCWD,
				    MNT "/empty", 0), 0);	/* over a file */
	ck_assert_int_eq(vfs_link(AT_FDCWD, MNT "/empty", AT_FDCWD,
				  MNT "/d2/hardlink", 0), 0);
	ck_assert_int_eq(vfs_symlink("../empty", AT_FDCWD, MNT "/d2/sym"), 0);
	ck_assert_int_eq(vfs_symlink(SLOW_TARGET SLOW_TARGET, AT_FDCWD,
				     MNT "/d2/slowsym"), 0);
	ck_assert_int_eq(vfs_unlink(AT_FDCWD, MNT "/fast", false), 0);
	ck_assert_int_eq(vfs_unlink(AT_FDCWD, MNT "/slow", false), 0);
	ck_assert_int_eq(vfs_unlink(AT_FDCWD, MNT "/a", true), -ENOTEMPTY);
	ck_assert_int_eq(vfs_unlink(AT_FDCWD, MNT "/a/b/c/deep", false), 0);
	ck_assert_int_eq(vfs_unlink(AT_FDCWD, MNT "/a/b/c", true), 0);
	ck_assert_int_eq(vfs_rename(AT_FDCWD, MNT "/a/b", AT_FDCWD,
				    MNT "/d2/sub2", 0), 0);	/* over a dir */
	/* half of the big directory goes, some new names come */
	for (int i = 0; i < NDIR; i += 2) {
		snprintf(name, sizeof(name), MNT "/dir3000/f%04d", i);
		ck_assert_int_eq(vfs_unlink(AT_FDCWD, name, false), 0);
	}
	for (int i = 0; i < 500; i++) {
		snprintf(name, sizeof(name), MNT "/dir3000/new-name-%d", i);
		ck_assert_int_eq(kwrite(name, name, 8, 0, 0), 8);
	}
	ck_assert_int_eq(vfs_rename(AT_FDCWD, MNT "/dir3000/f0001", AT_FDCWD,
				    MNT "/dir3000/f0003", 0), 0);
	ck_assert_int_eq(kfsync(MNT "/new"), 0);
	do_umount();
	assert_fsck_clean();
	ck_assert_int_eq(diskimg_run("debugfs -R 'cat /d2/hardlink' %s 2>/dev/null | "
			     "grep -qx 'hello, ext2'", img), 0);

	/* everything is still there after a remount */
	do_mount(0);
	ck_assert_int_eq(kread(MNT "/empty", buf, sizeof(buf), 0), 17);
	ck_assert(memcmp(buf, "hello, ext2\nmore\n", 17) == 0);
	ck_assert_int_eq(kstat(MNT "/empty", &st), 0);
	ck_assert_uint_eq(st.nlink, 2);
	ck_assert_int_eq(kread(MNT "/big", buf, 3, 4096 * 20 + 1), 3);
	ck_assert(memcmp(buf, "XYZ", 3) == 0);
	ck_assert_int_eq(kstat(MNT "/new", &st), 0);
	ck_assert_uint_eq(st.size, 70000);
	ck_assert_int_eq(kstat(MNT "/sparse", &st), 0);
	ck_assert_uint_eq(st.size, (40u << 20) + 1);
	ck_assert_uint_lt(st.blocks, 64);
	ck_assert_int_eq(kread(MNT "/sparse", buf, 4, 0), 4);
	ck_assert(memcmp(buf, "\0\0\0t", 4) == 0);
	ck_assert_int_eq(kstat(MNT "/d2/sub2", &st), 0);
	ck_assert(S_ISDIR(st.mode));
	ck_assert_int_eq(kstat(MNT "/d2/sub2/..", &st), 0);
	ck_assert_int_eq(kstat(MNT "/d2", &st), 0);
	ck_assert_uint_eq(st.nlink, 3);
	ck_assert_int_eq(kstat(MNT "/d1/null", &st), 0);
	ck_assert(S_ISCHR(st.mode) && st.rdev == MKDEV(1, 3));
	ck_assert_int_eq(kstat(MNT "/d1/bigdev", &st), 0);
	ck_assert(S_ISBLK(st.mode) && st.rdev == MKDEV(259, 300));
	ck_assert_int_eq(vfs_readlink(AT_FDCWD, MNT "/d2/slowsym", buf, 10), 10);
	ck_assert_int_eq(kstat(MNT "/fast", &st), -ENOENT);
	ck_assert_int_eq(klist(MNT "/dir3000", s), NDIR / 2 + 500 + 2 - 1);
	ck_assert(has_name(s, "f0003") && !has_name(s, "f0001"));
	ck_assert(has_name(s, "new-name-499") && !has_name(s, "f0000"));
	/* the rest goes: an emptied file system stays clean */
	for (int i = 0; i < s->n; i++) {
		if (strcmp(s->name[i], ".") == 0 || strcmp(s->name[i], "..") == 0)
			continue;
		snprintf(name, sizeof(name), MNT "/dir3000/%s", s->name[i]);
		ck_assert_int_eq(vfs_unlink(AT_FDCWD, name, false), 0);
	}
	ck_assert_int_eq(vfs_unlink(AT_FDCWD, MNT "/dir3000", true), 0);
	ck_assert_int_eq(vfs_unlink(AT_FDCWD, MNT "/new", false), 0);
	ck_assert_int_eq(vfs_unlink(AT_FDCWD, MNT "/big", false), 0);
	do_umount();
	assert_fsck_clean();
	names_free(s);
	cleanup();
}

START_TEST(test_mutate_1k)
{
	mutate("-b 1024");
}
END_TEST

START_TEST(test_mutate_4k)
{
	mutate("-b 4096");
}
END_TEST

/* A directory e2fsck -D indexed (dir_index hash tree): it reads
 * linearly, and changing it drops the index; e2fsck stays happy, and
 * e2fsck -fyD can index it again. */
START_TEST(test_indexed_dir)
{
	struct names *s = names_new(NDIR + 8);
	char name[64];

	make_image("-b 1024", true, false, "64M");
	ck_assert_int_eq(diskimg_run("e2fsck -fyD %s >/dev/null 2>&1; "
			     "debugfs -R 'htree /dir3000' %s 2>/dev/null | "
			     "grep -q 'Root node dump'", img, img), 0);
	do_mount(0);
	ck_assert_int_eq(klist(MNT "/dir3000", s), NDIR + 2);
	ck_assert_int_eq(kread(MNT "/dir3000/f2999", name, 64, 0), 13);
	for (int i = 0; i < NDIR; i += 3) {
		snprintf(name, sizeof(name), MNT "/dir3000/f%04d", i);
		ck_assert_int_eq(vfs_unlink(AT_FDCWD, name, false), 0);
	}
	for (int i = 0; i < 300; i++) {
		snprintf(name, sizeof(name), MNT "/dir3000/added-%d", i);
		ck_assert_int_eq(kwrite(name, "a", 1, 0, 0), 1);
	}
	do_umount();
	assert_fsck_clean();
	do_mount(0);
	ck_assert_int_eq(klist(MNT "/dir3000", s), NDIR - NDIR / 3 + 300 + 2);
	ck_assert(has_name(s, "added-299") && !has_name(s, "f0003") &&
		  has_name(s, "f0004"));
	do_umount();
	ck_assert_int_le(diskimg_run("e2fsck -fyD %s >/dev/null 2>&1", img), 1);
	assert_fsck_clean();
	ck_assert_int_eq(diskimg_run("debugfs -R 'htree /dir3000' %s 2>/dev/null | "
			     "grep -q 'Root node dump'", img), 0);
	names_free(s);
	cleanup();
}
END_TEST

/* Unlinked while open: the blocks go at the last close. */
START_TEST(test_unlink_open)
{
	struct statfs_k before, after;
	struct nameidata nd;
	struct file *f;
	char buf[4];

	make_image("-b 1024", false, false, "8M");
	do_mount(0);
	ck_assert_int_eq(path_lookup(AT_FDCWD, MNT, 0, &nd), 0);
	ck_assert_int_eq(vfs_statfs(nd.ip, &before), 0);
	ck_assert_int_eq(vfs_open(AT_FDCWD, MNT "/tmp", O_RDWR | O_CREAT, 0600,
				  &f), 0);
	ck_assert_int_eq(kwrite(MNT "/tmp", "data", 4, 100000, 0), 4);
	ck_assert_int_eq(vfs_unlink(AT_FDCWD, MNT "/tmp", false), 0);
	ck_assert_int_eq(kernel_read(f, buf, 4, 100000), 4);
	ck_assert(memcmp(buf, "data", 4) == 0);
	file_put(f);
	ck_assert_int_eq(vfs_statfs(nd.ip, &after), 0);
	nd_release(&nd);
	ck_assert_uint_eq(after.bfree, before.bfree);
	ck_assert_uint_eq(after.ffree, before.ffree);
	do_umount();
	assert_fsck_clean();
	cleanup();
}
END_TEST

/* large_file is turned on by the first file past 2 GiB. */
START_TEST(test_large_file)
{
	struct inode st;
	char c;

	/* mke2fs sets large_file anyway; the resize inode is a large file */
	make_image("-b 4096 -O ^resize_inode", false, false, "16M");
	ck_assert_int_eq(diskimg_run("debugfs -w -R 'feature -large_file' %s "
			     ">/dev/null 2>&1", img), 0);
	ck_assert_int_ne(diskimg_run("dumpe2fs -h %s 2>/dev/null | grep -q large_file",
			     img), 0);
	do_mount(0);
	ck_assert_int_eq(kwrite(MNT "/huge", "L", 1, 3ull << 30, 0), 1);
	ck_assert_int_eq(kstat(MNT "/huge", &st), 0);
	ck_assert_uint_eq(st.size, (3ull << 30) + 1);
	ck_assert_int_eq(kread(MNT "/huge", &c, 1, 3ull << 30), 1);
	ck_assert_int_eq(c, 'L');
	do_umount();
	assert_fsck_clean();
	ck_assert_int_eq(diskimg_run("dumpe2fs -h %s 2>/dev/null | grep -q large_file",
			     img), 0);
	cleanup();
}
END_TEST

/* Revision 0: 128-byte inodes, no features, no file types in entries. */
START_TEST(test_rev0)
{
	struct names *s = names_new(16);

	make_image("-r 0 -b 1024", false, false, "8M");
	do_mount(0);
	ck_assert_int_eq(vfs_mknod(AT_FDCWD, MNT "/dir", S_IFDIR | 0755, 0), 0);
	ck_assert_int_eq(kwrite(MNT "/dir/f", "rev0", 4, 300000, 0), 4);
	ck_assert_int_eq(vfs_symlink("f", AT_FDCWD, MNT "/dir/l"), 0);
	ck_assert_int_eq(klist(MNT "/dir", s), 4);
	do_umount();
	assert_fsck_clean();
	names_free(s);
	cleanup();
}
END_TEST

/* Unknown incompat features refuse the mount, naming the features;
 * ro_compat ones and a journal mount read-only. */
START_TEST(test_feature_incompat)
{
	make_image("-b 1024 -O extent", false, false, "8M");
	ck_assert_int_eq(vfs_mount("/dev/vda", MNT, "ext2", 0, NULL), -EINVAL);
	ck_assert_ptr_nonnull(strstr(testhal_console(), "'extent'"));
	cleanup();
}
END_TEST

/* A file system as mke2fs -t TYPE makes it (not through make_image,
 * which says -t ext2). */
static void
make_typed(const char *type, const char *opts)
{
	ck_assert_int_eq(diskimg_workdir(work, sizeof(work), "ext2_test"), 0);
	snprintf(img, sizeof(img), "%s/disk.img", work);
	ck_assert_int_eq(diskimg_run("mke2fs -q -F -t %s %s %s 16M", type, opts, img),
			 0);
	boot();
}

/* ext4 as mke2fs makes it: refused, naming extent and 64bit. */
START_TEST(test_feature_ext4)
{
	make_typed("ext4", "");
	ck_assert_int_eq(vfs_mount("/dev/vda", MNT, "ext2", 0, NULL), -EINVAL);
	ck_assert_ptr_nonnull(strstr(testhal_console(), "'extent'"));
	ck_assert_ptr_nonnull(strstr(testhal_console(), "'64bit'"));
	ck_assert_int_eq(vfs_mount("/dev/vda", MNT, "ext2", MS_RDONLY, NULL),
			 -EINVAL);
	cleanup();
}
END_TEST

/* ext4 without extents or 64bit: its ro_compat features (huge_file,
 * dir_nlink, extra_isize, metadata_csum) and the journal make it
 * read-only, and it reads. */
START_TEST(test_feature_ext4_ro)
{
	struct nameidata nd;
	struct names *s = names_new(8);

	make_typed("ext4", "-O ^extent,^64bit");
	do_mount(0);
	ck_assert_ptr_nonnull(strstr(testhal_console(), "'metadata_csum'"));
	ck_assert_ptr_nonnull(strstr(testhal_console(), "'huge_file'"));
	ck_assert_int_eq(path_lookup(AT_FDCWD, MNT, 0, &nd), 0);
	ck_assert(inode_readonly(nd.ip));
	nd_release(&nd);
	ck_assert_int_eq(klist(MNT, s), 3);	/* ., .., lost+found */
	ck_assert_int_eq(kwrite(MNT "/f", "x", 1, 0, 0), -EROFS);
	ck_assert_int_eq(vfs_mount(NULL, MNT, NULL, MS_REMOUNT, NULL), -EROFS);
	do_umount();
	assert_fsck_clean();
	names_free(s);
	cleanup();
}
END_TEST

/* ext3 with a journal that needs recovery: refused, saying so. */
START_TEST(test_feature_recover)
{
	make_typed("ext3", "-b 1024");
	ck_assert_int_eq(diskimg_run("debugfs -w -R 'feature needs_recovery' %s "
			     ">/dev/null 2>&1", img), 0);
	ck_assert_int_eq(vfs_mount("/dev/vda", MNT, "ext2", MS_RDONLY, NULL),
			 -EINVAL);
	ck_assert_ptr_nonnull(strstr(testhal_console(), "'needs_recovery'"));
	ck_assert_ptr_nonnull(strstr(testhal_console(), "run e2fsck"));
	cleanup();
}
END_TEST

START_TEST(test_feature_ro_compat)
{
	struct nameidata nd;

	make_image("-b 1024 -O metadata_csum", false, false, "8M");
	do_mount(0);
	ck_assert_ptr_nonnull(strstr(testhal_console(), "'metadata_csum'"));
	ck_assert_int_eq(path_lookup(AT_FDCWD, MNT, 0, &nd), 0);
	ck_assert(inode_readonly(nd.ip));
	nd_release(&nd);
	ck_assert_int_eq(kwrite(MNT "/f", "x", 1, 0, 0), -EROFS);
	do_umount();
	assert_fsck_clean();
	cleanup();
}
END_TEST

/* ext3 (a clean journal): read-only, naming has_journal; remounting
 * read-write is refused; the image stays clean. */
START_TEST(test_feature_journal)
{
	struct nameidata nd;

	make_typed("ext3", "-b 1024");
	do_mount(0);
	ck_assert_ptr_nonnull(strstr(testhal_console(), "'has_journal'"));
	ck_assert_int_eq(path_lookup(AT_FDCWD, MNT, 0, &nd), 0);
	ck_assert(inode_readonly(nd.ip));
	nd_release(&nd);
	ck_assert_int_eq(kwrite(MNT "/f", "journal", 7, 0, 0), -EROFS);
	ck_assert_int_eq(vfs_mount(NULL, MNT, NULL, MS_REMOUNT, NULL), -EROFS);
	do_umount();
	assert_fsck_clean();
	cleanup();
}
END_TEST

/* mount -o ro, remount rw and back: clean each time. */
START_TEST(test_remount)
{
	struct nameidata nd;

	make_image("-b 4096", true, false, "64M");
	do_mount(MS_RDONLY);
	ck_assert_int_eq(kwrite(MNT "/f", "x", 1, 0, 0), -EROFS);
	check_tree(false);
	ck_assert_int_eq(vfs_mount(NULL, MNT, NULL, MS_REMOUNT, NULL), 0);
	ck_assert_int_eq(kwrite(MNT "/f", "x", 1, 0, 0), 1);
	ck_assert_int_eq(vfs_mount(NULL, MNT, NULL, MS_REMOUNT | MS_RDONLY,
				   NULL), 0);
	assert_fsck_clean();		/* while still mounted read-only */
	ck_assert_int_eq(path_lookup(AT_FDCWD, MNT "/f", 0, &nd), 0);
	nd_release(&nd);
	do_umount();
	assert_fsck_clean();
	cleanup();
}
END_TEST

/* Filling the disk: -ENOSPC, and everything stays consistent. */
START_TEST(test_enospc)
{
	static char buf[65536];
	uint64_t off = 0;
	ssize_t r;

	memset(buf, 'f', sizeof(buf));
	make_image("-b 1024 -m 0", false, false, "4M");
	do_mount(0);
	while ((r = kwrite(MNT "/fill", buf, sizeof(buf), off, 0)) > 0)
		off += (uint64_t)r;
	ck_assert_int_eq(r, -ENOSPC);
	ck_assert_int_gt(off, 3u << 20);
	while ((r = kwrite(MNT "/fill", buf, 100, off, 0)) > 0)
		off += (uint64_t)r;	/* blocks of the last failed page */
	ck_assert_int_eq(r, -ENOSPC);
	ck_assert_int_eq(kwrite(MNT "/more", buf, 10, 0, 0), -ENOSPC);
	ck_assert_int_eq(vfs_unlink(AT_FDCWD, MNT "/fill", false), 0);
	ck_assert_int_eq(kwrite(MNT "/more", buf, 10, 0, 0), 10);
	do_umount();
	assert_fsck_clean();
	cleanup();
}
END_TEST

/* ---- corrupted images ---- */

static void
walk(const char *path, int depth)
{
	struct names *s;
	char child[600];
	static char buf[65536];
	struct inode st;

	if (depth > 6 || (s = names_new(4096)) == NULL)
		return;
	if (klist(path, s) >= 0) {
		for (int i = 0; i < s->n; i++) {
			if (strcmp(s->name[i], ".") == 0 ||
			    strcmp(s->name[i], "..") == 0)
				continue;
			snprintf(child, sizeof(child), "%s/%s", path, s->name[i]);
			if (kstat(child, &st) < 0)
				continue;
			if (S_ISDIR(st.mode))
				walk(child, depth + 1);
			else if (S_ISREG(st.mode))
				for (uint64_t off = 0; off < (1u << 20) &&
				     kread(child, buf, sizeof(buf), off) > 0;
				     off += sizeof(buf))
					;
			else if (S_ISLNK(st.mode))
				vfs_readlink(AT_FDCWD, child, buf, sizeof(buf));
		}
	}
	names_free(s);
}

/* A few writes that may or may not work on a corrupt file system. */
static void
scribble(void)
{
	char buf[5000];

	memset(buf, 'w', sizeof(buf));
	kwrite(MNT "/newfile", buf, sizeof(buf), 0, 0);
	kwrite(MNT "/a/b/newfile", buf, sizeof(buf), 70000, 0);
	vfs_mknod(AT_FDCWD, MNT "/newdir", S_IFDIR | 0755, 0);
	vfs_rename(AT_FDCWD, MNT "/small.txt", AT_FDCWD, MNT "/a/moved", 0);
	vfs_unlink(AT_FDCWD, MNT "/big", false);
	ktruncate(MNT "/hole", 1);
	vfs_unlink(AT_FDCWD, MNT "/dir3000/f0001", false);
}

/* 50 images with random bytes of the metadata changed: the kernel says
 * -EIO or refuses the mount, and never panics or hangs. */
START_TEST(test_fuzz)
{
	/* EXT2_FUZZ_ROUNDS, EXT2_FUZZ_SEED, EXT2_FUZZ_MKFS (mke2fs
	 * options) and EXT2_FUZZ_SIZE hunt further by hand */
	const char *er = getenv("EXT2_FUZZ_ROUNDS");
	const char *es = getenv("EXT2_FUZZ_SEED");
	const char *opts = getenv("EXT2_FUZZ_MKFS");
	const char *size = getenv("EXT2_FUZZ_SIZE");
	const int rounds = er != NULL ? atoi(er) : 50;
	uint8_t *pristine, *copy;
	uint64_t seed = es != NULL ? strtoull(es, NULL, 0) : 12345;
	size_t n, meta;
	int mounted = 0;
	FILE *fp;

	make_image(opts != NULL ? opts : "-b 1024 -N 4096", true, false,
		   size != NULL ? size : "12M");
	fp = fopen(img, "r+b");
	ck_assert_ptr_nonnull(fp);
	ck_assert_int_eq(fseeko(fp, 0, SEEK_END), 0);
	n = (size_t)ftello(fp);
	meta = MIN(n, (size_t)600 * 1024);	/* bitmaps, inodes, dirs */
	pristine = malloc(n);
	copy = malloc(n);
	rewind(fp);
	ck_assert_uint_eq(fread(pristine, 1, n, fp), n);
	for (int round = 0; round < rounds; round++) {
		memcpy(copy, pristine, n);
		for (int k = 0; k < 1 + round % 16; k++) {
			seed = seed * 6364136223846793005ull + 1442695040888963407ull;
			size_t at = (size_t)(seed >> 33) % meta;
			/* a third of the hits on the superblock and descriptors */
			if (k % 3 == 0)
				at = 1024 + (size_t)(seed >> 20) % 2048;
			copy[at] = (uint8_t)(seed >> 13);
		}
		rewind(fp);
		ck_assert_uint_eq(fwrite(copy, 1, n, fp), n);
		ck_assert_int_eq(fflush(fp), 0);
		/* the disk changed behind the kernel's back: a failed mount
		 * leaves what it read in the buffer cache */
		binvalidate(block_dev(0));
		if (vfs_mount("/dev/vda", MNT, "ext2", 0, NULL) != 0)
			continue;
		mounted++;
		walk(MNT, 0);
		scribble();
		ck_assert_int_eq(vfs_umount(MNT, 0), 0);
	}
	fclose(fp);
	ck_assert_int_gt(mounted, rounds / 4);
	free(pristine);
	free(copy);
	cleanup();
}
END_TEST

static Suite *
ext2_suite(void)
{
	Suite *s = suite_create("ext2");
	TCase *tr = tcase_create("read"), *tw = tcase_create("write");
	TCase *tf = tcase_create("features"), *tz = tcase_create("fuzz");

	tcase_set_timeout(tr, 120);
	tcase_add_test(tr, test_read_1k);
	tcase_add_test(tr, test_read_2k);
	tcase_add_test(tr, test_read_4k);
	tcase_add_test(tr, test_bmap_runs);
	tcase_add_test(tr, test_times_ns);
	tcase_add_test(tr, test_times_s);
	suite_add_tcase(s, tr);
	tcase_set_timeout(tw, 120);
	tcase_add_test(tw, test_mutate_1k);
	tcase_add_test(tw, test_mutate_4k);
	tcase_add_test(tw, test_unlink_open);
	tcase_add_test(tw, test_indexed_dir);
	tcase_add_test(tw, test_large_file);
	tcase_add_test(tw, test_enospc);
	tcase_add_test(tw, test_remount);
	suite_add_tcase(s, tw);
	tcase_set_timeout(tf, 60);
	tcase_add_test(tf, test_rev0);
	tcase_add_test(tf, test_feature_incompat);
	tcase_add_test(tf, test_feature_ro_compat);
	tcase_add_test(tf, test_feature_journal);
	tcase_add_test(tf, test_feature_ext4);
	tcase_add_test(tf, test_feature_ext4_ro);
	tcase_add_test(tf, test_feature_recover);
	suite_add_tcase(s, tf);
	tcase_set_timeout(tz, 300);
	tcase_add_test(tz, test_fuzz);
	suite_add_tcase(s, tz);
	return s;
}

int
main(void)
{
	SRunner *sr = srunner_create(ext2_suite());
	int failed;

	if (diskimg_run("command -v mke2fs >/dev/null && command -v e2fsck >/dev/null "
		"&& command -v debugfs >/dev/null") != 0) {
		fprintf(stderr, "ext2_test: e2fsprogs not installed: skipped\n");
		return 77;
	}
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
