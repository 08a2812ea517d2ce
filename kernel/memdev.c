/*
 * memdev.c -- the memory devices of major 1: null, zero, full, random and
 * urandom (one xoshiro256** generator seeded from the HAL's entropy), and
 * kmsg, which reads the kernel log and writes lines into it.
 */
#include "fs_local.h"
#include "heap.h"

#define MEM_MAJOR 1
#define KMSG_MAX 1024

static const char zeros[256];
static struct spinlock rng_lock = SPINLOCK_INIT("random");
static uint64_t rng[4];				/* rng_lock */

static ssize_t
null_read(struct file *f, struct uio *u, uint64_t off)
{
	return 0;
}

static ssize_t
null_write(struct file *f, struct uio *u, uint64_t off)
{
	return (ssize_t)u->len;
}

static ssize_t
zero_read(struct file *f, struct uio *u, uint64_t off)
{
	size_t done = 0, n;

	while (u->len > 0) {
		n = MIN(u->len, sizeof(zeros));
		if (uio_out(u, zeros, n) < 0)
			return done > 0 ? (ssize_t)done : -EFAULT;
		done += n;
	}
	return (ssize_t)done;
}

static ssize_t
full_write(struct file *f, struct uio *u, uint64_t off)
{
	return -ENOSPC;
}

static uint64_t
rotl(uint64_t x, int k)
{
	return (x << k) | (x >> (64 - k));
}

/* xoshiro256**: the next 64 random bits. rng_lock held. */
static uint64_t
rng_next(void)
{
	uint64_t r = rotl(rng[1] * 5, 7) * 9, t = rng[1] << 17;

	rng[2] ^= rng[0];
	rng[3] ^= rng[1];
	rng[1] ^= rng[2];
	rng[0] ^= rng[3];
	rng[2] ^= t;
	rng[3] = rotl(rng[3], 45);
	return r;
}

static ssize_t
random_read(struct file *f, struct uio *u, uint64_t off)
{
	uint64_t buf[32];
	size_t done = 0, n;

	while (u->len > 0) {
		n = MIN(u->len, sizeof(buf));
		spin_lock(&rng_lock);
		for (size_t i = 0; i < ARRAY_SIZE(buf); i++)
			buf[i] = rng_next();
		spin_unlock(&rng_lock);
		if (uio_out(u, buf, n) < 0)
			return done > 0 ? (ssize_t)done : -EFAULT;
		done += n;
	}
	return (ssize_t)done;
}

/* Writing mixes the bytes into the generator's state. */
static ssize_t
random_write(struct file *f, struct uio *u, uint64_t off)
{
	size_t done = 0, n;
	uint64_t w;

	while (u->len > 0) {
		w = 0;
		n = MIN(u->len, sizeof(w));
		if (uio_in(u, &w, n) < 0)
			return done > 0 ? (ssize_t)done : -EFAULT;
		spin_lock(&rng_lock);
		rng[done / 8 % 4] ^= w;
		if (rng[0] == 0 && rng[1] == 0 && rng[2] == 0 && rng[3] == 0)
			rng[0] = 1;
		rng_next();
		spin_unlock(&rng_lock);
		done += n;
	}
	return (ssize_t)done;
}

/* kmsg: each open file reads the log from its own position (f->pos). */
static ssize_t
kmsg_read(struct file *f, struct uio *u, uint64_t off)
{
	size_t want = MIN(u->len, PAGE_SIZE), n;
	char *buf = kmalloc(want);
	int r = 0;

	if (buf == NULL)
		return -ENOMEM;
	mutex_lock(&f->pos_lock);
	n = klog_read(buf, want, &f->pos);
	if (n > 0 && (r = uio_out(u, buf, n)) < 0)
		f->pos -= n;
	mutex_unlock(&f->pos_lock);
	kfree(buf);
	return r < 0 ? r : (ssize_t)n;
}

static ssize_t
kmsg_write(struct file *f, struct uio *u, uint64_t off)
{
	size_t n = MIN(u->len, KMSG_MAX), len;
	char *buf = kmalloc(n + 1);

	if (buf == NULL)
		return -ENOMEM;
	if (uio_in(u, buf, n) < 0) {
		kfree(buf);
		return -EFAULT;
	}
	for (len = n; len > 0 && (buf[len - 1] == '\n' || buf[len - 1] == '\0');
	     len--)
		;
	buf[len] = '\0';
	klog(KLOG_INFO, "%s", buf);
	kfree(buf);
	return (ssize_t)n;
}

static const struct file_ops null_fops = {
	.read = null_read, .write = null_write, .seekable = true,
};
static const struct file_ops zero_fops = {
	.read = zero_read, .write = null_write, .seekable = true,
};
static const struct file_ops full_fops = {
	.read = zero_read, .write = full_write, .seekable = true,
};
static const struct file_ops random_fops = {
	.read = random_read, .write = random_write, .seekable = true,
};
static const struct file_ops kmsg_fops = {
	.read = kmsg_read, .write = kmsg_write,
};

static const struct {
	const char *name;
	unsigned minor;
	uint32_t mode;
	const struct file_ops *fops;
} memdevs[] = {
	{ "null", 3, 0666, &null_fops },
	{ "zero", 5, 0666, &zero_fops },
	{ "full", 7, 0666, &full_fops },
	{ "random", 8, 0666, &random_fops },
	{ "urandom", 9, 0666, &random_fops },
	{ "kmsg", 11, 0644, &kmsg_fops },
};

/* Seed the generator and register the devices (once). Called by vfs_init. */
void
memdev_init(void)
{
	static bool done;

	if (done)
		return;
	done = true;
	hal_entropy(rng, sizeof(rng));
	if (rng[0] == 0 && rng[1] == 0 && rng[2] == 0 && rng[3] == 0)
		rng[0] = 0x9e3779b97f4a7c15ull;
	for (size_t i = 0; i < ARRAY_SIZE(memdevs); i++) {
		chrdev_register(MEM_MAJOR, memdevs[i].minor, 1, memdevs[i].fops,
				memdevs[i].name);
		devfs_add(memdevs[i].name, S_IFCHR | memdevs[i].mode,
			  MKDEV(MEM_MAJOR, memdevs[i].minor));
	}
}
