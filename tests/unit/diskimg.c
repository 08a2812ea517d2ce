/*
 * diskimg.c -- host-side helpers shared by the unit tests that run the
 * kernel's file system code over image files made by mke2fs.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>

#include "block.h"
#include "diskimg.h"
#include "fs_local.h"
#include "heap.h"
#include "pmm.h"
#include "testhal.h"

int
diskimg_run(const char *fmt, ...)
{
	char cmd[1024];
	va_list ap;
	int st;

	va_start(ap, fmt);
	vsnprintf(cmd, sizeof(cmd), fmt, ap);
	va_end(ap);
	st = system(cmd);
	return WIFEXITED(st) ? WEXITSTATUS(st) : 128;
}

int
diskimg_workdir(char *buf, size_t size, const char *name)
{
	const char *t = getenv("TMPDIR") != NULL ? getenv("TMPDIR") : "/tmp";

	snprintf(buf, size, "%s/%s.XXXXXX", t, name);
	return mkdtemp(buf) != NULL ? 0 : -1;
}

int
diskimg_boot(const char *img, const char *mnt)
{
	testhal_reset();
	pmm_init();
	heap_init();
	if (testhal_block_attach(img, false) < 0)
		return -EIO;
	block_init();
	vfs_init();
	return vfs_mknod(AT_FDCWD, mnt, S_IFDIR | 0755, 0);
}
