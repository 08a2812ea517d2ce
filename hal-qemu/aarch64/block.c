/*
 * block.c (aarch64) -- the virtio-blk devices on virtio-mmio transports
 * as kernel/hal.h's block devices. The transports come from the device
 * tree (devtree.c: compatible "virtio,mmio", reg, interrupts); QEMU virt
 * has 32 of them, most empty (device ID 0). Version 2 is virtio 1.0
 * (modern), version 1 the legacy interface (virt's
 * -global virtio-mmio.force-legacy=true). The queue and the requests are
 * hal-common/virtio.c's; each transport's SPI goes to the boot CPU and
 * runs virtio_blk_isr().
 */
#include "a64.h"
#include "virtio.h"

#define VMMIO_MAGIC 0x000		/* "virt" */
#define VMMIO_VERSION 0x004
#define VMMIO_DEVICE_ID 0x008
#define VMMIO_DEV_FEATURES 0x010
#define VMMIO_DEV_FEATURES_SEL 0x014
#define VMMIO_DRV_FEATURES 0x020
#define VMMIO_DRV_FEATURES_SEL 0x024
#define VMMIO_GUEST_PAGE_SIZE 0x028	/* version 1 */
#define VMMIO_QUEUE_SEL 0x030
#define VMMIO_QUEUE_NUM_MAX 0x034
#define VMMIO_QUEUE_NUM 0x038
#define VMMIO_QUEUE_ALIGN 0x03c		/* version 1 */
#define VMMIO_QUEUE_PFN 0x040		/* version 1 */
#define VMMIO_QUEUE_READY 0x044		/* version 2 */
#define VMMIO_QUEUE_NOTIFY 0x050
#define VMMIO_INT_STATUS 0x060
#define VMMIO_INT_ACK 0x064
#define VMMIO_STATUS 0x070
#define VMMIO_QUEUE_DESC 0x080		/* version 2: low, high */
#define VMMIO_QUEUE_DRIVER 0x090
#define VMMIO_QUEUE_DEVICE 0x0a0
#define VMMIO_CONFIG 0x100

#define VIRTIO_ID_BLOCK 2

static uint32_t
reg_read(struct virtio_dev *v, unsigned off)
{
	return *(volatile uint32_t *)(v->base + off);
}

static void
reg_write(struct virtio_dev *v, unsigned off, uint32_t x)
{
	*(volatile uint32_t *)(v->base + off) = x;
}

static uint64_t
mmio_features(struct virtio_dev *v)
{
	uint64_t lo, hi;

	reg_write(v, VMMIO_DEV_FEATURES_SEL, 0);
	lo = reg_read(v, VMMIO_DEV_FEATURES);
	reg_write(v, VMMIO_DEV_FEATURES_SEL, 1);
	hi = reg_read(v, VMMIO_DEV_FEATURES);
	return hi << 32 | lo;
}

static void
mmio_set_features(struct virtio_dev *v, uint64_t f)
{
	reg_write(v, VMMIO_DRV_FEATURES_SEL, 0);
	reg_write(v, VMMIO_DRV_FEATURES, (uint32_t)f);
	reg_write(v, VMMIO_DRV_FEATURES_SEL, 1);
	reg_write(v, VMMIO_DRV_FEATURES, (uint32_t)(f >> 32));
}

static uint8_t
mmio_status(struct virtio_dev *v)
{
	return (uint8_t)reg_read(v, VMMIO_STATUS);
}

static void
mmio_set_status(struct virtio_dev *v, uint8_t s)
{
	reg_write(v, VMMIO_STATUS, s);
}

static uint32_t
mmio_config32(struct virtio_dev *v, unsigned off)
{
	return reg_read(v, VMMIO_CONFIG + off);
}

static unsigned
mmio_queue_max(struct virtio_dev *v)
{
	reg_write(v, VMMIO_QUEUE_SEL, 0);
	return reg_read(v, VMMIO_QUEUE_NUM_MAX);
}

/* Version 2 takes the three addresses; version 1 a page frame number
 * with the used ring at the next 4096 boundary, our layout. */
static bool
mmio_queue_set(struct virtio_dev *v, unsigned size, uint64_t desc,
	       uint64_t avail, uint64_t used)
{
	reg_write(v, VMMIO_QUEUE_SEL, 0);
	reg_write(v, VMMIO_QUEUE_NUM, size);
	if (!v->modern) {
		if ((desc & 4095) != 0 || desc >> 44 != 0)
			return false;
		reg_write(v, VMMIO_GUEST_PAGE_SIZE, 4096);
		reg_write(v, VMMIO_QUEUE_ALIGN, 4096);
		reg_write(v, VMMIO_QUEUE_PFN, (uint32_t)(desc >> 12));
		return true;
	}
	reg_write(v, VMMIO_QUEUE_DESC, (uint32_t)desc);
	reg_write(v, VMMIO_QUEUE_DESC + 4, (uint32_t)(desc >> 32));
	reg_write(v, VMMIO_QUEUE_DRIVER, (uint32_t)avail);
	reg_write(v, VMMIO_QUEUE_DRIVER + 4, (uint32_t)(avail >> 32));
	reg_write(v, VMMIO_QUEUE_DEVICE, (uint32_t)used);
	reg_write(v, VMMIO_QUEUE_DEVICE + 4, (uint32_t)(used >> 32));
	reg_write(v, VMMIO_QUEUE_READY, 1);
	return true;
}

/* The ring's writes reach memory before the device hears of them. */
static void
mmio_notify(struct virtio_dev *v)
{
	__asm__ volatile("dsb sy" : : : "memory");
	reg_write(v, VMMIO_QUEUE_NOTIFY, 0);
}

static uint32_t
mmio_ack(struct virtio_dev *v)
{
	uint32_t s = reg_read(v, VMMIO_INT_STATUS);

	if (s != 0)
		reg_write(v, VMMIO_INT_ACK, s);		/* lowers the SPI */
	__asm__ volatile("dsb sy" : : : "memory");
	return s;
}

static const struct virtio_ops mmio_ops = {
	mmio_features, mmio_set_features, mmio_status, mmio_set_status,
	mmio_config32, mmio_queue_max, mmio_queue_set, mmio_notify, mmio_ack,
};

/* Take the transport at pa if it holds a block device. */
static void
vblk_probe(uint64_t pa, int intid)
{
	struct virtio_dev v = { 0 };
	uint32_t version, id;

	if (pa >= (1ull << 30) - 0x200) {
		kprintf("virtio-mmio at %#llx not used: outside the first GiB "
			"(the HAL's device mapping)\n", (unsigned long long)pa);
		return;
	}
	v.base = (uintptr_t)mmio(pa);
	if (reg_read(&v, VMMIO_MAGIC) != 0x74726976) {
		kprintf("virtio-mmio at %#llx not used: bad magic %#x\n",
			(unsigned long long)pa, reg_read(&v, VMMIO_MAGIC));
		return;
	}
	id = reg_read(&v, VMMIO_DEVICE_ID);
	if (id != VIRTIO_ID_BLOCK)
		return;			/* 0: an empty slot; others: not ours */
	version = reg_read(&v, VMMIO_VERSION);
	if (version != 1 && version != 2) {
		kprintf("virtio-mmio at %#llx not used: version %u\n",
			(unsigned long long)pa, version);
		return;
	}
	v.ops = &mmio_ops;
	v.modern = version == 2;
	ksnprintf(v.model, sizeof(v.model), "virtio-blk mmio %#llx v%u",
		  (unsigned long long)pa, version);
	if (virtio_blk_add(&v) == 0)
		gic_spi(intid, virtio_blk_isr);
}

/*
 * Boot, after the GIC: the transports from the highest address down.
 * QEMU gives the highest free transport to the first -device (and lists
 * them in the device tree in no order to rely on), so the first
 * -device virtio-blk-device is vda, as the first -device
 * virtio-blk-pci is on x86_64.
 */
void
vblk_init(void)
{
	bool done[A64_MAX_VIRTIO] = { false };
	int best;

	for (int n = 0; n < a64_dt.nvirtio; n++) {
		best = -1;
		for (int i = 0; i < a64_dt.nvirtio; i++)
			if (!done[i] && (best < 0 || a64_dt.virtio[i].base >
						     a64_dt.virtio[best].base))
				best = i;
		done[best] = true;
		vblk_probe(a64_dt.virtio[best].base, a64_dt.virtio[best].intid);
	}
}

/* RAM the direct map covers (the image is inside it). */
bool
virtio_ram(const void *p, uint32_t len)
{
	uintptr_t v = (uintptr_t)p;

	return v >= KERNEL_BASE && v + len >= v &&
	       v + len <= KERNEL_BASE + DIRECT_MAP_MAX;
}
