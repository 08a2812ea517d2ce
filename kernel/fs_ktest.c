/*
 * fs_ktest.c -- self tests of the file layer through kernel APIs: the
 * helpers of fs_ktest.h, then path walk, symlinks, rename, unlink while
 * open. More in fs_ktest2.c and fs_ktest3.c.
 */
#include "fs_ktest.h"
#include "heap.h"
#include "pmm.h"
#include "signal.h"
#include "vm.h"

/* ---- helpers ---- */

/* file_read into a kernel buffer. */
ssize_t
kt_fread(struct file *f, void *buf, size_t n)
{
	struct uio u = { (uintptr_t)buf, n, true };

	return file_read(f, &u);
}

/* file_write from a kernel buffer. */
ssize_t
kt_fwrite(struct file *f, const void *buf, size_t n)
{
	struct uio u = { (uintptr_t)buf, n, true };

	return file_write(f, &u);
}

/* Create or truncate path and write n bytes to it. */
int
kt_put(const char *path, const void *data, size_t n)
{
	struct file *f;
	ssize_t w;
	int r;

	if ((r = vfs_open(AT_FDCWD, path, O_WRONLY | O_CREAT | O_TRUNC, 0644,
			  &f)) < 0)
		return r;
	w = kt_fwrite(f, data, n);
	file_put(f);
	return w < 0 ? (int)w : w == (ssize_t)n ? 0 : -EIO;
}

/* Read up to n bytes of path. */
ssize_t
kt_get(const char *path, void *buf, size_t n)
{
	struct file *f;
	ssize_t r;

	if ((r = vfs_open(AT_FDCWD, path, O_RDONLY, 0, &f)) < 0)
		return r;
	r = kt_fread(f, buf, n);
	file_put(f);
	return r;
}

/* path_lookup from the cwd: 0 and a reference in *out, or -errno. */
int
kt_lookup(const char *path, unsigned flags, struct inode **out)
{
	struct nameidata nd;
	int r = path_lookup(AT_FDCWD, path, flags, &nd);

	*out = nd.ip;
	return r;
}

/* The mode of path (not following a final symlink), or -errno. */
long
kt_mode(const char *path)
{
	struct inode *ip = NULL;
	long r = kt_lookup(path, 0, &ip);

	if (r < 0)
		return r;
	r = ip->mode;
	inode_put(ip);
	return r;
}

/* The link count of path (not followed), or -errno. */
long
kt_nlink(const char *path)
{
	struct inode *ip = NULL;
	long r = kt_lookup(path, 0, &ip);

	if (r < 0)
		return r;
	r = ip->nlink;
	inode_put(ip);
	return r;
}

struct kt_names {
	struct dir_ctx ctx;
	char (*name)[NAME_MAX + 1];
	int n, max;
};

static bool
names_emit(struct dir_ctx *ctx, const char *name, size_t len, uint64_t ino,
	   unsigned type)
{
	struct kt_names *k = container_of(ctx, struct kt_names, ctx);

	if (name_is_dots(name, len))
		return true;
	if (k->n == k->max)
		return false;
	memcpy(k->name[k->n], name, len);
	k->name[k->n++][len] = '\0';
	return true;
}

/* Remove path and everything below it. */
int
kt_rmtree(const char *path)
{
	struct kt_names k = { { names_emit, 0 }, NULL, 0, 16 };
	char *buf;
	struct file *f;
	long mode = kt_mode(path);
	int removed = 1;

	if (mode < 0 || !S_ISDIR(mode))
		return mode < 0 ? (int)mode : vfs_unlink(AT_FDCWD, path, false);
	buf = kmalloc(PATH_MAX);
	k.name = kmalloc(sizeof(*k.name) * (size_t)k.max);
	while (buf != NULL && k.name != NULL && removed > 0 &&
	       vfs_open(AT_FDCWD, path, O_RDONLY | O_DIRECTORY, 0, &f) == 0) {
		k.n = 0;
		k.ctx.pos = 0;
		f->fop->readdir(f, &k.ctx);
		file_put(f);
		removed = 0;
		for (int i = 0; i < k.n; i++) {
			ksnprintf(buf, PATH_MAX, "%s/%s", path, k.name[i]);
			removed += kt_rmtree(buf) == 0;
		}
		if (k.n == 0)
			break;
	}
	kfree(buf);
	kfree(k.name);
	return vfs_unlink(AT_FDCWD, path, true);
}

/* A fresh scratch directory (the VFS is up since boot). */
int
kt_fs_begin(const char *dir)
{
	if (!vfs_ready())
		vfs_init();
	kt_rmtree(dir);
	return vfs_mknod(AT_FDCWD, dir, S_IFDIR | 0755, 0);
}

/* Remove the scratch directory. */
void
kt_fs_end(const char *dir)
{
	kt_rmtree(dir);
}

/* Run the calling kernel thread as a process with uid/gid (and an fd
 * table of 64, umask 022, root and cwd "/") until kt_proc_end. */
struct kt_proc *
kt_proc_begin(uint32_t uid, uint32_t gid)
{
	struct kt_proc *kp = kzalloc(sizeof(*kp));
	struct proc *p;

	if (kp == NULL)
		return NULL;
	p = &kp->p;
	kp->ut.kt = curthread();
	kp->ut.p = p;
	list_init(&kp->ut.plink);
	sigpending_init(&kp->ut.pending);
	sigpending_init(&p->shared_pending);
	spin_init(&p->lock, "kt proc");
	list_init(&p->children);
	list_init(&p->threads);
	p->cred = (struct cred){ uid, uid, uid, uid, gid, gid, gid, gid, 0,
				 { 0 } };
	p->umask = 022;
	for (int i = 0; i < RLIM_NLIMITS; i++)
		p->rlim[i] = (struct rlim){ RLIM_INFINITY, RLIM_INFINITY };
	p->rlim[RLIMIT_NOFILE] = (struct rlim){ 64, 64 };
	p->sighand = sighand_new();
	p->fds = fdtable_new(16);
	p->root = vfs_root();
	p->cwd = vfs_root();
	curthread()->proc = &kp->ut;
	return kp;
}

/* Back to a pure kernel thread; frees the stand-in process. */
void
kt_proc_end(struct kt_proc *kp)
{
	if (kp == NULL)
		return;
	curthread()->proc = NULL;
	fdtable_put(kp->p.fds);
	inode_put(kp->p.root);
	inode_put(kp->p.cwd);
	sigpending_flush(&kp->ut.pending);
	sigpending_flush(&kp->p.shared_pending);
	if (kp->p.sighand != NULL)
		sighand_put(kp->p.sighand);
	kfree(kp);
}

/* Do paths a and b (followed) name the same inode? */
bool
kt_same(const char *a, const char *b)
{
	struct inode *x, *y;
	bool r;

	if (kt_lookup(a, LOOKUP_FOLLOW, &x) < 0)
		return false;
	if (kt_lookup(b, LOOKUP_FOLLOW, &y) < 0) {
		inode_put(x);
		return false;
	}
	r = x == y;
	inode_put(x);
	inode_put(y);
	return r;
}

/* The result of looking path up, dropping what was found. */
int
kt_lookup_err(const char *path, unsigned flags)
{
	struct inode *ip;
	int r = kt_lookup(path, flags, &ip);

	if (r == 0)
		inode_put(ip);
	return r;
}

/* ---- path walk ---- */

#define P "/ktpath"

static int
path_dirfd(void)
{
	struct nameidata nd;
	struct file *f;
	int fd, ffd;

	KT_ASSERT(vfs_open(AT_FDCWD, P "/a", O_RDONLY | O_DIRECTORY, 0, &f) ==
		  0);
	KT_ASSERT((fd = fd_install(f, 0, false)) >= 0);
	KT_ASSERT(vfs_open(AT_FDCWD, P "/a/f", O_RDONLY, 0, &f) == 0);
	KT_ASSERT((ffd = fd_install(f, 0, false)) >= 0);
	KT_ASSERT(path_lookup(fd, "b/c", 0, &nd) == 0);
	KT_ASSERT(S_ISDIR(nd.ip->mode));
	nd_release(&nd);
	KT_ASSERT(path_lookup(ffd, "x", 0, &nd) == -ENOTDIR);
	KT_ASSERT(path_lookup(ffd, "", LOOKUP_EMPTY, &nd) == 0 &&
		  S_ISREG(nd.ip->mode));
	nd_release(&nd);
	KT_ASSERT(path_lookup(99, "x", 0, &nd) == -EBADF);
	KT_ASSERT(path_lookup(fd, "/" P "/a/b", 0, &nd) == 0);	/* absolute */
	nd_release(&nd);
	return 0;
}

/* Run fn as a process of uid/gid; the process goes away even on failure. */
int
kt_as_proc(uint32_t uid, uint32_t gid, int (*fn)(void))
{
	struct kt_proc *kp = kt_proc_begin(uid, gid);
	int r;

	KT_ASSERT(kp != NULL);
	r = fn();
	kt_proc_end(kp);
	return r;
}

/* ".", "..", repeated slashes, ENOTDIR, ENOENT, ENAMETOOLONG, dirfd. */
int
ktest_fs_path(void)
{
	char *buf = kmalloc(PATH_MAX + 8);
	struct nameidata nd;
	struct inode *c;
	int r;

	KT_ASSERT(buf != NULL);
	KT_ASSERT(kt_fs_begin(P) == 0);
	KT_ASSERT(vfs_mknod(AT_FDCWD, P "/a", S_IFDIR | 0755, 0) == 0);
	KT_ASSERT(vfs_mknod(AT_FDCWD, P "/a/b", S_IFDIR | 0755, 0) == 0);
	KT_ASSERT(vfs_mknod(AT_FDCWD, P "/a/b/c", S_IFDIR | 0755, 0) == 0);
	KT_ASSERT(kt_put(P "/a/f", "x", 1) == 0);
	KT_ASSERT(kt_same(P "/a/b/../b/./c", P "/a/b/c"));
	KT_ASSERT(kt_same("//ktpath///a//b/", P "/a/b"));
	KT_ASSERT(kt_same("/../../ktpath/a/..", P));
	KT_ASSERT(kt_same(P "/a/b/c/../../..", P));
	KT_ASSERT(kt_lookup_err(P "/a/f/x", 0) == -ENOTDIR);
	KT_ASSERT(kt_lookup_err(P "/a/f/", 0) == -ENOTDIR);
	KT_ASSERT(kt_lookup_err(P "/a/f/..", 0) == -ENOTDIR);
	KT_ASSERT(kt_lookup_err(P "/a/nope", 0) == -ENOENT);
	KT_ASSERT(kt_lookup_err(P "/a/nope/x", 0) == -ENOENT);
	KT_ASSERT(kt_lookup_err(P "/a/f", LOOKUP_DIRECTORY) == -ENOTDIR);
	KT_ASSERT(kt_lookup_err("", 0) == -ENOENT);
	memset(buf, 'n', 300);
	memcpy(buf, P "/", 8);
	buf[8 + 256] = '\0';			/* a 256-byte name */
	KT_ASSERT(kt_lookup_err(buf, 0) == -ENAMETOOLONG);
	buf[8 + 255] = '\0';			/* 255 is allowed */
	KT_ASSERT(kt_lookup_err(buf, 0) == -ENOENT);
	memset(buf, '/', PATH_MAX);
	buf[PATH_MAX] = '\0';
	KT_ASSERT(kt_lookup_err(buf, 0) == -ENAMETOOLONG);
	buf[PATH_MAX - 1] = '\0';
	KT_ASSERT(kt_lookup_err(buf, 0) == 0);	/* 4095 slashes: "/" */
	KT_ASSERT(path_lookup(AT_FDCWD, P "/a/b/new/", LOOKUP_PARENT, &nd) ==
		  0);
	KT_ASSERT(strcmp(nd.last, "new") == 0 && nd.slash && nd.ip == NULL);
	KT_ASSERT(kt_lookup(P "/a/b", 0, &c) == 0 && nd.parent == c);
	inode_put(c);
	nd_release(&nd);
	KT_ASSERT(kt_lookup(P "/a/b/c", 0, &c) == 0);
	r = path_of_inode(c, buf, PATH_MAX);
	KT_ASSERT_MSG(r == 14 && strcmp(buf, P "/a/b/c") == 0, "%d %s", r, buf);
	KT_ASSERT(path_of_inode(c, buf, 10) == -ERANGE);
	inode_put(c);
	KT_ASSERT(kt_as_proc(0, 0, path_dirfd) == 0);
	kt_fs_end(P);
	KT_ASSERT(kt_lookup_err(P, 0) == -ENOENT);
	kfree(buf);
	return 0;
}

#undef P

/* ---- symbolic links ---- */

#define S "/ktsym"

static int
symlink_chain(void)
{
	char name[32], target[32];
	struct file *f;

	KT_ASSERT(vfs_symlink("file", AT_FDCWD, S "/c0") == 0);
	for (int i = 1; i <= 40; i++) {
		ksnprintf(name, sizeof(name), S "/c%d", i);
		ksnprintf(target, sizeof(target), "c%d", i - 1);
		KT_ASSERT(vfs_symlink(target, AT_FDCWD, name) == 0);
	}
	KT_ASSERT(kt_lookup_err(S "/c39", LOOKUP_FOLLOW) == 0);	/* 40 links */
	KT_ASSERT(kt_lookup_err(S "/c40", LOOKUP_FOLLOW) == -ELOOP);	/* 41 */
	KT_ASSERT(vfs_open(AT_FDCWD, S "/c40", O_RDONLY, 0, &f) == -ELOOP);
	return 0;
}

/* Relative and absolute links, dangling ones, loops, SYMLOOP_MAX. */
int
ktest_fs_symlink(void)
{
	char buf[16];
	struct inode *ip;
	struct file *f;

	KT_ASSERT(kt_fs_begin(S) == 0);
	KT_ASSERT(kt_put(S "/file", "data", 4) == 0);
	KT_ASSERT(vfs_mknod(AT_FDCWD, S "/dir", S_IFDIR | 0755, 0) == 0);
	KT_ASSERT(kt_put(S "/dir/inner", "in", 2) == 0);
	KT_ASSERT(vfs_symlink("file", AT_FDCWD, S "/rel") == 0);
	KT_ASSERT(vfs_symlink(S "/dir", AT_FDCWD, S "/abs") == 0);
	KT_ASSERT(vfs_symlink("../file", AT_FDCWD, S "/dir/up") == 0);
	KT_ASSERT(vfs_symlink("rel", AT_FDCWD, S "/rel") == -EEXIST);
	KT_ASSERT(vfs_symlink("", AT_FDCWD, S "/empty") == -ENOENT);
	KT_ASSERT(kt_get(S "/rel", buf, sizeof(buf)) == 4 &&
		  memcmp(buf, "data", 4) == 0);
	KT_ASSERT(kt_get(S "/abs/inner", buf, sizeof(buf)) == 2);
	KT_ASSERT(kt_get(S "/dir/up", buf, sizeof(buf)) == 4);
	KT_ASSERT(kt_same(S "/abs/", S "/dir"));
	KT_ASSERT(kt_lookup(S "/rel", 0, &ip) == 0 && S_ISLNK(ip->mode));
	inode_put(ip);
	KT_ASSERT(vfs_readlink(AT_FDCWD, S "/rel", buf, sizeof(buf)) == 4);
	KT_ASSERT(vfs_readlink(AT_FDCWD, S "/file", buf, sizeof(buf)) ==
		  -EINVAL);
	KT_ASSERT(vfs_symlink("nope", AT_FDCWD, S "/dang") == 0);
	KT_ASSERT(kt_lookup_err(S "/dang", LOOKUP_FOLLOW) == -ENOENT);
	KT_ASSERT(kt_lookup_err(S "/dang", 0) == 0);
	KT_ASSERT(vfs_symlink("loop2", AT_FDCWD, S "/loop1") == 0);
	KT_ASSERT(vfs_symlink("loop1", AT_FDCWD, S "/loop2") == 0);
	KT_ASSERT(vfs_symlink("self", AT_FDCWD, S "/self") == 0);
	KT_ASSERT(kt_lookup_err(S "/loop1", LOOKUP_FOLLOW) == -ELOOP);
	KT_ASSERT(kt_lookup_err(S "/loop1/x", 0) == -ELOOP);
	KT_ASSERT(kt_lookup_err(S "/self", LOOKUP_FOLLOW) == -ELOOP);
	KT_ASSERT(vfs_open(AT_FDCWD, S "/rel", O_RDONLY | O_NOFOLLOW, 0, &f) ==
		  -ELOOP);
	KT_ASSERT(vfs_open(AT_FDCWD, S "/rel", O_PATH | O_NOFOLLOW, 0, &f) ==
		  0);
	KT_ASSERT(S_ISLNK(f->ip->mode) && kt_fread(f, buf, 1) == -EBADF);
	file_put(f);
	KT_ASSERT(symlink_chain() == 0);
	kt_fs_end(S);
	return 0;
}

#undef S

/* ---- rename ---- */

#define R "/ktren"

static int
rename_dirs(void)
{
	long n0;

	KT_ASSERT(vfs_mknod(AT_FDCWD, R "/d1", S_IFDIR | 0755, 0) == 0);
	KT_ASSERT(vfs_mknod(AT_FDCWD, R "/d2", S_IFDIR | 0755, 0) == 0);
	KT_ASSERT(vfs_mknod(AT_FDCWD, R "/d3", S_IFDIR | 0755, 0) == 0);
	KT_ASSERT(vfs_mknod(AT_FDCWD, R "/d3/x", S_IFDIR | 0755, 0) == 0);
	n0 = kt_nlink(R);
	KT_ASSERT(vfs_rename(AT_FDCWD, R "/d1", AT_FDCWD, R "/d2", 0) == 0);
	KT_ASSERT(kt_mode(R "/d1") == -ENOENT && kt_nlink(R) == n0 - 1);
	KT_ASSERT(vfs_rename(AT_FDCWD, R "/d2", AT_FDCWD, R "/d3", 0) ==
		  -ENOTEMPTY);
	KT_ASSERT(vfs_rename(AT_FDCWD, R "/d2", AT_FDCWD, R "/d2/in", 0) ==
		  -EINVAL);
	KT_ASSERT(vfs_rename(AT_FDCWD, R "/d3", AT_FDCWD, R "/d3/x/y", 0) ==
		  -EINVAL);
	KT_ASSERT(vfs_rename(AT_FDCWD, R "/d3/x", AT_FDCWD, R "/d3", 0) ==
		  -ENOTEMPTY);
	KT_ASSERT(vfs_rename(AT_FDCWD, R "/b", AT_FDCWD, R "/d3", 0) ==
		  -EISDIR);
	KT_ASSERT(vfs_rename(AT_FDCWD, R "/d2", AT_FDCWD, R "/b", 0) ==
		  -ENOTDIR);
	KT_ASSERT(vfs_rename(AT_FDCWD, R "/b/", AT_FDCWD, R "/c", 0) ==
		  -ENOTDIR);
	KT_ASSERT(vfs_rename(AT_FDCWD, R "/.", AT_FDCWD, R "/c", 0) == -EBUSY);
	/* a directory across directories: both link counts and ".." follow */
	KT_ASSERT(vfs_rename(AT_FDCWD, R "/d2", AT_FDCWD, R "/d3/x/d2", 0) ==
		  0);
	KT_ASSERT(kt_nlink(R) == n0 - 2 && kt_nlink(R "/d3/x") == 3);
	KT_ASSERT(kt_same(R "/d3/x/d2/..", R "/d3/x"));
	return 0;
}

/* The POSIX rules of rename: replacing, EISDIR/ENOTDIR, ENOTEMPTY,
 * EINVAL into itself, across directories, NOREPLACE, hard links. */
int
ktest_fs_rename(void)
{
	char buf[8];

	KT_ASSERT(kt_fs_begin(R) == 0);
	KT_ASSERT(kt_put(R "/a", "A", 1) == 0);
	KT_ASSERT(kt_put(R "/b", "B", 1) == 0);
	KT_ASSERT(vfs_rename(AT_FDCWD, R "/a", AT_FDCWD, R "/b", 0) == 0);
	KT_ASSERT(kt_get(R "/b", buf, 8) == 1 && buf[0] == 'A');
	KT_ASSERT(kt_mode(R "/a") == -ENOENT);
	KT_ASSERT(vfs_rename(AT_FDCWD, R "/a", AT_FDCWD, R "/z", 0) == -ENOENT);
	KT_ASSERT(rename_dirs() == 0);
	KT_ASSERT(vfs_rename(AT_FDCWD, R "/b", AT_FDCWD, R "/d3/moved", 0) ==
		  0);
	KT_ASSERT(kt_get(R "/d3/moved", buf, 8) == 1 && buf[0] == 'A');
	KT_ASSERT(vfs_rename(AT_FDCWD, R "/d3/moved", AT_FDCWD, R "/d3/x",
			     RENAME_NOREPLACE) == -EEXIST);
	KT_ASSERT(vfs_rename(AT_FDCWD, R "/d3/moved", AT_FDCWD, R "/d3/moved",
			     0) == 0);
	KT_ASSERT(vfs_link(AT_FDCWD, R "/d3/moved", AT_FDCWD, R "/d3/m2", 0) ==
		  0);
	KT_ASSERT(vfs_rename(AT_FDCWD, R "/d3/moved", AT_FDCWD, R "/d3/m2",
			     0) == 0);
	KT_ASSERT(kt_nlink(R "/d3/moved") == 2 && kt_nlink(R "/d3/m2") == 2);
	KT_ASSERT(vfs_rename(AT_FDCWD, R "/d3/m2", AT_FDCWD, R "/d3/m3", 2) ==
		  -EINVAL);
	kt_fs_end(R);
	return 0;
}

#undef R

/* ---- unlink ---- */

#define U "/ktunl"

/* Data of an unlinked file stay readable and writable while it is open. */
int
ktest_fs_unlink_open(void)
{
	char buf[32];
	struct file *f, *d;
	struct inode *ip;

	KT_ASSERT(kt_fs_begin(U) == 0);
	KT_ASSERT(kt_put(U "/f", "hello world", 11) == 0);
	KT_ASSERT(vfs_open(AT_FDCWD, U "/f", O_RDWR, 0, &f) == 0);
	KT_ASSERT(vfs_unlink(AT_FDCWD, U "/f", false) == 0);
	KT_ASSERT(kt_mode(U "/f") == -ENOENT && f->ip->nlink == 0);
	KT_ASSERT(kt_fread(f, buf, sizeof(buf)) == 11 &&
		  memcmp(buf, "hello world", 11) == 0);
	KT_ASSERT(kt_fwrite(f, "!", 1) == 1 && f->ip->size == 12);
	KT_ASSERT(kernel_read(f, buf, sizeof(buf), 6) == 6 &&
		  memcmp(buf, "world!", 6) == 0);
	file_put(f); /* frees it: the runner checks */
	KT_ASSERT(vfs_mknod(AT_FDCWD, U "/d", S_IFDIR | 0755, 0) == 0);
	KT_ASSERT(kt_put(U "/d/x", "", 0) == 0);
	KT_ASSERT(vfs_unlink(AT_FDCWD, U "/d", true) == -ENOTEMPTY);
	KT_ASSERT(vfs_unlink(AT_FDCWD, U "/d", false) == -EISDIR);
	KT_ASSERT(vfs_unlink(AT_FDCWD, U "/d/x", true) == -ENOTDIR);
	KT_ASSERT(vfs_unlink(AT_FDCWD, U "/d/x/", false) == -ENOTDIR);
	KT_ASSERT(vfs_unlink(AT_FDCWD, U "/d/.", true) == -EINVAL);
	KT_ASSERT(vfs_unlink(AT_FDCWD, U "/d/..", true) == -ENOTEMPTY);
	KT_ASSERT(vfs_unlink(AT_FDCWD, U "/d/nope", false) == -ENOENT);
	KT_ASSERT(vfs_unlink(AT_FDCWD, U "/d/x", false) == 0);
	/* a removed directory that is still open takes no new entries */
	KT_ASSERT(vfs_open(AT_FDCWD, U "/d", O_RDONLY | O_DIRECTORY, 0, &d) ==
		  0);
	KT_ASSERT(vfs_unlink(AT_FDCWD, U "/d/", true) == 0);
	KT_ASSERT(d->ip->nlink == 0);
	mutex_lock(&d->ip->lock);
	KT_ASSERT(d->ip->iop->create(d->ip, "y", 1, S_IFREG | 0644, 0, &ip) ==
		  -ENOENT);
	mutex_unlock(&d->ip->lock);
	file_put(d);
	kt_fs_end(U);
	return 0;
}

#undef U
