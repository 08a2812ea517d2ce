/*
 * namei.c -- path walk: from the root, the working directory or a
 * directory descriptor, through ".", "..", mount points (both ways) and
 * symbolic links, checking search permission on every directory.
 */
#include "fs_local.h"
#include "heap.h"
#include "uaccess.h"

/* What is left of a walk: the current directory and the unwalked path. */
struct walk {
	struct inode *root;	/* the walker's root: ".." stops here */
	struct inode *cur;	/* a reference */
	char *path;		/* PATH_MAX bytes: the rest of the path */
	char *spare;		/* PATH_MAX bytes: where a link's text goes */
	int links;		/* symbolic links followed so far */
};

static struct inode *
proc_inode(struct inode **slot)
{
	struct inode *ip;

	spin_lock(&itable_lock);
	if ((ip = *slot) != NULL)
		ip->refs++;
	spin_unlock(&itable_lock);
	return ip;
}

/* The caller's root directory: a new reference (NULL before vfs_init). */
static struct inode *
cur_root(void)
{
	struct proc *p = curproc();
	struct inode *ip = p != NULL ? proc_inode(&p->root) : NULL;

	if (ip == NULL && (ip = vfs_root()) != NULL)
		ip = inode_follow_mounts(ip);
	return ip;
}

/* The caller's working directory: a new reference (NULL before init). */
struct inode *
cur_cwd(void)
{
	struct proc *p = curproc();
	struct inode *ip = p != NULL ? proc_inode(&p->cwd) : NULL;

	return ip != NULL ? ip : cur_root();
}

/* True for "." and "..". */
bool
name_is_dots(const char *name, size_t len)
{
	return (len == 1 && name[0] == '.') ||
	       (len == 2 && name[0] == '.' && name[1] == '.');
}

/* Look name up in dir (taking dir->lock): 0 and a reference in *out. */
int
dir_lookup(struct inode *dir, const char *name, size_t len, struct inode **out)
{
	int r;

	if (!S_ISDIR(dir->mode) || dir->iop == NULL || dir->iop->lookup == NULL)
		return -ENOTDIR;
	mutex_lock(&dir->lock);
	r = dir->iop->lookup(dir, name, len, out);
	mutex_unlock(&dir->lock);
	return r;
}

/* "..": stops at the walker's root, climbs out of mounted file systems. */
static int
step_up(struct inode *root, struct inode *cur, struct inode **out)
{
	struct inode *x = cur, *c;
	int r;

	inode_get(x);
	for (;;) {
		if (x == root) {
			*out = x;
			return 0;
		}
		spin_lock(&itable_lock);
		if ((c = x == x->sb->root ? x->covered : NULL) != NULL)
			c->refs++;
		spin_unlock(&itable_lock);
		if (c == NULL)
			break;
		inode_put(x);
		x = c;
	}
	r = dir_lookup(x, "..", 2, out);
	inode_put(x);
	return r;
}

/* One component from cur: a new reference in *out, past any mounts. */
static int
step(struct inode *root, struct inode *cur, const char *name, size_t len,
     struct inode **out)
{
	struct inode *x;
	int r;

	if (len == 2 && name[0] == '.' && name[1] == '.')
		return step_up(root, cur, out);
	if ((r = dir_lookup(cur, name, len, &x)) < 0)
		return r;
	*out = inode_follow_mounts(x);
	return 0;
}

/* Replace the walked part by link's text: the walk goes on from there. */
static int
follow_link(struct walk *w, struct inode *link, const char *rest)
{
	size_t rl = strlen(rest);
	ssize_t n;
	char *t;

	if (++w->links > SYMLOOP_MAX)
		return -ELOOP;
	if (link->iop == NULL || link->iop->readlink == NULL)
		return -EINVAL;
	if ((n = link->iop->readlink(link, w->spare, PATH_MAX)) < 0)
		return (int)n;
	if (n == 0)
		return -ENOENT;
	if ((size_t)n + rl >= PATH_MAX)
		return -ENAMETOOLONG;
	memcpy(w->spare + n, rest, rl + 1);
	t = w->path;
	w->path = w->spare;
	w->spare = t;
	if (w->path[0] == '/') {
		inode_put(w->cur);
		inode_get(w->root);
		w->cur = w->root;
	}
	return 0;
}

static void
set_last(struct nameidata *nd, struct walk *w, const char *name, size_t len,
	 bool slash)
{
	nd->parent = w->cur;
	w->cur = NULL;
	memcpy(nd->last, name, len);
	nd->last[len] = '\0';
	nd->last_len = len;
	nd->slash = slash;
}

static int
walk(struct walk *w, unsigned flags, struct nameidata *nd)
{
	bool want_dir = (flags & LOOKUP_DIRECTORY) != 0, last, slash;
	const char *p = w->path, *name, *q;
	struct inode *next;
	size_t len;
	int r;

	for (;;) {
		while (*p == '/')
			p++;
		if (*p == '\0')
			break;
		for (name = p; *p != '\0' && *p != '/'; p++)
			;
		len = (size_t)(p - name);
		slash = *p == '/';
		for (q = p; *q == '/'; q++)
			;
		last = *q == '\0';
		if (len > NAME_MAX)
			return -ENAMETOOLONG;
		if (!S_ISDIR(w->cur->mode))
			return -ENOTDIR;
		if ((r = inode_permission(w->cur, X_OK)) < 0)
			return r;
		if (last && (flags & LOOKUP_PARENT)) {
			set_last(nd, w, name, len, slash);
			return 0;
		}
		if (len == 1 && name[0] == '.')
			continue;
		if ((r = step(w->root, w->cur, name, len, &next)) < 0)
			return r;
		if (S_ISLNK(next->mode) &&
		    (!last || slash || (flags & LOOKUP_FOLLOW))) {
			r = follow_link(w, next, p);
			inode_put(next);
			if (r < 0)
				return r;
			p = w->path;
			continue;
		}
		inode_put(w->cur);
		w->cur = next;
		if (last && slash)
			want_dir = true;
	}
	if (flags & LOOKUP_PARENT) {		/* nothing but slashes: "/" */
		set_last(nd, w, ".", 1, true);
		return 0;
	}
	if (want_dir && !S_ISDIR(w->cur->mode))
		return -ENOTDIR;
	nd->ip = w->cur;
	w->cur = NULL;
	return 0;
}

/* The directory of dirfd (or any file with `any`): a new reference. */
static int
dirfd_inode(int dirfd, bool any, struct inode **out)
{
	struct file *f;
	int r = 0;

	if (dirfd == AT_FDCWD)
		return (*out = cur_cwd()) != NULL ? 0 : -ENOENT;
	if ((f = fd_get(dirfd)) == NULL)
		return -EBADF;
	if (f->ip == NULL || (!any && !S_ISDIR(f->ip->mode)))
		r = -ENOTDIR;
	else
		inode_get(*out = f->ip);
	file_put(f);
	return r;
}

/*
 * Walk path (a kernel string) from dirfd (AT_FDCWD: the working
 * directory) or from the root if it is absolute, with LOOKUP_* flags.
 * Fills nd: ip, or parent and last with LOOKUP_PARENT (references that
 * nd_release drops). 0 or -ENOENT, -ENOTDIR, -EACCES, -ELOOP,
 * -ENAMETOOLONG, -EBADF, -ENOMEM. Takes directory locks one at a time;
 * may sleep.
 */
int
path_lookup(int dirfd, const char *path, unsigned flags, struct nameidata *nd)
{
	size_t len = strnlen(path, PATH_MAX);
	struct walk w = { NULL, NULL, NULL, NULL, 0 };
	int r;

	memset(nd, 0, sizeof(*nd));
	if (len >= PATH_MAX)
		return -ENAMETOOLONG;
	if (len == 0 && !(flags & LOOKUP_EMPTY))
		return -ENOENT;
	if ((w.root = cur_root()) == NULL)
		return -ENOENT;
	if (path[0] == '/')
		inode_get(w.cur = w.root);
	else if ((r = dirfd_inode(dirfd, len == 0, &w.cur)) < 0)
		goto out;
	if (len == 0) {
		if ((flags & LOOKUP_DIRECTORY) && !S_ISDIR(w.cur->mode))
			r = -ENOTDIR;
		else if (flags & LOOKUP_PARENT)
			r = -ENOENT;
		else {
			nd->ip = w.cur;
			w.cur = NULL;
			r = 0;
		}
		goto out;
	}
	w.path = kmalloc(PATH_MAX);
	w.spare = kmalloc(PATH_MAX);
	if (w.path == NULL || w.spare == NULL) {
		r = -ENOMEM;
	} else {
		memcpy(w.path, path, len + 1);
		r = walk(&w, flags, nd);
	}
	kfree(w.path);
	kfree(w.spare);
out:
	inode_put(w.cur);
	inode_put(w.root);
	if (r < 0)
		nd_release(nd);
	return r;
}

/* path_lookup of a user-space string. Also -EFAULT. May sleep. */
int
user_path(int dirfd, uintptr_t upath, unsigned flags, struct nameidata *nd)
{
	char *buf = kmalloc(PATH_MAX);
	long n;
	int r;

	memset(nd, 0, sizeof(*nd));
	if (buf == NULL)
		return -ENOMEM;
	n = strncpy_from_user(buf, upath, PATH_MAX);
	r = n < 0 ? (int)n : path_lookup(dirfd, buf, flags, nd);
	kfree(buf);
	return r;
}

/* Drop the references a lookup left in nd. */
void
nd_release(struct nameidata *nd)
{
	inode_put(nd->ip);
	inode_put(nd->parent);
	nd->ip = nd->parent = NULL;
}

/* ---- the path of a directory (getcwd) ---- */

struct name_search {
	struct dir_ctx ctx;
	uint64_t ino;
	char *name;		/* NAME_MAX + 1 bytes */
	bool found;
};

static bool
name_emit(struct dir_ctx *ctx, const char *name, size_t len, uint64_t ino,
	  unsigned type)
{
	struct name_search *s = container_of(ctx, struct name_search, ctx);

	(void)type;
	if (ino != s->ino || name_is_dots(name, len) || len > NAME_MAX)
		return true;
	memcpy(s->name, name, len);
	s->name[len] = '\0';
	s->found = true;
	return false;		/* stop here */
}

/* The name under which dir lists inode number ino. */
static int
find_name(struct inode *dir, uint64_t ino, char *name)
{
	struct name_search s = { { name_emit, 0 }, ino, name, false };
	struct file *f;
	int r;

	if (dir->fop == NULL || dir->fop->readdir == NULL)
		return -ENOTDIR;
	if ((f = file_new(dir, O_RDONLY, dir->fop)) == NULL)
		return -ENOMEM;
	r = dir->fop->readdir(f, &s.ctx);
	file_put(f);
	if (r < 0)
		return r;
	return s.found ? 0 : -ENOENT;
}

/* Out of mounted file systems, not above root. Consumes x's reference. */
static struct inode *
climb_mounts(struct inode *x, struct inode *root)
{
	struct inode *c;

	for (;;) {
		if (x == root)
			return x;
		spin_lock(&itable_lock);
		if ((c = x == x->sb->root ? x->covered : NULL) != NULL)
			c->refs++;
		spin_unlock(&itable_lock);
		if (c == NULL)
			return x;
		inode_put(x);
		x = c;
	}
}

static int
prepend(char *buf, size_t *pos, const char *name)
{
	size_t n = strlen(name);

	if (n + 1 > *pos)
		return -ERANGE;
	*pos -= n;
	memcpy(buf + *pos, name, n);
	buf[--*pos] = '/';
	return 0;
}

/*
 * The absolute path of directory ip, as seen from the caller's root, in
 * buf (size bytes). Returns its length with the NUL, -ERANGE if it does
 * not fit, -ENOENT if ip was removed. May sleep.
 */
int
path_of_inode(struct inode *ip, char *buf, size_t size)
{
	struct inode *root = cur_root(), *x = ip, *up;
	char *name = kmalloc(NAME_MAX + 1);
	size_t pos = size;
	int r = 0;

	if (root == NULL || name == NULL || size == 0) {
		r = size == 0 ? -ERANGE : root == NULL ? -ENOENT : -ENOMEM;
		goto out;
	}
	buf[--pos] = '\0';
	inode_get(x);
	for (;;) {
		if ((x = climb_mounts(x, root)) == root || x == x->sb->root)
			break;
		if (x->nlink == 0) {
			r = -ENOENT;
			break;
		}
		if ((r = dir_lookup(x, "..", 2, &up)) < 0)
			break;
		r = find_name(up, x->ino, name);
		inode_put(x);
		x = up;
		if (r < 0 || (r = prepend(buf, &pos, name)) < 0)
			break;
	}
	inode_put(x);
	if (r == 0 && buf[pos] == '\0')
		r = pos == 0 ? -ERANGE : (buf[--pos] = '/', 0);
	if (r == 0) {
		memmove(buf, buf + pos, size - pos);
		r = (int)(size - pos);
	}
out:
	inode_put(root);
	kfree(name);
	return r;
}
