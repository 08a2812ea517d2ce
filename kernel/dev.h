/*
 * dev.h -- device numbers and the character device registry: a driver
 * registers file operations for a range of minors; opening a device node
 * with that number uses them.
 */
#ifndef KERNEL_DEV_H
#define KERNEL_DEV_H

#include "vfs.h"

/* Linux's encoding of dev_t in st_rdev (new_encode_dev). */
#define MKDEV(ma, mi) ((uint32_t)(((mi) & 0xff) | ((ma) << 8) | (((mi) & ~0xffu) << 12)))
#define MAJOR(d) ((unsigned)(((d) >> 8) & 0xfff))
#define MINOR(d) ((unsigned)(((d) & 0xff) | (((d) >> 12) & 0xfff00)))

/* Register fops for MKDEV(major, minor .. minor+count-1). 0 or -EBUSY. */
int chrdev_register(unsigned major, unsigned minor, unsigned count,
		    const struct file_ops *fops, const char *name);

/* The operations for device rdev, or NULL (-ENXIO on open). */
const struct file_ops *chrdev_lookup(uint32_t rdev);

/* /dev entries: devfs shows every registered device under its name. */
struct devfs_node {
	const char *name;
	uint32_t mode;		/* S_IFCHR | permissions */
	uint32_t rdev;
};

int devfs_add(const char *name, uint32_t mode, uint32_t rdev);

#endif
