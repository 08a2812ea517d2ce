/*
 * blockdev.c -- the device files of the disks (/dev/vda, /dev/vdb...):
 * reads and writes of any length at any offset as raw transfers through
 * a bounce buffer, kept coherent with the buffer cache; fsync; the BLK*
 * ioctls. Transfers of whole sectors to or from user memory skip the
 * bounce buffer: the disk moves the data straight to or from the user's
 * pages. And the disks' /proc files, partitions and diskstats.
 */
#include "block.h"
#include "fs_local.h"
#include "heap.h"
#include "procfs.h"
#include "uaccess.h"
#include "vm.h"

#define CHUNK (256 * 1024)	/* bytes of one bounced transfer, at most */
#define DIRECT_MIN 4096		/* smaller transfers are bounced */
#define DIRECT_MAX (1024 * 1024)	/* user memory a direct one holds */
#define DIRECT_PAGES (DIRECT_MAX / PAGE_SIZE + 1)

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

/*
 * Look up (faulting in) the user pages of [ua, ua + n) for `access` and
 * describe them as segments, merging physically adjacent ones; each
 * page is held by a reference (pages[]) until put_pages. Returns the
 * number of segments, or -EFAULT with nothing held.
 */
static int
get_pages(struct vm *vm, uintptr_t ua, size_t n, int access,
	  struct hal_block_seg *seg, paddr_t *pages, int *npages)
{
	size_t off, len;
	int nseg = 0;
	uint8_t *p;

	*npages = 0;
	while (n > 0) {
		off = ua & (PAGE_SIZE - 1);
		len = MIN(n, PAGE_SIZE - off);
		if (vm_translate(vm, ua - off, access, &pages[*npages]) < 0) {
			while (*npages > 0)
				page_unref(pages[--*npages]);
			return -EFAULT;
		}
		p = (uint8_t *)hal_p2v(pages[(*npages)++]) + off;
		if (nseg > 0 && (uint8_t *)seg[nseg - 1].buf +
				seg[nseg - 1].len == p)
			seg[nseg - 1].len += (uint32_t)len;
		else
			seg[nseg++] = (struct hal_block_seg){ p,
							      (uint32_t)len };
		ua += len;
		n -= len;
	}
	return nseg;
}

static void
put_pages(paddr_t *pages, int n)
{
	while (n > 0)
		page_unref(pages[--n]);
}

/*
 * Move whole sectors between the disk at byte off (a sector boundary)
 * and user memory (u->base on a sector boundary): n bytes, a multiple
 * of 512, through the user's own pages. Returns the bytes moved (u
 * advanced past them) or -EXXX.
 */
static ssize_t
blk_direct(struct blockdev *d, struct uio *u, uint64_t off, size_t n,
	   bool write)
{
	struct hal_block_seg *seg = kmalloc(DIRECT_PAGES * sizeof(*seg));
	paddr_t *pages = kmalloc(DIRECT_PAGES * sizeof(*pages));
	struct proc *p = curproc();
	size_t done = 0, len;
	uint64_t first;
	int nseg, npages, r = 0;

	if (seg == NULL || pages == NULL || p == NULL || p->vm == NULL) {
		r = -ENOMEM;
		goto out;
	}
	while (done < n) {
		len = MIN(n - done, (size_t)DIRECT_MAX);
		first = (off + done) / HAL_BLOCK_SECTOR;
		nseg = get_pages(p->vm, u->base, len, write ? HAL_ACCESS_READ :
				 HAL_ACCESS_WRITE, seg, pages, &npages);
		if ((r = nseg) < 0)
			break;
		r = write ? 0 : block_cache_writeback_range(d, first, len /
							     HAL_BLOCK_SECTOR);
		if (r == 0)
			r = block_rwv(d, write, first, seg, nseg);
		for (int i = 0; write && r == 0 && i < nseg; i++) {
			block_cache_update_range(d, first, seg[i].len /
						 HAL_BLOCK_SECTOR, seg[i].buf);
			first += seg[i].len / HAL_BLOCK_SECTOR;
		}
		put_pages(pages, npages);
		if (r < 0)
			break;
		u->base += len;
		u->len -= len;
		done += len;
	}
out:
	kfree(seg);
	kfree(pages);
	return done > 0 ? (ssize_t)done : r;
}

/* Can [off, off + n) go straight between the disk and u's memory? The
 * whole sectors of it can, when both ends line up. */
static size_t
direct_len(const struct uio *u, uint64_t off, uint64_t n)
{
	if (u->kernel || off % HAL_BLOCK_SECTOR != 0 ||
	    u->base % HAL_BLOCK_SECTOR != 0 || n < DIRECT_MIN)
		return 0;
	return (size_t)ALIGN_DOWN(n, (uint64_t)HAL_BLOCK_SECTOR);
}

/* One bounce buffer of a read and the request filling it. */
struct rchunk {
	uint8_t *buf;
	size_t cap;
	struct bwait w;
	struct breq rq;
	uint64_t first;		/* sector */
	size_t skip, n;		/* the bytes wanted: buf[skip..skip+n) */
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
	ssize_t direct;
	int cur = 0, r = 0;

	if (off >= dev_bytes(d))
		return 0;
	end = off + MIN((uint64_t)u->len, dev_bytes(d) - off);
	if ((done = direct_len(u, off, end - off)) > 0) {
		direct = blk_direct(d, u, off, done, false);
		if (direct < (ssize_t)done)
			return direct;	/* an error, or cut short by one */
		if ((off += done) == end)
			return (ssize_t)done;
		/* The last partial sector follows, through a bounce buffer. */
	}
	memset(c, 0, sizeof(c));
	if ((c[0].buf = bounce_alloc(&c[0].cap)) == NULL)
		return done > 0 ? (ssize_t)done : -ENOMEM;
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
			rchunk_wait(d, &c[i]);	/* the disk's till then */
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
	size_t skip = off % HAL_BLOCK_SECTOR;
	size_t tail = (skip + n) % HAL_BLOCK_SECTOR;
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
	ssize_t direct;
	uint64_t end;
	uint8_t *buf;
	int r = 0;

	if (d->readonly)
		return -EROFS;
	if (off == FILE_APPEND) {
		f->pos = dev_bytes(d);	/* a disk's end: nothing fits */
		return -ENOSPC;
	}
	if (off >= dev_bytes(d))
		return -ENOSPC;
	end = off + MIN((uint64_t)u->len, dev_bytes(d) - off);
	if ((done = direct_len(u, off, end - off)) > 0) {
		direct = blk_direct(d, u, off, done, true);
		if (direct < (ssize_t)done)
			return direct;	/* an error, or cut short by one */
		if ((off += done) == end)
			return (ssize_t)done;
	}
	if ((buf = bounce_alloc(&cap)) == NULL)
		return done > 0 ? (ssize_t)done : -ENOMEM;
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
		return put_user((unsigned long)d->sectors, arg) < 0 ?
		       -EFAULT : 0;
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
			    MINOR(d->rdev),
			    (unsigned long long)(d->sectors / 2), d->name);
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
			    (unsigned long long)st.write_sectors,
			    ms(st.write_ns),
			    inflight, ms(st.busy_ns),
			    ms(st.read_ns + st.write_ns + st.flush_ns),
			    (unsigned long long)st.flushes, ms(st.flush_ns));
	}
	return b->overflow ? -ENOMEM : 0;
}
