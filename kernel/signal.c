/*
 * signal.c -- POSIX signals: sending (to a thread, a process, a process
 * group), default actions, job control stops, and delivery to handlers on
 * the way back to user mode, with Linux's system call restart rules.
 */
#include "heap.h"
#include "proc.h"
#include "syscall.h"
#include "tty.h"
#include "uaccess.h"
#include "vm.h"

/* Signals whose default action is to do nothing, or to stop. */
#define DFL_IGNORE (SIGBIT(SIGCHLD) | SIGBIT(SIGCONT) | SIGBIT(SIGURG) | \
		    SIGBIT(SIGWINCH))
#define DFL_STOP (SIGBIT(SIGSTOP) | SIGBIT(SIGTSTP) | SIGBIT(SIGTTIN) | \
		  SIGBIT(SIGTTOU))
#define UNBLOCKABLE (SIGBIT(SIGKILL) | SIGBIT(SIGSTOP))

static struct spinlock siglock = SPINLOCK_INIT("signal");	/* all pending sets */

void
sigpending_init(struct sigpending *sp)
{
	sp->set = 0;
	list_init(&sp->rt);
}

void
sigpending_flush(struct sigpending *sp)
{
	struct list *pos, *n;

	list_for_each_safe(pos, n, &sp->rt) {
		list_remove(pos);
		kfree(list_entry(pos, struct sigq_entry, link));
	}
	sp->set = 0;
}

struct sighand *
sighand_new(void)
{
	struct sighand *sh = kzalloc(sizeof(*sh));

	if (sh != NULL) {
		spin_init(&sh->lock, "sighand");
		sh->refs = 1;
	}
	return sh;
}

struct sighand *
sighand_copy(struct sighand *src)
{
	struct sighand *sh = sighand_new();

	if (sh != NULL) {
		spin_lock(&src->lock);
		memcpy(sh->action, src->action, sizeof(sh->action));
		spin_unlock(&src->lock);
	}
	return sh;
}

void
sighand_put(struct sighand *sh)
{
	if (sh != NULL && __atomic_sub_fetch(&sh->refs, 1, __ATOMIC_ACQ_REL) == 0)
		kfree(sh);
}

void
signal_init_info(struct ksiginfo *si, int sig, int code)
{
	memset(si, 0, sizeof(*si));
	si->si_signo = sig;
	si->si_code = code;
}

/* Would sig be discarded on arrival? (ignored, and not blocked) */
bool
sig_ignored(struct proc *p, int sig)
{
	uintptr_t h;

	if (p->sighand == NULL)
		return true;
	h = p->sighand->action[sig - 1].handler;
	return h == SIG_IGN || (h == SIG_DFL && (SIGBIT(sig) & DFL_IGNORE));
}

/* Wake thread ut so it looks at its signals: from a sleep, or from user
 * mode on another CPU. */
void
signal_kick(struct uthread *ut)
{
	struct thread *t = ut->kt;

	if (t == NULL)
		return;
	thread_wake(t);
	if (READ_ONCE(t->on_cpu) && t->cpu != hal_cpu_id())
		hal_ipi(t->cpu);
}

/* Add sig to a pending set. siglock held. */
static int
enqueue(struct sigpending *sp, int sig, const struct ksiginfo *info)
{
	struct sigq_entry *e;
	struct ksiginfo si;

	if (info == NULL) {
		signal_init_info(&si, sig, SI_KERNEL);
		info = &si;
	}
	if (sig < SIGRTMIN) {
		if (!(sp->set & SIGBIT(sig)))
			sp->info[sig - 1] = *info;
		sp->set |= SIGBIT(sig);
		return 0;
	}
	e = kmalloc(sizeof(*e));
	if (e == NULL)
		return -EAGAIN;
	e->info = *info;
	list_append(&sp->rt, &e->link);
	sp->set |= SIGBIT(sig);
	return 0;
}

/* Take the pending mask bits out of a set. siglock held. */
static void
discard(struct sigpending *sp, uint64_t mask)
{
	struct list *pos, *n;

	sp->set &= ~mask;
	list_for_each_safe(pos, n, &sp->rt) {
		struct sigq_entry *e = list_entry(pos, struct sigq_entry, link);
		if (mask & SIGBIT(e->info.si_signo)) {
			list_remove(pos);
			kfree(e);
		}
	}
}

static void
discard_all_threads(struct proc *p, uint64_t mask)
{
	struct list *pos;

	discard(&p->shared_pending, mask);
	list_for_each(pos, &p->threads)
		discard(&list_entry(pos, struct uthread, plink)->pending, mask);
}

/* Stop or continue p (job control). proc_lock and siglock not held. */
void
signal_stop_continue(struct proc *p, bool stop, int sig)
{
	struct proc *parent;
	struct ksiginfo si;
	struct list *pos;
	bool notify;

	spin_lock(&proc_lock);
	if (p->state != P_ALIVE || p->stopped == stop || p->exiting) {
		spin_unlock(&proc_lock);
		return;
	}
	p->stopped = stop;
	p->stop_sig = sig;
	p->report_stop = stop;
	p->report_cont = !stop;
	parent = p->parent;
	proc_get(parent);		/* it may exit and be reaped meanwhile */
	notify = !stop || !(parent->sighand &&
		(parent->sighand->action[SIGCHLD - 1].flags & SA_NOCLDSTOP));
	list_for_each(pos, &p->threads)
		signal_kick(list_entry(pos, struct uthread, plink));
	spin_unlock(&proc_lock);
	if (!stop)
		waitq_wake_all(&p->stopq);
	signal_init_info(&si, SIGCHLD, stop ? CLD_STOPPED : CLD_CONTINUED);
	si.u.child.pid = p->pid;
	si.u.child.uid = p->cred.uid;
	si.u.child.status = stop ? sig : SIGCONT;
	if (notify && parent != p)
		signal_send(parent, SIGCHLD, &si);
	waitq_wake_all(&parent->child_wait);
	proc_put(parent);
}

/* The thread of p that should take a process-directed sig. proc_lock held. */
static struct uthread *
pick_thread(struct proc *p, int sig)
{
	struct list *pos;
	struct uthread *first = NULL;

	list_for_each(pos, &p->threads) {
		struct uthread *ut = list_entry(pos, struct uthread, plink);
		if (first == NULL)
			first = ut;
		if (!(ut->sigmask & SIGBIT(sig)))
			return ut;
	}
	return first;
}

/* Send sig to process p (kill). 0 or -EXXX. Any context but interrupts. */
int
signal_send(struct proc *p, int sig, const struct ksiginfo *info)
{
	struct uthread *ut;
	int r = 0;

	if (sig < 1 || sig > NSIG)
		return -EINVAL;
	if (p == NULL || p->state != P_ALIVE)
		return 0;
	if (sig == SIGCONT || sig == SIGKILL)
		signal_stop_continue(p, false, SIGCONT);
	spin_lock(&proc_lock);
	spin_lock(&siglock);
	if (sig == SIGCONT)
		discard_all_threads(p, DFL_STOP);
	else if (SIGBIT(sig) & DFL_STOP)
		discard_all_threads(p, SIGBIT(SIGCONT));
	if (sig_ignored(p, sig) && sig != SIGCONT) {
		spin_unlock(&siglock);
		spin_unlock(&proc_lock);
		return 0;
	}
	r = enqueue(&p->shared_pending, sig, info);
	spin_unlock(&siglock);
	if (sig == SIGKILL)
		p->exiting = true, p->exit_code = p->exit_code ? p->exit_code : SIGKILL;
	ut = pick_thread(p, sig);
	if (ut != NULL)
		signal_kick(ut);
	if (sig == SIGKILL) {
		struct list *pos;
		list_for_each(pos, &p->threads)
			signal_kick(list_entry(pos, struct uthread, plink));
	}
	spin_unlock(&proc_lock);
	if (sig == SIGKILL)
		waitq_wake_all(&p->stopq);
	return r;
}

/* Send sig to one thread (tgkill, faults, SIGPIPE). */
int
signal_send_thread(struct uthread *ut, int sig, const struct ksiginfo *info)
{
	int r;

	if (sig < 1 || sig > NSIG)
		return -EINVAL;
	if (sig == SIGKILL || sig == SIGSTOP || sig == SIGCONT ||
	    (SIGBIT(sig) & DFL_STOP))
		return signal_send(ut->p, sig, info);
	spin_lock(&siglock);
	if (sig_ignored(ut->p, sig) && !(ut->sigmask & SIGBIT(sig))) {
		spin_unlock(&siglock);
		return 0;
	}
	r = enqueue(&ut->pending, sig, info);
	spin_unlock(&siglock);
	signal_kick(ut);
	return r;
}

/* Send sig to every process of group pgid; -ESRCH if there is none. */
int
signal_pgrp(int pgid, int sig, const struct ksiginfo *info)
{
	struct proc *targets[64];
	struct list *pos;
	int n, found = 0, r = -ESRCH;
	bool more = true;

	for (int skip = 0; more; skip += n) {
		n = 0;
		more = false;
		spin_lock(&proc_lock);
		int seen = 0;
		list_for_each(pos, &all_procs) {
			struct proc *p = list_entry(pos, struct proc, all_link);
			if (p->pgid != pgid || p->state != P_ALIVE)
				continue;
			if (seen++ < skip)
				continue;
			if (n == (int)ARRAY_SIZE(targets)) {
				more = true;
				break;
			}
			proc_get(p);
			targets[n++] = p;
		}
		spin_unlock(&proc_lock);
		for (int i = 0; i < n; i++) {
			signal_send(targets[i], sig, info);
			proc_put(targets[i]);
			found++;
		}
	}
	if (found > 0)
		r = 0;
	return r;
}

/* A synchronous signal from a fault: it cannot be blocked or ignored. */
void
signal_force(int sig, int code, uintptr_t addr)
{
	struct uthread *ut = curut();
	struct sighand *sh = ut->p->sighand;
	struct ksiginfo si;

	spin_lock(&sh->lock);
	if (sh->action[sig - 1].handler == SIG_IGN || (ut->sigmask & SIGBIT(sig))) {
		sh->action[sig - 1].handler = SIG_DFL;
		ut->sigmask &= ~SIGBIT(sig);
	}
	spin_unlock(&sh->lock);
	signal_init_info(&si, sig, code);
	si.u.fault.addr = addr;
	spin_lock(&siglock);
	enqueue(&ut->pending, sig, &si);
	spin_unlock(&siglock);
}

static uint64_t
deliverable(struct uthread *ut)
{
	return (ut->pending.set | ut->p->shared_pending.set) & ~ut->sigmask;
}

/* Is there something that should interrupt a sleep of the current thread? */
bool
signal_pending(void)
{
	struct uthread *ut = curut();

	if (ut == NULL)
		return false;
	return ut->exiting || ut->p->exiting || READ_ONCE(ut->p->stopped) ||
	       deliverable(ut) != 0;
}

/* Take the next signal to handle from a set. siglock held. */
static int
dequeue_from(struct sigpending *sp, uint64_t allowed, struct ksiginfo *info)
{
	uint64_t m = sp->set & allowed;
	struct list *pos;
	int sig;

	if (m == 0)
		return 0;
	sig = __builtin_ctzll(m) + 1;
	if (sig < SIGRTMIN) {
		*info = sp->info[sig - 1];
		sp->set &= ~SIGBIT(sig);
		return sig;
	}
	list_for_each(pos, &sp->rt) {
		struct sigq_entry *e = list_entry(pos, struct sigq_entry, link);
		if (e->info.si_signo != sig)
			continue;
		*info = e->info;
		list_remove(pos);
		kfree(e);
		break;
	}
	sp->set &= ~SIGBIT(sig);
	list_for_each(pos, &sp->rt)
		if (list_entry(pos, struct sigq_entry, link)->info.si_signo == sig)
			sp->set |= SIGBIT(sig);		/* more of the same queued */
	return sig;
}

static int
dequeue(struct uthread *ut, uint64_t allowed, struct ksiginfo *info)
{
	int sig;

	spin_lock(&siglock);
	sig = dequeue_from(&ut->pending, allowed, info);
	if (sig == 0)
		sig = dequeue_from(&ut->p->shared_pending, allowed, info);
	spin_unlock(&siglock);
	return sig;
}

/* Take a pending, unblocked signal (only `sig` if non-zero); 0 if none. */
int
signal_pending_take(int sig, struct ksiginfo *info)
{
	struct uthread *ut = curut();
	uint64_t allowed = ~ut->sigmask;

	if (sig != 0)
		allowed &= SIGBIT(sig);
	return dequeue(ut, allowed, info);
}

/* Drop pending instances of sig in the whole process (now ignored). */
void
signal_discard(struct proc *p, int sig)
{
	spin_lock(&proc_lock);
	spin_lock(&siglock);
	discard_all_threads(p, SIGBIT(sig));
	spin_unlock(&siglock);
	spin_unlock(&proc_lock);
}

/* Sleep while the process is stopped. */
static void
stopped_wait(struct proc *p)
{
	wait_event(&p->stopq, !READ_ONCE(p->stopped) || READ_ONCE(p->exiting) ||
		   READ_ONCE(curut()->exiting));
}

/* Run sig's default action. Returns if the action is to ignore. */
static void
default_action(struct uthread *ut, int sig)
{
	struct proc *p = ut->p;

	if (SIGBIT(sig) & DFL_IGNORE)
		return;
	if (SIGBIT(sig) & DFL_STOP) {
		if (sig != SIGSTOP && proc_is_orphaned_pgrp(p->pgid))
			return;		/* POSIX: no stop for orphaned groups */
		signal_stop_continue(p, true, sig);
		return;
	}
	/* No core files are written, so the "core dumped" bit stays 0. */
	proc_exit_group(sig);
}

/* What a system call's -ERESTART* result becomes. */
static void
restart_syscall(struct uthread *ut, const struct sigaction_k *sa)
{
	long r = ut->sysret;

	ut->in_syscall = false;
	if (r == -ERESTARTNOINTR || ((r == -ERESTARTSYS || r == -ERESTARTNOHAND ||
	     r == -ERESTART_RESTARTBLOCK) && sa == NULL) ||
	    (r == -ERESTARTSYS && (sa->flags & SA_RESTART)))
		hal_tf_restart_syscall(&ut->tf);
	else if (r == -ERESTARTSYS || r == -ERESTARTNOHAND ||
		 r == -ERESTART_RESTARTBLOCK)
		hal_tf_set_ret(&ut->tf, -EINTR);
}

/* Push a frame and enter the handler for sig. */
static void
setup_frame(struct uthread *ut, int sig, const struct ksiginfo *info,
	    struct sigaction_k *sa)
{
	uintptr_t sp = hal_tf_sp(&ut->tf), at;
	bool onstack = false;
	uint64_t oldmask = ut->restore_mask ? ut->saved_mask : ut->sigmask;
	size_t len;
	void *buf;
	int r;

	if ((sa->flags & SA_ONSTACK) && !(ut->ss_flags & SS_DISABLE) &&
	    !(sp > ut->ss_sp && sp <= ut->ss_sp + ut->ss_size)) {
		sp = ut->ss_sp + ut->ss_size;
		onstack = true;
	}
	buf = kmalloc(hal_sigframe_size());
	struct hal_tf *copy = kmalloc(sizeof(struct hal_tf));
	if (buf == NULL || copy == NULL) {
		kfree(buf);
		kfree(copy);
		proc_exit_group(SIGSEGV);
	}
	memcpy(copy, &ut->tf, sizeof(*copy));
	len = hal_sigframe_build(&ut->tf, buf, sp, onstack, sig, info, oldmask,
				 ut->ss_sp, ut->ss_flags | (onstack ? SS_ONSTACK : 0),
				 ut->ss_size, sa->handler, sa->restorer, &at);
	r = copy_to_user(at, buf, len);
	kfree(buf);
	if (r < 0) {			/* no room for the frame: die of SIGSEGV */
		memcpy(&ut->tf, copy, sizeof(*copy));
		kfree(copy);
		proc_exit_group(SIGSEGV);
	}
	kfree(copy);
	ut->restore_mask = false;
	ut->sigmask |= sa->mask & ~UNBLOCKABLE;
	if (!(sa->flags & SA_NODEFER))
		ut->sigmask |= SIGBIT(sig);
	if (sa->flags & SA_RESETHAND)
		sa->handler = SIG_DFL;
}

/*
 * On the way back to user mode: exit if told to, stop while stopped,
 * handle pending signals (at most one handler frame), settle an
 * interrupted system call.
 */
void
signal_deliver(void)
{
	struct uthread *ut = curut();
	struct proc *p = ut->p;
	struct sigaction_k sa;
	struct ksiginfo info;
	int sig;

	for (;;) {
		if (ut->exiting || p->exiting)
			uthread_exit(0);
		if (READ_ONCE(p->stopped)) {
			stopped_wait(p);
			continue;
		}
		sig = dequeue(ut, ~ut->sigmask | UNBLOCKABLE, &info);
		if (sig == 0)
			break;
		spin_lock(&p->sighand->lock);
		sa = p->sighand->action[sig - 1];
		if (sa.handler != SIG_DFL && sa.handler != SIG_IGN &&
		    (sa.flags & SA_RESETHAND))
			p->sighand->action[sig - 1].handler = SIG_DFL;
		spin_unlock(&p->sighand->lock);
		if (sig == SIGKILL || sa.handler == SIG_DFL) {
			default_action(ut, sig);
			continue;
		}
		if (sa.handler == SIG_IGN)
			continue;
		if (ut->in_syscall)
			restart_syscall(ut, &sa);
		sa.flags &= ~SA_RESETHAND;	/* already done above */
		setup_frame(ut, sig, &info, &sa);
		return;
	}
	if (ut->in_syscall)
		restart_syscall(ut, NULL);
	if (ut->restore_mask) {
		ut->sigmask = ut->saved_mask;
		ut->restore_mask = false;
	}
}

/* execve: handlers become SIG_DFL; ignored signals stay ignored. */
void
signal_exec_reset(struct proc *p)
{
	struct sighand *sh = p->sighand;

	if (sh->refs > 1) {
		struct sighand *n = sighand_copy(sh);
		if (n != NULL) {
			p->sighand = n;
			sighand_put(sh);
			sh = n;
		}
	}
	spin_lock(&sh->lock);
	for (int i = 0; i < NSIG; i++) {
		if (sh->action[i].handler != SIG_IGN)
			sh->action[i].handler = SIG_DFL;
		sh->action[i].flags = 0;
		sh->action[i].mask = 0;
		sh->action[i].restorer = 0;
	}
	spin_unlock(&sh->lock);
}
