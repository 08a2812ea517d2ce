/*
 * pagecache.c -- file pages cached per inode in a radix tree, moved to and
 * from the disk through the file system's block map with block_rw (runs
 * of contiguous blocks in one request); write-back, truncation, eviction,
 * and reclaim of clean unmapped pages when the page allocator runs dry.
 *
 * Locks: pc->lock (a spinlock) guards one cache's tree and entries and is
 * innermost; cache_lock guards the list of caches. Neither is held during
 * I/O, during a bmap call (which takes the inode's lock) or while bytes
 * move to or from user memory. A page being read in or written back is
 * marked PC_BUSY: readers of a page being read in, and truncation, wait
 * on pc->wq. Each cached page holds one page reference (struct page
 * refcount) for the cache; users and mappings take their own.
 */
#include "block.h"
#include "heap.h"
#include "pagecache.h"
#include "pmm.h"
#include "vfs.h"
#include "vm.h"

#define NODE_BITS 6
#define NODE_SLOTS (1u << NODE_BITS)
#define MAX_HEIGHT 6
#define MAX_PAGES (1ull << (NODE_BITS * MAX_HEIGHT))	/* 256 TiB */
#define RUN_PAGES 16		/* pages per write-back run, first read-ahead */
#define RA_MAX_PAGES 128	/* read-ahead of a sequential reader grows to */
#define NSEG 8			/* pieces of RAM of a transfer kept on the stack */
#define RA_EXTENTS 4		/* transfers of one read-ahead run */
#define RA_DEPTH 2		/* read-ahead runs of a file in flight */
#define READ_BATCH 16		/* cached pages a read looks up at once */

static struct spinlock cache_lock = SPINLOCK_INIT("pcache list");
static struct list caches = LIST_INIT(caches);	/* every pcache; cache_lock */
static size_t total_pages, total_dirty;		/* atomic counters */
static size_t dirty_limit = 1024;		/* writers flush above it */
static size_t reserve = 256;			/* free pages the cache leaves */

static inline paddr_t
E_PA(uint64_t e)
{
	return (paddr_t)(e & ~PC_FLAGS);
}

static void
count(size_t *c, long d)
{
	__atomic_add_fetch(c, (size_t)d, __ATOMIC_RELAXED);
}

/* ---- the tree (pc->lock held) ---- */

static uint64_t *
node_new(void)
{
	return kzalloc(NODE_SLOTS * sizeof(uint64_t));
}

/* The slot of page idx; with `create` the tree grows to hold it. NULL
 * if absent (or memory is short). */
static uint64_t *
slot_of(struct pcache *pc, uint64_t idx, bool create)
{
	uint64_t *node, *child, *slot;

	if (idx >= MAX_PAGES)
		return NULL;
	while (create && (pc->height == 0 ||
			  idx >> (NODE_BITS * pc->height) != 0)) {
		if ((node = node_new()) == NULL)
			return NULL;
		if (pc->height > 0)
			node[0] = (uint64_t)(uintptr_t)pc->root;
		pc->root = node;
		pc->height++;
	}
	if (pc->height == 0 || idx >> (NODE_BITS * pc->height) != 0)
		return NULL;
	node = pc->root;
	for (int level = pc->height - 1; level > 0; level--) {
		slot = &node[(idx >> (NODE_BITS * level)) & (NODE_SLOTS - 1)];
		if (*slot == 0) {
			if (!create || (child = node_new()) == NULL)
				return NULL;
			*slot = (uint64_t)(uintptr_t)child;
		}
		node = (uint64_t *)(uintptr_t)*slot;
	}
	return &node[idx & (NODE_SLOTS - 1)];
}

static uint64_t *
find_in(uint64_t *node, int level, uint64_t base, uint64_t *idx,
	uint64_t bits)
{
	int shift = NODE_BITS * level;
	uint64_t first = *idx > base ? (*idx - base) >> shift : 0, *r;

	for (uint64_t i = first; i < NODE_SLOTS; i++) {
		uint64_t lo = base + (i << shift);

		if (node[i] == 0)
			continue;
		if (level > 0) {
			r = find_in((uint64_t *)(uintptr_t)node[i], level - 1,
				    lo, idx, bits);
			if (r != NULL)
				return r;
		} else if (bits == 0 || (node[i] & bits)) {
			*idx = lo;
			return &node[i];
		}
	}
	return NULL;
}

/* The first entry at an index >= *idx having one of `bits` (any entry
 * for 0): its slot, and its index in *idx; NULL if none. */
static uint64_t *
next_entry(struct pcache *pc, uint64_t *idx, uint64_t bits)
{
	if (pc->height == 0 || *idx >> (NODE_BITS * pc->height) != 0)
		return NULL;
	return find_in(pc->root, pc->height - 1, 0, idx, bits);
}

static void
tree_free(uint64_t *node, int level)
{
	for (unsigned i = 0; level > 0 && i < NODE_SLOTS; i++)
		if (node[i] != 0)
			tree_free((uint64_t *)(uintptr_t)node[i], level - 1);
	kfree(node);
}

/* Take the entry out of the cache and drop the cache's reference. */
static void
drop_entry(struct pcache *pc, uint64_t *slot)
{
	uint64_t e = *slot;

	*slot = 0;
	pc->npages--;
	count(&total_pages, -1);
	if (e & PC_DIRTY) {
		pc->ndirty--;
		count(&total_dirty, -1);
	}
	page_unref(E_PA(e));
}

/* Clear the busy bits of pages [idx, idx + n) and wake their waiters;
 * a failed read-in removes the page. */
static void
unbusy(struct pcache *pc, uint64_t idx, int n, bool failed_read)
{
	uint64_t *slot;

	spin_lock(&pc->lock);
	for (int i = 0; i < n; i++) {
		if ((slot = slot_of(pc, idx + i, false)) == NULL || *slot == 0)
			continue;
		if (failed_read)
			drop_entry(pc, slot);
		else
			*slot = (*slot & ~(uint64_t)PC_BUSY) | PC_UPTODATE;
	}
	spin_unlock(&pc->lock);
	waitq_wake_all(&pc->wq);
}

static bool
entry_busy(struct pcache *pc, uint64_t idx)
{
	uint64_t *slot;
	bool busy;

	spin_lock(&pc->lock);
	slot = slot_of(pc, idx, false);
	busy = slot != NULL && (*slot & PC_BUSY);
	spin_unlock(&pc->lock);
	return busy;
}

static bool ra_finish(struct pcache *pc);

static bool
idle_or_ra(struct pcache *pc, uint64_t idx)
{
	return !entry_busy(pc, idx) || READ_ONCE(pc->ra) != NULL;
}

/* Sleep until page idx is not busy; but first complete a read-ahead in
 * flight, whose pages nobody else makes up to date. True if it did
 * that. No lock held. */
static bool
wait_busy(struct pcache *pc, uint64_t idx)
{
	if (ra_finish(pc))
		return true;
	wait_event(&pc->wq, idle_or_ra(pc, idx));
	return false;
}

/*
 * Before the cache takes up to n more pages: if that would leave fewer
 * free pages than the reserve, give clean ones back first (of any file,
 * the caller's included: no cache lock is held here, whereas the page
 * allocator's own reclaim runs under the lock of the cache that asks
 * and must skip it), and the tree nodes left empty, whose slab pages
 * would otherwise be strewn over the freed memory. Keeps room for the
 * kernel's other allocations, a new thread's stack among them. No lock
 * held.
 */
static size_t reclaim(size_t want, bool tidy);

static void
make_room(size_t n)
{
	size_t free = pmm_free_pages();

	if (free < reserve + n)
		reclaim(reserve + n - free, true);
}

/* ---- I/O: runs of pages through the block map ---- */

struct run {
	struct pcache *pc;
	uint64_t idx;		/* first page */
	int n;			/* pages */
	paddr_t pa[RA_MAX_PAGES];
	size_t len;		/* bytes of the run inside the file */
	bool write;
};

/* The pieces of RAM under blocks [b, b + cnt) of the run, pieces that
 * follow each other merged, into seg (room for max); how many, or
 * max + 1 if they do not fit. */
static int
run_segs(struct run *rn, unsigned b, unsigned cnt,
	 struct hal_block_seg *seg, int max)
{
	unsigned per = PAGE_SIZE >> rn->pc->bshift, n;
	size_t bs = (size_t)1 << rn->pc->bshift;
	int nseg = 0;
	char *p;

	for (unsigned k = 0; k < cnt; k += n) {
		n = MIN(cnt - k, per - (b + k) % per);	/* blocks in the page */
		p = (char *)hal_p2v(rn->pa[(b + k) / per]) +
		    ((b + k) % per) * bs;
		if (nseg > 0 && (char *)seg[nseg - 1].buf +
				seg[nseg - 1].len == p) {
			seg[nseg - 1].len += (uint32_t)(n * bs);
			continue;
		}
		if (nseg == max)
			return max + 1;
		seg[nseg++] = (struct hal_block_seg){ p, (uint32_t)(n * bs) };
	}
	return nseg;
}

/* Move blocks [b, b + cnt) of the run (disk block pblk on) in one
 * transfer, straight to or from its pages; page by page if they are in
 * more pieces than NSEG and there is no memory to list them. */
static int
run_xfer(struct run *rn, unsigned b, unsigned cnt, uint64_t pblk)
{
	unsigned per = PAGE_SIZE >> rn->pc->bshift, k;
	uint32_t sec = 1u << (rn->pc->bshift - 9);
	struct hal_block_seg small[NSEG], *seg = small;
	int nseg, r;

	if ((nseg = run_segs(rn, b, cnt, small, NSEG)) > NSEG &&
	    (seg = kmalloc(RA_MAX_PAGES * sizeof(*seg))) != NULL)
		nseg = run_segs(rn, b, cnt, seg, RA_MAX_PAGES);
	if (seg == NULL) {
		for (k = 0; k < cnt; k = ALIGN_UP(b + k + 1, per) - b)
			if ((r = run_xfer(rn, b + k, MIN(cnt - k,
				  per - (b + k) % per), pblk + k)) < 0)
				return r;
		return 0;
	}
	r = block_rwv(rn->pc->dev, rn->write, pblk * sec, seg, nseg);
	if (seg != small)
		kfree(seg);
	return r;
}

/* Zero blocks [b, b + n) of the run: a hole. */
static void
zero_blocks(struct run *rn, unsigned b, unsigned n)
{
	unsigned per = PAGE_SIZE >> rn->pc->bshift;
	size_t bs = (size_t)1 << rn->pc->bshift;

	for (unsigned k = b; k < b + n; k++)
		memset((char *)hal_p2v(rn->pa[k / per]) + (k % per) * bs, 0,
		       bs);
}

/* Zero what the run's pages hold past the end of the file. */
static void
zero_tail(struct run *rn)
{
	for (int i = 0; i < rn->n; i++) {
		size_t at = (size_t)i * PAGE_SIZE;
		size_t have = rn->len > at ? MIN(rn->len - at, PAGE_SIZE) : 0;

		memset((char *)hal_p2v(rn->pa[i]) + have, 0, PAGE_SIZE - have);
	}
}

/*
 * Walk the blocks of the run inside the file through the block map,
 * whole extents at a time: each piece of contiguous disk blocks, blocks
 * [b, b + cnt) of the run from disk block pblk on, goes to
 * xfer(rn, b, cnt, pblk, arg); holes are zeroed for a read. Stops at
 * the first error.
 */
typedef int (*run_xfer_fn)(struct run *rn, unsigned b, unsigned cnt,
			   uint64_t pblk, void *arg);

static int
run_map(struct run *rn, run_xfer_fn xfer, void *arg)
{
	struct pcache *pc = rn->pc;
	unsigned bshift = pc->bshift;
	unsigned nblk = (unsigned)((rn->len + ((size_t)1 << bshift) - 1) >>
				   bshift);
	uint64_t lblk0 = rn->idx << (PAGE_SHIFT - bshift), pblk, first = 0;
	unsigned start = 0, cnt = 0, len;
	bool fresh;
	int r;

	for (unsigned b = 0; b < nblk; b += len) {
		len = nblk - b;
		if ((r = pc->ops->bmap(pc->ip, lblk0 + b, false, &pblk, &fresh,
				       &len)) < 0)
			return r;
		len = len == 0 ? 1 : MIN(len, nblk - b);
		if (cnt > 0 && pblk != 0 && pblk == first + cnt) {
			cnt += len;
			continue;
		}
		if (cnt > 0 && (r = xfer(rn, start, cnt, first, arg)) < 0)
			return r;
		cnt = 0;
		if (pblk != 0) {
			start = b;
			first = pblk;
			cnt = len;
		} else if (!rn->write) {
			zero_blocks(rn, b, len);
		}
	}
	return cnt > 0 ? xfer(rn, start, cnt, first, arg) : 0;
}

static int
run_xfer_now(struct run *rn, unsigned b, unsigned cnt, uint64_t pblk,
	     void *arg)
{
	(void)arg;
	return run_xfer(rn, b, cnt, pblk);
}

/* Read or write the run now. Reads zero the holes and everything past
 * the end of the file. */
static int
run_io(struct run *rn)
{
	int r = run_map(rn, run_xfer_now, NULL);

	if (r == 0 && !rn->write)
		zero_tail(rn);
	return r;
}

/* Bytes of pages [idx, idx + n) inside a file of `size` (n > 0 and idx
 * below the end). */
static size_t
run_len(uint64_t idx, int n, uint64_t size)
{
	uint64_t off = idx << PAGE_SHIFT;

	return off >= size ? 0 : (size_t)MIN((uint64_t)n * PAGE_SIZE,
					     size - off);
}

/* ---- looking pages up ---- */

/* n pages, contiguous in RAM if memory allows (one piece of RAM for
 * the transfer), else one by one: how many we got. */
static int
alloc_pages(paddr_t *pa, int n)
{
	unsigned order = pmm_order_for((size_t)n * PAGE_SIZE);
	paddr_t base = n > 1 ? pmm_alloc(order) : 0;
	int i;

	if (base != 0) {
		pa_to_page(base)->order = 0;	/* single pages from now on */
		for (i = 0; i < (1 << order); i++) {
			if (i < n) {
				pa[i] = base + (paddr_t)i * PAGE_SIZE;
				pa_to_page(pa[i])->refcount = 1;
			} else {
				pmm_free(base + (paddr_t)i * PAGE_SIZE, 0);
			}
		}
		return n;
	}
	for (i = 0; i < n && (pa[i] = pmm_alloc(0)) != 0; i++)
		;
	return i;
}

/*
 * A miss at rn->idx: the run gets busy pages for it and the missing
 * pages after it (inside the file), so that one transfer reads them all.
 * How many: RUN_PAGES, or twice the last run (up to RA_MAX_PAGES) if
 * this miss is where the last run ended (a sequential reader). pc->lock
 * held; the slot of rn->idx exists and is empty.
 */
static void
run_fill(struct pcache *pc, struct run *rn)
{
	unsigned want = RUN_PAGES;
	uint64_t *slot;
	int n = 1, got;

	if (rn->idx == pc->ra_next && pc->ra_pages > 0)
		want = MIN(pc->ra_pages * 2, (unsigned)RA_MAX_PAGES);
	while (n < (int)want && rn->idx + n < pc->limit &&
	       (slot = slot_of(pc, rn->idx + n, true)) != NULL && *slot == 0)
		n++;
	got = alloc_pages(rn->pa, n);
	for (rn->n = 0; rn->n < got; rn->n++) {
		*slot_of(pc, rn->idx + rn->n, false) = rn->pa[rn->n] | PC_BUSY;
		pc->npages++;
		count(&total_pages, 1);
	}
	pc->ra_pages = want;
	pc->ra_next = rn->idx + (uint64_t)got;
}

/* The cache was used for a new page: it goes to the end of the reclaim
 * order. */
static void
cache_touch(struct pcache *pc)
{
	spin_lock(&cache_lock);
	if (pc->listed) {
		list_remove(&pc->link);
		list_append(&caches, &pc->link);
	}
	spin_unlock(&cache_lock);
}

/*
 * Read the run's busy pages in, then make them up to date (or drop them
 * on an error). If a run of several pages fails, each is read alone so
 * that a bad block stays the error of its own page. Returns the result
 * for the first page.
 */
static int
run_done(struct pcache *pc, struct run *rn, int r, uint64_t size)
{
	uint64_t idx = rn->idx;
	int first = 0, n = rn->n;

	if (r == 0 || rn->n == 1) {
		unbusy(pc, rn->idx, rn->n, r < 0);
		return r;
	}
	rn->n = 1;	/* page i moves to pa[0], which is done with */
	for (int i = 0; i < n; i++) {
		rn->idx = idx + (uint64_t)i;
		rn->pa[0] = rn->pa[i];
		rn->len = run_len(rn->idx, 1, size);
		r = run_io(rn);
		unbusy(pc, rn->idx, 1, r < 0);
		if (i == 0)
			first = r;
	}
	return first;
}

static int
read_run(struct pcache *pc, struct run *rn)
{
	uint64_t size = READ_ONCE(pc->ip->size);

	rn->len = run_len(rn->idx, rn->n, size);
	cache_touch(pc);
	return run_done(pc, rn, run_io(rn), size);
}

/* ---- read-ahead in flight ---- */

/*
 * A sequential reader's next runs, read while it copies the current one.
 * Up to RA_DEPTH per file, so that the disk has the run after next
 * queued when it finishes the next one and need not wait for the reader
 * to come and ask: counted in pc->ra_claimed from ra_start until
 * ra_finish; in the list pc->ra once its transfers are queued. Their
 * pages are busy and nobody but ra_finish makes them up to date:
 * wait_busy calls it.
 */
struct ra_io {
	struct ra_io *next;		/* in pc->ra */
	struct run rn;
	uint64_t size;			/* the file's, when the run was mapped */
	struct hal_block_seg seg[RA_MAX_PAGES];
	int nseg;			/* of seg in use */
	int nio;			/* transfers started */
	struct block_io io[RA_EXTENTS];
};

/* Wait for the transfers the read-ahead started: 0 or the first error. */
static int
ra_wait(struct ra_io *ra)
{
	int r = 0, e;

	for (int i = 0; i < ra->nio; i++)
		if ((e = block_rwv_finish(&ra->io[i])) < 0 && r == 0)
			r = e;
	ra->nio = 0;
	return r;
}

/* Start the transfer of blocks [b, b + cnt) of the read-ahead run, disk
 * block pblk on: 0, -EAGAIN (no room to list it), or the error. */
static int
ra_xfer(struct run *rn, unsigned b, unsigned cnt, uint64_t pblk, void *arg)
{
	struct ra_io *ra = arg;
	int room = RA_MAX_PAGES - ra->nseg, nseg, r;

	if (ra->nio == RA_EXTENTS ||
	    (nseg = run_segs(rn, b, cnt, ra->seg + ra->nseg, room)) > room)
		return -EAGAIN;
	if ((r = block_rwv_start(rn->pc->dev, false,
				 pblk << (rn->pc->bshift - 9),
				 ra->seg + ra->nseg, nseg,
				 &ra->io[ra->nio])) < 0)
		return r;
	ra->nio++;
	ra->nseg += nseg;
	return 0;
}

/*
 * Queue the run's transfers, one for each extent of the disk its blocks
 * lie in (a sequential file's run: one, or two where ext2 put a map
 * block between its data blocks), and zero its holes: 0, or -EAGAIN if
 * it has more than RA_EXTENTS extents, or the error. Nothing is left in
 * flight after an error.
 */
static int
ra_queue(struct ra_io *ra)
{
	int r;

	ra->nio = ra->nseg = 0;
	if ((r = run_map(&ra->rn, ra_xfer, ra)) < 0)
		ra_wait(ra);
	return r;
}

/*
 * Start reading the run at idx (the end of the last one) without waiting
 * for it, unless it is cached, past the end, or a read-ahead is already
 * going. If it cannot be queued (too many extents), it is read now, as a
 * miss would. No lock held; may sleep.
 */
static void
ra_start(struct pcache *pc, uint64_t idx)
{
	struct ra_io *ra, **tail;
	uint64_t *slot;

	/* Most calls of a fast reader find RA_DEPTH in flight: skip the
	 * allocation (a hint without the lock; checked again below). */
	if (READ_ONCE(pc->ra_claimed) == RA_DEPTH ||
	    (ra = kmalloc(sizeof(*ra))) == NULL)
		return;
	make_room(RA_MAX_PAGES);
	ra->rn = (struct run){ .pc = pc, .idx = idx };
	spin_lock(&pc->lock);
	if (pc->ra_claimed == RA_DEPTH || idx >= pc->limit ||
	    (slot = slot_of(pc, idx, true)) == NULL || *slot != 0) {
		spin_unlock(&pc->lock);
		kfree(ra);
		return;
	}
	run_fill(pc, &ra->rn);
	if (ra->rn.n > 0)
		pc->ra_claimed++;
	spin_unlock(&pc->lock);
	if (ra->rn.n == 0) {
		kfree(ra);
		return;
	}
	ra->size = READ_ONCE(pc->ip->size);
	ra->rn.len = run_len(ra->rn.idx, ra->rn.n, ra->size);
	cache_touch(pc);
	if (ra_queue(ra) < 0) {
		run_done(pc, &ra->rn, run_io(&ra->rn), ra->size);
		spin_lock(&pc->lock);
		pc->ra_claimed--;
		spin_unlock(&pc->lock);
		kfree(ra);
		return;
	}
	ra->next = NULL;
	spin_lock(&pc->lock);
	for (tail = &pc->ra; *tail != NULL; tail = &(*tail)->next)
		;
	*tail = ra;
	spin_unlock(&pc->lock);
	waitq_wake_all(&pc->wq);	/* waiters of its pages: come and finish */
}

/* Wait for the oldest read-ahead in flight, if any, and make its pages
 * up to date. True if there was one. No lock held; may sleep. */
static bool
ra_finish(struct pcache *pc)
{
	struct ra_io *ra;
	int r;

	spin_lock(&pc->lock);
	if ((ra = pc->ra) != NULL)
		pc->ra = ra->next;
	spin_unlock(&pc->lock);
	if (ra == NULL)
		return false;
	if ((r = ra_wait(ra)) == 0)
		zero_tail(&ra->rn);
	run_done(pc, &ra->rn, r, ra->size);
	spin_lock(&pc->lock);
	pc->ra_claimed--;
	spin_unlock(&pc->lock);
	kfree(ra);
	return true;
}

/*
 * The up-to-date page idx of the file, with a reference for the caller
 * (page_unref when done): read in from the disk (with the pages after it)
 * if not cached. Past the end of the file: -ENXIO, or with PCG_EXTEND a
 * zeroed page (for a write that extends the file). PCG_CACHED: -ENOENT
 * rather than reading. -EIO, -ENOMEM, -EFBIG. No lock held; may sleep.
 */
int
pcache_get(struct pcache *pc, uint64_t idx, unsigned how, paddr_t *pa)
{
	struct run rn = { .pc = pc, .idx = idx };
	uint64_t *slot, e, next;
	bool seq;
	int r;

	if (!(how & PCG_CACHED))
		make_room(RA_MAX_PAGES);
	spin_lock(&pc->lock);
	for (;;) {
		slot = slot_of(pc, idx, !(how & PCG_CACHED));
		e = slot != NULL ? *slot : 0;
		if (!(e & PC_BUSY) || (e & PC_UPTODATE))
			break;
		next = pc->ra_next;
		spin_unlock(&pc->lock);		/* being read in */
		/* A sequential reader caught up with the read-ahead: the
		 * next run is queued behind it before the wait, and once
		 * it is in, the one after (up to RA_DEPTH in flight). */
		if (!(how & PCG_CACHED) && READ_ONCE(pc->ra) != NULL)
			ra_start(pc, next);
		if (wait_busy(pc, idx) && !(how & PCG_CACHED)) {
			spin_lock(&pc->lock);
			next = pc->ra_next;
			spin_unlock(&pc->lock);
			ra_start(pc, next);
		}
		spin_lock(&pc->lock);
	}
	if (e != 0) {
		page_ref(*pa = E_PA(e));
		spin_unlock(&pc->lock);
		return 0;
	}
	r = (how & PCG_CACHED) ? -ENOENT :
	    slot == NULL ? (idx >= MAX_PAGES ? -EFBIG : -ENOMEM) :
	    idx >= pc->limit && !(how & PCG_EXTEND) ? -ENXIO : 0;
	if (r == 0 && idx >= pc->limit) {	/* a new page past the end */
		if ((*pa = pmm_alloc(0)) == 0) {
			r = -ENOMEM;
		} else {
			memset(hal_p2v(*pa), 0, PAGE_SIZE);
			*slot = *pa | PC_UPTODATE;
			pc->npages++;
			count(&total_pages, 1);
			page_ref(*pa);		/* the caller's */
		}
		spin_unlock(&pc->lock);
		return r;
	}
	if (r == 0) {
		run_fill(pc, &rn);
		if (rn.n == 0)
			r = -ENOMEM;
		else
			page_ref(*pa = rn.pa[0]);	/* the caller's */
	}
	seq = pc->ra_pages > RUN_PAGES;		/* a sequential reader */
	next = pc->ra_next;
	spin_unlock(&pc->lock);
	if (r == 0 && (r = read_run(pc, &rn)) < 0)
		page_unref(*pa);
	else if (r == 0 && seq)
		ra_start(pc, next);		/* the next run meanwhile */
	return r;
}

/* Mark page idx dirty if the cache still holds page pa there (any page
 * for pa 0). Any context that may take a spinlock. */
void
pcache_set_dirty(struct pcache *pc, uint64_t idx, paddr_t pa)
{
	bool first = false;
	uint64_t *slot;

	spin_lock(&pc->lock);
	slot = slot_of(pc, idx, false);
	if (slot != NULL && (*slot & PC_UPTODATE) &&
	    (pa == 0 || E_PA(*slot) == pa) && !(*slot & PC_DIRTY)) {
		*slot |= PC_DIRTY;
		if (pc->ndirty++ == 0) {
			pc->dirtied_ns = hal_time_ns();
			first = true;
		}
		count(&total_dirty, 1);
	}
	spin_unlock(&pc->lock);
	if (first)
		block_dirty_notify();	/* the flusher comes by */
}

/* The file's size is now `size` (it grew; truncation uses
 * pcache_truncate). Called with ip->lock held. */
void
pcache_set_size(struct pcache *pc, uint64_t size)
{
	spin_lock(&pc->lock);
	pc->limit = ALIGN_UP(size, PAGE_SIZE) >> PAGE_SHIFT;
	spin_unlock(&pc->lock);
}

/* Does the cache hold dirty pages? (A hint: no lock.) */
bool
pcache_dirty(struct pcache *pc)
{
	return READ_ONCE(pc->ndirty) != 0;
}

/* Has it held dirty pages since before `cutoff` (hal_time_ns)? */
bool
pcache_dirty_before(struct pcache *pc, uint64_t cutoff)
{
	bool r;

	spin_lock(&pc->lock);
	r = pc->ndirty != 0 && pc->dirtied_ns <= cutoff;
	spin_unlock(&pc->lock);
	return r;
}

/* ---- reads and writes through a struct uio ---- */

/* References to the cached, up-to-date pages idx, idx + 1, ..., at most
 * max and up to the first that is not, in pa[]: how many. One hold of the
 * lock for all: a reader of cached data takes it once per READ_BATCH
 * pages rather than once a page. No lock held. */
static int
get_cached_run(struct pcache *pc, uint64_t idx, int max, paddr_t *pa)
{
	uint64_t *slot, e;
	int n = 0;

	spin_lock(&pc->lock);
	while (n < max && (slot = slot_of(pc, idx + (uint64_t)n, false)) != NULL &&
	       (e = *slot) != 0 && (!(e & PC_BUSY) || (e & PC_UPTODATE)))
		page_ref(pa[n++] = E_PA(e));
	spin_unlock(&pc->lock);
	return n;
}

/*
 * read(2) of a cached file: copy from offset off into u, up to the end
 * of the file. Returns the bytes copied, or -EXXX if none. No lock held;
 * may sleep.
 */
ssize_t
pcache_read(struct pcache *pc, struct uio *u, uint64_t off)
{
	paddr_t batch[READ_BATCH];
	size_t done = 0, pgoff, bytes;
	uint64_t size;
	ssize_t got = 0;
	int have, want;

	while (u->len > 0) {
		size = READ_ONCE(pc->ip->size);
		if (off >= size)
			break;
		pgoff = off & (PAGE_SIZE - 1);
		bytes = (size_t)MIN((uint64_t)u->len, size - off);
		want = (int)MIN((pgoff + bytes + PAGE_SIZE - 1) >> PAGE_SHIFT,
				(size_t)READ_BATCH);
		have = get_cached_run(pc, off >> PAGE_SHIFT, want, batch);
		if (have == 0) {		/* a miss: read it in */
			if ((got = pcache_get(pc, off >> PAGE_SHIFT, 0,
					      batch)) < 0) {
				if (got == -ENXIO)	/* truncated meanwhile */
					got = 0;
				break;
			}
			have = 1;
		}
		bytes = MIN(bytes, (size_t)have * PAGE_SIZE - pgoff);
		got = uio_out_pages(u, batch, pgoff, bytes);
		while (have > 0)
			page_unref(batch[--have]);
		if (got > 0) {
			done += (size_t)got;
			off += (uint64_t)got;
		}
		if (got < (ssize_t)bytes)
			break;
	}
	return done > 0 ? (ssize_t)done : got < 0 ? got : 0;
}

/* Give the blocks under bytes [from, from + len) of page idx disk blocks.
 * A new block makes page pa dirty: its bytes must reach the block. */
static int
alloc_blocks(struct pcache *pc, uint64_t idx, size_t from, size_t len,
	     paddr_t pa)
{
	unsigned bshift = pc->bshift;
	uint64_t base = idx << (PAGE_SHIFT - bshift), pblk;
	uint64_t b = base + (from >> bshift), last = base + ((from + len - 1) >> bshift);
	bool fresh, any = false;
	int r = 0;

	for (; b <= last && r == 0; b++) {
		fresh = false;
		r = pc->ops->bmap(pc->ip, b, true, &pblk, &fresh, NULL);
		any |= fresh;
	}
	if (any)
		pcache_set_dirty(pc, idx, pa);
	return r;
}

/* Copy chunk bytes (inside one page) of u to the file at off. */
static int
write_chunk(struct pcache *pc, struct uio *u, uint64_t off, size_t chunk)
{
	struct inode *ip = pc->ip;
	uint64_t idx = off >> PAGE_SHIFT;
	size_t pgoff = off & (PAGE_SIZE - 1);
	paddr_t pa;
	int r;

	if ((r = pcache_get(pc, idx, PCG_EXTEND, &pa)) < 0)
		return r;
	if ((r = alloc_blocks(pc, idx, pgoff, chunk, pa)) < 0) {
		page_unref(pa);
		return r;
	}
	r = uio_in(u, (char *)hal_p2v(pa) + pgoff, chunk);
	mutex_lock(&ip->lock);
	if (r == 0 && off + chunk > ip->size) {
		ip->size = off + chunk;
		pcache_set_size(pc, ip->size);
	} else if (r < 0 && off >= ip->size) {	/* no stray bytes past EOF */
		memset((char *)hal_p2v(pa) + pgoff, 0, chunk);
	}
	mutex_unlock(&ip->lock);
	if (r == 0)
		pcache_set_dirty(pc, idx, pa);
	page_unref(pa);
	return r;
}

/*
 * write(2) to a cached file: copy u to offset off, allocating blocks and
 * growing the file (ip->size, under ip->lock), never past `max` bytes.
 * Returns the bytes written, or -EFBIG, -ENOSPC, -EFAULT, -EIO if none.
 * The caller serializes writers and truncation of the file and holds no
 * other lock. A writer that finds too many dirty pages in the machine
 * writes its own back first. May sleep.
 */
ssize_t
pcache_write(struct pcache *pc, struct uio *u, uint64_t off, uint64_t max)
{
	size_t done = 0, chunk;
	int r = 0;

	if (off >= max && u->len > 0)
		return -EFBIG;
	while (u->len > 0 && off < max) {
		chunk = MIN(u->len, PAGE_SIZE - (off & (PAGE_SIZE - 1)));
		chunk = (size_t)MIN((uint64_t)chunk, max - off);
		if ((r = write_chunk(pc, u, off, chunk)) < 0)
			break;
		done += chunk;
		off += chunk;
		if (READ_ONCE(total_dirty) > dirty_limit &&
		    READ_ONCE(pc->ndirty) >= RUN_PAGES)
			pcache_writeback(pc, 0, UINT64_MAX);
	}
	return done > 0 ? (ssize_t)done : r;
}

/*
 * The page at idx for a mapping (inode_ops.getpage): referenced, -ENXIO
 * past the end of the file. With `create` (a shared writable mapping)
 * every block under the page inside the file gets a disk block now, so
 * that what the program writes there can be written back. May sleep.
 */
int
pcache_getpage(struct pcache *pc, uint64_t idx, bool create, paddr_t *pa)
{
	uint64_t size = READ_ONCE(pc->ip->size);
	int r;

	if (idx >= MAX_PAGES || idx << PAGE_SHIFT >= size)
		return -ENXIO;
	if ((r = pcache_get(pc, idx, 0, pa)) < 0)
		return r;
	if (create && (r = alloc_blocks(pc, idx, 0, run_len(idx, 1, size),
					 *pa)) < 0) {
		page_unref(*pa);
		return r;
	}
	return 0;
}

/* ---- truncation, write-back, eviction ---- */

/* Drop the pages from index `first` on, waiting for busy ones. */
static void
drop_from(struct pcache *pc, uint64_t first)
{
	uint64_t idx = first, *slot;

	spin_lock(&pc->lock);
	while ((slot = next_entry(pc, &idx, 0)) != NULL) {
		if (*slot & PC_BUSY) {
			spin_unlock(&pc->lock);
			wait_busy(pc, idx);
			spin_lock(&pc->lock);
			continue;	/* look at idx again */
		}
		drop_entry(pc, slot);
		idx++;
	}
	if (first == 0 && pc->root != NULL) {
		tree_free(pc->root, pc->height - 1);
		pc->root = NULL;
		pc->height = 0;
	}
	spin_unlock(&pc->lock);
}

/*
 * The file now ends at `size` (ip->size is set): pages past it go, and
 * the rest of the last page becomes zeros, on the disk too (the page is
 * made dirty), so that a later extension reads zeros. 0 or -EIO. The
 * caller serializes this with writers; no lock held; may sleep.
 */
int
pcache_truncate(struct pcache *pc, uint64_t size)
{
	uint64_t first = ALIGN_UP(size, PAGE_SIZE) >> PAGE_SHIFT;
	size_t tail = size & (PAGE_SIZE - 1);
	paddr_t pa;
	int r;

	spin_lock(&pc->lock);
	pc->limit = first;
	spin_unlock(&pc->lock);
	drop_from(pc, first);
	if (tail == 0)
		return 0;
	if ((r = pcache_get(pc, size >> PAGE_SHIFT, 0, &pa)) < 0)
		return r == -ENXIO ? 0 : r;
	memset((char *)hal_p2v(pa) + tail, 0, PAGE_SIZE - tail);
	pcache_set_dirty(pc, size >> PAGE_SHIFT, pa);
	page_unref(pa);
	return 0;
}

/*
 * Take the dirty pages from idx on (consecutive, not busy, at most
 * RUN_PAGES, none past `last`) into a run, marking them busy and clean.
 * Returns false if there is none at or after idx; sets *idx to the first
 * dirty one, and *wait if that one is busy (written back by someone
 * else: the caller waits and looks again).
 */
static bool
take_dirty(struct pcache *pc, uint64_t *idx, uint64_t last, struct run *rn,
	   bool *wait)
{
	uint64_t *slot;

	*wait = false;
	rn->n = 0;
	spin_lock(&pc->lock);
	if (pc->ndirty == 0 || (slot = next_entry(pc, idx, PC_DIRTY)) == NULL ||
	    *idx > last) {
		spin_unlock(&pc->lock);
		return false;
	}
	rn->idx = *idx;
	if (*slot & PC_BUSY)
		*wait = true;
	while (!*wait && rn->n < RUN_PAGES && rn->idx + rn->n <= last) {
		slot = slot_of(pc, rn->idx + rn->n, false);
		if (slot == NULL || (*slot & (PC_DIRTY | PC_BUSY)) != PC_DIRTY)
			break;
		*slot = (*slot & ~(uint64_t)PC_DIRTY) | PC_BUSY;
		pc->ndirty--;
		count(&total_dirty, -1);
		page_ref(E_PA(*slot));
		rn->pa[rn->n++] = E_PA(*slot);
	}
	spin_unlock(&pc->lock);
	return true;
}

/* Write a run of dirty pages; the part of the last page past the end of
 * the file is zeroed first (a mapping may have scribbled there). */
static int
write_run(struct pcache *pc, struct run *rn)
{
	uint64_t size = READ_ONCE(pc->ip->size);
	int r = 0;

	if (rn->idx << PAGE_SHIFT < size) {
		while ((rn->idx + (uint64_t)rn->n - 1) << PAGE_SHIFT >= size)
			rn->n--;	/* truncated meanwhile: keep the first */
		rn->len = run_len(rn->idx, rn->n, size);
		if (rn->len < (size_t)rn->n * PAGE_SIZE)
			memset((char *)hal_p2v(rn->pa[rn->n - 1]) +
			       (rn->len & (PAGE_SIZE - 1)), 0,
			       PAGE_SIZE - (rn->len & (PAGE_SIZE - 1)));
		rn->write = true;
		r = run_io(rn);
	}
	return r;
}

/*
 * Write the dirty pages with index in [first, last] to the disk and wait
 * for them. Returns 0 or the first error (which is also kept for
 * pcache_take_error: the flusher's failures reach the next fsync). No
 * lock held; may sleep.
 */
int
pcache_writeback(struct pcache *pc, uint64_t first, uint64_t last)
{
	uint64_t idx = first;
	struct run rn = { .pc = pc };
	int r = 0, err, n;
	bool wait;

	while (take_dirty(pc, &idx, last, &rn, &wait)) {
		if (wait) {
			wait_busy(pc, idx);
			continue;
		}
		n = rn.n;
		err = write_run(pc, &rn);
		unbusy(pc, idx, n, false);
		for (int i = 0; i < n; i++)
			page_unref(rn.pa[i]);
		if (err < 0 && r == 0) {
			r = err;
			spin_lock(&pc->lock);
			pc->error = err;
			spin_unlock(&pc->lock);
		}
		if (idx + (uint64_t)n < idx)
			break;
		idx += (uint64_t)n;
	}
	return r;
}

/* The error of a write-back since the last call (0 if none), cleared:
 * what fsync reports after writing back. */
int
pcache_take_error(struct pcache *pc)
{
	int r;

	spin_lock(&pc->lock);
	r = pc->error;
	pc->error = 0;
	spin_unlock(&pc->lock);
	return r;
}

/*
 * The inode goes away: drop every page (dirty ones are lost: write back
 * first if the file still matters) and leave the reclaim list. Nothing
 * may map the file any more. May sleep (waits for busy pages).
 */
void
pcache_evict(struct pcache *pc)
{
	spin_lock(&pc->lock);
	pc->limit = 0;
	spin_unlock(&pc->lock);
	drop_from(pc, 0);
	spin_lock(&cache_lock);
	if (pc->listed)
		list_remove(&pc->link);
	pc->listed = false;
	spin_unlock(&cache_lock);
}

/* Set up an empty cache for ip, whose blocks of 2^bshift bytes live on
 * dev. */
void
pcache_init(struct pcache *pc, struct inode *ip, const struct pcache_ops *ops,
	    struct blockdev *dev, unsigned bshift)
{
	memset(pc, 0, sizeof(*pc));
	spin_init(&pc->lock, "pcache");
	waitq_init(&pc->wq);
	list_init(&pc->link);
	pc->ip = ip;
	pc->ops = ops;
	pc->dev = dev;
	pc->bshift = bshift;
	pc->limit = ALIGN_UP(ip->size, PAGE_SIZE) >> PAGE_SHIFT;
	spin_lock(&cache_lock);
	list_append(&caches, &pc->link);
	pc->listed = true;
	spin_unlock(&cache_lock);
}

/* ---- memory pressure ---- */

/* Drop up to `want` clean pages of pc that nobody else uses. pc->lock
 * held. */
static size_t
reclaim_cache(struct pcache *pc, size_t want)
{
	uint64_t idx = 0, *slot, e;
	struct page *pg;
	size_t got = 0;

	while (got < want && (slot = next_entry(pc, &idx, 0)) != NULL) {
		e = *slot;
		pg = pa_to_page(E_PA(e));
		if ((e & (PC_UPTODATE | PC_DIRTY | PC_BUSY)) == PC_UPTODATE &&
		    pg != NULL &&
		    __atomic_load_n(&pg->refcount, __ATOMIC_ACQUIRE) == 1) {
			drop_entry(pc, slot);
			got++;
		}
		idx++;
	}
	return got;
}

/* Free the nodes under node (of `level`: 0 holds pages) that hold no
 * entry any more; true if node itself holds none. pc->lock held. */
static bool
prune(uint64_t *node, int level)
{
	bool empty = true;

	for (unsigned i = 0; i < NODE_SLOTS; i++) {
		if (node[i] == 0)
			continue;
		if (level > 0 && prune((uint64_t *)(uintptr_t)node[i],
				       level - 1)) {
			kfree((void *)(uintptr_t)node[i]);
			node[i] = 0;
		} else {
			empty = false;
		}
	}
	return empty;
}

/* Up to `want` clean pages back, as pcache_reclaim; with `tidy`, the
 * tree nodes left empty go too (the heap may be called: never from
 * inside the allocator). */
static size_t
reclaim(size_t want, bool tidy)
{
	struct pcache *pc;
	struct list *l;
	size_t got = 0, n;

	if (!spin_trylock(&cache_lock))
		return 0;
	list_for_each(l, &caches) {
		pc = list_entry(l, struct pcache, link);
		if (READ_ONCE(pc->npages) == 0 || !spin_trylock(&pc->lock))
			continue;
		got += n = reclaim_cache(pc, want - got);
		if (tidy && n > 0 && pc->root != NULL &&
		    prune(pc->root, pc->height - 1)) {
			kfree(pc->root);
			pc->root = NULL;
			pc->height = 0;
		}
		spin_unlock(&pc->lock);
		if (got >= want)
			break;
	}
	spin_unlock(&cache_lock);
	return got;
}

/*
 * The page allocator is out of pages: free up to `want` clean, unmapped
 * cached pages, least recently filled caches first. Returns how many.
 * Any context: it only tries locks, so it never waits for one (a cache
 * whose lock is held is skipped).
 */
size_t
pcache_reclaim(size_t want)
{
	return reclaim(want, false);
}

/* Every clean, unmapped cached page back, and the tree nodes left empty
 * (/proc/sys/vm/drop_caches). Not from inside the allocator. */
size_t
pcache_drop_clean(void)
{
	return reclaim(SIZE_MAX, true);
}

/* Pages cached, and dirty, in the whole machine (/proc/meminfo). */
void
pcache_stats(size_t *pages, size_t *dirty)
{
	*pages = READ_ONCE(total_pages);
	*dirty = READ_ONCE(total_dirty);
}

/* Hook the cache to the page allocator. Called once at boot. */
void
pcache_sysinit(void)
{
	dirty_limit = MAX(pmm_total_pages() / 8, (size_t)RUN_PAGES * 4);
	reserve = MAX(pmm_total_pages() / 16, (size_t)RA_MAX_PAGES);
	pmm_set_reclaim(pcache_reclaim);
}
