/*
 * block.h -- the block layer: disks the HAL reports, a buffer cache of
 * their blocks with write-back, and waiting for I/O. File systems read
 * and write metadata through bread/bdirty/brelse; file data goes through
 * each file system's page cache and block_rw.
 */
#ifndef KERNEL_BLOCK_H
#define KERNEL_BLOCK_H

#include "kernel.h"
#include "waitq.h"

struct blockdev {
	int id;			/* the HAL's device number */
	char name[8];		/* "vda", "vdb", ... */
	uint64_t sectors;
	bool readonly;
	uint32_t rdev;		/* its device number (major 254) */
	struct list bufs;	/* its cached blocks */
	uint64_t reads, writes;	/* requests completed */
};

#define B_VALID 0x1		/* data holds the block's contents */
#define B_DIRTY 0x2		/* data must be written back */
#define B_ERROR 0x4		/* the last read failed */

struct buf {
	struct list link;	/* in the device's list, LRU order */
	struct blockdev *dev;
	uint64_t blockno;	/* in units of size */
	uint32_t size;		/* 512, 1024, 2048 or 4096 */
	unsigned flags;		/* B_* */
	int refs;		/* users (bread .. brelse) */
	struct mutex lock;	/* held by the user between bread and brelse */
	uint8_t *data;
	uint64_t dirtied_ns;	/* when it became dirty (flusher age) */
};

/* Set up every disk the HAL has (boot). */
void block_init(void);
int block_count(void);
struct blockdev *block_dev(int index);
struct blockdev *block_find(const char *name);	/* "vda" or "/dev/vda" */

/*
 * The block `blockno` of `size` bytes, locked and referenced, its data
 * read from the disk if not cached; NULL if memory is short. On a read
 * error the buffer comes back without B_VALID (callers say -EIO). May
 * sleep.
 */
struct buf *bread(struct blockdev *d, uint64_t blockno, uint32_t size);

/* The same without reading: the caller fills the whole block. */
struct buf *bget(struct blockdev *d, uint64_t blockno, uint32_t size);

/* Mark b modified: written back by the flusher, bsync or eviction. */
void bdirty(struct buf *b);

/* Write b now and wait: 0 or -EIO. b locked. May sleep. */
int bwrite(struct buf *b);

/* Unlock and release b. */
void brelse(struct buf *b);

/* Write back every dirty block of d (NULL: every disk), then flush the
 * disk's cache. 0 or -EIO. May sleep. */
int bsync(struct blockdev *d);

/* Forget d's cached blocks that nobody uses (after an unmount). */
void binvalidate(struct blockdev *d);

/*
 * Raw transfer, bypassing the cache (file data through a page cache):
 * `count` sectors at `sector` to or from buf (RAM). 0 or -EIO. May sleep.
 */
int block_rw(struct blockdev *d, bool write, uint64_t sector, uint32_t count,
	     void *buf);

/* Register hooks run by sync(2) and the flusher (file systems' page
 * caches): fn(arg) writes back what is dirty. */
void block_register_syncer(int (*fn)(void *arg, bool wait), void *arg);
void block_unregister_syncer(void *arg);

#endif
