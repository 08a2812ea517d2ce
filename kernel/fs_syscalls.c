/*
 * fs_syscalls.c -- system calls on file descriptors: read and write (and
 * the vector and positioned forms), lseek, open and close, dup, fcntl,
 * flock, ioctl, pipes, sendfile, fsync, memfd_create, getdents.
 */
#include "block.h"
#include "fs_local.h"
#include "heap.h"
#include "syscall.h"
#include "uaccess.h"
#include "abi.h"

#define MAX_RW 0x7ffff000ul	/* Linux's MAX_RW_COUNT */
#define UIO_MAXIOV 1024
#define BOUNCE_MAX (64 * 1024)

#define F_DUPFD 0
#define F_GETFD 1
#define F_SETFD 2
#define F_GETFL 3
#define F_SETFL 4
#define F_GETLK 5
#define F_SETLK 6
#define F_SETLKW 7
#define F_SETOWN 8
#define F_GETOWN 9
#define F_SETSIG 10
#define F_GETSIG 11
#define F_OFD_GETLK 36
#define F_OFD_SETLK 37
#define F_OFD_SETLKW 38
#define F_DUPFD_CLOEXEC 1030
#define F_SETPIPE_SZ 1031
#define F_GETPIPE_SZ 1032
#define FD_CLOEXEC 1
#define SEEK_DATA 3
#define SEEK_HOLE 4
#define F_RDLCK 0
#define F_WRLCK 1
#define F_UNLCK 2
#define LOCK_SH 1
#define LOCK_EX 2
#define LOCK_NB 4
#define LOCK_UN 8
#define FIONREAD 0x541b
#define FIONBIO 0x5421
#define FIONCLEX 0x5450
#define FIOCLEX 0x5451
#define FIOASYNC 0x5452
#define CLOSE_RANGE_UNSHARE 2
#define CLOSE_RANGE_CLOEXEC 4
#define SETFL_MASK (O_APPEND | O_NONBLOCK | O_ASYNC | O_DIRECT | O_NOATIME)

/*
 * Copy the user string upath into a new PATH_MAX buffer (*out, to kfree).
 * 0, -EFAULT, -ENAMETOOLONG or -ENOMEM. May sleep.
 */
int
getname(uintptr_t upath, char **out)
{
	char *buf = kmalloc(PATH_MAX);
	long n;

	*out = NULL;
	if (buf == NULL)
		return -ENOMEM;
	if ((n = strncpy_from_user(buf, upath, PATH_MAX)) < 0) {
		kfree(buf);
		return (int)n;
	}
	*out = buf;
	return 0;
}

/* ---- read and write ---- */

SYSCALL3(read, int, fd, uintptr_t, ubuf, size_t, count)
{
	struct uio u = { ubuf, MIN(count, MAX_RW), false };
	struct file *f = fd_get(fd);
	ssize_t r;

	if (f == NULL)
		return -EBADF;
	r = file_read(f, &u);
	file_put(f);
	return r;
}

SYSCALL3(write, int, fd, uintptr_t, ubuf, size_t, count)
{
	struct uio u = { ubuf, MIN(count, MAX_RW), false };
	struct file *f = fd_get(fd);
	ssize_t r;

	if (f == NULL)
		return -EBADF;
	r = file_write(f, &u);
	file_put(f);
	return r;
}

/* Read or write at off without touching f->pos (pread, pwrite). */
static ssize_t
file_rw_at(struct file *f, struct uio *u, uint64_t off, bool write)
{
	if (!(f->mode & (write ? FMODE_WRITE : FMODE_READ)))
		return -EBADF;
	if (f->ip != NULL && S_ISDIR(f->ip->mode))
		return -EISDIR;
	if (!f->fop->seekable)
		return -ESPIPE;
	if ((write ? (void *)f->fop->write : (void *)f->fop->read) == NULL)
		return -EINVAL;
	if (u->len == 0)
		return 0;
	return write ? f->fop->write(f, u, off) : f->fop->read(f, u, off);
}

static long
rw_at(int fd, uintptr_t ubuf, size_t count, int64_t off, bool write)
{
	struct uio u = { ubuf, MIN(count, MAX_RW), false };
	struct file *f;
	ssize_t r;

	if (off < 0)
		return -EINVAL;
	if ((f = fd_get(fd)) == NULL)
		return -EBADF;
	r = file_rw_at(f, &u, (uint64_t)off, write);
	file_put(f);
	return r;
}

SYSCALL4(pread64, int, fd, uintptr_t, ubuf, size_t, count, int64_t, off)
{
	return rw_at(fd, ubuf, count, off, false);
}

SYSCALL4(pwrite64, int, fd, uintptr_t, ubuf, size_t, count, int64_t, off)
{
	return rw_at(fd, ubuf, count, off, true);
}

/* The iovec array of a readv/writev, checked; *total its byte count. */
static int
iov_get(uintptr_t uiov, int cnt, struct kiovec **out, size_t *total)
{
	struct kiovec *iov;

	*out = NULL;
	*total = 0;
	if (cnt < 0 || cnt > UIO_MAXIOV)
		return -EINVAL;
	if (cnt == 0)
		return 0;
	if ((iov = kmalloc((size_t)cnt * sizeof(*iov))) == NULL)
		return -ENOMEM;
	if (copy_from_user(iov, uiov, (size_t)cnt * sizeof(*iov)) < 0) {
		kfree(iov);
		return -EFAULT;
	}
	for (int i = 0; i < cnt; i++) {
		if ((ssize_t)iov[i].len < 0 || *total + iov[i].len > MAX_RW) {
			kfree(iov);
			return -EINVAL;
		}
		*total += iov[i].len;
	}
	*out = iov;
	return 0;
}

/* Gather n bytes of the vector from byte `skip` into buf (writev). */
static int
iov_gather(struct kiovec *iov, int cnt, size_t skip, char *buf, size_t n)
{
	size_t done = 0, part;

	for (int i = 0; i < cnt && done < n; i++) {
		if (skip >= iov[i].len) {
			skip -= iov[i].len;
			continue;
		}
		part = MIN(iov[i].len - skip, n - done);
		if (copy_from_user(buf + done, iov[i].base + skip, part) < 0)
			return -EFAULT;
		done += part;
		skip = 0;
	}
	return 0;
}

/* Scatter n bytes of buf over the vector from byte `skip` (readv). */
static int
iov_scatter(struct kiovec *iov, int cnt, size_t skip, const char *buf, size_t n)
{
	size_t done = 0, part;

	for (int i = 0; i < cnt && done < n; i++) {
		if (skip >= iov[i].len) {
			skip -= iov[i].len;
			continue;
		}
		part = MIN(iov[i].len - skip, n - done);
		if (copy_to_user(iov[i].base + skip, buf + done, part) < 0)
			return -EFAULT;
		done += part;
		skip = 0;
	}
	return 0;
}

/* Clear the first n bytes of the vector: a bad buffer shows before a
 * read consumes anything. */
static int
iov_clear(struct kiovec *iov, int cnt, size_t n)
{
	size_t done = 0, part;

	for (int i = 0; i < cnt && done < n; i++) {
		part = MIN(iov[i].len, n - done);
		if (part > 0 && clear_user(iov[i].base, part) < 0)
			return -EFAULT;
		done += part;
	}
	return 0;
}

/* Seekable files: one transfer per segment, straight to user memory. */
static ssize_t
vec_direct(struct file *f, struct kiovec *iov, int cnt, bool write, int64_t off)
{
	size_t done = 0;
	ssize_t r = 0;

	for (int i = 0; i < cnt; i++) {
		struct uio u = { iov[i].base, iov[i].len, false };

		if (iov[i].len == 0)
			continue;
		if (off >= 0)
			r = file_rw_at(f, &u, (uint64_t)off + done, write);
		else
			r = write ? file_write(f, &u) : file_read(f, &u);
		if (r <= 0)
			break;
		done += (size_t)r;
		if ((size_t)r < iov[i].len)
			break;
	}
	return done > 0 ? (ssize_t)done : r;
}

/* Pipes and terminals: through a bounce buffer, so that a pipe sees one
 * atomic write and a read returns what one read gives. */
static ssize_t
vec_bounce(struct file *f, struct kiovec *iov, int cnt, size_t total,
	   bool write)
{
	char *buf = kmalloc(MIN(total, (size_t)BOUNCE_MAX));
	size_t done = 0, n;
	struct uio u;
	ssize_t r = 0;

	if (buf == NULL)
		return -ENOMEM;
	do {
		n = MIN(total - done, (size_t)BOUNCE_MAX);
		u = (struct uio){ (uintptr_t)buf, n, true };
		if (write)
			r = iov_gather(iov, cnt, done, buf, n) < 0 ? -EFAULT :
			    file_write(f, &u);
		else if (iov_clear(iov, cnt, n) < 0)
			r = -EFAULT;
		else if ((r = file_read(f, &u)) > 0 &&
			 iov_scatter(iov, cnt, 0, buf, (size_t)r) < 0)
			r = -EFAULT;
		if (r > 0)
			done += (size_t)r;
	} while (write && r == (ssize_t)n && done < total);
	kfree(buf);
	return done > 0 ? (ssize_t)done : r;
}

/* readv, writev, preadv and pwritev (off >= 0). */
static long
rw_vec(int fd, uintptr_t uiov, int cnt, bool write, int64_t off)
{
	struct kiovec *iov;
	struct file *f;
	size_t total;
	ssize_t r;

	if ((r = iov_get(uiov, cnt, &iov, &total)) < 0)
		return r;
	if ((f = fd_get(fd)) == NULL) {
		kfree(iov);
		return -EBADF;
	}
	if (!(f->mode & (write ? FMODE_WRITE : FMODE_READ)))
		r = -EBADF;
	else if (total == 0)
		r = 0;
	else if (f->fop->seekable)
		r = vec_direct(f, iov, cnt, write, off);
	else
		r = off >= 0 ? -ESPIPE : vec_bounce(f, iov, cnt, total, write);
	kfree(iov);
	file_put(f);
	return r;
}

SYSCALL3(readv, int, fd, uintptr_t, uiov, int, cnt)
{
	return rw_vec(fd, uiov, cnt, false, -1);
}

SYSCALL3(writev, int, fd, uintptr_t, uiov, int, cnt)
{
	return rw_vec(fd, uiov, cnt, true, -1);
}

SYSCALL5(preadv, int, fd, uintptr_t, uiov, int, cnt, int64_t, off, long, off_hi)
{
	(void)off_hi;			/* 64-bit: the offset is all in off */
	return off < 0 ? -EINVAL : rw_vec(fd, uiov, cnt, false, off);
}

SYSCALL5(pwritev, int, fd, uintptr_t, uiov, int, cnt, int64_t, off, long,
	 off_hi)
{
	(void)off_hi;
	return off < 0 ? -EINVAL : rw_vec(fd, uiov, cnt, true, off);
}

SYSCALL3(lseek, int, fd, int64_t, off, int, whence)
{
	struct file *f = fd_get(fd);
	int64_t base, size;
	long r;

	if (f == NULL)
		return -EBADF;
	if (!f->fop->seekable || whence < SEEK_SET || whence > SEEK_HOLE) {
		r = !f->fop->seekable ? -ESPIPE : -EINVAL;
		file_put(f);
		return r;
	}
	size = f->ip != NULL ? (int64_t)READ_ONCE(f->ip->size) : 0;
	if (f->fop == &blockdev_fops)	/* a disk's size is not its inode's */
		size = (int64_t)(((struct blockdev *)f->priv)->sectors *
				 HAL_BLOCK_SECTOR);
	mutex_lock(&f->pos_lock);
	base = whence == SEEK_CUR ? (int64_t)f->pos : whence == SEEK_SET ? 0 :
	       whence == SEEK_END ? size : off;
	if ((whence == SEEK_DATA || whence == SEEK_HOLE) && off >= size)
		r = off < 0 ? -EINVAL : -ENXIO;
	else if (whence == SEEK_HOLE)
		r = off < 0 ? -EINVAL : size;
	else if (whence == SEEK_DATA)
		r = off < 0 ? -EINVAL : off;
	else if ((off > 0 && base > INT64_MAX - off) || base + off < 0)
		r = -EINVAL;
	else
		r = base + off;
	if (r >= 0)
		f->pos = (uint64_t)r;
	mutex_unlock(&f->pos_lock);
	file_put(f);
	return r;
}

/* ---- open and close ---- */

static long
open_at(int dirfd, uintptr_t upath, int flags, uint32_t mode)
{
	struct file *f;
	char *path;
	int r, fd;

	if ((r = getname(upath, &path)) < 0)
		return r;
	if ((r = fd_room()) == 0)
		r = vfs_open(dirfd, path, flags, mode & 07777, &f);
	kfree(path);
	if (r < 0)
		return r;
	if ((fd = fd_install(f, 0, (flags & O_CLOEXEC) != 0)) < 0)
		file_put(f);
	return fd;
}

SYSCALL3(open, uintptr_t, upath, int, flags, uint32_t, mode)
{
	return open_at(AT_FDCWD, upath, flags, mode);
}

SYSCALL4(openat, int, dirfd, uintptr_t, upath, int, flags, uint32_t, mode)
{
	return open_at(dirfd, upath, flags, mode);
}

SYSCALL2(creat, uintptr_t, upath, uint32_t, mode)
{
	return open_at(AT_FDCWD, upath, O_CREAT | O_WRONLY | O_TRUNC, mode);
}

SYSCALL1(close, int, fd)
{
	return fd_close(fd);
}

SYSCALL3(close_range, unsigned, first, unsigned, last, unsigned, flags)
{
	struct proc *p = curproc();
	struct fdtable *t, *n;

	if ((flags & ~(unsigned)(CLOSE_RANGE_UNSHARE | CLOSE_RANGE_CLOEXEC)) ||
	    first > last)
		return -EINVAL;
	if ((flags & CLOSE_RANGE_UNSHARE) && p != NULL &&
	    __atomic_load_n(&p->fds->refs, __ATOMIC_ACQUIRE) > 1) {
		if ((n = fdtable_copy(p->fds)) == NULL)
			return -ENOMEM;
		t = p->fds;
		p->fds = n;
		fdtable_put(t);
	}
	return fd_close_range(first, last, (flags & CLOSE_RANGE_CLOEXEC) != 0);
}

/* ---- descriptors ---- */

SYSCALL1(dup, int, oldfd)
{
	struct file *f = fd_get(oldfd);
	int fd;

	if (f == NULL)
		return -EBADF;
	if ((fd = fd_install(f, 0, false)) < 0)
		file_put(f);
	return fd;
}

static long
dup_to(int oldfd, int newfd, int flags)
{
	struct file *f;
	int r;

	if (flags & ~O_CLOEXEC)
		return -EINVAL;
	if (newfd < 0 || newfd >= fd_limit())
		return -EBADF;
	if ((f = fd_get(oldfd)) == NULL)
		return -EBADF;
	if ((r = fd_replace(newfd, f, (flags & O_CLOEXEC) != 0)) < 0)
		file_put(f);
	return r;
}

SYSCALL2(dup2, int, oldfd, int, newfd)
{
	struct file *f;

	if (oldfd != newfd)
		return dup_to(oldfd, newfd, 0);
	if ((f = fd_get(oldfd)) == NULL)
		return -EBADF;
	file_put(f);
	return newfd;
}

SYSCALL3(dup3, int, oldfd, int, newfd, int, flags)
{
	if (oldfd == newfd)
		return -EINVAL;
	return dup_to(oldfd, newfd, flags);
}

/* Record locks: every lock is granted; F_GETLK finds nothing in the way. */
static long
fcntl_lock(int cmd, uintptr_t arg)
{
	struct kflock fl;

	if (copy_from_user(&fl, arg, sizeof(fl)) < 0)
		return -EFAULT;
	if (fl.l_type != F_RDLCK && fl.l_type != F_WRLCK &&
	    fl.l_type != F_UNLCK)
		return -EINVAL;
	if (fl.l_whence < SEEK_SET || fl.l_whence > SEEK_END)
		return -EINVAL;
	if (cmd != F_GETLK && cmd != F_OFD_GETLK)
		return 0;
	fl.l_type = F_UNLCK;
	return copy_to_user(arg, &fl, sizeof(fl)) < 0 ? -EFAULT : 0;
}

static long
fcntl_setfl(struct file *f, unsigned long arg)
{
	unsigned old, new;

	old = __atomic_load_n(&f->flags, __ATOMIC_RELAXED);
	do {
		new = (old & ~(unsigned)SETFL_MASK) |
		      ((unsigned)arg & SETFL_MASK);
	} while (!__atomic_compare_exchange_n(&f->flags, &old, new, false,
					      __ATOMIC_RELAXED,
					      __ATOMIC_RELAXED));
	return 0;
}

static long
fcntl_cmd(int fd, struct file *f, int cmd, unsigned long arg)
{
	long r;

	switch (cmd) {
	case F_DUPFD:
	case F_DUPFD_CLOEXEC:
		if ((long)arg < 0 || (long)arg >= fd_limit())
			return -EINVAL;
		file_get(f);
		if ((r = fd_install(f, (int)arg, cmd == F_DUPFD_CLOEXEC)) < 0)
			file_put(f);
		return r;
	case F_GETFD:
		return fd_cloexec(fd, -1) > 0 ? FD_CLOEXEC : 0;
	case F_SETFD:
		return fd_cloexec(fd, (arg & FD_CLOEXEC) != 0) < 0 ? -EBADF : 0;
	case F_GETFL:
		return f->flags;
	case F_SETFL:
		return fcntl_setfl(f, arg);
	case F_GETLK: case F_SETLK: case F_SETLKW:
	case F_OFD_GETLK: case F_OFD_SETLK: case F_OFD_SETLKW:
		return fcntl_lock(cmd, arg);
	case F_GETOWN: case F_SETOWN: case F_GETSIG: case F_SETSIG:
		return 0;
	case F_GETPIPE_SZ:
	case F_SETPIPE_SZ:
		return file_is_pipe(f) ? PIPE_SIZE : -EBADF;
	}
	return -EINVAL;
}

SYSCALL3(fcntl, int, fd, int, cmd, unsigned long, arg)
{
	struct file *f = fd_get(fd);
	long r;

	if (f == NULL)
		return -EBADF;
	if (f->fop == &path_fops && cmd != F_DUPFD && cmd != F_DUPFD_CLOEXEC &&
	    cmd != F_GETFD && cmd != F_SETFD && cmd != F_GETFL)
		r = -EBADF;
	else
		r = fcntl_cmd(fd, f, cmd, arg);
	file_put(f);
	return r;
}

SYSCALL2(flock, int, fd, int, op)
{
	struct file *f = fd_get(fd);
	int kind = op & ~LOCK_NB;

	if (f == NULL)
		return -EBADF;
	file_put(f);
	if (kind != LOCK_SH && kind != LOCK_EX && kind != LOCK_UN)
		return -EINVAL;
	return 0;			/* always granted */
}

static long
ioctl_cmd(int fd, struct file *f, unsigned cmd, uintptr_t arg)
{
	int v;

	switch (cmd) {
	case FIONBIO:
		if (get_user(v, arg) < 0)
			return -EFAULT;
		return fcntl_setfl(f, v ? (f->flags | O_NONBLOCK) :
				   (f->flags & ~(unsigned)O_NONBLOCK));
	case FIOCLEX:
	case FIONCLEX:
		return fd_cloexec(fd, cmd == FIOCLEX) < 0 ? -EBADF : 0;
	case FIOASYNC:
		return get_user(v, arg) < 0 ? -EFAULT : 0;
	case FIONREAD:
		if (file_is_pipe(f))
			return put_user((int)pipe_nread(f), arg) < 0 ?
			       -EFAULT : 0;
		if (f->ip != NULL && S_ISREG(f->ip->mode)) {
			v = (int)MIN((uint64_t)INT32_MAX, f->ip->size > f->pos ?
				     f->ip->size - f->pos : 0);
			return put_user(v, arg) < 0 ? -EFAULT : 0;
		}
		break;
	}
	if (f->fop->ioctl == NULL)
		return -ENOTTY;
	return f->fop->ioctl(f, cmd, arg);
}

SYSCALL3(ioctl, int, fd, unsigned, cmd, uintptr_t, arg)
{
	struct file *f = fd_get(fd);
	long r;

	if (f == NULL)
		return -EBADF;
	r = f->fop == &path_fops ? -EBADF : ioctl_cmd(fd, f, cmd, arg);
	file_put(f);
	return r;
}

/* ---- pipes ---- */

static long
make_pipe(uintptr_t ufds, int flags)
{
	struct file *rd, *wr;
	int fds[2], r;

	if (flags & ~(O_CLOEXEC | O_NONBLOCK | O_DIRECT))
		return -EINVAL;
	/* Probe the user array first: a bad pointer changes nothing. */
	if (copy_from_user(fds, ufds, sizeof(fds)) < 0 ||
	    copy_to_user(ufds, fds, sizeof(fds)) < 0)
		return -EFAULT;
	if ((r = pipe_create((unsigned)flags & O_NONBLOCK, &rd, &wr)) < 0)
		return r;
	if ((fds[0] = fd_install(rd, 0, (flags & O_CLOEXEC) != 0)) < 0) {
		file_put(rd);
		file_put(wr);
		return fds[0];
	}
	if ((fds[1] = fd_install(wr, 0, (flags & O_CLOEXEC) != 0)) < 0) {
		fd_close(fds[0]);
		file_put(wr);
		return fds[1];
	}
	if (copy_to_user(ufds, fds, sizeof(fds)) < 0) {
		fd_close(fds[0]);
		fd_close(fds[1]);
		return -EFAULT;
	}
	return 0;
}

SYSCALL1(pipe, uintptr_t, ufds)
{
	return make_pipe(ufds, 0);
}

SYSCALL2(pipe2, uintptr_t, ufds, int, flags)
{
	return make_pipe(ufds, flags);
}

/* ---- sendfile, sync, advice ---- */

/* Move up to count bytes from in (at *off, or its position) to out. */
static long
copy_file(struct file *out, struct file *in, int64_t *off, size_t count)
{
	size_t n, total = 0;
	char *buf = kmalloc(MIN(MAX(count, (size_t)1), (size_t)BOUNCE_MAX));
	struct uio u;
	ssize_t r = 0, w;

	if (buf == NULL)
		return -ENOMEM;
	while (total < count) {
		n = MIN(count - total, (size_t)BOUNCE_MAX);
		u = (struct uio){ (uintptr_t)buf, n, true };
		r = off != NULL ? file_rw_at(in, &u, (uint64_t)*off, false) :
				  file_read(in, &u);
		if (r <= 0)
			break;
		u = (struct uio){ (uintptr_t)buf, (size_t)r, true };
		if ((w = file_write(out, &u)) <= 0) {
			r = w;
			break;
		}
		total += (size_t)w;
		if (off != NULL)
			*off += w;
		if (w < r) {
			if (off == NULL && in->fop->seekable) {
				mutex_lock(&in->pos_lock);
				in->pos -= (uint64_t)(r - w);
				mutex_unlock(&in->pos_lock);
			}
			break;
		}
	}
	kfree(buf);
	return total > 0 ? (long)total : r;
}

SYSCALL4(sendfile, int, outfd, int, infd, uintptr_t, uoff, size_t, count)
{
	struct file *in = NULL, *out = NULL;
	int64_t off = 0;
	long r;

	if (uoff != 0 && get_user(off, uoff) < 0)
		return -EFAULT;
	if (uoff != 0 && off < 0)
		return -EINVAL;
	if ((in = fd_get(infd)) == NULL || (out = fd_get(outfd)) == NULL)
		r = -EBADF;
	else if (!(in->mode & FMODE_READ) || !(out->mode & FMODE_WRITE))
		r = -EBADF;
	else if (uoff != 0 && !in->fop->seekable)
		r = -ESPIPE;
	else
		r = count == 0 ? 0 : copy_file(out, in, uoff != 0 ? &off : NULL,
						MIN(count, MAX_RW));
	if (r >= 0 && uoff != 0 && put_user(off, uoff) < 0)
		r = -EFAULT;
	file_put(in);
	file_put(out);
	return r;
}

static long
fsync_fd(int fd)
{
	struct file *f = fd_get(fd);
	long r;

	if (f == NULL)
		return -EBADF;
	if (f->fop->fsync != NULL)
		r = f->fop->fsync(f);
	else
		r = f->ip != NULL && !file_is_pipe(f) ? 0 : -EINVAL;
	file_put(f);
	return r;
}

SYSCALL1(fsync, int, fd)
{
	return fsync_fd(fd);
}

/* fop->fsync writes data and metadata; nothing is cheaper to skip. */
SYSCALL1(fdatasync, int, fd)
{
	return fsync_fd(fd);
}

/* Linux's sync(2) returns 0 even when a write-back failed. */
SYSCALL0(sync)
{
	block_sync(NULL);
	return 0;
}

/*
 * The page caches have no owner recorded, so every syncer runs (a
 * superset); then the file system's disk, when it is on one.
 */
SYSCALL1(syncfs, int, fd)
{
	struct file *f = fd_get(fd);
	struct blockdev *d = NULL;
	long r = 0;

	if (f == NULL)
		return -EBADF;
	if (f->ip != NULL && (d = block_find(f->ip->sb->source)) != NULL)
		r = block_sync(d) < 0 ? -EIO : 0;
	file_put(f);
	return r;
}

SYSCALL4(fadvise64, int, fd, int64_t, off, int64_t, len, int, advice)
{
	struct file *f = fd_get(fd);
	long r = 0;

	if (f == NULL)
		return -EBADF;
	if (file_is_pipe(f))
		r = -ESPIPE;
	else if (advice < 0 || advice > 5 || len < 0)
		r = -EINVAL;
	file_put(f);
	return r;
}

