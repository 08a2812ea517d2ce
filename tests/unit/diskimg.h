/*
 * diskimg.h -- host-side helpers shared by the unit tests that run the
 * kernel's file system code over image files made by mke2fs.
 */
#ifndef TESTS_UNIT_DISKIMG_H
#define TESTS_UNIT_DISKIMG_H

#include <stddef.h>

/* Run a shell command built from fmt: its exit status (128 if killed). */
int diskimg_run(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Make a fresh directory $TMPDIR/NAME.XXXXXX into buf: 0, or -1. */
int diskimg_workdir(char *buf, size_t size, const char *name);

/*
 * A fresh kernel (page allocator, heap, block layer, VFS) with the image
 * file img as /dev/vda and an empty directory mnt to mount it on: 0, or
 * the first step's error. The test mounts (or tries to).
 */
int diskimg_boot(const char *img, const char *mnt);

#endif
