/*
 * virtio.c -- kernel/hal.h's block devices on virtio-blk, for any
 * transport (virtio.h): one split virtqueue per disk, laid out the
 * legacy way so that every transport can take it; requests are
 * descriptor chains header, data segments, status; completions come by
 * the HAL's interrupt through virtio_blk_isr().
 */
#include "virtio.h"

#define VBLK_QSIZE_MAX 256	/* largest virtqueue we lay out */
#define VBLK_SEGS 14		/* data descriptors of one request */
#define VBLK_SLOT_DESCS (VBLK_SEGS + 2)	/* with header and status */
#define VBLK_SLOTS (VBLK_QSIZE_MAX / VBLK_SLOT_DESCS)
#define VBLK_MAX_SECTORS 256	/* 128 KiB a request */
#define VBLK_RING_BYTES (3 * 4096)

/* virtio-blk features (virtio 1.0, 5.2.3) and request types. */
#define VBLK_F_SEG_MAX (1u << 2)
#define VBLK_F_RO (1u << 5)
#define VBLK_F_FLUSH (1u << 9)
#define VBLK_T_IN 0
#define VBLK_T_OUT 1
#define VBLK_T_FLUSH 4

#define VRING_DESC_F_NEXT 1
#define VRING_DESC_F_WRITE 2

#define EINVAL_V 22
#define ENODEV_V 19
#define EIO_V 5
#define EROFS_V 30

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
	struct virtio_dev v;
	uint16_t qsize;
	uint64_t sectors;
	bool readonly, has_flush;
	uint32_t max_segs;		/* VBLK_SEGS, or less if seg_max says */
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

static struct vblk disks[VIRTIO_BLK_MAX];
static int ndisks;
static uint8_t rings[VIRTIO_BLK_MAX][VBLK_RING_BYTES] __attribute__((aligned(4096)));

static unsigned long
vblk_lock(struct vblk *d)
{
	unsigned long f = hal_irq_save();

	while (__atomic_exchange_n(&d->lock, 1, __ATOMIC_ACQUIRE) != 0)
		hal_cpu_relax();
	return f;
}

static void
vblk_unlock(struct vblk *d, unsigned long f)
{
	__atomic_store_n(&d->lock, 0, __ATOMIC_RELEASE);
	hal_irq_restore(f);
}

/*
 * Lay out queue 0 in ring (descriptors, available ring, used ring at
 * the next 4096 boundary, as legacy devices require) and hand it over.
 * 0, or -ENODEV with the reason in *why.
 */
static int
vblk_queue_init(struct vblk *d, uint8_t *ring, const char **why)
{
	unsigned max = d->v.ops->queue_max(&d->v), size;
	uint32_t avail_end, used_off;

	size = max > VBLK_QSIZE_MAX ? VBLK_QSIZE_MAX : max;
	if (size < VBLK_SLOT_DESCS) {
		*why = max == 0 ? "it has no queue 0" : "its queue is too small";
		return -ENODEV_V;
	}
	d->qsize = (uint16_t)size;
	avail_end = 16u * size + 6u + 2u * size;
	used_off = (avail_end + 4095u) & ~4095u;
	memset(ring, 0, VBLK_RING_BYTES);
	d->desc = (struct vring_desc *)ring;
	d->avail = (volatile uint16_t *)(ring + 16u * size);
	d->used = ring + used_off;
	d->nslots = size / VBLK_SLOT_DESCS;
	if (d->nslots > VBLK_SLOTS)
		d->nslots = VBLK_SLOTS;
	d->free_slots = (uint32_t)((1ull << d->nslots) - 1);
	if (!d->v.ops->queue_set(&d->v, size, hal_v2p(ring),
				 hal_v2p(ring + 16u * size),
				 hal_v2p(ring + used_off))) {
		*why = "its transport refused our queue (legacy: more than 256 entries)";
		return -ENODEV_V;
	}
	return 0;
}

/* Features: read-only, flush, seg_max; VERSION_1 on a modern transport,
 * then FEATURES_OK must stick. 0 or -ENODEV with *why. */
static int
vblk_features(struct vblk *d, const char **why)
{
	const struct virtio_ops *o = d->v.ops;
	uint64_t feat = o->features(&d->v), want;

	want = feat & (VBLK_F_RO | VBLK_F_FLUSH | VBLK_F_SEG_MAX);
	if (d->v.modern) {
		if ((feat & VIRTIO_F_VERSION_1) == 0) {
			*why = "a modern transport without VIRTIO_F_VERSION_1";
			return -ENODEV_V;
		}
		want |= VIRTIO_F_VERSION_1;
	}
	o->set_features(&d->v, want);
	if (d->v.modern) {
		o->set_status(&d->v, VIRTIO_S_ACK | VIRTIO_S_DRIVER |
			      VIRTIO_S_FEATURES_OK);
		if ((o->status(&d->v) & VIRTIO_S_FEATURES_OK) == 0) {
			*why = "it refused our features";
			return -ENODEV_V;
		}
	}
	d->readonly = (want & VBLK_F_RO) != 0;
	d->has_flush = (want & VBLK_F_FLUSH) != 0;
	d->max_segs = VBLK_SEGS;
	if ((want & VBLK_F_SEG_MAX) && o->config32(&d->v, 12) != 0 &&
	    o->config32(&d->v, 12) < VBLK_SEGS)
		d->max_segs = o->config32(&d->v, 12);
	return 0;
}

/* Set up device v as the next disk: 0, or -ENODEV with a message.
 * Boot only. */
int
virtio_blk_add(const struct virtio_dev *v)
{
	struct vblk *d;
	const char *why = NULL;
	int err;

	if (ndisks >= VIRTIO_BLK_MAX) {
		kprintf("virtio-blk: %s ignored: at most %d disks\n", v->model,
			VIRTIO_BLK_MAX);
		return -ENODEV_V;
	}
	d = &disks[ndisks];
	memset(d, 0, sizeof(*d));
	d->v = *v;
	d->v.ops->set_status(&d->v, 0);			/* reset */
	d->v.ops->set_status(&d->v, VIRTIO_S_ACK | VIRTIO_S_DRIVER);
	err = vblk_features(d, &why);
	if (err == 0) {
		d->sectors = d->v.ops->config32(&d->v, 0) |
			     (uint64_t)d->v.ops->config32(&d->v, 4) << 32;
		if (d->sectors == 0) {
			why = "its capacity is 0";
			err = -ENODEV_V;
		}
	}
	if (err == 0)
		err = vblk_queue_init(d, rings[ndisks], &why);
	if (err != 0) {
		d->v.ops->set_status(&d->v, VIRTIO_S_FAILED);
		kprintf("virtio-blk: %s not used: %s\n", v->model, why);
		return err;
	}
	d->v.ops->set_status(&d->v, VIRTIO_S_ACK | VIRTIO_S_DRIVER |
			     (d->v.modern ? VIRTIO_S_FEATURES_OK : 0) |
			     VIRTIO_S_DRIVER_OK);
	ndisks++;
	return 0;
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
		return -ENODEV_V;
	d = &disks[dev];
	memset(info, 0, sizeof(*info));
	info->sectors = d->sectors;
	info->readonly = d->readonly;
	info->max_sectors = VBLK_MAX_SECTORS;
	info->max_segs = d->max_segs;
	info->queue_depth = d->nslots;
	strlcpy(info->model, d->v.model, sizeof(info->model));
	return 0;
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
		return -EINVAL_V;
	if (r->op == HAL_BLOCK_WRITE && d->readonly)
		return -EROFS_V;
	if (r->nseg == 0) {
		seg[0].buf = r->buf;
		seg[0].len = r->count * HAL_BLOCK_SECTOR;
		n = 1;
	} else if (r->nseg <= d->max_segs) {
		n = r->nseg;
		memcpy(seg, r->seg, n * sizeof(*seg));
	} else {
		return -EINVAL_V;
	}
	for (uint32_t i = 0; i < n; i++) {
		if (seg[i].len == 0 || seg[i].len % HAL_BLOCK_SECTOR != 0 ||
		    !virtio_ram(seg[i].buf, seg[i].len))
			return -EINVAL_V;
		bytes += seg[i].len;
	}
	if (bytes != (uint64_t)r->count * HAL_BLOCK_SECTOR)
		return -EINVAL_V;
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

/* Write slot s's chain: header, n segments, status. Under d's lock. */
static void
vblk_chain(struct vblk *d, int s, const struct hal_block_seg *seg, int n)
{
	uint16_t i = (uint16_t)(s * VBLK_SLOT_DESCS);
	uint16_t wr = d->hdr[s].type == VBLK_T_IN ? VRING_DESC_F_WRITE : 0;

	set_desc(&d->desc[i], &d->hdr[s], sizeof(d->hdr[s]), VRING_DESC_F_NEXT,
		 (uint16_t)(i + 1));
	for (int k = 0; k < n; k++) {
		i++;
		set_desc(&d->desc[i], seg[k].buf, seg[k].len,
			 VRING_DESC_F_NEXT | wr, (uint16_t)(i + 1));
	}
	i++;
	d->status[s] = 0xff;
	set_desc(&d->desc[i], &d->status[s], 1, VRING_DESC_F_WRITE, 0);
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
	uint16_t idx;
	uint32_t type = VBLK_T_FLUSH;

	if (dev < 0 || dev >= ndisks)
		return -ENODEV_V;
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
		return -EINVAL_V;
	}
	s = __builtin_ctz(d->free_slots);
	d->free_slots &= ~(1u << s);
	d->req[s] = r;
	d->hdr[s] = (struct vblk_hdr){ type, 0, r->sector };
	if (type == VBLK_T_FLUSH && !d->has_flush) {
		/* A write-through disk: a read of one sector stands in,
		 * so the FLUSH completes by interrupt like any request. */
		d->hdr[s] = (struct vblk_hdr){ VBLK_T_IN, 0, 0 };
		seg[0] = (struct hal_block_seg){ d->scratch, HAL_BLOCK_SECTOR };
		n = 1;
	}
	vblk_chain(d, s, seg, n);
	idx = d->avail[1];
	d->avail[2 + idx % d->qsize] = (uint16_t)(s * VBLK_SLOT_DESCS);
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	d->avail[1] = (uint16_t)(idx + 1);
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	d->v.ops->notify(&d->v);
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
	unsigned s;

	if (used_idx != d->used_seen) {
		__atomic_thread_fence(__ATOMIC_SEQ_CST);
		id = *(volatile uint32_t *)(d->used + 4 +
					    8u * (d->used_seen % d->qsize));
		d->used_seen++;
		s = id / VBLK_SLOT_DESCS;
		if (id % VBLK_SLOT_DESCS != 0 || s >= d->nslots ||
		    d->req[s] == NULL) {
			/* A device bug: say so, and wait for the next. */
			vblk_unlock(d, f);
			kprintf("virtio-blk: %s completed descriptor %u, which "
				"heads no request in flight: ignored\n",
				d->v.model, id);
			return vblk_reap(d);
		}
		r = d->req[s];
		r->status = d->status[s] == 0 ? 0 : -EIO_V;
		d->req[s] = NULL;
		d->free_slots |= 1u << s;
	}
	vblk_unlock(d, f);
	return r;
}

/* The disks' interrupt: acknowledge each, finish what it completed.
 * Interrupts off. */
void
virtio_blk_isr(void)
{
	struct hal_block_req *r;

	for (int i = 0; i < ndisks; i++) {
		(void)disks[i].v.ops->ack(&disks[i].v);
		while ((r = vblk_reap(&disks[i])) != NULL)
			r->done(r);
	}
}
