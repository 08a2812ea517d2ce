/*
 * fs_ktest2.c -- self tests of the file layer: sparse files, open flags,
 * permissions, hard links and readdir, descriptor tables.
 */
#include "fs_ktest.h"
#include "heap.h"
#include "pmm.h"
#include "vm.h"

/* ---- sparse files ---- */

#define SP "/ktsparse/s"

static int
write_at(struct file *f, uint64_t off, const void *buf, size_t n)
{
	f->pos = off;
	return kt_fwrite(f, buf, n) == (ssize_t)n ? 0 : -1;
}

/* Holes read as zeros, use no pages, and truncate zeroes the tail. */
int
ktest_fs_sparse(void)
{
	char *buf = kmalloc(PAGE_SIZE);
	struct file *f;
	paddr_t pa;
	bool zero = true;

	KT_ASSERT(buf != NULL);
	KT_ASSERT(kt_fs_begin("/ktsparse") == 0);
	KT_ASSERT(vfs_open(AT_FDCWD, SP, O_RDWR | O_CREAT, 0644, &f) == 0);
	KT_ASSERT(write_at(f, (1 << 20) + 100, "end", 3) == 0);
	KT_ASSERT(f->ip->size == (1 << 20) + 103 && f->ip->blocks == 8);
	KT_ASSERT(kernel_read(f, buf, PAGE_SIZE, 4096) == PAGE_SIZE);
	for (int i = 0; i < PAGE_SIZE; i++)
		zero &= buf[i] == 0;
	KT_ASSERT(zero);
	KT_ASSERT(kernel_read(f, buf, 10, (1 << 20) + 100) == 3 &&
		  memcmp(buf, "end", 3) == 0);
	KT_ASSERT(write_at(f, 0, "0123456789abcdef", 16) == 0 &&
		  f->ip->blocks == 16);
	KT_ASSERT(vfs_truncate(f->ip, 5) == 0);
	KT_ASSERT(f->ip->size == 5 && f->ip->blocks == 8);
	KT_ASSERT(kernel_read(f, buf, 100, 0) == 5);
	KT_ASSERT(vfs_truncate(f->ip, 10000) == 0);
	KT_ASSERT(kernel_read(f, buf, 100, 0) == 100 &&
		  memcmp(buf, "01234", 5) == 0);
	for (int i = 5; i < 100; i++)
		zero &= buf[i] == 0;
	KT_ASSERT_MSG(zero, "bytes past a truncation are not zero");
	KT_ASSERT(f->ip->iop->getpage(f->ip, 0, false, &pa) == 0);
	KT_ASSERT(memcmp(hal_p2v(pa), "01234", 5) == 0);
	page_unref(pa);
	KT_ASSERT(f->ip->iop->getpage(f->ip, 100, false, &pa) == -ENXIO);
	KT_ASSERT(write_at(f, 100ull << 30, "x", 1) == 0);	/* 100 GiB */
	KT_ASSERT(f->ip->size == (100ull << 30) + 1 && f->ip->blocks == 16);
	f->pos = 512ull << 30;
	KT_ASSERT(kt_fwrite(f, "x", 1) == -EFBIG);
	KT_ASSERT(vfs_truncate(f->ip, 0) == 0 && f->ip->blocks == 0);
	file_put(f);
	kt_fs_end("/ktsparse");
	kfree(buf);
	return 0;
}

#undef SP

/* ---- open flags ---- */

#define O "/ktopen"

static int
open_more(void)
{
	struct file *f;
	char buf[8];

	KT_ASSERT(vfs_open(AT_FDCWD, O "/n", O_RDONLY | O_DIRECTORY, 0, &f) ==
		  -ENOTDIR);
	KT_ASSERT(vfs_open(AT_FDCWD, O, O_WRONLY, 0, &f) == -EISDIR);
	KT_ASSERT(vfs_open(AT_FDCWD, O, O_RDONLY, 0, &f) == 0);
	KT_ASSERT(kt_fread(f, buf, 1) == -EISDIR);
	file_put(f);
	KT_ASSERT(vfs_open(AT_FDCWD, O "/n", O_PATH, 0, &f) == 0);
	KT_ASSERT(kt_fread(f, buf, 1) == -EBADF &&
		  kt_fwrite(f, buf, 1) == -EBADF);
	file_put(f);
	KT_ASSERT(vfs_open(AT_FDCWD, O "/n", O_RDONLY, 0, &f) == 0);
	KT_ASSERT(kt_fwrite(f, buf, 1) == -EBADF);
	file_put(f);
	KT_ASSERT(vfs_open(AT_FDCWD, O "/y", O_CREAT | O_DIRECTORY, 0, &f) ==
		  -EINVAL);
	KT_ASSERT(vfs_open(AT_FDCWD, O "/y/", O_CREAT | O_WRONLY, 0644, &f) ==
		  -EISDIR);
	KT_ASSERT(vfs_open(AT_FDCWD, O "/y", O_RDWR | O_TMPFILE_BIT, 0644,
			   &f) == -EOPNOTSUPP);
	KT_ASSERT(vfs_open(AT_FDCWD, O "/n", O_ACCMODE, 0, &f) == -EINVAL);
	return 0;
}

/* O_CREAT with umask, O_EXCL (also on a symlink), O_TRUNC, O_APPEND,
 * O_DIRECTORY, O_PATH, and the path recorded for /proc. */
static int
open_flags(void)
{
	struct proc *p = curproc();
	struct file *f, *g;
	char buf[16];

	KT_ASSERT(vfs_open(AT_FDCWD, O "/n", O_CREAT | O_EXCL | O_WRONLY, 0666,
			   &f) == 0);
	KT_ASSERT((f->ip->mode & 07777) == 0644);
	file_put(f);
	KT_ASSERT(vfs_open(AT_FDCWD, O "/n", O_CREAT | O_EXCL | O_WRONLY, 0666,
			   &f) == -EEXIST);
	KT_ASSERT(vfs_symlink("n", AT_FDCWD, O "/l") == 0);
	KT_ASSERT(vfs_open(AT_FDCWD, O "/l", O_CREAT | O_EXCL | O_WRONLY, 0666,
			   &f) == -EEXIST);
	KT_ASSERT(vfs_open(AT_FDCWD, O "/l", O_CREAT | O_WRONLY, 0666, &f) ==
		  0);
	KT_ASSERT(S_ISREG(f->ip->mode));
	file_put(f);
	KT_ASSERT(kt_put(O "/n", "abcdef", 6) == 0);
	KT_ASSERT(vfs_open(AT_FDCWD, O "/n", O_WRONLY | O_TRUNC, 0, &f) == 0);
	KT_ASSERT(f->ip->size == 0 && kt_fwrite(f, "12", 2) == 2);
	KT_ASSERT(vfs_open(AT_FDCWD, O "/n", O_WRONLY | O_APPEND, 0, &g) == 0);
	KT_ASSERT(kt_fwrite(g, "34", 2) == 2 && g->pos == 4);
	f->pos = 0;
	KT_ASSERT(kt_fwrite(f, "x", 1) == 1);
	KT_ASSERT(kt_fwrite(g, "5", 1) == 1 && g->pos == 5);
	KT_ASSERT(kt_get(O "/n", buf, sizeof(buf)) == 5 &&
		  memcmp(buf, "x2345", 5) == 0);
	file_put(f);
	file_put(g);
	KT_ASSERT(open_more() == 0);
	inode_put(p->cwd);
	KT_ASSERT(kt_lookup(O, 0, &p->cwd) == 0);
	KT_ASSERT(vfs_open(AT_FDCWD, "n", O_RDONLY, 0, &f) == 0);
	KT_ASSERT_MSG(strcmp(f->path, O "/n") == 0, "path %s", f->path);
	file_put(f);
	return 0;
}

/* The open flags, as a root process with umask 022. */
int
ktest_fs_open_flags(void)
{
	KT_ASSERT(kt_fs_begin(O) == 0);
	KT_ASSERT(kt_as_proc(0, 0, open_flags) == 0);
	kt_fs_end(O);
	return 0;
}

#undef O

/* ---- permissions ---- */

#define PM "/ktperm"

static int
perm_matrix(void)
{
	struct cred c = {
		1000, 1000, 1000, 1000, 100, 100, 100, 100, 1, { 300 }
	};
	struct inode *ip;

	KT_ASSERT(kt_lookup(PM "/g", 0, &ip) == 0);
	ip->mode = S_IFREG | 0640;
	ip->uid = 0;
	ip->gid = 100;
	KT_ASSERT(inode_permission_cred(ip, R_OK, &c) == 0);
	KT_ASSERT(inode_permission_cred(ip, W_OK, &c) == -EACCES);
	ip->gid = 300;				/* a supplementary group */
	KT_ASSERT(inode_permission_cred(ip, R_OK, &c) == 0);
	ip->gid = 200;
	KT_ASSERT(inode_permission_cred(ip, R_OK, &c) == -EACCES);
	ip->uid = 1000;
	ip->mode = S_IFREG | 0460;		/* the owner's bits rule */
	KT_ASSERT(inode_permission_cred(ip, W_OK, &c) == -EACCES);
	KT_ASSERT(inode_permission_cred(ip, R_OK, &c) == 0);
	c.fsuid = 0;				/* root: all but exec */
	KT_ASSERT(inode_permission_cred(ip, R_OK | W_OK, &c) == 0);
	KT_ASSERT(inode_permission_cred(ip, X_OK, &c) == -EACCES);
	ip->mode = S_IFREG | 0010;
	KT_ASSERT(inode_permission_cred(ip, X_OK, &c) == 0);
	inode_put(ip);
	return 0;
}

/* As uid 1000: search denial, open denial, sticky /tmp, chmod, chown. */
static int
perm_user(void)
{
	struct inode *ip;
	struct file *f;
	long mode;

	KT_ASSERT(kt_lookup_err(PM "/priv/f", 0) == -EACCES);
	KT_ASSERT(vfs_open(AT_FDCWD, PM "/pub/r", O_WRONLY, 0, &f) == -EACCES);
	KT_ASSERT(vfs_open(AT_FDCWD, PM "/pub/r", O_RDONLY, 0, &f) == 0);
	file_put(f);
	KT_ASSERT(vfs_open(AT_FDCWD, PM "/pub/r", O_RDONLY | O_TRUNC, 0, &f) ==
		  -EACCES);
	KT_ASSERT(vfs_open(AT_FDCWD, PM "/ro/new", O_CREAT | O_WRONLY, 0644,
			   &f) == -EACCES);
	KT_ASSERT(vfs_mknod(AT_FDCWD, PM "/ro/dir", S_IFDIR | 0755, 0) ==
		  -EACCES);
	KT_ASSERT(vfs_unlink(AT_FDCWD, PM "/tmp/rootfile", false) == -EPERM);
	KT_ASSERT(vfs_rename(AT_FDCWD, PM "/tmp/rootfile", AT_FDCWD,
			     PM "/tmp/z", 0) == -EPERM);
	KT_ASSERT(kt_put(PM "/tmp/mine", "m", 1) == 0);
	mode = kt_mode(PM "/tmp/mine");
	KT_ASSERT_MSG((mode & 0777) == 0644, "mode %lo", mode);
	KT_ASSERT(kt_lookup(PM "/tmp/mine", 0, &ip) == 0);
	KT_ASSERT(ip->uid == 1000 && ip->gid == 1000);
	KT_ASSERT(vfs_chown(ip, (uint32_t)-1, 5) == -EPERM);
	KT_ASSERT(vfs_chown(ip, 0, (uint32_t)-1) == -EPERM);
	KT_ASSERT(vfs_chown(ip, (uint32_t)-1, 1000) == 0);
	KT_ASSERT(vfs_chmod(ip, 0600) == 0 && (ip->mode & 0777) == 0600);
	inode_put(ip);
	KT_ASSERT(vfs_unlink(AT_FDCWD, PM "/tmp/mine", false) == 0);
	KT_ASSERT(kt_lookup(PM "/pub/r", 0, &ip) == 0);
	KT_ASSERT(vfs_chmod(ip, 0777) == -EPERM);
	KT_ASSERT(vfs_truncate(ip, 0) == 0);	/* permission: the caller's */
	inode_put(ip);
	return 0;
}

/* Permission bits for owner, group, others and root; the same seen
 * through path walk and open as a non-root process. */
int
ktest_fs_perm(void)
{
	KT_ASSERT(kt_fs_begin(PM) == 0);
	KT_ASSERT(kt_put(PM "/g", "", 0) == 0);
	KT_ASSERT(perm_matrix() == 0);
	KT_ASSERT(vfs_mknod(AT_FDCWD, PM "/priv", S_IFDIR | 0700, 0) == 0);
	KT_ASSERT(kt_put(PM "/priv/f", "", 0) == 0);
	KT_ASSERT(vfs_mknod(AT_FDCWD, PM "/pub", S_IFDIR | 0777, 0) == 0);
	KT_ASSERT(kt_put(PM "/pub/r", "r", 1) == 0);
	KT_ASSERT(vfs_mknod(AT_FDCWD, PM "/ro", S_IFDIR | 0555, 0) == 0);
	KT_ASSERT(vfs_mknod(AT_FDCWD, PM "/tmp", S_IFDIR | 01777, 0) == 0);
	KT_ASSERT(kt_put(PM "/tmp/rootfile", "", 0) == 0);
	KT_ASSERT(kt_as_proc(1000, 1000, perm_user) == 0);
	kt_fs_end(PM);
	return 0;
}

#undef PM

/* ---- hard links and readdir ---- */

#define L "/ktlink"

struct take {
	struct dir_ctx ctx;
	char seen[8];		/* e0..e7: how often each was listed */
	int n, limit;
};

static bool
take_emit(struct dir_ctx *ctx, const char *name, size_t len, uint64_t ino,
	  unsigned type)
{
	struct take *t = container_of(ctx, struct take, ctx);

	if (name_is_dots(name, len))
		return true;
	if (t->n == t->limit)
		return false;
	if (len == 2 && name[0] == 'e' && name[1] >= '0' && name[1] <= '7')
		t->seen[name[1] - '0']++;
	t->n++;
	return true;
}

/* readdir resumes at its cookie while entries come and go. */
static int
readdir_resume(void)
{
	struct take t = { { take_emit, 0 }, { 0 }, 0, 3 };
	char name[32];
	struct file *d;

	for (int i = 0; i < 5; i++) {
		ksnprintf(name, sizeof(name), L "/dir/e%d", i);
		KT_ASSERT(kt_put(name, "", 0) == 0);
	}
	KT_ASSERT(vfs_open(AT_FDCWD, L "/dir", O_RDONLY | O_DIRECTORY, 0, &d) ==
		  0);
	KT_ASSERT(d->fop->readdir(d, &t.ctx) == 0 && t.n == 3);
	KT_ASSERT(t.seen[0] && t.seen[1] && t.seen[2] && !t.seen[3]);
	KT_ASSERT(vfs_unlink(AT_FDCWD, L "/dir/e3", false) == 0);
	KT_ASSERT(vfs_unlink(AT_FDCWD, L "/dir/e0", false) == 0);
	KT_ASSERT(kt_put(L "/dir/e5", "", 0) == 0);
	t.limit = 100;
	KT_ASSERT(d->fop->readdir(d, &t.ctx) == 0);
	KT_ASSERT(t.seen[0] == 1 && t.seen[3] == 0 && t.seen[4] == 1 &&
		  t.seen[5] == 1);
	file_put(d);
	return 0;
}

/* Hard links count in nlink; a directory cannot be linked; times move. */
int
ktest_fs_link_readdir(void)
{
	struct iattr ia = { .valid = ATTR_MTIME };
	struct inode *dir;
	char buf[4];

	KT_ASSERT(kt_fs_begin(L) == 0);
	KT_ASSERT(kt_put(L "/a", "A", 1) == 0);
	KT_ASSERT(vfs_link(AT_FDCWD, L "/a", AT_FDCWD, L "/b", 0) == 0);
	KT_ASSERT(kt_nlink(L "/a") == 2 && kt_same(L "/a", L "/b"));
	KT_ASSERT(vfs_link(AT_FDCWD, L "/a", AT_FDCWD, L "/b", 0) == -EEXIST);
	KT_ASSERT(vfs_unlink(AT_FDCWD, L "/a", false) == 0);
	KT_ASSERT(kt_nlink(L "/b") == 1 && kt_get(L "/b", buf, 4) == 1);
	KT_ASSERT(vfs_mknod(AT_FDCWD, L "/dir", S_IFDIR | 0755, 0) == 0);
	KT_ASSERT(vfs_link(AT_FDCWD, L "/dir", AT_FDCWD, L "/dir2", 0) ==
		  -EPERM);
	KT_ASSERT(vfs_link(AT_FDCWD, L "/nope", AT_FDCWD, L "/x", 0) ==
		  -ENOENT);
	KT_ASSERT(kt_lookup(L "/dir", 0, &dir) == 0);
	KT_ASSERT(vfs_setattr(dir, &ia) == 0 && dir->mtime.tv_sec == 0);
	KT_ASSERT(readdir_resume() == 0);
	KT_ASSERT(dir->mtime.tv_sec > 0);
	inode_put(dir);
	kt_fs_end(L);
	return 0;
}

#undef L

/* ---- descriptor tables ---- */

static int
fd_ops(void)
{
	struct file *r, *w, *f;
	struct fdtable *copy;

	curproc()->rlim[RLIMIT_NOFILE].cur = 8;
	KT_ASSERT(pipe_create(0, &r, &w) == 0);
	KT_ASSERT(fd_install(r, 0, false) == 0 && fd_install(w, 0, true) == 1);
	KT_ASSERT(fd_cloexec(0, -1) == 0 && fd_cloexec(1, -1) == 1);
	KT_ASSERT((f = fd_get(0)) == r);
	file_put(f);
	KT_ASSERT(fd_get(2) == NULL && fd_get(-1) == NULL &&
		  fd_get(100000) == NULL);
	for (int i = 2; i < 8; i++) {
		file_get(r);
		KT_ASSERT(fd_install(r, 0, false) == i);
	}
	file_get(r);
	KT_ASSERT(fd_install(r, 0, false) == -EMFILE && fd_room() == -EMFILE);
	KT_ASSERT(fd_install(r, 8, false) == -EINVAL);
	KT_ASSERT(fd_replace(8, r, false) == -EBADF);
	KT_ASSERT(fd_replace(5, r, true) == 5 && fd_cloexec(5, -1) == 1);
	KT_ASSERT(fd_close(3) == 0 && fd_close(3) == -EBADF && fd_room() == 0);
	KT_ASSERT((copy = fdtable_copy(curproc()->fds)) != NULL);
	KT_ASSERT(copy->fd[0] == r && copy->fd[3] == NULL && copy->cloexec[1]);
	fdtable_put(copy);
	KT_ASSERT(fd_close_range(6, ~0u, true) == 0 && fd_cloexec(7, -1) == 1);
	fd_close_on_exec(curproc()->fds);
	KT_ASSERT(fd_get(1) == NULL && fd_get(5) == NULL && fd_get(7) == NULL);
	KT_ASSERT((f = fd_get(0)) != NULL);
	file_put(f);
	KT_ASSERT(fd_close_range(0, ~0u, false) == 0 && fd_get(0) == NULL);
	curproc()->rlim[RLIMIT_NOFILE].cur = 2000;
	KT_ASSERT(pipe_create(0, &r, &w) == 0);
	KT_ASSERT(fd_replace(1500, r, false) == 1500 &&
		  curproc()->fds->max > 1500);
	file_put(w);
	return 0;
}

/* Lowest free descriptor, RLIMIT_NOFILE and EMFILE, dup2 over an open
 * one, close-on-exec, close_range, copying at fork, growing. */
int
ktest_fs_fdtable(void)
{
	struct kt_proc *kp = kt_proc_begin(0, 0);
	int r;

	KT_ASSERT(kp != NULL);
	r = fd_ops();
	kt_proc_end(kp);
	return r;
}
