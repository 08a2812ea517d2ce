/*
 * block.c (x86_64) -- kernel/hal.h's block devices on virtio-blk PCI
 * functions (legacy, "transitional" interface: registers in I/O space,
 * one virtqueue of the device's size). Requests are descriptor chains
 * header, data segments, status; completions come as the function's
 * INTx through the I/O APIC, on HAL line HAL_LINE_DISK.
 */
#include "x86.h"

#define VBLK_MAX 8		/* disks */
#define VBLK_QSIZE_MAX 256	/* largest virtqueue we lay out */
#define VBLK_SEGS 14		/* data descriptors of one request */
#define VBLK_SLOT_DESCS (VBLK_SEGS + 2)	/* with header and status */
#define VBLK_SLOTS (VBLK_QSIZE_MAX / VBLK_SLOT_DESCS)
#define VBLK_MAX_SECTORS 256	/* 128 KiB a request */
#define VBLK_RING_BYTES (3 * 4096)

/* Legacy virtio PCI registers (I/O BAR 0, no MSI-X). */
#define VIO_DEV_FEATURES 0x00
#define VIO_DRV_FEATURES 0x04
#define VIO_QUEUE_PFN 0x08
#define VIO_QUEUE_SIZE 0x0c
#define VIO_QUEUE_SEL 0x0e
#define VIO_QUEUE_NOTIFY 0x10
#define VIO_STATUS 0x12
#define VIO_ISR 0x13
#define VIO_CONFIG 0x14		/* virtio-blk: capacity (le64) first */

#define VS_ACK 1
#define VS_DRIVER 2
#define VS_DRIVER_OK 4
#define VS_FAILED 128

#define VBLK_F_SEG_MAX (1u << 2)
#define VBLK_F_RO (1u << 5)
#define VBLK_F_FLUSH (1u << 9)

#define VBLK_T_IN 0
#define VBLK_T_OUT 1
#define VBLK_T_FLUSH 4

#define VRING_DESC_F_NEXT 1
#define VRING_DESC_F_WRITE 2

struct vring_desc {
	uint64_t addr;
	uint32_t len;
	uint16_t flags, next;
};

struct vblk_hdr {
	uint32_t type, reserved;
	uint64_t sector;
};

/*
 * One disk. The ring and the slots are guarded by lock (taken with
 * interrupts off): slot s owns descriptors s * VBLK_SLOT_DESCS onwards.
 */
struct vblk {
	uint16_t io;			/* I/O BAR */
	uint16_t qsize;
	uint64_t sectors;
	bool readonly, has_flush;
	uint32_t max_segs;		/* VBLK_SEGS, or less if seg_max says */
	char model[32];
	volatile int lock;
	struct vring_desc *desc;
	volatile uint16_t *avail;	/* flags, idx, ring[qsize] */
	volatile uint8_t *used;		/* flags, idx, {id, len}[qsize] */
	uint16_t used_seen;		/* next used entry to reap */
	uint32_t free_slots;		/* bitmap */
	unsigned nslots;
	struct hal_block_req *req[VBLK_SLOTS];
	struct vblk_hdr hdr[VBLK_SLOTS];
	uint8_t status[VBLK_SLOTS];
	uint8_t scratch[HAL_BLOCK_SECTOR];	/* FLUSH without F_FLUSH */
};

static struct vblk disks[VBLK_MAX];
static int ndisks;
static uint8_t rings[VBLK_MAX][VBLK_RING_BYTES] __attribute__((aligned(4096)));

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

static unsigned long
vblk_lock(struct vblk *d)
{
	unsigned long f = hal_irq_save();

	while (__atomic_exchange_n(&d->lock, 1, __ATOMIC_ACQUIRE) != 0)
		__builtin_ia32_pause();
	return f;
}

static void
vblk_unlock(struct vblk *d, unsigned long f)
{
	__atomic_store_n(&d->lock, 0, __ATOMIC_RELEASE);
	hal_irq_restore(f);
}

/* Lay out the virtqueue (legacy: 4096-aligned used ring); false if the
 * device's queue does not fit in our static ring. */
static bool
vblk_queue_init(struct vblk *d, uint8_t *ring)
{
	uint32_t avail_end, used_off;

	outw(d->io + VIO_QUEUE_SEL, 0);
	d->qsize = inw(d->io + VIO_QUEUE_SIZE);
	if (d->qsize < VBLK_SLOT_DESCS || d->qsize > VBLK_QSIZE_MAX)
		return false;
	avail_end = 16u * d->qsize + 6u + 2u * d->qsize;
	used_off = (avail_end + 4095u) & ~4095u;
	memset(ring, 0, VBLK_RING_BYTES);
	d->desc = (struct vring_desc *)ring;
	d->avail = (volatile uint16_t *)(ring + 16u * d->qsize);
	d->used = ring + used_off;
	d->nslots = d->qsize / VBLK_SLOT_DESCS;
	if (d->nslots > VBLK_SLOTS)
		d->nslots = VBLK_SLOTS;
	d->free_slots = (uint32_t)((1ull << d->nslots) - 1);
	outl(d->io + VIO_QUEUE_PFN, (uint32_t)(hal_v2p(ring) >> 12));
	return true;
}

/* Set up the virtio-blk function at bus:dev.fn; false if it is unusable. */
static bool
vblk_probe(int bus, int dev, int fn)
{
	struct vblk *d = &disks[ndisks];
	uint32_t bar0 = pci_read32(bus, dev, fn, 0x10), feat, want;
	uint32_t cmd = pci_read32(bus, dev, fn, 0x04);
	bool level, low;
	int line = (int)(pci_read32(bus, dev, fn, 0x3c) & 0xff), gsi;

	if ((bar0 & 1) == 0 || line >= 16)
		return false;
	d->io = (uint16_t)(bar0 & ~3u);
	/* I/O space and bus mastering on, INTx not disabled. */
	pci_write32(bus, dev, fn, 0x04, (cmd & 0xffff & ~0x400u) | 0x5u);
	outb(d->io + VIO_STATUS, 0);
	outb(d->io + VIO_STATUS, VS_ACK | VS_DRIVER);
	feat = inl(d->io + VIO_DEV_FEATURES);
	want = feat & (VBLK_F_RO | VBLK_F_FLUSH | VBLK_F_SEG_MAX);
	outl(d->io + VIO_DRV_FEATURES, want);
	d->readonly = (want & VBLK_F_RO) != 0;
	d->has_flush = (want & VBLK_F_FLUSH) != 0;
	d->sectors = inl(d->io + VIO_CONFIG) |
		     (uint64_t)inl(d->io + VIO_CONFIG + 4) << 32;
	d->max_segs = VBLK_SEGS;
	if ((want & VBLK_F_SEG_MAX) && inl(d->io + VIO_CONFIG + 12) != 0 &&
	    inl(d->io + VIO_CONFIG + 12) < VBLK_SEGS)
		d->max_segs = inl(d->io + VIO_CONFIG + 12);
	if (d->sectors == 0 || !vblk_queue_init(d, rings[ndisks])) {
		outb(d->io + VIO_STATUS, VS_FAILED);
		return false;
	}
	ksnprintf(d->model, sizeof(d->model), "virtio-blk pci %02x:%02x.%d",
		  bus, dev, fn);
	gsi = acpi_isa_gsi(line, &level, &low);
	/* PCI INTx is level-triggered; the MADT gives the polarity. */
	ioapic_route(gsi, VEC_LINE0 + HAL_LINE_DISK, true, low, lapic_id());
	outb(d->io + VIO_STATUS, VS_ACK | VS_DRIVER | VS_DRIVER_OK);
	return true;
}

/* Boot, after the I/O APIC: find the virtio-blk functions (PCI
 * configuration mechanism 1, every bus) in bus order: vda first. */
void
vblk_init(void)
{
	uint32_t id, hdr;

	for (int bus = 0; bus < 256; bus++) {
		for (int dev = 0; dev < 32; dev++) {
			for (int fn = 0; fn < 8 && ndisks < VBLK_MAX; fn++) {
				id = pci_read32(bus, dev, fn, 0);
				if ((id & 0xffff) == 0xffff) {
					if (fn == 0)
						break;
					continue;
				}
				/* 0x1001: transitional; 0x1042 (modern
				 * only) has no legacy registers. */
				if (id == (0x1001u << 16 | 0x1af4u) &&
				    vblk_probe(bus, dev, fn))
					ndisks++;
				hdr = pci_read32(bus, dev, fn, 0x0c) >> 16;
				if (fn == 0 && (hdr & 0x80) == 0)
					break;
			}
		}
	}
}

/* Number of virtio-blk disks found at boot. Any context. */
int
hal_block_count(void)
{
	return ndisks;
}

/* Describe disk dev: 0, or -ENODEV. Any context. */
int
hal_block_info(int dev, struct hal_block_info *info)
{
	struct vblk *d;

	if (dev < 0 || dev >= ndisks)
		return -ENODEV_HAL;
	d = &disks[dev];
	memset(info, 0, sizeof(*info));
	info->sectors = d->sectors;
	info->readonly = d->readonly;
	info->max_sectors = VBLK_MAX_SECTORS;
	info->max_segs = d->max_segs;
	info->queue_depth = d->nslots;
	memcpy(info->model, d->model, sizeof(info->model));
	return 0;
}

/* True if [p, p + len) is RAM the direct map or the image covers. */
static bool
vblk_ram(const void *p, uint32_t len)
{
	uintptr_t v = (uintptr_t)p;

	if (v >= KERNEL_VMA)
		return v + len >= v;
	return v >= DIRECT_MAP && v + len <= DIRECT_MAP + DIRECT_MAP_MAX;
}

/*
 * Check r against the contract: the number of data segments (0 for a
 * FLUSH), or -EINVAL / -EROFS. seg[] gets the pieces.
 */
static int
vblk_check(struct vblk *d, const struct hal_block_req *r,
	   struct hal_block_seg *seg)
{
	uint64_t bytes = 0;
	uint32_t n;

	if (r->op == HAL_BLOCK_FLUSH)
		return 0;
	if ((r->op != HAL_BLOCK_READ && r->op != HAL_BLOCK_WRITE) ||
	    r->count == 0 || r->count > VBLK_MAX_SECTORS ||
	    r->sector > d->sectors || r->count > d->sectors - r->sector)
		return -EINVAL_HAL;
	if (r->op == HAL_BLOCK_WRITE && d->readonly)
		return -EROFS_HAL;
	if (r->nseg == 0) {
		seg[0].buf = r->buf;
		seg[0].len = r->count * HAL_BLOCK_SECTOR;
		n = 1;
	} else if (r->nseg <= d->max_segs) {
		n = r->nseg;
		memcpy(seg, r->seg, n * sizeof(*seg));
	} else {
		return -EINVAL_HAL;
	}
	for (uint32_t i = 0; i < n; i++) {
		if (seg[i].len == 0 || seg[i].len % HAL_BLOCK_SECTOR != 0 ||
		    !vblk_ram(seg[i].buf, seg[i].len))
			return -EINVAL_HAL;
		bytes += seg[i].len;
	}
	if (bytes != (uint64_t)r->count * HAL_BLOCK_SECTOR)
		return -EINVAL_HAL;
	return (int)n;
}

static void
set_desc(struct vring_desc *dd, const void *p, uint32_t len, uint16_t flags,
	 uint16_t next)
{
	dd->addr = hal_v2p(p);
	dd->len = len;
	dd->flags = flags;
	dd->next = next;
}

/* Start request r on disk dev: 0, -EINVAL, -EROFS or -ENODEV (hal.h).
 * Any context; never sleeps. */
int
hal_block_submit(int dev, struct hal_block_req *r)
{
	struct hal_block_seg seg[VBLK_SEGS];
	struct vblk *d;
	unsigned long f;
	int n, s;
	uint16_t head, i, idx, type = VBLK_T_FLUSH;

	if (dev < 0 || dev >= ndisks)
		return -ENODEV_HAL;
	d = &disks[dev];
	if ((n = vblk_check(d, r, seg)) < 0)
		return n;
	if (r->op == HAL_BLOCK_READ)
		type = VBLK_T_IN;
	else if (r->op == HAL_BLOCK_WRITE)
		type = VBLK_T_OUT;
	f = vblk_lock(d);
	if (d->free_slots == 0) {	/* more than queue_depth in flight */
		vblk_unlock(d, f);
		return -EINVAL_HAL;
	}
	s = __builtin_ctz(d->free_slots);
	d->free_slots &= ~(1u << s);
	d->req[s] = r;
	head = (uint16_t)(s * VBLK_SLOT_DESCS);
	i = head;
	d->hdr[s] = (struct vblk_hdr){ type, 0, r->sector };
	if (type == VBLK_T_FLUSH && !d->has_flush) {
		/* A write-through disk: a read of one sector stands in,
		 * so the FLUSH completes by interrupt like any request. */
		d->hdr[s] = (struct vblk_hdr){ VBLK_T_IN, 0, 0 };
		seg[0] = (struct hal_block_seg){ d->scratch, HAL_BLOCK_SECTOR };
		n = 1;
	}
	set_desc(&d->desc[i], &d->hdr[s], sizeof(d->hdr[s]), VRING_DESC_F_NEXT,
		 (uint16_t)(i + 1));
	for (int k = 0; k < n; k++) {
		i++;
		set_desc(&d->desc[i], seg[k].buf, seg[k].len, VRING_DESC_F_NEXT |
			 (d->hdr[s].type == VBLK_T_IN ? VRING_DESC_F_WRITE : 0),
			 (uint16_t)(i + 1));
	}
	i++;
	d->status[s] = 0xff;
	set_desc(&d->desc[i], &d->status[s], 1, VRING_DESC_F_WRITE, 0);
	idx = d->avail[1];
	d->avail[2 + idx % d->qsize] = head;
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	d->avail[1] = (uint16_t)(idx + 1);
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	outw(d->io + VIO_QUEUE_NOTIFY, 0);
	vblk_unlock(d, f);
	return 0;
}

/* Take one completed request of d off the used ring, or NULL. */
static struct hal_block_req *
vblk_reap(struct vblk *d)
{
	struct hal_block_req *r = NULL;
	unsigned long f = vblk_lock(d);
	uint16_t used_idx = *(volatile uint16_t *)(d->used + 2);
	uint32_t id;
	int s;

	if (used_idx != d->used_seen) {
		__atomic_thread_fence(__ATOMIC_SEQ_CST);
		id = *(volatile uint32_t *)(d->used + 4 +
					    8u * (d->used_seen % d->qsize));
		d->used_seen++;
		s = (int)(id / VBLK_SLOT_DESCS);
		r = d->req[s];
		r->status = d->status[s] == 0 ? 0 : -EIO_HAL;
		d->req[s] = NULL;
		d->free_slots |= 1u << s;
	}
	vblk_unlock(d, f);
	return r;
}

/* HAL line HAL_LINE_DISK (every disk's INTx): acknowledge each disk's
 * interrupt, then finish what it completed. Interrupts off. */
void
vblk_isr(void)
{
	struct hal_block_req *r;

	for (int i = 0; i < ndisks; i++) {
		(void)inb(disks[i].io + VIO_ISR);	/* deasserts INTx */
		while ((r = vblk_reap(&disks[i])) != NULL)
			r->done(r);
	}
}
