/*
 * tty.c -- terminals as files: input from the device into the line
 * discipline, reads in canonical and VMIN/VTIME modes, writes through
 * output processing, poll, flow control toward the device, and the job
 * control checks of reads and writes.
 */
#include "proc.h"
#include "signal.h"
#include "tty.h"
#include "vfs.h"

#define FMASK(x) ((x) & (TTY_BUF_SIZE - 1))
#define DECISECOND (100 * NSEC_PER_MSEC)
#define NEVER UINT64_MAX

/* Set up tty with Linux's default termios and an 80x24 window.
 * Called once per terminal before it is used; may not sleep. */
void
tty_setup(struct tty *tty, const char *name, const struct tty_ops *ops,
	  void *priv)
{
	memset(tty, 0, sizeof(*tty));
	tty->name = name;
	tty->ops = ops;
	tty->priv = priv;
	waitq_init(&tty->readq);
	waitq_init(&tty->writeq);
	waitq_init(&tty->flipq);
	mutex_init(&tty->rlock, "tty read");
	mutex_init(&tty->wlock, "tty write");
	spin_init(&tty->lock, "tty");
	spin_init(&tty->flip_lock, "tty flip");
	tty_default_termios(&tty->tio);
	tty->ws.ws_row = 24;
	tty->ws.ws_col = 80;
}

/* Send each signal in sigs (SIGBIT()s, lowest first) to group pgrp, or
 * to the test hook. Called without tty->lock or proc_lock held. */
void
tty_deliver_sigs(struct tty *tty, int pgrp, uint64_t sigs)
{
	for (int sig = 1; sigs != 0; sig++) {
		if (!(sigs & SIGBIT(sig)))
			continue;
		sigs &= ~SIGBIT(sig);
		if (tty->ops->signal != NULL)
			tty->ops->signal(tty, pgrp, sig);
		else if (pgrp > 0)
			signal_pgrp(pgrp, sig, NULL);
	}
}

static bool
flip_empty(struct tty *tty)
{
	return READ_ONCE(tty->flip_head) == READ_ONCE(tty->flip_tail);
}

/*
 * Tell the device whether a reader waits with nothing to read. `again`
 * repeats a true even if it was the last value (after input arrived, the
 * device may have dropped it). tty->lock held.
 */
static void
flow_update(struct tty *tty, bool again)
{
	bool ready = tty->nwaiting > 0 && !tty->ended &&
		     !ldisc_readable(tty, false) && flip_empty(tty);

	if (tty->ops->flow == NULL || (ready == tty->flow_ready && !again))
		return;
	if (!ready && !tty->flow_ready)
		return;
	tty->flow_ready = ready;
	tty->ops->flow(tty, ready);
}

/* After input: flush echoes, then (unlocked) signal and wake. Called
 * with tty->lock held; returns with it released. */
static void
receive_done(struct tty *tty)
{
	uint64_t sigs;
	int pgrp;

	ldisc_flush_out(tty);
	flow_update(tty, true);
	sigs = tty->sigs;
	tty->sigs = 0;
	pgrp = tty->pgrp;
	spin_unlock(&tty->lock);
	tty_deliver_sigs(tty, pgrp, sigs);
	waitq_wake_all(&tty->readq);
	waitq_wake_all(&tty->writeq);
}

/* Bytes typed on tty: through the line discipline, echoed, signals sent,
 * readers woken. Thread context; may not sleep. */
void
tty_receive(struct tty *tty, const unsigned char *s, size_t n)
{
	spin_lock(&tty->lock);
	for (size_t i = 0; i < n; i++)
		ldisc_receive(tty, s[i]);
	receive_done(tty);
}

/* The device's input ended for good: reads return 0 once the buffered
 * input is consumed. Thread context; may not sleep. */
void
tty_input_end(struct tty *tty)
{
	spin_lock(&tty->lock);
	ldisc_input_end(tty);
	receive_done(tty);
}

/*
 * From the device's interrupt handler: queue byte c, or c < 0 for the
 * end of input. Returns false (c not taken) when the queue is full.
 * tty->flip_lock held; any context.
 */
bool
tty_flip_push(struct tty *tty, int c)
{
	if (c < 0) {
		tty->flip_eof = true;
	} else {
		if (tty->flip_head - tty->flip_tail == TTY_BUF_SIZE)
			return false;
		tty->flip[FMASK(tty->flip_head)] = (unsigned char)c;
		WRITE_ONCE(tty->flip_head, tty->flip_head + 1);
	}
	tty->flip_kick = true;
	return true;
}

/* True (once) when tty_flip_push queued something since the last call.
 * Any context; takes flip_lock. */
bool
tty_flip_take_kick(struct tty *tty)
{
	bool k;

	spin_lock(&tty->flip_lock);
	k = tty->flip_kick;
	tty->flip_kick = false;
	spin_unlock(&tty->flip_lock);
	return k;
}

/* Pop one queued byte, -2 for the end of input, -1 if none.
 * tty->lock held. */
static int
flip_pop(struct tty *tty)
{
	int c = -1;

	spin_lock(&tty->flip_lock);
	if (tty->flip_tail != tty->flip_head) {
		c = tty->flip[FMASK(tty->flip_tail)];
		WRITE_ONCE(tty->flip_tail, tty->flip_tail + 1);
	} else if (tty->flip_eof && !tty->ended) {
		c = -2;
	}
	spin_unlock(&tty->flip_lock);
	return c;
}

/*
 * Run the bytes tty_flip_push queued through the line discipline. A byte
 * is always either queued or in the line discipline when tty->lock is
 * free, so flow control never sees input in transit. Thread context.
 */
void
tty_flip_process(struct tty *tty)
{
	int c;

	spin_lock(&tty->lock);
	while ((c = flip_pop(tty)) != -1) {
		if (c == -2)
			ldisc_input_end(tty);
		else
			ldisc_receive(tty, (unsigned char)c);
	}
	receive_done(tty);
}

/*
 * Job control for a process using tty (n_tty's __tty_check_change): 0 if
 * it may go on; -ERESTARTSYS after sending sig (SIGTTIN, SIGTTOU) to its
 * background group; -EIO if that group is orphaned, or for SIGTTIN that
 * it ignores or blocks. Process context; takes proc_lock.
 */
int
tty_job_check(struct tty *tty, int sig)
{
	struct uthread *ut = curut();
	struct proc *p = curproc();
	int fg, pgid;

	if (p == NULL || READ_ONCE(p->ctty) != tty)
		return 0;
	spin_lock(&tty->lock);
	fg = tty->pgrp;
	spin_unlock(&tty->lock);
	pgid = READ_ONCE(p->pgid);
	if (fg == 0 || pgid == fg)
		return 0;
	if ((ut->sigmask & SIGBIT(sig)) ||
	    p->sighand->action[sig - 1].handler == SIG_IGN)
		return sig == SIGTTIN ? -EIO : 0;
	if (proc_is_orphaned_pgrp(pgid))
		return -EIO;
	signal_pgrp(pgid, sig, NULL);
	return -ERESTARTSYS;
}

/* ---- reading ---- */

static bool
input_ready(struct tty *tty)
{
	bool r;

	spin_lock(&tty->lock);
	r = ldisc_readable(tty, false) || tty->ended;
	spin_unlock(&tty->lock);
	return r;
}

static void
count_waiter(struct tty *tty, int delta)
{
	spin_lock(&tty->lock);
	tty->nwaiting += delta;
	flow_update(tty, false);
	spin_unlock(&tty->lock);
}

/* Sleep until input, a signal (-ERESTARTSYS) or deadline (-ETIMEDOUT). */
static int
wait_input(struct tty *tty, uint64_t deadline)
{
	int r;

	count_waiter(tty, 1);
	if (deadline == NEVER)
		r = wait_event_interruptible(&tty->readq, input_ready(tty));
	else
		r = wait_event_interruptible_until(&tty->readq,
						   input_ready(tty), deadline);
	count_waiter(tty, -1);
	return r;
}

/* What a read waits for, from VMIN and VTIME (n_tty_read). */
struct read_plan {
	bool canon;
	size_t min;		/* raw: return once this many were read */
	uint64_t first;		/* deadline for the first byte; 0: none */
	uint64_t inter;		/* raw: inter-byte timeout; 0: none */
};

static void
plan_read(struct tty *tty, struct read_plan *rp)
{
	unsigned vmin, vtime;

	spin_lock(&tty->lock);
	rp->canon = tty->tio.c_lflag & ICANON;
	vmin = tty->tio.c_cc[VMIN];
	vtime = tty->tio.c_cc[VTIME];
	spin_unlock(&tty->lock);
	rp->min = 1;
	rp->first = NEVER;
	rp->inter = 0;
	if (rp->canon)
		return;
	if (vmin > 0) {
		rp->min = vmin;
		rp->inter = vtime * DECISECOND;
	} else {
		rp->first = vtime ? hal_time_ns() + vtime * DECISECOND : 0;
	}
}

/* Copy what is there (one line at most in canonical mode) into kbuf.
 * Sets *canon to the mode it read in, *eol when a line ended, *ended at
 * the end of input. */
static size_t
take_input(struct tty *tty, char *kbuf, size_t n, bool *canon, bool *eol,
	   bool *ended)
{
	size_t got = 0;

	*eol = false;
	spin_lock(&tty->lock);
	*canon = tty->tio.c_lflag & ICANON;
	if (*canon)
		got = ldisc_read_canon(tty, kbuf, n, eol);
	else
		got = ldisc_read_raw(tty, kbuf, n);
	*ended = tty->ended && !ldisc_readable(tty, false);
	spin_unlock(&tty->lock);
	return got;
}

static ssize_t
read_loop(struct tty *tty, struct uio *u, bool nonblock)
{
	struct read_plan rp;
	uint64_t deadline;
	size_t done = 0, n;
	bool canon, eol, ended;
	char kbuf[256];
	int r = 0;

	plan_read(tty, &rp);
	deadline = rp.first;
	while (u->len > 0) {
		n = take_input(tty, kbuf, MIN(sizeof(kbuf), u->len), &canon,
			       &eol, &ended);
		if (n > 0 && (r = uio_out(u, kbuf, n)) < 0)
			break;
		done += n;
		if (canon && eol)
			break;
		if (n > 0) {
			if (!canon && done >= rp.min)
				break;
			if (rp.inter)
				deadline = hal_time_ns() + rp.inter;
			continue;
		}
		if (ended || deadline == 0)
			break;
		if (nonblock) {
			r = -EAGAIN;
			break;
		}
		r = wait_input(tty, deadline);
		if (r == -ETIMEDOUT)
			deadline = 0, r = 0;
		else if (r < 0)
			break;
	}
	return done > 0 ? (ssize_t)done : r;
}

/* file_ops read: bytes read, 0 at the end of input, -EAGAIN, -EIO,
 * -ERESTARTSYS, -EFAULT. Process context; may sleep. */
ssize_t
tty_read(struct file *f, struct uio *u, uint64_t off)
{
	struct tty *tty = tty_of_file(f);
	ssize_t r;

	if (tty == NULL)
		return -EIO;
	if ((r = tty_job_check(tty, SIGTTIN)) != 0)
		return r;
	mutex_lock(&tty->rlock);
	r = read_loop(tty, u, READ_ONCE(f->flags) & O_NONBLOCK);
	mutex_unlock(&tty->rlock);
	return r;
}

/* ---- writing ---- */

static bool
output_stopped(struct tty *tty)
{
	return READ_ONCE(tty->stopped) || READ_ONCE(tty->tco_stopped);
}

/* Post-process and send kbuf; waits while output is stopped. */
static int
write_chunk(struct tty *tty, const char *kbuf, size_t n, bool nonblock)
{
	int r;

	for (;;) {
		spin_lock(&tty->lock);
		if (!tty->stopped && !tty->tco_stopped)
			break;
		spin_unlock(&tty->lock);
		if (nonblock)
			return -EAGAIN;
		r = wait_event_interruptible(&tty->writeq,
					     !output_stopped(tty));
		if (r < 0)
			return r;
	}
	ldisc_output(tty, kbuf, n);
	ldisc_flush_out(tty);
	spin_unlock(&tty->lock);
	return 0;
}

static ssize_t
write_loop(struct tty *tty, struct uio *u, bool nonblock)
{
	size_t done = 0, n;
	char kbuf[256];
	int r = 0;

	while (u->len > 0) {
		if (signal_pending()) {
			r = -ERESTARTSYS;
			break;
		}
		n = MIN(sizeof(kbuf), u->len);
		if ((r = uio_in(u, kbuf, n)) < 0)
			break;
		if ((r = write_chunk(tty, kbuf, n, nonblock)) < 0)
			break;
		done += n;
	}
	return done > 0 ? (ssize_t)done : r;
}

/* file_ops write: bytes written, -EAGAIN, -EIO, -ERESTARTSYS, -EFAULT.
 * Process context; may sleep. */
ssize_t
tty_write(struct file *f, struct uio *u, uint64_t off)
{
	struct tty *tty = tty_of_file(f);
	bool tostop;
	ssize_t r;

	if (tty == NULL)
		return -EIO;
	spin_lock(&tty->lock);
	tostop = tty->tio.c_lflag & TOSTOP;
	spin_unlock(&tty->lock);
	if (tostop && (r = tty_job_check(tty, SIGTTOU)) != 0)
		return r;
	mutex_lock(&tty->wlock);
	r = write_loop(tty, u, READ_ONCE(f->flags) & O_NONBLOCK);
	mutex_unlock(&tty->wlock);
	return r;
}

/* Kernel output on tty, post-processed like a write; never waits (while
 * output is stopped a buffer of it is held). Returns n. Thread context. */
ssize_t
tty_kwrite(struct tty *tty, const char *buf, size_t n)
{
	spin_lock(&tty->lock);
	ldisc_output(tty, buf, n);
	ldisc_flush_out(tty);
	spin_unlock(&tty->lock);
	return (ssize_t)n;
}

/* file_ops poll: POLLIN when a read would not block, POLLOUT unless
 * output is stopped. A poller waiting for input asserts flow control.
 * Process context. */
unsigned
tty_poll(struct file *f, struct poll_table *pt)
{
	struct tty *tty = tty_of_file(f);
	unsigned mask = 0;

	if (tty == NULL)
		return POLLERR | POLLHUP;
	if (pt != NULL) {
		poll_wait(pt, &tty->readq);
		poll_wait(pt, &tty->writeq);
	}
	spin_lock(&tty->lock);
	if (ldisc_readable(tty, true) || tty->ended)
		mask |= POLLIN | POLLRDNORM;
	if (!tty->stopped && !tty->tco_stopped)
		mask |= POLLOUT | POLLWRNORM;
	if (pt != NULL && !ldisc_readable(tty, false) && !tty->ended &&
	    flip_empty(tty) && tty->ops->flow != NULL && !tty->flow_ready) {
		tty->flow_ready = true;
		tty->ops->flow(tty, true);
	}
	spin_unlock(&tty->lock);
	return mask;
}
