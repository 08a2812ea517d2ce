/*
 * block_test.c -- unit tests of the block layer (kernel/block.c) against
 * image files on the test HAL: the request queue (depth, splitting), the
 * buffer cache (hits, write-back, LRU eviction under the memory bound),
 * I/O errors, read-only disks, syncers, and an image made by mke2fs.
 */
#include <check.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "block.h"
#include "heap.h"
#include "pmm.h"
#include "testhal.h"

#define IMG_SECTORS 2048	/* 1 MiB */

static char img[64];
static int img_fd = -1;

/* The byte at offset off of the image as made. */
static uint8_t
pattern(uint64_t off)
{
	return (uint8_t)((off / 512) * 7 + off % 512 * 13);
}

static void
make_image(void)
{
	static uint8_t buf[IMG_SECTORS * 512];
	const char *dir = getenv("TMPDIR") != NULL ? getenv("TMPDIR") : "/tmp";

	for (size_t i = 0; i < sizeof(buf); i++)
		buf[i] = pattern(i);
	snprintf(img, sizeof(img), "%s/block_test.XXXXXX", dir);
	img_fd = mkstemp(img);
	ck_assert_int_ge(img_fd, 0);
	ck_assert_int_eq(write(img_fd, buf, sizeof(buf)), (ssize_t)sizeof(buf));
}

static void
setup_disk(bool readonly)
{
	testhal_reset();
	pmm_init();
	heap_init();
	make_image();
	ck_assert_int_eq(testhal_block_attach(img, readonly), 0);
	block_init();
}

static void
setup(void)
{
	setup_disk(false);
}

static void
setup_ro(void)
{
	setup_disk(true);
}

static void
teardown(void)
{
	if (img_fd >= 0) {
		close(img_fd);
		unlink(img);
		img_fd = -1;
	}
}

/* The image file's bytes [off, off + n) are the pattern. */
static bool
file_is_pattern(uint64_t off, size_t n)
{
	uint8_t b[4096];

	ck_assert_uint_le(n, sizeof(b));
	ck_assert_int_eq(pread(img_fd, b, n, (off_t)off), (ssize_t)n);
	for (size_t i = 0; i < n; i++)
		if (b[i] != pattern(off + i))
			return false;
	return true;
}

static bool
mem_is_pattern(const uint8_t *p, uint64_t off, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (p[i] != pattern(off + i))
			return false;
	return true;
}

static uint8_t
file_byte(uint64_t off)
{
	uint8_t c;

	ck_assert_int_eq(pread(img_fd, &c, 1, (off_t)off), 1);
	return c;
}

START_TEST(test_devices)
{
	struct blockdev *d = block_dev(0);

	ck_assert_int_eq(block_count(), 1);
	ck_assert_ptr_nonnull(d);
	ck_assert_ptr_null(block_dev(1));
	ck_assert_str_eq(d->name, "vda");
	ck_assert_uint_eq(d->sectors, IMG_SECTORS);
	ck_assert(!d->readonly);
	ck_assert_uint_eq(d->rdev, (254u << 8) | 0);
	ck_assert_ptr_eq(block_find("vda"), d);
	ck_assert_ptr_eq(block_find("/dev/vda"), d);
	ck_assert_ptr_null(block_find("vdb"));
	ck_assert_ptr_eq(block_by_rdev(d->rdev), d);
	ck_assert_uint_eq(d->max_sectors, TESTHAL_BLOCK_MAX_SECTORS);
	ck_assert_uint_eq(d->depth, TESTHAL_BLOCK_DEPTH);
	ck_assert_ptr_nonnull(strstr(testhal_console(), "block: vda: 2048 sectors"));
}
END_TEST

START_TEST(test_bread_reads_and_caches)
{
	struct blockdev *d = block_dev(0);
	struct buf *b = bread(d, 3, 1024);

	ck_assert_ptr_nonnull(b);
	ck_assert(b->flags & B_VALID);
	ck_assert(!(b->flags & (B_DIRTY | B_ERROR)));
	ck_assert(mem_is_pattern(b->data, 3 * 1024, 1024));
	brelse(b);
	ck_assert_uint_eq(testhal_block_requests(0, HAL_BLOCK_READ), 1);
	b = bread(d, 3, 1024);		/* a hit: no request */
	ck_assert(mem_is_pattern(b->data, 3 * 1024, 1024));
	brelse(b);
	ck_assert_uint_eq(testhal_block_requests(0, HAL_BLOCK_READ), 1);
	ck_assert_uint_eq(block_cache_bytes(), 1024);
	ck_assert_uint_eq(d->st.reads, 1);
	ck_assert_uint_eq(d->st.read_sectors, 2);
}
END_TEST

START_TEST(test_out_of_range)
{
	struct blockdev *d = block_dev(0);
	static uint8_t *buf;

	ck_assert_ptr_null(bread(d, IMG_SECTORS / 8, 4096));
	ck_assert_ptr_null(bread(d, 0, 3000));
	ck_assert_ptr_nonnull(buf = kmalloc(4096));
	ck_assert_int_eq(block_rw(d, false, IMG_SECTORS - 1, 2, buf), -EINVAL);
	ck_assert_int_eq(block_rw(d, false, UINT64_MAX, 1, buf), -EINVAL);
	ck_assert_int_eq(block_rw(d, false, IMG_SECTORS - 1, 1, buf), 0);
	ck_assert(mem_is_pattern(buf, (IMG_SECTORS - 1) * 512ull, 512));
	ck_assert_int_eq(block_rw(d, false, 0, 0, buf), 0);
	ck_assert_uint_eq(testhal_block_requests(0, HAL_BLOCK_READ), 1);
}
END_TEST

START_TEST(test_dirty_written_back_by_bsync)
{
	struct blockdev *d = block_dev(0);
	struct buf *b = bread(d, 5, 512);

	b->data[0] ^= 0xff;
	bdirty(b);
	ck_assert(b->flags & B_DIRTY);
	brelse(b);
	ck_assert_uint_eq(d->ndirty, 1);
	ck_assert(file_is_pattern(5 * 512, 512));	/* not yet written */
	ck_assert_int_eq(bsync(d), 0);
	ck_assert_uint_eq(file_byte(5 * 512), (uint8_t)(pattern(5 * 512) ^ 0xff));
	ck_assert(file_is_pattern(5 * 512 + 1, 511));
	ck_assert_uint_eq(d->ndirty, 0);
	ck_assert_uint_eq(testhal_block_requests(0, HAL_BLOCK_WRITE), 1);
	ck_assert_uint_eq(testhal_block_requests(0, HAL_BLOCK_FLUSH), 1);
	/* Nothing written since: no second flush. */
	ck_assert_int_eq(bsync(NULL), 0);
	ck_assert_uint_eq(testhal_block_requests(0, HAL_BLOCK_FLUSH), 1);
}
END_TEST

/* bsync from a thread that holds a dirty buffer: that one stays dirty
 * (it cannot be written without its lock), the others are written. */
START_TEST(test_bsync_skips_held_buffer)
{
	struct blockdev *d = block_dev(0);
	struct buf *held = bread(d, 1, 512), *b = bread(d, 2, 512);

	held->data[0] = 0x31;
	bdirty(held);
	b->data[0] = 0x32;
	bdirty(b);
	brelse(b);
	ck_assert_int_eq(bsync(d), 0);
	ck_assert(held->flags & B_DIRTY);
	ck_assert_uint_eq(file_byte(512), pattern(512));
	ck_assert_uint_eq(file_byte(1024), 0x32);
	brelse(held);
	ck_assert_int_eq(bsync(d), 0);
	ck_assert_uint_eq(file_byte(512), 0x31);
}
END_TEST

START_TEST(test_bget_bwrite)
{
	struct blockdev *d = block_dev(0);
	struct buf *b = bget(d, 10, 4096);

	ck_assert_ptr_nonnull(b);
	ck_assert_uint_eq(testhal_block_requests(0, HAL_BLOCK_READ), 0);
	memset(b->data, 0xab, 4096);
	ck_assert_int_eq(bwrite(b), 0);
	ck_assert(b->flags & B_VALID);
	brelse(b);
	ck_assert_uint_eq(file_byte(10 * 4096), 0xab);
	ck_assert_uint_eq(file_byte(10 * 4096 + 4095), 0xab);
	ck_assert(file_is_pattern(11 * 4096, 16));
	/* A 4096-byte block is 8 sectors: one request of the HAL's 16. */
	ck_assert_uint_eq(testhal_block_requests(0, HAL_BLOCK_WRITE), 1);
}
END_TEST

/* Large transfers are split into max_sectors requests, depth in flight. */
START_TEST(test_block_rw_splits)
{
	struct blockdev *d = block_dev(0);
	uint8_t *buf = kmalloc(100 * 512);

	ck_assert_ptr_nonnull(buf);
	ck_assert_int_eq(block_rw(d, false, 7, 100, buf), 0);
	ck_assert(mem_is_pattern(buf, 7 * 512, 100 * 512));
	ck_assert_uint_eq(testhal_block_requests(0, HAL_BLOCK_READ),
			  (100 + TESTHAL_BLOCK_MAX_SECTORS - 1) /
			  TESTHAL_BLOCK_MAX_SECTORS);
	memset(buf, 0x5a, 100 * 512);
	ck_assert_int_eq(block_rw(d, true, 7, 100, buf), 0);
	ck_assert(file_is_pattern(6 * 512, 512));
	ck_assert_uint_eq(file_byte(7 * 512), 0x5a);
	ck_assert_uint_eq(file_byte(107 * 512 - 1), 0x5a);
	ck_assert(file_is_pattern(107 * 512, 512));
	kfree(buf);
}
END_TEST

/* Scattered buffers: pieces cut and grouped within the HAL's limits. */
START_TEST(test_block_rwv_segments)
{
	static const uint32_t lens[] = { 512, 4096, 8192, 12288, 1024, 512,
					 512, 512, 512, 20480 };
	struct hal_block_seg seg[ARRAY_SIZE(lens)];
	struct blockdev *d = block_dev(0);
	uint64_t off = 3 * 512, o;
	unsigned long reqs;

	for (size_t i = 0; i < ARRAY_SIZE(lens); i++) {
		seg[i].buf = kmalloc(lens[i]);
		seg[i].len = lens[i];
		ck_assert_ptr_nonnull(seg[i].buf);
	}
	ck_assert_int_eq(block_rwv(d, false, 3, seg, ARRAY_SIZE(seg)), 0);
	o = off;
	for (size_t i = 0; i < ARRAY_SIZE(lens); i++) {
		ck_assert(mem_is_pattern(seg[i].buf, o, lens[i]));
		o += lens[i];
	}
	/* 49152 bytes: at least 6 requests of 16 sectors; 8 pieces of one
	 * sector or more bring it to a few more, never dozens. */
	reqs = testhal_block_requests(0, HAL_BLOCK_READ);
	ck_assert_uint_ge(reqs, 6);
	ck_assert_uint_le(reqs, 9);
	for (size_t i = 0; i < ARRAY_SIZE(lens); i++)
		memset(seg[i].buf, (int)i + 1, lens[i]);
	ck_assert_int_eq(block_rwv(d, true, 3, seg, ARRAY_SIZE(seg)), 0);
	o = off;
	for (size_t i = 0; i < ARRAY_SIZE(lens); i++) {
		ck_assert_uint_eq(file_byte(o), i + 1);
		ck_assert_uint_eq(file_byte(o + lens[i] - 1), i + 1);
		o += lens[i];
	}
	ck_assert(file_is_pattern(o, 512));
	seg[0].len = 100;			/* not whole sectors */
	ck_assert_int_eq(block_rwv(d, false, 3, seg, 1), -EINVAL);
	for (size_t i = 0; i < ARRAY_SIZE(lens); i++)
		kfree(seg[i].buf);
}
END_TEST

/* Requests beyond the depth wait in the kernel's queue, in order. */
START_TEST(test_queue_depth)
{
	struct blockdev *d = block_dev(0);
	struct breq rq[10];
	uint8_t *buf = kmalloc(10 * 512);
	struct bwait w;

	bwait_init(&w);
	testhal_block_hold(true);
	for (int i = 0; i < 10; i++)
		block_submit(d, &rq[i], HAL_BLOCK_READ, (uint64_t)i * 100, 1,
			     buf + i * 512, &w);
	ck_assert_int_eq(testhal_block_inflight(), TESTHAL_BLOCK_DEPTH);
	ck_assert_uint_eq(d->inflight, TESTHAL_BLOCK_DEPTH);
	ck_assert_int_eq(w.pending, 10);
	ck_assert_int_eq(testhal_block_complete(), 10);
	ck_assert_int_eq(w.pending, 0);
	ck_assert_uint_eq(d->inflight, 0);
	testhal_block_hold(false);
	ck_assert_int_eq(block_wait(&w), 0);
	for (int i = 0; i < 10; i++)
		ck_assert(mem_is_pattern(buf + i * 512, (uint64_t)i * 100 * 512, 512));
	ck_assert_uint_eq(d->st.reads, 10);
	kfree(buf);
}
END_TEST

/* The cache stays under its limit: clean buffers are dropped least
 * recently used first, dirty ones written back before they go. */
START_TEST(test_eviction_lru_and_dirty)
{
	struct blockdev *d = block_dev(0);
	struct buf *b;

	block_cache_set_limit(16 * 1024);
	for (int i = 0; i < 64; i++) {
		b = bread(d, (uint64_t)i, 1024);
		ck_assert(b->flags & B_VALID);
		if (i % 2 == 0) {
			b->data[1] = 0xee;
			bdirty(b);
		}
		brelse(b);
		ck_assert_uint_le(block_cache_bytes(), 16 * 1024);
		/* Block 0 is used again and again: it stays. */
		b = bread(d, 0, 1024);
		brelse(b);
	}
	ck_assert_uint_eq(testhal_block_requests(0, HAL_BLOCK_READ), 64);
	/* Evicted dirty blocks reached the image; recent ones may wait. */
	for (int i = 0; i < 48; i += 2)
		ck_assert_uint_eq(file_byte((uint64_t)i * 1024 + 1), 0xee);
	for (int i = 1; i < 64; i += 2)
		ck_assert(file_is_pattern((uint64_t)i * 1024, 1024));
	ck_assert_int_eq(bsync(NULL), 0);
	for (int i = 0; i < 64; i += 2)
		ck_assert_uint_eq(file_byte((uint64_t)i * 1024 + 1), 0xee);
	b = bread(d, 0, 1024);			/* still cached */
	brelse(b);
	ck_assert_uint_eq(testhal_block_requests(0, HAL_BLOCK_READ), 64);
	b = bread(d, 1, 1024);			/* evicted long ago */
	ck_assert(mem_is_pattern(b->data, 1024, 1024));
	brelse(b);
	ck_assert_uint_eq(testhal_block_requests(0, HAL_BLOCK_READ), 65);
}
END_TEST

/* A buffer in use is never evicted; the limit gives way instead. */
START_TEST(test_held_buffers_survive)
{
	struct blockdev *d = block_dev(0);
	struct buf *held[8];

	block_cache_set_limit(4096);
	for (int i = 0; i < 8; i++) {
		held[i] = bread(d, (uint64_t)i, 1024);
		ck_assert_ptr_nonnull(held[i]);
	}
	ck_assert_uint_eq(block_cache_bytes(), 8 * 1024);
	for (int i = 0; i < 8; i++) {
		ck_assert(mem_is_pattern(held[i]->data, (uint64_t)i * 1024, 1024));
		brelse(held[i]);
	}
	brelse(bread(d, 20, 1024));
	ck_assert_uint_le(block_cache_bytes(), 4096);
}
END_TEST

START_TEST(test_read_error)
{
	struct blockdev *d = block_dev(0);
	uint8_t *buf = kmalloc(4096);
	struct buf *b;

	testhal_block_fail(0, 42);
	b = bread(d, 42, 512);
	ck_assert_ptr_nonnull(b);
	ck_assert(!(b->flags & B_VALID));
	ck_assert(b->flags & B_ERROR);
	brelse(b);
	ck_assert_ptr_nonnull(strstr(testhal_console(),
		"block: vda: I/O error -5 reading sector 42 (1 sectors)"));
	ck_assert_int_eq(block_rw(d, false, 40, 8, buf), -EIO);
	testhal_block_fail(0, UINT64_MAX);
	b = bread(d, 42, 512);			/* read again, and it works */
	ck_assert(b->flags & B_VALID);
	ck_assert(!(b->flags & B_ERROR));
	ck_assert(mem_is_pattern(b->data, 42 * 512, 512));
	brelse(b);
	kfree(buf);
}
END_TEST

/* A failed background write-back is reported by the next bsync, once. */
START_TEST(test_write_error_reported_by_bsync)
{
	struct blockdev *d = block_dev(0);
	struct buf *b = bread(d, 9, 512);

	b->data[0] = 1;
	bdirty(b);
	brelse(b);
	testhal_block_fail(0, 9);
	ck_assert_int_eq(bsync(d), -EIO);
	ck_assert_ptr_nonnull(strstr(testhal_console(), "writing sector 9"));
	ck_assert_int_eq(bsync(d), 0);
	b = bread(d, 9, 512);
	ck_assert(b->flags & B_ERROR);
	ck_assert_int_eq(bwrite(b), -EIO);
	testhal_block_fail(0, UINT64_MAX);
	ck_assert_int_eq(bwrite(b), 0);
	ck_assert(!(b->flags & B_ERROR));
	brelse(b);
	ck_assert_uint_eq(file_byte(9 * 512), 1);
}
END_TEST

/* Errors are logged with the disk and sector, but not without end. */
START_TEST(test_errors_logged_a_few_times)
{
	struct blockdev *d = block_dev(0);
	uint8_t *buf = kmalloc(512);
	const char *p;
	int n = 0;

	testhal_block_fail(0, 3);
	for (int i = 0; i < 50; i++)
		ck_assert_int_eq(block_rw(d, false, 3, 1, buf), -EIO);
	for (p = testhal_console(); (p = strstr(p, "I/O error -5")) != NULL; p++)
		n++;
	ck_assert_int_eq(n, 10);
	ck_assert_ptr_nonnull(strstr(testhal_console(), "more I/O errors, not logged"));
	kfree(buf);
}
END_TEST

START_TEST(test_readonly)
{
	struct blockdev *d = block_dev(0);
	uint8_t *buf = kmalloc(512);
	struct buf *b;

	ck_assert(d->readonly);
	ck_assert_int_eq(block_rw(d, true, 0, 1, buf), -EROFS);
	ck_assert_int_eq(block_rw(d, false, 0, 1, buf), 0);
	b = bread(d, 0, 512);
	ck_assert_int_eq(bwrite(b), -EROFS);
	brelse(b);
	ck_assert_uint_eq(testhal_block_requests(0, HAL_BLOCK_WRITE), 0);
	ck_assert(file_is_pattern(0, 512));
	kfree(buf);
}
END_TEST

/* A raw write updates the cached copies of the sectors it covers. */
START_TEST(test_cache_update_and_writeback_range)
{
	struct blockdev *d = block_dev(0);
	uint8_t data[1024];
	struct buf *b = bread(d, 2, 1024);	/* sectors 4 and 5 */

	brelse(b);
	memset(data, 0x77, sizeof(data));
	block_cache_update_range(d, 5, 2, data);	/* sectors 5 and 6 */
	b = bread(d, 2, 1024);
	ck_assert(mem_is_pattern(b->data, 4 * 512, 512));
	ck_assert_uint_eq(b->data[512], 0x77);
	ck_assert_uint_eq(b->data[1023], 0x77);
	b->data[0] = 0x11;
	bdirty(b);
	brelse(b);
	ck_assert_int_eq(block_cache_writeback_range(d, 0, 4), 0);
	ck_assert_uint_eq(d->ndirty, 1);		/* not in range */
	ck_assert_int_eq(block_cache_writeback_range(d, 5, 1), 0);
	ck_assert_uint_eq(d->ndirty, 0);
	ck_assert_uint_eq(file_byte(4 * 512), 0x11);
}
END_TEST

static int sync_calls, sync_waits;

static int
count_syncer(void *arg, bool wait)
{
	ck_assert_ptr_eq(arg, &sync_calls);
	sync_calls++;
	sync_waits += wait;
	return 0;
}

START_TEST(test_syncers)
{
	struct blockdev *d = block_dev(0);
	struct buf *b;

	ck_assert_int_eq(block_register_syncer(count_syncer, &sync_calls), 0);
	b = bread(d, 1, 512);
	bdirty(b);
	brelse(b);
	ck_assert_int_eq(block_sync(NULL), 0);
	ck_assert_int_eq(sync_calls, 1);
	ck_assert_int_eq(sync_waits, 1);
	ck_assert_uint_eq(d->ndirty, 0);
	ck_assert_uint_eq(testhal_block_requests(0, HAL_BLOCK_FLUSH), 1);
	block_unregister_syncer(&sync_calls);
	ck_assert_int_eq(block_sync(d), 0);
	ck_assert_int_eq(sync_calls, 1);
}
END_TEST

/* binvalidate writes back, then forgets: the next read goes to disk. */
START_TEST(test_binvalidate)
{
	struct blockdev *d = block_dev(0);
	struct buf *b = bread(d, 6, 2048);

	b->data[0] = 0x42;
	bdirty(b);
	brelse(b);
	binvalidate(d);
	ck_assert_uint_eq(block_cache_bytes(), 0);
	ck_assert_uint_eq(d->nbufs, 0);
	ck_assert_uint_eq(file_byte(6 * 2048), 0x42);
	b = bread(d, 6, 2048);
	ck_assert_uint_eq(b->data[0], 0x42);
	brelse(b);
	ck_assert_uint_eq(testhal_block_requests(0, HAL_BLOCK_READ), 2);
}
END_TEST

/* An image made by mke2fs: the superblock is where ext2 says. */
START_TEST(test_mke2fs_image)
{
	char path[80], cmd[256];
	struct buf *b;
	int dev;

	testhal_reset();
	pmm_init();
	heap_init();
	snprintf(path, sizeof(path), "%s/block_test_ext2.XXXXXX",
		 getenv("TMPDIR") != NULL ? getenv("TMPDIR") : "/tmp");
	close(mkstemp(path));
	snprintf(cmd, sizeof(cmd), "PATH=$PATH:/sbin:/usr/sbin mke2fs -q -F "
		 "-t ext2 -b 1024 %s 2048 >/dev/null 2>&1", path);
	if (system(cmd) != 0) {
		unlink(path);
		fprintf(stderr, "block_test: no mke2fs, test_mke2fs_image skipped\n");
		return;
	}
	dev = testhal_block_attach(path, true);
	unlink(path);
	ck_assert_int_eq(dev, 0);
	block_init();
	ck_assert_uint_eq(block_dev(0)->sectors, 4096);
	b = bread(block_dev(0), 1, 1024);	/* the superblock */
	ck_assert(b->flags & B_VALID);
	ck_assert_uint_eq(b->data[56] | b->data[57] << 8, 0xef53);
	ck_assert_uint_eq(b->data[4] | b->data[5] << 8 | b->data[6] << 16, 2048);
	brelse(b);
}
END_TEST

static Suite *
block_suite(void)
{
	Suite *s = suite_create("block");
	TCase *tc = tcase_create("rw");
	TCase *tr = tcase_create("readonly");
	TCase *te = tcase_create("ext2");

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_devices);
	tcase_add_test(tc, test_bread_reads_and_caches);
	tcase_add_test(tc, test_out_of_range);
	tcase_add_test(tc, test_dirty_written_back_by_bsync);
	tcase_add_test(tc, test_bsync_skips_held_buffer);
	tcase_add_test(tc, test_bget_bwrite);
	tcase_add_test(tc, test_block_rw_splits);
	tcase_add_test(tc, test_block_rwv_segments);
	tcase_add_test(tc, test_queue_depth);
	tcase_add_test(tc, test_eviction_lru_and_dirty);
	tcase_add_test(tc, test_held_buffers_survive);
	tcase_add_test(tc, test_read_error);
	tcase_add_test(tc, test_write_error_reported_by_bsync);
	tcase_add_test(tc, test_errors_logged_a_few_times);
	tcase_add_test(tc, test_cache_update_and_writeback_range);
	tcase_add_test(tc, test_syncers);
	tcase_add_test(tc, test_binvalidate);
	suite_add_tcase(s, tc);

	tcase_add_checked_fixture(tr, setup_ro, teardown);
	tcase_add_test(tr, test_readonly);
	suite_add_tcase(s, tr);

	tcase_add_test(te, test_mke2fs_image);
	suite_add_tcase(s, te);
	return s;
}

int
main(void)
{
	SRunner *sr = srunner_create(block_suite());
	int failed;

	srunner_run_all(sr, CK_ENV);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
