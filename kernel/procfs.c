/*
 * procfs.c -- the "proc" file system: its root directory, inodes made on
 * lookup from tables of names (procfs.h), files whose text is built when
 * they are opened and read from that snapshot, and symbolic links.
 */
#include "heap.h"
#include "procfs.h"

#define PK_ROOT 1

static const struct inode_ops root_iops;
static const struct file_ops root_fops;
static const struct inode_ops link_iops;

static const struct procfs_entry root_entry = {
	"/", S_IFDIR | 0555, PK_ROOT, NULL, NULL, &root_iops, &root_fops
};

/* ---- text buffers ---- */

/* Make room for n more bytes (and a NUL). 0 or -ENOMEM. May sleep. */
int
pbuf_reserve(struct pbuf *b, size_t n)
{
	size_t cap = b->cap ? b->cap : 512;
	char *nb;

	if (b->len + n + 1 <= b->cap)
		return 0;
	while (cap < b->len + n + 1)
		cap *= 2;
	if (cap > PBUF_MAX || (nb = kmalloc(cap)) == NULL) {
		b->overflow = true;
		return -ENOMEM;
	}
	if (b->buf != NULL)
		memcpy(nb, b->buf, b->len);
	kfree(b->buf);
	b->buf = nb;
	b->cap = cap;
	return 0;
}

/* Append n bytes of s. 0 or -ENOMEM (b->overflow is set). May sleep. */
int
pbuf_put(struct pbuf *b, const char *s, size_t n)
{
	if (pbuf_reserve(b, n) < 0)
		return -ENOMEM;
	memcpy(b->buf + b->len, s, n);
	b->len += n;
	b->buf[b->len] = '\0';
	return 0;
}

/* Append formatted text. 0 or -ENOMEM (b->overflow is set). May sleep. */
int
pbuf_printf(struct pbuf *b, const char *fmt, ...)
{
	va_list ap;
	int n;

	for (int tries = 0; tries < 2; tries++) {
		va_start(ap, fmt);
		n = kvsnprintf(b->buf ? b->buf + b->len : NULL,
			       b->buf ? b->cap - b->len : 0, fmt, ap);
		va_end(ap);
		if (b->buf != NULL && b->len + (size_t)n < b->cap) {
			b->len += (size_t)n;
			return 0;
		}
		if (pbuf_reserve(b, (size_t)n) < 0)
			return -ENOMEM;
	}
	return -ENOMEM;
}

/* ---- inodes ---- */

/* Set ip's timestamps to `ns` after boot. */
void
procfs_stamp(struct inode *ip, uint64_t ns)
{
	struct timespec64 t;

	t.tv_sec = (int64_t)(hal_rtc_boot_seconds() + ns / NSEC_PER_SEC);
	t.tv_nsec = (int64_t)(ns % NSEC_PER_SEC);
	ip->atime = ip->mtime = ip->ctime = t;
}

/*
 * A new inode in dir's file system for entry e of process pid (0 for
 * system files), link or descriptor n; owner and times are dir's.
 * 0 and one reference in *out, or -ENOMEM. May sleep.
 */
int
procfs_make(struct inode *dir, const struct procfs_entry *e, int pid, int n,
	    struct inode **out)
{
	struct inode *ip = inode_new(dir->sb, e->mode);

	if (ip == NULL)
		return -ENOMEM;
	ip->ino = PINO(pid, n, e->kind);
	ip->priv = (void *)(uintptr_t)e;
	ip->uid = dir->uid;
	ip->gid = dir->gid;
	ip->atime = dir->atime;
	ip->mtime = dir->mtime;
	ip->ctime = dir->ctime;
	if (S_ISDIR(e->mode)) {
		ip->nlink = 2;
		ip->iop = e->iop;
		ip->fop = e->fop;
	} else if (S_ISLNK(e->mode)) {
		ip->iop = &link_iops;
	} else {		/* a file may bring its own (writable files) */
		ip->iop = e->iop;
		ip->fop = e->fop != NULL ? e->fop : &procfs_file_fops;
	}
	*out = ip;
	return 0;
}

/* The number a name spells ("0" or no leading zero), or -1. */
int
procfs_parse_num(const char *name, size_t len)
{
	int v = 0;

	if (len == 0 || len > 9 || (len > 1 && name[0] == '0'))
		return -1;
	for (size_t i = 0; i < len; i++) {
		if (name[i] < '0' || name[i] > '9')
			return -1;
		v = v * 10 + (name[i] - '0');
	}
	return v;
}

/* Look name up in tab (entries of process pid): 0 and *out, -ENOENT. */
int
procfs_lookup_table(struct inode *dir, const struct procfs_entry *tab,
		    size_t ntab, int pid, const char *name, size_t len,
		    struct inode **out)
{
	for (size_t i = 0; i < ntab; i++)
		if (strlen(tab[i].name) == len &&
		    memcmp(tab[i].name, name, len) == 0)
			return procfs_make(dir, &tab[i], pid, 0, out);
	return -ENOENT;
}

/*
 * Look name up in a directory of fixed names, tab: "." is dir, ".." the
 * root's entry named `up` (NULL: the root itself; such directories are
 * at most two deep, as /proc/sys/vm).
 */
int
procfs_lookup_fixed(struct inode *dir, const char *up,
		    const struct procfs_entry *tab, size_t ntab,
		    const char *name, size_t len, struct inode **out)
{
	struct inode *root = dir->sb->root;

	if (len == 1 && name[0] == '.') {
		inode_get(dir);
		*out = dir;
		return 0;
	}
	if (len == 2 && name[0] == '.' && name[1] == '.') {
		if (up != NULL)
			return procfs_lookup_table(root, procfs_root_tab,
						   procfs_root_ntab, 0, up,
						   strlen(up), out);
		inode_get(root);
		*out = root;
		return 0;
	}
	return procfs_lookup_table(dir, tab, ntab, 0, name, len, out);
}

/* readdir of a directory of fixed names whose parent has inode up. */
void
procfs_readdir_fixed(struct dir_ctx *ctx, struct inode *dir, uint64_t up,
		     const struct procfs_entry *tab, size_t ntab)
{
	if (procfs_emit_dots(ctx, dir, up))
		procfs_emit_table(ctx, tab, ntab, 0, 2);
}

/* readdir's "." and ".." (cookies 0 and 1); false when ctx is full. */
bool
procfs_emit_dots(struct dir_ctx *ctx, struct inode *dir, uint64_t up)
{
	if (ctx->pos == 0) {
		if (!ctx->emit(ctx, ".", 1, dir->ino, DT_DIR))
			return false;
		ctx->pos = 1;
	}
	if (ctx->pos == 1) {
		if (!ctx->emit(ctx, "..", 2, up, DT_DIR))
			return false;
		ctx->pos = 2;
	}
	return true;
}

/* readdir of tab's names at cookies first...; false when ctx is full. */
bool
procfs_emit_table(struct dir_ctx *ctx, const struct procfs_entry *tab,
		  size_t ntab, int pid, uint64_t first)
{
	for (size_t i = 0; i < ntab; i++) {
		if (ctx->pos > first + i)
			continue;
		if (!ctx->emit(ctx, tab[i].name, strlen(tab[i].name),
			       PINO(pid, 0, tab[i].kind),
			       (tab[i].mode & S_IFMT) >> 12))
			return false;
		ctx->pos = first + i + 1;
	}
	return true;
}

/* ---- the root directory ---- */

static int
root_lookup(struct inode *dir, const char *name, size_t len,
	    struct inode **out)
{
	int r = procfs_lookup_fixed(dir, NULL, procfs_root_tab,
				    procfs_root_ntab, name, len, out);

	if (r != -ENOENT)
		return r;
	return procfs_pid_lookup(dir, name, len, out);
}

static int
root_readdir(struct file *f, struct dir_ctx *ctx)
{
	if (procfs_emit_dots(ctx, f->ip, f->ip->ino) &&
	    procfs_emit_table(ctx, procfs_root_tab, procfs_root_ntab, 0, 2))
		procfs_pid_readdir(ctx, 2 + procfs_root_ntab);
	return 0;
}

static const struct inode_ops root_iops = {
	.lookup = root_lookup,
};

static const struct file_ops root_fops = {
	.readdir = root_readdir,
	.seekable = true,
};

/* ---- symbolic links ---- */

static ssize_t
procfs_readlink(struct inode *ip, char *buf, size_t n)
{
	const struct procfs_entry *e = ip->priv;
	char *tmp = kmalloc(PATH_MAX);
	ssize_t r;

	if (tmp == NULL)
		return -ENOMEM;
	r = e->link(PINO_PID(ip->ino), PINO_N(ip->ino), tmp, PATH_MAX);
	if (r >= 0) {
		r = (ssize_t)MIN((size_t)r, n);
		memcpy(buf, tmp, (size_t)r);
	}
	kfree(tmp);
	return r;
}

static const struct inode_ops link_iops = {
	.readlink = procfs_readlink,
};

/* ---- files: text made at open, read from the snapshot ---- */

static int
pfile_open(struct inode *ip, struct file *f)
{
	const struct procfs_entry *e = ip->priv;
	struct pbuf *b = kzalloc(sizeof(*b));
	int r;

	if (b == NULL)
		return -ENOMEM;
	procfs_sampler_start();
	r = e->show(b, PINO_PID(ip->ino));
	if (r == 0 && b->overflow && b->len == 0)
		r = -ENOMEM;
	if (r < 0) {
		kfree(b->buf);
		kfree(b);
		return r;
	}
	f->priv = b;
	return 0;
}

static void
pfile_release(struct file *f)
{
	struct pbuf *b = f->priv;

	if (b != NULL) {
		kfree(b->buf);
		kfree(b);
	}
}

static ssize_t
pfile_read(struct file *f, struct uio *u, uint64_t off)
{
	struct pbuf *b = f->priv;
	size_t n;
	int r;

	if (b == NULL || off >= b->len)
		return 0;
	n = MIN(b->len - (size_t)off, u->len);
	if ((r = uio_out(u, b->buf + off, n)) < 0)
		return r;
	return (ssize_t)n;
}

/* `echo 3 > /proc/sys/vm/drop_caches` opens with O_TRUNC: a writable
 * file takes a truncation (and its time) as a no-op, as on Linux. */
static int
store_setattr(struct inode *ip, const struct iattr *ia)
{
	(void)ip;
	return (ia->valid & ~(ATTR_SIZE | ATTR_MTIME | ATTR_CTIME)) ? -EPERM : 0;
}

const struct inode_ops procfs_store_iops = {
	.setattr = store_setattr,
};

const struct file_ops procfs_file_fops = {
	.open = pfile_open,
	.release = pfile_release,
	.read = pfile_read,
	.seekable = true,
};

/* ---- the file system ---- */

static int
procfs_mount(struct super *sb, const char *source, const char *data)
{
	struct inode *root;

	(void)source;
	(void)data;
	sb->keep_inodes = false;
	if ((root = inode_new(sb, root_entry.mode)) == NULL)
		return -ENOMEM;
	root->ino = PINO(0, 0, PK_ROOT);
	root->priv = (void *)(uintptr_t)&root_entry;
	root->uid = root->gid = 0;
	root->nlink = 2;
	root->iop = &root_iops;
	root->fop = &root_fops;
	sb->root = root;
	procfs_sampler_start();
	return 0;
}

static int
procfs_statfs(struct super *sb, void *out)
{
	struct statfs_k *st = out;

	(void)sb;
	st->type = PROC_SUPER_MAGIC;
	st->bsize = PAGE_SIZE;
	st->namelen = NAME_MAX;
	return 0;
}

const struct fs_type procfs_type = {
	.name = "proc",
	.mount = procfs_mount,
	.statfs = procfs_statfs,
	.nodev = true,
};

/*
 * Register the "proc" file system type. Called once by kmain after
 * vfs_init, before other threads run.
 */
void
procfs_init(void)
{
	int r = vfs_register(&procfs_type);

	if (r < 0)
		klog(KLOG_WARN, "procfs: cannot register: %d", r);
}
