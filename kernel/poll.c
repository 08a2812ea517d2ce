/*
 * poll.c -- waiting for events on many files at once: a poll table puts
 * the caller on every file's wait queues, and poll_items sleeps until an
 * event, the deadline or a signal. poll, ppoll, select and pselect6.
 */
#include "fs_local.h"
#include "heap.h"
#include "signal.h"
#include "syscall.h"
#include "uaccess.h"

#define POLL_CHUNK 32
#define POLL_DEFAULT (POLLIN | POLLOUT | POLLRDNORM | POLLWRNORM)
#define POLLIN_SET (POLLIN | POLLRDNORM | POLLHUP | POLLERR)
#define POLLOUT_SET (POLLOUT | POLLWRNORM | POLLERR)
#define POLLEX_SET POLLPRI

struct poll_entry {
	struct waitq *wq;
	struct waiter w;
};

struct poll_chunk {
	struct poll_chunk *next;
	int n;
	struct poll_entry e[POLL_CHUNK];
};

/* The wait queues one poll sleeps on. Only its thread uses it. */
struct poll_table {
	struct poll_chunk *chunks;	/* newest first */
	struct waitq self;		/* nobody wakes it: marks us asleep */
	struct waiter selfw;
};

/*
 * Called by a file's poll operation for each wait queue whose wakeups
 * mean its events may have changed. pt NULL: nothing to do. If memory is
 * short the queue is skipped and the poller only sees it at its deadline.
 */
void
poll_wait(struct poll_table *pt, struct waitq *wq)
{
	struct poll_chunk *c;
	struct poll_entry *e;

	if (pt == NULL)
		return;
	if ((c = pt->chunks) == NULL || c->n == POLL_CHUNK) {
		if ((c = kzalloc(sizeof(*c))) == NULL)
			return;
		c->next = pt->chunks;
		pt->chunks = c;
	}
	e = &c->e[c->n++];
	e->wq = wq;
	list_init(&e->w.link);
	e->w.t = NULL;
	waitq_prepare(wq, &e->w);
}

/* Mark the caller asleep on every queue again (a wakeup removed it). */
static void
poll_table_arm(struct poll_table *pt)
{
	waitq_prepare(&pt->self, &pt->selfw);
	for (struct poll_chunk *c = pt->chunks; c != NULL; c = c->next)
		for (int i = 0; i < c->n; i++)
			waitq_prepare(c->e[i].wq, &c->e[i].w);
}

static void
poll_table_free(struct poll_table *pt)
{
	struct poll_chunk *c;

	while ((c = pt->chunks) != NULL) {
		for (int i = 0; i < c->n; i++)
			waitq_finish(c->e[i].wq, &c->e[i].w);
		pt->chunks = c->next;
		kfree(c);
	}
	waitq_finish(&pt->self, &pt->selfw);
	kfree(pt);
}

/* Events of every item now; registers on queues when pt is given. */
static int
poll_scan(struct poll_item *it, int n, struct poll_table *pt)
{
	unsigned mask;
	int ready = 0;

	for (int i = 0; i < n; i++) {
		if (it[i].f == NULL) {
			it[i].revents = it[i].ignore ? 0 : POLLNVAL;
		} else {
			mask = it[i].f->fop->poll != NULL ?
			       it[i].f->fop->poll(it[i].f, pt) : POLL_DEFAULT;
			it[i].revents =
				(short)(mask &
					((unsigned)(uint16_t)it[i].events |
					 POLLERR | POLLHUP | POLLNVAL));
		}
		if (it[i].revents != 0)
			ready++;
	}
	return ready;
}

/*
 * Wait until one of the n files has an event it asks for (f NULL gives
 * POLLNVAL, unless `ignore`: a negative fd), until `deadline`
 * (hal_time_ns; POLL_NOWAIT, POLL_FOREVER) or until a signal is pending.
 * Fills revents; returns how many items have events, 0 at the deadline,
 * -ERESTARTNOHAND for a signal, -ENOMEM. May sleep.
 */
int
poll_items(struct poll_item *it, int n, uint64_t deadline)
{
	struct poll_table *pt = kzalloc(sizeof(*pt));
	int r;

	if (pt == NULL)
		return -ENOMEM;
	waitq_init(&pt->self);
	list_init(&pt->selfw.link);
	for (bool first = true;; first = false) {
		if (first)
			waitq_prepare(&pt->self, &pt->selfw);
		else
			poll_table_arm(pt);
		if ((r = poll_scan(it, n, first ? pt : NULL)) != 0 ||
		    deadline == POLL_NOWAIT)
			break;
		if (signal_pending()) {
			r = -ERESTARTNOHAND;
			break;
		}
		if (deadline == POLL_FOREVER)
			sched();
		else if (!waitq_sleep_until(deadline))
			break;
	}
	poll_table_free(pt);
	return r;
}

/* ---- time arguments ---- */

/* A deadline from a user timespec (0: none given = forever). */
static int
ts_deadline(uintptr_t uts, uint64_t *deadline)
{
	struct timespec64 ts;

	*deadline = POLL_FOREVER;
	if (uts == 0)
		return 0;
	if (copy_from_user(&ts, uts, sizeof(ts)) < 0)
		return -EFAULT;
	if (ts.tv_sec < 0 || ts.tv_nsec < 0 ||
	    ts.tv_nsec >= (int64_t)NSEC_PER_SEC)
		return -EINVAL;
	if (ts.tv_sec == 0 && ts.tv_nsec == 0)
		*deadline = POLL_NOWAIT;
	else if ((uint64_t)ts.tv_sec < (POLL_FOREVER >> 31) / NSEC_PER_SEC)
		*deadline = hal_time_ns() + (uint64_t)ts.tv_sec * NSEC_PER_SEC +
			    (uint64_t)ts.tv_nsec;
	return 0;
}

/* Block the signals of user mask umask (size bytes) while we wait. */
static int
mask_set(uintptr_t umask, size_t size, bool *set)
{
	struct uthread *ut = curut();
	uint64_t m;

	*set = false;
	if (umask == 0 || ut == NULL)
		return 0;
	if (size != sizeof(m))
		return -EINVAL;
	if (copy_from_user(&m, umask, sizeof(m)) < 0)
		return -EFAULT;
	ut->saved_mask = ut->sigmask;
	WRITE_ONCE(ut->sigmask, m & ~(SIGBIT(SIGKILL) | SIGBIT(SIGSTOP)));
	*set = true;
	return 0;
}

/* After the wait: a signal handler runs with the temporary mask, which
 * signal delivery then restores (restore_mask); else restore it now. */
static void
mask_restore(bool set, long r)
{
	struct uthread *ut = curut();

	if (!set)
		return;
	if (r == -ERESTARTNOHAND || r == -EINTR)
		ut->restore_mask = true;
	else
		WRITE_ONCE(ut->sigmask, ut->saved_mask);
}

/* ---- poll, ppoll ---- */

static long
poll_fds(uintptr_t ufds, unsigned nfds, uint64_t deadline)
{
	struct kpollfd *pfd = NULL;
	struct poll_item *it = NULL;
	long r;

	if (nfds > (unsigned)fd_limit())
		return -EINVAL;
	if (nfds > 0 && ((pfd = kmalloc(nfds * sizeof(*pfd))) == NULL ||
			 (it = kzalloc(nfds * sizeof(*it))) == NULL)) {
		r = -ENOMEM;
		goto out;
	}
	if (copy_from_user(pfd, ufds, nfds * sizeof(*pfd)) < 0) {
		r = -EFAULT;
		goto out;
	}
	for (unsigned i = 0; i < nfds; i++) {
		it[i].f = pfd[i].fd >= 0 ? fd_get(pfd[i].fd) : NULL;
		it[i].events = pfd[i].events;
		it[i].ignore = pfd[i].fd < 0;
	}
	r = poll_items(it, (int)nfds, deadline);
	for (unsigned i = 0; i < nfds; i++) {
		pfd[i].revents = it[i].revents;
		file_put(it[i].f);
	}
	if (r >= 0 && copy_to_user(ufds, pfd, nfds * sizeof(*pfd)) < 0)
		r = -EFAULT;
out:
	kfree(pfd);
	kfree(it);
	return r;
}

SYSCALL3(poll, uintptr_t, ufds, unsigned, nfds, int, timeout_ms)
{
	uint64_t deadline = POLL_FOREVER;
	long r;

	if (timeout_ms == 0)
		deadline = POLL_NOWAIT;
	else if (timeout_ms > 0)
		deadline = hal_time_ns() + (uint64_t)timeout_ms * NSEC_PER_MSEC;
	r = poll_fds(ufds, nfds, deadline);

	return r == -ERESTARTNOHAND && deadline != POLL_FOREVER ? -EINTR : r;
}

SYSCALL5(ppoll, uintptr_t, ufds, unsigned, nfds, uintptr_t, uts,
	 uintptr_t, umask, size_t, sigsetsize)
{
	uint64_t deadline;
	bool set;
	long r;

	if ((r = ts_deadline(uts, &deadline)) < 0 ||
	    (r = mask_set(umask, sigsetsize, &set)) < 0)
		return r;
	r = poll_fds(ufds, nfds, deadline);
	if (r == -ERESTARTNOHAND && deadline != POLL_FOREVER)
		r = -EINTR;
	mask_restore(set, r);
	return r;
}

/* ---- select, pselect6 ---- */

struct fdsets {
	uint64_t *in, *out, *ex;	/* bitmaps of nfds bits, or NULL */
	size_t bytes;
};

static int
sets_in(struct fdsets *s, uintptr_t uin, uintptr_t uout, uintptr_t uex)
{
	uintptr_t u[3] = { uin, uout, uex };
	uint64_t **k[3] = { &s->in, &s->out, &s->ex };

	for (int i = 0; i < 3; i++) {
		if (u[i] == 0)
			continue;
		if ((*k[i] = kzalloc(s->bytes)) == NULL)
			return -ENOMEM;
		if (copy_from_user(*k[i], u[i], s->bytes) < 0)
			return -EFAULT;
	}
	return 0;
}

static bool
bit(uint64_t *set, int fd)
{
	return set != NULL && (set[fd / 64] >> (fd % 64)) & 1;
}

/* The poll items of the descriptors in the sets: -EBADF for a closed one. */
static int
sets_items(struct fdsets *s, int nfds, struct poll_item *it, int *n)
{
	short ev;

	*n = 0;
	for (int fd = 0; fd < nfds; fd++) {
		ev = (short)((bit(s->in, fd) ? POLLIN_SET : 0) |
			     (bit(s->out, fd) ? POLLOUT_SET : 0) |
			     (bit(s->ex, fd) ? POLLEX_SET : 0));
		if (ev == 0)
			continue;
		if ((it[*n].f = fd_get(fd)) == NULL)
			return -EBADF;
		it[*n].events = ev;
		it[*n].revents = (short)fd;	/* remembered until the poll */
		(*n)++;
	}
	return 0;
}

/* Turn the results into the sets; returns the number of bits set. */
static int
sets_result(struct fdsets *s, struct poll_item *it, int n, const int *fds)
{
	int count = 0;

	for (int i = 0; i < 3; i++) {
		uint64_t *set = i == 0 ? s->in : i == 1 ? s->out : s->ex;

		if (set != NULL)
			memset(set, 0, s->bytes);
	}
	for (int i = 0; i < n; i++) {
		unsigned re = (uint16_t)it[i].revents;
		int fd = fds[i];

		if (s->in != NULL && (it[i].events & POLLIN) &&
		    (re & POLLIN_SET))
			s->in[fd / 64] |= 1ull << (fd % 64), count++;
		if (s->out != NULL && (it[i].events & POLLOUT) &&
		    (re & POLLOUT_SET))
			s->out[fd / 64] |= 1ull << (fd % 64), count++;
		if (s->ex != NULL && (it[i].events & POLLPRI) &&
		    (re & POLLEX_SET))
			s->ex[fd / 64] |= 1ull << (fd % 64), count++;
	}
	return count;
}

static long
sets_out(struct fdsets *s, uintptr_t uin, uintptr_t uout, uintptr_t uex)
{
	if ((uin && copy_to_user(uin, s->in, s->bytes) < 0) ||
	    (uout && copy_to_user(uout, s->out, s->bytes) < 0) ||
	    (uex && copy_to_user(uex, s->ex, s->bytes) < 0))
		return -EFAULT;
	return 0;
}

static long
select_fds(int nfds, uintptr_t uin, uintptr_t uout, uintptr_t uex,
	  uint64_t deadline)
{
	struct fdsets s = { NULL, NULL, NULL, 0 };
	struct poll_item *it = NULL;
	int *fds = NULL, n = 0;
	long r;

	if (nfds < 0)
		return -EINVAL;
	nfds = MIN(nfds, fd_limit());
	s.bytes = (size_t)ALIGN_UP(nfds, 64) / 8;
	if ((r = sets_in(&s, uin, uout, uex)) < 0)
		goto out;
	if (nfds > 0 &&
	    ((it = kzalloc((size_t)nfds * sizeof(*it))) == NULL ||
	     (fds = kmalloc((size_t)nfds * sizeof(*fds))) == NULL)) {
		r = -ENOMEM;
		goto out;
	}
	r = sets_items(&s, nfds, it, &n);
	for (int i = 0; i < n; i++)
		fds[i] = it[i].revents;
	if (r == 0 && (r = poll_items(it, n, deadline)) >= 0) {
		r = sets_result(&s, it, n, fds);
		if (sets_out(&s, uin, uout, uex) < 0)
			r = -EFAULT;
	}
	for (int i = 0; i < n; i++)
		file_put(it[i].f);
out:
	kfree(it);
	kfree(fds);
	kfree(s.in);
	kfree(s.out);
	kfree(s.ex);
	return r;
}

SYSCALL5(select, int, nfds, uintptr_t, uin, uintptr_t, uout, uintptr_t, uex,
	 uintptr_t, utv)
{
	uint64_t deadline = POLL_FOREVER, now = hal_time_ns(), left;
	struct ktimeval tv;
	long r;

	if (utv != 0) {
		if (copy_from_user(&tv, utv, sizeof(tv)) < 0)
			return -EFAULT;
		if (tv.tv_sec < 0 || tv.tv_usec < 0 || tv.tv_usec >= 1000000)
			return -EINVAL;
		if (tv.tv_sec == 0 && tv.tv_usec == 0)
			deadline = POLL_NOWAIT;
		else if ((uint64_t)tv.tv_sec < 1ull << 32)
			deadline = now + (uint64_t)tv.tv_sec * NSEC_PER_SEC +
				   (uint64_t)tv.tv_usec * NSEC_PER_USEC;
	}
	r = select_fds(nfds, uin, uout, uex, deadline);
	if (utv != 0 && deadline != POLL_FOREVER && deadline != POLL_NOWAIT) {
		now = hal_time_ns();
		left = deadline > now ? deadline - now : 0;
		tv.tv_sec = (int64_t)(left / NSEC_PER_SEC);
		tv.tv_usec = (int64_t)(left % NSEC_PER_SEC / NSEC_PER_USEC);
		copy_to_user(utv, &tv, sizeof(tv)); /* Linux ignores a fault */
	}
	if (r == -ERESTARTNOHAND && deadline != POLL_FOREVER)
		r = -EINTR;
	return r;
}

SYSCALL6(pselect6, int, nfds, uintptr_t, uin, uintptr_t, uout, uintptr_t, uex,
	 uintptr_t, uts, uintptr_t, usig)
{
	struct { uintptr_t ss; size_t len; } sig = { 0, 0 };
	uint64_t deadline;
	bool set;
	long r;

	if ((r = ts_deadline(uts, &deadline)) < 0)
		return r;
	if (usig != 0 && copy_from_user(&sig, usig, sizeof(sig)) < 0)
		return -EFAULT;
	if ((r = mask_set(sig.ss, sig.len, &set)) < 0)
		return r;
	r = select_fds(nfds, uin, uout, uex, deadline);
	if (r == -ERESTARTNOHAND && deadline != POLL_FOREVER)
		r = -EINTR;
	mask_restore(set, r);
	return r;
}
