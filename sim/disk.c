/*
 * disk.c -- the machine's disks: the -drive image files. Each drive has a
 * host I/O thread doing pread/pwrite/fdatasync in submission order; with
 * snapshot=on, writes go to a sparse in-memory overlay instead and reads
 * look there first. A finished request raises the drive's interrupt on
 * the CPU that submitted it: at once on the host clock; on the virtual
 * clock at a guest time computed when it was submitted, so that the
 * schedule does not depend on how fast the host is (see doc/hal.md).
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <linux/fs.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <unistd.h>

#include "sim.h"

#define SECTOR 512
#define OV_SPAN 32768		/* sectors a page of the overlay bitmap maps */

/* The virtual clock's disk: a fixed cost per request plus transfer time. */
#define VDISK_REQ_NS 20000ull		/* 20 us per request */
#define VDISK_NS_PER_SECTOR 128ull	/* 4 GB/s */
#define VDISK_FLUSH_NS 100000ull	/* 100 us */

struct dreq {
	struct dreq *next;	/* in the work list, then the reap list */
	struct dreq *vnext;	/* virtual clock: in the due list */
	int op;
	uint64_t sector;
	uint32_t count;
	void *tag;
	int cpu;		/* whose interrupt line it raises */
	int status;
	bool done;		/* the I/O thread has carried it out */
	uint64_t due;		/* virtual clock: guest ns it completes */
	int nseg;
	struct iovec seg[];	/* the RAM it moves, count * 512 bytes */
};

struct drive {
	int index;
	const char *path;
	bool positional;
	int fd;
	uint64_t sectors;
	bool readonly, snapshot;
	char model[32];
	int ov_fd;		/* snapshot: the written sectors, sparse */
	uint64_t **ov_map;	/* snapshot: a bit a sector, a page a span */
	pthread_t thread;
	pthread_mutex_t lock;	/* guards the lists and done flags */
	pthread_cond_t work_cond, done_cond;
	struct dreq *work, **work_tail;	/* for the I/O thread, FIFO */
	struct dreq *reap, **reap_tail;	/* completed and raised */
	struct dreq *due, **due_tail;	/* virtual clock: by due time */
	uint64_t busy_until;		/* virtual clock: queue drained */
};

static struct drive drives[SIM_MAX_DRIVES];
static int ndrives;
uint64_t sim_disk_next_due = UINT64_MAX;	/* vclock: the token holder's */

/* A bad -drive: one line, exit status 2 (like a bad option). */
static void __attribute__((noreturn, format(printf, 2, 3)))
drive_error(const struct drive *d, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "circlesim: %s%s: ",
		d->positional ? "" : "-drive file=", d->path);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	sim_exit(SIM_EXIT_USAGE);
}

/* ---- snapshot overlay ---- */

static bool
ov_test(struct drive *d, uint64_t s)
{
	uint64_t *page = d->ov_map[s / OV_SPAN];

	s %= OV_SPAN;
	return page != NULL && (page[s / 64] >> (s % 64)) & 1;
}

static int
ov_set(struct drive *d, uint64_t s)
{
	uint64_t **page = &d->ov_map[s / OV_SPAN];

	if (*page == NULL && (*page = calloc(OV_SPAN / 64, 8)) == NULL)
		return -1;
	s %= OV_SPAN;
	(*page)[s / 64] |= 1ull << (s % 64);
	return 0;
}

/* Sectors from s (< end) that are all in, or all out of, the overlay. */
static uint64_t
ov_run(struct drive *d, uint64_t s, uint64_t end, bool *in)
{
	uint64_t e = s + 1;

	*in = ov_test(d, s);
	if (!*in && d->ov_map[s / OV_SPAN] == NULL)
		e = (s / OV_SPAN + 1) * OV_SPAN;	/* a whole empty span */
	while (e < end && ov_test(d, e) == *in)
		e++;
	return (e < end ? e : end) - s;
}

/* ---- the I/O thread ---- */

/*
 * preadv or pwritev all of iov[0..n) at off, through short transfers and
 * EINTR; the iovec array is consumed. 0, or -EIO (an error, or the end
 * of a file that shrank under us).
 */
static int
full_io(int fd, bool write, struct iovec *iov, int n, uint64_t off)
{
	ssize_t r;
	size_t left;
	int k;

	while (n > 0) {
		k = n > IOV_MAX ? IOV_MAX : n;
		r = write ? pwritev(fd, iov, k, (off_t)off) :
			    preadv(fd, iov, k, (off_t)off);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			return -EIO;
		off += (uint64_t)r;
		left = (size_t)r;
		for (; n > 0 && left >= iov->iov_len; n--, iov++)
			left -= iov->iov_len;
		if (n > 0 && left > 0) {
			iov->iov_base = (char *)iov->iov_base + left;
			iov->iov_len -= left;
		}
	}
	return 0;
}

static int
full_pread(int fd, void *buf, size_t len, uint64_t off)
{
	struct iovec v = { buf, len };

	return full_io(fd, false, &v, 1, off);
}

/* Snapshot: read one segment's sectors, each from the overlay if it was
 * written, else from the image. */
static int
read_overlaid(struct drive *d, char *buf, uint64_t s, uint64_t end)
{
	uint64_t n;
	bool in;

	while (s < end) {
		n = ov_run(d, s, end, &in);
		if (full_pread(in ? d->ov_fd : d->fd, buf, n * SECTOR,
			       s * SECTOR) < 0)
			return -EIO;
		buf += n * SECTOR;
		s += n;
	}
	return 0;
}

static int
do_read(struct drive *d, struct dreq *q)
{
	uint64_t s = q->sector;

	if (!d->snapshot)
		return full_io(d->fd, false, q->seg, q->nseg, s * SECTOR);
	for (int i = 0; i < q->nseg; i++) {
		if (read_overlaid(d, q->seg[i].iov_base, s,
				  s + q->seg[i].iov_len / SECTOR) < 0)
			return -EIO;
		s += q->seg[i].iov_len / SECTOR;
	}
	return 0;
}

static int
do_write(struct drive *d, struct dreq *q)
{
	int fd = d->snapshot ? d->ov_fd : d->fd;

	if (full_io(fd, true, q->seg, q->nseg, q->sector * SECTOR) < 0)
		return -EIO;
	if (!d->snapshot)
		return 0;
	for (uint64_t s = q->sector; s < q->sector + q->count; s++)
		if (ov_set(d, s) < 0)
			return -EIO;
	return 0;
}

static int
do_request(struct drive *d, struct dreq *q)
{
	switch (q->op) {
	case SIM_DISK_READ:
		return do_read(d, q);
	case SIM_DISK_WRITE:
		return do_write(d, q);
	default:
		if (d->snapshot || d->readonly)
			return 0;	/* nothing of ours is volatile */
		return fdatasync(d->fd) == 0 ? 0 : -EIO;
	}
}

/* Put q on the reap list and raise its line. d->lock held. */
static void
raise_done(struct drive *d, struct dreq *q)
{
	q->next = NULL;
	*d->reap_tail = q;
	d->reap_tail = &q->next;
	sim_irq_raise(q->cpu, SIM_IRQ_DISK0 + d->index);
}

static void *
io_thread(void *arg)
{
	struct drive *d = arg;
	struct dreq *q;
	int st;

	pthread_mutex_lock(&d->lock);
	for (;;) {
		while ((q = d->work) == NULL)
			pthread_cond_wait(&d->work_cond, &d->lock);
		if ((d->work = q->next) == NULL)
			d->work_tail = &d->work;
		pthread_mutex_unlock(&d->lock);
		st = do_request(d, q);
		pthread_mutex_lock(&d->lock);
		q->status = st;
		q->done = true;
		if (sim_virtual)
			pthread_cond_broadcast(&d->done_cond);
		else
			raise_done(d, q);
	}
	return NULL;
}

/* ---- the HAL's calls ---- */

int
sim_disk_count(void)
{
	return ndrives;
}

int
sim_disk_info(int drive, struct sim_disk_info *info)
{
	if (drive < 0 || drive >= ndrives)
		return -ENODEV;
	info->sectors = drives[drive].sectors;
	info->readonly = drives[drive].readonly;
	memcpy(info->model, drives[drive].model, sizeof(info->model));
	return 0;
}

/* Guest time the virtual disk takes for q. */
static uint64_t
vcost(const struct dreq *q)
{
	if (q->op == SIM_DISK_FLUSH)
		return VDISK_FLUSH_NS;
	return VDISK_REQ_NS + q->count * VDISK_NS_PER_SECTOR;
}

int
sim_disk_submit(int drive, int op, uint64_t sector, uint32_t count,
		const struct sim_disk_seg *seg, int nseg, void *tag)
{
	struct drive *d;
	struct dreq *q;
	uint64_t start, bytes = 0;

	if (drive < 0 || drive >= ndrives)
		return -ENODEV;
	d = &drives[drive];
	if (op != SIM_DISK_READ && op != SIM_DISK_WRITE && op != SIM_DISK_FLUSH)
		return -EINVAL;
	if (op == SIM_DISK_FLUSH)
		nseg = 0;
	else if (count == 0 || count > SIM_DISK_MAX_SECTORS ||
		 sector > d->sectors || count > d->sectors - sector ||
		 nseg < 1 || nseg > SIM_DISK_MAX_SEGS)
		return -EINVAL;
	for (int i = 0; i < nseg; i++) {
		if (seg[i].len == 0 || seg[i].len % SECTOR != 0)
			return -EINVAL;
		bytes += seg[i].len;
	}
	if (bytes != (uint64_t)(op == SIM_DISK_FLUSH ? 0 : count) * SECTOR)
		return -EINVAL;
	if (op == SIM_DISK_WRITE && d->readonly)
		return -EROFS;
	q = calloc(1, sizeof(*q) + (size_t)nseg * sizeof(q->seg[0]));
	if (q == NULL)
		sim_fatal("disk: out of memory");
	q->op = op;
	q->sector = sector;
	q->count = op == SIM_DISK_FLUSH ? 0 : count;
	q->nseg = nseg;
	for (int i = 0; i < nseg; i++)
		q->seg[i] = (struct iovec){ seg[i].buf, seg[i].len };
	q->tag = tag;
	q->cpu = sim_cpu_self()->id;
	pthread_mutex_lock(&d->lock);
	if (sim_virtual) {
		/* The token holder: guest time and the due list are ours. */
		start = d->busy_until > sim_vtime ? d->busy_until : sim_vtime;
		q->due = d->busy_until = start + vcost(q);
		*d->due_tail = q;
		d->due_tail = &q->vnext;
		if (q->due < sim_disk_next_due)
			sim_disk_next_due = q->due;
	}
	*d->work_tail = q;
	d->work_tail = &q->next;
	pthread_cond_signal(&d->work_cond);
	pthread_mutex_unlock(&d->lock);
	return 0;
}

int
sim_disk_reap(int drive, void **tag, int *status)
{
	struct drive *d = &drives[drive];
	struct dreq *q;

	pthread_mutex_lock(&d->lock);
	if ((q = d->reap) != NULL && (d->reap = q->next) == NULL)
		d->reap_tail = &d->reap;
	pthread_mutex_unlock(&d->lock);
	if (q == NULL)
		return 0;
	*tag = q->tag;
	*status = q->status;
	free(q);
	return 1;
}

/*
 * Virtual clock, token holder: complete every request due by guest time
 * `now`, in due order, waiting for the I/O thread where it is behind.
 */
void
sim_disk_deliver_due(uint64_t now)
{
	uint64_t next = UINT64_MAX;
	struct dreq *q;

	for (int i = 0; i < ndrives; i++) {
		struct drive *d = &drives[i];

		pthread_mutex_lock(&d->lock);
		while ((q = d->due) != NULL && q->due <= now) {
			if (!q->done) {
				atomic_fetch_add(&sim_host_wait, 1);
				while (!q->done)
					pthread_cond_wait(&d->done_cond,
							  &d->lock);
				atomic_fetch_sub(&sim_host_wait, 1);
			}
			if ((d->due = q->vnext) == NULL)
				d->due_tail = &d->due;
			raise_done(d, q);
		}
		if (q != NULL && q->due < next)
			next = q->due;
		pthread_mutex_unlock(&d->lock);
	}
	sim_disk_next_due = next;
}

/* ---- start ---- */

/* Size in bytes of the image open on fd. */
static uint64_t
image_size(const struct drive *d, int fd)
{
	struct stat st;
	uint64_t size;

	if (fstat(fd, &st) < 0)
		drive_error(d, "%s", strerror(errno));
	if (S_ISDIR(st.st_mode))
		drive_error(d, "is a directory, not a disk image");
	if (S_ISBLK(st.st_mode)) {
		if (ioctl(fd, BLKGETSIZE64, &size) < 0)
			drive_error(d, "%s", strerror(errno));
		return size;
	}
	if (!S_ISREG(st.st_mode))
		drive_error(d, "not a regular file or block device");
	return (uint64_t)st.st_size;
}

/* The same image twice would corrupt it: refuse, as QEMU's lock does. */
static void
check_unique(int i, int fd)
{
	struct stat a, b;

	fstat(fd, &a);
	for (int j = 0; j < i; j++) {
		fstat(drives[j].fd, &b);
		if (a.st_dev == b.st_dev && a.st_ino == b.st_ino)
			drive_error(&drives[i], "the same image as drive %d "
				    "(%s)", j, drives[j].path);
	}
}

/*
 * Lock the image against other processes (QEMU does the same): shared
 * for read-only and snapshot drives, exclusive for read-write ones.
 * File systems without locks are let through.
 */
static void
lock_image(struct drive *d)
{
	struct flock fl = { .l_type = (d->readonly || d->snapshot) ? F_RDLCK :
				      F_WRLCK, .l_whence = SEEK_SET };

	struct flock other = fl;

	if (fcntl(d->fd, F_OFD_SETLK, &fl) == 0)
		return;
	if (errno != EAGAIN && errno != EACCES)
		return;
	/* Say whether the holder writes it, or only reads it. */
	if (fcntl(d->fd, F_OFD_GETLK, &other) == 0 && other.l_type == F_RDLCK)
		drive_error(d, "the image is in use by another program, which "
			    "reads it (it holds a lock on it); add snapshot=on "
			    "or readonly=on to share it");
	drive_error(d, "the image is in use by another program, which writes "
		    "it (it holds a lock on it)");
}

static void
open_drive(int i, const struct sim_drive_opt *o)
{
	struct drive *d = &drives[i];
	const char *base;
	struct stat st;
	uint64_t size;

	d->index = i;
	d->path = o->file;
	d->positional = o->positional;
	d->readonly = o->readonly;
	d->snapshot = o->snapshot && !o->readonly;
	/* Look before opening: a FIFO would block, a directory says EISDIR. */
	if (stat(o->file, &st) < 0)
		drive_error(d, "%s", strerror(errno));
	if (S_ISDIR(st.st_mode))
		drive_error(d, "is a directory, not a disk image");
	if (!S_ISREG(st.st_mode) && !S_ISBLK(st.st_mode))
		drive_error(d, "not a regular file or block device");
	d->fd = open(o->file, O_CLOEXEC |
		     ((d->readonly || d->snapshot) ? O_RDONLY : O_RDWR));
	if (d->fd < 0 && (errno == EACCES || errno == EROFS) &&
	    !d->readonly && !d->snapshot)
		drive_error(d, "%s (add readonly=on or snapshot=on to use "
			    "it without writing)", strerror(errno));
	if (d->fd < 0)
		drive_error(d, "%s", strerror(errno));
	size = image_size(d, d->fd);
	if (size < SECTOR)
		drive_error(d, "the image is too small (%llu bytes): a "
			    "disk has at least one %d-byte sector",
			    (unsigned long long)size, SECTOR);
	if (size % SECTOR != 0)
		fprintf(stderr, "circlesim: warning: %s%s: the size "
			"(%llu bytes) is not a multiple of %d; the last %llu "
			"bytes are not part of the disk\n",
			d->positional ? "" : "-drive file=", o->file,
			(unsigned long long)size, SECTOR,
			(unsigned long long)(size % SECTOR));
	d->sectors = size / SECTOR;
	check_unique(i, d->fd);
	lock_image(d);
	base = strrchr(o->file, '/') != NULL ? strrchr(o->file, '/') + 1 :
					       o->file;
	snprintf(d->model, sizeof(d->model), "sim %s", base);
	if (d->snapshot) {
		d->ov_fd = memfd_create("circlesim-snapshot", MFD_CLOEXEC);
		d->ov_map = calloc((size_t)((d->sectors + OV_SPAN - 1) /
					    OV_SPAN), sizeof(*d->ov_map));
		if (d->ov_fd < 0 || d->ov_map == NULL ||
		    ftruncate(d->ov_fd, (off_t)(d->sectors * SECTOR)) < 0)
			sim_fatal("-drive file=%s: cannot make the snapshot "
				  "overlay: %s", o->file, strerror(errno));
	}
}

/*
 * Open every -drive image (a bad one is a clear error and exit status
 * 2, before the machine starts) and start their I/O threads.
 */
void
sim_disks_open(void)
{
	for (int i = 0; i < sim_opt.ndrives; i++) {
		struct drive *d = &drives[i];

		open_drive(i, &sim_opt.drives[i]);
		pthread_mutex_init(&d->lock, NULL);
		pthread_cond_init(&d->work_cond, NULL);
		pthread_cond_init(&d->done_cond, NULL);
		d->work_tail = &d->work;
		d->reap_tail = &d->reap;
		d->due_tail = &d->due;
		if (pthread_create(&d->thread, NULL, io_thread, d) != 0)
			sim_fatal("-drive file=%s: cannot start its I/O thread",
				  d->path);
		pthread_detach(d->thread);
		ndrives++;
	}
}
