/*
 * ramfs.c -- the in-memory file system, also mounted as "tmpfs":
 * directories of named entries, symlinks, device nodes and fifos; the
 * data of regular files are in ramfs_file.c.
 */
#include "heap.h"
#include "pmm.h"
#include "ramfs.h"

struct ramfs_dirent {
	struct list link;	/* in ramfs_node.entries, by cookie */
	struct inode *ip;	/* counted in ip->nlink */
	uint64_t cookie;	/* readdir position, increasing */
	size_t len;
	char name[];
};

static const struct inode_ops ramfs_iops;
static const struct file_ops ramfs_dir_fops;

/* ---- inodes ---- */

static struct inode *
ramfs_inode_new(struct super *sb, uint32_t mode, uint32_t rdev)
{
	struct ramfs_node *n = kzalloc(sizeof(*n));
	struct inode *ip;

	if (n == NULL || (ip = inode_new(sb, mode)) == NULL) {
		kfree(n);
		return NULL;
	}
	list_init(&n->entries);
	n->next_cookie = 2;
	mutex_init(&n->wlock, "ramfs write");
	ip->priv = n;
	ip->rdev = rdev;
	ip->iop = &ramfs_iops;
	if (S_ISDIR(mode)) {
		ip->nlink = 2;
		ip->fop = &ramfs_dir_fops;
		ip->size = PAGE_SIZE;
	} else if (S_ISREG(mode)) {
		ip->fop = &ramfs_file_fops;
	}
	return ip;
}

static void
ramfs_evict(struct inode *ip)
{
	struct ramfs_node *n = RN(ip);
	struct ramfs_dirent *e;

	if (n == NULL)
		return;
	ramfs_cut(ip, 0);
	while (!list_empty(&n->entries)) {	/* only at unmount */
		e = list_first(&n->entries, struct ramfs_dirent, link);
		list_remove(&e->link);
		kfree(e);
	}
	kfree(n->target);
	kfree(n);
	ip->priv = NULL;
}

/* A regular file (memfd) or fifo (pipe) of sb linked nowhere; one ref. */
struct inode *
ramfs_new_unlinked(struct super *sb, uint32_t mode)
{
	struct inode *ip = ramfs_inode_new(sb, mode, 0);

	if (ip != NULL)
		ip->nlink = 0;
	return ip;
}

static unsigned
dtype(uint32_t mode)
{
	return (mode & S_IFMT) >> 12;	/* DT_* are S_IF* >> 12 */
}

/* ---- directories (dir->lock held by the VFS) ---- */

static struct ramfs_dirent *
dir_find(struct inode *dir, const char *name, size_t len)
{
	struct list *l;
	struct ramfs_dirent *e;

	list_for_each(l, &RN(dir)->entries) {
		e = list_entry(l, struct ramfs_dirent, link);
		if (e->len == len && memcmp(e->name, name, len) == 0)
			return e;
	}
	return NULL;
}

static struct ramfs_dirent *
dirent_new(const char *name, size_t len, struct inode *ip)
{
	struct ramfs_dirent *e = kmalloc(sizeof(*e) + len + 1);

	if (e == NULL)
		return NULL;
	list_init(&e->link);
	e->ip = ip;
	e->len = len;
	memcpy(e->name, name, len);
	e->name[len] = '\0';
	return e;
}

static void
dir_insert(struct inode *dir, struct ramfs_dirent *e)
{
	struct ramfs_node *n = RN(dir);

	e->cookie = n->next_cookie++;
	list_append(&n->entries, &e->link);
	n->nentries++;
	dir->mtime = dir->ctime = vfs_now();
}

static void
dir_remove(struct inode *dir, struct ramfs_dirent *e)
{
	list_remove(&e->link);
	RN(dir)->nentries--;
	kfree(e);
	dir->mtime = dir->ctime = vfs_now();
}

static int
ramfs_lookup(struct inode *dir, const char *name, size_t len,
	     struct inode **out)
{
	struct ramfs_dirent *e;
	struct inode *ip;

	if (len == 1 && name[0] == '.') {
		ip = dir;
	} else if (len == 2 && name[0] == '.' && name[1] == '.') {
		if ((ip = RN(dir)->parent) == NULL)
			return -ENOENT;
	} else if ((e = dir_find(dir, name, len)) != NULL) {
		ip = e->ip;
	} else {
		return -ENOENT;
	}
	inode_get(ip);
	*out = ip;
	return 0;
}

/* Checks before a new entry goes into dir. */
static int
dir_may_add(struct inode *dir, const char *name, size_t len)
{
	if (dir->nlink == 0)
		return -ENOENT;
	if (len == 0 || len > NAME_MAX)
		return len == 0 ? -ENOENT : -ENAMETOOLONG;
	if (name_is_dots(name, len) || dir_find(dir, name, len) != NULL)
		return -EEXIST;
	return 0;
}

static int
ramfs_create(struct inode *dir, const char *name, size_t len, uint32_t mode,
	     uint32_t rdev, struct inode **out)
{
	struct ramfs_dirent *e;
	struct inode *ip;
	int r;

	if ((r = dir_may_add(dir, name, len)) < 0)
		return r;
	if (S_ISDIR(mode) && dir->nlink >= 0xfffffffe)
		return -EMLINK;
	if ((ip = ramfs_inode_new(dir->sb, mode, rdev)) == NULL)
		return -ENOSPC;
	if (dir->mode & S_ISGID) {
		ip->gid = dir->gid;
		if (S_ISDIR(mode))
			ip->mode |= S_ISGID;
	}
	if ((e = dirent_new(name, len, ip)) == NULL) {
		ip->nlink = 0;
		inode_put(ip);
		return -ENOSPC;
	}
	if (S_ISDIR(mode)) {
		RN(ip)->parent = dir;
		dir->nlink++;
	}
	dir_insert(dir, e);
	*out = ip;
	return 0;
}

static int
ramfs_symlink(struct inode *dir, const char *name, size_t len,
	      const char *target)
{
	struct inode *ip;
	char *t = kstrdup(target);
	int r;

	if (t == NULL)
		return -ENOSPC;
	if ((r = ramfs_create(dir, name, len, S_IFLNK | 0777, 0, &ip)) < 0) {
		kfree(t);
		return r;
	}
	RN(ip)->target = t;
	ip->size = strlen(t);
	inode_put(ip);
	return 0;
}

static int
ramfs_link(struct inode *dir, const char *name, size_t len,
	   struct inode *target)
{
	struct ramfs_dirent *e;
	int r;

	if ((r = dir_may_add(dir, name, len)) < 0)
		return r;
	if (S_ISDIR(target->mode))
		return -EPERM;
	if (target->sb != dir->sb)
		return -EXDEV;
	if ((e = dirent_new(name, len, target)) == NULL)
		return -ENOSPC;
	mutex_lock(&target->lock);	/* a non-directory: never a parent */
	if (target->nlink == 0 || target->nlink >= 0xffffffffu) {
		r = target->nlink == 0 ? -ENOENT : -EMLINK;
		mutex_unlock(&target->lock);
		kfree(e);
		return r;
	}
	target->nlink++;
	target->ctime = vfs_now();
	mutex_unlock(&target->lock);
	dir_insert(dir, e);
	return 0;
}

/* Take victim v (entry e of dir, locked by the caller) out of dir. */
static void
drop_entry(struct inode *dir, struct ramfs_dirent *e, struct inode *v)
{
	dir_remove(dir, e);
	if (S_ISDIR(v->mode)) {
		v->nlink = 0;
		RN(v)->parent = NULL;
		dir->nlink--;
	} else {
		v->nlink--;
	}
	v->ctime = vfs_now();
}

static int
ramfs_unlink(struct inode *dir, const char *name, size_t len, bool rmdir)
{
	struct ramfs_dirent *e = dir_find(dir, name, len);
	struct inode *v;
	int r = 0;

	if (e == NULL && name_is_dots(name, len))
		return rmdir ? -EINVAL : -EISDIR;
	if (e == NULL)
		return -ENOENT;
	v = e->ip;
	if (rmdir != S_ISDIR(v->mode))
		return rmdir ? -ENOTDIR : -EISDIR;
	inode_get(v);			/* so that the last put frees it */
	mutex_lock(&v->lock);
	if (rmdir && RN(v)->nentries > 0)
		r = -ENOTEMPTY;
	else
		drop_entry(dir, e, v);
	mutex_unlock(&v->lock);
	inode_put(v);
	return r;
}

/* May the victim entry ne be replaced by src? Locks and checks it. */
static int
rename_victim_ok(struct inode *src, struct inode *v)
{
	if (S_ISDIR(src->mode) && !S_ISDIR(v->mode))
		return -ENOTDIR;
	if (!S_ISDIR(src->mode) && S_ISDIR(v->mode))
		return -EISDIR;
	if (S_ISDIR(v->mode) && RN(v)->nentries > 0)
		return -ENOTEMPTY;
	return 0;
}

static int
ramfs_rename(struct inode *odir, const char *oname, size_t olen,
	     struct inode *ndir, const char *nname, size_t nlen)
{
	struct ramfs_dirent *oe = dir_find(odir, oname, olen);
	struct ramfs_dirent *ne = dir_find(ndir, nname, nlen), *e;
	struct inode *src, *v = NULL;
	int r;

	if (oe == NULL)
		return -ENOENT;
	src = oe->ip;
	if (ne != NULL && ne->ip == src)
		return 0;			/* two links of one file */
	if (ne == NULL && (r = dir_may_add(ndir, nname, nlen)) < 0)
		return r;
	if ((e = dirent_new(nname, nlen, src)) == NULL)
		return -ENOSPC;
	if (ne != NULL) {
		inode_get(v = ne->ip);
		mutex_lock(&v->lock);
		if ((r = rename_victim_ok(src, v)) < 0) {
			mutex_unlock(&v->lock);
			inode_put(v);
			kfree(e);
			return r;
		}
		drop_entry(ndir, ne, v);
		mutex_unlock(&v->lock);
	}
	dir_remove(odir, oe);
	dir_insert(ndir, e);
	mutex_lock(&src->lock);
	if (S_ISDIR(src->mode) && odir != ndir) {
		RN(src)->parent = ndir;
		odir->nlink--;
		ndir->nlink++;
	}
	src->ctime = vfs_now();
	mutex_unlock(&src->lock);
	inode_put(v);
	return 0;
}

static int
ramfs_readdir(struct file *f, struct dir_ctx *ctx)
{
	struct inode *dir = f->ip, *up;
	struct ramfs_dirent *e;
	struct list *l;

	mutex_lock(&dir->lock);
	if (ctx->pos == 0) {
		if (!ctx->emit(ctx, ".", 1, dir->ino, DT_DIR))
			goto out;
		ctx->pos = 1;
	}
	if (ctx->pos == 1) {
		up = RN(dir)->parent != NULL ? RN(dir)->parent : dir;
		if (!ctx->emit(ctx, "..", 2, up->ino, DT_DIR))
			goto out;
		ctx->pos = 2;
	}
	list_for_each(l, &RN(dir)->entries) {
		e = list_entry(l, struct ramfs_dirent, link);
		if (e->cookie < ctx->pos)
			continue;
		if (!ctx->emit(ctx, e->name, e->len, e->ip->ino,
			       dtype(e->ip->mode)))
			break;
		ctx->pos = e->cookie + 1;
	}
out:
	mutex_unlock(&dir->lock);
	return 0;
}

/* ---- symlinks and attributes (no lock held by the VFS) ---- */

static ssize_t
ramfs_readlink(struct inode *ip, char *buf, size_t n)
{
	size_t len;

	mutex_lock(&ip->lock);
	len = RN(ip)->target != NULL ? MIN(n, (size_t)ip->size) : 0;
	memcpy(buf, RN(ip)->target, len);
	mutex_unlock(&ip->lock);
	return (ssize_t)len;
}

static int
ramfs_setattr(struct inode *ip, const struct iattr *ia)
{
	int r;

	if ((ia->valid & ATTR_SIZE) && (r = ramfs_truncate(ip, ia->size)) < 0)
		return r;
	mutex_lock(&ip->lock);
	inode_set_attr(ip, ia);
	mutex_unlock(&ip->lock);
	return 0;
}

/* ---- the file system ---- */

static void
mount_opt(const char *data, const char *key, uint32_t *val, int base)
{
	const char *p = data;
	size_t n = strlen(key);
	char *end;
	long v;

	while (p != NULL && *p != '\0') {
		if (strncmp(p, key, n) == 0 && p[n] == '=') {
			v = kstrtol(p + n + 1, &end, base);
			if (end != p + n + 1 && (*end == ',' || *end == '\0') &&
			    v >= 0)
				*val = (uint32_t)v;
		}
		p = strchr(p, ',');
		p = p != NULL ? p + 1 : NULL;
	}
}

/*
 * Give sb an empty ramfs: its root directory from the mount options
 * (mode=, uid=, gid=; others ignored). 0 or -ENOMEM.
 */
int
ramfs_fill(struct super *sb, const char *data)
{
	uint32_t mode = 0755, uid = 0, gid = 0;
	struct inode *root;

	if (data != NULL) {
		mount_opt(data, "mode", &mode, 8);
		mount_opt(data, "uid", &uid, 10);
		mount_opt(data, "gid", &gid, 10);
	}
	sb->keep_inodes = true;
	if ((root = ramfs_inode_new(sb, S_IFDIR | (mode & 07777), 0)) == NULL)
		return -ENOMEM;
	root->uid = uid;
	root->gid = gid;
	RN(root)->parent = root;
	sb->root = root;
	return 0;
}

static int
ramfs_mount(struct super *sb, const char *source, const char *data)
{
	(void)source;
	return ramfs_fill(sb, data);
}

/*
 * statfs of a ramfs (and devfs): the machine's free memory is its free
 * space, so its size is what its files hold (the pages of their data,
 * as st_blocks counts them) plus that; the same for inodes.
 */
int
ramfs_statfs(struct super *sb, void *out)
{
	struct statfs_k *st = out;
	uint64_t sectors = 0, inodes = 0;
	struct list *l;

	spin_lock(&itable_lock);
	list_for_each(l, &sb->inodes) {
		sectors += READ_ONCE(list_entry(l, struct inode, link)->blocks);
		inodes++;
	}
	spin_unlock(&itable_lock);
	st->type = sb->type == &tmpfs_type ? TMPFS_MAGIC :
		   sb->type == &ramfs_type ? RAMFS_MAGIC : DEVFS_MAGIC;
	st->bsize = PAGE_SIZE;
	st->bfree = st->bavail = pmm_free_pages();
	st->blocks = sectors / (PAGE_SIZE / 512) + st->bfree;
	st->ffree = pmm_free_pages();
	st->files = inodes + st->ffree;
	st->namelen = NAME_MAX;
	return 0;
}

static const struct inode_ops ramfs_iops = {
	.lookup = ramfs_lookup,
	.create = ramfs_create,
	.link = ramfs_link,
	.unlink = ramfs_unlink,
	.rename = ramfs_rename,
	.symlink = ramfs_symlink,
	.readlink = ramfs_readlink,
	.setattr = ramfs_setattr,
	.getpage = ramfs_getpage,
	.evict = ramfs_evict,
};

static const struct file_ops ramfs_dir_fops = {
	.readdir = ramfs_readdir,
	.fsync = ramfs_fsync,
	.seekable = true,
};

const struct fs_type ramfs_type = {
	.name = "ramfs",
	.mount = ramfs_mount,
	.statfs = ramfs_statfs,
	.nodev = true,
};

const struct fs_type tmpfs_type = {
	.name = "tmpfs",
	.mount = ramfs_mount,
	.statfs = ramfs_statfs,
	.nodev = true,
};
