/*
 * clone.c -- fork, vfork and clone: new processes (address space copied
 * on write, or shared) and new threads of the current process.
 */
#include "abi.h"
#include "heap.h"
#include "pmm.h"
#include "proc.h"
#include "syscall.h"
#include "uaccess.h"
#include "vfs.h"
#include "vm.h"

#define CSIGNAL 0x000000ff
#define CLONE_VM 0x00000100
#define CLONE_FS 0x00000200
#define CLONE_FILES 0x00000400
#define CLONE_SIGHAND 0x00000800
#define CLONE_PIDFD 0x00001000
#define CLONE_PTRACE 0x00002000
#define CLONE_VFORK 0x00004000
#define CLONE_PARENT 0x00008000
#define CLONE_THREAD 0x00010000
#define CLONE_NEWNS 0x00020000
#define CLONE_SYSVSEM 0x00040000
#define CLONE_SETTLS 0x00080000
#define CLONE_PARENT_SETTID 0x00100000
#define CLONE_CHILD_CLEARTID 0x00200000
#define CLONE_DETACHED 0x00400000
#define CLONE_UNTRACED 0x00800000
#define CLONE_CHILD_SETTID 0x01000000
#define CLONE_IO 0x80000000

#define CLONE_SUPPORTED (CSIGNAL | CLONE_VM | CLONE_FS | CLONE_FILES | \
	CLONE_SIGHAND | CLONE_VFORK | CLONE_PARENT | CLONE_THREAD | \
	CLONE_SYSVSEM | CLONE_SETTLS | CLONE_PARENT_SETTID | \
	CLONE_CHILD_CLEARTID | CLONE_DETACHED | CLONE_UNTRACED | \
	CLONE_CHILD_SETTID | CLONE_IO | CLONE_PTRACE)

static int
check_flags(unsigned long flags)
{
	if (flags & ~(unsigned long)CLONE_SUPPORTED)
		return -EINVAL;
	if ((flags & CLONE_THREAD) && !(flags & CLONE_SIGHAND))
		return -EINVAL;
	if ((flags & CLONE_SIGHAND) && !(flags & CLONE_VM))
		return -EINVAL;
	if ((flags & CLONE_THREAD) && (flags & CSIGNAL))
		return -EINVAL;
	return 0;
}

/* The new process's share of the parent's state. */
static int
copy_process_state(struct proc *c, struct proc *p, unsigned long flags)
{
	if (flags & CLONE_VM) {
		vm_get(p->vm);
		c->vm = p->vm;
	} else if ((c->vm = vm_fork(p->vm)) == NULL) {
		return -ENOMEM;
	}
	if (flags & CLONE_FILES) {
		__atomic_add_fetch(&p->fds->refs, 1, __ATOMIC_RELAXED);
		c->fds = p->fds;
	} else if ((c->fds = fdtable_copy(p->fds)) == NULL) {
		return -ENOMEM;
	}
	if (flags & CLONE_SIGHAND) {
		__atomic_add_fetch(&p->sighand->refs, 1, __ATOMIC_RELAXED);
		c->sighand = p->sighand;
	} else if ((c->sighand = sighand_copy(p->sighand)) == NULL) {
		return -ENOMEM;
	}
	inode_get(p->cwd);
	inode_get(p->root);
	c->cwd = p->cwd;
	c->root = p->root;
	c->umask = p->umask;
	c->cred = p->cred;
	memcpy(c->rlim, p->rlim, sizeof(c->rlim));
	memcpy(c->comm, p->comm, sizeof(c->comm));
	if (p->cmdline != NULL)
		proc_set_cmdline(c, p->cmdline, p->cmdline_len);
	c->ctty = p->ctty;
	c->exit_signal = (int)(flags & CSIGNAL);
	return 0;
}

/* Undo a half-made process (no thread ever ran in it). */
static void
discard_process(struct proc *c)
{
	if (c->vm)
		vm_put(c->vm);
	if (c->fds)
		fdtable_put(c->fds);
	if (c->sighand)
		sighand_put(c->sighand);
	if (c->cwd)
		inode_put(c->cwd);
	if (c->root)
		inode_put(c->root);
	proc_unlink(c);
	proc_put(c);		/* someone may have found it meanwhile */
}

/*
 * clone(2): returns the child's pid (or tid) in the parent; the child
 * returns 0 from the same call with newsp as its stack if non-zero.
 */
static long
do_clone(unsigned long flags, uintptr_t newsp, uintptr_t ptid, uintptr_t ctid,
	 uintptr_t tls)
{
	struct uthread *me = curut(), *ut;
	struct proc *p = me->p, *c;
	struct vfork_done vd;
	int r, tid;

	if ((r = check_flags(flags)) < 0)
		return r;
	/* Keep a reserve: a new thread needs a stack, a process pages.
	 * Clean cached file pages count as free (pmm_reserve). */
	if (!pmm_reserve(MAX(pmm_total_pages() / 64, (size_t)256)))
		return -EAGAIN;
	if (flags & CLONE_THREAD) {
		c = p;
	} else {
		if (proc_count() >= (int)MIN(p->rlim[RLIMIT_NPROC].cur, PID_MAX - 2))
			return -EAGAIN;
		c = proc_alloc(flags & CLONE_PARENT ? p->parent : p);
		if (c == NULL)
			return -EAGAIN;
		if ((r = copy_process_state(c, p, flags)) < 0) {
			discard_process(c);
			return r;
		}
	}
	ut = uthread_alloc(c);
	if (ut == NULL) {
		if (c != p)
			discard_process(c);
		return -ENOMEM;
	}
	memcpy(&ut->tf, &me->tf, sizeof(ut->tf));
	hal_tf_set_ret(&ut->tf, 0);
	if (newsp != 0)
		hal_tf_set_sp(&ut->tf, newsp);
	if (flags & CLONE_SETTLS)
		hal_tf_set_tls(&ut->tf, tls);
	ut->sigmask = me->sigmask;
	if (!(flags & CLONE_VM) || (flags & CLONE_VFORK)) {
		ut->ss_sp = me->ss_sp;
		ut->ss_size = me->ss_size;
		ut->ss_flags = me->ss_flags;
	}
	if (flags & CLONE_CHILD_CLEARTID)
		ut->clear_child_tid = ctid;
	spin_lock(&proc_lock);
	tid = c == p ? alloc_pid() : c->pid;
	if (tid < 0 || (c == p && p->exiting)) {
		spin_unlock(&proc_lock);
		kfree(ut);
		return tid < 0 ? -EAGAIN : -EINTR;
	}
	ut->tid = tid;
	list_append(&c->threads, &ut->plink);
	c->nthreads++;
	spin_unlock(&proc_lock);
	if (flags & CLONE_PARENT_SETTID)
		put_user((int32_t)tid, ptid);
	if (flags & CLONE_CHILD_SETTID) {
		int32_t v = tid;
		vm_copy_out(c->vm, ctid, &v, sizeof(v));
	}
	if (flags & CLONE_VFORK) {
		waitq_init(&vd.wq);
		vd.done = false;
		c->vfork = &vd;
	}
	if (uthread_start(ut) < 0) {
		/* The thread never ran: take it back out. */
		spin_lock(&proc_lock);
		list_remove(&ut->plink);
		c->nthreads--;
		spin_unlock(&proc_lock);
		kfree(ut);
		if (c != p)
			discard_process(c);
		return -ENOMEM;
	}
	if (flags & CLONE_VFORK)
		wait_event(&vd.wq, READ_ONCE(vd.done));
	return tid;
}

/* The child of vfork leaves its parent's memory (exec or exit). */
void
vfork_release(struct proc *p)
{
	struct vfork_done *vd;

	spin_lock(&proc_lock);
	vd = p->vfork;
	p->vfork = NULL;
	spin_unlock(&proc_lock);
	if (vd != NULL) {
		WRITE_ONCE(vd->done, true);
		waitq_wake_all(&vd->wq);
	}
}

long
sys_clone(const unsigned long *a)
{
	return do_clone(a[0], a[1], a[2], a[ABI_CLONE_ARG_CTID],
			a[ABI_CLONE_ARG_TLS]);
}

SYSCALL0(fork)
{
	return do_clone(SIGCHLD, 0, 0, 0, 0);
}

SYSCALL0(vfork)
{
	return do_clone(CLONE_VM | CLONE_VFORK | SIGCHLD, 0, 0, 0, 0);
}
