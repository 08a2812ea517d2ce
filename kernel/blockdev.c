/*
 * blockdev.c -- the device files of the disks (/dev/vda, /dev/vdb...):
 * reads and writes of any length at any offset as raw transfers through
 * a bounce buffer, kept coherent with the buffer cache; fsync; the BLK*
 * ioctls. And the disks' /proc files, partitions and diskstats.
 */
#include "block.h"
#include "fs_local.h"
#include "heap.h"
#include "procfs.h"
#include "uaccess.h"

#define CHUNK (256 * 1024)	/* bytes of one raw transfer, at most */

/* Linux's block ioctls (the same numbers on x86_64 and aarch64). */
#define BLKROGET 0x125e
#define BLKGETSIZE 0x1260
#define BLKFLSBUF 0x1261
#define BLKSSZGET 0x1268
#define BLKBSZGET 0x80081270
#define BLKGETSIZE64 0x80081272
#define BLKIOMIN 0x1278
#define BLKIOOPT 0x1279
#define BLKPBSZGET 0x127b

static int
blk_open(struct inode *ip, struct file *f)
{
	struct blockdev *d = block_by_rdev(ip->rdev);

	if (d == NULL)
		return -ENXIO;
	if ((f->mode & FMODE_WRITE) && d->readonly)
		return -EROFS;
	f->priv = d;
	return 0;
}

static uint64_t
dev_bytes(const struct blockdev *d)
{
	return d->sectors * HAL_BLOCK_SECTOR;
}

/* A bounce buffer of CHUNK bytes, or of a page when memory is tight. */
static uint8_t *
bounce_alloc(size_t *size)
{
	uint8_t *p;

	*size = CHUNK;
	if ((p = kmalloc(CHUNK)) == NULL) {
		*size = PAGE_SIZE;
		p = kmalloc(PAGE_SIZE);
	}
	return p;
}

/* One bounce buffer of a read and the request filling it. */
struct rchunk {
	uint8_t *buf;
	size_t cap;
	struct bwait w;
	struct breq rq;
	uint64_t first;		/* sector */
	size_t skip, n;		/* the bytes wanted: buf[skip, skip + n) */
	bool busy;		/* the request is in flight */
};

/* Start reading [off, end) (what fits in c) into c. 0 or -EIO. */
static int
rchunk_start(struct blockdev *d, struct rchunk *c, uint64_t off, uint64_t end)
{
	uint32_t nsec;
	int r;

	c->first = off / HAL_BLOCK_SECTOR;
	c->skip = off % HAL_BLOCK_SECTOR;
	c->n = MIN(end - off, c->cap - c->skip);
	nsec = (uint32_t)((c->skip + c->n + HAL_BLOCK_SECTOR - 1) /
			  HAL_BLOCK_SECTOR);
	if ((r = block_cache_writeback_range(d, c->first, nsec)) < 0)
		return r;
	bwait_init(&c->w);
	block_submit(d, &c->rq, HAL_BLOCK_READ, c->first, nsec, c->buf, &c->w);
	c->busy = true;
	return 0;
}

/* Wait for c's request: 0 or -EIO (logged). */
static int
rchunk_wait(struct blockdev *d, struct rchunk *c)
{
	int r;

	c->busy = false;
	if ((r = block_wait(&c->w)) < 0) {
		block_log_error(d, HAL_BLOCK_READ, c->first, c->rq.hr.count, r);
		return -EIO;
	}
	return 0;
}

/*
 * Reads go through two bounce buffers: while one is copied to the
 * reader, the disk fills the other, so the copy and the transfer
 * overlap (on the sim: the guest CPU and the drive's I/O thread).
 */
static ssize_t
blk_read(struct file *f, struct uio *u, uint64_t off)
{
	struct blockdev *d = f->priv;
	struct rchunk c[2];
	uint64_t end, next;
	size_t done = 0;
	int cur = 0, r = 0;

	if (off >= dev_bytes(d))
		return 0;
	end = off + MIN((uint64_t)u->len, dev_bytes(d) - off);
	memset(c, 0, sizeof(c));
	if ((c[0].buf = bounce_alloc(&c[0].cap)) == NULL)
		return -ENOMEM;
	c[0].cap = MIN(c[0].cap, (size_t)d->max_sectors * HAL_BLOCK_SECTOR);
	if (end - off > c[0].cap && (c[1].buf = kmalloc(c[0].cap)) != NULL)
		c[1].cap = c[0].cap;
	for (next = off; r == 0 && (next < end || c[cur].busy); ) {
		/* Keep both buffers busy: start the next chunk first. */
		for (int i = 0; i < 2 && next < end; i++) {
			struct rchunk *ci = &c[(cur + i) % 2];

			if (ci->buf == NULL || ci->busy)
				continue;
			if ((r = rchunk_start(d, ci, next, end)) < 0)
				break;
			next += ci->n;
		}
		if (r < 0 || (r = rchunk_wait(d, &c[cur])) < 0)
			break;
		if (uio_out(u, c[cur].buf + c[cur].skip, c[cur].n) < 0) {
			r = -EFAULT;
			break;
		}
		done += c[cur].n;
		if (c[1 - cur].busy)
			cur = 1 - cur;
	}
	for (int i = 0; i < 2; i++) {
		if (c[i].busy)
			rchunk_wait(d, &c[i]);	/* the buffer is the disk's */
		kfree(c[i].buf);
	}
	return done > 0 ? (ssize_t)done : r;
}

/*
 * Write n bytes of u at byte off (within one chunk): whole sectors go
 * straight to the disk; a partial first or last sector is read first.
 */
static int
write_chunk(struct blockdev *d, struct uio *u, uint64_t off, size_t n,
	    uint8_t *buf)
{
	uint64_t first = off / HAL_BLOCK_SECTOR;
	size_t skip = off % HAL_BLOCK_SECTOR, tail = (skip + n) % HAL_BLOCK_SECTOR;
	uint32_t nsec = (uint32_t)((skip + n + HAL_BLOCK_SECTOR - 1) /
				   HAL_BLOCK_SECTOR);
	int r;

	if ((skip != 0 || tail != 0) &&
	    (r = block_cache_writeback_range(d, first, nsec)) < 0)
		return r;
	if (skip != 0 && (r = block_rw(d, false, first, 1, buf)) < 0)
		return r;
	if (tail != 0 && (nsec > 1 || skip == 0) &&
	    (r = block_rw(d, false, first + nsec - 1, 1,
			  buf + (size_t)(nsec - 1) * HAL_BLOCK_SECTOR)) < 0)
		return r;
	if (uio_in(u, buf + skip, n) < 0)
		return -EFAULT;
	if ((r = block_rw(d, true, first, nsec, buf)) < 0)
		return r;
	block_cache_update_range(d, first, nsec, buf);
	return 0;
}

/* Writes reach the disk now (no delay); fsync makes them durable. */
static ssize_t
blk_write(struct file *f, struct uio *u, uint64_t off)
{
	struct blockdev *d = f->priv;
	size_t done = 0, n, cap;
	uint64_t end;
	uint8_t *buf;
	int r = 0;

	if (d->readonly)
		return -EROFS;
	if (off == FILE_APPEND) {
		f->pos = dev_bytes(d);	/* the end of a disk: nothing fits */
		return -ENOSPC;
	}
	if (off >= dev_bytes(d))
		return -ENOSPC;
	end = off + MIN((uint64_t)u->len, dev_bytes(d) - off);
	if ((buf = bounce_alloc(&cap)) == NULL)
		return -ENOMEM;
	while (off < end) {
		/* Chunks after the first start on a sector boundary. */
		n = MIN(end - off, cap - off % HAL_BLOCK_SECTOR);
		if ((r = write_chunk(d, u, off, n, buf)) < 0)
			break;
		off += n;
		done += n;
	}
	kfree(buf);
	return done > 0 ? (ssize_t)done : r;
}

static int
blk_fsync(struct file *f)
{
	return bsync(f->priv);
}

static int
blk_ioctl(struct file *f, unsigned long cmd, uintptr_t arg)
{
	struct blockdev *d = f->priv;

	switch (cmd) {
	case BLKGETSIZE64:
		return put_user(dev_bytes(d), arg) < 0 ? -EFAULT : 0;
	case BLKGETSIZE:
		return put_user((unsigned long)d->sectors, arg) < 0 ? -EFAULT : 0;
	case BLKSSZGET:
	case BLKPBSZGET:
	case BLKIOMIN:
		return put_user((int)HAL_BLOCK_SECTOR, arg) < 0 ? -EFAULT : 0;
	case BLKBSZGET:
		return put_user((int)PAGE_SIZE, arg) < 0 ? -EFAULT : 0;
	case BLKIOOPT:
		return put_user(0u, arg) < 0 ? -EFAULT : 0;
	case BLKROGET:
		return put_user((int)d->readonly, arg) < 0 ? -EFAULT : 0;
	case BLKFLSBUF:
		if (cur_cred()->euid != 0)
			return -EACCES;
		bsync(d);
		binvalidate(d);
		return 0;
	}
	return -ENOTTY;
}

const struct file_ops blockdev_fops = {
	.open = blk_open,
	.read = blk_read,
	.write = blk_write,
	.ioctl = blk_ioctl,
	.fsync = blk_fsync,
	.seekable = true,
};

/* ---- /proc ---- */

/* /proc/partitions: the whole disks (no partition tables yet). */
int
block_show_partitions(struct pbuf *b, int pid)
{
	struct blockdev *d;

	(void)pid;
	pbuf_printf(b, "major minor  #blocks  name\n\n");
	for (int i = 0; (d = block_dev(i)) != NULL; i++)
		pbuf_printf(b, "%4u  %7u %10llu %s\n", MAJOR(d->rdev),
			    MINOR(d->rdev), (unsigned long long)(d->sectors / 2),
			    d->name);
	return b->overflow ? -ENOMEM : 0;
}

static unsigned long long
ms(uint64_t ns)
{
	return (unsigned long long)(ns / NSEC_PER_MSEC);
}

/* /proc/diskstats, in Linux 5.5's format (merges and discards are 0). */
int
block_show_diskstats(struct pbuf *b, int pid)
{
	struct block_stats st;
	struct blockdev *d;
	unsigned inflight;
	uint64_t now;

	(void)pid;
	for (int i = 0; (d = block_dev(i)) != NULL; i++) {
		now = hal_time_ns();
		spin_lock(&d->qlock);
		st = d->st;
		inflight = d->inflight;
		spin_unlock(&d->qlock);
		if (inflight > 0)
			st.busy_ns += now - st.busy_since;
		pbuf_printf(b, "%4u %7u %s %llu 0 %llu %llu %llu 0 %llu %llu "
			    "%u %llu %llu 0 0 0 0 %llu %llu\n",
			    MAJOR(d->rdev), MINOR(d->rdev), d->name,
			    (unsigned long long)st.reads,
			    (unsigned long long)st.read_sectors, ms(st.read_ns),
			    (unsigned long long)st.writes,
			    (unsigned long long)st.write_sectors, ms(st.write_ns),
			    inflight, ms(st.busy_ns),
			    ms(st.read_ns + st.write_ns + st.flush_ns),
			    (unsigned long long)st.flushes, ms(st.flush_ns));
	}
	return b->overflow ? -ENOMEM : 0;
}
