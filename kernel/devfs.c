/*
 * devfs.c -- /dev: a ramfs that shows every device given to devfs_add, in
 * each mounted instance and in those mounted later. Other nodes,
 * directories (/dev/pts, /dev/shm) and links may be made in it as well.
 */
#include "fs_local.h"

#define NDEVFS 64
#define NDEVFS_MOUNTS 8

struct devfs_entry {
	struct devfs_node n;
	char name[32];
};

/* Guards the table and the mounts; before any inode lock. */
static struct mutex devfs_lock = { SPINLOCK_INIT("mutex"), NULL,
				   WAITQ_INIT(devfs_lock.wq), "devfs" };
static struct devfs_entry table[NDEVFS];
static int ntable;
static struct super *mounted[NDEVFS_MOUNTS];

/* Make node n in the root of sb unless a node of that name is there. */
static void
devfs_make(struct super *sb, const struct devfs_node *n)
{
	struct inode *root = sb->root, *ip;
	size_t len = strlen(n->name);

	mutex_lock(&root->lock);
	if (root->iop->lookup(root, n->name, len, &ip) == 0) {
		inode_put(ip);
	} else if (root->iop->create(root, n->name, len, n->mode, n->rdev,
				     &ip) == 0) {
		ip->uid = ip->gid = 0;
		inode_put(ip);
	}
	mutex_unlock(&root->lock);
}

/*
 * Show device rdev as /dev/name with mode (S_IFCHR or S_IFBLK and
 * permissions). 0, -EEXIST, -EINVAL, -ENOSPC. Kernel thread context; may
 * sleep.
 */
int
devfs_add(const char *name, uint32_t mode, uint32_t rdev)
{
	struct devfs_entry *e;
	size_t len = strnlen(name, sizeof(e->name));

	if (len == 0 || len >= sizeof(e->name) || strchr(name, '/') != NULL ||
	    name_is_dots(name, len) || (!S_ISCHR(mode) && !S_ISBLK(mode)))
		return -EINVAL;
	mutex_lock(&devfs_lock);
	for (int i = 0; i < ntable; i++)
		if (strcmp(table[i].name, name) == 0) {
			mutex_unlock(&devfs_lock);
			return -EEXIST;
		}
	if (ntable == NDEVFS) {
		mutex_unlock(&devfs_lock);
		return -ENOSPC;
	}
	e = &table[ntable++];
	strlcpy(e->name, name, sizeof(e->name));
	e->n = (struct devfs_node){ e->name, mode, rdev };
	for (int i = 0; i < NDEVFS_MOUNTS; i++)
		if (mounted[i] != NULL)
			devfs_make(mounted[i], &e->n);
	mutex_unlock(&devfs_lock);
	return 0;
}

static int
devfs_mount(struct super *sb, const char *source, const char *data)
{
	int r, slot = -1;

	(void)source;
	(void)data;
	mutex_lock(&devfs_lock);
	for (int i = 0; i < NDEVFS_MOUNTS && slot < 0; i++)
		if (mounted[i] == NULL)
			slot = i;
	if (slot < 0 || (r = ramfs_fill(sb, "mode=0755")) < 0) {
		mutex_unlock(&devfs_lock);
		return slot < 0 ? -EBUSY : r;
	}
	mounted[slot] = sb;
	for (int i = 0; i < ntable; i++)
		devfs_make(sb, &table[i].n);
	mutex_unlock(&devfs_lock);
	return 0;
}

static void
devfs_unmount(struct super *sb)
{
	mutex_lock(&devfs_lock);
	for (int i = 0; i < NDEVFS_MOUNTS; i++)
		if (mounted[i] == sb)
			mounted[i] = NULL;
	mutex_unlock(&devfs_lock);
}

const struct fs_type devfs_type = {
	.name = "devfs",
	.mount = devfs_mount,
	.unmount = devfs_unmount,
	.statfs = ramfs_statfs,
	.nodev = true,
};
