/*
 * pagecache_test.c -- unit tests of the page cache (kernel/pagecache.c)
 * with a made-up file system: a file whose blocks map to an image file
 * on the test HAL's disk, with holes. Reads (holes, end of file, read-
 * ahead in few requests, an error kept to its page), writes (blocks made
 * only where written, write-back reaching the image), truncation (tail
 * zeroed on the disk too), getpage, and reclaim under memory pressure
 * (clean unused pages go; dirty or referenced ones stay).
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "block.h"
#include "heap.h"
#include "pagecache.h"
#include "pmm.h"
#include "testhal.h"
#include "vfs.h"
#include "vm.h"

#define NBLK 2048			/* blocks of the file's map */
#define BASE 64				/* its block 0 on the disk, unless a hole */
#define DISK_BLOCKS (BASE + 2 * NBLK)

static char img[64];
static unsigned bshift;
static uint64_t map[NBLK];
static uint64_t next_free, disk_end;
static struct inode fake;
static struct pcache pc;
static FILE *disk;

static uint8_t
pattern(uint64_t off)
{
	return (uint8_t)(off * 13 + off / 1000 + 1);
}

static bool
is_hole(uint64_t lblk)
{
	return lblk % 7 == 3;
}

/* Runs as ext2 gives them: contiguous blocks or holes, ending at each
 * multiple of 5 blocks (a map block's end), so that the cache must join
 * runs and split them at holes. */
static int
fake_bmap(struct inode *ip, uint64_t lblk, bool create, uint64_t *pblk,
	  bool *fresh, unsigned *len)
{
	unsigned n = 1;

	(void)ip;
	*pblk = 0;
	if (lblk >= NBLK)
		return create ? -EFBIG : 0;
	if (map[lblk] == 0 && create) {
		if (next_free >= disk_end)
			return -ENOSPC;
		map[lblk] = next_free++;
		*fresh = true;
	}
	*pblk = map[lblk];
	if (len != NULL && !create) {
		while (n < *len && lblk + n < NBLK && (lblk + n) % 5 != 0 &&
		       (*pblk == 0 ? map[lblk + n] == 0 :
			map[lblk + n] == *pblk + n))
			n++;
		*len = n;
	}
	return 0;
}

static const struct pcache_ops fake_ops = { .bmap = fake_bmap };

/* A disk whose block BASE + i holds the file's bytes of block i. */
static void
setup_bs(unsigned shift, uint64_t size, bool holes)
{
	const char *t = getenv("TMPDIR") != NULL ? getenv("TMPDIR") : "/tmp";
	size_t bs = (size_t)1 << shift;
	uint8_t *blk = malloc(bs);

	bshift = shift;
	snprintf(img, sizeof(img), "%s/pcache_test.XXXXXX", t);
	disk = fdopen(mkstemp(img), "w+b");
	ck_assert_ptr_nonnull(disk);
	for (uint64_t b = 0; b < DISK_BLOCKS; b++) {
		for (size_t i = 0; i < bs; i++)
			blk[i] = b >= BASE ? pattern((b - BASE) * bs + i) : 0xee;
		ck_assert_uint_eq(fwrite(blk, 1, bs, disk), bs);
	}
	fflush(disk);
	free(blk);
	for (uint64_t i = 0; i < NBLK; i++)
		map[i] = (uint64_t)i * bs < size && !(holes && is_hole(i)) ?
			 BASE + i : 0;
	next_free = BASE + NBLK;
	disk_end = DISK_BLOCKS;
	testhal_reset();
	pmm_init();
	heap_init();
	ck_assert_int_eq(testhal_block_attach(img, false), 0);
	block_init();
	pcache_sysinit();
	memset(&fake, 0, sizeof(fake));
	mutex_init(&fake.lock, "fake");
	fake.mode = S_IFREG | 0644;
	fake.size = size;
	list_init(&fake.maps);
	pcache_init(&pc, &fake, &fake_ops, block_dev(0), bshift);
	fake.pcache = &pc;
}

static void
teardown(void)
{
	if (disk != NULL)
		fclose(disk);
	disk = NULL;
	remove(img);
}

/* The expected byte at off of the file (holes read as zeros). */
static uint8_t
expect(uint64_t off)
{
	return is_hole(off >> bshift) ? 0 : pattern(off);
}

static ssize_t
pread_k(void *buf, size_t n, uint64_t off)
{
	struct uio u = { (uintptr_t)buf, n, true };

	return pcache_read(&pc, &u, off);
}

static ssize_t
pwrite_k(const void *buf, size_t n, uint64_t off)
{
	struct uio u = { (uintptr_t)buf, n, true };

	return pcache_write(&pc, &u, off, UINT64_MAX);
}

/* The disk's bytes of block pblk. */
static void
disk_block(uint64_t pblk, uint8_t *out)
{
	size_t bs = (size_t)1 << bshift;

	ck_assert_int_eq(fseeko(disk, (off_t)(pblk * bs), SEEK_SET), 0);
	ck_assert_uint_eq(fread(out, 1, bs, disk), bs);
}

START_TEST(test_read_holes_and_eof)
{
	uint64_t size = 300000;
	uint8_t *buf = malloc(size + 100);

	setup_bs(10, size, true);
	ck_assert_int_eq(pread_k(buf, size + 100, 0), (ssize_t)size);
	for (uint64_t i = 0; i < size; i++)
		if (buf[i] != expect(i))
			ck_abort_msg("byte %llu: %u, not %u",
				     (unsigned long long)i, buf[i], expect(i));
	ck_assert_int_eq(pread_k(buf, 10, size), 0);
	ck_assert_int_eq(pread_k(buf, 10, size - 3), 3);
	free(buf);
	teardown();
}
END_TEST

/* Sequential reads go in runs: far fewer requests than pages. */
START_TEST(test_readahead)
{
	uint64_t size = 64 * PAGE_SIZE;
	uint8_t *buf = malloc(PAGE_SIZE);
	unsigned long before;

	setup_bs(12, size, false);
	before = testhal_block_requests(0, HAL_BLOCK_READ);
	for (uint64_t off = 0; off < size; off += PAGE_SIZE) {
		ck_assert_int_eq(pread_k(buf, PAGE_SIZE, off), PAGE_SIZE);
		ck_assert_uint_eq(buf[5], pattern(off + 5));
	}
	/* 16-page runs split by the HAL's 16-sector requests: 8 each */
	ck_assert_uint_le(testhal_block_requests(0, HAL_BLOCK_READ) - before,
			  64 / 2);
	free(buf);
	teardown();
}
END_TEST

/* A sequential reader's runs double from 16 pages to 128, and from its
 * second miss on, the next run is read while it copies the current one;
 * once it reaches that run, the one after is queued too (two in
 * flight); a reader that jumps about gets 16 pages each time. */
START_TEST(test_readahead_grows)
{
	uint64_t size = 1024 * PAGE_SIZE;
	uint8_t *buf = malloc(PAGE_SIZE);

	setup_bs(12, size, false);
	ck_assert_int_eq(pread_k(buf, PAGE_SIZE, 0), PAGE_SIZE);
	ck_assert_uint_eq(pc.npages, 16);
	for (uint64_t off = PAGE_SIZE; off <= 16 * PAGE_SIZE; off += PAGE_SIZE)
		ck_assert_int_eq(pread_k(buf, PAGE_SIZE, off), PAGE_SIZE);
	ck_assert_uint_eq(pc.npages, 16 + 32 + 64);	/* 48..111 ahead */
	for (uint64_t off = 17 * PAGE_SIZE; off < 240 * PAGE_SIZE;
	     off += PAGE_SIZE) {
		ck_assert_int_eq(pread_k(buf, PAGE_SIZE, off), PAGE_SIZE);
		ck_assert_uint_eq(buf[off % 251], pattern(off + off % 251));
	}
	/* at 48: 112..239 queued behind 48..111, then 240..367 once that
	 * was in; at 112: 368..495 once 112..239 was in */
	ck_assert_uint_eq(pc.npages, 496);
	ck_assert_int_eq(pread_k(buf, PAGE_SIZE, 900 * PAGE_SIZE), PAGE_SIZE);
	ck_assert_uint_eq(pc.npages, 496 + 16);
	ck_assert_uint_eq(buf[9], pattern(900 * PAGE_SIZE + 9));
	ck_assert_int_eq(pread_k(buf, PAGE_SIZE, 300 * PAGE_SIZE), PAGE_SIZE);
	ck_assert_uint_eq(buf[3], pattern(300 * PAGE_SIZE + 3));
	pcache_evict(&pc);
	ck_assert_uint_eq(pc.npages, 0);
	free(buf);
	teardown();
}
END_TEST

/* A bad block inside a run read ahead fails its own page only; eviction
 * with a read-ahead in flight completes it. */
START_TEST(test_readahead_error)
{
	uint8_t *buf = malloc(PAGE_SIZE);

	setup_bs(12, 512 * PAGE_SIZE, false);
	testhal_block_fail(0, (BASE + 60) << (12 - 9));
	for (uint64_t off = 0; off < 60 * PAGE_SIZE; off += PAGE_SIZE)
		ck_assert_int_eq(pread_k(buf, PAGE_SIZE, off), PAGE_SIZE);
	ck_assert_int_eq(pread_k(buf, PAGE_SIZE, 60 * PAGE_SIZE), -EIO);
	ck_assert_int_eq(pread_k(buf, PAGE_SIZE, 61 * PAGE_SIZE), PAGE_SIZE);
	ck_assert_uint_eq(buf[1], pattern(61 * PAGE_SIZE + 1));
	testhal_block_fail(0, UINT64_MAX);
	ck_assert_int_eq(pread_k(buf, PAGE_SIZE, 60 * PAGE_SIZE), PAGE_SIZE);
	ck_assert_uint_eq(buf[2], pattern(60 * PAGE_SIZE + 2));
	for (uint64_t off = 62 * PAGE_SIZE; off < 120 * PAGE_SIZE;
	     off += PAGE_SIZE)
		ck_assert_int_eq(pread_k(buf, PAGE_SIZE, off), PAGE_SIZE);
	pcache_evict(&pc);		/* 240..367 were in flight */
	ck_assert_uint_eq(pc.npages, 0);
	free(buf);
	teardown();
}
END_TEST

/* A bad block fails its own page only. */
START_TEST(test_read_error)
{
	uint8_t buf[16];
	paddr_t pa;

	setup_bs(12, 32 * PAGE_SIZE, false);
	testhal_block_fail(0, (BASE + 5) << (12 - 9));
	ck_assert_int_eq(pcache_get(&pc, 5, 0, &pa), -EIO);
	ck_assert_int_eq(pread_k(buf, 16, 4 * PAGE_SIZE), 16);
	ck_assert_int_eq(pread_k(buf, 16, 6 * PAGE_SIZE), 16);
	ck_assert_uint_eq(buf[0], pattern(6 * PAGE_SIZE));
	ck_assert_int_eq(pcache_get(&pc, 5, PCG_CACHED, &pa), -ENOENT);
	testhal_block_fail(0, UINT64_MAX);
	ck_assert_int_eq(pread_k(buf, 16, 5 * PAGE_SIZE), 16);
	teardown();
}
END_TEST

/* Writes go to the disk at write-back, blocks made where written only;
 * the file grows. */
START_TEST(test_write_back)
{
	uint8_t data[3000], blk[1024];
	uint64_t at = 100 * 1024 + 500;	/* block 100, past the end */

	setup_bs(10, 10 * 1024, true);
	memset(data, 'w', sizeof(data));
	/* over the end: blocks 100..103 (and page 25's others stay holes) */
	ck_assert_int_eq(pwrite_k(data, sizeof(data), at), (ssize_t)sizeof(data));
	ck_assert_uint_eq(fake.size, at + sizeof(data));
	ck_assert(map[100] && map[101] && map[102] && map[103]);
	ck_assert(map[99] == 0 && map[104] == 0 && map[12] == 0);
	/* into a hole inside the file */
	ck_assert_int_eq(pwrite_k("hole", 4, 3 * 1024 + 10), 4);
	ck_assert(map[3] != 0);
	ck_assert(pcache_dirty(&pc));
	ck_assert_int_eq(pcache_writeback(&pc, 0, UINT64_MAX), 0);
	ck_assert(!pcache_dirty(&pc));
	disk_block(map[3], blk);
	ck_assert(blk[9] == 0 && memcmp(blk + 10, "hole", 4) == 0 && blk[14] == 0);
	disk_block(map[101], blk);
	ck_assert_uint_eq(blk[0], 'w');
	disk_block(map[100], blk);
	ck_assert(blk[499] == 0 && blk[500] == 'w');
	disk_block(map[103], blk);	/* past the end: zeros on the disk */
	ck_assert_uint_eq(blk[(at + 3000) % 1024 - 1], 'w');
	ck_assert_uint_eq(blk[(at + 3000) % 1024], 0);
	teardown();
}
END_TEST

/* Truncation drops pages and puts zeros in the last block on the disk. */
START_TEST(test_truncate)
{
	uint8_t blk[4096], b;
	paddr_t pa;

	setup_bs(12, 40 * PAGE_SIZE, false);
	ck_assert_int_eq(pread_k(blk, 4096, 20 * PAGE_SIZE), 4096);
	ck_assert_int_eq(pread_k(blk, 4096, 30 * PAGE_SIZE), 4096);
	mutex_lock(&fake.lock);
	fake.size = 20 * PAGE_SIZE + 100;
	mutex_unlock(&fake.lock);
	ck_assert_int_eq(pcache_truncate(&pc, fake.size), 0);
	ck_assert_int_eq(pcache_get(&pc, 30, PCG_CACHED, &pa), -ENOENT);
	ck_assert_int_eq(pcache_get(&pc, 21, 0, &pa), -ENXIO);
	ck_assert_int_eq(pcache_writeback(&pc, 0, UINT64_MAX), 0);
	disk_block(BASE + 20, blk);
	ck_assert_uint_eq(blk[99], pattern(20 * PAGE_SIZE + 99));
	ck_assert_uint_eq(blk[100], 0);
	ck_assert_uint_eq(blk[4095], 0);
	/* growing again reads zeros there */
	mutex_lock(&fake.lock);
	fake.size = 25 * PAGE_SIZE;
	pcache_set_size(&pc, fake.size);
	mutex_unlock(&fake.lock);
	pcache_evict(&pc);
	pcache_init(&pc, &fake, &fake_ops, block_dev(0), bshift);
	ck_assert_int_eq(pread_k(&b, 1, 20 * PAGE_SIZE + 200), 1);
	ck_assert_uint_eq(b, 0);
	teardown();
}
END_TEST

/* getpage: -ENXIO past the end; create gives a hole blocks, dirty. */
START_TEST(test_getpage)
{
	paddr_t pa;

	setup_bs(10, 8 * PAGE_SIZE, true);
	ck_assert_int_eq(pcache_getpage(&pc, 8, false, &pa), -ENXIO);
	ck_assert_int_eq(pcache_getpage(&pc, 0, false, &pa), 0);
	ck_assert(map[3] == 0);
	page_unref(pa);
	ck_assert(!pcache_dirty(&pc));
	ck_assert_int_eq(pcache_getpage(&pc, 0, true, &pa), 0);
	ck_assert(map[3] != 0);
	ck_assert(pcache_dirty(&pc));
	page_unref(pa);
	teardown();
}
END_TEST

/* Under pressure clean unused pages go; dirty and referenced ones stay;
 * the allocator calls the reclaim by itself when it runs dry. */
START_TEST(test_reclaim)
{
	size_t pages, dirty, got = 0;
	uint8_t buf[4096];
	paddr_t held, pa, *all;

	setup_bs(12, NBLK * (uint64_t)PAGE_SIZE / 2, false);
	for (uint64_t off = 0; off < 1024 * (uint64_t)PAGE_SIZE; off += PAGE_SIZE)
		ck_assert_int_eq(pread_k(buf, 1, off), 1);
	pcache_stats(&pages, &dirty);
	ck_assert_uint_ge(pages, 1000);
	ck_assert_int_eq(pcache_get(&pc, 7, 0, &held), 0);
	ck_assert_int_eq(pwrite_k("d", 1, 9 * PAGE_SIZE), 1);
	ck_assert_uint_ge(pcache_reclaim(100000), 1000 - 3);
	ck_assert_int_eq(pcache_get(&pc, 7, PCG_CACHED, &pa), 0);
	page_unref(pa);
	ck_assert_int_eq(pcache_get(&pc, 9, PCG_CACHED, &pa), 0);
	page_unref(pa);
	ck_assert_int_eq(pcache_get(&pc, 8, PCG_CACHED, &pa), -ENOENT);
	page_unref(held);
	/* fill the cache again, then take every free page */
	for (uint64_t off = 0; off < 1024 * (uint64_t)PAGE_SIZE; off += PAGE_SIZE)
		ck_assert_int_eq(pread_k(buf, 1, off), 1);
	pages = pmm_free_pages();
	all = calloc(pmm_total_pages(), sizeof(*all));
	while ((all[got] = pmm_alloc(0)) != 0)
		got++;
	ck_assert_uint_gt(got, pages + 500);	/* the cache gave pages */
	for (size_t i = 0; i < got; i++)
		pmm_free(all[i], 0);
	free(all);
	teardown();
}
END_TEST

/* With little memory left, a file larger than it reads to the end: the
 * cache gives back its own older pages and leaves free memory for the
 * rest of the kernel. */
START_TEST(test_reserve)
{
	uint64_t size = NBLK * (uint64_t)PAGE_SIZE;
	uint8_t buf[16];
	paddr_t *held;
	size_t n = 0;

	setup_bs(12, size, false);
	held = calloc(pmm_total_pages(), sizeof(*held));
	while (pmm_free_pages() > 1024 && (held[n] = pmm_alloc(0)) != 0)
		n++;
	for (uint64_t off = 0; off < size; off += PAGE_SIZE) {
		ck_assert_int_eq(pread_k(buf, 16, off), 16);
		ck_assert_uint_eq(buf[3], pattern(off + 3));
	}
	ck_assert_uint_ge(pmm_free_pages(), 128);
	pcache_evict(&pc);
	for (size_t i = 0; i < n; i++)
		pmm_free(held[i], 0);
	free(held);
	teardown();
}
END_TEST

/* A file bigger than the free memory reads to its end: the cache
 * recycles its own clean pages (regression: the allocator's reclaim
 * skipped the cache whose lock the miss held, and the read failed with
 * -ENOMEM once memory was full of that one file). */
START_TEST(test_read_bigger_than_ram)
{
	static uint8_t buf[64 * 1024];
	uint64_t size = NBLK * (uint64_t)PAGE_SIZE;
	size_t got = 0;
	paddr_t *all;

	setup_bs(12, size, true);
	all = calloc(pmm_total_pages(), sizeof(*all));
	while (pmm_free_pages() > 300 && (all[got] = pmm_alloc(0)) != 0)
		got++;
	ck_assert_uint_lt(pmm_free_pages() + 1000, NBLK);
	for (uint64_t off = 0; off < size; off += sizeof(buf)) {
		ck_assert_int_eq(pread_k(buf, sizeof(buf), off), sizeof(buf));
		for (size_t i = 0; i < sizeof(buf); i += 511)
			ck_assert_uint_eq(buf[i], expect(off + i));
	}
	for (size_t i = 0; i < got; i++)
		pmm_free(all[i], 0);
	free(all);
	teardown();
}
END_TEST

/* A file four times the RAM (holes past 8 MiB) reads to the end: old
 * pages go, and so do the tree nodes that held them. */
START_TEST(test_larger_than_ram)
{
	uint64_t size = 4 * TESTHAL_RAM_SIZE;
	struct heap_stats h0, h1;
	uint8_t buf[16];

	setup_bs(12, size, false);
	heap_stats(&h0);
	for (uint64_t off = 0; off < size; off += PAGE_SIZE) {
		ck_assert_int_eq(pread_k(buf, 16, off), 16);
		ck_assert_uint_eq(buf[5], off < NBLK * (uint64_t)PAGE_SIZE ?
				  pattern(off + 5) : 0);
	}
	ck_assert_uint_ge(pmm_free_pages(), 128);
	heap_stats(&h1);
	/* the nodes of the pages still cached, not of all 16384 */
	ck_assert_uint_lt(h1.allocs - h0.allocs, 160);
	pcache_evict(&pc);
	teardown();
}
END_TEST

/* Dropping the cache frees the tree nodes it empties (regression: they stayed,
 * one slab page every few MiB of a big file's pages, and no block of
 * 2 MiB could form again after reading a file as big as the RAM). */
START_TEST(test_reclaim_frees_nodes)
{
	struct heap_stats before, full, after;
	uint8_t buf[16];

	setup_bs(12, NBLK * (uint64_t)PAGE_SIZE, false);
	heap_stats(&before);
	for (uint64_t off = 0; off < NBLK * (uint64_t)PAGE_SIZE;
	     off += PAGE_SIZE)
		ck_assert_int_eq(pread_k(buf, 1, off), 1);
	heap_stats(&full);
	ck_assert_uint_ge(full.allocs, before.allocs + NBLK / 64);
	ck_assert_uint_ge(pcache_drop_clean(), NBLK);
	heap_stats(&after);
	ck_assert_uint_le(after.allocs, before.allocs + 1);	/* the root */
	teardown();
}
END_TEST

/* Filling the disk: -ENOSPC after what fit. */
START_TEST(test_enospc)
{
	static uint8_t data[64 * 1024];
	ssize_t r;

	setup_bs(10, 0, false);
	disk_end = next_free + 10;
	r = pwrite_k(data, sizeof(data), 0);
	ck_assert_int_eq(r, 8 * 1024);		/* two whole pages */
	ck_assert_int_eq(pwrite_k(data, 1, 12 * 1024), -ENOSPC);
	teardown();
}
END_TEST

static Suite *
pcache_suite(void)
{
	Suite *s = suite_create("pagecache");
	TCase *tc = tcase_create("core");

	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_read_holes_and_eof);
	tcase_add_test(tc, test_readahead);
	tcase_add_test(tc, test_readahead_grows);
	tcase_add_test(tc, test_readahead_error);
	tcase_add_test(tc, test_read_error);
	tcase_add_test(tc, test_write_back);
	tcase_add_test(tc, test_truncate);
	tcase_add_test(tc, test_getpage);
	tcase_add_test(tc, test_reclaim);
	tcase_add_test(tc, test_reserve);
	tcase_add_test(tc, test_larger_than_ram);
	tcase_add_test(tc, test_read_bigger_than_ram);
	tcase_add_test(tc, test_reclaim_frees_nodes);
	tcase_add_test(tc, test_enospc);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner *sr = srunner_create(pcache_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
