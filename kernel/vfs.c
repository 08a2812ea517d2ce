/*
 * vfs.c -- the inode table (reference counts, each super's inode list),
 * permission checks, the mount table and statfs. vfs_init mounts a ramfs
 * as "/" and devfs on /dev. The lock order is in fs_local.h.
 */
#include "fs_local.h"
#include "heap.h"
#include "pagecache.h"

#define MNT_FORCE 1
#define MNT_DETACH 2
#define MNT_EXPIRE 4
#define UMOUNT_NOFOLLOW 8
#define NTYPES 16

struct spinlock itable_lock = SPINLOCK_INIT("itable");
struct mutex rename_lock = { SPINLOCK_INIT("mutex"), NULL,
			     WAITQ_INIT(rename_lock.wq), "rename" };
static struct mutex mount_lock = { SPINLOCK_INIT("mutex"), NULL,
				   WAITQ_INIT(mount_lock.wq), "mount" };

static struct spinlock types_lock = SPINLOCK_INIT("fstypes");
static const struct fs_type *types[NTYPES];	/* types_lock */

static struct list mounts = LIST_INIT(mounts);	/* struct super; mount_lock */
static struct inode *root_ip;		/* set once by vfs_init */
static struct super *anon_sb;		/* memfd and pipe inodes */
static unsigned next_dev = 1;		/* mount_lock */

static const struct cred root_cred;

/* The caller's credentials: its process's, or root's in a kernel thread. */
const struct cred *
cur_cred(void)
{
	struct proc *p = curproc();

	return p != NULL ? &p->cred : &root_cred;
}

/* The caller's file mode creation mask (0 in a kernel thread). */
uint32_t
cur_umask(void)
{
	struct proc *p = curproc();

	return p != NULL ? (READ_ONCE(p->umask) & 0777) : 0;
}

/* Current wall-clock time for timestamps. Any context. */
struct timespec64
vfs_now(void)
{
	uint64_t ns = hal_time_ns();
	struct timespec64 t;

	t.tv_sec = (int64_t)(hal_rtc_boot_seconds() + ns / NSEC_PER_SEC);
	t.tv_nsec = (int64_t)(ns % NSEC_PER_SEC);
	return t;
}

/* ---- the inode table ---- */

/*
 * A new inode of sb with one reference, owned by the caller's fsuid and
 * fsgid, nlink 1. NULL when memory is short. May sleep.
 */
struct inode *
inode_new(struct super *sb, uint32_t mode)
{
	const struct cred *c = cur_cred();
	struct inode *ip = kzalloc(sizeof(*ip));

	if (ip == NULL)
		return NULL;
	ip->refs = 1;
	mutex_init(&ip->lock, "inode");
	ip->sb = sb;
	ip->mode = mode;
	ip->nlink = 1;
	ip->uid = c->fsuid;
	ip->gid = c->fsgid;
	ip->atime = ip->mtime = ip->ctime = vfs_now();
	list_init(&ip->link);
	list_init(&ip->maps);
	spin_lock(&itable_lock);
	ip->ino = sb->next_ino++;
	list_append(&sb->inodes, &ip->link);
	spin_unlock(&itable_lock);
	return ip;
}

/* Take a reference to ip. Any context but interrupts. */
void
inode_get(struct inode *ip)
{
	spin_lock(&itable_lock);
	ip->refs++;
	spin_unlock(&itable_lock);
}

static void
inode_free(struct inode *ip)
{
	if (ip->iop != NULL && ip->iop->evict != NULL)
		ip->iop->evict(ip);
	kfree(ip);
}

/*
 * Drop a reference. The last one frees the inode, unless its file system
 * keeps unreferenced inodes while they are linked (ramfs). NULL is
 * ignored. May sleep (the file system's evict).
 */
void
inode_put(struct inode *ip)
{
	if (ip == NULL)
		return;
	spin_lock(&itable_lock);
	if (ip->refs <= 0)
		panic("inode_put: inode %llu has no reference",
		      (unsigned long long)ip->ino);
	if (--ip->refs > 0 || (ip->nlink > 0 && ip->sb->keep_inodes)) {
		spin_unlock(&itable_lock);
		return;
	}
	list_remove(&ip->link);
	spin_unlock(&itable_lock);
	inode_free(ip);
}

/* Copy the attributes ia chooses, all but the size (the file system
 * truncates), into ip. ip->lock held. */
void
inode_set_attr(struct inode *ip, const struct iattr *ia)
{
	if (ia->valid & ATTR_MODE)
		ip->mode = (ip->mode & S_IFMT) | (ia->mode & 07777);
	if (ia->valid & ATTR_UID)
		ip->uid = ia->uid;
	if (ia->valid & ATTR_GID)
		ip->gid = ia->gid;
	if (ia->valid & ATTR_ATIME)
		ip->atime = ia->atime;
	if (ia->valid & ATTR_MTIME)
		ip->mtime = ia->mtime;
	if (ia->valid & ATTR_CTIME)
		ip->ctime = ia->ctime;
}

/* Set the chosen timestamps of ip to now. Takes ip->lock; may sleep. */
void
inode_touch(struct inode *ip, bool atime, bool mtime, bool ctime)
{
	struct timespec64 now = vfs_now();

	mutex_lock(&ip->lock);
	if (atime)
		ip->atime = now;
	if (mtime)
		ip->mtime = now;
	if (ctime)
		ip->ctime = now;
	mutex_unlock(&ip->lock);
}

/* True if writes to ip's file system are refused (MS_RDONLY). */
bool
inode_readonly(const struct inode *ip)
{
	return (READ_ONCE(ip->sb->flags) & MS_RDONLY) != 0;
}

/* True if gid is c's file system group or one of its groups. */
bool
cred_in_group(const struct cred *c, uint32_t gid)
{
	if (c->fsgid == gid)
		return true;
	for (int i = 0; i < c->ngroups && i < 16; i++)
		if (c->groups[i] == gid)
			return true;
	return false;
}

/*
 * May credentials c access ip for mask (R_OK|W_OK|X_OK)? 0, -EACCES, or
 * -EROFS for writing a file, directory or symlink on a read-only mount.
 * Uses the file system ids (fsuid, fsgid). Any context that may read ip.
 */
int
inode_permission_cred(struct inode *ip, int mask, const struct cred *c)
{
	uint32_t mode = READ_ONCE(ip->mode), bits;

	mask &= R_OK | W_OK | X_OK;
	if ((mask & W_OK) && inode_readonly(ip) &&
	    (S_ISREG(mode) || S_ISDIR(mode) || S_ISLNK(mode)))
		return -EROFS;
	if (c->fsuid == 0) {
		if ((mask & X_OK) && !S_ISDIR(mode) && !(mode & 0111))
			return -EACCES;
		return 0;
	}
	if (c->fsuid == ip->uid)
		bits = (mode >> 6) & 7;
	else if (cred_in_group(c, ip->gid))
		bits = (mode >> 3) & 7;
	else
		bits = mode & 7;
	return (mask & ~bits) ? -EACCES : 0;
}

/* inode_permission_cred with the caller's credentials. */
int
inode_permission(struct inode *ip, int mask)
{
	return inode_permission_cred(ip, mask, cur_cred());
}

/* ---- mounts ---- */

/* If ip has file systems mounted on it, the topmost root instead (the
 * reference moves). Any context that may sleep. */
struct inode *
inode_follow_mounts(struct inode *ip)
{
	struct inode *m;

	spin_lock(&itable_lock);
	while ((m = ip->mounted) != NULL) {
		m->refs++;
		ip->refs--;	/* the mount holds another one */
		ip = m;
	}
	spin_unlock(&itable_lock);
	return ip;
}

/* Register a file system type. 0, -EBUSY (name taken) or -ENOSPC. */
int
vfs_register(const struct fs_type *t)
{
	int r = -ENOSPC;

	spin_lock(&types_lock);
	for (int i = 0; i < NTYPES; i++)
		if (types[i] != NULL && strcmp(types[i]->name, t->name) == 0) {
			spin_unlock(&types_lock);
			return -EBUSY;
		}
	for (int i = 0; i < NTYPES && r < 0; i++)
		if (types[i] == NULL) {
			types[i] = t;
			r = 0;
		}
	spin_unlock(&types_lock);
	return r;
}

static const struct fs_type *
find_type(const char *name)
{
	const struct fs_type *t = NULL;

	spin_lock(&types_lock);
	for (int i = 0; i < NTYPES && t == NULL; i++)
		if (types[i] != NULL && strcmp(types[i]->name, name) == 0)
			t = types[i];
	spin_unlock(&types_lock);
	return t;
}

/*
 * The registered types as /proc/filesystems shows them ("nodev\tproc"
 * for a type without a device, "\text2" otherwise), oldest first, into
 * buf; returns the length of the whole text, which may exceed size (buf
 * then holds a NUL-terminated prefix). Any context that may spin.
 */
size_t
vfs_types_format(char *buf, size_t size)
{
	size_t n = 0;

	if (size > 0)
		buf[0] = '\0';
	spin_lock(&types_lock);
	for (int i = 0; i < NTYPES; i++)
		if (types[i] != NULL)
			n += (size_t)ksnprintf(buf + MIN(n, size),
					       size - MIN(n, size), "%s\t%s\n",
					       types[i]->nodev ? "nodev" : "",
					       types[i]->name);
	spin_unlock(&types_lock);
	return n;
}

/* Free sb and every inode still in its list. Nothing may use them. */
static void
super_free(struct super *sb)
{
	struct inode *ip;

	if (sb->type->unmount != NULL)
		sb->type->unmount(sb);
	for (;;) {
		spin_lock(&itable_lock);
		if (list_empty(&sb->inodes)) {
			spin_unlock(&itable_lock);
			break;
		}
		ip = list_first(&sb->inodes, struct inode, link);
		list_remove(&ip->link);
		spin_unlock(&itable_lock);
		inode_free(ip);
	}
	kfree(sb);
}

/* A new super of type `name` (not attached anywhere). mount_lock held. */
static int
super_make(const char *name, unsigned long flags, const char *source,
	   const char *data, struct super **out)
{
	const struct fs_type *t = find_type(name);
	struct super *sb;
	int r;

	if (t == NULL)
		return -ENODEV;
	if ((sb = kzalloc(sizeof(*sb))) == NULL)
		return -ENOMEM;
	sb->type = t;
	sb->flags = flags & (MS_RDONLY | MS_NOSUID | MS_NODEV | MS_NOEXEC);
	sb->dev = MKDEV(0, next_dev);
	next_dev++;
	sb->next_ino = 1;
	list_init(&sb->inodes);
	list_init(&sb->link);
	strlcpy(sb->source, source != NULL ? source : "none",
		sizeof(sb->source));
	if ((r = t->mount(sb, sb->source, data)) < 0 || sb->root == NULL) {
		super_free(sb);
		return r < 0 ? r : -EINVAL;
	}
	*out = sb;
	return 0;
}

static int
remount(struct inode *ip, unsigned long flags)
{
	struct super *sb = ip->sb;
	uint32_t keep = MS_RDONLY | MS_NOSUID | MS_NODEV | MS_NOEXEC;
	int r;

	if (ip != sb->root)
		return -EINVAL;
	if (sb->type->remount != NULL &&
	    (r = sb->type->remount(sb, flags & keep)) < 0)
		return r;
	WRITE_ONCE(sb->flags, (sb->flags & ~keep) | (uint32_t)(flags & keep));
	return 0;
}

/* May a new file system of `type` go on directory ip? */
static int
mount_target_ok(struct inode *ip, const char *type)
{
	if (type == NULL)
		return -EINVAL;
	if (ip->nlink == 0 && ip != ip->sb->root)
		return -ENOENT;
	if (ip == ip->sb->root && ip->sb->type == &devfs_type &&
	    find_type(type) == &devfs_type)
		return -EBUSY;		/* one devfs is enough: it is there */
	return 0;
}

/*
 * Mount a file system of `type` on directory `target` (or change the
 * flags of the one there with MS_REMOUNT). 0 or -EXXX. The caller checked
 * privileges. May sleep.
 */
int
vfs_mount(const char *source, const char *target, const char *type,
	  unsigned long flags, const char *data)
{
	struct nameidata nd;
	struct super *sb;
	int r;

	if (flags & MS_BIND)
		return -EINVAL;
	mutex_lock(&mount_lock);
	r = path_lookup(AT_FDCWD, target, LOOKUP_FOLLOW | LOOKUP_DIRECTORY,
			&nd);
	if (r == 0 && (flags & MS_REMOUNT)) {
		r = remount(nd.ip, flags);
	} else if (r == 0 && (r = mount_target_ok(nd.ip, type)) == 0 &&
		   (r = super_make(type, flags, source, data, &sb)) == 0) {
		sb->mountpoint = nd.ip; /* keeps the lookup's reference */
		spin_lock(&itable_lock);
		nd.ip->mounted = sb->root;
		sb->root->covered = nd.ip;
		spin_unlock(&itable_lock);
		list_append(&mounts, &sb->link);
		nd.ip = NULL;
	}
	inode_put(nd.ip);
	mutex_unlock(&mount_lock);
	return r;
}

/* Is anything of sb in use but the root's own two references? */
static bool
super_busy(struct super *sb)
{
	struct list *l;
	struct super *m;
	struct inode *ip;

	list_for_each(l, &mounts) {
		m = list_entry(l, struct super, link);
		if (m != sb && m->mountpoint != NULL && m->mountpoint->sb == sb)
			return true;
	}
	list_for_each(l, &sb->inodes) {
		ip = list_entry(l, struct inode, link);
		if (ip->refs > (ip == sb->root ? 2 : 0) || ip->mounted != NULL)
			return true;
	}
	return false;
}

/* Unhook sb from the tree unless it is busy. mount_lock held; the
 * caller holds a lookup reference to sb->root, which goes too. */
static int
super_detach(struct super *sb)
{
	int r = 0;

	spin_lock(&itable_lock);
	if (super_busy(sb)) {
		r = -EBUSY;
	} else {
		sb->mountpoint->mounted = NULL;
		sb->root->covered = NULL;
		sb->root->refs -= 2;	/* the super's and the lookup's */
		list_remove(&sb->link);
	}
	spin_unlock(&itable_lock);
	return r;
}

/*
 * Unmount the file system whose root is `target`. 0, -EINVAL (not a
 * mount point), -EBUSY (the root file system, open files, working
 * directories, mounts below). May sleep.
 */
int
vfs_umount(const char *target, int flags)
{
	struct inode *covered;
	struct nameidata nd;
	struct super *sb;
	int r;

	if (flags & ~(MNT_FORCE | MNT_DETACH | MNT_EXPIRE | UMOUNT_NOFOLLOW))
		return -EINVAL;
	mutex_lock(&mount_lock);
	r = path_lookup(AT_FDCWD, target,
			(flags & UMOUNT_NOFOLLOW) ? 0 : LOOKUP_FOLLOW, &nd);
	if (r == 0) {
		sb = nd.ip->sb;
		if (nd.ip != sb->root)
			r = -EINVAL;
		else if (sb->mountpoint == NULL)
			r = -EBUSY;
		else if ((r = super_detach(sb)) == 0) {
			covered = sb->mountpoint;
			super_free(sb);
			inode_put(covered);
		}
		if (r < 0)
			inode_put(nd.ip);
	}
	mutex_unlock(&mount_lock);
	return r;
}

/*
 * The mount table as /proc/mounts shows it ("source dir type rw|ro 0 0"
 * lines, oldest mount first, directories seen from the caller's root)
 * into buf; returns the length of the whole text, which may exceed size
 * (buf then holds a NUL-terminated prefix). May sleep.
 */
size_t
vfs_mounts_format(char *buf, size_t size)
{
	char *path = kmalloc(PATH_MAX);
	struct super *sb;
	struct list *l;
	size_t n = 0;

	if (size > 0)
		buf[0] = '\0';
	if (path == NULL)
		return 0;
	mutex_lock(&mount_lock);
	list_for_each(l, &mounts) {
		sb = list_entry(l, struct super, link);
		if (path_of_inode(sb->root, path, PATH_MAX) < 0)
			continue;		/* outside the caller's root */
		n += (size_t)ksnprintf(buf + MIN(n, size), size - MIN(n, size),
				       "%s %s %s %s 0 0\n", sb->source, path,
				       sb->type->name,
				       (sb->flags & MS_RDONLY) ? "ro" : "rw");
	}
	mutex_unlock(&mount_lock);
	kfree(path);
	return n;
}

/* Unhook m (mounted somewhere, not busy) and free it. mount_lock held. */
static void
super_drop(struct super *m)
{
	struct inode *covered = m->mountpoint;

	spin_lock(&itable_lock);
	covered->mounted = NULL;
	m->root->covered = NULL;
	spin_unlock(&itable_lock);
	list_remove(&m->link);
	super_free(m);
	inode_put(covered);
}

/*
 * Make a file system of `type` on `source` the root of the name space in
 * place of the boot ramfs (root= on the command line), and mount devfs
 * on its /dev. Called by the first kernel thread before any process
 * exists. 0, or -EXXX with the ramfs still the root.
 */
int
vfs_mount_root(const char *source, const char *type, unsigned long flags,
	       const char *data)
{
	struct super *sb, *old, *m;
	struct list *l, *n;
	int r;

	mutex_lock(&mount_lock);
	if ((r = super_make(type, flags, source, data, &sb)) < 0) {
		mutex_unlock(&mount_lock);
		return r;
	}
	old = root_ip->sb;
	list_for_each_safe(l, n, &mounts) {
		m = list_entry(l, struct super, link);
		if (m != old && m->mountpoint != NULL &&
		    m->mountpoint->sb == old)
			super_drop(m);		/* devfs on the ramfs's /dev */
	}
	list_remove(&old->link);
	list_push(&mounts, &sb->link);
	spin_lock(&itable_lock);
	root_ip = sb->root;
	spin_unlock(&itable_lock);
	super_free(old);
	mutex_unlock(&mount_lock);
	if ((r = vfs_mount("devfs", "/dev", "devfs", 0, NULL)) < 0)
		klog(KLOG_WARN, "vfs: cannot mount devfs on /dev: %d", r);
	return 0;
}

/*
 * The machine stops: every writable file system that knows how writes
 * everything back, marks itself clean and becomes read-only. Called by
 * reboot(2) and when init dies. May sleep.
 */
void
vfs_shutdown(void)
{
	struct super *sb;
	struct list *l;
	int r;

	mutex_lock(&mount_lock);
	list_for_each(l, &mounts) {
		sb = list_entry(l, struct super, link);
		if (sb->type->remount == NULL || (sb->flags & MS_RDONLY))
			continue;
		if ((r = sb->type->remount(sb, sb->flags | MS_RDONLY)) == 0)
			WRITE_ONCE(sb->flags, sb->flags | MS_RDONLY);
		else
			klog(KLOG_ERR, "vfs: %s on %s: write-back failed: %d",
			     sb->type->name, sb->source, r);
	}
	mutex_unlock(&mount_lock);
}

/* Fill st for the file system holding ip. 0 or -EXXX. May sleep. */
int
vfs_statfs(struct inode *ip, struct statfs_k *st)
{
	struct super *sb = ip->sb;
	int r = 0;

	memset(st, 0, sizeof(*st));
	st->bsize = PAGE_SIZE;
	st->namelen = NAME_MAX;
	if (sb->type->statfs != NULL)
		r = sb->type->statfs(sb, st);
	st->flags = READ_ONCE(sb->flags) & (MS_RDONLY | MS_NOSUID | MS_NODEV |
					    MS_NOEXEC);
	return r;
}

/* The root of the name space: a new reference, NULL before vfs_init. */
struct inode *
vfs_root(void)
{
	struct inode *ip;

	spin_lock(&itable_lock);
	if ((ip = root_ip) != NULL)
		ip->refs++;
	spin_unlock(&itable_lock);
	return ip;
}

/* The unmounted tmpfs holding memfd and pipe inodes (NULL before init). */
struct super *
vfs_anon_super(void)
{
	return anon_sb;
}

/* True once vfs_init has run. */
bool
vfs_ready(void)
{
	return READ_ONCE(root_ip) != NULL;
}

/*
 * Register the built-in file systems and memory devices, mount a ramfs as
 * "/" and devfs on /dev (so that init finds /dev/console). Called once by
 * kmain, before other threads run. Panics only if the root cannot be
 * made, which no user input can cause.
 */
void
vfs_init(void)
{
	struct super *sb, *anon;
	int r;

	if (vfs_ready())
		return;
	pcache_sysinit();
	vfs_register(&ramfs_type);
	vfs_register(&tmpfs_type);
	vfs_register(&devfs_type);
	vfs_register(&ext2_type);
	memdev_init();
	mutex_lock(&mount_lock);
	if ((r = super_make("ramfs", 0, "rootfs", "mode=0755", &sb)) < 0 ||
	    (r = super_make("tmpfs", 0, "anon", NULL, &anon)) < 0)
		panic("vfs_init: cannot make the root file system: %d", r);
	list_append(&mounts, &sb->link);
	anon_sb = anon;
	spin_lock(&itable_lock);
	root_ip = sb->root;
	spin_unlock(&itable_lock);
	mutex_unlock(&mount_lock);
	if ((r = vfs_mknod(AT_FDCWD, "/dev", S_IFDIR | 0755, 0)) < 0 ||
	    (r = vfs_mount("devfs", "/dev", "devfs", 0, NULL)) < 0)
		klog(KLOG_WARN, "vfs: cannot mount devfs on /dev: %d", r);
	klog(KLOG_INFO, "vfs: ramfs on /, devfs on /dev");
}
