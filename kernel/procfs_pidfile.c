/*
 * procfs_pidfile.c -- the text of /proc/PID/stat, statm, status, cmdline,
 * comm and maps, in Linux's formats: a snapshot of the process taken
 * under proc_lock, and of its address space under vm->lock.
 */
#include "cpu.h"
#include "heap.h"
#include "procfs.h"
#include "tty.h"
#include "vm.h"

#define TICKS(ns) ((unsigned long long)((ns) / (NSEC_PER_SEC / 100)))
#define CONSOLE_TTY_NR MKDEV(5, 1)

/* ---- the process snapshot ---- */

static char
state_of(struct proc *p)
{
	struct list *l;
	struct thread *kt;

	if (p->state == P_ZOMBIE || p->nthreads == 0)
		return 'Z';
	if (p->stopped)
		return 'T';
	list_for_each(l, &p->threads) {
		kt = list_entry(l, struct uthread, plink)->kt;
		if (kt == NULL || READ_ONCE(kt->state) == T_RUNNING)
			return 'R';	/* not started yet, or runnable */
	}
	return 'S';
}

/* CPU time kt has used, counting the stretch it is running now. */
static uint64_t
cpu_ns(struct thread *kt, uint64_t now, bool *running)
{
	int cpu = READ_ONCE(kt->cpu);
	uint64_t ns = READ_ONCE(kt->runtime_ns);

	*running = READ_ONCE(kt->on_cpu) && cpu >= 0 && cpu < ncpu &&
		   READ_ONCE(cpus[cpu].curr) == kt;
	if (*running)
		ns += now - MIN(now, READ_ONCE(kt->ran_at));
	return ns;
}

/*
 * User and system time of ut in ns. ut->utime_ns and stime_ns grow only
 * when it crosses into or out of user mode, so a thread computing in
 * user mode looks idle; its kernel thread's run time is exact. What
 * the crossings have not counted yet is user time if ut runs on a CPU
 * now (other than the caller's), system time if not. proc_lock held.
 */
void
procfs_thread_times(struct uthread *ut, uint64_t now, uint64_t *user,
		    uint64_t *sys)
{
	uint64_t known = ut->utime_ns + ut->stime_ns, total;
	bool running;

	*user = ut->utime_ns;
	*sys = ut->stime_ns;
	if (ut->kt == NULL || (total = cpu_ns(ut->kt, now, &running)) <= known)
		return;
	if (running && ut->kt != curthread())
		*user += total - known;
	else
		*sys += total - known;
}

/* Times, switches and signals of p's threads. proc_lock held. */
static void
snap_threads(struct psnap *s, struct proc *p)
{
	uint64_t now = hal_time_ns(), u, st;
	struct uthread *ut;
	struct list *l;

	s->utime = p->utime_ns;
	s->stime = p->stime_ns;
	list_for_each(l, &p->threads) {
		ut = list_entry(l, struct uthread, plink);
		procfs_thread_times(ut, now, &u, &st);
		s->utime += u;
		s->stime += st;
		s->sigpnd |= ut->pending.set;
		if (ut->kt != NULL)
			s->switches += READ_ONCE(ut->kt->switches);
	}
	if (!list_empty(&p->threads)) {
		ut = list_first(&p->threads, struct uthread, plink);
		s->sigblk = ut->sigmask;
		s->cpu = ut->kt != NULL ? READ_ONCE(ut->kt->cpu) : 0;
	}
}

/* What p does with each signal. proc_lock held, p has threads. */
static void
snap_signals(struct psnap *s, struct proc *p)
{
	uintptr_t h;

	s->shdpnd = p->shared_pending.set;
	s->sigpnd |= s->shdpnd;
	for (int i = 0; p->sighand != NULL && i < NSIG; i++) {
		h = READ_ONCE(p->sighand->action[i].handler);
		if (h == SIG_IGN)
			s->sigign |= 1ull << i;
		else if (h != SIG_DFL)
			s->sigcgt |= 1ull << i;
	}
}

static void
snap_ids(struct psnap *s, struct proc *p)
{
	struct tty *tty = p->ctty;
	int fg;

	s->pid = p->pid;
	s->ppid = p->parent == NULL || p->parent == p ? 0 : p->parent->pid;
	s->pgid = p->pgid;
	s->sid = p->sid;
	s->tty_nr = tty == NULL ? 0 : tty == &console_tty ? CONSOLE_TTY_NR : 0;
	fg = tty != NULL ? READ_ONCE(tty->pgrp) : 0;
	s->tpgid = fg > 0 ? fg : -1;
	s->cred = p->cred;
	s->umask = READ_ONCE(p->umask);
	memcpy(s->comm, p->comm, sizeof(s->comm));
	s->comm[sizeof(s->comm) - 1] = '\0';
}

/*
 * Copy what /proc shows of process pid into s; with PS_VM also take a
 * reference to its address space (psnap_drop gives it back). 0 or
 * -ENOENT. Takes proc_lock; may sleep.
 */
int
psnap_take(int pid, struct psnap *s, unsigned want)
{
	struct proc *p;

	memset(s, 0, sizeof(*s));
	spin_lock(&proc_lock);
	if ((p = procfs_find(pid)) == NULL) {
		spin_unlock(&proc_lock);
		return -ENOENT;
	}
	snap_ids(s, p);
	s->state = state_of(p);
	s->zombie = s->state == 'Z';
	s->nthreads = p->nthreads;
	s->exit_signal = p->exit_signal;
	s->exit_code = s->zombie ? p->exit_code : 0;
	s->cutime = p->cutime_ns;
	s->cstime = p->cstime_ns;
	s->start_ns = p->start_ns;
	s->min_flt = p->min_flt;
	s->maj_flt = p->maj_flt;
	snap_threads(s, p);
	if (!s->zombie) {
		snap_signals(s, p);
		s->fdsize = p->fds != NULL ? (uint32_t)p->fds->max : 0;
		s->cmdline_len = p->cmdline != NULL ? p->cmdline_len : 0;
		if ((want & PS_VM) && (s->vm = p->vm) != NULL)
			vm_get(s->vm);
	}
	spin_unlock(&proc_lock);
	return 0;
}

/* Drop what psnap_take took. May sleep. */
void
psnap_drop(struct psnap *s)
{
	if (s->vm != NULL)
		vm_put(s->vm);
	s->vm = NULL;
}

/* ---- the address space ---- */

struct vmsum {
	uint64_t size, rss;		/* bytes, pages */
	uint64_t text, data, stack;	/* bytes */
	uintptr_t start_code, end_code, start_data, end_data;
	uintptr_t start_brk, brk, start_stack;
};

static void
vmsum_add(struct vmsum *m, const struct vma *v)
{
	uint64_t len = v->end - v->start;

	m->size += len;
	if (v->flags & VMA_STACK) {
		m->stack += len;
	} else if (v->file != NULL && (v->prot & PROT_EXEC)) {
		m->text += len;
		if (m->start_code == 0)
			m->start_code = v->start;
		m->end_code = v->end;
	} else if ((v->prot & PROT_WRITE) && !(v->flags & VMA_SHARED)) {
		m->data += len;
		if (v->file != NULL && m->start_data == 0)
			m->start_data = v->start;
		if (v->file != NULL)
			m->end_data = v->end;
	}
}

/* Sizes and bounds of vm's regions (zeros for NULL). Takes vm->lock. */
static void
vm_sum(struct vm *vm, struct vmsum *m)
{
	struct list *l;

	memset(m, 0, sizeof(*m));
	if (vm == NULL)
		return;
	mutex_lock(&vm->lock);
	list_for_each(l, &vm->vmas)
		vmsum_add(m, list_entry(l, struct vma, link));
	m->rss = vm->pages;
	m->start_brk = vm->brk_start;
	m->brk = vm->brk;
	m->start_stack = vm->stack_top;
	mutex_unlock(&vm->lock);
}

/* Snapshot process pid and sum up its regions into m: 0, or -ENOENT.
 * Only s's plain fields stay valid (its references are dropped). */
static int
psnap_sum(int pid, struct psnap *s, struct vmsum *m)
{
	int r;

	if ((r = psnap_take(pid, s, PS_VM)) < 0)
		return r;
	vm_sum(s->vm, m);
	psnap_drop(s);
	return 0;
}

/* ---- stat, statm ---- */

static void
stat_head(struct pbuf *b, const struct psnap *s)
{
	pbuf_printf(b, "%d (%s) %c %d %d %d %u %d %u %llu 0 %llu 0 "
		    "%llu %llu %llu %llu 20 0 %d 0 %llu ",
		    s->pid, s->comm, s->state, s->ppid, s->pgid, s->sid,
		    s->tty_nr, s->tpgid, 0u,
		    (unsigned long long)s->min_flt,
		    (unsigned long long)s->maj_flt,
		    TICKS(s->utime), TICKS(s->stime), TICKS(s->cutime),
		    TICKS(s->cstime), s->nthreads, TICKS(s->start_ns));
}

static void
stat_tail(struct pbuf *b, const struct psnap *s, const struct vmsum *m)
{
	pbuf_printf(b, "%llu %llu %llu %lu %lu %lu 0 0 %llu %llu %llu %llu "
		    "0 0 0 %d %d 0 0 0 0 0 %lu %lu %lu 0 0 0 0 %d\n",
		    (unsigned long long)m->size, (unsigned long long)m->rss,
		    (unsigned long long)RLIM_INFINITY,
		    (unsigned long)m->start_code, (unsigned long)m->end_code,
		    (unsigned long)m->start_stack,
		    (unsigned long long)s->sigpnd,
		    (unsigned long long)s->sigblk,
		    (unsigned long long)s->sigign,
		    (unsigned long long)s->sigcgt, s->exit_signal, s->cpu,
		    (unsigned long)m->start_data, (unsigned long)m->end_data,
		    (unsigned long)m->start_brk, s->exit_code);
}

/* /proc/PID/stat: the 52 fields of Linux's proc(5), times in 1/100 s. */
int
procfs_show_stat(struct pbuf *b, int pid)
{
	struct psnap s;
	struct vmsum m;
	int r;

	if ((r = psnap_sum(pid, &s, &m)) < 0)
		return r;
	stat_head(b, &s);
	stat_tail(b, &s, &m);
	return b->overflow ? -ENOMEM : 0;
}

/* /proc/PID/statm: size resident shared text lib data dt, in pages. */
int
procfs_show_statm(struct pbuf *b, int pid)
{
	struct psnap s;
	struct vmsum m;
	int r;

	if ((r = psnap_sum(pid, &s, &m)) < 0)
		return r;
	return pbuf_printf(b, "%llu %llu 0 %llu 0 %llu 0\n",
			   (unsigned long long)(m.size / PAGE_SIZE),
			   (unsigned long long)m.rss,
			   (unsigned long long)(m.text / PAGE_SIZE),
			   (unsigned long long)(m.data + m.stack) / PAGE_SIZE);
}

/* ---- status ---- */

static const char *
state_name(char c)
{
	switch (c) {
	case 'R': return "R (running)";
	case 'T': return "T (stopped)";
	case 'Z': return "Z (zombie)";
	default: return "S (sleeping)";
	}
}

static void
status_ids(struct pbuf *b, const struct psnap *s)
{
	const struct cred *c = &s->cred;

	pbuf_printf(b, "Name:\t%s\nUmask:\t%04o\nState:\t%s\nTgid:\t%d\n"
		    "Ngid:\t0\nPid:\t%d\nPPid:\t%d\nTracerPid:\t0\n"
		    "Uid:\t%u\t%u\t%u\t%u\nGid:\t%u\t%u\t%u\t%u\n"
		    "FDSize:\t%u\nGroups:\t", s->comm, s->umask,
		    state_name(s->state), s->pid, s->pid, s->ppid, c->uid,
		    c->euid, c->suid, c->fsuid, c->gid, c->egid, c->sgid,
		    c->fsgid, s->fdsize);
	for (int i = 0; i < c->ngroups && i < 16; i++)
		pbuf_printf(b, "%u ", c->groups[i]);
	pbuf_printf(b, "\nNSpid:\t%d\nNSpgid:\t%d\nNSsid:\t%d\n", s->pid,
		    s->pgid, s->sid);
}

static void
status_vm(struct pbuf *b, const struct vmsum *m)
{
	unsigned long long rss = m->rss * (PAGE_SIZE / 1024);

	pbuf_printf(b, "VmPeak:\t%8llu kB\nVmSize:\t%8llu kB\n"
		    "VmLck:\t%8d kB\nVmPin:\t%8d kB\nVmHWM:\t%8llu kB\n"
		    "VmRSS:\t%8llu kB\nRssAnon:\t%8llu kB\n"
		    "RssFile:\t%8d kB\nRssShmem:\t%8d kB\n"
		    "VmData:\t%8llu kB\nVmStk:\t%8llu kB\nVmExe:\t%8llu kB\n"
		    "VmLib:\t%8d kB\nVmPTE:\t%8d kB\nVmSwap:\t%8d kB\n",
		    (unsigned long long)m->size / 1024,
		    (unsigned long long)m->size / 1024, 0, 0, rss, rss, rss,
		    0, 0, (unsigned long long)m->data / 1024,
		    (unsigned long long)m->stack / 1024,
		    (unsigned long long)m->text / 1024, 0, 0, 0);
}

static void
status_signals(struct pbuf *b, const struct psnap *s)
{
	pbuf_printf(b, "Threads:\t%d\nSigQ:\t0/%d\nSigPnd:\t%016llx\n"
		    "ShdPnd:\t%016llx\nSigBlk:\t%016llx\nSigIgn:\t%016llx\n"
		    "SigCgt:\t%016llx\n", s->nthreads, 4096,
		    (unsigned long long)(s->sigpnd & ~s->shdpnd),
		    (unsigned long long)s->shdpnd,
		    (unsigned long long)s->sigblk,
		    (unsigned long long)s->sigign,
		    (unsigned long long)s->sigcgt);
}

/* /proc/PID/status: the fields of Linux's, those busybox and ps read. */
int
procfs_show_status(struct pbuf *b, int pid)
{
	struct psnap s;
	struct vmsum m;
	int r;

	if ((r = psnap_sum(pid, &s, &m)) < 0)
		return r;
	status_ids(b, &s);
	if (!s.zombie)
		status_vm(b, &m);
	status_signals(b, &s);
	pbuf_printf(b, "CapInh:\t%016x\nCapPrm:\t%016llx\nCapEff:\t%016llx\n"
		    "CapBnd:\t%016llx\nCapAmb:\t%016x\nNoNewPrivs:\t0\n"
		    "Seccomp:\t0\nvoluntary_ctxt_switches:\t%llu\n"
		    "nonvoluntary_ctxt_switches:\t0\n", 0,
		    s.cred.euid == 0 ? 0x1ffffffffffull : 0ull,
		    s.cred.euid == 0 ? 0x1ffffffffffull : 0ull,
		    0x1ffffffffffull, 0, (unsigned long long)s.switches);
	return b->overflow ? -ENOMEM : 0;
}

/* ---- cmdline, comm ---- */

/* /proc/PID/cmdline: argv, each NUL-terminated; empty for a zombie. */
int
procfs_show_cmdline(struct pbuf *b, int pid)
{
	struct psnap s;
	struct proc *p;
	size_t n = 0;
	int r;

	if ((r = psnap_take(pid, &s, 0)) < 0)
		return r;
	if (s.cmdline_len == 0 || pbuf_reserve(b, s.cmdline_len) < 0)
		return 0;
	spin_lock(&proc_lock);
	if ((p = procfs_find(pid)) != NULL && p->nthreads > 0 &&
	    p->cmdline != NULL) {
		n = MIN(p->cmdline_len, s.cmdline_len);
		memcpy(b->buf, p->cmdline, n);
		b->buf[n] = '\0';
	}
	spin_unlock(&proc_lock);
	b->len = n;
	return 0;
}

/* /proc/PID/comm: the name (at most 15 bytes) and a newline. */
int
procfs_show_comm(struct pbuf *b, int pid)
{
	struct psnap s;
	int r;

	if ((r = psnap_take(pid, &s, 0)) < 0)
		return r;
	return pbuf_printf(b, "%s\n", s.comm);
}

/* ---- maps ---- */

static const char *
vma_name(const struct vma *v)
{
	if (v->flags & VMA_HEAP)
		return "[heap]";
	if (v->flags & VMA_STACK)
		return "[stack]";
	if (v->file != NULL && v->file->path != NULL)
		return v->file->path;
	return "";
}

/* One line of maps. vm->lock held (pbuf may allocate: it may sleep). */
static void
maps_line(struct pbuf *b, const struct vma *v)
{
	struct inode *ip = v->file != NULL ? v->file->ip : NULL;
	uint32_t dev = ip != NULL ? ip->sb->dev : 0;
	const char *name = vma_name(v);
	size_t start = b->len;

	pbuf_printf(b, "%08lx-%08lx %c%c%c%c %08llx %02x:%02x %llu ",
		    (unsigned long)v->start, (unsigned long)v->end,
		    (v->prot & PROT_READ) ? 'r' : '-',
		    (v->prot & PROT_WRITE) ? 'w' : '-',
		    (v->prot & PROT_EXEC) ? 'x' : '-',
		    (v->flags & VMA_SHARED) ? 's' : 'p',
		    (unsigned long long)(v->file != NULL ? v->off : 0),
		    MAJOR(dev), MINOR(dev),
		    (unsigned long long)(ip != NULL ? ip->ino : 0));
	if (name[0] != '\0')	/* Linux pads the name to column 73 */
		pbuf_printf(b, "%*s %s", (int)(72 - MIN(b->len - start, 72u)),
			    "", name);
	pbuf_put(b, "\n", 1);
}

/* /proc/PID/maps: one line per region, lowest address first. */
int
procfs_show_maps(struct pbuf *b, int pid)
{
	struct psnap s;
	struct list *l;
	int r;

	if ((r = psnap_take(pid, &s, PS_VM)) < 0)
		return r;
	if (s.vm != NULL) {
		mutex_lock(&s.vm->lock);
		list_for_each(l, &s.vm->vmas)
			maps_line(b, list_entry(l, struct vma, link));
		mutex_unlock(&s.vm->lock);
	}
	psnap_drop(&s);
	return b->overflow ? -ENOMEM : 0;
}
