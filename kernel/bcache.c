/*
 * bcache.c -- the buffer cache: blocks of the disks in memory, found by
 * hash, evicted least recently used first under a memory bound, written
 * back by eviction, bsync and the flusher (block.c). Raw transfers of
 * /dev/vdX are kept coherent with it.
 */
#include "block.h"
#include "heap.h"
#include "pmm.h"
#include "sched.h"

#define NHASH 1024
#define WB_BATCH 64		/* dirty buffers written back at once */

/*
 * bc_lock guards the lists, every buf's flags and refs, the counters,
 * and each disk's bufs/nbufs/ndirty/size_mask. A buffer's flags change
 * only while its mutex is held too, so its holder may read them without
 * bc_lock. Never wait for a buffer's mutex while holding another one:
 * write-back takes them with trylock, or one at a time.
 */
static struct spinlock bc_lock = SPINLOCK_INIT("bcache");
static struct list hash[NHASH];
static struct list lru = LIST_INIT(lru);	/* most recently used first */
static struct list dirty = LIST_INIT(dirty);	/* oldest first */
static size_t bc_bytes, bc_limit;
static unsigned bc_ndirty;

static unsigned
hashfn(struct blockdev *d, uint64_t blockno, uint32_t size)
{
	uint64_t k = (blockno * (size / HAL_BLOCK_SECTOR)) ^
		     ((uint64_t)d->id << 56) ^ size;

	return (unsigned)((k * 0x9e3779b97f4a7c15ull) >> 54) % NHASH;
}

static uint64_t
buf_sector(const struct buf *b)
{
	return b->blockno * (b->size / HAL_BLOCK_SECTOR);
}

/* bc_lock held. */
static struct buf *
lookup(struct blockdev *d, uint64_t blockno, uint32_t size)
{
	struct list *l, *h = &hash[hashfn(d, blockno, size)];
	struct buf *b;

	list_for_each(l, h) {
		b = list_entry(l, struct buf, hash_link);
		if (b->dev == d && b->blockno == blockno && b->size == size)
			return b;
	}
	return NULL;
}

/* Take b out of the cache. bc_lock held; nobody uses it. */
static void
unlink_buf(struct buf *b)
{
	list_remove(&b->hash_link);
	list_remove(&b->lru_link);
	list_remove(&b->dev_link);
	b->dev->nbufs--;
	bc_bytes -= b->size;
}

static void
free_buf(struct buf *b)
{
	kfree(b->data);
	kfree(b);
}

/* Free the buffers chained on l through lru_link. */
static void
free_list(struct list *l)
{
	struct list *p, *n;

	list_for_each_safe(p, n, l)
		free_buf(list_entry(p, struct buf, lru_link));
	list_init(l);
}

struct wb_filter {
	struct blockdev *d;	/* NULL: every disk */
	uint64_t lo, hi;	/* sectors [lo, hi) overlapping */
	uint64_t cutoff;	/* dirtied at or before */
};

static bool
wb_match(const struct wb_filter *f, const struct buf *b)
{
	uint64_t s = buf_sector(b);

	return (f->d == NULL || b->dev == f->d) && b->dirtied_ns <= f->cutoff &&
	       s < f->hi && s + b->size / HAL_BLOCK_SECTOR > f->lo;
}

static int write_batch(struct buf **batch, int n);

/* Mark b (locked by us) clean before writing it. bc_lock held. */
static void
clear_dirty(struct buf *b)
{
	if (b->flags & B_DIRTY) {
		b->flags &= ~B_DIRTY;
		list_remove(&b->dirty_link);
		bc_ndirty--;
		b->dev->ndirty--;
	}
}

/*
 * Write back the dirty buffers f selects, WB_BATCH at a time, at most
 * `batches` batches. Buffers someone holds are skipped unless `wait`:
 * then they are written one at a time afterwards, waiting for each one's
 * lock while holding no other. Failures are left in the disks' wb_err.
 * Returns how many buffers were written. May sleep.
 */
static int
writeback(const struct wb_filter *f, bool wait, int batches)
{
	struct buf **batch = kmalloc(WB_BATCH * sizeof(*batch)), *b, *found;
	int n, total = 0;
	struct list *l;

	while (batch != NULL && batches-- > 0) {
		n = 0;
		spin_lock(&bc_lock);
		list_for_each(l, &dirty) {
			b = list_entry(l, struct buf, dirty_link);
			if (b->dirtied_ns > f->cutoff)
				break;	/* the list is in dirtying order */
			if (!wb_match(f, b) || !mutex_trylock(&b->lock))
				continue;
			b->refs++;
			batch[n++] = b;
			if (n == WB_BATCH)
				break;
		}
		for (int i = 0; i < n; i++)
			clear_dirty(batch[i]);
		spin_unlock(&bc_lock);
		if (n == 0)
			break;
		total += write_batch(batch, n);
	}
	kfree(batch);
	while (wait) {
		found = NULL;
		spin_lock(&bc_lock);
		list_for_each(l, &dirty) {
			b = list_entry(l, struct buf, dirty_link);
			if (b->dirtied_ns > f->cutoff)
				break;
			/* One the caller holds cannot be written: skip it. */
			if (wb_match(f, b) && !mutex_held(&b->lock)) {
				found = b;
				break;
			}
		}
		if (found != NULL)
			found->refs++;
		spin_unlock(&bc_lock);
		if ((b = found) == NULL)
			break;
		mutex_lock(&b->lock);
		spin_lock(&bc_lock);
		if (b->flags & B_DIRTY) {
			clear_dirty(b);
			spin_unlock(&bc_lock);
			total += write_batch(&b, 1);
		} else {
			spin_unlock(&bc_lock);
			mutex_unlock(&b->lock);
			spin_lock(&bc_lock);
			b->refs--;
			spin_unlock(&bc_lock);
		}
	}
	return total;
}

/*
 * Write the n locked, referenced buffers (already marked clean), all in
 * flight at once; then unlock and release them. Returns n.
 */
static int
write_batch(struct buf **batch, int n)
{
	struct breq *rqs = kmalloc((size_t)n * sizeof(*rqs));
	struct bwait w;
	struct buf *b;
	int st;

	if (rqs != NULL) {
		bwait_init(&w);
		for (int i = 0; i < n; i++)
			block_submit(batch[i]->dev, &rqs[i], HAL_BLOCK_WRITE,
				     buf_sector(batch[i]),
				     batch[i]->size / HAL_BLOCK_SECTOR,
				     batch[i]->data, &w);
		block_wait(&w);
	}
	for (int i = 0; i < n; i++) {
		b = batch[i];
		if (rqs == NULL) {	/* short of memory: one at a time */
			st = block_rw(b->dev, true, buf_sector(b),
				      b->size / HAL_BLOCK_SECTOR, b->data);
		} else if ((st = rqs[i].hr.status) < 0) {
			block_log_error(b->dev, HAL_BLOCK_WRITE, buf_sector(b),
				  b->size / HAL_BLOCK_SECTOR, st);
		}
		if (st < 0) {
			spin_lock(&b->dev->qlock);
			b->dev->wb_err = -EIO;
			spin_unlock(&b->dev->qlock);
		}
		spin_lock(&bc_lock);
		b->flags = st < 0 ? (b->flags | B_ERROR) :
				    (b->flags & ~B_ERROR);
		spin_unlock(&bc_lock);
		mutex_unlock(&b->lock);
		spin_lock(&bc_lock);
		b->refs--;
		spin_unlock(&bc_lock);
	}
	kfree(rqs);
	return n;
}

/*
 * Make room for `need` more bytes: drop the least recently used buffers
 * nobody holds; when the next one to go is dirty, write it back first,
 * with a batch of the other dirty ones near the end of the LRU list. The
 * limit is soft: when everything is in use the cache grows past it.
 * May sleep.
 */
static void
make_room(size_t need)
{
	struct list victims = LIST_INIT(victims), *l;
	struct buf **batch = NULL, *b;
	int n;

	for (int tries = 0; tries < 8; tries++) {
		n = 0;
		spin_lock(&bc_lock);
		for (l = lru.prev; l != &lru && bc_bytes + need > bc_limit; ) {
			b = list_entry(l, struct buf, lru_link);
			l = l->prev;
			if (b->refs > 0)
				continue;
			if (!(b->flags & B_DIRTY)) {
				if (n == 0) {	/* nothing to write first */
					unlink_buf(b);
					list_append(&victims, &b->lru_link);
				}
				continue;
			}
			if (batch == NULL || n == WB_BATCH ||
			    !mutex_trylock(&b->lock))
				break;
			b->refs++;
			clear_dirty(b);
			batch[n++] = b;
		}
		if (n == 0 && batch == NULL && bc_bytes + need > bc_limit &&
		    bc_ndirty > 0) {
			spin_unlock(&bc_lock);
			free_list(&victims);
			/* Dirty buffers stand in the way: write a batch. */
			batch = kmalloc(WB_BATCH * sizeof(*batch));
			if (batch == NULL)
				return;
			continue;
		}
		spin_unlock(&bc_lock);
		free_list(&victims);
		if (n == 0)
			break;
		write_batch(batch, n);
	}
	kfree(batch);
}

static bool
valid_size(uint32_t size)
{
	return size == 512 || size == 1024 || size == 2048 || size == 4096;
}

/* Find or make the buffer, referenced and locked. NULL: no memory, or
 * not a block of d. */
static struct buf *
getblk(struct blockdev *d, uint64_t blockno, uint32_t size)
{
	struct buf *b, *nb = NULL;

	if (d == NULL || !valid_size(size) ||
	    blockno >= d->sectors / (size / HAL_BLOCK_SECTOR))
		return NULL;
	spin_lock(&bc_lock);
	if ((b = lookup(d, blockno, size)) == NULL) {
		spin_unlock(&bc_lock);
		make_room(size);
		if ((nb = kzalloc(sizeof(*nb))) == NULL)
			return NULL;
		if ((nb->data = kmalloc(size)) == NULL) {
			kfree(nb);
			return NULL;
		}
		nb->dev = d;
		nb->blockno = blockno;
		nb->size = size;
		mutex_init(&nb->lock, "buf");
		list_init(&nb->dirty_link);
		spin_lock(&bc_lock);
		if ((b = lookup(d, blockno, size)) == NULL) {
			b = nb;
			nb = NULL;
			list_push(&hash[hashfn(d, blockno, size)],
				  &b->hash_link);
			list_push(&lru, &b->lru_link);
			list_append(&d->bufs, &b->dev_link);
			d->nbufs++;
			d->size_mask |= size;
			bc_bytes += size;
		}
	}
	b->refs++;
	spin_unlock(&bc_lock);
	if (nb != NULL)
		free_buf(nb);
	mutex_lock(&b->lock);
	return b;
}

struct buf *
bget(struct blockdev *d, uint64_t blockno, uint32_t size)
{
	return getblk(d, blockno, size);
}

/* Read b (locked) from the disk if it is not valid. */
static void
fill(struct buf *b)
{
	int r;

	if (b->flags & B_VALID)
		return;
	r = block_rw(b->dev, false, buf_sector(b), b->size / HAL_BLOCK_SECTOR,
		     b->data);
	spin_lock(&bc_lock);
	b->flags = r < 0 ? (b->flags | B_ERROR) :
			   ((b->flags | B_VALID) & ~B_ERROR);
	spin_unlock(&bc_lock);
}

struct buf *
bread(struct blockdev *d, uint64_t blockno, uint32_t size)
{
	struct buf *b = getblk(d, blockno, size);

	if (b != NULL)
		fill(b);
	return b;
}

void
bdirty(struct buf *b)
{
	bool first = false;

	spin_lock(&bc_lock);
	b->flags |= B_VALID;
	if (!(b->flags & B_DIRTY)) {
		b->flags |= B_DIRTY;
		b->dirtied_ns = hal_time_ns();
		list_append(&dirty, &b->dirty_link);
		b->dev->ndirty++;
		first = bc_ndirty++ == 0;
	}
	spin_unlock(&bc_lock);
	if (first)
		block_dirty_notify();	/* the flusher may sleep for ever */
}

int
bwrite(struct buf *b)
{
	int r;

	spin_lock(&bc_lock);
	clear_dirty(b);
	spin_unlock(&bc_lock);
	r = block_rw(b->dev, true, buf_sector(b), b->size / HAL_BLOCK_SECTOR,
		     b->data);
	spin_lock(&bc_lock);
	b->flags = r < 0 ? (b->flags | B_ERROR) :
			   ((b->flags | B_VALID) & ~B_ERROR);
	spin_unlock(&bc_lock);
	return r;
}

/*
 * Down to `limit` bytes (the cache's own, after buffers in use made it
 * grow; 0 for drop_caches): drop clean buffers nobody holds, least
 * recently used first, onto `victims`. bc_lock held; never sleeps.
 */
static void
trim_clean(struct list *victims, size_t limit)
{
	struct list *l = lru.prev;
	struct buf *b;

	while (l != &lru && bc_bytes > limit) {
		b = list_entry(l, struct buf, lru_link);
		l = l->prev;
		if (b->refs == 0 && !(b->flags & B_DIRTY)) {
			unlink_buf(b);
			list_append(victims, &b->lru_link);
		}
	}
}

void
brelse(struct buf *b)
{
	struct list victims = LIST_INIT(victims);

	mutex_unlock(&b->lock);
	spin_lock(&bc_lock);
	if (--b->refs == 0) {
		list_remove(&b->lru_link);
		list_push(&lru, &b->lru_link);
	}
	if (bc_bytes > bc_limit)
		trim_clean(&victims, bc_limit);
	spin_unlock(&bc_lock);
	free_list(&victims);
}

/* Report and clear d's background write-back error. */
static int
take_wb_err(struct blockdev *d)
{
	int r;

	spin_lock(&d->qlock);
	r = d->wb_err;
	d->wb_err = 0;
	spin_unlock(&d->qlock);
	return r;
}

int
bsync(struct blockdev *d)
{
	struct wb_filter f = { d, 0, UINT64_MAX, hal_time_ns() };
	int r = 0;

	writeback(&f, true, INT32_MAX);
	for (int i = 0; i < block_count(); i++) {
		struct blockdev *di = block_dev(i);

		if (d != NULL && d != di)
			continue;
		if (take_wb_err(di) < 0)
			r = -EIO;
		if (block_flush(di) < 0)
			r = -EIO;
	}
	return r;
}

void
binvalidate(struct blockdev *d)
{
	struct wb_filter f = { d, 0, UINT64_MAX, UINT64_MAX };
	struct list victims = LIST_INIT(victims), *l, *n;
	struct buf *b;

	writeback(&f, true, INT32_MAX);
	spin_lock(&bc_lock);
	list_for_each_safe(l, n, &d->bufs) {
		b = list_entry(l, struct buf, dev_link);
		if (b->refs == 0 && !(b->flags & B_DIRTY)) {
			unlink_buf(b);
			list_append(&victims, &b->lru_link);
		}
	}
	spin_unlock(&bc_lock);
	free_list(&victims);
}

/* Write back d's dirty buffers overlapping [sector, sector+count) so a
 * raw read sees them. 0 or -EIO. May sleep. */
int
block_cache_writeback_range(struct blockdev *d, uint64_t sector,
			    uint64_t count)
{
	struct wb_filter f = { d, sector, sector + count, UINT64_MAX };

	if (READ_ONCE(d->ndirty) == 0)
		return 0;
	writeback(&f, true, INT32_MAX);
	return take_wb_err(d);
}

/*
 * A raw write put `data` at [sector, sector+count): copy it into the
 * cached buffers it overlaps, so that they stay the disk's contents.
 * May sleep (waits for each buffer's lock).
 */
void
block_cache_update_range(struct blockdev *d, uint64_t sector, uint64_t count,
			 const void *data)
{
	uint64_t end = sector + count, bs, first, last, s, lo, hi;
	struct buf *b;

	for (uint32_t size = 512; size <= 4096; size *= 2) {
		bs = size / HAL_BLOCK_SECTOR;
		if (READ_ONCE(d->nbufs) == 0)
			return;
		if (!(READ_ONCE(d->size_mask) & size))
			continue;
		first = sector / bs;
		last = (end + bs - 1) / bs;
		for (uint64_t blk = first; blk < last; blk++) {
			spin_lock(&bc_lock);
			if ((b = lookup(d, blk, size)) != NULL)
				b->refs++;
			spin_unlock(&bc_lock);
			if (b == NULL)
				continue;
			mutex_lock(&b->lock);
			s = blk * bs;
			lo = MAX(s, sector);
			hi = MIN(s + bs, end);
			if ((b->flags & B_VALID) || (lo == s && hi == s + bs)) {
				memcpy(b->data + (lo - s) * HAL_BLOCK_SECTOR,
				       (const uint8_t *)data +
				       (lo - sector) * HAL_BLOCK_SECTOR,
				       (hi - lo) * HAL_BLOCK_SECTOR);
				spin_lock(&bc_lock);
				b->flags = (b->flags | B_VALID) & ~B_ERROR;
				spin_unlock(&bc_lock);
			}
			brelse(b);
		}
	}
}

/* Free every clean buffer nobody holds (drop_caches): the bytes freed. */
size_t
bcache_drop_clean(void)
{
	struct list victims = LIST_INIT(victims);
	size_t before;

	spin_lock(&bc_lock);
	before = bc_bytes;
	trim_clean(&victims, 0);
	before -= bc_bytes;
	spin_unlock(&bc_lock);
	free_list(&victims);
	return before;
}

size_t
block_cache_bytes(void)
{
	return READ_ONCE(bc_bytes);
}

/* An eighth of RAM, and at least 64 KiB. */
static size_t
default_limit(void)
{
	return MAX(pmm_total_pages() * PAGE_SIZE / 8, (size_t)64 * 1024);
}

/* Set the cache's limit (tests; at least one block; 0: the default). */
void
block_cache_set_limit(size_t bytes)
{
	spin_lock(&bc_lock);
	bc_limit = bytes == 0 ? default_limit() : MAX(bytes, (size_t)4096);
	spin_unlock(&bc_lock);
}


/*
 * The flusher's turn: write back the buffers dirtied at or before
 * cutoff that nobody holds. True if dirty buffers remain. May sleep.
 */
bool
bcache_writeback_expired(uint64_t cutoff)
{
	struct wb_filter f = { NULL, 0, UINT64_MAX, cutoff };

	writeback(&f, false, INT32_MAX);
	return READ_ONCE(bc_ndirty) > 0;
}

/* Boot: empty, bounded by an eighth of RAM. */
void
bcache_init(void)
{
	for (int i = 0; i < NHASH; i++)
		list_init(&hash[i]);
	bc_limit = default_limit();
}
