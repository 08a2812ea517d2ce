/*
 * fs_ktest.h -- helpers shared by the file layer's self tests
 * (fs_ktest.c, fs_ktest2.c): files by path, a scratch directory, and a
 * stand-in process with chosen credentials.
 */
#ifndef KERNEL_FS_KTEST_H
#define KERNEL_FS_KTEST_H

#include "abi.h"
#include "fs_local.h"
#include "ktest.h"

struct kt_proc {
	struct uthread ut;
	struct proc p;
};

int kt_fs_begin(const char *dir);
void kt_fs_end(const char *dir);
int kt_rmtree(const char *path);
int kt_put(const char *path, const void *data, size_t n);
ssize_t kt_get(const char *path, void *buf, size_t n);
ssize_t kt_fread(struct file *f, void *buf, size_t n);
ssize_t kt_fwrite(struct file *f, const void *buf, size_t n);
int kt_lookup(const char *path, unsigned flags, struct inode **out);
int kt_lookup_err(const char *path, unsigned flags);
long kt_mode(const char *path);
long kt_nlink(const char *path);
bool kt_same(const char *a, const char *b);
struct kt_proc *kt_proc_begin(uint32_t uid, uint32_t gid);
void kt_proc_end(struct kt_proc *kp);
int kt_as_proc(uint32_t uid, uint32_t gid, int (*fn)(void));

#endif
