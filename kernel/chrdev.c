/*
 * chrdev.c -- the character device registry: a driver registers file
 * operations for a range of minors of a major; opening a device node with
 * such a number uses them.
 */
#include "fs_local.h"

#define NCHRDEV 32

struct chrdev {
	unsigned major, minor, count;	/* count 0: a free slot */
	const struct file_ops *fops;
	const char *name;
};

static struct spinlock chrdev_lock = SPINLOCK_INIT("chrdev");
static struct chrdev devs[NCHRDEV];		/* chrdev_lock */

static bool
overlaps(const struct chrdev *d, unsigned major, unsigned minor, unsigned count)
{
	return d->count != 0 && d->major == major &&
	       minor < d->minor + d->count && d->minor < minor + count;
}

/*
 * Register fops for MKDEV(major, minor .. minor+count-1). 0, -EBUSY (a
 * minor is taken), -EINVAL, -ENOSPC. Any context that may take a
 * spinlock; fops and name must live forever.
 */
int
chrdev_register(unsigned major, unsigned minor, unsigned count,
		const struct file_ops *fops, const char *name)
{
	int r = -ENOSPC;

	if (count == 0 || fops == NULL || major > 0xfff ||
	    minor + count > 0x100000)
		return -EINVAL;
	spin_lock(&chrdev_lock);
	for (int i = 0; i < NCHRDEV; i++)
		if (overlaps(&devs[i], major, minor, count)) {
			spin_unlock(&chrdev_lock);
			return -EBUSY;
		}
	for (int i = 0; i < NCHRDEV && r < 0; i++) {
		if (devs[i].count == 0) {
			devs[i] = (struct chrdev){ major, minor, count, fops,
						   name };
			r = 0;
		}
	}
	spin_unlock(&chrdev_lock);
	return r;
}

/* The operations registered for device number rdev, or NULL. */
const struct file_ops *
chrdev_lookup(uint32_t rdev)
{
	const struct file_ops *f = NULL;

	spin_lock(&chrdev_lock);
	for (int i = 0; i < NCHRDEV && f == NULL; i++)
		if (overlaps(&devs[i], MAJOR(rdev), MINOR(rdev), 1))
			f = devs[i].fops;
	spin_unlock(&chrdev_lock);
	return f;
}
