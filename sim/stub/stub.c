/*
 * stub.c -- the user-mode stub: the host process that is one guest address
 * space. Its memory below STUB_USER_TOP is guest RAM mapped by the runner's
 * commands; every system call of guest code, every fault and the runner's
 * preemption signal land in stub_handler, which hands the registers to the
 * runner through the control pages and waits to be told what to run next.
 * No libc: the stub is a static program of a few pages.
 */
#include "stub.h"

#define SPIN_PAUSES 100		/* a fast system call's round trip */
#define SPIN_YIELDS 20		/* then yields, before sleeping */

static struct stub_hdr *const hdr = (void *)(STUB_CTL + STUB_HDR_OFF);
static uint32_t seen[STUB_MAX_SLOTS];	/* last down.seq consumed per slot */
static unsigned nslots;
static int fsgsbase;

static struct stub_down *
down_of(unsigned slot)
{
	return (void *)(STUB_CTL + STUB_DOWN_OFF + slot * STUB_SLOT_BYTES);
}

static struct stub_up *
up_of(unsigned slot)
{
	return (void *)(STUB_CTL + STUB_UP_OFF + slot * STUB_SLOT_BYTES);
}

/* Copy n bytes; the FPU areas it copies are 64-byte aligned. */
void *
stub_memcpy(void *d, const void *s, unsigned long n)
{
	uint64_t *dq = d;
	const uint64_t *sq = s;
	unsigned char *dp;
	const unsigned char *sp;

	if ((((unsigned long)d | (unsigned long)s) & 7) == 0) {
		for (; n >= 8; n -= 8)
			*dq++ = *sq++;
	}
	dp = (unsigned char *)dq;
	sp = (const unsigned char *)sq;
	while (n--)
		*dp++ = *sp++;
	return d;
}

static void
futex_wait(uint32_t *w, uint32_t val)
{
	stub_syscall(SYS_futex, (long)w, FUTEX_WAIT, val, 0, 0, 0);
}

static void
futex_wake(uint32_t *w)
{
	stub_syscall(SYS_futex, (long)w, FUTEX_WAKE, 1, 0, 0, 0);
}

static void
die(void)
{
	for (;;)
		stub_syscall(SYS_exit_group, 111, 0, 0, 0, 0, 0);
}

/*
 * Tell the runner that slot s has news; wake it only if it sleeps. The
 * runner sets `waiter` before it looks at seq a last time and sleeps, we
 * move seq on before we look at `waiter` (all sequentially consistent):
 * one of us sees the other, so a wake is never lost, and a runner that
 * spins costs us no host system call.
 */
static void
report(struct stub_up *up, uint32_t state)
{
	__atomic_store_n(&up->state, state, __ATOMIC_RELAXED);
	__atomic_add_fetch(&up->seq, 1, __ATOMIC_SEQ_CST);
	__atomic_add_fetch(&up->doorbell, 1, __ATOMIC_SEQ_CST);
	if (__atomic_load_n(&up->waiter, __ATOMIC_SEQ_CST))
		futex_wake(&up->doorbell);
}

/* Wait for the next command on slot s: spin briefly, then sleep. */
static struct stub_down *
next_command(unsigned s)
{
	struct stub_down *d = down_of(s);
	uint32_t v;

	/*
	 * Spin for about a fast system call's round trip, yield a few
	 * times (the runner may share our core), then sleep. Measured side
	 * by side: without the yields, pipes lost a quarter and a cold
	 * read just after a write a third (each reply then waits for the
	 * host to schedule a sleeping stub); with the 200 yields we had,
	 * a long call (a read that waits for the disk) kept a host core
	 * busy that the disk's I/O thread needed, and cold reads lost a
	 * quarter.
	 */
	for (int spin = 0; spin < SPIN_PAUSES + SPIN_YIELDS; spin++) {
		if (__atomic_load_n(&d->seq, __ATOMIC_ACQUIRE) != seen[s])
			goto got;
		if (spin < SPIN_PAUSES)
			stub_pause();
		else
			stub_syscall(SYS_sched_yield, 0, 0, 0, 0, 0, 0);
	}
	/* Say we sleep before the last look, so the runner knows to wake us. */
	__atomic_store_n(&up_of(s)->sleeping, 1, __ATOMIC_SEQ_CST);
	while ((v = __atomic_load_n(&d->seq, __ATOMIC_SEQ_CST)) == seen[s])
		futex_wait(&d->seq, v);
	__atomic_store_n(&up_of(s)->sleeping, 0, __ATOMIC_RELAXED);
got:
	seen[s] = __atomic_load_n(&d->seq, __ATOMIC_ACQUIRE);
	return d;
}

/* Carry out the map and unmap operations of a command. */
static int
apply_maps(const struct stub_down *d, unsigned from, unsigned to)
{
	unsigned n = d->nmap < STUB_MAP_MAX ? d->nmap : STUB_MAP_MAX;
	long r, err = 0;

	if (to < n)
		n = to;
	for (unsigned i = from; i < n; i++) {
		const struct stub_map *m = &d->map[i];

		if (m->op == STUB_OP_MAP)
			r = stub_syscall(SYS_mmap, (long)m->va, (long)m->len,
					 m->prot, MAP_SHARED | MAP_FIXED | STUB_MAP_POPULATE,
					 STUB_RAM_FD, (long)m->off);
		else
			r = stub_syscall(SYS_munmap, (long)m->va, (long)m->len,
					 0, 0, 0, 0);
		if (r < 0 && r > -4096)
			err = r;
	}
	return (int)err;
}

/* A futex lock: 0 free, 1 held, 2 held with waiters (Drepper's). */
static void
map_lock(void)
{
	uint32_t c = 0;

	if (__atomic_compare_exchange_n(&hdr->maplock, &c, 1, 0,
					__ATOMIC_ACQUIRE, __ATOMIC_RELAXED))
		return;
	if (c != 2)
		c = __atomic_exchange_n(&hdr->maplock, 2, __ATOMIC_ACQUIRE);
	while (c != 0) {
		futex_wait(&hdr->maplock, 2);
		c = __atomic_exchange_n(&hdr->maplock, 2, __ATOMIC_ACQUIRE);
	}
}

static void
map_unlock(void)
{
	if (__atomic_exchange_n(&hdr->maplock, 0, __ATOMIC_RELEASE) == 2)
		futex_wake(&hdr->maplock);
}

/*
 * A slot's refill maps count only if no flush began since the runner read
 * the page table: the manager's flushes and these maps exclude each other.
 * Flushes the runner deferred to this run come first and always count.
 */
static int
apply_refill(const struct stub_down *d)
{
	unsigned nflush = d->nflush;
	int r = 0;

	if (d->nmap == 0)
		return 0;
	map_lock();
	if (nflush > 0 && apply_maps(d, 0, nflush) != 0)
		die();		/* stale mappings must not run: the runner sees us dead */
	if (__atomic_load_n(&down_of(nslots - 1)->gen, __ATOMIC_ACQUIRE) == d->map_gen &&
	    nflush < d->nmap)
		r = apply_maps(d, nflush, STUB_MAP_MAX);
	map_unlock();
	return r;
}

/* The manager slot serves map commands for the whole address space. */
static void
manager_loop(unsigned s)
{
	struct stub_up *up = up_of(s);
	struct stub_down *d;

	for (;;) {
		d = next_command(s);
		if (d->cmd == STUB_CMD_EXIT)
			die();
		map_lock();
		up->result = apply_maps(d, 0, STUB_MAP_MAX);
		map_unlock();
		report(up, STUB_ST_DONE);
	}
}

static unsigned
my_slot(void)
{
	char here;
	unsigned long off = (unsigned long)&here - STUB_STACKS;

	return (unsigned)(off / STUB_STACK_BYTES);
}

/*
 * Every trap of a slot thread comes here, on its alternate stack: guest
 * system calls (SIGSYS), faults, the preemption signal, and the idle trap
 * a new thread parks itself with.
 */
void
stub_handler(int sig, struct stub_siginfo *si, void *ucv)
{
	unsigned s = my_slot();
	struct stub_up *up;
	struct stub_down *d;

	if (s >= nslots)
		die();
	up = up_of(s);
	if (stub_is_idle_trap(sig, ucv)) {
		stub_save_pristine(ucv);
		if (up->tid == 0)	/* slot 0 learned its tid before the filter */
			up->tid = (int32_t)stub_syscall(SYS_gettid, 0, 0, 0, 0, 0, 0);
		if (s == nslots - 1)
			manager_loop(s);
		report(up, STUB_ST_IDLE);
	} else {
		up->signo = sig;
		up->code = si->si_code;
		up->addr = si->si_addr;
		up->sysnr = (uint64_t)(uint32_t)si->si_syscall;
		stub_save_regs(ucv, up, fsgsbase);
		if (sig == SIGSYS)
			up->err = si->si_arch;
		report(up, STUB_ST_TRAP);
	}
	for (;;) {
		d = next_command(s);
		if (d->cmd == STUB_CMD_EXIT)
			die();
		up->result = apply_refill(d);
		if (d->cmd == STUB_CMD_RUN)
			break;
		report(up, STUB_ST_DONE);
	}
	stub_load_regs(ucv, &d->regs, fsgsbase);
}

static void
thread_main(long slot)
{
	stub_altstack((unsigned)slot);
	stub_idle();
}

static long
auxv_get(long *sp, long type)
{
	long argc = sp[0], *p = sp + 1 + argc + 1;

	while (*p != 0)		/* environment */
		p++;
	for (p++; p[0] != 0; p += 2)
		if (p[0] == type)
			return p[1];
	return 0;
}

/* Map the control pages: ours read-write, the runner's read-only. */
static void
map_control(void)
{
	long r;

	r = stub_syscall(SYS_mmap, (long)STUB_CTL, (long)STUB_UP_OFF, PROT_READ,
			 MAP_SHARED | MAP_FIXED, STUB_CTL_FD, 0);
	if (r != (long)STUB_CTL)
		die();
	r = stub_syscall(SYS_mmap, (long)(STUB_CTL + STUB_UP_OFF),
			 (long)(STUB_CTL_BYTES - STUB_UP_OFF),
			 PROT_READ | PROT_WRITE, MAP_SHARED | MAP_FIXED,
			 STUB_CTL_FD, (long)STUB_UP_OFF);
	if (r != (long)(STUB_CTL + STUB_UP_OFF))
		die();
	/* Keep only the RAM: no control fd, no stdio, nothing else. */
	stub_syscall(SYS_close_range, 0, STUB_RAM_FD - 1, 0, 0, 0, 0);
	stub_syscall(SYS_close_range, STUB_RAM_FD + 1, ~0u, 0, 0, 0, 0);
	if (hdr->magic != STUB_MAGIC || hdr->nslots < 2 ||
	    hdr->nslots > STUB_MAX_SLOTS)
		die();
}

/* Everything after the control pages are in place: threads, filter. */
static void
stub_run(long hwcap2)
{
	unsigned long flags = CLONE_VM | CLONE_FS | CLONE_FILES |
		CLONE_SIGHAND | CLONE_THREAD | CLONE_SYSVSEM;
	long r;

	map_control();
	nslots = hdr->nslots;
	fsgsbase = stub_has_fsgsbase(hwcap2);
	r = stub_syscall(SYS_mmap, (long)STUB_STACKS,
			 (long)(nslots * STUB_STACK_BYTES), PROT_READ | PROT_WRITE,
			 MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
	if (r != (long)STUB_STACKS)
		die();
	stub_install_handlers();
	stub_syscall(SYS_prctl, PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0, 0);
	for (unsigned i = 1; i < nslots; i++) {
		/* thread stack: the high half; the low half is its altstack */
		void *top = (void *)(STUB_STACKS + (i + 1) * STUB_STACK_BYTES);
		if (stub_clone(flags, top, thread_main, (long)i) < 0)
			die();
	}
	/* Every slot parks itself before the filter goes on. */
	for (unsigned i = 1; i < nslots; i++)
		while (__atomic_load_n(&up_of(i)->tid, __ATOMIC_ACQUIRE) == 0)
			stub_pause();
	hdr->fsgsbase = (uint64_t)fsgsbase;
	hdr->ip_syscall = (uint64_t)stub_syscall_ret;
	hdr->ip_sigreturn = (uint64_t)stub_restorer_ret;
	hdr->pid = (int32_t)stub_syscall(SYS_getpid, 0, 0, 0, 0, 0, 0);
	up_of(0)->tid = (int32_t)stub_syscall(SYS_gettid, 0, 0, 0, 0, 0, 0);
	stub_altstack(0);
	if (stub_install_filter() < 0)
		die();
	__atomic_store_n(&hdr->ready, 1, __ATOMIC_RELEASE);
	futex_wake(&hdr->ready);
	stub_idle();
}

/* ---- the template ---- */

static struct stub_tmpl *const tmpl = (void *)STUB_TMPL;

/* "/proc/PID/fd/FD" without a C library. */
static void
proc_fd_path(char *buf, int pid, int fd)
{
	static const char a[] = "/proc/", b[] = "/fd/";
	char num[16];
	int n, k = 0;

	for (int i = 0; a[i]; i++)
		buf[k++] = a[i];
	for (n = 0; pid > 0 || n == 0; pid /= 10)
		num[n++] = (char)('0' + pid % 10);
	while (n > 0)
		buf[k++] = num[--n];
	for (int i = 0; b[i]; i++)
		buf[k++] = b[i];
	for (n = 0; fd > 0 || n == 0; fd /= 10)
		num[n++] = (char)('0' + fd % 10);
	while (n > 0)
		buf[k++] = num[--n];
	buf[k] = '\0';
}

/* In a fresh fork of the template: take the control memfd, become a stub. */
static void
child_start(long hwcap2, int runner, int ctl_fd, long parent)
{
	char path[64];
	long fd;

	stub_syscall(SYS_prctl, PR_SET_PDEATHSIG, SIGKILL, 0, 0, 0, 0);
	if (stub_syscall(SYS_getppid, 0, 0, 0, 0, 0, 0) != parent)
		die();		/* the template died before we could notice */
	stub_syscall(SYS_munmap, (long)STUB_TMPL, 4096 * 4, 0, 0, 0, 0);
	stub_sig_default(SIGCHLD);
	proc_fd_path(path, runner, ctl_fd);
	fd = stub_syscall(SYS_openat, -100, (long)path, 2 /* O_RDWR */, 0, 0, 0);
	if (fd < 0 || stub_syscall(SYS_dup3, fd, STUB_CTL_FD, 0, 0, 0, 0) < 0)
		die();
	stub_syscall(SYS_close, fd, 0, 0, 0, 0, 0);
	stub_run(hwcap2);
}

/* Record the stubs that ended, for the runner's reaper. */
static void
reap(void)
{
	struct stub_waitinfo wi;
	uint32_t n;

	for (;;) {
		wi.pid = 0;
		if (stub_syscall(SYS_waitid, 0 /* P_ALL */, 0, (long)&wi,
				 4 | 1 /* WEXITED|WNOHANG */, 0, 0) < 0 || wi.pid == 0)
			return;
		n = tmpl->ended;
		tmpl->ring[n % STUB_TMPL_RING].pid = wi.pid;
		tmpl->ring[n % STUB_TMPL_RING].status =
			wi.code == 1 /* CLD_EXITED */ ? wi.status : -wi.status;
		__atomic_store_n(&tmpl->ended, n + 1, __ATOMIC_RELEASE);
		futex_wake(&tmpl->ended);
	}
}

static void
template_main(long hwcap2)
{
	uint32_t seen = 0, v;
	long pid, me;

	stub_syscall(SYS_prctl, PR_SET_PDEATHSIG, SIGKILL, 0, 0, 0, 0);
	if (stub_syscall(SYS_mmap, (long)STUB_TMPL, 4096 * 4, PROT_READ | PROT_WRITE,
			 MAP_SHARED | MAP_FIXED, STUB_CTL_FD, 0) != (long)STUB_TMPL)
		die();
	if (stub_syscall(SYS_getppid, 0, 0, 0, 0, 0, 0) != tmpl->runner_pid)
		die();		/* circlesim died before we could notice */
	me = stub_syscall(SYS_getpid, 0, 0, 0, 0, 0, 0);
	stub_syscall(SYS_close_range, 0, STUB_RAM_FD - 1, 0, 0, 0, 0);
	stub_syscall(SYS_close_range, STUB_RAM_FD + 1, ~0u, 0, 0, 0, 0);
	stub_sig_interrupt(SIGCHLD);
	for (;;) {
		reap();
		v = __atomic_load_n(&tmpl->req, __ATOMIC_ACQUIRE);
		if (v == seen) {
			futex_wait(&tmpl->req, v);	/* SIGCHLD ends it too */
			continue;
		}
		seen = v;
		pid = stub_syscall(SYS_clone, SIGCHLD, 0, 0, 0, 0, 0);
		if (pid == 0)
			child_start(hwcap2, tmpl->runner_pid, tmpl->ctl_fd, me);
		tmpl->pid = (int32_t)pid;
		__atomic_store_n(&tmpl->done, seen, __ATOMIC_RELEASE);
		futex_wake(&tmpl->done);
	}
}

void
stub_main(long *sp)
{
	long argc = sp[0];
	const char *mode = argc > 1 ? (const char *)sp[2] : "";
	long hwcap2 = auxv_get(sp, AT_HWCAP2);

	if (mode[0] == 't')
		template_main(hwcap2);
	stub_syscall(SYS_prctl, PR_SET_PDEATHSIG, SIGKILL, 0, 0, 0, 0);
	stub_run(hwcap2);
}
