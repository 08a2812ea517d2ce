/*
 * vfs.h -- the virtual file system: inodes with operations, open files,
 * path walk over a mount table, and the struct layouts of the Linux
 * system calls that deal with files.
 */
#ifndef KERNEL_VFS_H
#define KERNEL_VFS_H

#include "kernel.h"
#include "waitq.h"

/* Linux's file types and permission bits. */
#define S_IFMT 0170000
#define S_IFSOCK 0140000
#define S_IFLNK 0120000
#define S_IFREG 0100000
#define S_IFBLK 0060000
#define S_IFDIR 0040000
#define S_IFCHR 0020000
#define S_IFIFO 0010000
#define S_ISUID 04000
#define S_ISGID 02000
#define S_ISVTX 01000
#define S_ISREG(m) (((m) & S_IFMT) == S_IFREG)
#define S_ISDIR(m) (((m) & S_IFMT) == S_IFDIR)
#define S_ISLNK(m) (((m) & S_IFMT) == S_IFLNK)
#define S_ISCHR(m) (((m) & S_IFMT) == S_IFCHR)
#define S_ISBLK(m) (((m) & S_IFMT) == S_IFBLK)
#define S_ISFIFO(m) (((m) & S_IFMT) == S_IFIFO)
#define S_ISSOCK(m) (((m) & S_IFMT) == S_IFSOCK)

/* open(2) flags that are the same on x86_64 and aarch64. */
#define O_ACCMODE 00000003
#define O_RDONLY 00000000
#define O_WRONLY 00000001
#define O_RDWR 00000002
#define O_CREAT 00000100
#define O_EXCL 00000200
#define O_NOCTTY 00000400
#define O_TRUNC 00001000
#define O_APPEND 00002000
#define O_NONBLOCK 00004000
#define O_DSYNC 00010000
#define O_ASYNC 00020000
#define O_NOATIME 01000000
#define O_CLOEXEC 02000000
#define O_SYNC 04010000
#define O_PATH 010000000
#define O_TMPFILE_BIT 020000000
/* O_DIRECTORY, O_NOFOLLOW, O_DIRECT, O_LARGEFILE differ by ISA: abi.h */

#define AT_FDCWD (-100)
#define AT_SYMLINK_NOFOLLOW 0x100
#define AT_REMOVEDIR 0x200
#define AT_SYMLINK_FOLLOW 0x400
#define AT_EACCESS 0x200
#define AT_EMPTY_PATH 0x1000

#define SEEK_SET 0
#define SEEK_CUR 1
#define SEEK_END 2

#define R_OK 4
#define W_OK 2
#define X_OK 1
#define F_OK 0

#define PATH_MAX 4096
#define NAME_MAX 255
#define SYMLOOP_MAX 40

/* poll(2) events */
#define POLLIN 0x001
#define POLLPRI 0x002
#define POLLOUT 0x004
#define POLLERR 0x008
#define POLLHUP 0x010
#define POLLNVAL 0x020
#define POLLRDNORM 0x040
#define POLLWRNORM 0x100

struct timespec64 {
	int64_t tv_sec;
	int64_t tv_nsec;
};

struct inode;
struct file;
struct super;
struct poll_table;

/* Where data goes to or comes from: user memory or a kernel buffer. */
struct uio {
	uintptr_t base;		/* user address, or kernel pointer if kernel */
	size_t len;		/* bytes left */
	bool kernel;
};

int uio_out(struct uio *u, const void *src, size_t n);	/* to the reader */
ssize_t uio_out_some(struct uio *u, const void *src, size_t n);
ssize_t uio_out_pages(struct uio *u, const paddr_t *src, size_t off,
		      size_t n);
int uio_in(struct uio *u, void *dst, size_t n);		/* from the writer */

/* A directory entry as readdir produces it. */
struct dir_ctx {
	/* Called for each entry; returns false when the caller's buffer is
	 * full (the entry was not taken: readdir must not advance past it). */
	bool (*emit)(struct dir_ctx *ctx, const char *name, size_t len,
		     uint64_t ino, unsigned type);
	uint64_t pos;		/* cookie of the next entry (f->pos) */
};

/* d_type values */
#define DT_UNKNOWN 0
#define DT_FIFO 1
#define DT_CHR 2
#define DT_DIR 4
#define DT_BLK 6
#define DT_REG 8
#define DT_LNK 10
#define DT_SOCK 12

/* Attribute changes for setattr. */
#define ATTR_MODE 0x01
#define ATTR_UID 0x02
#define ATTR_GID 0x04
#define ATTR_SIZE 0x08
#define ATTR_ATIME 0x10
#define ATTR_MTIME 0x20
#define ATTR_CTIME 0x40

struct iattr {
	unsigned valid;		/* ATTR_* */
	uint32_t mode;
	uint32_t uid, gid;
	uint64_t size;
	struct timespec64 atime, mtime, ctime;
};

/*
 * Locking (the order is in kernel/fs_local.h): the VFS calls lookup,
 * create, link, unlink and symlink with dir->lock held, and rename with
 * the global rename mutex and both directories' locks held; the file
 * system locks the other inodes it changes (children after their
 * parents). readlink, setattr and getpage are called with no inode lock
 * held; evict with no lock at all (nothing references the inode any
 * more). File operations are called with no inode lock held (readdir
 * with f->pos_lock; it takes the directory's lock itself).
 */
struct inode_ops {
	/* Find `name` in dir: 0 and a referenced *out, or -ENOENT... */
	int (*lookup)(struct inode *dir, const char *name, size_t len,
		      struct inode **out);
	/* Make a file, directory, device node, fifo or socket node. */
	int (*create)(struct inode *dir, const char *name, size_t len,
		      uint32_t mode, uint32_t rdev, struct inode **out);
	int (*link)(struct inode *dir, const char *name, size_t len,
		    struct inode *target);
	/* Remove an entry; `dir_ok` allows directories (rmdir), which must
	 * be empty (-ENOTEMPTY). */
	int (*unlink)(struct inode *dir, const char *name, size_t len,
		      bool rmdir);
	int (*rename)(struct inode *odir, const char *oname, size_t olen,
		      struct inode *ndir, const char *nname, size_t nlen);
	int (*symlink)(struct inode *dir, const char *name, size_t len,
		       const char *target);
	ssize_t (*readlink)(struct inode *ip, char *buf, size_t n);
	int (*setattr)(struct inode *ip, const struct iattr *ia);
	/* The page holding byte index*PAGE_SIZE of a regular file, for
	 * mmap: a referenced physical page (page_ref), creating a zeroed one
	 * if `create`. -ENXIO past the end when !create. */
	int (*getpage)(struct inode *ip, uint64_t index, bool create,
		       paddr_t *pa);
	/* The inode is no longer referenced (and maybe no longer linked). */
	void (*evict)(struct inode *ip);
};

struct pcache;

struct file_ops {
	int (*open)(struct inode *ip, struct file *f);
	void (*release)(struct file *f);
	ssize_t (*read)(struct file *f, struct uio *u, uint64_t off);
	ssize_t (*write)(struct file *f, struct uio *u, uint64_t off);
	int (*readdir)(struct file *f, struct dir_ctx *ctx);
	int (*ioctl)(struct file *f, unsigned long cmd, uintptr_t arg);
	/* Ready events now (POLLIN...); registers on wait queues via
	 * poll_wait(pt, wq) when pt is not NULL. */
	unsigned (*poll)(struct file *f, struct poll_table *pt);
	int (*fsync)(struct file *f);
	bool seekable;		/* lseek works, reads and writes use f->pos */
};

struct inode {
	int refs;			/* guarded by the inode table lock */
	struct mutex lock;		/* guards everything below */
	struct super *sb;
	uint64_t ino;
	uint32_t mode;
	uint32_t nlink;
	uint32_t uid, gid;
	uint64_t size;
	uint32_t rdev;			/* device number, for device nodes */
	uint64_t blocks;		/* 512-byte blocks in use (st_blocks) */
	struct timespec64 atime, mtime, ctime;
	const struct inode_ops *iop;
	const struct file_ops *fop;
	void *priv;			/* the file system's own data */
	struct inode *mounted;		/* a file system is mounted here: its root */
	struct inode *covered;		/* this is a root: the inode it covers */
	struct list link;		/* in its super's inode list */
	struct pcache *pcache;		/* its page cache (file systems on disks) */
	struct list maps;		/* its MAP_SHARED regions (vm.c, maps_lock) */
};

struct fs_type;

struct super {
	const struct fs_type *type;
	uint32_t dev;			/* st_dev */
	struct inode *root;
	uint32_t flags;			/* MS_RDONLY ... */
	void *priv;
	char source[64];		/* what was mounted ("none", "/dev/vda") */
	struct inode *mountpoint;	/* covered inode, NULL for the root fs */
	struct list link;		/* in the mount table */
	uint64_t next_ino;
	struct list inodes;		/* its in-memory inodes; inode table lock */
	bool keep_inodes;		/* unreferenced inodes stay while linked */
};

/* What statfs reports, before the ABI's struct statfs is filled in. */
struct statfs_k {
	uint64_t type;			/* magic number (RAMFS_MAGIC...) */
	uint64_t bsize;
	uint64_t blocks, bfree, bavail;
	uint64_t files, ffree;
	uint64_t namelen;
	uint64_t flags;			/* ST_RDONLY... (set by the VFS) */
};

struct fs_type {
	const char *name;
	int (*mount)(struct super *sb, const char *source, const char *data);
	void (*unmount)(struct super *sb);
	int (*statfs)(struct super *sb, void *out /* struct statfs_k */);
	/* Before sb->flags change to `flags` (MS_RDONLY...): write back and
	 * mark clean when going read-only; 0 or -EROFS, -EIO. Optional. */
	int (*remount)(struct super *sb, unsigned long flags);
	bool nodev;			/* needs no device ("nodev" in /proc/filesystems) */
};

#define MS_RDONLY 1
#define MS_NOSUID 2
#define MS_NODEV 4
#define MS_NOEXEC 8
#define MS_REMOUNT 32
#define MS_BIND 4096

/* Open files. f_flags keeps the O_* flags; f_mode says readable/writable. */
#define FMODE_READ 1
#define FMODE_WRITE 2

struct file {
	int refs;			/* atomic */
	unsigned flags;			/* O_* given to open (minus creation flags) */
	unsigned mode;			/* FMODE_* */
	struct mutex pos_lock;		/* serializes reads and writes of pos */
	uint64_t pos;
	struct inode *ip;		/* a reference, or NULL (pipes have one) */
	const struct file_ops *fop;
	void *priv;
	char *path;			/* as opened, for /proc/PID/fd */
};

/* fop->write's offset for O_APPEND: write at the end, atomically, and
 * leave f->pos after the data (the caller holds f->pos_lock). */
#define FILE_APPEND UINT64_MAX

struct poll_table;
void poll_wait(struct poll_table *pt, struct waitq *wq);

/* Inodes (vfs.c). */
struct inode *inode_new(struct super *sb, uint32_t mode);
void inode_get(struct inode *ip);
void inode_put(struct inode *ip);
void inode_touch(struct inode *ip, bool atime, bool mtime, bool ctime);
void inode_set_attr(struct inode *ip, const struct iattr *ia);
struct timespec64 vfs_now(void);
int inode_permission(struct inode *ip, int mask);
struct cred;
int inode_permission_cred(struct inode *ip, int mask, const struct cred *c);

/* Files (file.c). */
struct file *file_new(struct inode *ip, unsigned flags, const struct file_ops *fop);
void file_get(struct file *f);
void file_put(struct file *f);
ssize_t file_read(struct file *f, struct uio *u);
ssize_t file_write(struct file *f, struct uio *u);
ssize_t kernel_read(struct file *f, void *buf, size_t n, uint64_t off);

/* Paths (namei.c). Flags for path lookup: */
#define LOOKUP_FOLLOW 1		/* follow a final symlink */
#define LOOKUP_PARENT 2		/* stop at the parent, return the last name */
#define LOOKUP_DIRECTORY 4	/* the result must be a directory */
#define LOOKUP_EMPTY 8		/* "" means dirfd itself (AT_EMPTY_PATH) */

struct nameidata {
	struct inode *ip;		/* result (a reference) */
	struct inode *parent;		/* LOOKUP_PARENT: the directory */
	char last[NAME_MAX + 1];	/* LOOKUP_PARENT: the final name */
	size_t last_len;
	bool slash;			/* LOOKUP_PARENT: the name ended in '/' */
};

int path_lookup(int dirfd, const char *path, unsigned flags, struct nameidata *nd);
int user_path(int dirfd, uintptr_t upath, unsigned flags, struct nameidata *nd);
int vfs_open(int dirfd, const char *path, int flags, uint32_t mode, struct file **out);
struct inode *vfs_root(void);		/* a new reference, NULL before vfs_init */

/* Mounts (vfs.c). */
int vfs_register(const struct fs_type *t);
int vfs_mount(const char *source, const char *target, const char *type,
	      unsigned long flags, const char *data);
int vfs_umount(const char *target, int flags);
size_t vfs_mounts_format(char *buf, size_t size);	/* /proc/mounts */
size_t vfs_types_format(char *buf, size_t size);	/* /proc/filesystems */
int vfs_mount_root(const char *source, const char *type, unsigned long flags,
		   const char *data);
void vfs_shutdown(void);
void vfs_init(void);

/* Unpack a "newc" cpio archive held in memory into the root (cpio.c). */
int cpio_unpack(const void *data, size_t len);

#endif
