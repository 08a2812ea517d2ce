/*
 * fs_syscalls3.c -- system calls on directories and file systems: getcwd,
 * chdir, fchdir, chroot, getdents, statfs, mount and umount2, and
 * memfd_create.
 */
#include "fs_local.h"
#include "heap.h"
#include "syscall.h"
#include "uaccess.h"
#include "abi.h"

#define BOUNCE_MAX (64 * 1024)
#define MFD_CLOEXEC 1
#define MFD_ALLOW_SEALING 2
#define MS_MGC_MSK 0xffff0000ul
#define MS_MGC_VAL 0xc0ed0000ul
#define MS_MOVE 8192
#define ST_VALID 0x20

/* ---- working and root directories ---- */

SYSCALL2(getcwd, uintptr_t, ubuf, size_t, size)
{
	struct inode *cwd = cur_cwd();
	char *buf = kmalloc(PATH_MAX);
	long r;

	if (cwd == NULL || buf == NULL)
		r = cwd == NULL ? -ENOENT : -ENOMEM;
	else if ((r = path_of_inode(cwd, buf, MIN(size, (size_t)PATH_MAX))) >
			 0 &&
		 copy_to_user(ubuf, buf, (size_t)r) < 0)
		r = -EFAULT;
	inode_put(cwd);
	kfree(buf);
	return r;
}

/* Make ip (a referenced directory) the caller's cwd or root. */
static long
set_dir(struct inode *ip, bool root)
{
	struct proc *p = curproc();
	struct inode *old;
	int r;

	if (!S_ISDIR(ip->mode))
		r = -ENOTDIR;
	else if ((r = inode_permission(ip, X_OK)) == 0 && p == NULL)
		r = -EPERM;
	if (r < 0) {
		inode_put(ip);
		return r;
	}
	spin_lock(&itable_lock);
	old = root ? p->root : p->cwd;
	if (root)
		p->root = ip;
	else
		p->cwd = ip;
	spin_unlock(&itable_lock);
	inode_put(old);
	return 0;
}

SYSCALL1(chdir, uintptr_t, upath)
{
	struct nameidata nd;
	long r;

	if ((r = user_path(AT_FDCWD, upath, LOOKUP_FOLLOW | LOOKUP_DIRECTORY,
			   &nd)) < 0)
		return r;
	return set_dir(nd.ip, false);
}

SYSCALL1(fchdir, int, fd)
{
	struct file *f = fd_get(fd);
	struct inode *ip;

	if (f == NULL)
		return -EBADF;
	if ((ip = f->ip) == NULL) {
		file_put(f);
		return -ENOTDIR;
	}
	inode_get(ip);
	file_put(f);
	return set_dir(ip, false);
}

SYSCALL1(chroot, uintptr_t, upath)
{
	struct nameidata nd;
	long r;

	if ((r = user_path(AT_FDCWD, upath, LOOKUP_FOLLOW | LOOKUP_DIRECTORY,
			   &nd)) < 0)
		return r;
	if (cur_cred()->euid != 0) {
		nd_release(&nd);
		return -EPERM;
	}
	return set_dir(nd.ip, true);
}

/* ---- statfs ---- */

static long
statfs_out(struct inode *ip, uintptr_t ubuf)
{
	struct statfs_k k;
	struct abi_statfs st;
	long r;

	if ((r = vfs_statfs(ip, &k)) < 0)
		return r;
	memset(&st, 0, sizeof(st));
	st.f_type = (int64_t)k.type;
	st.f_bsize = st.f_frsize = (int64_t)k.bsize;
	st.f_blocks = k.blocks;
	st.f_bfree = k.bfree;
	st.f_bavail = k.bavail;
	st.f_files = k.files;
	st.f_ffree = k.ffree;
	st.f_fsid[0] = (int32_t)ip->sb->dev;
	st.f_namelen = (int64_t)k.namelen;
	st.f_flags = (int64_t)(k.flags | ST_VALID);
	return copy_to_user(ubuf, &st, sizeof(st)) < 0 ? -EFAULT : 0;
}

SYSCALL2(statfs, uintptr_t, upath, uintptr_t, ubuf)
{
	struct nameidata nd;
	long r;

	if ((r = user_path(AT_FDCWD, upath, LOOKUP_FOLLOW, &nd)) < 0)
		return r;
	r = statfs_out(nd.ip, ubuf);
	nd_release(&nd);
	return r;
}

SYSCALL2(fstatfs, int, fd, uintptr_t, ubuf)
{
	struct file *f = fd_get(fd);
	long r;

	if (f == NULL)
		return -EBADF;
	r = f->ip != NULL ? statfs_out(f->ip, ubuf) : -EINVAL;
	file_put(f);
	return r;
}

/* ---- mount ---- */

/* An optional user string of at most max bytes (NULL if uaddr is 0). */
static int
opt_string(uintptr_t uaddr, size_t max, char **out)
{
	long n;

	*out = NULL;
	if (uaddr == 0)
		return 0;
	if ((*out = kmalloc(max)) == NULL)
		return -ENOMEM;
	if ((n = strncpy_from_user(*out, uaddr, max)) < 0) {
		kfree(*out);
		*out = NULL;
		return n == -ENAMETOOLONG ? -EINVAL : (int)n;
	}
	return 0;
}

SYSCALL5(mount, uintptr_t, usource, uintptr_t, utarget, uintptr_t, utype,
	 unsigned long, flags, uintptr_t, udata)
{
	char *source = NULL, *target = NULL, *type = NULL, *data = NULL;
	long r;

	if (cur_cred()->euid != 0)
		return -EPERM;
	if ((flags & MS_MGC_MSK) == MS_MGC_VAL)
		flags &= ~MS_MGC_MSK;
	if (flags & (MS_BIND | MS_MOVE))
		return -EINVAL;
	if ((r = getname(utarget, &target)) < 0 ||
	    (r = opt_string(usource, 64, &source)) < 0 ||
	    (r = opt_string(utype, 64, &type)) < 0 ||
	    (r = opt_string(udata, PAGE_SIZE, &data)) < 0)
		goto out;
	if (type != NULL && strcmp(type, "devtmpfs") == 0)
		strlcpy(type, "devfs", 64);	/* Linux's name for it */
	if (!(flags & MS_REMOUNT) && type == NULL)
		r = -EINVAL;
	else
		r = vfs_mount(source != NULL ? source : "none", target, type,
			      flags, data);
out:
	kfree(source);
	kfree(target);
	kfree(type);
	kfree(data);
	return r;
}

SYSCALL2(umount2, uintptr_t, utarget, int, flags)
{
	char *target;
	long r;

	if (cur_cred()->euid != 0)
		return -EPERM;
	if ((r = getname(utarget, &target)) < 0)
		return r;
	r = vfs_umount(target, flags);
	kfree(target);
	return r;
}

/* ---- memfd ---- */

SYSCALL2(memfd_create, uintptr_t, uname, unsigned, flags)
{
	struct super *sb = vfs_anon_super();
	char name[250], *path;
	struct inode *ip;
	struct file *f;
	long r;
	int fd;

	if (flags & ~(unsigned)(MFD_CLOEXEC | MFD_ALLOW_SEALING))
		return -EINVAL;
	if ((r = strncpy_from_user(name, uname, sizeof(name))) < 0)
		return r == -ENAMETOOLONG ? -EINVAL : r;
	if (sb == NULL || (r = fd_room()) < 0)
		return sb == NULL ? -ENOSYS : r;
	if ((ip = ramfs_new_unlinked(sb, S_IFREG | 0777)) == NULL)
		return -ENOMEM;
	f = file_new(ip, O_RDWR, ip->fop);
	inode_put(ip);
	if (f == NULL)
		return -ENOMEM;
	if ((path = kmalloc(sizeof(name) + 32)) != NULL)
		ksnprintf(path, sizeof(name) + 32, "/memfd:%s (deleted)", name);
	f->path = path;
	if ((fd = fd_install(f, 0, (flags & MFD_CLOEXEC) != 0)) < 0)
		file_put(f);
	return fd;
}

/* ---- directories ---- */

struct dents {
	struct dir_ctx ctx;
	char *buf;
	size_t size, used;
	size_t last;		/* offset of the previous record, or SIZE_MAX */
	bool old;		/* struct linux_dirent (getdents) */
	bool full;
};

static void
set_doff(struct dents *d, uint64_t pos)
{
	int64_t off = (int64_t)pos;

	if (d->last == SIZE_MAX)
		return;
	/* d_off is the second 8-byte word in both layouts. */
	memcpy(d->buf + d->last + 8, &off, sizeof(off));
}

static bool
dents_emit(struct dir_ctx *ctx, const char *name, size_t len, uint64_t ino,
	   unsigned type)
{
	struct dents *d = container_of(ctx, struct dents, ctx);
	size_t hdr = d->old ? 18 : offsetof(struct linux_dirent64, d_name);
	size_t reclen = ALIGN_UP(hdr + len + (d->old ? 2 : 1), 8);
	char *p = d->buf + d->used;
	uint16_t rl = (uint16_t)reclen;
	uint8_t t = (uint8_t)type;

	if (d->used + reclen > d->size) {
		d->full = true;
		return false;
	}
	set_doff(d, ctx->pos);
	memset(p, 0, reclen);
	memcpy(p, &ino, 8);
	memcpy(p + 16, &rl, 2);
	if (d->old) {
		memcpy(p + 18, name, len);
		p[reclen - 1] = (char)t;
	} else {
		p[18] = (char)t;
		memcpy(p + 19, name, len);
	}
	d->last = d->used;
	d->used += reclen;
	return true;
}

static long
getdents_common(int fd, uintptr_t udirp, size_t count, bool old)
{
	struct dents d = { { dents_emit, 0 },
			   NULL,
			   MIN(count, (size_t)BOUNCE_MAX),
			   0,
			   SIZE_MAX,
			   old,
			   false };
	struct file *f = fd_get(fd);
	long r;

	if (f == NULL)
		return -EBADF;
	if (f->ip == NULL || !S_ISDIR(f->ip->mode) || f->fop->readdir == NULL) {
		file_put(f);
		return -ENOTDIR;
	}
	if ((d.buf = kmalloc(MAX(d.size, (size_t)1))) == NULL) {
		file_put(f);
		return -ENOMEM;
	}
	mutex_lock(&f->pos_lock);
	d.ctx.pos = f->pos;
	if ((r = f->fop->readdir(f, &d.ctx)) == 0) {
		set_doff(&d, d.ctx.pos);
		if (d.used == 0 && d.full)
			r = -EINVAL;
		else if (copy_to_user(udirp, d.buf, d.used) < 0)
			r = -EFAULT;
		else
			r = (long)d.used;
		if (r >= 0)
			f->pos = d.ctx.pos;
	}
	mutex_unlock(&f->pos_lock);
	kfree(d.buf);
	file_put(f);
	return r;
}

SYSCALL3(getdents64, int, fd, uintptr_t, udirp, size_t, count)
{
	return getdents_common(fd, udirp, count, false);
}

SYSCALL3(getdents, int, fd, uintptr_t, udirp, size_t, count)
{
	return getdents_common(fd, udirp, count, true);
}
