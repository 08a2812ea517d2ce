/*
 * namei_test.c -- unit tests of the path walk (kernel/namei.c) over an
 * ext2 image that mke2fs makes from a tree built here: ".", "..",
 * repeated slashes, ".." across the mount point, fast, slow, absolute,
 * relative, dangling and looping symbolic links (40 links followed, not
 * 41), ENOTDIR, ENOENT, ENAMETOOLONG, LOOKUP_PARENT, the path of a
 * directory, and an entry whose inode is corrupt (-EIO, not a panic).
 */
#include <check.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "block.h"
#include "diskimg.h"
#include "fs_local.h"
#include "heap.h"
#include "pmm.h"
#include "testhal.h"

#define MNT "/mnt"
#define SLOW "./././././././././././././././././././././././c/../c/file"

static char work[256], src[300], img[300];

/* The tree: a/b/c/file, links in a/b and at the top, a chain of 41. */
static void
make_tree(void)
{
	FILE *f;
	char path[400];

	snprintf(src, sizeof(src), "%s/src", work);
	ck_assert_int_eq(diskimg_run("mkdir -p %s/a/b/c %s/chain", src, src), 0);
	snprintf(path, sizeof(path), "%s/a/b/c/file", src);
	ck_assert_ptr_nonnull(f = fopen(path, "w"));
	fputs("deep\n", f);
	fclose(f);
	ck_assert_int_eq(diskimg_run("cd %s && ln -s c/file a/b/rel && "
			     "ln -s .. a/b/up && ln -s /mnt/a/b/c/file abs && "
			     "ln -s '%s' a/b/slow && ln -s nowhere dangling && "
			     "ln -s loop2 loop1 && ln -s loop1 loop2 && "
			     "ln -s a/b/c/file/ notdir", src, SLOW), 0);
	/* chain/lN -> lN+1, chain/l40 -> the file: l0 takes 41 links */
	for (int i = 0; i < 40; i++)
		ck_assert_int_eq(diskimg_run("ln -s l%d %s/chain/l%d", i + 1, src, i),
				 0);
	ck_assert_int_eq(diskimg_run("ln -s ../a/b/c/file %s/chain/l40", src), 0);
}

static void
setup(void)
{
	ck_assert_int_eq(diskimg_workdir(work, sizeof(work), "namei_test"), 0);
	snprintf(img, sizeof(img), "%s/disk.img", work);
	make_tree();
	ck_assert_int_eq(diskimg_run("mke2fs -q -F -t ext2 -b 1024 -d %s %s 4M "
				     ">/dev/null 2>&1", src, img), 0);
	ck_assert_int_eq(diskimg_boot(img, MNT), 0);
	ck_assert_int_eq(vfs_mount("/dev/vda", MNT, "ext2", 0, NULL), 0);
}

static void
teardown(void)
{
	ck_assert_int_eq(vfs_umount(MNT, 0), 0);
	ck_assert_int_eq(diskimg_run("e2fsck -fn %s >/dev/null 2>&1", img), 0);
	diskimg_run("rm -rf %s", work);
}

/* The inode number path leads to, or -errno. */
static long
ino_of(const char *path, unsigned flags)
{
	struct nameidata nd;
	long r;

	if ((r = path_lookup(AT_FDCWD, path, flags, &nd)) < 0)
		return r;
	r = (long)nd.ip->ino;
	nd_release(&nd);
	return r;
}

static bool
is_link(const char *path)
{
	struct nameidata nd;
	bool r;

	ck_assert_int_eq(path_lookup(AT_FDCWD, path, 0, &nd), 0);
	r = S_ISLNK(nd.ip->mode);
	nd_release(&nd);
	return r;
}

START_TEST(test_plain)
{
	long file = ino_of(MNT "/a/b/c/file", 0), root = ino_of("/", 0);

	ck_assert_int_gt(file, 11);
	ck_assert_int_eq(ino_of(MNT "//a///b/./c/../c/file", 0), file);
	ck_assert_int_eq(ino_of(MNT "/a/b/c/", 0), ino_of(MNT "/a/b/c", 0));
	ck_assert_int_eq(ino_of(MNT, 0), 2);	/* the mounted root */
	ck_assert_int_eq(ino_of(MNT "/.", 0), 2);
	ck_assert_int_eq(ino_of(MNT "/..", 0), root);	/* across the mount */
	ck_assert_int_eq(ino_of(MNT "/a/../../mnt/a/b/c/file", 0), file);
	ck_assert_int_eq(ino_of("/../../..", 0), root);
	ck_assert_int_eq(ino_of(MNT "/a/b/c/file/", 0), -ENOTDIR);
	ck_assert_int_eq(ino_of(MNT "/a/b/c/file/x", 0), -ENOTDIR);
	ck_assert_int_eq(ino_of(MNT "/a/b/c/file/..", 0), -ENOTDIR);
	ck_assert_int_eq(ino_of(MNT "/a/nope/x", 0), -ENOENT);
	ck_assert_int_eq(ino_of(MNT "/a/nope", 0), -ENOENT);
	ck_assert_int_eq(ino_of("", 0), -ENOENT);
	ck_assert_int_eq(ino_of(MNT "/a/b/c/file", LOOKUP_DIRECTORY),
			 -ENOTDIR);
}
END_TEST

START_TEST(test_symlinks)
{
	long file = ino_of(MNT "/a/b/c/file", 0);

	ck_assert(is_link(MNT "/a/b/rel"));
	ck_assert_int_eq(ino_of(MNT "/a/b/rel", LOOKUP_FOLLOW), file);
	ck_assert_int_eq(ino_of(MNT "/abs", LOOKUP_FOLLOW), file);
	ck_assert_int_eq(ino_of(MNT "/a/b/slow", LOOKUP_FOLLOW), file);
	ck_assert_int_eq(ino_of(MNT "/a/b/up/b/rel", LOOKUP_FOLLOW), file);
	ck_assert_int_eq(ino_of(MNT "/a/b/up/b/up/b/c/file", 0), file);
	ck_assert_int_eq(ino_of(MNT "/a/b/up", LOOKUP_FOLLOW),
			 ino_of(MNT "/a", 0));
	/* a link in the middle is always followed */
	ck_assert_int_eq(ino_of(MNT "/a/b/up/b", 0), ino_of(MNT "/a/b", 0));
	ck_assert(is_link(MNT "/dangling"));
	ck_assert_int_eq(ino_of(MNT "/dangling", LOOKUP_FOLLOW), -ENOENT);
	ck_assert_int_eq(ino_of(MNT "/loop1", LOOKUP_FOLLOW), -ELOOP);
	ck_assert_int_eq(ino_of(MNT "/loop1/x", 0), -ELOOP);
	ck_assert_int_eq(ino_of(MNT "/notdir", LOOKUP_FOLLOW), -ENOTDIR);
	ck_assert_int_eq(ino_of(MNT "/chain/l1", LOOKUP_FOLLOW), file); /* 40 */
	ck_assert_int_eq(ino_of(MNT "/chain/l0", LOOKUP_FOLLOW), -ELOOP);
	ck_assert(is_link(MNT "/chain/l0"));	/* not followed: no limit */
}
END_TEST

START_TEST(test_names)
{
	static char path[PATH_MAX + 16];
	struct nameidata nd;
	char buf[256];

	memset(buf, 'n', 256);
	memcpy(path, MNT "/", 5);
	memcpy(path + 5, buf, 256);
	path[5 + 256] = '\0';
	ck_assert_int_eq(ino_of(path, 0), -ENAMETOOLONG);
	path[5 + 255] = '\0';
	ck_assert_int_eq(ino_of(path, 0), -ENOENT);	/* 255 is allowed */
	for (size_t i = 0; i + 2 < sizeof(path); i += 2)
		memcpy(path + i, "./", 2);
	path[PATH_MAX] = '\0';
	ck_assert_int_eq(ino_of(path, 0), -ENAMETOOLONG);
	path[PATH_MAX - 1] = '\0';
	ck_assert_int_ge(ino_of(path, 0), 0);

	ck_assert_int_eq(path_lookup(AT_FDCWD, MNT "/a/b/newname",
				     LOOKUP_PARENT, &nd), 0);
	ck_assert_int_eq(nd.parent->ino, ino_of(MNT "/a/b", 0));
	ck_assert_str_eq(nd.last, "newname");
	ck_assert(!nd.slash);
	nd_release(&nd);
	ck_assert_int_eq(path_lookup(AT_FDCWD, MNT "/a/nope/newname",
				     LOOKUP_PARENT, &nd), -ENOENT);

	ck_assert_int_eq(path_lookup(AT_FDCWD, MNT "/a/b/up/b/c",
				     LOOKUP_FOLLOW, &nd), 0);
	ck_assert_int_eq(path_of_inode(nd.ip, path, sizeof(path)), 11);
	ck_assert_str_eq(path, MNT "/a/b/c");
	ck_assert_int_eq(path_of_inode(nd.ip, path, 8), -ERANGE);
	nd_release(&nd);
}
END_TEST

/* A directory entry whose inode was cleared: -EIO for the walk, and the
 * rest of the tree still walks. */
START_TEST(test_corrupt_entry)
{
	ck_assert_int_eq(vfs_umount(MNT, 0), 0);
	ck_assert_int_eq(diskimg_run("debugfs -w -R 'clri /a/b/c' %s >/dev/null 2>&1",
			     img), 0);
	ck_assert_int_eq(vfs_mount("/dev/vda", MNT, "ext2", MS_RDONLY, NULL),
			 0);
	ck_assert_int_eq(ino_of(MNT "/a/b/c/file", 0), -EIO);
	ck_assert_int_eq(ino_of(MNT "/a/b/rel", LOOKUP_FOLLOW), -EIO);
	ck_assert_ptr_nonnull(strstr(testhal_console(), "ext2 (vda)"));
	ck_assert_int_gt(ino_of(MNT "/chain/l1", 0), 0);
	ck_assert_int_gt(ino_of(MNT "/a/b/up", LOOKUP_FOLLOW), 0);
	ck_assert_int_eq(vfs_umount(MNT, 0), 0);
	diskimg_run("rm -rf %s", work);
}
END_TEST

static Suite *
namei_suite(void)
{
	Suite *s = suite_create("namei");
	TCase *tc = tcase_create("ext2"), *tz = tcase_create("corrupt");

	tcase_set_timeout(tc, 60);
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_plain);
	tcase_add_test(tc, test_symlinks);
	tcase_add_test(tc, test_names);
	suite_add_tcase(s, tc);
	tcase_set_timeout(tz, 60);
	tcase_add_checked_fixture(tz, setup, NULL);
	tcase_add_test(tz, test_corrupt_entry);
	suite_add_tcase(s, tz);
	return s;
}

int
main(void)
{
	SRunner *sr = srunner_create(namei_suite());
	int failed;

	if (diskimg_run("command -v mke2fs >/dev/null && command -v e2fsck >/dev/null "
		"&& command -v debugfs >/dev/null") != 0) {
		fprintf(stderr, "namei_test: no e2fsprogs: skipped\n");
		return 77;
	}
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
