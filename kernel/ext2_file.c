/*
 * ext2_file.c -- the data of ext2 regular files, through the page cache:
 * read (with relatime access times), write (one writer at a time per
 * file, large_file turned on past 2 GiB), truncate, fsync; and fsync of
 * directories.
 */
#include "ext2.h"
#include "vm.h"

#define LARGE_FILE_SIZE 0x80000000ull	/* 2 GiB needs large_file */
#define RELATIME_NS (24ull * 3600 * NSEC_PER_SEC)

static bool
ts_le(struct timespec64 a, struct timespec64 b)
{
	return a.tv_sec < b.tv_sec ||
	       (a.tv_sec == b.tv_sec && a.tv_nsec <= b.tv_nsec);
}

/* Linux's relatime: the access time moves when it is older than the
 * last change, or a day old. */
static void
touch_atime(struct inode *ip)
{
	struct timespec64 now = vfs_now();

	if (ext2_readonly(EXT2_FS(ip->sb)))
		return;
	mutex_lock(&ip->lock);
	if (ts_le(ip->atime, ip->mtime) || ts_le(ip->atime, ip->ctime) ||
	    (uint64_t)(now.tv_sec - ip->atime.tv_sec) * NSEC_PER_SEC >=
	    RELATIME_NS) {
		ip->atime = now;
		ext2_mark_dirty(ip);
	}
	mutex_unlock(&ip->lock);
}

static ssize_t
ext2_file_read(struct file *f, struct uio *u, uint64_t off)
{
	ssize_t r = pcache_read(&EI(f->ip)->pc, u, off);

	if (r >= 0)
		touch_atime(f->ip);
	return r;
}

/* The file grew past 2 GiB: the file system must say large_file. */
static int
need_large_file(struct ext2_fs *fs, uint64_t size)
{
	if (size < LARGE_FILE_SIZE || (fs->es.s_feature_ro_compat &
				       EXT2_FEATURE_RO_COMPAT_LARGE_FILE))
		return 0;
	return ext2_set_ro_feature(fs, EXT2_FEATURE_RO_COMPAT_LARGE_FILE);
}

static int ext2_fsync(struct file *f);

static ssize_t
ext2_file_write(struct file *f, struct uio *u, uint64_t off)
{
	struct inode *ip = f->ip;
	struct ext2_inode_info *ei = EI(ip);
	struct ext2_fs *fs = EXT2_FS(ip->sb);
	bool append = off == FILE_APPEND;
	size_t want = u->len;
	ssize_t n;

	if (ext2_readonly(fs))
		return -EROFS;
	if (ei->flags & (EXT2_IMMUTABLE_FL | EXT2_APPEND_FL))
		if ((ei->flags & EXT2_IMMUTABLE_FL) || !append)
			return -EPERM;
	mutex_lock(&ei->wlock);
	if (append)
		off = READ_ONCE(ip->size);
	n = pcache_write(&ei->pc, u, off, fs->max_bytes);
	need_large_file(fs, READ_ONCE(ip->size));
	mutex_lock(&ip->lock);
	if (n > 0) {
		ip->mtime = ip->ctime = vfs_now();
		if (cur_cred()->fsuid != 0)	/* no set-id file a user changed */
			ip->mode &= ~(uint32_t)(S_ISUID |
						((ip->mode & 010) ? S_ISGID : 0));
	}
	if (n < 0 || (size_t)n < want)	/* blocks past the end go again */
		ext2_truncate_blocks(ip, ip->size);
	ext2_mark_dirty(ip);
	mutex_unlock(&ip->lock);
	if (append)
		f->pos = off + (n > 0 ? (uint64_t)n : 0);
	mutex_unlock(&ei->wlock);
	if (n > 0 && (f->flags & O_DSYNC)) {
		int r = ext2_fsync(f);

		if (r < 0)
			return r;
	}
	return n;
}

/*
 * Set the size of regular file ip: pages and blocks past the new end go
 * (shared mappings lose them first), the last page's tail is zeroed; a
 * larger size leaves a hole. 0, -EISDIR, -EINVAL, -EFBIG, -EROFS, -EIO.
 * Takes the file's writer lock, then ip->lock; may sleep.
 */
int
ext2_truncate(struct inode *ip, uint64_t size)
{
	struct ext2_fs *fs = EXT2_FS(ip->sb);
	struct ext2_inode_info *ei = EI(ip);
	int r = 0, e;

	if (S_ISDIR(ip->mode))
		return -EISDIR;
	if (!S_ISREG(ip->mode))
		return -EINVAL;
	if (size > fs->max_bytes)
		return -EFBIG;
	if (ext2_readonly(fs))
		return -EROFS;
	if (ei->flags & (EXT2_IMMUTABLE_FL | EXT2_APPEND_FL))
		return -EPERM;
	mutex_lock(&ei->wlock);
	if ((r = need_large_file(fs, size)) == 0 && size < ip->size) {
		vm_file_truncated(ip, ALIGN_UP(size, PAGE_SIZE) >> PAGE_SHIFT);
		mutex_lock(&ip->lock);
		ip->size = size;
		mutex_unlock(&ip->lock);
		r = pcache_truncate(&ei->pc, size);
		mutex_lock(&ip->lock);
		if ((e = ext2_truncate_blocks(ip, size)) < 0 && r == 0)
			r = e;
		mutex_unlock(&ip->lock);
	} else if (r == 0) {
		mutex_lock(&ip->lock);
		ip->size = size;
		pcache_set_size(&ei->pc, size);
		mutex_unlock(&ip->lock);
	}
	mutex_lock(&ip->lock);
	ip->mtime = ip->ctime = vfs_now();
	ext2_mark_dirty(ip);
	mutex_unlock(&ip->lock);
	mutex_unlock(&ei->wlock);
	return r;
}

/*
 * fsync(2) and fdatasync(2): the file's pages (with what shared mappings
 * wrote), its inode, and every dirty metadata block of the disk reach
 * the disk. 0 or -EIO. May sleep.
 */
static int
ext2_fsync(struct file *f)
{
	struct inode *ip = f->ip;
	struct ext2_fs *fs = EXT2_FS(ip->sb);
	int r = 0, e;

	if (ext2_readonly(fs))
		return 0;
	if (S_ISREG(ip->mode)) {
		vm_file_dirty(ip);
		r = pcache_writeback(&EI(ip)->pc, 0, UINT64_MAX);
		if ((e = pcache_take_error(&EI(ip)->pc)) < 0 && r == 0)
			r = e;
	}
	mutex_lock(&ip->lock);
	if ((e = ext2_write_inode(ip)) < 0 && r == 0)
		r = e;
	mutex_unlock(&ip->lock);
	if ((e = ext2_sync(fs, false)) < 0 && r == 0)	/* all metadata */
		r = e;
	if ((e = bsync(fs->dev)) < 0 && r == 0)
		r = e;
	return r;
}

const struct file_ops ext2_file_fops = {
	.read = ext2_file_read,
	.write = ext2_file_write,
	.fsync = ext2_fsync,
	.seekable = true,
};

const struct file_ops ext2_dir_fops = {
	.readdir = ext2_readdir,
	.fsync = ext2_fsync,
	.seekable = true,
};
