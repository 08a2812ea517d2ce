/*
 * file.c -- open files: reference counts, reads and writes through a
 * struct uio (user or kernel memory) at f->pos, and vfs_open with the
 * flags of openat(2).
 */
#include "block.h"
#include "fs_local.h"
#include "heap.h"
#include "uaccess.h"
#include "abi.h"

/* What a file opened with O_PATH can do: nothing but exist. */
const struct file_ops path_fops = { .seekable = false };

/* Copy n bytes (n <= u->len) from src to where u points. 0 or -EFAULT. */
int
uio_out(struct uio *u, const void *src, size_t n)
{
	if (n > u->len)
		return -EFAULT;
	if (u->kernel)
		memcpy((void *)u->base, src, n);
	else if (copy_to_user(u->base, src, n) < 0)
		return -EFAULT;
	u->base += n;
	u->len -= n;
	return 0;
}

/*
 * Copy n bytes (n <= u->len) from physical pages to where u points:
 * src[0] from byte off (below PAGE_SIZE) on, then src[1], ... Returns
 * the bytes copied (u moves on by them): n, or fewer up to a bad user
 * page; -EFAULT if none.
 */
ssize_t
uio_out_pages(struct uio *u, const paddr_t *src, size_t off, size_t n)
{
	size_t done, c;

	if (n > u->len)
		return -EFAULT;
	if (!u->kernel) {
		done = copy_to_user_pages(u->base, src, off, n);
	} else {
		for (done = 0; done < n; done += c, off = 0, src++) {
			c = MIN(n - done, PAGE_SIZE - off);
			memcpy((char *)u->base + done,
			       (const char *)hal_p2v(*src) + off, c);
		}
	}
	u->base += done;
	u->len -= done;
	return done > 0 || n == 0 ? (ssize_t)done : -EFAULT;
}

/* uio_out of what it can: the bytes copied (u moves on by them), n or
 * fewer up to a bad user page; -EFAULT if none. */
ssize_t
uio_out_some(struct uio *u, const void *src, size_t n)
{
	size_t done = n;

	if (n > u->len)
		return -EFAULT;
	if (u->kernel)
		memcpy((void *)u->base, src, n);
	else
		done = copy_to_user_some(u->base, src, n);
	u->base += done;
	u->len -= done;
	return done > 0 || n == 0 ? (ssize_t)done : -EFAULT;
}

/* Copy n bytes (n <= u->len) from where u points to dst. 0 or -EFAULT. */
int
uio_in(struct uio *u, void *dst, size_t n)
{
	if (n > u->len)
		return -EFAULT;
	if (u->kernel)
		memcpy(dst, (const void *)u->base, n);
	else if (copy_from_user(dst, u->base, n) < 0)
		return -EFAULT;
	u->base += n;
	u->len -= n;
	return 0;
}

static unsigned
fmode_of(unsigned flags)
{
	if (flags & O_PATH)
		return 0;
	switch (flags & O_ACCMODE) {
	case O_RDONLY:
		return FMODE_READ;
	case O_WRONLY:
		return FMODE_WRITE;
	case O_RDWR:
		return FMODE_READ | FMODE_WRITE;
	}
	return 0;
}

/*
 * A new open file on ip (which gets a reference of its own; may be NULL)
 * with one reference. NULL when memory is short. May sleep.
 */
struct file *
file_new(struct inode *ip, unsigned flags, const struct file_ops *fop)
{
	struct file *f = kzalloc(sizeof(*f));

	if (f == NULL)
		return NULL;
	f->refs = 1;
	f->flags = flags;
	f->mode = fmode_of(flags);
	mutex_init(&f->pos_lock, "file pos");
	f->fop = fop;
	if ((f->ip = ip) != NULL)
		inode_get(ip);
	return f;
}

/* Take a reference to f. Any context. */
void
file_get(struct file *f)
{
	__atomic_add_fetch(&f->refs, 1, __ATOMIC_RELAXED);
}

/* Free a file whose fop->open did not run or failed. May sleep. */
void
file_free_unopened(struct file *f)
{
	inode_put(f->ip);
	kfree(f->path);
	kfree(f);
}

/* Drop a reference; the last one releases the file. May sleep. */
void
file_put(struct file *f)
{
	if (f == NULL || __atomic_sub_fetch(&f->refs, 1, __ATOMIC_ACQ_REL) > 0)
		return;
	if (f->fop != NULL && f->fop->release != NULL)
		f->fop->release(f);
	file_free_unopened(f);
}

/*
 * Read from f at f->pos (seekable files) into u. Returns the bytes read,
 * 0 at the end, or -EBADF (not open for reading), -EISDIR, -EINVAL,
 * -EAGAIN, -ERESTARTSYS... May sleep.
 */
ssize_t
file_read(struct file *f, struct uio *u)
{
	ssize_t n;

	if (!(f->mode & FMODE_READ))
		return -EBADF;
	if (f->ip != NULL && S_ISDIR(f->ip->mode))
		return -EISDIR;
	if (f->fop->read == NULL)
		return -EINVAL;
	if (u->len == 0)
		return 0;
	if (!f->fop->seekable)
		return f->fop->read(f, u, 0);
	mutex_lock(&f->pos_lock);
	if ((n = f->fop->read(f, u, f->pos)) > 0)
		f->pos += (uint64_t)n;
	mutex_unlock(&f->pos_lock);
	return n;
}

/*
 * Write u to f at f->pos, or at the end with O_APPEND. Returns the bytes
 * written or -EBADF, -EINVAL, -EPIPE, -ENOSPC, -EFBIG... May sleep.
 */
ssize_t
file_write(struct file *f, struct uio *u)
{
	ssize_t n;

	if (!(f->mode & FMODE_WRITE))
		return -EBADF;
	if (f->fop->write == NULL)
		return -EINVAL;
	if (!f->fop->seekable)
		return f->fop->write(f, u, 0);
	mutex_lock(&f->pos_lock);
	if (READ_ONCE(f->flags) & O_APPEND) {
		n = f->fop->write(f, u, FILE_APPEND);	/* sets f->pos */
	} else if ((n = f->fop->write(f, u, f->pos)) > 0) {
		f->pos += (uint64_t)n;
	}
	mutex_unlock(&f->pos_lock);
	return n;
}

/* Read n bytes at off into the kernel buffer buf, f->pos untouched.
 * Returns the bytes read or -EXXX. May sleep. */
ssize_t
kernel_read(struct file *f, void *buf, size_t n, uint64_t off)
{
	struct uio u = { (uintptr_t)buf, n, true };

	if (f->fop == NULL || f->fop->read == NULL)
		return -EINVAL;
	if (f->ip != NULL && S_ISDIR(f->ip->mode))
		return -EISDIR;
	return f->fop->read(f, &u, off);
}

/* ---- open ---- */

static int
open_flags_check(int flags)
{
	if ((flags & O_TMPFILE_BIT) != 0)
		return -EOPNOTSUPP;
	if ((flags & O_CREAT) && (flags & O_DIRECTORY))
		return -EINVAL;
	if ((flags & O_ACCMODE) == O_ACCMODE && !(flags & O_PATH))
		return -EINVAL;
	return 0;
}

/* Look name up in the locked directory of nd, or make it a regular
 * file (*created). */
static int
lookup_or_create(struct nameidata *nd, uint32_t mode, struct inode **ip,
		 bool *created)
{
	struct inode *dir = nd->parent;
	int r = dir->iop->lookup(dir, nd->last, nd->last_len, ip);

	if (r != -ENOENT)
		return r;
	if ((r = inode_permission(dir, W_OK | X_OK)) < 0)
		return r;
	if (dir->iop->create == NULL)
		return -EPERM;
	mode = S_IFREG | (mode & 07777 & ~cur_umask());
	r = dir->iop->create(dir, nd->last, nd->last_len, mode, 0, ip);
	*created = r == 0;
	return r;
}

/* Find or make (O_CREAT) the file to open; *created if we made it. */
static int
open_create(int dirfd, const char *path, int flags, uint32_t mode,
	    struct inode **out, bool *created)
{
	struct inode *ip = NULL;
	struct nameidata nd;
	int r;

	r = path_lookup(dirfd, path, LOOKUP_PARENT | LOOKUP_FOLLOW, &nd);
	if (r < 0)
		return r;
	if (name_is_dots(nd.last, nd.last_len) || nd.slash) {
		nd_release(&nd);
		return -EISDIR;
	}
	mutex_lock(&nd.parent->lock);
	r = lookup_or_create(&nd, mode, &ip, created);
	mutex_unlock(&nd.parent->lock);
	nd_release(&nd);
	if (r < 0 || *created) {
		*out = ip;
		return r;
	}
	if (flags & O_EXCL) {
		inode_put(ip);
		return -EEXIST;
	}
	if (S_ISLNK(ip->mode) && !(flags & O_NOFOLLOW)) {
		/* An existing symlink: open what it points to. */
		inode_put(ip);
		r = path_lookup(dirfd, path, LOOKUP_FOLLOW, &nd);
		*out = nd.ip;
		return r;
	}
	*out = inode_follow_mounts(ip);
	return 0;
}

/* May the caller open the existing ip with these flags? */
static int
may_open(struct inode *ip, int flags)
{
	int acc = flags & O_ACCMODE, mask = 0;

	if (S_ISLNK(ip->mode))
		return (flags & O_PATH) ? 0 : -ELOOP;
	if ((flags & O_DIRECTORY) && !S_ISDIR(ip->mode))
		return -ENOTDIR;
	if (flags & O_PATH)
		return 0;
	if (S_ISDIR(ip->mode) &&
	    (acc != O_RDONLY || (flags & (O_TRUNC | O_CREAT))))
		return -EISDIR;
	if (S_ISSOCK(ip->mode))
		return -ENXIO;
	if (acc == O_RDONLY || acc == O_RDWR)
		mask |= R_OK;
	if (acc == O_WRONLY || acc == O_RDWR || (flags & O_TRUNC))
		mask |= W_OK;
	if ((S_ISCHR(ip->mode) || S_ISBLK(ip->mode)) &&
	    (READ_ONCE(ip->sb->flags) & MS_NODEV))
		return -EACCES;
	return inode_permission(ip, mask);
}

static int
pick_fops(struct inode *ip, int flags, const struct file_ops **fop)
{
	if (flags & O_PATH)
		*fop = &path_fops;
	else if (S_ISCHR(ip->mode))
		*fop = chrdev_lookup(ip->rdev);
	else if (S_ISBLK(ip->mode))
		*fop = &blockdev_fops;	/* its open finds the disk */
	else if (S_ISFIFO(ip->mode))
		*fop = &fifo_fops;
	else
		*fop = ip->fop;
	return *fop != NULL ? 0 : -ENXIO;
}

static unsigned
open_lookup_flags(int flags)
{
	return ((flags & O_NOFOLLOW) ? 0 : LOOKUP_FOLLOW) |
	       ((flags & O_DIRECTORY) ? LOOKUP_DIRECTORY : 0);
}

/* The absolute path of what was opened, for /proc/PID/fd (best effort). */
static char *
open_path(int dirfd, const char *path)
{
	struct nameidata nd;
	char *buf, *s;
	size_t n;

	if (path[0] == '/' || path[0] == '\0' ||
	    path_lookup(dirfd, "", LOOKUP_EMPTY, &nd) < 0)
		return kstrdup(path);
	if ((buf = kmalloc(PATH_MAX)) != NULL &&
	    path_of_inode(nd.ip, buf, PATH_MAX) > 0 &&
	    (n = strlen(buf)) + strlen(path) + 2 <= PATH_MAX) {
		if (n > 1)
			buf[n++] = '/';
		strlcpy(buf + n, path, PATH_MAX - n);
		s = kstrdup(buf);
	} else {
		s = kstrdup(path);
	}
	kfree(buf);
	nd_release(&nd);
	return s;
}

/*
 * Open path (a kernel string) relative to dirfd with open(2)'s flags;
 * O_CREAT makes a regular file of mode & ~umask. *out gets a new file
 * (O_CLOEXEC is the caller's business: it belongs to the descriptor).
 * 0 or -EXXX. May sleep (a FIFO waits for its other end).
 */
int
vfs_open(int dirfd, const char *path, int flags, uint32_t mode,
	 struct file **out)
{
	const struct file_ops *fop;
	struct inode *ip = NULL;
	bool created = false;
	struct nameidata nd;
	struct file *f;
	int r;

	if ((r = open_flags_check(flags)) < 0)
		return r;
	if (flags & O_PATH)
		flags &= O_PATH | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC;
	if (flags & O_CREAT) {
		r = open_create(dirfd, path, flags, mode, &ip, &created);
	} else {
		r = path_lookup(dirfd, path, open_lookup_flags(flags), &nd);
		ip = nd.ip;
	}
	if (r < 0)
		return r;
	if ((!created && (r = may_open(ip, flags)) < 0) ||
	    (r = pick_fops(ip, flags, &fop)) < 0) {
		inode_put(ip);
		return r;
	}
	f = file_new(ip, (unsigned)flags & ~O_CLOEXEC, fop);
	inode_put(ip);
	if (f == NULL)
		return -ENOMEM;
	if (!(flags & O_PATH) && fop->open != NULL &&
	    (r = fop->open(f->ip, f)) < 0) {
		file_free_unopened(f);
		return r;
	}
	f->flags &= ~(unsigned)(O_CREAT | O_EXCL | O_NOCTTY | O_TRUNC);
	if ((flags & O_TRUNC) && !created && !(flags & O_PATH) &&
	    S_ISREG(f->ip->mode) && (r = vfs_truncate(f->ip, 0)) < 0) {
		file_put(f);
		return r;
	}
	f->path = open_path(dirfd, path);
	*out = f;
	return 0;
}
