/*
 * virtio_test.c -- unit tests of the shared virtio-blk driver
 * (hal-common/virtio.c) against a fake device: a transport whose
 * registers are variables and whose "device" serves the virtqueue from
 * a RAM disk when the test runs it. Physical addresses are host
 * addresses (hal_v2p is the identity here), so the fake device reads
 * the descriptors as the real one reads guest memory.
 */
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "virtio.h"

/* ---- what the driver needs from a HAL and the kernel ---- */

static char log_buf[4096];

int
kprintf(const char *fmt, ...)
{
	va_list ap;
	size_t n = strlen(log_buf);
	int r;

	va_start(ap, fmt);
	r = vsnprintf(log_buf + n, sizeof(log_buf) - n, fmt, ap);
	va_end(ap);
	return r;
}

void
panic(const char *fmt, ...)
{
	(void)fmt;
	abort();
}

size_t
strlcpy(char *dst, const char *src, size_t size)
{
	size_t n = strlen(src);

	if (size > 0) {
		size_t k = n < size - 1 ? n : size - 1;

		memcpy(dst, src, k);
		dst[k] = '\0';
	}
	return n;
}

unsigned long hal_irq_save(void) { return 0; }
void hal_irq_restore(unsigned long f) { (void)f; }
void hal_cpu_relax(void) { }
paddr_t hal_v2p(const void *va) { return (paddr_t)(uintptr_t)va; }

static const void *not_ram;	/* virtio_ram refuses this buffer */

bool
virtio_ram(const void *p, uint32_t len)
{
	(void)len;
	return p != not_ram;
}

/* ---- the fake device ---- */

#define DISK_SECTORS 64
#define F_SEG_MAX (1ull << 2)
#define F_RO (1ull << 5)
#define F_FLUSH (1ull << 9)

struct desc { uint64_t addr; uint32_t len; uint16_t flags, next; };

static struct {
	uint64_t offered, accepted;
	uint8_t status;
	bool refuse_features;		/* FEATURES_OK does not stick */
	uint64_t capacity;
	uint32_t seg_max;
	unsigned qmax, qsize;
	struct desc *desc;
	volatile uint16_t *avail;
	volatile uint8_t *used;
	uint64_t desc_pa, used_pa;
	uint16_t avail_seen, used_idx;
	int notified, acks;
	uint8_t disk[DISK_SECTORS * 512];
	uint8_t fail_status;		/* the status byte the device writes */
	int last_type, last_ndata;	/* the last request served */
	uint64_t last_sector;
	bool last_data_writable;
} dev;

static struct virtio_dev *fake;	/* the driver's copy */

static uint64_t f_features(struct virtio_dev *v) { (void)v; return dev.offered; }
static void f_set_features(struct virtio_dev *v, uint64_t f) { (void)v; dev.accepted = f; }

static uint8_t
f_status(struct virtio_dev *v)
{
	(void)v;
	if (dev.refuse_features)
		return dev.status & ~VIRTIO_S_FEATURES_OK;
	return dev.status;
}

static void f_set_status(struct virtio_dev *v, uint8_t s) { (void)v; dev.status = s; }

static uint32_t
f_config32(struct virtio_dev *v, unsigned off)
{
	(void)v;
	if (off == 0)
		return (uint32_t)dev.capacity;
	if (off == 4)
		return (uint32_t)(dev.capacity >> 32);
	return off == 12 ? dev.seg_max : 0;
}

static unsigned f_queue_max(struct virtio_dev *v) { (void)v; return dev.qmax; }

static bool
f_queue_set(struct virtio_dev *v, unsigned size, uint64_t d, uint64_t a,
	    uint64_t u)
{
	fake = v;
	dev.qsize = size;
	dev.desc = (struct desc *)(uintptr_t)d;
	dev.avail = (volatile uint16_t *)(uintptr_t)a;
	dev.used = (volatile uint8_t *)(uintptr_t)u;
	dev.desc_pa = d;
	dev.used_pa = u;
	return true;
}

static void f_notify(struct virtio_dev *v) { (void)v; dev.notified++; }
static uint32_t f_ack(struct virtio_dev *v) { (void)v; dev.acks++; return 1; }

static const struct virtio_ops fake_ops = {
	f_features, f_set_features, f_status, f_set_status, f_config32,
	f_queue_max, f_queue_set, f_notify, f_ack,
};

/* Put head `id` in the used ring. */
static void
dev_used(uint32_t id)
{
	uint8_t *e = (uint8_t *)dev.used + 4 + 8u * (dev.used_idx % dev.qsize);

	memcpy(e, &id, 4);
	memset(e + 4, 0, 4);
	dev.used_idx++;
	memcpy((uint8_t *)dev.used + 2, &dev.used_idx, 2);
}

/* Serve one chain: header, data, status, as virtio-blk does. */
static void
dev_serve(uint16_t head)
{
	struct desc *d = &dev.desc[head];
	const uint32_t *hdr = (const uint32_t *)(uintptr_t)d->addr;
	uint64_t sector;
	uint8_t *at;

	memcpy(&sector, hdr + 2, 8);
	dev.last_type = (int)hdr[0];
	dev.last_sector = sector;
	dev.last_ndata = 0;
	at = dev.disk + sector * 512;
	while (dev.desc[d->next].flags & 1) {	/* NEXT: a data descriptor */
		d = &dev.desc[d->next];
		dev.last_ndata++;
		dev.last_data_writable = (d->flags & 2) != 0;
		if (hdr[0] == 0)
			memcpy((void *)(uintptr_t)d->addr, at, d->len);
		else if (hdr[0] == 1)
			memcpy(at, (void *)(uintptr_t)d->addr, d->len);
		at += d->len;
	}
	d = &dev.desc[d->next];
	ck_assert_uint_eq(d->len, 1);
	ck_assert_uint_eq(d->flags, 2);
	*(uint8_t *)(uintptr_t)d->addr = dev.fail_status;
	dev_used(head);
}

/* The device takes everything made available since last time. */
static void
dev_run(void)
{
	while (dev.avail_seen != dev.avail[1]) {
		dev_serve(dev.avail[2 + dev.avail_seen % dev.qsize]);
		dev.avail_seen++;
	}
}

static int
add_disk(bool modern)
{
	struct virtio_dev v = { .ops = &fake_ops, .modern = modern };

	strcpy(v.model, "fake");
	return virtio_blk_add(&v);
}

static void
setup(void)
{
	memset(&dev, 0, sizeof(dev));
	memset(log_buf, 0, sizeof(log_buf));
	dev.offered = VIRTIO_F_VERSION_1 | F_SEG_MAX | F_FLUSH | (1ull << 4);
	dev.capacity = DISK_SECTORS;
	dev.seg_max = 126;
	dev.qmax = 256;
	not_ram = NULL;
	for (int i = 0; i < DISK_SECTORS * 512; i++)
		dev.disk[i] = (uint8_t)(i * 7 + i / 512);
}

static int ndone;
static struct hal_block_req *last_done;

static void
on_done(struct hal_block_req *r)
{
	ndone++;
	last_done = r;
}

static struct hal_block_req
req(int op, uint64_t sector, uint32_t count, void *buf)
{
	struct hal_block_req r = { .op = op, .sector = sector, .count = count,
				   .buf = buf, .done = on_done };
	return r;
}

/* ---- the tests ---- */

/* Modern: VERSION_1 offered back, FEATURES_OK, then DRIVER_OK; only
 * the features the driver knows; the disk as the device describes it. */
START_TEST(test_modern_init)
{
	struct hal_block_info info;

	ck_assert_int_eq(add_disk(true), 0);
	ck_assert_uint_eq(dev.accepted, VIRTIO_F_VERSION_1 | F_SEG_MAX | F_FLUSH);
	ck_assert_uint_eq(dev.status, VIRTIO_S_ACK | VIRTIO_S_DRIVER |
			  VIRTIO_S_FEATURES_OK | VIRTIO_S_DRIVER_OK);
	ck_assert_int_eq(hal_block_count(), 1);
	ck_assert_int_eq(hal_block_info(0, &info), 0);
	ck_assert_uint_eq(info.sectors, DISK_SECTORS);
	ck_assert(!info.readonly);
	ck_assert_uint_eq(info.max_segs, 14);
	ck_assert_uint_eq(info.queue_depth, 16);
	ck_assert_uint_eq(info.max_sectors, 256);
	ck_assert_str_eq(info.model, "fake");
	ck_assert_int_eq(hal_block_info(1, &info), -ENODEV);
}
END_TEST

/* Legacy: no VERSION_1, no FEATURES_OK; the used ring on the page
 * after the available ring (the legacy layout), a smaller queue. */
START_TEST(test_legacy_layout)
{
	struct hal_block_info info;

	dev.offered = F_RO | F_SEG_MAX;
	dev.seg_max = 3;
	dev.qmax = 128;
	ck_assert_int_eq(add_disk(false), 0);
	ck_assert_uint_eq(dev.accepted, F_RO | F_SEG_MAX);
	ck_assert_uint_eq(dev.status, VIRTIO_S_ACK | VIRTIO_S_DRIVER |
			  VIRTIO_S_DRIVER_OK);
	ck_assert_uint_eq(dev.qsize, 128);
	ck_assert_uint_eq(dev.desc_pa % 4096, 0);
	ck_assert_uint_eq(dev.used_pa - dev.desc_pa, 4096);
	ck_assert_int_eq(hal_block_info(0, &info), 0);
	ck_assert(info.readonly);
	ck_assert_uint_eq(info.max_segs, 3);
	ck_assert_uint_eq(info.queue_depth, 8);
}
END_TEST

/* Devices the driver cannot use get FAILED and a message. */
START_TEST(test_refused)
{
	dev.offered = F_FLUSH;			/* modern, no VERSION_1 */
	ck_assert_int_eq(add_disk(true), -ENODEV);
	ck_assert_uint_eq(dev.status, VIRTIO_S_FAILED);
	ck_assert_ptr_nonnull(strstr(log_buf, "VIRTIO_F_VERSION_1"));
	setup();
	dev.refuse_features = true;
	ck_assert_int_eq(add_disk(true), -ENODEV);
	ck_assert_ptr_nonnull(strstr(log_buf, "refused our features"));
	setup();
	dev.capacity = 0;
	ck_assert_int_eq(add_disk(true), -ENODEV);
	ck_assert_ptr_nonnull(strstr(log_buf, "capacity is 0"));
	setup();
	dev.qmax = 0;
	ck_assert_int_eq(add_disk(true), -ENODEV);
	ck_assert_ptr_nonnull(strstr(log_buf, "no queue 0"));
	setup();
	dev.qmax = 8;
	ck_assert_int_eq(add_disk(true), -ENODEV);
	ck_assert_ptr_nonnull(strstr(log_buf, "too small"));
	ck_assert_int_eq(hal_block_count(), 0);
}
END_TEST

/* Requests the contract forbids are refused without calling done. */
START_TEST(test_submit_checks)
{
	static uint8_t buf[8 * 512];
	struct hal_block_seg seg[15];
	struct hal_block_req r;

	ck_assert_int_eq(add_disk(true), 0);
	r = req(HAL_BLOCK_READ, 0, 1, buf);
	ck_assert_int_eq(hal_block_submit(1, &r), -ENODEV);
	r = req(HAL_BLOCK_READ, 0, 0, buf);
	ck_assert_int_eq(hal_block_submit(0, &r), -EINVAL);
	r = req(HAL_BLOCK_READ, 0, 257, buf);
	ck_assert_int_eq(hal_block_submit(0, &r), -EINVAL);
	r = req(HAL_BLOCK_READ, DISK_SECTORS - 1, 2, buf);
	ck_assert_int_eq(hal_block_submit(0, &r), -EINVAL);
	r = req(7, 0, 1, buf);
	ck_assert_int_eq(hal_block_submit(0, &r), -EINVAL);
	not_ram = buf;
	r = req(HAL_BLOCK_READ, 0, 1, buf);
	ck_assert_int_eq(hal_block_submit(0, &r), -EINVAL);
	not_ram = NULL;
	for (int i = 0; i < 15; i++)
		seg[i] = (struct hal_block_seg){ buf, 512 };
	r = req(HAL_BLOCK_READ, 0, 15, NULL);
	r.seg = seg;
	r.nseg = 15;				/* more than max_segs */
	ck_assert_int_eq(hal_block_submit(0, &r), -EINVAL);
	r.nseg = 2;				/* 2 sectors, not 15 */
	ck_assert_int_eq(hal_block_submit(0, &r), -EINVAL);
	seg[0].len = 100;
	r = req(HAL_BLOCK_READ, 0, 2, NULL);
	r.seg = seg;
	r.nseg = 2;
	ck_assert_int_eq(hal_block_submit(0, &r), -EINVAL);
	ck_assert_int_eq(dev.notified, 0);
	ck_assert_int_eq(ndone, 0);
}
END_TEST

START_TEST(test_readonly)
{
	static uint8_t buf[512];
	struct hal_block_req r = req(HAL_BLOCK_WRITE, 0, 1, buf);

	dev.offered |= F_RO;
	ck_assert_int_eq(add_disk(true), 0);
	ck_assert_int_eq(hal_block_submit(0, &r), -EROFS);
	r = req(HAL_BLOCK_READ, 0, 1, buf);
	ck_assert_int_eq(hal_block_submit(0, &r), 0);
}
END_TEST

/* A scattered write, then a read back: one descriptor per segment,
 * device-writable only for the read; done once each, status 0. */
START_TEST(test_write_read)
{
	static uint8_t a[1024], b[512], back[3 * 512];
	struct hal_block_seg seg[2] = { { a, sizeof(a) }, { b, sizeof(b) } };
	struct hal_block_req w = req(HAL_BLOCK_WRITE, 5, 3, NULL), r;

	memset(a, 0xaa, sizeof(a));
	memset(b, 0xbb, sizeof(b));
	w.seg = seg;
	w.nseg = 2;
	ck_assert_int_eq(add_disk(true), 0);
	ck_assert_int_eq(hal_block_submit(0, &w), 0);
	ck_assert_int_eq(dev.notified, 1);
	dev_run();
	ck_assert_int_eq(dev.last_type, 1);
	ck_assert_uint_eq(dev.last_sector, 5);
	ck_assert_int_eq(dev.last_ndata, 2);
	ck_assert(!dev.last_data_writable);
	ck_assert_int_eq(ndone, 0);		/* not before the interrupt */
	virtio_blk_isr();
	ck_assert_int_eq(ndone, 1);
	ck_assert_ptr_eq(last_done, &w);
	ck_assert_int_eq(w.status, 0);
	r = req(HAL_BLOCK_READ, 5, 3, back);
	ck_assert_int_eq(hal_block_submit(0, &r), 0);
	dev_run();
	virtio_blk_isr();
	ck_assert_int_eq(ndone, 2);
	ck_assert(dev.last_data_writable);
	ck_assert_int_eq(dev.last_ndata, 1);
	ck_assert_int_eq(memcmp(back, a, sizeof(a)), 0);
	ck_assert_int_eq(memcmp(back + 1024, b, sizeof(b)), 0);
}
END_TEST

/* A status byte other than 0 completes the request with -EIO. */
START_TEST(test_io_error)
{
	static uint8_t buf[512];
	struct hal_block_req r = req(HAL_BLOCK_READ, 0, 1, buf);

	ck_assert_int_eq(add_disk(true), 0);
	dev.fail_status = 1;			/* VIRTIO_BLK_S_IOERR */
	ck_assert_int_eq(hal_block_submit(0, &r), 0);
	dev_run();
	virtio_blk_isr();
	ck_assert_int_eq(ndone, 1);
	ck_assert_int_eq(r.status, -EIO);
}
END_TEST

/* queue_depth requests in flight at most; a completion frees a slot. */
START_TEST(test_queue_full)
{
	static uint8_t buf[17][512];
	static struct hal_block_req r[17];

	ck_assert_int_eq(add_disk(true), 0);
	for (int i = 0; i < 17; i++)
		r[i] = req(HAL_BLOCK_READ, (uint64_t)i, 1, buf[i]);
	for (int i = 0; i < 16; i++)
		ck_assert_int_eq(hal_block_submit(0, &r[i]), 0);
	ck_assert_int_eq(hal_block_submit(0, &r[16]), -EINVAL);
	dev_run();
	virtio_blk_isr();
	ck_assert_int_eq(ndone, 16);
	ck_assert_int_eq(hal_block_submit(0, &r[16]), 0);
	dev_run();
	virtio_blk_isr();
	ck_assert_int_eq(ndone, 17);
	ck_assert_int_eq(memcmp(buf[16], dev.disk + 16 * 512, 512), 0);
}
END_TEST

/* FLUSH: type 4 without data; without F_FLUSH a one-sector read. */
START_TEST(test_flush)
{
	struct hal_block_req r = req(HAL_BLOCK_FLUSH, 0, 0, NULL);

	ck_assert_int_eq(add_disk(true), 0);
	ck_assert_int_eq(hal_block_submit(0, &r), 0);
	dev_run();
	virtio_blk_isr();
	ck_assert_int_eq(dev.last_type, 4);
	ck_assert_int_eq(dev.last_ndata, 0);
	ck_assert_int_eq(r.status, 0);
}
END_TEST

START_TEST(test_flush_write_through)
{
	struct hal_block_req r = req(HAL_BLOCK_FLUSH, 0, 0, NULL);

	dev.offered &= ~F_FLUSH;
	ck_assert_int_eq(add_disk(true), 0);
	ck_assert_int_eq(hal_block_submit(0, &r), 0);
	dev_run();
	virtio_blk_isr();
	ck_assert_int_eq(dev.last_type, 0);
	ck_assert_int_eq(dev.last_ndata, 1);
	ck_assert_int_eq(ndone, 1);
	ck_assert_int_eq(r.status, 0);
}
END_TEST

/* A used entry that heads no request in flight is reported, skipped. */
START_TEST(test_bogus_used)
{
	static uint8_t buf[512];
	struct hal_block_req r = req(HAL_BLOCK_READ, 0, 1, buf);

	ck_assert_int_eq(add_disk(true), 0);
	dev_used(3);				/* not a slot's head */
	dev_used(32);				/* slot 2: nothing in flight */
	ck_assert_int_eq(hal_block_submit(0, &r), 0);
	dev_run();
	virtio_blk_isr();
	ck_assert_int_eq(ndone, 1);
	ck_assert_ptr_nonnull(strstr(log_buf, "descriptor 3, which heads no "
				     "request in flight"));
	ck_assert_ptr_nonnull(strstr(log_buf, "descriptor 32"));
}
END_TEST

static Suite *
virtio_suite(void)
{
	Suite *s = suite_create("virtio");
	TCase *tc = tcase_create("blk");

	tcase_add_checked_fixture(tc, setup, NULL);
	tcase_add_test(tc, test_modern_init);
	tcase_add_test(tc, test_legacy_layout);
	tcase_add_test(tc, test_refused);
	tcase_add_test(tc, test_submit_checks);
	tcase_add_test(tc, test_readonly);
	tcase_add_test(tc, test_write_read);
	tcase_add_test(tc, test_io_error);
	tcase_add_test(tc, test_queue_full);
	tcase_add_test(tc, test_flush);
	tcase_add_test(tc, test_flush_write_through);
	tcase_add_test(tc, test_bogus_used);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner *sr = srunner_create(virtio_suite());
	int failed;

	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
