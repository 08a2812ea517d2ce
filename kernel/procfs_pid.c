/*
 * procfs_pid.c -- the process directories of /proc: /proc/PID (listed
 * from the live process list), its symbolic links cwd, root and exe,
 * and fd/, a directory of links to the paths of its open files. The
 * files' text is made in procfs_pidfile.c.
 */
#include "heap.h"
#include "procfs.h"

#define PK_PID (PK_PID_BASE + 0)
#define PK_FDDIR (PK_PID_BASE + 1)
#define PK_FD (PK_PID_BASE + 2)
#define PIDMAP_BYTES (PID_MAX / 8)
#define FDMAP_BYTES (NOFILE_MAX / 8)

static const struct inode_ops pid_iops, fd_iops;
static const struct file_ops pid_fops, fd_fops;
static int pid_dir_make(struct inode *root, int pid, struct inode **out);

/* The process with this pid, alive or zombie, or NULL. proc_lock held. */
struct proc *
procfs_find(int pid)
{
	struct list *l;
	struct proc *p;

	list_for_each(l, &all_procs) {
		p = list_entry(l, struct proc, all_link);
		if (p->pid == pid)
			return p;
	}
	return NULL;
}

/* p has threads, so its files, cwd and vm are there. proc_lock held. */
static bool
has_resources(struct proc *p)
{
	return p->state == P_ALIVE && p->nthreads > 0;
}

/* ---- links: cwd, root, exe ---- */

/* A reference to p->cwd or p->root of process pid, or NULL. */
static struct inode *
dir_of(int pid, bool root)
{
	struct inode *ip = NULL;
	struct proc *p;

	spin_lock(&proc_lock);
	if ((p = procfs_find(pid)) != NULL && has_resources(p)) {
		spin_lock(&itable_lock);
		if ((ip = root ? p->root : p->cwd) != NULL)
			ip->refs++;
		spin_unlock(&itable_lock);
	}
	spin_unlock(&proc_lock);
	return ip;
}

static ssize_t
link_dir(int pid, char *buf, size_t size, bool root)
{
	struct inode *ip = dir_of(pid, root);
	int r;

	if (ip == NULL)
		return -ENOENT;
	r = path_of_inode(ip, buf, size);
	inode_put(ip);
	return r < 0 ? r : r - 1;	/* without the NUL */
}

static ssize_t
link_cwd(int pid, int n, char *buf, size_t size)
{
	(void)n;
	return link_dir(pid, buf, size, false);
}

static ssize_t
link_root(int pid, int n, char *buf, size_t size)
{
	(void)n;
	return link_dir(pid, buf, size, true);
}

static ssize_t
link_exe(int pid, int n, char *buf, size_t size)
{
	ssize_t r = -ENOENT;
	struct proc *p;

	(void)n;
	spin_lock(&proc_lock);
	if ((p = procfs_find(pid)) != NULL && has_resources(p) &&
	    p->exe_path != NULL)
		r = (ssize_t)MIN(strlcpy(buf, p->exe_path, size), size - 1);
	spin_unlock(&proc_lock);
	return r;
}

/* ---- fd/ ---- */

/* A reference to process pid's descriptor table, or NULL. */
static struct fdtable *
fds_of(int pid)
{
	struct fdtable *t = NULL;
	struct proc *p;

	spin_lock(&proc_lock);
	if ((p = procfs_find(pid)) != NULL && has_resources(p) &&
	    (t = p->fds) != NULL)
		__atomic_add_fetch(&t->refs, 1, __ATOMIC_RELAXED);
	spin_unlock(&proc_lock);
	return t;
}

/* A reference to the file of descriptor fd of process pid, or NULL. */
static struct file *
file_of(int pid, int fd)
{
	struct fdtable *t = fds_of(pid);
	struct file *f = NULL;

	if (t == NULL)
		return NULL;
	spin_lock(&t->lock);
	if (fd >= 0 && fd < t->max && (f = t->fd[fd]) != NULL)
		file_get(f);
	spin_unlock(&t->lock);
	fdtable_put(t);
	return f;
}

static ssize_t
link_fd(int pid, int fd, char *buf, size_t size)
{
	struct file *f = file_of(pid, fd);
	int n;

	if (f == NULL)
		return -ENOENT;
	if (f->path != NULL)
		n = ksnprintf(buf, size, "%s", f->path);
	else if (f->ip != NULL && S_ISFIFO(f->ip->mode))
		n = ksnprintf(buf, size, "pipe:[%llu]",
			      (unsigned long long)f->ip->ino);
	else
		n = ksnprintf(buf, size, "anon_inode:[%s]",
			      f->ip != NULL ? "file" : "none");
	file_put(f);
	return MIN((ssize_t)size - 1, n);
}

static const struct procfs_entry fd_entry = {
	"fd", S_IFLNK | 0700, PK_FD, NULL, link_fd, NULL, NULL
};

static int
fd_lookup(struct inode *dir, const char *name, size_t len,
	  struct inode **out)
{
	int pid = PINO_PID(dir->ino), fd = procfs_parse_num(name, len), r;
	struct file *f;

	if (len == 1 && name[0] == '.') {
		inode_get(dir);
		*out = dir;
		return 0;
	}
	if (len == 2 && name[0] == '.' && name[1] == '.')
		return pid_dir_make(dir->sb->root, pid, out);
	if (fd < 0 || (f = file_of(pid, fd)) == NULL)
		return -ENOENT;
	if ((r = procfs_make(dir, &fd_entry, pid, fd, out)) == 0)
		(*out)->mode = S_IFLNK | 0100 |
			       ((f->mode & FMODE_READ) ? 0400 : 0) |
			       ((f->mode & FMODE_WRITE) ? 0200 : 0);
	file_put(f);
	return r;
}

/* The open descriptors of t as a bitmap (FDMAP_BYTES). */
static void
fd_bitmap(struct fdtable *t, uint8_t *map)
{
	spin_lock(&t->lock);
	for (int i = 0; i < t->max && i < NOFILE_MAX; i++)
		if (t->fd[i] != NULL)
			map[i / 8] |= (uint8_t)(1u << (i % 8));
	spin_unlock(&t->lock);
}

static int
fd_readdir(struct file *f, struct dir_ctx *ctx)
{
	int pid = PINO_PID(f->ip->ino);
	struct fdtable *t;
	uint8_t *map;
	char name[12];

	if (!procfs_emit_dots(ctx, f->ip, PINO(pid, 0, PK_PID)))
		return 0;
	if ((t = fds_of(pid)) == NULL)
		return 0;
	if ((map = kzalloc(FDMAP_BYTES)) == NULL) {
		fdtable_put(t);
		return -ENOMEM;
	}
	fd_bitmap(t, map);
	fdtable_put(t);
	for (uint64_t fd = ctx->pos - 2; fd < NOFILE_MAX; fd++) {
		if (!(map[fd / 8] & (1u << (fd % 8))))
			continue;
		ksnprintf(name, sizeof(name), "%llu", (unsigned long long)fd);
		if (!ctx->emit(ctx, name, strlen(name), PINO(pid, fd, PK_FD),
			       DT_LNK))
			break;
		ctx->pos = fd + 3;
	}
	kfree(map);
	return 0;
}

static const struct inode_ops fd_iops = {
	.lookup = fd_lookup,
};

static const struct file_ops fd_fops = {
	.readdir = fd_readdir,
	.seekable = true,
};

/* ---- /proc/PID ---- */

#define REG (S_IFREG | 0444)
#define LNK (S_IFLNK | 0777)

static const struct procfs_entry pid_tab[] = {
	{ "cmdline", REG, PK_PID_BASE + 3, procfs_show_cmdline, NULL, NULL,
	  NULL },
	{ "comm", REG, PK_PID_BASE + 4, procfs_show_comm, NULL, NULL, NULL },
	{ "cwd", LNK, PK_PID_BASE + 5, NULL, link_cwd, NULL, NULL },
	{ "exe", LNK, PK_PID_BASE + 6, NULL, link_exe, NULL, NULL },
	{ "fd", S_IFDIR | 0500, PK_FDDIR, NULL, NULL, &fd_iops, &fd_fops },
	{ "maps", REG, PK_PID_BASE + 7, procfs_show_maps, NULL, NULL, NULL },
	{ "root", LNK, PK_PID_BASE + 8, NULL, link_root, NULL, NULL },
	{ "stat", REG, PK_PID_BASE + 9, procfs_show_stat, NULL, NULL, NULL },
	{ "statm", REG, PK_PID_BASE + 10, procfs_show_statm, NULL, NULL,
	  NULL },
	{ "status", REG, PK_PID_BASE + 11, procfs_show_status, NULL, NULL,
	  NULL },
};

static const struct procfs_entry pid_entry = {
	"pid", S_IFDIR | 0555, PK_PID, NULL, NULL, &pid_iops, &pid_fops
};

/* Does process pid exist (alive or zombie)? Its owner and start. */
static bool
pid_exists(int pid, uint32_t *uid, uint32_t *gid, uint64_t *start)
{
	struct proc *p;

	spin_lock(&proc_lock);
	if ((p = procfs_find(pid)) != NULL) {
		*uid = p->cred.euid;
		*gid = p->cred.egid;
		*start = p->start_ns;
	}
	spin_unlock(&proc_lock);
	return p != NULL;
}

/* A new inode for the directory of process pid: 0 or -ENOENT... */
static int
pid_dir_make(struct inode *root, int pid, struct inode **out)
{
	uint32_t uid, gid;
	uint64_t start;
	int r;

	if (pid <= 0 || !pid_exists(pid, &uid, &gid, &start))
		return -ENOENT;
	if ((r = procfs_make(root, &pid_entry, pid, 0, out)) < 0)
		return r;
	(*out)->uid = uid;
	(*out)->gid = gid;
	procfs_stamp(*out, start);
	return 0;
}

/*
 * Look name (a pid) up in /proc, whose root is `root`: 0 and a new
 * reference to that process's directory in *out, or -ENOENT. Called
 * with root->lock held (a lookup); takes proc_lock briefly; may sleep.
 */
int
procfs_pid_lookup(struct inode *root, const char *name, size_t len,
		  struct inode **out)
{
	return pid_dir_make(root, procfs_parse_num(name, len), out);
}

static int
pid_lookup(struct inode *dir, const char *name, size_t len,
	   struct inode **out)
{
	int pid = PINO_PID(dir->ino);
	uint32_t uid, gid;
	uint64_t start;

	if (len == 1 && name[0] == '.') {
		inode_get(dir);
		*out = dir;
		return 0;
	}
	if (len == 2 && name[0] == '.' && name[1] == '.') {
		inode_get(dir->sb->root);
		*out = dir->sb->root;
		return 0;
	}
	if (!pid_exists(pid, &uid, &gid, &start))
		return -ENOENT;
	return procfs_lookup_table(dir, pid_tab, ARRAY_SIZE(pid_tab), pid,
				   name, len, out);
}

static int
pid_readdir(struct file *f, struct dir_ctx *ctx)
{
	if (procfs_emit_dots(ctx, f->ip, f->ip->sb->root->ino))
		procfs_emit_table(ctx, pid_tab, ARRAY_SIZE(pid_tab),
				  PINO_PID(f->ip->ino), 2);
	return 0;
}

static const struct inode_ops pid_iops = {
	.lookup = pid_lookup,
};

static const struct file_ops pid_fops = {
	.readdir = pid_readdir,
	.seekable = true,
};

/* The pids of all processes as a bitmap (PIDMAP_BYTES), or NULL. */
static uint8_t *
pid_bitmap(void)
{
	uint8_t *map = kzalloc(PIDMAP_BYTES);
	struct list *l;
	int pid;

	if (map == NULL)
		return NULL;
	spin_lock(&proc_lock);
	list_for_each(l, &all_procs) {
		pid = list_entry(l, struct proc, all_link)->pid;
		if (pid > 0 && pid < PID_MAX)
			map[pid / 8] |= (uint8_t)(1u << (pid % 8));
	}
	spin_unlock(&proc_lock);
	return map;
}

/*
 * readdir of the process directories, in pid order, pid P at cookie
 * first + P. Takes proc_lock briefly; may sleep.
 */
void
procfs_pid_readdir(struct dir_ctx *ctx, uint64_t first)
{
	uint8_t *map = pid_bitmap();
	char name[12];

	if (map == NULL)
		return;
	for (uint64_t pid = MAX(ctx->pos, first + 1) - first; pid < PID_MAX;
	     pid++) {
		if (!(map[pid / 8] & (1u << (pid % 8))))
			continue;
		ksnprintf(name, sizeof(name), "%llu", (unsigned long long)pid);
		if (!ctx->emit(ctx, name, strlen(name), PINO(pid, 0, PK_PID),
			       DT_DIR))
			break;
		ctx->pos = first + pid + 1;
	}
	kfree(map);
}
