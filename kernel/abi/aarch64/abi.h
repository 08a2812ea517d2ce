/*
 * abi.h (aarch64) -- what of Linux's user ABI differs between ISAs: the
 * values and layouts for aarch64 (the "generic" Linux ABI).
 */
#ifndef KERNEL_ABI_H
#define KERNEL_ABI_H

#include <stdint.h>

#define ABI_NAME "aarch64"
#define ABI_ELF_MACHINE 183		/* EM_AARCH64 */
#define ABI_UNAME_MACHINE "aarch64"

#define O_DIRECTORY 00040000
#define O_NOFOLLOW 00100000
#define O_DIRECT 00200000
#define O_LARGEFILE 00400000

/* struct stat of the generic ABI (128 bytes). */
struct abi_stat {
	uint64_t st_dev;
	uint64_t st_ino;
	uint32_t st_mode;
	uint32_t st_nlink;
	uint32_t st_uid;
	uint32_t st_gid;
	uint64_t st_rdev;
	uint64_t pad1;
	int64_t st_size;
	int32_t st_blksize;
	int32_t pad2;
	int64_t st_blocks;
	int64_t st_atime_sec, st_atime_nsec;
	int64_t st_mtime_sec, st_mtime_nsec;
	int64_t st_ctime_sec, st_ctime_nsec;
	uint32_t unused[2];
};

_Static_assert(sizeof(struct abi_stat) == 128, "aarch64 struct stat");

/* clone(flags, newsp, parent_tid, ...): where tls and child_tid are. */
#define ABI_CLONE_ARG_TLS 3
#define ABI_CLONE_ARG_CTID 4

#define ABI_STAT_SET_NLINK(st, n) ((st)->st_nlink = (uint32_t)(n))

/* struct statfs of statfs/fstatfs (120 bytes; the same on every 64-bit ISA). */
struct abi_statfs {
	int64_t f_type;
	int64_t f_bsize;
	uint64_t f_blocks, f_bfree, f_bavail;
	uint64_t f_files, f_ffree;
	int32_t f_fsid[2];
	int64_t f_namelen;
	int64_t f_frsize;
	int64_t f_flags;
	int64_t f_spare[4];
};

_Static_assert(sizeof(struct abi_statfs) == 120, "struct statfs");

#endif
