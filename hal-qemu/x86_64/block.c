/*
 * block.c (x86_64) -- the virtio-blk PCI functions as kernel/hal.h's
 * block devices: PCI discovery and the two PCI transports of virtio,
 * modern (virtio 1.0: registers in memory BARs found through vendor
 * capabilities) and legacy (virtio 0.9: registers in I/O BAR 0), used
 * when the function has no modern capabilities. The queue and the
 * requests are hal-common/virtio.c's. Completions come as the
 * function's INTx through the I/O APIC, on HAL line HAL_LINE_DISK.
 */
#include "x86.h"
#include "virtio.h"

/* Legacy virtio PCI registers (I/O BAR 0, no MSI-X). */
#define VIO_DEV_FEATURES 0x00
#define VIO_DRV_FEATURES 0x04
#define VIO_QUEUE_PFN 0x08
#define VIO_QUEUE_SIZE 0x0c
#define VIO_QUEUE_SEL 0x0e
#define VIO_QUEUE_NOTIFY 0x10
#define VIO_STATUS 0x12
#define VIO_ISR 0x13
#define VIO_CONFIG 0x14		/* the device's configuration */

/* Modern: the common configuration structure (virtio 1.0, 4.1.4.3). */
#define VPC_DFSELECT 0x00
#define VPC_DF 0x04
#define VPC_GFSELECT 0x08
#define VPC_GF 0x0c
#define VPC_STATUS 0x14
#define VPC_Q_SELECT 0x16
#define VPC_Q_SIZE 0x18
#define VPC_Q_MSIX 0x1a
#define VPC_Q_ENABLE 0x1c
#define VPC_Q_NOFF 0x1e
#define VPC_Q_DESC 0x20
#define VPC_Q_AVAIL 0x28
#define VPC_Q_USED 0x30

/* Vendor capability cfg_type values. */
#define VCAP_COMMON 1
#define VCAP_NOTIFY 2
#define VCAP_ISR 3
#define VCAP_DEVICE 4

static uint32_t
pci_read32(int bus, int dev, int fn, int off)
{
	outl(0xcf8, 0x80000000u | (uint32_t)bus << 16 | (uint32_t)dev << 11 |
	     (uint32_t)fn << 8 | (uint32_t)(off & 0xfc));
	return inl(0xcfc);
}

static void
pci_write32(int bus, int dev, int fn, int off, uint32_t v)
{
	outl(0xcf8, 0x80000000u | (uint32_t)bus << 16 | (uint32_t)dev << 11 |
	     (uint32_t)fn << 8 | (uint32_t)(off & 0xfc));
	outl(0xcfc, v);
}

static uint8_t
pci_read8(int bus, int dev, int fn, int off)
{
	return (uint8_t)(pci_read32(bus, dev, fn, off) >> (8 * (off & 3)));
}

/* ---- the legacy transport: base is the I/O BAR ---- */

static uint64_t
leg_features(struct virtio_dev *v)
{
	return inl((uint16_t)(v->base + VIO_DEV_FEATURES));
}

static void
leg_set_features(struct virtio_dev *v, uint64_t f)
{
	outl((uint16_t)(v->base + VIO_DRV_FEATURES), (uint32_t)f);
}

static uint8_t
leg_status(struct virtio_dev *v)
{
	return inb((uint16_t)(v->base + VIO_STATUS));
}

static void
leg_set_status(struct virtio_dev *v, uint8_t s)
{
	outb((uint16_t)(v->base + VIO_STATUS), s);
}

static uint32_t
leg_config32(struct virtio_dev *v, unsigned off)
{
	return inl((uint16_t)(v->base + VIO_CONFIG + off));
}

static unsigned
leg_queue_max(struct virtio_dev *v)
{
	outw((uint16_t)(v->base + VIO_QUEUE_SEL), 0);
	return inw((uint16_t)(v->base + VIO_QUEUE_SIZE));
}

/* Legacy cannot choose the size: the device's, at a page frame. */
static bool
leg_queue_set(struct virtio_dev *v, unsigned size, uint64_t desc,
	      uint64_t avail, uint64_t used)
{
	(void)avail;
	(void)used;
	if (size != leg_queue_max(v) || (desc & 4095) != 0 || desc >> 44 != 0)
		return false;
	outl((uint16_t)(v->base + VIO_QUEUE_PFN), (uint32_t)(desc >> 12));
	return true;
}

static void
leg_notify(struct virtio_dev *v)
{
	outw((uint16_t)(v->base + VIO_QUEUE_NOTIFY), 0);
}

static uint32_t
leg_ack(struct virtio_dev *v)
{
	return inb((uint16_t)(v->base + VIO_ISR));	/* deasserts INTx */
}

static const struct virtio_ops legacy_ops = {
	leg_features, leg_set_features, leg_status, leg_set_status,
	leg_config32, leg_queue_max, leg_queue_set, leg_notify, leg_ack,
};

/* ---- the modern transport: base is the common configuration ---- */

#define R8(a) (*(volatile uint8_t *)(a))
#define R16(a) (*(volatile uint16_t *)(a))
#define R32(a) (*(volatile uint32_t *)(a))

static uint64_t
mod_features(struct virtio_dev *v)
{
	uint64_t lo, hi;

	R32(v->base + VPC_DFSELECT) = 0;
	lo = R32(v->base + VPC_DF);
	R32(v->base + VPC_DFSELECT) = 1;
	hi = R32(v->base + VPC_DF);
	return hi << 32 | lo;
}

static void
mod_set_features(struct virtio_dev *v, uint64_t f)
{
	R32(v->base + VPC_GFSELECT) = 0;
	R32(v->base + VPC_GF) = (uint32_t)f;
	R32(v->base + VPC_GFSELECT) = 1;
	R32(v->base + VPC_GF) = (uint32_t)(f >> 32);
}

static uint8_t
mod_status(struct virtio_dev *v)
{
	return R8(v->base + VPC_STATUS);
}

static void
mod_set_status(struct virtio_dev *v, uint8_t s)
{
	R8(v->base + VPC_STATUS) = s;
}

static uint32_t
mod_config32(struct virtio_dev *v, unsigned off)
{
	return R32(v->device + off);
}

static unsigned
mod_queue_max(struct virtio_dev *v)
{
	R16(v->base + VPC_Q_SELECT) = 0;
	return R16(v->base + VPC_Q_SIZE);
}

static void
mod_write64(uintptr_t a, uint64_t x)
{
	R32(a) = (uint32_t)x;
	R32(a + 4) = (uint32_t)(x >> 32);
}

/* Any size up to the device's; the notify address is per queue (kept
 * in v->notify by the probe as the capability's base and multiplier:
 * here it becomes queue 0's address). */
static bool
mod_queue_set(struct virtio_dev *v, unsigned size, uint64_t desc,
	      uint64_t avail, uint64_t used)
{
	R16(v->base + VPC_Q_SELECT) = 0;
	R16(v->base + VPC_Q_SIZE) = (uint16_t)size;
	mod_write64(v->base + VPC_Q_DESC, desc);
	mod_write64(v->base + VPC_Q_AVAIL, avail);
	mod_write64(v->base + VPC_Q_USED, used);
	R16(v->base + VPC_Q_MSIX) = 0xffff;		/* no vector: INTx */
	v->notify += (uintptr_t)R16(v->base + VPC_Q_NOFF) * v->notify_mult;
	R16(v->base + VPC_Q_ENABLE) = 1;
	return true;
}

static void
mod_notify(struct virtio_dev *v)
{
	R16(v->notify) = 0;
}

static uint32_t
mod_ack(struct virtio_dev *v)
{
	return R8(v->isr);				/* deasserts INTx */
}

static const struct virtio_ops modern_ops = {
	mod_features, mod_set_features, mod_status, mod_set_status,
	mod_config32, mod_queue_max, mod_queue_set, mod_notify, mod_ack,
};

/* ---- discovery ---- */

/* The physical address BAR `bar` decodes, 0 if none or not memory. */
static uint64_t
pci_bar_mem(int bus, int dev, int fn, int bar)
{
	uint32_t lo = pci_read32(bus, dev, fn, 0x10 + 4 * bar);
	uint64_t pa = lo & ~0xfu;

	if (bar > 5 || (lo & 1) != 0)
		return 0;
	if ((lo & 6) == 4 && bar < 5)		/* 64-bit */
		pa |= (uint64_t)pci_read32(bus, dev, fn, 0x14 + 4 * bar) << 32;
	return pa;
}

/*
 * Walk the capability list for virtio's vendor capabilities and fill in
 * the modern transport's addresses; false (with *why) if one of the four
 * structures is missing or outside the mapped 4 GiB.
 */
static bool
pci_modern(int bus, int dev, int fn, struct virtio_dev *v, const char **why)
{
	uint64_t pa, addr[5] = { 0 };
	uint32_t mult = 0;
	int off, guard = 0;

	*why = "no virtio 1.0 capabilities";
	if ((pci_read32(bus, dev, fn, 0x04) & (1u << 20)) == 0)
		return false;			/* no capability list */
	for (off = pci_read8(bus, dev, fn, 0x34) & 0xfc; off != 0 && guard < 48;
	     off = pci_read8(bus, dev, fn, off + 1) & 0xfc, guard++) {
		int type = pci_read8(bus, dev, fn, off + 3);

		if (pci_read8(bus, dev, fn, off) != 0x09 || type < VCAP_COMMON ||
		    type > VCAP_DEVICE || addr[type] != 0)
			continue;
		pa = pci_bar_mem(bus, dev, fn, pci_read8(bus, dev, fn, off + 4));
		if (pa == 0)
			continue;		/* an I/O BAR: not for us */
		addr[type] = pa + pci_read32(bus, dev, fn, off + 8);
		if (type == VCAP_NOTIFY)
			mult = pci_read32(bus, dev, fn, off + 16);
	}
	for (int t = VCAP_COMMON; t <= VCAP_DEVICE; t++) {
		if (addr[t] == 0)
			return false;
		if (addr[t] >= (4ull << 30) - 4096) {
			*why = "its modern registers are above 4 GiB (not mapped)";
			return false;
		}
	}
	v->ops = &modern_ops;
	v->modern = true;
	v->base = (uintptr_t)hal_p2v(addr[VCAP_COMMON]);
	v->notify = (uintptr_t)hal_p2v(addr[VCAP_NOTIFY]);
	v->notify_mult = mult;
	v->isr = (uintptr_t)hal_p2v(addr[VCAP_ISR]);
	v->device = (uintptr_t)hal_p2v(addr[VCAP_DEVICE]);
	return true;
}

/* Set up the virtio-blk function at bus:dev.fn, modern if it can. */
static void
vblk_probe(int bus, int dev, int fn, uint32_t id)
{
	struct virtio_dev v = { 0 };
	uint32_t bar0 = pci_read32(bus, dev, fn, 0x10);
	uint32_t cmd = pci_read32(bus, dev, fn, 0x04);
	int line = (int)(pci_read32(bus, dev, fn, 0x3c) & 0xff), gsi;
	const char *why;
	bool level, low;

	if (line >= 16) {
		kprintf("virtio-blk pci %02x:%02x.%d not used: no ISA interrupt "
			"line (%d)\n", bus, dev, fn, line);
		return;
	}
	if (!pci_modern(bus, dev, fn, &v, &why)) {
		if (id != (0x1001u << 16 | 0x1af4u) || (bar0 & 1) == 0) {
			kprintf("virtio-blk pci %02x:%02x.%d not used: %s and no "
				"legacy interface\n", bus, dev, fn, why);
			return;
		}
		v.ops = &legacy_ops;
		v.base = bar0 & ~3u;
	}
	ksnprintf(v.model, sizeof(v.model), "virtio-blk pci %02x:%02x.%d %s",
		  bus, dev, fn, v.modern ? "1.0" : "legacy");
	/* I/O and memory space, bus mastering on, INTx not disabled. */
	pci_write32(bus, dev, fn, 0x04, (cmd & 0xffff & ~0x400u) | 0x7u);
	if (virtio_blk_add(&v) != 0)
		return;
	gsi = acpi_isa_gsi(line, &level, &low);
	/* PCI INTx is level-triggered; the MADT gives the polarity. */
	ioapic_route(gsi, VEC_LINE0 + HAL_LINE_DISK, true, low, lapic_id());
}

/* Boot, after the I/O APIC: find the virtio-blk functions (PCI
 * configuration mechanism 1, every bus) in bus order: vda first.
 * 0x1001 is the transitional device, 0x1042 the modern-only one. */
void
vblk_init(void)
{
	uint32_t id, hdr;

	for (int bus = 0; bus < 256; bus++) {
		for (int dev = 0; dev < 32; dev++) {
			for (int fn = 0; fn < 8; fn++) {
				id = pci_read32(bus, dev, fn, 0);
				if ((id & 0xffff) == 0xffff) {
					if (fn == 0)
						break;
					continue;
				}
				if (id == (0x1001u << 16 | 0x1af4u) ||
				    id == (0x1042u << 16 | 0x1af4u))
					vblk_probe(bus, dev, fn, id);
				hdr = pci_read32(bus, dev, fn, 0x0c) >> 16;
				if (fn == 0 && (hdr & 0x80) == 0)
					break;
			}
		}
	}
}

/* HAL line HAL_LINE_DISK (every disk's INTx). Interrupts off. */
void
vblk_isr(void)
{
	virtio_blk_isr();
}

/* RAM the direct map or the image covers. */
bool
virtio_ram(const void *p, uint32_t len)
{
	uintptr_t v = (uintptr_t)p;

	if (v >= KERNEL_VMA)
		return v + len >= v;
	return v >= DIRECT_MAP && v + len <= DIRECT_MAP + DIRECT_MAP_MAX;
}
