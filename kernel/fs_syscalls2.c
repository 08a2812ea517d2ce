/*
 * fs_syscalls2.c -- system calls on names and attributes: the stat
 * family and statx, mkdir and mknod, unlink, rename, link, symlink,
 * readlink, access, umask, chmod, chown, truncate and the utime calls.
 */
#include "fs_local.h"
#include "heap.h"
#include "syscall.h"
#include "uaccess.h"
#include "abi.h"

#define AT_NO_AUTOMOUNT 0x800
#define AT_STATX_SYNC_TYPE 0x6000
#define STATX_BASIC_STATS 0x7ffu
#define STATX_MNT_ID 0x1000u
#define STATX_RESERVED 0x80000000u
#define UTIME_NOW ((1l << 30) - 1)
#define UTIME_OMIT ((1l << 30) - 2)

/* Look up a user path relative to dirfd with the *at() flags. */
static int
at_lookup(int dirfd, uintptr_t upath, int flags, unsigned extra,
	  struct nameidata *nd)
{
	unsigned lf = extra;

	if (!(flags & AT_SYMLINK_NOFOLLOW))
		lf |= LOOKUP_FOLLOW;
	if (flags & AT_EMPTY_PATH)
		lf |= LOOKUP_EMPTY;
	return user_path(dirfd, upath, lf, nd);
}

/* ---- stat ---- */

static void
stat_fill(struct inode *ip, struct abi_stat *st)
{
	memset(st, 0, sizeof(*st));
	mutex_lock(&ip->lock);
	st->st_dev = ip->sb->dev;
	st->st_ino = ip->ino;
	st->st_mode = ip->mode;
	ABI_STAT_SET_NLINK(st, ip->nlink);
	st->st_uid = ip->uid;
	st->st_gid = ip->gid;
	st->st_rdev = ip->rdev;
	st->st_size = (int64_t)ip->size;
	st->st_blksize = PAGE_SIZE;
	st->st_blocks = (int64_t)ip->blocks;
	st->st_atime_sec = ip->atime.tv_sec;
	st->st_atime_nsec = ip->atime.tv_nsec;
	st->st_mtime_sec = ip->mtime.tv_sec;
	st->st_mtime_nsec = ip->mtime.tv_nsec;
	st->st_ctime_sec = ip->ctime.tv_sec;
	st->st_ctime_nsec = ip->ctime.tv_nsec;
	mutex_unlock(&ip->lock);
}

static long
stat_out(struct inode *ip, uintptr_t ust)
{
	struct abi_stat st;

	stat_fill(ip, &st);
	return copy_to_user(ust, &st, sizeof(st)) < 0 ? -EFAULT : 0;
}

SYSCALL2(fstat, int, fd, uintptr_t, ust)
{
	struct file *f = fd_get(fd);
	struct abi_stat st;
	long r;

	if (f == NULL)
		return -EBADF;
	if (f->ip != NULL) {
		r = stat_out(f->ip, ust);
	} else {		/* an anonymous file of another subsystem */
		memset(&st, 0, sizeof(st));
		st.st_mode = 0600;
		ABI_STAT_SET_NLINK(&st, 1);
		st.st_blksize = PAGE_SIZE;
		r = copy_to_user(ust, &st, sizeof(st)) < 0 ? -EFAULT : 0;
	}
	file_put(f);
	return r;
}

static long
stat_at(int dirfd, uintptr_t upath, uintptr_t ust, int flags)
{
	struct nameidata nd;
	long r;

	if (flags & ~(AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH | AT_NO_AUTOMOUNT))
		return -EINVAL;
	if ((r = at_lookup(dirfd, upath, flags, 0, &nd)) < 0)
		return r;
	r = stat_out(nd.ip, ust);
	nd_release(&nd);
	return r;
}

SYSCALL2(stat, uintptr_t, upath, uintptr_t, ust)
{
	return stat_at(AT_FDCWD, upath, ust, 0);
}

SYSCALL2(lstat, uintptr_t, upath, uintptr_t, ust)
{
	return stat_at(AT_FDCWD, upath, ust, AT_SYMLINK_NOFOLLOW);
}

SYSCALL4(newfstatat, int, dirfd, uintptr_t, upath, uintptr_t, ust, int, flags)
{
	return stat_at(dirfd, upath, ust, flags);
}

static struct statx_timestamp
stx_time(struct timespec64 t)
{
	return (struct statx_timestamp){ t.tv_sec, (uint32_t)t.tv_nsec, 0 };
}

static void
statx_fill(struct inode *ip, struct kstatx *sx)
{
	memset(sx, 0, sizeof(*sx));
	mutex_lock(&ip->lock);
	sx->stx_mask = STATX_BASIC_STATS | STATX_MNT_ID;
	sx->stx_blksize = PAGE_SIZE;
	sx->stx_nlink = ip->nlink;
	sx->stx_uid = ip->uid;
	sx->stx_gid = ip->gid;
	sx->stx_mode = (uint16_t)ip->mode;
	sx->stx_ino = ip->ino;
	sx->stx_size = ip->size;
	sx->stx_blocks = ip->blocks;
	sx->stx_atime = stx_time(ip->atime);
	sx->stx_ctime = stx_time(ip->ctime);
	sx->stx_mtime = stx_time(ip->mtime);
	sx->stx_rdev_major = MAJOR(ip->rdev);
	sx->stx_rdev_minor = MINOR(ip->rdev);
	sx->stx_dev_major = MAJOR(ip->sb->dev);
	sx->stx_dev_minor = MINOR(ip->sb->dev);
	sx->stx_mnt_id = ip->sb->dev;
	mutex_unlock(&ip->lock);
}

SYSCALL5(statx, int, dirfd, uintptr_t, upath, int, flags, unsigned, mask,
	 uintptr_t, ustx)
{
	struct nameidata nd;
	struct kstatx sx;
	struct file *f;
	long r;

	if ((flags & ~(AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH | AT_NO_AUTOMOUNT |
		       AT_STATX_SYNC_TYPE)) || (mask & STATX_RESERVED) ||
	    (flags & AT_STATX_SYNC_TYPE) == AT_STATX_SYNC_TYPE)
		return -EINVAL;
	if (upath == 0 && (flags & AT_EMPTY_PATH)) { /* Linux 6.11: NULL path */
		if ((f = fd_get(dirfd)) == NULL)
			return -EBADF;
		if (f->ip != NULL)
			statx_fill(f->ip, &sx);
		r = f->ip != NULL ? 0 : -EBADF;
		file_put(f);
	} else if ((r = at_lookup(dirfd, upath, flags, 0, &nd)) == 0) {
		statx_fill(nd.ip, &sx);
		nd_release(&nd);
	}
	if (r == 0 && copy_to_user(ustx, &sx, sizeof(sx)) < 0)
		r = -EFAULT;
	return r;
}

/* ---- making and removing names ---- */

static long
mknod_at(int dirfd, uintptr_t upath, uint32_t mode, uint32_t dev)
{
	uint32_t type = mode & S_IFMT;
	char *path;
	long r;

	if (type == S_IFDIR)
		return -EPERM;
	if (type != 0 && type != S_IFREG && type != S_IFCHR &&
	    type != S_IFBLK && type != S_IFIFO && type != S_IFSOCK)
		return -EINVAL;
	if ((type == S_IFCHR || type == S_IFBLK) && cur_cred()->euid != 0)
		return -EPERM;
	if ((r = getname(upath, &path)) < 0)
		return r;
	r = vfs_mknod(dirfd, path, type | (mode & 07777 & ~cur_umask()),
		      (type == S_IFCHR || type == S_IFBLK) ? dev : 0);
	kfree(path);
	return r;
}

SYSCALL3(mknod, uintptr_t, upath, uint32_t, mode, uint32_t, dev)
{
	return mknod_at(AT_FDCWD, upath, mode, dev);
}

SYSCALL4(mknodat, int, dirfd, uintptr_t, upath, uint32_t, mode, uint32_t, dev)
{
	return mknod_at(dirfd, upath, mode, dev);
}

static long
mkdir_at(int dirfd, uintptr_t upath, uint32_t mode)
{
	char *path;
	long r;

	if ((r = getname(upath, &path)) < 0)
		return r;
	r = vfs_mknod(dirfd, path, S_IFDIR | (mode & 01777 & ~cur_umask()), 0);
	kfree(path);
	return r;
}

SYSCALL2(mkdir, uintptr_t, upath, uint32_t, mode)
{
	return mkdir_at(AT_FDCWD, upath, mode);
}

SYSCALL3(mkdirat, int, dirfd, uintptr_t, upath, uint32_t, mode)
{
	return mkdir_at(dirfd, upath, mode);
}

static long
unlink_at(int dirfd, uintptr_t upath, int flags)
{
	char *path;
	long r;

	if (flags & ~AT_REMOVEDIR)
		return -EINVAL;
	if ((r = getname(upath, &path)) < 0)
		return r;
	r = vfs_unlink(dirfd, path, (flags & AT_REMOVEDIR) != 0);
	kfree(path);
	return r;
}

SYSCALL1(unlink, uintptr_t, upath)
{
	return unlink_at(AT_FDCWD, upath, 0);
}

SYSCALL1(rmdir, uintptr_t, upath)
{
	return unlink_at(AT_FDCWD, upath, AT_REMOVEDIR);
}

SYSCALL3(unlinkat, int, dirfd, uintptr_t, upath, int, flags)
{
	return unlink_at(dirfd, upath, flags);
}

/* Two user paths (rename, link, symlink). */
static int
getnames(uintptr_t ua, uintptr_t ub, char **a, char **b)
{
	int r;

	*b = NULL;
	if ((r = getname(ua, a)) < 0)
		return r;
	if ((r = getname(ub, b)) < 0) {
		kfree(*a);
		*a = NULL;
	}
	return r;
}

static long
rename_at(int odfd, uintptr_t uold, int ndfd, uintptr_t unew, unsigned flags)
{
	char *old, *new;
	long r;

	if (flags & ~(unsigned)RENAME_NOREPLACE)
		return -EINVAL;
	if ((r = getnames(uold, unew, &old, &new)) < 0)
		return r;
	r = vfs_rename(odfd, old, ndfd, new, flags);
	kfree(old);
	kfree(new);
	return r;
}

SYSCALL2(rename, uintptr_t, uold, uintptr_t, unew)
{
	return rename_at(AT_FDCWD, uold, AT_FDCWD, unew, 0);
}

SYSCALL4(renameat, int, odfd, uintptr_t, uold, int, ndfd, uintptr_t, unew)
{
	return rename_at(odfd, uold, ndfd, unew, 0);
}

SYSCALL5(renameat2, int, odfd, uintptr_t, uold, int, ndfd, uintptr_t, unew,
	 unsigned, flags)
{
	return rename_at(odfd, uold, ndfd, unew, flags);
}

static long
link_at(int odfd, uintptr_t uold, int ndfd, uintptr_t unew, int flags)
{
	unsigned lf = 0;
	char *old, *new;
	long r;

	if (flags & ~(AT_SYMLINK_FOLLOW | AT_EMPTY_PATH))
		return -EINVAL;
	if (flags & AT_SYMLINK_FOLLOW)
		lf |= LOOKUP_FOLLOW;
	if (flags & AT_EMPTY_PATH) {
		if (cur_cred()->euid != 0)
			return -ENOENT;
		lf |= LOOKUP_EMPTY;
	}
	if ((r = getnames(uold, unew, &old, &new)) < 0)
		return r;
	r = vfs_link(odfd, old, ndfd, new, lf);
	kfree(old);
	kfree(new);
	return r;
}

SYSCALL2(link, uintptr_t, uold, uintptr_t, unew)
{
	return link_at(AT_FDCWD, uold, AT_FDCWD, unew, 0);
}

SYSCALL5(linkat, int, odfd, uintptr_t, uold, int, ndfd, uintptr_t, unew,
	 int, flags)
{
	return link_at(odfd, uold, ndfd, unew, flags);
}

static long
symlink_at(uintptr_t utarget, int dirfd, uintptr_t upath)
{
	char *target, *path;
	long r;

	if ((r = getnames(utarget, upath, &target, &path)) < 0)
		return r;
	r = vfs_symlink(target, dirfd, path);
	kfree(target);
	kfree(path);
	return r;
}

SYSCALL2(symlink, uintptr_t, utarget, uintptr_t, upath)
{
	return symlink_at(utarget, AT_FDCWD, upath);
}

SYSCALL3(symlinkat, uintptr_t, utarget, int, dirfd, uintptr_t, upath)
{
	return symlink_at(utarget, dirfd, upath);
}

static long
readlink_at(int dirfd, uintptr_t upath, uintptr_t ubuf, int size)
{
	char *path, *buf;
	long r;

	if (size <= 0)
		return -EINVAL;
	if ((r = getname(upath, &path)) < 0)
		return r;
	if ((buf = kmalloc(PATH_MAX)) == NULL)
		r = -ENOMEM;
	else if (path[0] == '\0' && dirfd == AT_FDCWD)
		r = -ENOENT;
	else if ((r = vfs_readlink(dirfd, path, buf,
				   MIN((size_t)size, (size_t)PATH_MAX))) > 0 &&
		 copy_to_user(ubuf, buf, (size_t)r) < 0)
		r = -EFAULT;
	kfree(buf);
	kfree(path);
	return r;
}

SYSCALL3(readlink, uintptr_t, upath, uintptr_t, ubuf, int, size)
{
	return readlink_at(AT_FDCWD, upath, ubuf, size);
}

SYSCALL4(readlinkat, int, dirfd, uintptr_t, upath, uintptr_t, ubuf, int, size)
{
	return readlink_at(dirfd, upath, ubuf, size);
}

/* ---- permissions and owners ---- */

/* access: checked with the real ids unless AT_EACCESS (the walk itself
 * uses the effective ones). */
static long
access_at(int dirfd, uintptr_t upath, int mode, int flags)
{
	struct nameidata nd;
	struct cred c = *cur_cred();
	long r;

	if ((mode & ~(R_OK | W_OK | X_OK)) ||
	    (flags & ~(AT_EACCESS | AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH)))
		return -EINVAL;
	if (!(flags & AT_EACCESS)) {
		c.fsuid = c.uid;
		c.fsgid = c.gid;
	}
	if ((r = at_lookup(dirfd, upath, flags, 0, &nd)) < 0)
		return r;
	r = mode == F_OK ? 0 : inode_permission_cred(nd.ip, mode, &c);
	nd_release(&nd);
	return r;
}

SYSCALL2(access, uintptr_t, upath, int, mode)
{
	return access_at(AT_FDCWD, upath, mode, 0);
}

SYSCALL3(faccessat, int, dirfd, uintptr_t, upath, int, mode)
{
	return access_at(dirfd, upath, mode, 0);
}

SYSCALL4(faccessat2, int, dirfd, uintptr_t, upath, int, mode, int, flags)
{
	return access_at(dirfd, upath, mode, flags);
}

SYSCALL1(umask, uint32_t, mask)
{
	struct proc *p = curproc();

	if (p == NULL)
		return 0;
	return __atomic_exchange_n(&p->umask, mask & 0777, __ATOMIC_RELAXED);
}

/* The inode of an open descriptor (not O_PATH): a new reference. */
static int
fd_inode(int fd, struct inode **out)
{
	struct file *f = fd_get(fd);
	int r = 0;

	if (f == NULL || f->ip == NULL || f->fop == &path_fops)
		r = -EBADF;
	else
		inode_get(*out = f->ip);
	file_put(f);
	return r;
}

SYSCALL2(chmod, uintptr_t, upath, uint32_t, mode)
{
	struct nameidata nd;
	long r;

	if ((r = user_path(AT_FDCWD, upath, LOOKUP_FOLLOW, &nd)) < 0)
		return r;
	r = vfs_chmod(nd.ip, mode);
	nd_release(&nd);
	return r;
}

SYSCALL3(fchmodat, int, dirfd, uintptr_t, upath, uint32_t, mode)
{
	struct nameidata nd;
	long r;

	if ((r = user_path(dirfd, upath, LOOKUP_FOLLOW, &nd)) < 0)
		return r;
	r = vfs_chmod(nd.ip, mode);
	nd_release(&nd);
	return r;
}

SYSCALL2(fchmod, int, fd, uint32_t, mode)
{
	struct inode *ip;
	long r;

	if ((r = fd_inode(fd, &ip)) < 0)
		return r;
	r = vfs_chmod(ip, mode);
	inode_put(ip);
	return r;
}

static long
chown_at(int dirfd, uintptr_t upath, uint32_t uid, uint32_t gid, int flags)
{
	struct nameidata nd;
	long r;

	if (flags & ~(AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH))
		return -EINVAL;
	if ((r = at_lookup(dirfd, upath, flags, 0, &nd)) < 0)
		return r;
	r = vfs_chown(nd.ip, uid, gid);
	nd_release(&nd);
	return r;
}

SYSCALL3(chown, uintptr_t, upath, uint32_t, uid, uint32_t, gid)
{
	return chown_at(AT_FDCWD, upath, uid, gid, 0);
}

SYSCALL3(lchown, uintptr_t, upath, uint32_t, uid, uint32_t, gid)
{
	return chown_at(AT_FDCWD, upath, uid, gid, AT_SYMLINK_NOFOLLOW);
}

SYSCALL5(fchownat, int, dirfd, uintptr_t, upath, uint32_t, uid, uint32_t, gid,
	 int, flags)
{
	return chown_at(dirfd, upath, uid, gid, flags);
}

SYSCALL3(fchown, int, fd, uint32_t, uid, uint32_t, gid)
{
	struct inode *ip;
	long r;

	if ((r = fd_inode(fd, &ip)) < 0)
		return r;
	r = vfs_chown(ip, uid, gid);
	inode_put(ip);
	return r;
}

/* ---- sizes and times ---- */

SYSCALL2(truncate, uintptr_t, upath, int64_t, len)
{
	struct nameidata nd;
	long r;

	if (len < 0)
		return -EINVAL;
	if ((r = user_path(AT_FDCWD, upath, LOOKUP_FOLLOW, &nd)) < 0)
		return r;
	if (S_ISDIR(nd.ip->mode))
		r = -EISDIR;
	else if (!S_ISREG(nd.ip->mode))
		r = -EINVAL;
	else if ((r = inode_permission(nd.ip, W_OK)) == 0)
		r = vfs_truncate(nd.ip, (uint64_t)len);
	nd_release(&nd);
	return r;
}

SYSCALL2(ftruncate, int, fd, int64_t, len)
{
	struct file *f;
	long r;

	if (len < 0)
		return -EINVAL;
	if ((f = fd_get(fd)) == NULL)
		return -EBADF;
	if (!(f->mode & FMODE_WRITE) || f->ip == NULL || !S_ISREG(f->ip->mode))
		r = f->fop == &path_fops ? -EBADF : -EINVAL;
	else
		r = vfs_truncate(f->ip, (uint64_t)len);
	file_put(f);
	return r;
}

static bool
time_ok(const struct timespec64 *t)
{
	return t->tv_nsec == UTIME_NOW || t->tv_nsec == UTIME_OMIT ||
	       (t->tv_nsec >= 0 && t->tv_nsec < (int64_t)NSEC_PER_SEC);
}

/* Set ip's times from t[2] (NULL: both now), with the utimensat rules. */
static long
set_times(struct inode *ip, const struct timespec64 *t)
{
	const struct cred *c = cur_cred();
	struct timespec64 now = vfs_now();
	struct iattr ia = { 0 };
	bool owner = c->fsuid == 0 || c->fsuid == ip->uid;
	bool to_now = t == NULL || (t[0].tv_nsec == UTIME_NOW &&
				    t[1].tv_nsec == UTIME_NOW);

	if (t != NULL && t[0].tv_nsec == UTIME_OMIT &&
	    t[1].tv_nsec == UTIME_OMIT)
		return 0;
	if (!owner && !to_now)
		return -EPERM;
	if (!owner && inode_permission(ip, W_OK) < 0)
		return -EACCES;
	if (t == NULL || t[0].tv_nsec != UTIME_OMIT) {
		ia.valid |= ATTR_ATIME;
		ia.atime = t == NULL || t[0].tv_nsec == UTIME_NOW ? now : t[0];
	}
	if (t == NULL || t[1].tv_nsec != UTIME_OMIT) {
		ia.valid |= ATTR_MTIME;
		ia.mtime = t == NULL || t[1].tv_nsec == UTIME_NOW ? now : t[1];
	}
	return vfs_setattr(ip, &ia);
}

SYSCALL4(utimensat, int, dirfd, uintptr_t, upath, uintptr_t, utimes, int, flags)
{
	struct timespec64 t[2];
	struct nameidata nd;
	struct inode *ip;
	long r;

	if (flags & ~(AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH))
		return -EINVAL;
	if (utimes != 0 && copy_from_user(t, utimes, sizeof(t)) < 0)
		return -EFAULT;
	if (utimes != 0 && (!time_ok(&t[0]) || !time_ok(&t[1])))
		return -EINVAL;
	if (upath == 0) {			/* futimens: dirfd itself */
		if ((r = fd_inode(dirfd, &ip)) < 0)
			return r;
		r = set_times(ip, utimes != 0 ? t : NULL);
		inode_put(ip);
		return r;
	}
	if ((r = at_lookup(dirfd, upath, flags, 0, &nd)) < 0)
		return r;
	r = set_times(nd.ip, utimes != 0 ? t : NULL);
	nd_release(&nd);
	return r;
}

static long
utimes_path(uintptr_t upath, const struct timespec64 *t)
{
	struct nameidata nd;
	long r;

	if ((r = user_path(AT_FDCWD, upath, LOOKUP_FOLLOW, &nd)) < 0)
		return r;
	r = set_times(nd.ip, t);
	nd_release(&nd);
	return r;
}

SYSCALL2(utime, uintptr_t, upath, uintptr_t, ubuf)
{
	struct { int64_t actime, modtime; } b;
	struct timespec64 t[2];

	if (ubuf == 0)
		return utimes_path(upath, NULL);
	if (copy_from_user(&b, ubuf, sizeof(b)) < 0)
		return -EFAULT;
	t[0] = (struct timespec64){ b.actime, 0 };
	t[1] = (struct timespec64){ b.modtime, 0 };
	return utimes_path(upath, t);
}

SYSCALL2(utimes, uintptr_t, upath, uintptr_t, utv)
{
	struct ktimeval tv[2];
	struct timespec64 t[2];

	if (utv == 0)
		return utimes_path(upath, NULL);
	if (copy_from_user(tv, utv, sizeof(tv)) < 0)
		return -EFAULT;
	for (int i = 0; i < 2; i++) {
		if (tv[i].tv_usec < 0 || tv[i].tv_usec >= 1000000)
			return -EINVAL;
		t[i] = (struct timespec64){ tv[i].tv_sec,
					    tv[i].tv_usec * 1000 };
	}
	return utimes_path(upath, t);
}
