/*
 * block.h -- the block layer: disks the HAL reports, a request queue per
 * disk, a buffer cache of their blocks with write-back, and waiting for
 * I/O. File systems read and write metadata through bread/bdirty/brelse;
 * file data goes through each file system's page cache and block_rw.
 */
#ifndef KERNEL_BLOCK_H
#define KERNEL_BLOCK_H

#include "kernel.h"
#include "waitq.h"

struct file_ops;

#define BLOCK_MAJOR 254		/* virtio-blk's on Linux: vda is 254:0 */
#define BLOCK_MAX_DEVS 16

/* What /proc/diskstats shows; guarded by the device's qlock. */
struct block_stats {
	uint64_t reads, read_sectors, read_ns;
	uint64_t writes, write_sectors, write_ns;
	uint64_t flushes, flush_ns;
	uint64_t busy_ns;	/* time with at least one request in flight */
	uint64_t busy_since;	/* when inflight went from 0 to 1 */
};

struct blockdev {
	int id;			/* the HAL's device number */
	char name[8];		/* "vda", "vdb", ... */
	uint64_t sectors;
	bool readonly;
	uint32_t rdev;		/* its device number (BLOCK_MAJOR, id) */
	uint32_t max_sectors;	/* largest request the HAL takes */
	uint32_t max_segs;	/* most pieces of RAM in one request */
	uint32_t depth;		/* requests in flight at most */
	char model[32];

	struct spinlock qlock;	/* guards the fields below */
	struct list queue;	/* struct breq waiting for a slot, FIFO */
	uint32_t inflight;	/* requests the HAL holds */
	bool need_flush;	/* a write completed since the last FLUSH */
	int wb_err;		/* a write-back failed: next bsync's -EIO */
	unsigned errors_logged;
	struct block_stats st;

	/* Guarded by the buffer cache's lock (block.c). */
	struct list bufs;	/* its cached blocks (struct buf.dev_link) */
	unsigned nbufs, ndirty;
	uint32_t size_mask;	/* block sizes it has had in the cache */
};

/*
 * A set of requests someone waits for: block_wait returns when every
 * request submitted with it has completed.
 */
struct bwait {
	struct spinlock lock;	/* guards pending, status */
	int pending;
	int status;		/* 0, or the first error */
	struct waitq wq;
};

/* One request of the block layer: the HAL's request and its queueing. */
struct breq {
	struct hal_block_req hr;
	struct blockdev *dev;
	struct list link;	/* in dev->queue while waiting for a slot */
	uint64_t start_ns;	/* when the HAL got it */
	struct bwait *w;
};

#define B_VALID 0x1		/* data holds the block's contents */
#define B_DIRTY 0x2		/* data must be written back */
#define B_ERROR 0x4		/* the last read or write of it failed */

/*
 * A cached block. flags, refs and the links are guarded by the cache's
 * lock; data by lock, which its user holds between bread and brelse.
 */
struct buf {
	struct list hash_link;	/* in its hash chain */
	struct list lru_link;	/* in the LRU list, most recent first */
	struct list dirty_link;	/* in the dirty list, oldest first */
	struct list dev_link;	/* in dev->bufs */
	struct blockdev *dev;
	uint64_t blockno;	/* in units of size */
	uint32_t size;		/* 512, 1024, 2048 or 4096 */
	unsigned flags;		/* B_* */
	int refs;		/* users (bread .. brelse) and write-back */
	struct mutex lock;	/* held from bread to brelse */
	uint8_t *data;
	uint64_t dirtied_ns;	/* when it became dirty (flusher age) */
};

/* Buffers dirty for longer than this are written back by the flusher. */
#define BLOCK_DIRTY_EXPIRE_NS (5 * NSEC_PER_SEC)
/* How often the flusher looks while anything is dirty. */
#define BLOCK_FLUSH_PERIOD_NS NSEC_PER_SEC

/*
 * Set up every disk the HAL has and the buffer cache (boot, or a unit
 * test after the heap): the cache may hold an eighth of RAM. Nothing
 * here sleeps or starts a thread; block_start_flusher does.
 */
void block_init(void);
void block_start_flusher(void);
int block_count(void);
struct blockdev *block_dev(int index);
struct blockdev *block_find(const char *name);	/* "vda" or "/dev/vda" */
struct blockdev *block_by_rdev(uint32_t rdev);

/*
 * The block `blockno` of `size` bytes, locked and referenced, its data
 * read from the disk if not cached; NULL if memory is short or the
 * block is not on the disk. On a read error the buffer comes back
 * without B_VALID and with B_ERROR (callers say -EIO). May sleep.
 */
struct buf *bread(struct blockdev *d, uint64_t blockno, uint32_t size);

/* The same without reading: the caller fills the whole block and then
 * calls bdirty (which makes it B_VALID). */
struct buf *bget(struct blockdev *d, uint64_t blockno, uint32_t size);

/* Mark b (locked) modified and valid: written back by the flusher,
 * bsync or eviction. */
void bdirty(struct buf *b);

/* Write b (locked) now and wait: 0 or -EIO (-EROFS). May sleep. */
int bwrite(struct buf *b);

/* Unlock and release b. */
void brelse(struct buf *b);

/*
 * Write back every dirty block of d (NULL: every disk), then flush the
 * disk's cache. 0, or -EIO if a write failed, now or in an earlier
 * background write-back since the last bsync. May sleep. Buffers the
 * caller holds are left dirty (write them with bwrite); buffers other
 * threads hold are waited for.
 */
int bsync(struct blockdev *d);

/* Forget d's cached blocks that nobody uses (after an unmount); dirty
 * ones are written back first. May sleep. */
void binvalidate(struct blockdev *d);

/*
 * Raw transfer, bypassing the cache (file data through a page cache):
 * `count` sectors at `sector` to or from buf (RAM: kmalloc or pages).
 * Split into requests the HAL takes, all in flight at once. 0, -EIO,
 * -EINVAL (past the end), -EROFS, -ENOMEM. May sleep.
 */
int block_rw(struct blockdev *d, bool write, uint64_t sector, uint32_t count,
	     void *buf);

/*
 * The same with the data scattered over nseg pieces of RAM, in order
 * (each a whole number of sectors, e.g. the pages of a page cache or of
 * a user buffer): as few requests as the HAL's max_sectors and max_segs
 * allow. May sleep.
 */
int block_rwv(struct blockdev *d, bool write, uint64_t sector,
	      const struct hal_block_seg *seg, int nseg);
/*
 * The same without waiting: block_rwv_start queues the transfer (0, or
 * -EINVAL, -EROFS, -ENOMEM with nothing queued); seg and io must stay
 * until block_rwv_finish(io) has waited for it (0 or -EIO). Start never
 * sleeps; finish may.
 */
struct block_io {
	struct bwait w;
	struct blockdev *d;
	int op;
	uint64_t sector, count;
	struct hal_block_seg small[4], *p;	/* the pieces, cut to size */
	struct breq one[2], *rqs;		/* the requests */
};
int block_rwv_start(struct blockdev *d, bool write, uint64_t sector,
		    const struct hal_block_seg *seg, int nseg,
		    struct block_io *io);
int block_rwv_finish(struct block_io *io);

/* Ask the disk to make completed writes durable (HAL_BLOCK_FLUSH). */
int block_flush(struct blockdev *d);

/*
 * Asynchronous requests: bwait_init(w), then block_submit each request
 * (op, sector, count <= d->max_sectors, buf) with w, then block_wait(w):
 * 0 or the first error. A request waits in the device's queue while
 * d->depth requests are in flight. block_submit never sleeps.
 */
void bwait_init(struct bwait *w);
void block_submit(struct blockdev *d, struct breq *rq, int op, uint64_t sector,
		  uint32_t count, void *buf, struct bwait *w);
void block_submit_segs(struct blockdev *d, struct breq *rq, int op,
		       uint64_t sector, uint32_t count,
		       const struct hal_block_seg *seg, uint32_t nseg,
		       struct bwait *w);
int block_wait(struct bwait *w);

/*
 * Register hooks run by sync(2) and the flusher (file systems' page
 * caches). fn(arg, true) writes back everything dirty and waits;
 * fn(arg, false), from the flusher about once a second, starts writing
 * what was dirtied more than BLOCK_DIRTY_EXPIRE_NS ago. fn returns 0,
 * -EIO, or > 0 when dirty data remains (the flusher will come back).
 * A syncer that dirties data while the flusher sleeps calls
 * block_dirty_notify so that it wakes up.
 */
int block_register_syncer(int (*fn)(void *arg, bool wait), void *arg);
void block_unregister_syncer(void *arg);
void block_dirty_notify(void);

/* sync(2) (d NULL) and syncfs(2): every syncer, then bsync(d). */
int block_sync(struct blockdev *d);

/* For /dev/vdX (blockdev.c): keep the cache coherent with raw I/O.
 * Called holding no buffer (they wait for the buffers' locks). */
int block_cache_writeback_range(struct blockdev *d, uint64_t sector,
				uint64_t count);
void block_cache_update_range(struct blockdev *d, uint64_t sector,
			      uint64_t count, const void *data);

/* The cache's size in bytes (Buffers: in /proc/meminfo), and its limit
 * (0: the default, an eighth of RAM). */
size_t block_cache_bytes(void);
void block_cache_set_limit(size_t bytes);

/* Shared by block.c and bcache.c. */
void bcache_init(void);
bool bcache_writeback_expired(uint64_t cutoff);
void block_log_error(struct blockdev *d, int op, uint64_t sector,
		     uint32_t count, int err);

/* blockdev.c: the file operations of /dev/vdX, the /proc files. */
extern const struct file_ops blockdev_fops;
struct pbuf;
int block_show_partitions(struct pbuf *b, int pid);
int block_show_diskstats(struct pbuf *b, int pid);

#endif
