/*
 * pipe.c -- pipes: a 64 KiB ring between readers and writers, blocking or
 * not, atomic up to PIPE_BUF, EOF without writers, EPIPE and SIGPIPE
 * without readers; FIFOs are the same pipes met by opening a path.
 */
#include "fs_local.h"
#include "heap.h"
#include "pmm.h"
#include "signal.h"

#define PIPE_ORDER 4			/* 16 pages = PIPE_SIZE */

struct pipe {
	struct mutex lock;		/* guards everything below but opens */
	char *buf;			/* PIPE_SIZE bytes */
	size_t head, count;		/* the data: count bytes from head */
	int readers, writers;		/* open ends */
	unsigned rgen, wgen;		/* opens of readers, of writers */
	struct waitq rwait;		/* readers: data, or no writer */
	struct waitq wwait;		/* writers: room, or no reader */
	struct inode *fifo;		/* the FIFO's inode, or NULL */
	int opens;			/* files on it; fifo_lock for FIFOs */
	struct list link;		/* in `fifos` */
};

/* FIFOs being open: one pipe per inode while any file has it open. */
static struct mutex fifo_lock = { SPINLOCK_INIT("mutex"), NULL,
				  WAITQ_INIT(fifo_lock.wq), "fifo" };
static struct list fifos = LIST_INIT(fifos);	/* fifo_lock */
static unsigned pipe_ids;

static const struct file_ops pipe_fops;

static struct pipe *
pipe_new(void)
{
	struct pipe *p = kzalloc(sizeof(*p));

	if (p == NULL)
		return NULL;
	if ((p->buf = page_alloc(PIPE_ORDER)) == NULL) {
		kfree(p);
		return NULL;
	}
	mutex_init(&p->lock, "pipe");
	waitq_init(&p->rwait);
	waitq_init(&p->wwait);
	list_init(&p->link);
	return p;
}

static void
pipe_free(struct pipe *p)
{
	page_free(p->buf, PIPE_ORDER);
	kfree(p);
}

/* True if f is either end of a pipe or an open FIFO. */
bool
file_is_pipe(const struct file *f)
{
	return f->fop == &pipe_fops || f->fop == &fifo_fops;
}

/* Bytes waiting in the pipe of f (FIONREAD). */
size_t
pipe_nread(struct file *f)
{
	struct pipe *p = f->priv;

	return READ_ONCE(p->count);
}

static void
wake_both(struct pipe *p)
{
	waitq_wake_all(&p->rwait);
	waitq_wake_all(&p->wwait);
}

/* Copy up to n bytes out of the ring into u. p->lock held. */
static ssize_t
ring_out(struct pipe *p, struct uio *u, size_t n)
{
	size_t done = 0, part;

	n = MIN(n, p->count);
	while (done < n) {
		part = MIN(n - done, PIPE_SIZE - p->head);
		if (uio_out(u, p->buf + p->head, part) < 0)
			break;
		p->head = (p->head + part) % PIPE_SIZE;
		p->count -= part;
		done += part;
	}
	return done > 0 ? (ssize_t)done : -EFAULT;
}

/* Copy up to n bytes of u into the ring. p->lock held. */
static ssize_t
ring_in(struct pipe *p, struct uio *u, size_t n)
{
	size_t done = 0, part, tail;

	n = MIN(n, PIPE_SIZE - p->count);
	while (done < n) {
		tail = (p->head + p->count) % PIPE_SIZE;
		part = MIN(n - done, PIPE_SIZE - tail);
		if (uio_in(u, p->buf + tail, part) < 0)
			break;
		p->count += part;
		done += part;
	}
	return done > 0 ? (ssize_t)done : -EFAULT;
}

static ssize_t
pipe_read(struct file *f, struct uio *u, uint64_t off)
{
	struct pipe *p = f->priv;
	ssize_t n;
	int r;

	(void)off;
	mutex_lock(&p->lock);
	while (p->count == 0) {
		if (p->writers == 0 || (READ_ONCE(f->flags) & O_NONBLOCK)) {
			r = p->writers == 0 ? 0 : -EAGAIN;
			mutex_unlock(&p->lock);
			return r;
		}
		mutex_unlock(&p->lock);
		r = wait_event_interruptible(
			&p->rwait,
			READ_ONCE(p->count) > 0 || READ_ONCE(p->writers) == 0);
		if (r < 0)
			return r;
		mutex_lock(&p->lock);
	}
	n = ring_out(p, u, u->len);
	mutex_unlock(&p->lock);
	waitq_wake_all(&p->wwait);
	return n;
}

static void
send_sigpipe(void)
{
	if (curut() != NULL)
		signal_send_thread(curut(), SIGPIPE, NULL);
}

/* Room the writer needs before it copies: all of a write up to PIPE_BUF
 * (atomic), else any. */
static size_t
room_needed(size_t left, size_t done)
{
	return (done == 0 && left <= PIPE_BUF) ? left : 1;
}

static ssize_t
pipe_write(struct file *f, struct uio *u, uint64_t off)
{
	struct pipe *p = f->priv;
	size_t done = 0, need;
	ssize_t n;
	int r = 0;

	(void)off;
	mutex_lock(&p->lock);
	while (u->len > 0) {
		if (p->readers == 0) {
			send_sigpipe();
			r = -EPIPE;
			break;
		}
		need = room_needed(u->len, done);
		if (PIPE_SIZE - p->count >= need) {
			if ((n = ring_in(p, u, u->len)) < 0) {
				r = (int)n;
				break;
			}
			done += (size_t)n;
			waitq_wake_all(&p->rwait);
			continue;
		}
		if (READ_ONCE(f->flags) & O_NONBLOCK) {
			r = -EAGAIN;
			break;
		}
		mutex_unlock(&p->lock);
		r = wait_event_interruptible(&p->wwait,
			PIPE_SIZE - READ_ONCE(p->count) >= need ||
			READ_ONCE(p->readers) == 0);
		mutex_lock(&p->lock);
		if (r < 0)
			break;
	}
	mutex_unlock(&p->lock);
	if (done > 0)
		waitq_wake_all(&p->rwait);
	return done > 0 ? (ssize_t)done : r;
}

static unsigned
pipe_poll(struct file *f, struct poll_table *pt)
{
	struct pipe *p = f->priv;
	unsigned mask = 0;

	if (f->mode & FMODE_READ)
		poll_wait(pt, &p->rwait);
	if (f->mode & FMODE_WRITE)
		poll_wait(pt, &p->wwait);
	mutex_lock(&p->lock);
	if (f->mode & FMODE_READ) {
		if (p->count > 0)
			mask |= POLLIN | POLLRDNORM;
		/* f->pos keeps the writer count seen at open (FIFOs). */
		if (p->writers == 0 && p->wgen != (unsigned)f->pos)
			mask |= POLLHUP;
	}
	if (f->mode & FMODE_WRITE) {
		if (PIPE_SIZE - p->count >= PIPE_BUF)
			mask |= POLLOUT | POLLWRNORM;
		if (p->readers == 0)
			mask |= POLLERR;
	}
	mutex_unlock(&p->lock);
	return mask;
}

/* Drop f's end of p; the last file frees the pipe. */
static void
pipe_drop(struct pipe *p, unsigned fmode)
{
	bool last;

	mutex_lock(&p->lock);
	if (fmode & FMODE_READ)
		p->readers--;
	if (fmode & FMODE_WRITE)
		p->writers--;
	mutex_unlock(&p->lock);
	wake_both(p);
	if (p->fifo != NULL) {
		mutex_lock(&fifo_lock);
		if ((last = --p->opens == 0))
			list_remove(&p->link);
		mutex_unlock(&fifo_lock);
	} else {
		last = __atomic_sub_fetch(&p->opens, 1, __ATOMIC_ACQ_REL) == 0;
	}
	if (last)
		pipe_free(p);
}

static void
pipe_release(struct file *f)
{
	if (f->priv != NULL)
		pipe_drop(f->priv, f->mode);
}

/* The pipe of FIFO ip, made if none is open; counted as one more open. */
static struct pipe *
fifo_get(struct inode *ip)
{
	struct pipe *p = NULL;
	struct list *l;

	mutex_lock(&fifo_lock);
	list_for_each(l, &fifos) {
		if (list_entry(l, struct pipe, link)->fifo == ip) {
			p = list_entry(l, struct pipe, link);
			break;
		}
	}
	if (p == NULL && (p = pipe_new()) != NULL) {
		p->fifo = ip;
		list_append(&fifos, &p->link);
	}
	if (p != NULL)
		p->opens++;
	mutex_unlock(&fifo_lock);
	return p;
}

/*
 * Open a FIFO: a reader waits for a writer and a writer for a reader,
 * unless O_NONBLOCK (then a lone writer gets -ENXIO); O_RDWR never waits.
 */
static int
fifo_open(struct inode *ip, struct file *f)
{
	struct pipe *p = fifo_get(ip);
	bool nonblock = (f->flags & O_NONBLOCK) != 0;
	unsigned gen;
	int r = 0;

	if (p == NULL)
		return -ENOMEM;
	mutex_lock(&p->lock);
	if (f->mode & FMODE_READ) {
		p->readers++;
		p->rgen++;
	}
	if (f->mode & FMODE_WRITE) {
		p->writers++;
		p->wgen++;
	}
	f->pos = p->wgen;
	if (f->mode == FMODE_WRITE && p->readers == 0 && nonblock)
		r = -ENXIO;
	mutex_unlock(&p->lock);
	wake_both(p);
	if (r == 0 && f->mode == FMODE_READ && !nonblock &&
	    READ_ONCE(p->writers) == 0) {
		gen = (unsigned)f->pos;
		r = wait_event_interruptible(&p->rwait,
					     READ_ONCE(p->wgen) != gen);
	} else if (r == 0 && f->mode == FMODE_WRITE &&
		   READ_ONCE(p->readers) == 0) {
		gen = READ_ONCE(p->rgen);
		r = wait_event_interruptible(&p->wwait,
					     READ_ONCE(p->rgen) != gen);
	}
	if (r < 0) {
		pipe_drop(p, f->mode);
		return r;
	}
	f->priv = p;
	return 0;
}

/*
 * A new pipe: *rd reads what *wr writes. flags may hold O_NONBLOCK
 * (both ends). 0 or -ENOMEM. May sleep.
 */
int
pipe_create(unsigned flags, struct file **rd, struct file **wr)
{
	struct super *sb = vfs_anon_super();
	unsigned nb = flags & O_NONBLOCK;
	struct inode *ip = NULL;
	struct pipe *p;
	char name[32];
	uint64_t id;

	*rd = *wr = NULL;
	if (sb != NULL && (ip = ramfs_new_unlinked(sb, S_IFIFO | 0600)) == NULL)
		return -ENOMEM;
	if ((p = pipe_new()) != NULL &&
	    (*rd = file_new(ip, O_RDONLY | nb, &pipe_fops)) != NULL)
		*wr = file_new(ip, O_WRONLY | nb, &pipe_fops);
	if (*wr == NULL) {
		if (*rd != NULL)
			file_free_unopened(*rd);
		if (p != NULL)
			pipe_free(p);
		inode_put(ip);
		*rd = NULL;
		return -ENOMEM;
	}
	p->readers = p->writers = 1;
	p->opens = 2;
	p->wgen = 1;
	(*rd)->priv = (*wr)->priv = p;
	id = ip != NULL ? ip->ino :
	     __atomic_add_fetch(&pipe_ids, 1, __ATOMIC_RELAXED);
	ksnprintf(name, sizeof(name), "pipe:[%llu]", (unsigned long long)id);
	inode_put(ip);			/* the files hold it */
	(*rd)->path = kstrdup(name);
	(*wr)->path = kstrdup(name);
	return 0;
}

static const struct file_ops pipe_fops = {
	.release = pipe_release,
	.read = pipe_read,
	.write = pipe_write,
	.poll = pipe_poll,
};

const struct file_ops fifo_fops = {
	.open = fifo_open,
	.release = pipe_release,
	.read = pipe_read,
	.write = pipe_write,
	.poll = pipe_poll,
};
