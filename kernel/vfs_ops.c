/*
 * vfs_ops.c -- changes to the name space by path (mknod and mkdir,
 * symlink, unlink and rmdir, link, rename, readlink) and to attributes
 * (chmod, chown, truncate, times), with the POSIX permission rules.
 */
#include "fs_local.h"

/* Look up the parent of path and lock it; the caller unlocks. */
static int
lock_parent(int dirfd, const char *path, struct nameidata *nd)
{
	int r = path_lookup(dirfd, path, LOOKUP_PARENT | LOOKUP_FOLLOW, nd);

	if (r == 0)
		mutex_lock(&nd->parent->lock);
	return r;
}

static void
unlock_parent(struct nameidata *nd)
{
	mutex_unlock(&nd->parent->lock);
	nd_release(nd);
}

/* The sticky-bit rule: only the owner of dir or of v (or root) may
 * remove v from a sticky directory. */
static int
sticky_ok(struct inode *dir, struct inode *v)
{
	const struct cred *c = cur_cred();

	if (!(dir->mode & S_ISVTX) || c->fsuid == 0 || c->fsuid == dir->uid ||
	    c->fsuid == v->uid)
		return 0;
	return -EPERM;
}

/*
 * Make a node of `mode` (S_IFREG, S_IFDIR, S_IFCHR, S_IFBLK, S_IFIFO,
 * S_IFSOCK and permissions, already masked by the caller) at path.
 * 0 or -EEXIST, -ENOENT, -EACCES, -EROFS, -EINVAL... May sleep.
 */
int
vfs_mknod(int dirfd, const char *path, uint32_t mode, uint32_t rdev)
{
	struct nameidata nd;
	struct inode *dir, *ip;
	int r;

	if ((mode & S_IFMT) == 0)
		mode |= S_IFREG;
	switch (mode & S_IFMT) {
	case S_IFREG: case S_IFDIR: case S_IFCHR: case S_IFBLK:
	case S_IFIFO: case S_IFSOCK:
		break;
	default:
		return -EINVAL;
	}
	if ((r = lock_parent(dirfd, path, &nd)) < 0)
		return r;
	dir = nd.parent;
	if (name_is_dots(nd.last, nd.last_len))
		r = -EEXIST;
	else if (nd.slash && !S_ISDIR(mode))
		r = -ENOENT;
	else if ((r = inode_permission(dir, W_OK | X_OK)) == 0 &&
		 (r = dir->iop->create == NULL ? -EPERM : 0) == 0)
		r = dir->iop->create(dir, nd.last, nd.last_len, mode, rdev,
				     &ip);
	if (r == 0)
		inode_put(ip);
	unlock_parent(&nd);
	return r;
}

/* Make a symbolic link at path whose text is target. 0 or -EXXX. */
int
vfs_symlink(const char *target, int dirfd, const char *path)
{
	struct nameidata nd;
	struct inode *dir;
	size_t tl = strnlen(target, PATH_MAX);
	int r;

	if (tl == 0)
		return -ENOENT;
	if (tl >= PATH_MAX)
		return -ENAMETOOLONG;
	if ((r = lock_parent(dirfd, path, &nd)) < 0)
		return r;
	dir = nd.parent;
	if (name_is_dots(nd.last, nd.last_len))
		r = -EEXIST;
	else if (nd.slash)
		r = -ENOENT;
	else if ((r = inode_permission(dir, W_OK | X_OK)) == 0)
		r = dir->iop->symlink == NULL ? -EPERM :
		    dir->iop->symlink(dir, nd.last, nd.last_len, target);
	unlock_parent(&nd);
	return r;
}

static int
unlink_dots(bool rmdir, const char *name, size_t len)
{
	if (!rmdir)
		return -EISDIR;
	return len == 1 ? -EINVAL : -ENOTEMPTY;
}

/*
 * Remove the entry path (rmdir: an empty directory). 0 or -ENOENT,
 * -EISDIR, -ENOTDIR, -ENOTEMPTY, -EBUSY (mount point), -EPERM (sticky),
 * -EACCES, -EROFS... May sleep.
 */
int
vfs_unlink(int dirfd, const char *path, bool rmdir)
{
	struct nameidata nd;
	struct inode *dir, *v = NULL;
	int r;

	if ((r = lock_parent(dirfd, path, &nd)) < 0)
		return r;
	dir = nd.parent;
	if (name_is_dots(nd.last, nd.last_len))
		r = unlink_dots(rmdir, nd.last, nd.last_len);
	else if ((r = inode_permission(dir, W_OK | X_OK)) == 0)
		r = dir->iop->lookup(dir, nd.last, nd.last_len, &v);
	if (r == 0) {
		if (nd.slash && !S_ISDIR(v->mode))
			r = -ENOTDIR;
		else if (v->mounted != NULL || v == v->sb->root)
			r = -EBUSY;
		else if ((r = sticky_ok(dir, v)) == 0)
			r = dir->iop->unlink == NULL ? -EPERM :
			    dir->iop->unlink(dir, nd.last, nd.last_len, rmdir);
	}
	unlock_parent(&nd);
	inode_put(v);
	return r;
}

/*
 * Make npath another name of opath (lookup_flags: LOOKUP_FOLLOW for
 * AT_SYMLINK_FOLLOW, LOOKUP_EMPTY for AT_EMPTY_PATH). 0 or -EEXIST,
 * -EPERM (a directory), -EXDEV, -ENOENT... May sleep.
 */
int
vfs_link(int odirfd, const char *opath, int ndirfd, const char *npath,
	 unsigned lookup_flags)
{
	struct nameidata old, nd;
	struct inode *dir;
	int r;

	if ((r = path_lookup(odirfd, opath, lookup_flags, &old)) < 0)
		return r;
	if (S_ISDIR(old.ip->mode)) {
		nd_release(&old);
		return -EPERM;
	}
	if ((r = lock_parent(ndirfd, npath, &nd)) < 0) {
		nd_release(&old);
		return r;
	}
	dir = nd.parent;
	if (name_is_dots(nd.last, nd.last_len))
		r = -EEXIST;
	else if (nd.slash)
		r = -ENOENT;
	else if (old.ip->sb != dir->sb)
		r = -EXDEV;
	else if ((r = inode_permission(dir, W_OK | X_OK)) == 0)
		r = dir->iop->link == NULL ? -EPERM :
		    dir->iop->link(dir, nd.last, nd.last_len, old.ip);
	unlock_parent(&nd);
	nd_release(&old);
	return r;
}

/* Is a equal to d or above it (same file system)? rename_lock held,
 * no directory lock held. */
static bool
is_ancestor(struct inode *a, struct inode *d)
{
	struct inode *x = d, *up;
	bool r = false;
	int depth = 0;

	inode_get(x);
	for (;;) {
		if (x == a || ++depth > PATH_MAX / 2) {
			r = true;	/* or a ".." loop on a corrupt disk */
			break;
		}
		if (x == x->sb->root || dir_lookup(x, "..", 2, &up) < 0)
			break;
		inode_put(x);
		x = up;
	}
	inode_put(x);
	return r;
}

/* Lock two directories of one file system: an ancestor first, else by
 * address. rename_lock held. */
static void
lock_two(struct inode *a, struct inode *b)
{
	if (a == b) {
		mutex_lock(&a->lock);
		return;
	}
	if (is_ancestor(b, a) ||
	    (!is_ancestor(a, b) && (uintptr_t)b < (uintptr_t)a)) {
		struct inode *t = a;

		a = b;
		b = t;
	}
	mutex_lock(&a->lock);
	mutex_lock(&b->lock);
}

static void
unlock_two(struct inode *a, struct inode *b)
{
	mutex_unlock(&a->lock);
	if (b != a)
		mutex_unlock(&b->lock);
}

struct rename_args {
	struct nameidata o, n;
	struct inode *src, *vic; /* the entries, looked up (references) */
	bool src_above_ndir;		/* moving src under ndir makes a loop */
	bool vic_above_odir;		/* vic cannot go: it holds odir */
};

/* The checks of rename once both directories are locked. */
static int
rename_check(struct rename_args *a, unsigned flags)
{
	struct inode *odir = a->o.parent, *ndir = a->n.parent;
	int r;

	if ((a->o.slash || a->n.slash) && !S_ISDIR(a->src->mode))
		return -ENOTDIR;
	if (a->vic != NULL && (flags & RENAME_NOREPLACE))
		return -EEXIST;
	if ((r = inode_permission(odir, W_OK | X_OK)) < 0 ||
	    (r = inode_permission(ndir, W_OK | X_OK)) < 0)
		return r;
	if ((r = sticky_ok(odir, a->src)) < 0 ||
	    (a->vic != NULL && (r = sticky_ok(ndir, a->vic)) < 0))
		return r;
	if (a->src == a->vic)
		return 0;
	if (a->vic != NULL && S_ISDIR(a->vic->mode) != S_ISDIR(a->src->mode))
		return S_ISDIR(a->src->mode) ? -ENOTDIR : -EISDIR;
	if (a->src->mounted != NULL ||
	    (a->vic != NULL && a->vic->mounted != NULL))
		return -EBUSY;
	if (S_ISDIR(a->src->mode) && a->src_above_ndir)
		return -EINVAL;
	if (a->vic != NULL && a->vic_above_odir)
		return -ENOTEMPTY;	/* and the file system must not lock it */
	if (S_ISDIR(a->src->mode) && odir != ndir &&
	    (r = inode_permission(a->src, W_OK)) < 0)
		return r;
	return 1;		/* go ahead */
}

/* Under the locks: are the entries still what we looked up? */
static bool
rename_same(struct rename_args *a)
{
	struct inode *odir = a->o.parent, *ndir = a->n.parent, *s, *v = NULL;
	bool same;

	if (odir->iop->lookup(odir, a->o.last, a->o.last_len, &s) < 0)
		return a->src == NULL;
	if (ndir->iop->lookup(ndir, a->n.last, a->n.last_len, &v) < 0)
		v = NULL;
	same = s == a->src && v == a->vic;
	inode_put(s);
	inode_put(v);
	return same;
}

/* One attempt: -EAGAIN when the entries changed under us. */
static int
rename_try(struct rename_args *a, unsigned flags)
{
	struct inode *odir = a->o.parent, *ndir = a->n.parent;
	int r;

	if ((r = dir_lookup(odir, a->o.last, a->o.last_len, &a->src)) < 0)
		return r;
	if (dir_lookup(ndir, a->n.last, a->n.last_len, &a->vic) < 0)
		a->vic = NULL;
	a->src_above_ndir = S_ISDIR(a->src->mode) && is_ancestor(a->src, ndir);
	a->vic_above_odir = a->vic != NULL && S_ISDIR(a->vic->mode) &&
			    is_ancestor(a->vic, odir);
	lock_two(odir, ndir);
	if (!rename_same(a))
		r = -EAGAIN;
	else if ((r = rename_check(a, flags)) > 0)
		r = odir->iop->rename == NULL ? -EPERM :
		    odir->iop->rename(odir, a->o.last, a->o.last_len,
				      ndir, a->n.last, a->n.last_len);
	unlock_two(odir, ndir);
	inode_put(a->src);
	inode_put(a->vic);
	a->src = a->vic = NULL;
	return r;
}

/*
 * Rename opath to npath (flags 0 or RENAME_NOREPLACE) with the POSIX
 * rules: a directory replaces only an empty directory (-ENOTEMPTY,
 * -ENOTDIR), a file only a non-directory (-EISDIR), a directory never
 * moves below itself (-EINVAL); -EXDEV across file systems, -EBUSY for
 * "." and ".." and mount points. May sleep.
 */
int
vfs_rename(int odirfd, const char *opath, int ndirfd, const char *npath,
	   unsigned flags)
{
	struct rename_args a;
	int r;

	memset(&a, 0, sizeof(a));
	if (flags & ~(unsigned)RENAME_NOREPLACE)
		return -EINVAL;
	if ((r = path_lookup(odirfd, opath, LOOKUP_PARENT | LOOKUP_FOLLOW,
			     &a.o)) < 0)
		return r;
	if ((r = path_lookup(ndirfd, npath, LOOKUP_PARENT | LOOKUP_FOLLOW,
			     &a.n)) < 0)
		goto out;
	if (name_is_dots(a.o.last, a.o.last_len) ||
	    name_is_dots(a.n.last, a.n.last_len))
		r = -EBUSY;
	else if (a.o.parent->sb != a.n.parent->sb)
		r = -EXDEV;
	else {
		mutex_lock(&rename_lock);
		while ((r = rename_try(&a, flags)) == -EAGAIN)
			;
		mutex_unlock(&rename_lock);
	}
out:
	nd_release(&a.o);
	nd_release(&a.n);
	return r;
}

/* Read the text of the symlink at path (not followed) into buf. Returns
 * its length (not NUL-terminated) or -EINVAL if not a symlink. */
ssize_t
vfs_readlink(int dirfd, const char *path, char *buf, size_t n)
{
	struct nameidata nd;
	ssize_t r;

	if ((r = path_lookup(dirfd, path, LOOKUP_EMPTY, &nd)) < 0)
		return r;
	if (!S_ISLNK(nd.ip->mode) || nd.ip->iop->readlink == NULL)
		r = -EINVAL;
	else
		r = nd.ip->iop->readlink(nd.ip, buf, n);
	nd_release(&nd);
	return r;
}

/* ---- attributes ---- */

/* Change ip's attributes (ctime becomes now). Permission is the
 * caller's business; -EROFS on a read-only mount. May sleep. */
int
vfs_setattr(struct inode *ip, struct iattr *ia)
{
	if (inode_readonly(ip))
		return -EROFS;
	if (ip->iop == NULL || ip->iop->setattr == NULL)
		return -EPERM;
	if (!(ia->valid & ATTR_CTIME)) {
		ia->valid |= ATTR_CTIME;
		ia->ctime = vfs_now();
	}
	return ip->iop->setattr(ip, ia);
}

/* chmod: the owner or root. 0, -EPERM or -EROFS. */
int
vfs_chmod(struct inode *ip, uint32_t mode)
{
	const struct cred *c = cur_cred();
	struct iattr ia = { .valid = ATTR_MODE, .mode = mode & 07777 };

	if (c->fsuid != 0 && c->fsuid != ip->uid)
		return -EPERM;
	if (c->fsuid != 0 && !S_ISDIR(ip->mode) && !cred_in_group(c, ip->gid))
		ia.mode &= ~(uint32_t)S_ISGID;
	return vfs_setattr(ip, &ia);
}

/* chown: uid or gid (uint32_t)-1 stays. Root may do anything; the owner
 * may only give the file to one of its groups. Clears set-id bits. */
int
vfs_chown(struct inode *ip, uint32_t uid, uint32_t gid)
{
	const struct cred *c = cur_cred();
	struct iattr ia = { 0 };

	if (uid != (uint32_t)-1 && uid != ip->uid) {
		if (c->fsuid != 0)
			return -EPERM;
		ia.valid |= ATTR_UID;
		ia.uid = uid;
	}
	if (gid != (uint32_t)-1 && gid != ip->gid) {
		if (c->fsuid != 0 &&
		    (c->fsuid != ip->uid || !cred_in_group(c, gid)))
			return -EPERM;
		ia.valid |= ATTR_GID;
		ia.gid = gid;
	}
	if (!S_ISDIR(ip->mode) && (ip->mode & (S_ISUID | S_ISGID))) {
		ia.valid |= ATTR_MODE;
		ia.mode = ip->mode & 07777 & ~(uint32_t)S_ISUID;
		if (ip->mode & 010)
			ia.mode &= ~(uint32_t)S_ISGID;
	}
	return vfs_setattr(ip, &ia);
}

/* Set the size of regular file ip (permission checked by the caller). */
int
vfs_truncate(struct inode *ip, uint64_t size)
{
	struct iattr ia = { .valid = ATTR_SIZE | ATTR_MTIME, .size = size };

	ia.mtime = vfs_now();
	return vfs_setattr(ip, &ia);
}
