/*
 * tty_ioctl.c -- terminal ioctls (termios, window size, flushing, flow)
 * and sessions: the controlling terminal, its session and foreground
 * process group. Lock order: proc_lock, then tty->lock.
 */
#include "proc.h"
#include "signal.h"
#include "tty.h"
#include "uaccess.h"
#include "vfs.h"

/* Copy tty's termios. Any thread context. */
void
tty_get_termios(struct tty *tty, struct termios *t)
{
	spin_lock(&tty->lock);
	*t = tty->tio;
	spin_unlock(&tty->lock);
}

/* Install new termios, first flushing input if `flush` (TCSETSF).
 * Returns 0. Thread context; may not sleep. */
int
tty_set_termios(struct tty *tty, const struct termios *t, bool flush)
{
	spin_lock(&tty->lock);
	if (flush)
		ldisc_flush_input(tty);
	ldisc_set_termios(tty, t);
	ldisc_flush_out(tty);
	spin_unlock(&tty->lock);
	waitq_wake_all(&tty->readq);
	waitq_wake_all(&tty->writeq);
	return 0;
}

/* Set the window size; a change sends SIGWINCH to the foreground group.
 * Returns 0. Thread context, no lock held. */
int
tty_set_winsize(struct tty *tty, const struct winsize *ws)
{
	bool changed;
	int pgrp;

	spin_lock(&tty->lock);
	changed = memcmp(&tty->ws, ws, sizeof(*ws)) != 0;
	tty->ws = *ws;
	pgrp = tty->pgrp;
	spin_unlock(&tty->lock);
	if (changed)
		tty_deliver_sigs(tty, pgrp, SIGBIT(SIGWINCH));
	return 0;
}

/* ---- sessions ---- */

static bool
is_session_leader(struct proc *p)
{
	return p->sid == p->pid;
}

/* Every process of session sid loses tty as controlling terminal.
 * proc_lock held. */
static void
clear_session_ctty(struct tty *tty, int sid)
{
	struct list *pos;

	list_for_each(pos, &all_procs) {
		struct proc *q = list_entry(pos, struct proc, all_link);
		if (q->sid == sid && q->ctty == tty)
			q->ctty = NULL;
	}
}

/* tty becomes p's controlling terminal. proc_lock and tty->lock held. */
static void
set_ctty(struct tty *tty, struct proc *p)
{
	p->ctty = tty;
	tty->session = p->sid;
	tty->pgrp = p->pgid;
}

/*
 * An open of tty by p: a session leader without a controlling terminal
 * acquires tty when no session has it, unless O_NOCTTY or write-only.
 * Process context (p is current, or NULL); takes proc_lock.
 */
void
tty_open_ctty(struct tty *tty, struct proc *p, unsigned flags)
{
	if (p == NULL || (flags & O_NOCTTY) ||
	    (flags & O_ACCMODE) == O_WRONLY)
		return;
	spin_lock(&proc_lock);
	spin_lock(&tty->lock);
	if (is_session_leader(p) && p->ctty == NULL && tty->session == 0)
		set_ctty(tty, p);
	spin_unlock(&tty->lock);
	spin_unlock(&proc_lock);
}

/* p (not a session leader) starts a session of its own (setsid) and so
 * has no controlling terminal. Takes no lock: the caller holds proc_lock
 * or p is current. */
void
tty_session_leave(struct proc *p)
{
	p->ctty = NULL;
}

/* Leader p gives up its controlling terminal: SIGHUP and SIGCONT to the
 * foreground group, then nobody in the session has it any more. */
static void
disassociate(struct tty *tty, struct proc *p)
{
	int pgrp;

	spin_lock(&tty->lock);
	pgrp = tty->session == p->sid ? tty->pgrp : 0;
	spin_unlock(&tty->lock);
	if (pgrp > 0)
		tty_deliver_sigs(tty, pgrp, SIGBIT(SIGHUP) | SIGBIT(SIGCONT));
	spin_lock(&proc_lock);
	spin_lock(&tty->lock);
	if (tty->session == p->sid) {
		tty->session = 0;
		tty->pgrp = 0;
	}
	spin_unlock(&tty->lock);
	clear_session_ctty(tty, p->sid);
	p->ctty = NULL;
	spin_unlock(&proc_lock);
}

/* Session leader p exits: its terminal hangs up the foreground group
 * (SIGHUP, SIGCONT) and is free for a new session. Called without
 * proc_lock held; may send signals. */
void
tty_exit_session_leader(struct proc *p)
{
	struct tty *tty = READ_ONCE(p->ctty);

	if (tty != NULL && is_session_leader(p))
		disassociate(tty, p);
}

/* ---- ioctls ---- */

static int
ioc_tcsets(struct tty *tty, uintptr_t arg, bool flush)
{
	struct termios t;
	int r;

	if (copy_from_user(&t, arg, sizeof(t)) < 0)
		return -EFAULT;
	if ((r = tty_job_check(tty, SIGTTOU)) != 0)
		return r;
	return tty_set_termios(tty, &t, flush);
}

static int
ioc_tcgets(struct tty *tty, uintptr_t arg)
{
	struct termios t;

	tty_get_termios(tty, &t);
	return copy_to_user(arg, &t, sizeof(t));
}

static int
ioc_gwinsz(struct tty *tty, uintptr_t arg)
{
	struct winsize ws;

	spin_lock(&tty->lock);
	ws = tty->ws;
	spin_unlock(&tty->lock);
	return copy_to_user(arg, &ws, sizeof(ws));
}

static int
ioc_swinsz(struct tty *tty, uintptr_t arg)
{
	struct winsize ws;

	if (copy_from_user(&ws, arg, sizeof(ws)) < 0)
		return -EFAULT;
	return tty_set_winsize(tty, &ws);
}

/* TIOCGPGRP and TIOCGSID: -ENOTTY unless tty is the caller's terminal. */
static int
ioc_getid(struct tty *tty, uintptr_t arg, bool sid)
{
	struct proc *p = curproc();
	int id;

	if (p != NULL && READ_ONCE(p->ctty) != tty)
		return -ENOTTY;
	spin_lock(&tty->lock);
	id = sid ? tty->session : tty->pgrp;
	spin_unlock(&tty->lock);
	if (sid && id == 0)
		return -ENOTTY;
	return put_user(id, arg);
}

/* Is pgid a process group of session sid? 0, -EPERM, -ESRCH.
 * proc_lock held. */
static int
pgrp_in_session(int pgid, int sid)
{
	struct list *pos;
	bool pid_exists = false;

	list_for_each(pos, &all_procs) {
		struct proc *q = list_entry(pos, struct proc, all_link);
		if (q->pgid == pgid)
			return q->sid == sid ? 0 : -EPERM;
		if (q->pid == pgid)
			pid_exists = true;
	}
	return pid_exists ? -EPERM : -ESRCH;
}

static int
ioc_spgrp(struct tty *tty, uintptr_t arg)
{
	struct proc *p = curproc();
	int pgid, r;

	if ((r = tty_job_check(tty, SIGTTOU)) != 0)
		return r == -EIO ? -ENOTTY : r;
	if (get_user(pgid, arg) < 0)
		return -EFAULT;
	if (pgid < 0)
		return -EINVAL;
	if (p == NULL)
		return -ENOTTY;
	spin_lock(&proc_lock);
	spin_lock(&tty->lock);
	if (p->ctty != tty || tty->session != p->sid)
		r = -ENOTTY;
	else if ((r = pgrp_in_session(pgid, p->sid)) == 0)
		tty->pgrp = pgid;
	spin_unlock(&tty->lock);
	spin_unlock(&proc_lock);
	return r;
}

/* TIOCSCTTY: a session leader without a terminal takes tty; arg 1 lets
 * root steal it from another session. */
static int
ioc_sctty(struct tty *tty, struct file *f, uintptr_t arg)
{
	struct proc *p = curproc();
	bool root;
	int r = 0;

	if (p == NULL)
		return -EPERM;
	root = p->cred.euid == 0;
	spin_lock(&proc_lock);
	spin_lock(&tty->lock);
	if (is_session_leader(p) && tty->session == p->sid)
		goto out;
	if (!is_session_leader(p) || p->ctty != NULL)
		r = -EPERM;
	else if (tty->session != 0 && !(arg == 1 && root))
		r = -EPERM;
	else if ((f->flags & O_ACCMODE) == O_WRONLY && !root)
		r = -EPERM;
	if (r == 0) {
		if (tty->session != 0)
			clear_session_ctty(tty, tty->session);
		set_ctty(tty, p);
	}
out:
	spin_unlock(&tty->lock);
	spin_unlock(&proc_lock);
	return r;
}

static int
ioc_notty(struct tty *tty)
{
	struct proc *p = curproc();

	if (p == NULL || READ_ONCE(p->ctty) != tty)
		return -ENOTTY;
	if (is_session_leader(p)) {
		disassociate(tty, p);
	} else {
		spin_lock(&proc_lock);
		p->ctty = NULL;
		spin_unlock(&proc_lock);
	}
	return 0;
}

static int
ioc_tcflsh(struct tty *tty, unsigned long arg)
{
	int r;

	if (arg > TCIOFLUSH)
		return -EINVAL;
	if ((r = tty_job_check(tty, SIGTTOU)) != 0)
		return r;
	spin_lock(&tty->lock);
	if (arg == TCIFLUSH || arg == TCIOFLUSH)
		ldisc_flush_input(tty);
	if (arg == TCOFLUSH || arg == TCIOFLUSH)
		tty->olen = 0;
	spin_unlock(&tty->lock);
	return 0;
}

static int
ioc_tcxonc(struct tty *tty, unsigned long arg)
{
	unsigned char c;
	int r;

	if (arg > TCION)
		return -EINVAL;
	if ((r = tty_job_check(tty, SIGTTOU)) != 0)
		return r;
	spin_lock(&tty->lock);
	if (arg == TCOOFF) {
		tty->tco_stopped = tty->stopped = true;
	} else if (arg == TCOON) {
		tty->tco_stopped = false;
		ldisc_start_output(tty);
	} else if ((c = tty->tio.c_cc[arg == TCIOFF ? VSTOP : VSTART]) != 0) {
		ldisc_put_raw(tty, (char)c);
		ldisc_flush_out(tty);
	}
	spin_unlock(&tty->lock);
	waitq_wake_all(&tty->writeq);
	return 0;
}

static int
ioc_fionread(struct tty *tty, uintptr_t arg)
{
	int n;

	spin_lock(&tty->lock);
	n = (int)ldisc_inq(tty);
	spin_unlock(&tty->lock);
	return put_user(n, arg);
}

/* TIOCSTI: push a byte into the input as if typed. */
static int
ioc_sti(struct tty *tty, uintptr_t arg)
{
	struct proc *p = curproc();
	unsigned char c;

	if (p != NULL && READ_ONCE(p->ctty) != tty && p->cred.euid != 0)
		return -EPERM;
	if (get_user(c, arg) < 0)
		return -EFAULT;
	tty_receive(tty, &c, 1);
	return 0;
}

static int
ioc_setd(uintptr_t arg)
{
	int ldisc;

	if (get_user(ldisc, arg) < 0)
		return -EFAULT;
	return ldisc == 0 ? 0 : -EINVAL;
}

/* The requests that are not about termios or sessions. */
static int
ioctl_misc(struct tty *tty, unsigned long cmd, uintptr_t arg)
{
	switch (cmd) {
	case TCFLSH:
		return ioc_tcflsh(tty, arg);
	case TCXONC:
		return ioc_tcxonc(tty, arg);
	case TCSBRK:
	case TCSBRKP:
	case TIOCSBRK:
	case TIOCCBRK:
		return tty_job_check(tty, SIGTTOU);
	case FIONREAD:
		return ioc_fionread(tty, arg);
	case TIOCOUTQ:
		return put_user((int)0, arg);
	case TIOCSTI:
		return ioc_sti(tty, arg);
	case TIOCGETD:
		return put_user((int)0, arg);
	case TIOCSETD:
		return ioc_setd(arg);
	case TIOCEXCL:
	case TIOCNXCL:
		return 0;
	}
	return -ENOTTY;
}

/* file_ops ioctl of terminals: 0 (or as the request says), -ENOTTY for
 * unknown requests, -EFAULT, -EINVAL, -EPERM, -EIO, -ERESTARTSYS.
 * Process context; may sleep. */
int
tty_ioctl(struct file *f, unsigned long cmd, uintptr_t arg)
{
	struct tty *tty = tty_of_file(f);

	if (tty == NULL)
		return -EIO;
	switch (cmd) {
	case TCGETS:
		return ioc_tcgets(tty, arg);
	case TCSETS:
	case TCSETSW:
		return ioc_tcsets(tty, arg, false);
	case TCSETSF:
		return ioc_tcsets(tty, arg, true);
	case TIOCGWINSZ:
		return ioc_gwinsz(tty, arg);
	case TIOCSWINSZ:
		return ioc_swinsz(tty, arg);
	case TIOCGPGRP:
		return ioc_getid(tty, arg, false);
	case TIOCGSID:
		return ioc_getid(tty, arg, true);
	case TIOCSPGRP:
		return ioc_spgrp(tty, arg);
	case TIOCSCTTY:
		return ioc_sctty(tty, f, arg);
	case TIOCNOTTY:
		return ioc_notty(tty);
	}
	return ioctl_misc(tty, cmd, arg);
}
