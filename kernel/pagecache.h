/*
 * pagecache.h -- the page cache of files on block devices: each file's
 * data cached once, in physical pages that read(2), write(2) and mmap
 * share. A file system gives a block map (bmap); the cache does the I/O,
 * write-back of dirty pages, truncation and eviction, and gives clean
 * pages back to the page allocator when it runs short.
 */
#ifndef KERNEL_PAGECACHE_H
#define KERNEL_PAGECACHE_H

#include "kernel.h"
#include "waitq.h"

struct inode;
struct uio;
struct blockdev;
struct ra_io;

struct pcache_ops {
	/*
	 * Map block lblk of the file (in units of the file system's block)
	 * to a block of the device: 0 and *pblk, with *pblk 0 for a hole.
	 * With `create`, a hole gets a new block (*fresh says so; its old
	 * contents on the disk are garbage until the cache writes it).
	 * -EIO (corrupt map), -ENOSPC, -EFBIG. Called with no pcache or
	 * inode lock held; takes the inode's lock itself. May sleep.
	 * `len`, if not NULL and without `create`: on entry the most blocks
	 * the caller wants, on return how many (at least 1) from lblk on map
	 * as lblk does: to *pblk, *pblk + 1, ..., or all holes. One call then
	 * maps a whole read-ahead run instead of one call a block.
	 */
	int (*bmap)(struct inode *ip, uint64_t lblk, bool create,
		    uint64_t *pblk, bool *fresh, unsigned *len);
};

/* Entry bits (the low bits of the page's physical address). */
#define PC_UPTODATE 0x1		/* holds the file's bytes */
#define PC_DIRTY 0x2		/* newer than the disk */
#define PC_BUSY 0x4		/* being read in or written back */
#define PC_FLAGS 0xfffull

/*
 * One file's cached pages, usually inside the file system's inode. The
 * file's size is ip->size (changed under ip->lock); `limit` mirrors it in
 * pages so that no page past the end of the file is read in after a
 * truncate has begun.
 */
struct pcache {
	struct spinlock lock;	/* guards everything below and the entries */
	struct inode *ip;
	const struct pcache_ops *ops;
	struct blockdev *dev;
	unsigned bshift;	/* log2 of the block size, 9..PAGE_SHIFT */
	uint64_t *root;		/* radix tree of 64-slot nodes, or NULL */
	int height;		/* levels of the tree; 0 when empty */
	uint64_t limit;		/* pages [0, limit) may be read in */
	size_t npages;		/* pages cached */
	size_t ndirty;		/* of which dirty */
	int error;		/* a write-back failed; the next sync says so */
	uint64_t dirtied_ns;	/* when ndirty last became non-zero */
	uint64_t ra_next;	/* where the last read-ahead run ended */
	unsigned ra_pages;	/* and how many pages it wanted */
	unsigned ra_claimed;	/* read-aheads being started or in flight */
	struct ra_io *ra;	/* those in flight, oldest first */
	bool listed;		/* in the list of caches (reclaim); cache_lock */
	struct waitq wq;	/* waiting for a PC_BUSY page */
	struct list link;	/* in that list */
};

void pcache_init(struct pcache *pc, struct inode *ip,
		 const struct pcache_ops *ops, struct blockdev *dev,
		 unsigned bshift);

/* Flags of pcache_get. */
#define PCG_EXTEND 0x1		/* past the end is fine: a zeroed page */
#define PCG_CACHED 0x2		/* only if cached: -ENOENT otherwise */

int pcache_get(struct pcache *pc, uint64_t idx, unsigned how, paddr_t *pa);
void pcache_set_dirty(struct pcache *pc, uint64_t idx, paddr_t pa);
void pcache_set_size(struct pcache *pc, uint64_t size);

ssize_t pcache_read(struct pcache *pc, struct uio *u, uint64_t off);
ssize_t pcache_write(struct pcache *pc, struct uio *u, uint64_t off,
		     uint64_t max);
int pcache_getpage(struct pcache *pc, uint64_t idx, bool create,
		   paddr_t *pa);
int pcache_truncate(struct pcache *pc, uint64_t size);
int pcache_writeback(struct pcache *pc, uint64_t first, uint64_t last);
int pcache_take_error(struct pcache *pc);
void pcache_evict(struct pcache *pc);
bool pcache_dirty(struct pcache *pc);
bool pcache_dirty_before(struct pcache *pc, uint64_t cutoff);

/* Memory pressure and statistics. */
size_t pcache_reclaim(size_t want);
size_t pcache_drop_clean(void);
void pcache_stats(size_t *pages, size_t *dirty);
void pcache_sysinit(void);

#endif
