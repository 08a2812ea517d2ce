/*
 * block_ktest.c -- self tests of the block layer on the machine's first
 * disk (its contents are destroyed; tests/sys/ktest-block.sh gives a
 * scratch image): threads sharing the buffer cache under a tight memory
 * bound while bsync runs, and the flusher's timing. Without a disk they
 * pass at once with a note.
 */
#include "block.h"
#include "heap.h"
#include "ktest.h"
#include "sched.h"

#define NTHREADS 6
#define NBLOCKS 96
#define BSIZE 1024
#define ROUNDS 300

static struct blockdev *kd;
static uint32_t expect[NBLOCKS];	/* the counter last written to each */
static int nerr;
static bool stop_syncing;

static struct blockdev *
scratch_disk(void)
{
	struct blockdev *d = block_dev(0);

	if (d == NULL)
		ktest_note("no disk: skipped (run it with -drive)");
	else if (d->readonly || d->sectors < NBLOCKS * (BSIZE / 512))
		ktest_note("%s is read-only or small: skipped", d->name);
	else
		return d;
	return NULL;
}

/* A block holds its number, then its counter, in every word. */
static void
stamp(uint8_t *data, uint32_t blk, uint32_t n)
{
	uint32_t *w = (uint32_t *)data;

	for (int i = 0; i < BSIZE / 4; i += 2) {
		w[i] = blk;
		w[i + 1] = n;
	}
}

static bool
stamped(const uint8_t *data, uint32_t blk, uint32_t n)
{
	const uint32_t *w = (const uint32_t *)data;

	for (int i = 0; i < BSIZE / 4; i += 2)
		if (w[i] != blk || w[i + 1] != n)
			return false;
	return true;
}

static void
error(void)
{
	__atomic_add_fetch(&nerr, 1, __ATOMIC_RELAXED);
}

/* Thread k owns the blocks b with b % NTHREADS == k: it rewrites them
 * and checks what it reads; it also reads the others' and checks their
 * block numbers. */
static void
worker(void *arg)
{
	uint64_t seed = 1000 + (uintptr_t)arg;
	uint32_t k = (uint32_t)(uintptr_t)arg, b;
	const uint32_t *w;
	struct buf *bp;

	for (int r = 0; r < ROUNDS; r++) {
		b = (uint32_t)(ktest_rand(&seed) % NBLOCKS);
		if ((bp = bread(kd, b, BSIZE)) == NULL ||
		    !(bp->flags & B_VALID)) {
			error();
			if (bp != NULL)
				brelse(bp);
			continue;
		}
		w = (const uint32_t *)bp->data;
		if (b % NTHREADS == k) {
			if (!stamped(bp->data, b, expect[b]))
				error();
			stamp(bp->data, b, ++expect[b]);
			if (r % 7 != 0)
				bdirty(bp);
			else if (bwrite(bp) < 0)
				error();
		} else if (w[0] != b) {
			error();
		}
		brelse(bp);
		if (r % 16 == 0)
			sched_yield();
	}
}

static void
syncer(void *arg)
{
	(void)arg;
	while (!READ_ONCE(stop_syncing)) {
		if (bsync(kd) < 0)
			error();
		thread_sleep_ns(200 * NSEC_PER_USEC);
	}
}

/*
 * Threads share the cache, bounded to 16 blocks of 96, so buffers are
 * evicted and written back while others use them and bsync runs. Every
 * read sees the last write; afterwards the disk holds them all.
 */
int
ktest_block_concurrent(void)
{
	struct thread *t[NTHREADS], *s;
	uint8_t *raw;
	struct buf *bp;
	bool ok = true;

	if ((kd = scratch_disk()) == NULL)
		return 0;
	nerr = 0;
	stop_syncing = false;
	for (uint32_t b = 0; b < NBLOCKS; b++) {
		KT_ASSERT((bp = bget(kd, b, BSIZE)) != NULL);
		expect[b] = 0;
		stamp(bp->data, b, 0);
		bdirty(bp);
		brelse(bp);
	}
	block_cache_set_limit(16 * BSIZE);
	KT_ASSERT((s = thread_create("bsyncer", syncer, NULL, PRIO_DEFAULT)));
	for (int i = 0; i < NTHREADS; i++)
		KT_ASSERT((t[i] = thread_create("bworker", worker,
						(void *)(uintptr_t)i,
						PRIO_DEFAULT)) != NULL);
	for (int i = 0; i < NTHREADS; i++)
		thread_join(t[i]);
	WRITE_ONCE(stop_syncing, true);
	thread_join(s);
	KT_ASSERT_MSG(nerr == 0, "%d bad reads or writes", nerr);
	KT_ASSERT(bsync(kd) == 0);
	brelse(bread(kd, 0, BSIZE));	/* all clean: under the bound */
	KT_ASSERT_MSG(block_cache_bytes() <= 16 * BSIZE, "%zu bytes cached",
		      block_cache_bytes());
	binvalidate(kd);
	block_cache_set_limit(0);	/* back to the boot default */
	KT_ASSERT((raw = kmalloc(NBLOCKS * BSIZE)) != NULL);
	KT_ASSERT(block_rw(kd, false, 0, NBLOCKS * (BSIZE / 512), raw) == 0);
	for (uint32_t b = 0; b < NBLOCKS && ok; b++)
		ok = stamped(raw + b * BSIZE, b, expect[b]);
	kfree(raw);
	KT_ASSERT(ok);
	KT_ASSERT(kd->st.writes > 0 && kd->st.flushes > 0);
	ktest_note("%llu reads, %llu writes, %llu flushes",
		   (unsigned long long)kd->st.reads,
		   (unsigned long long)kd->st.writes,
		   (unsigned long long)kd->st.flushes);
	return 0;
}

/* The disk's first sector as the disk has it, bypassing the cache. */
static uint8_t
disk_byte0(void)
{
	uint8_t *raw = kmalloc(512), c;

	if (raw == NULL || block_rw(kd, false, 0, 1, raw) < 0)
		c = 0xff;
	else
		c = raw[0];
	kfree(raw);
	return c;
}

static unsigned long long
ms_since(uint64_t t0)
{
	return (unsigned long long)((hal_time_ns() - t0) / NSEC_PER_MSEC);
}

/* A dirty buffer stays in memory for a while, and is written back by
 * the flusher after BLOCK_DIRTY_EXPIRE_NS without anyone syncing. */
int
ktest_block_flusher(void)
{
	uint64_t t0;
	struct buf *bp;
	uint8_t v;

	if ((kd = scratch_disk()) == NULL)
		return 0;
	KT_ASSERT(bsync(kd) == 0);
	v = (uint8_t)(disk_byte0() + 1);
	KT_ASSERT((bp = bread(kd, 0, 512)) != NULL);
	bp->data[0] = v;
	bdirty(bp);
	t0 = bp->dirtied_ns;
	brelse(bp);
	thread_sleep_ns(BLOCK_DIRTY_EXPIRE_NS / 2);
	KT_ASSERT_MSG(disk_byte0() != v, "written back after %llu ms",
		      ms_since(t0));
	while (disk_byte0() != v &&
	       hal_time_ns() - t0 < 3 * BLOCK_DIRTY_EXPIRE_NS)
		thread_sleep_ns(100 * NSEC_PER_MSEC);
	KT_ASSERT(disk_byte0() == v);
	KT_ASSERT_MSG(hal_time_ns() - t0 < BLOCK_DIRTY_EXPIRE_NS +
		      3 * BLOCK_FLUSH_PERIOD_NS, "took %llu ms", ms_since(t0));
	KT_ASSERT(kd->ndirty == 0);
	/*
	 * On a machine with real parallel CPUs (QEMU -smp 4) the flusher
	 * may still hold the buffer and its batch for a moment after the
	 * disk took the write: let it finish before the leak check.
	 */
	for (int i = 0; i < 100; i++) {
		binvalidate(kd);
		if (READ_ONCE(kd->nbufs) == 0)
			break;
		thread_sleep_ns(10 * NSEC_PER_MSEC);
	}
	KT_ASSERT(kd->nbufs == 0);
	return 0;
}
