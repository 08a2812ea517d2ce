/*
 * block.c -- the block layer: the HAL's disks, a request queue per disk
 * that keeps up to its depth of requests in flight, raw transfers, sync
 * and its syncers, and the flusher thread. The buffer cache is in
 * bcache.c.
 */
#include "block.h"
#include "cpu.h"
#include "dev.h"
#include "heap.h"
#include "sched.h"

#define MAX_LOGGED 10		/* I/O errors logged per disk */
#define POLL_NS 100000		/* a waiter polls this long before it sleeps */
#define NSYNCERS 16

static struct blockdev devs[BLOCK_MAX_DEVS];
static int ndevs;

static struct spinlock flusher_lock = SPINLOCK_INIT("flusher");
static bool flusher_kick;			/* something became dirty */
static struct waitq flusher_wq = WAITQ_INIT(flusher_wq);

static struct mutex syncers_lock = { SPINLOCK_INIT("mutex"), NULL,
				     WAITQ_INIT(syncers_lock.wq), "syncers" };
static struct {
	int (*fn)(void *arg, bool wait);
	void *arg;
} syncers[NSYNCERS];				/* syncers_lock */

/* ---- disks ---- */

int
block_count(void)
{
	return ndevs;
}

struct blockdev *
block_dev(int index)
{
	return index >= 0 && index < ndevs ? &devs[index] : NULL;
}

/* The disk called name ("vda" or "/dev/vda"), or NULL. */
struct blockdev *
block_find(const char *name)
{
	if (strncmp(name, "/dev/", 5) == 0)
		name += 5;
	for (int i = 0; i < ndevs; i++)
		if (strcmp(devs[i].name, name) == 0)
			return &devs[i];
	return NULL;
}

struct blockdev *
block_by_rdev(uint32_t rdev)
{
	for (int i = 0; i < ndevs; i++)
		if (devs[i].rdev == rdev)
			return &devs[i];
	return NULL;
}

/* One line per failed request, up to MAX_LOGGED per disk. */
void
block_log_error(struct blockdev *d, int op, uint64_t sector, uint32_t count,
		int err)
{
	unsigned n;

	spin_lock(&d->qlock);
	n = d->errors_logged;
	if (n <= MAX_LOGGED)
		d->errors_logged++;
	spin_unlock(&d->qlock);
	if (n < MAX_LOGGED)
		klog(KLOG_ERR, "block: %s: I/O error %d %s sector %llu "
		     "(%u sectors)", d->name, err,
		     op == HAL_BLOCK_WRITE ? "writing" :
		     op == HAL_BLOCK_READ ? "reading" : "flushing at",
		     (unsigned long long)sector, count);
	else if (n == MAX_LOGGED)
		klog(KLOG_ERR, "block: %s: more I/O errors, not logged",
		     d->name);
}

/* ---- the request queue ---- */

void
bwait_init(struct bwait *w)
{
	spin_init(&w->lock, "bwait");
	w->pending = 0;
	w->status = 0;
	waitq_init(&w->wq);
}

/* Add the time since the last change to busy_ns. d->qlock held. */
static void
account_busy(struct blockdev *d, uint64_t now)
{
	if (d->inflight > 0)
		d->st.busy_ns += now - d->st.busy_since;
	d->st.busy_since = now;
}

/*
 * rq has ended: count it, and take the next waiting request (now in
 * flight) off the queue. Interrupt context or interrupts off.
 */
static struct breq *
finish(struct breq *rq)
{
	struct blockdev *d = rq->dev;
	uint64_t now = hal_time_ns(), ns = now - rq->start_ns;
	struct breq *next = NULL;

	spin_lock(&d->qlock);
	account_busy(d, now);
	d->inflight--;
	switch (rq->hr.op) {
	case HAL_BLOCK_READ:
		d->st.reads++;
		d->st.read_sectors += rq->hr.count;
		d->st.read_ns += ns;
		break;
	case HAL_BLOCK_WRITE:
		d->st.writes++;
		d->st.write_sectors += rq->hr.count;
		d->st.write_ns += ns;
		if (rq->hr.status == 0)
			d->need_flush = true;
		break;
	default:
		d->st.flushes++;
		d->st.flush_ns += ns;
	}
	if (!list_empty(&d->queue)) {
		next = list_first(&d->queue, struct breq, link);
		list_remove(&next->link);
		d->inflight++;
	}
	spin_unlock(&d->qlock);
	return next;
}

/* Tell rq's waiter; rq may be gone as soon as this returns. */
static void
complete(struct breq *rq)
{
	struct bwait *w = rq->w;
	int status = rq->hr.status;

	spin_lock(&w->lock);
	if (status < 0 && w->status == 0)
		w->status = status;
	/* Woken under w->lock: the waiter cannot leave (and free w) before. */
	if (--w->pending == 0)
		waitq_wake_all(&w->wq);
	spin_unlock(&w->lock);
}

/* The HAL's completion: interrupt context. Starts the next request. */
static void
breq_done(struct hal_block_req *hr)
{
	struct breq *rq = hr->priv, *next;
	int r;

	for (;;) {
		next = finish(rq);
		complete(rq);
		if (next == NULL)
			return;
		next->start_ns = hal_time_ns();
		if ((r = hal_block_submit(next->dev->id, &next->hr)) == 0)
			return;
		next->hr.status = r;	/* refused: it ends at once */
		rq = next;
	}
}

/* Queue rq (its hr filled in) on d; w counts it. */
static void
queue_req(struct blockdev *d, struct breq *rq, struct bwait *w)
{
	unsigned long flags;
	bool go = false;
	int r;

	rq->hr.status = 0;
	rq->hr.done = breq_done;
	rq->hr.priv = rq;
	rq->dev = d;
	rq->w = w;
	list_init(&rq->link);
	spin_lock(&w->lock);
	w->pending++;
	spin_unlock(&w->lock);
	spin_lock(&d->qlock);
	if (d->inflight < d->depth) {
		account_busy(d, hal_time_ns());
		d->inflight++;
		go = true;
	} else {
		list_append(&d->queue, &rq->link);
	}
	spin_unlock(&d->qlock);
	if (!go)
		return;
	rq->start_ns = hal_time_ns();
	if ((r = hal_block_submit(d->id, &rq->hr)) < 0) {
		rq->hr.status = r;
		/* As if the HAL had completed it. */
		flags = hal_irq_save();
		breq_done(&rq->hr);
		hal_irq_restore(flags);
	}
}

/*
 * Queue a request of `count` sectors (<= d->max_sectors) on d; w counts
 * it. Any context; never sleeps.
 */
void
block_submit(struct blockdev *d, struct breq *rq, int op, uint64_t sector,
	     uint32_t count, void *buf, struct bwait *w)
{
	rq->hr = (struct hal_block_req){ .op = op, .sector = sector,
					 .count = count, .buf = buf };
	queue_req(d, rq, w);
}

/*
 * The same with the data in nseg pieces of RAM (<= d->max_segs, whole
 * sectors, count * 512 bytes in all); seg must stay until it completes.
 */
void
block_submit_segs(struct blockdev *d, struct breq *rq, int op,
		  uint64_t sector, uint32_t count,
		  const struct hal_block_seg *seg, uint32_t nseg,
		  struct bwait *w)
{
	rq->hr = (struct hal_block_req){ .op = op, .sector = sector,
					 .count = count, .seg = seg,
					 .nseg = nseg };
	queue_req(d, rq, w);
}

static bool
bwait_done(struct bwait *w)
{
	bool done;

	spin_lock(&w->lock);
	done = w->pending == 0;
	spin_unlock(&w->lock);
	return done;
}

/*
 * Poll w for up to POLL_NS while no other thread waits for this CPU (the
 * heuristic reads this CPU's queue without its lock): a transfer of the
 * read-ahead often ends within that, and the interrupt is taken here, in
 * hal_cpu_relax, sooner than a sleeping CPU wakes up (30-45 us on the
 * sim's host: `kbench=wakeup`). Side by side, cold 64 MiB reads went
 * 15-30% faster. Linux's block layer calls this hybrid polling.
 */
static void
bwait_poll(struct bwait *w)
{
	uint64_t until = hal_time_ns() + POLL_NS;

	while (READ_ONCE(w->pending) != 0 && hal_time_ns() < until &&
	       READ_ONCE(this_cpu()->rq.nr) == 0 &&
	       !READ_ONCE(this_cpu()->need_resched))
		hal_cpu_relax();
}

/* Sleep until every request of w has completed: 0 or the first error. */
int
block_wait(struct bwait *w)
{
	bwait_poll(w);
	wait_event(&w->wq, bwait_done(w));
	return w->status;
}

/*
 * Cut seg[0..nseg) into pieces of at most max bytes (into *out, which is
 * `small` if they fit, else allocated). Returns how many, or -ENOMEM.
 */
static int
cut_segs(const struct hal_block_seg *seg, int nseg, uint32_t max,
	 struct hal_block_seg *small, int nsmall, struct hal_block_seg **out)
{
	struct hal_block_seg *p = small;
	int n = 0;

	for (int i = 0; i < nseg; i++)
		n += (int)((seg[i].len + max - 1) / max);
	if (n > nsmall && (p = kmalloc((size_t)n * sizeof(*p))) == NULL)
		return -ENOMEM;
	n = 0;
	for (int i = 0; i < nseg; i++)
		for (uint32_t o = 0; o < seg[i].len; o += max)
			p[n++] = (struct hal_block_seg){
				(uint8_t *)seg[i].buf + o,
				MIN(max, seg[i].len - o) };
	*out = p;
	return n;
}

/* Queue a raw transfer to or from pieces of RAM; see block.h. */
int
block_rwv_start(struct blockdev *d, bool write, uint64_t sector,
		const struct hal_block_seg *seg, int nseg, struct block_io *io)
{
	uint32_t max = d->max_sectors * HAL_BLOCK_SECTOR, len, k;
	int n;
	uint64_t count = 0, s = sector;

	io->d = d;
	io->op = write ? HAL_BLOCK_WRITE : HAL_BLOCK_READ;
	io->sector = sector;
	io->rqs = io->one;
	io->p = io->small;
	for (int i = 0; i < nseg; i++) {
		if (seg[i].len % HAL_BLOCK_SECTOR != 0)
			return -EINVAL;
		count += seg[i].len / HAL_BLOCK_SECTOR;
	}
	io->count = count;
	bwait_init(&io->w);
	if (count == 0)
		return 0;
	if (sector > d->sectors || count > d->sectors - sector)
		return -EINVAL;
	if (write && d->readonly)
		return -EROFS;
	if ((n = cut_segs(seg, nseg, max, io->small, ARRAY_SIZE(io->small),
			  &io->p)) < 0)
		return n;
	/* Requests: runs of pieces, up to max_sectors and max_segs each. */
	if (n > (int)ARRAY_SIZE(io->one) &&
	    (io->rqs = kmalloc((size_t)n * sizeof(*io->rqs))) == NULL) {
		if (io->p != io->small)
			kfree(io->p);
		return -ENOMEM;
	}
	for (int i = 0, nrq = 0; i < n; i += (int)k) {
		len = 0;
		for (k = 0; i + (int)k < n && k < d->max_segs &&
			    len + io->p[i + k].len <= max; k++)
			len += io->p[i + k].len;
		if (k == 1)
			block_submit(d, &io->rqs[nrq++], io->op, s,
				     len / HAL_BLOCK_SECTOR, io->p[i].buf,
				     &io->w);
		else
			block_submit_segs(d, &io->rqs[nrq++], io->op, s,
					  len / HAL_BLOCK_SECTOR, &io->p[i], k,
					  &io->w);
		s += len / HAL_BLOCK_SECTOR;
	}
	return 0;
}

/* Wait for a transfer block_rwv_start queued; see block.h. */
int
block_rwv_finish(struct block_io *io)
{
	int r = block_wait(&io->w);

	if (io->rqs != io->one)
		kfree(io->rqs);
	if (io->p != io->small)
		kfree(io->p);
	if (r < 0)
		block_log_error(io->d, io->op, io->sector,
				(uint32_t)io->count, r);
	return r < 0 ? -EIO : 0;
}

/* Raw transfer to or from pieces of RAM; see block.h. */
int
block_rwv(struct blockdev *d, bool write, uint64_t sector,
	  const struct hal_block_seg *seg, int nseg)
{
	struct block_io io;
	int r;

	if ((r = block_rwv_start(d, write, sector, seg, nseg, &io)) < 0)
		return r;
	return block_rwv_finish(&io);
}

/* Raw transfer of sectors; see block.h. */
int
block_rw(struct blockdev *d, bool write, uint64_t sector, uint32_t count,
	 void *buf)
{
	struct hal_block_seg seg = { buf, count * HAL_BLOCK_SECTOR };

	if (count > UINT32_MAX / HAL_BLOCK_SECTOR)
		return -EINVAL;		/* over 4 GiB at once: split it */
	return block_rwv(d, write, sector, &seg, 1);
}

/* Make d's completed writes durable: 0 or -EIO. May sleep. */
int
block_flush(struct blockdev *d)
{
	struct bwait w;
	struct breq rq;
	bool need;
	int r;

	spin_lock(&d->qlock);
	need = d->need_flush;
	d->need_flush = false;
	spin_unlock(&d->qlock);
	if (!need)
		return 0;
	bwait_init(&w);
	block_submit(d, &rq, HAL_BLOCK_FLUSH, 0, 0, NULL, &w);
	if ((r = block_wait(&w)) < 0) {
		spin_lock(&d->qlock);
		d->need_flush = true;
		spin_unlock(&d->qlock);
		block_log_error(d, HAL_BLOCK_FLUSH, 0, 0, r);
		return -EIO;
	}
	return 0;
}

/* ---- syncers and the flusher ---- */

int
block_register_syncer(int (*fn)(void *arg, bool wait), void *arg)
{
	int r = -ENOSPC;

	mutex_lock(&syncers_lock);
	for (int i = 0; i < NSYNCERS && r < 0; i++) {
		if (syncers[i].fn == NULL) {
			syncers[i].fn = fn;
			syncers[i].arg = arg;
			r = 0;
		}
	}
	mutex_unlock(&syncers_lock);
	return r;
}

/* After this returns, no call of arg's syncer runs or will run. */
void
block_unregister_syncer(void *arg)
{
	mutex_lock(&syncers_lock);
	for (int i = 0; i < NSYNCERS; i++)
		if (syncers[i].fn != NULL && syncers[i].arg == arg)
			syncers[i].fn = NULL;
	mutex_unlock(&syncers_lock);
}

void
block_dirty_notify(void)
{
	spin_lock(&flusher_lock);
	flusher_kick = true;
	spin_unlock(&flusher_lock);
	waitq_wake_all(&flusher_wq);
}

/* Run every syncer: the first error; *more if one still has dirty data. */
static int
run_syncers(bool wait, bool *more)
{
	int r, err = 0;

	mutex_lock(&syncers_lock);
	for (int i = 0; i < NSYNCERS; i++) {
		if (syncers[i].fn == NULL)
			continue;
		r = syncers[i].fn(syncers[i].arg, wait);
		if (r < 0 && err == 0)
			err = r;
		if (r > 0)
			*more = true;
	}
	mutex_unlock(&syncers_lock);
	return err;
}

int
block_sync(struct blockdev *d)
{
	bool more = false;
	int r = run_syncers(true, &more), r2 = bsync(d);

	return r < 0 ? r : r2;
}

static bool
flusher_kicked(void)
{
	bool k;

	spin_lock(&flusher_lock);
	k = flusher_kick;
	spin_unlock(&flusher_lock);
	return k;
}

/*
 * The flusher: about once a second while anything is dirty, write back
 * buffers dirty for more than BLOCK_DIRTY_EXPIRE_NS and let the syncers
 * do the same; with nothing dirty, sleep until bdirty or
 * block_dirty_notify. (The kick is cleared before looking, so a dirtying
 * after the look is never missed.)
 */
static void
flusher_main(void *arg)
{
	uint64_t now;
	bool more;

	(void)arg;
	/* Nothing is dirty at boot: sleep until the first kick, so that the
	 * flusher allocates nothing while boot-time self tests count. */
	wait_event(&flusher_wq, flusher_kicked());
	for (;;) {
		spin_lock(&flusher_lock);
		flusher_kick = false;
		spin_unlock(&flusher_lock);
		now = hal_time_ns();
		more = false;
		run_syncers(false, &more);
		if (bcache_writeback_expired(now > BLOCK_DIRTY_EXPIRE_NS ?
					     now - BLOCK_DIRTY_EXPIRE_NS : 0))
			more = true;
		if (more)
			thread_sleep_until(now + BLOCK_FLUSH_PERIOD_NS);
		else
			wait_event(&flusher_wq, flusher_kicked());
	}
}

/* The flusher runs only on a machine with disks: one without is left
 * exactly as it was (same threads, same thread ids). */
void
block_start_flusher(void)
{
	if (ndevs == 0)
		return;
	if (thread_create("flusher", flusher_main, NULL, PRIO_DEFAULT) == NULL)
		kprintf("block: cannot start the flusher: dirty blocks are "
			"written back only by sync");
}

/* ---- boot ---- */

void
block_init(void)
{
	struct hal_block_info info;
	struct blockdev *d;
	int n = hal_block_count();

	bcache_init();
	ndevs = 0;
	for (int i = 0; i < n && ndevs < BLOCK_MAX_DEVS && ndevs < 26; i++) {
		if (hal_block_info(i, &info) < 0 || info.sectors == 0)
			continue;
		d = &devs[ndevs];
		memset(d, 0, sizeof(*d));
		d->id = i;
		ksnprintf(d->name, sizeof(d->name), "vd%c", 'a' + ndevs);
		d->sectors = info.sectors;
		d->readonly = info.readonly;
		d->max_sectors = MAX(info.max_sectors, 8u);
		d->max_segs = MAX(info.max_segs, 1u);
		d->depth = MAX(info.queue_depth, 1u);
		strlcpy(d->model, info.model, sizeof(d->model));
		/* Linux's virtio-blk numbers: 16 minors a disk (partitions). */
		d->rdev = MKDEV(BLOCK_MAJOR, ndevs * 16);
		spin_init(&d->qlock, "blockq");
		list_init(&d->queue);
		list_init(&d->bufs);
		ndevs++;
		klog(KLOG_INFO, "block: %s: %llu sectors (%llu MiB), %s%s",
		     d->name, (unsigned long long)d->sectors,
		     (unsigned long long)(d->sectors >> 11), d->model,
		     d->readonly ? ", read-only" : "");
		devfs_add(d->name, S_IFBLK | 0660, d->rdev);
	}
}
