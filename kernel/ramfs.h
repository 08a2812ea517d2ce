/*
 * ramfs.h -- what ramfs.c (inodes, directories, the file system) and
 * ramfs_file.c (the data of regular files) share.
 */
#ifndef KERNEL_RAMFS_H
#define KERNEL_RAMFS_H

#include "fs_local.h"

/* ip->priv of every ramfs inode; guarded by ip->lock unless noted. */
struct ramfs_node {
	/* directories */
	struct list entries;	/* struct ramfs_dirent */
	size_t nentries;
	uint64_t next_cookie;
	struct inode *parent;	/* "..": itself for the root, NULL once removed */
	/* regular files */
	struct mutex wlock;	/* one writer or truncater; before ip->lock */
	uint64_t *radix;	/* page of RADIX_SLOTS slots, or NULL */
	int height;		/* levels of the tree, 0 when empty */
	/* symlinks */
	char *target;
};

static inline struct ramfs_node *
RN(struct inode *ip)
{
	return ip->priv;
}

extern const struct file_ops ramfs_file_fops;
void ramfs_cut(struct inode *ip, uint64_t size);
int ramfs_truncate(struct inode *ip, uint64_t size);
int ramfs_getpage(struct inode *ip, uint64_t index, bool create, paddr_t *pa);
int ramfs_fsync(struct file *f);

#endif
