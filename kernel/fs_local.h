/*
 * fs_local.h -- what the files of the file layer share among themselves
 * (vfs, namei, file, fd, poll, ramfs, devfs, pipe, cpio, fs system calls);
 * the rest of the kernel uses vfs.h, dev.h and proc.h.
 */
#ifndef KERNEL_FS_LOCAL_H
#define KERNEL_FS_LOCAL_H

#include "dev.h"
#include "proc.h"
#include "vfs.h"

/*
 * Locks of the file layer, outermost first:
 *   mount_lock (vfs.c, mutex)   the mount table: mount, umount
 *   rename_lock (vfs.c, mutex)  the shape of the tree: one rename at a time
 *   file.pos_lock               an open file's position
 *   devfs_lock, fifo_lock       devfs's table and mounts; the open FIFOs
 *   inode.lock of directories   a parent before its children, an ancestor
 *                               before a descendant, else lower address
 *   ramfs_node.wlock            the one writer of a regular file's data
 *   inode.lock of the others    (they are never anybody's parent)
 *   pipe.lock                   a pipe's ring and ends
 *   itable_lock (vfs.c, spin)   every inode.refs, super.inodes, the mount
 *                               links inode.mounted/covered, proc.cwd/root
 * A path walk holds one directory lock at a time. An inode's nlink
 * changes only while the changer holds a reference to it, so inode_put
 * can read nlink under itable_lock alone. No inode lock is held while
 * user memory is copied to or from a file's pages (a fault may need it).
 */
extern struct spinlock itable_lock;
extern struct mutex rename_lock;

/* ---- vfs.c ---- */
const struct cred *cur_cred(void);
uint32_t cur_umask(void);
bool cred_in_group(const struct cred *c, uint32_t gid);
bool inode_readonly(const struct inode *ip);
int vfs_statfs(struct inode *ip, struct statfs_k *st);
struct super *vfs_anon_super(void);
struct inode *inode_follow_mounts(struct inode *ip);
bool vfs_ready(void);

/* ---- namei.c ---- */
struct inode *cur_cwd(void);
void nd_release(struct nameidata *nd);
int path_of_inode(struct inode *ip, char *buf, size_t size);
int dir_lookup(struct inode *dir, const char *name, size_t len,
	       struct inode **out);
bool name_is_dots(const char *name, size_t len);

/* ---- vfs_ops.c: namespace changes by path (kernel strings) ---- */
int vfs_mknod(int dirfd, const char *path, uint32_t mode, uint32_t rdev);
int vfs_symlink(const char *target, int dirfd, const char *path);
int vfs_unlink(int dirfd, const char *path, bool rmdir);
int vfs_link(int odirfd, const char *opath, int ndirfd, const char *npath,
	     unsigned lookup_flags);
int vfs_rename(int odirfd, const char *opath, int ndirfd, const char *npath,
	       unsigned flags);
ssize_t vfs_readlink(int dirfd, const char *path, char *buf, size_t n);
int vfs_setattr(struct inode *ip, struct iattr *ia);
int vfs_chmod(struct inode *ip, uint32_t mode);
int vfs_chown(struct inode *ip, uint32_t uid, uint32_t gid);
int vfs_truncate(struct inode *ip, uint64_t size);
#define RENAME_NOREPLACE 1

/* ---- fs_syscalls.c ---- */
int getname(uintptr_t upath, char **out);

/* ---- file.c ---- */
extern const struct file_ops path_fops;
void file_free_unopened(struct file *f);

/* ---- fd.c: more of the descriptor table than proc.h declares ---- */
int fd_limit(void);
int fd_room(void);
int fd_replace(int fd, struct file *f, bool cloexec);
int fd_cloexec(int fd, int set);
int fd_close_range(unsigned first, unsigned last, bool cloexec_only);

/* ---- ramfs.c ---- */
#define RAMFS_MAGIC 0x858458f6
#define TMPFS_MAGIC 0x01021994
#define DEVFS_MAGIC 0x1373
extern const struct fs_type ramfs_type, tmpfs_type;
int ramfs_fill(struct super *sb, const char *data);
int ramfs_statfs(struct super *sb, void *out);
struct inode *ramfs_new_unlinked(struct super *sb, uint32_t mode);
size_t ramfs_pages(void);

/* ---- ext2_super.c ---- */
#define EXT2_SUPER_MAGIC 0xEF53
extern const struct fs_type ext2_type;

/* ---- devfs.c, memdev.c ---- */
extern const struct fs_type devfs_type;
void memdev_init(void);

/* ---- pipe.c ---- */
#define PIPE_SIZE (64 * 1024)
#define PIPE_BUF 4096
extern const struct file_ops fifo_fops;
int pipe_create(unsigned flags, struct file **rd, struct file **wr);
bool file_is_pipe(const struct file *f);
size_t pipe_nread(struct file *f);

/* ---- poll.c ---- */
struct poll_item {
	struct file *f;		/* a reference, or NULL (fd not open) */
	short events;
	short revents;
	bool ignore;		/* f is NULL for a negative fd: no POLLNVAL */
};
#define POLL_NOWAIT 0ull		/* deadlines of poll_items */
#define POLL_FOREVER UINT64_MAX
int poll_items(struct poll_item *it, int n, uint64_t deadline);

/* ---- Linux layouts the same on every 64-bit ISA ---- */
struct linux_dirent64 {
	uint64_t d_ino;
	int64_t d_off;
	uint16_t d_reclen;
	uint8_t d_type;
	char d_name[];
};

struct kiovec {
	uintptr_t base;
	size_t len;
};

struct kpollfd {
	int32_t fd;
	int16_t events;
	int16_t revents;
};

struct ktimeval {
	int64_t tv_sec;
	int64_t tv_usec;
};

struct kflock {
	int16_t l_type;
	int16_t l_whence;
	int64_t l_start;
	int64_t l_len;
	int32_t l_pid;
};

struct statx_timestamp {
	int64_t tv_sec;
	uint32_t tv_nsec;
	int32_t pad;
};

struct kstatx {
	uint32_t stx_mask;
	uint32_t stx_blksize;
	uint64_t stx_attributes;
	uint32_t stx_nlink;
	uint32_t stx_uid;
	uint32_t stx_gid;
	uint16_t stx_mode;
	uint16_t pad1;
	uint64_t stx_ino;
	uint64_t stx_size;
	uint64_t stx_blocks;
	uint64_t stx_attributes_mask;
	struct statx_timestamp stx_atime, stx_btime, stx_ctime, stx_mtime;
	uint32_t stx_rdev_major, stx_rdev_minor;
	uint32_t stx_dev_major, stx_dev_minor;
	uint64_t stx_mnt_id;
	uint64_t spare[13];
};

_Static_assert(sizeof(struct kstatx) == 256, "struct statx");
_Static_assert(sizeof(struct kflock) == 32, "struct flock");

#endif
