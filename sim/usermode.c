/*
 * usermode.c -- the runner's side of user mode: spawning stub processes
 * (a small pool is kept ready), running guest code on a CPU's slot,
 * preempting it, noticing stubs that die or stop answering, and treating
 * everything a stub writes as untrusted.
 */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <sched.h>
#include <spawn.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "sim.h"
#include "stub/fp_layout.h"

#define POOL_SIZE 2		/* stubs the spawner keeps ready */
#define POOL_MAX 8		/* and emptied ones kept for reuse */
#define SPIN_NS 20000			/* spin this long before sleeping */
#define SPIN_PAUSE_NS 6000		/* of which without yielding the core */
#define DEFER_MAX (STUB_MAP_MAX / 2)	/* the other half: refill maps */
#define ANSWER_NS 2000000000ull		/* a preempted stub must answer in 2 s */
#define VSLICE_NS 20000000ull		/* virtual clock: look this often... */
#define VSLICE_CPU_NS 50000000ull	/* ...whether the guest used this much CPU */
#define VSLICE_STUCK_NS 2000000000ull	/* or is stuck without using any */

struct sim_stub {
	pid_t pid;
	int ctl_fd;
	unsigned char *ctl;		/* the control memfd, mapped here */
	unsigned nslots;
	atomic_bool dead;
	atomic_bool reaped;
	atomic_bool freed;
	int status;			/* how it ended: exit code, or -signal */
	clockid_t cpuclock;		/* the stub process's CPU time */
	struct sim_stub *next;		/* in the live list */
	struct sim_stub *pool_next;	/* in the pool of ready stubs */

	/*
	 * Deferred TLB flushes. While no CPU runs the address space (no
	 * thread inside hal_user_run), a flush need not reach the stub at
	 * once: no guest code can use a stale mapping until the next run,
	 * which applies the pending unmaps before anything else. That saves
	 * a round trip to the manager thread in fork, exec, exit and COW.
	 */
	pthread_mutex_t mlock;		/* guards the four below */
	int running;			/* CPUs inside hal_user_run on it */
	uint32_t defer_seq;		/* bumped when `defer` changes */
	int ndefer;
	struct stub_map defer[DEFER_MAX];
};

extern const unsigned char sim_stub_image[], sim_stub_image_end[];
static int image_fd = -1;
static int ram_fd = -1;
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t cond = PTHREAD_COND_INITIALIZER;
static struct sim_stub *pool;		/* ready stubs; guarded by lock */
static int pool_n;
static struct sim_stub *live;		/* every spawned stub; guarded by lock */
static bool spawner_failed;

static struct stub_down *
down_of(struct sim_stub *s, unsigned slot)
{
	return (void *)(s->ctl + STUB_DOWN_OFF + slot * STUB_SLOT_BYTES);
}

static struct stub_up *
up_of(struct sim_stub *s, unsigned slot)
{
	return (void *)(s->ctl + STUB_UP_OFF + slot * STUB_SLOT_BYTES);
}

static struct stub_hdr *
hdr_of(struct sim_stub *s)
{
	return (void *)(s->ctl + STUB_HDR_OFF);
}

static void
destroy(struct sim_stub *s)
{
	munmap(s->ctl, STUB_CTL_BYTES);
	close(s->ctl_fd);
	free(s);
}

/*
 * Move fd above the numbers the stub's file actions write (3 and 4), so
 * that dup2 into them cannot clobber it.
 */
static int
high_fd(int fd)
{
	int h;

	if (fd < 0)
		return fd;
	h = fcntl(fd, F_DUPFD_CLOEXEC, 100);
	close(fd);
	return h;
}

static struct stub_tmpl *tmpl;		/* the template's page */
static pid_t tmpl_pid;

/*
 * Ask the template for a new stub that takes the control memfd ctl_fd
 * (the runner's descriptor number). Spawner thread only. 0 or errno.
 */
static int
template_fork(int ctl_fd, pid_t *pid)
{
	uint32_t want = tmpl->req + 1;
	uint64_t end = sim_host_ns() + 5000000000ull;

	tmpl->ctl_fd = ctl_fd;
	__atomic_store_n(&tmpl->req, want, __ATOMIC_RELEASE);
	sim_futex_wake(&tmpl->req, 1);
	while (__atomic_load_n(&tmpl->done, __ATOMIC_ACQUIRE) != want) {
		if (sim_host_ns() > end)
			sim_fatal("user mode: the stub template stopped answering");
		sim_futex_wait(&tmpl->done, tmpl->done, 10000000);
	}
	if (tmpl->pid <= 0)
		return tmpl->pid < 0 ? -tmpl->pid : EAGAIN;
	*pid = tmpl->pid;
	return 0;
}

/* Start the template: the one stub started by exec. */
static void
template_start(void)
{
	char *argv[] = { "circlesim-stub", "template", NULL }, *envp[] = { NULL };
	posix_spawn_file_actions_t fa;
	char path[64];
	int fd, r;

	fd = high_fd(memfd_create("circlesim-stub-template", MFD_CLOEXEC));
	if (fd < 0 || ftruncate(fd, 4 * 4096) < 0)
		sim_fatal("user mode: cannot make the template's page: %s", strerror(errno));
	tmpl = mmap(NULL, 4 * 4096, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	if (tmpl == MAP_FAILED)
		sim_fatal("user mode: cannot map the template's page: %s", strerror(errno));
	tmpl->runner_pid = getpid();
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_adddup2(&fa, ram_fd, STUB_RAM_FD);
	posix_spawn_file_actions_adddup2(&fa, fd, STUB_CTL_FD);
	snprintf(path, sizeof(path), "/proc/self/fd/%d", image_fd);
	r = posix_spawn(&tmpl_pid, path, &fa, NULL, argv, envp);
	posix_spawn_file_actions_destroy(&fa);
	close(fd);
	if (r != 0)
		sim_fatal("user mode: cannot start the stub template: %s", strerror(r));
}

/* Start a stub process and wait until its filter is on. */
static struct sim_stub *
spawn(void)
{
	struct sim_stub *s = calloc(1, sizeof(*s));
	struct stub_hdr *h;
	uint64_t end;
	int r;

	if (s == NULL)
		return NULL;
	s->nslots = (unsigned)sim_ncpu + 1;
	pthread_mutex_init(&s->mlock, NULL);
	s->ctl_fd = high_fd(memfd_create("circlesim-stub-ctl", MFD_CLOEXEC));
	if (s->ctl_fd < 0 || ftruncate(s->ctl_fd, STUB_CTL_BYTES) < 0)
		goto fail;
	s->ctl = mmap(NULL, STUB_CTL_BYTES, PROT_READ | PROT_WRITE, MAP_SHARED,
		      s->ctl_fd, 0);
	if (s->ctl == MAP_FAILED)
		goto fail;
	h = hdr_of(s);
	h->magic = STUB_MAGIC;
	h->nslots = s->nslots;
	pthread_mutex_lock(&lock);	/* the reaper must know it first */
	r = template_fork(s->ctl_fd, &s->pid);
	if (r == 0) {
		s->next = live;
		live = s;
	}
	pthread_mutex_unlock(&lock);
	if (r != 0) {
		errno = r;
		goto fail;
	}
	if (clock_getcpuclockid(s->pid, &s->cpuclock) != 0)
		s->cpuclock = CLOCK_MONOTONIC;	/* then wall time judges */
	end = sim_host_ns() + 5000000000ull;
	while (!__atomic_load_n(&h->ready, __ATOMIC_ACQUIRE)) {
		if (atomic_load(&s->dead) || sim_host_ns() > end) {
			fprintf(stderr, "circlesim: a user-mode stub did not start\n");
			kill(s->pid, SIGKILL);
			atomic_store(&s->freed, true);	/* the reaper frees it */
			return NULL;
		}
		sim_futex_wait(&h->ready, 0, 10000000);
	}
	return s;
fail:
	fprintf(stderr, "circlesim: cannot start a user-mode stub: %s\n",
		strerror(errno));
	if (s->ctl != NULL && s->ctl != MAP_FAILED)
		munmap(s->ctl, STUB_CTL_BYTES);
	if (s->ctl_fd >= 0)
		close(s->ctl_fd);
	free(s);
	return NULL;
}

/* Keeps POOL_SIZE stubs ready so that fork does not wait for exec. */
static void *
spawner_thread(void *arg)
{
	struct sim_stub *s;

	(void)arg;
	pthread_mutex_lock(&lock);
	for (;;) {
		while (pool_n >= POOL_SIZE)
			pthread_cond_wait(&cond, &lock);
		pthread_mutex_unlock(&lock);
		s = spawn();
		pthread_mutex_lock(&lock);
		if (s == NULL) {
			spawner_failed = true;
			pthread_cond_broadcast(&cond);
			pthread_mutex_unlock(&lock);
			usleep(100000);
			pthread_mutex_lock(&lock);
			continue;
		}
		spawner_failed = false;
		s->pool_next = NULL;
		/* put at the end: pool is a FIFO of ready stubs */
		struct sim_stub **pp = &pool;
		while (*pp != NULL)
			pp = &(*pp)->pool_next;
		*pp = s;
		pool_n++;
		pthread_cond_broadcast(&cond);
	}
	return NULL;
}

/* A stub ended with `status`: mark it dead, wake whoever waits on it. */
static void
stub_ended(pid_t pid, int status)
{
	struct sim_stub **pp, *s;

	pthread_mutex_lock(&lock);
	for (pp = &live; (s = *pp) != NULL; pp = &s->next) {
		if (s->pid != pid)
			continue;
		s->status = status;
		atomic_store(&s->dead, true);
		atomic_store(&s->reaped, true);
		for (unsigned i = 0; i < s->nslots; i++) {
			atomic_fetch_add((_Atomic uint32_t *)&up_of(s, i)->doorbell, 1);
			sim_futex_wake(&up_of(s, i)->doorbell, 1);
		}
		sim_futex_wake(&hdr_of(s)->ready, 1);
		if (atomic_load(&s->freed)) {
			*pp = s->next;
			destroy(s);
		}
		break;
	}
	pthread_mutex_unlock(&lock);
}

/* Reads the template's ring of ended stubs; notices the template's end. */
static void *
reaper_thread(void *arg)
{
	uint32_t seen = 0, n;
	int st;

	(void)arg;
	for (;;) {
		n = __atomic_load_n(&tmpl->ended, __ATOMIC_ACQUIRE);
		if (n == seen) {
			if (waitpid(tmpl_pid, &st, WNOHANG) == tmpl_pid)
				sim_fatal("user mode: the stub template died");
			sim_futex_wait(&tmpl->ended, n, 200000000);
			continue;
		}
		if (n - seen > STUB_TMPL_RING)	/* fell behind: what is left */
			seen = n - STUB_TMPL_RING;
		for (; seen != n; seen++)
			stub_ended(tmpl->ring[seen % STUB_TMPL_RING].pid,
				   tmpl->ring[seen % STUB_TMPL_RING].status);
	}
	return NULL;
}

/* Add an unmap of [va, va + len) to s's deferred flushes; s->mlock held. */
static void
defer_unmap(struct sim_stub *s, uint64_t va, uint64_t len)
{
	uint64_t lo, hi;
	int i;

	s->defer_seq++;
	for (i = 0; i < s->ndefer; i++) {
		struct stub_map *m = &s->defer[i];

		if (va <= m->va + m->len && m->va <= va + len) {	/* touch */
			lo = m->va < va ? m->va : va;
			hi = m->va + m->len > va + len ? m->va + m->len : va + len;
			m->va = lo;
			m->len = hi - lo;
			return;
		}
	}
	if (s->ndefer == DEFER_MAX) {	/* full: one range covers them all */
		lo = va;
		hi = va + len;
		for (i = 0; i < s->ndefer; i++) {
			if (s->defer[i].va < lo)
				lo = s->defer[i].va;
			if (s->defer[i].va + s->defer[i].len > hi)
				hi = s->defer[i].va + s->defer[i].len;
		}
		s->ndefer = 0;
		va = lo;
		len = hi - lo;
	}
	s->defer[s->ndefer++] = (struct stub_map){ va, len, 0, 0, STUB_OP_UNMAP };
}

/* A new, empty address space; NULL if the host refuses. */
struct sim_stub *
sim_stub_new(void)
{
	struct sim_stub *s;

	for (;;) {
		pthread_mutex_lock(&lock);
		while (pool == NULL && !spawner_failed)
			pthread_cond_wait(&cond, &lock);
		s = pool;
		if (s != NULL) {
			pool = s->pool_next;
			pool_n--;
			pthread_cond_broadcast(&cond);
		}
		pthread_mutex_unlock(&lock);
		if (s == NULL || !atomic_load(&s->dead))
			return s;
		sim_stub_free(s);	/* died in the pool: the reaper frees it */
	}
}

/*
 * An address space is gone. Its stub is emptied and kept for the next
 * one when it is healthy and the pool has room (all its slots are parked
 * in their handlers: every guest thread left through the kernel);
 * otherwise its process is killed and the reaper frees it.
 */
void
sim_stub_free(struct sim_stub *s)
{
	struct sim_stub **pp;

	if (!atomic_load(&s->dead)) {
		/* emptied on its next run, whoever runs it */
		pthread_mutex_lock(&s->mlock);
		s->ndefer = 0;
		defer_unmap(s, 0, STUB_USER_TOP);
		pthread_mutex_unlock(&s->mlock);
		pthread_mutex_lock(&lock);
		if (pool_n < POOL_MAX && !atomic_load(&s->dead)) {
			s->pool_next = pool;	/* warm: first out */
			pool = s;
			pool_n++;
			s = NULL;
		}
		pthread_mutex_unlock(&lock);
		if (s == NULL)
			return;
	}
	pthread_mutex_lock(&lock);
	atomic_store(&s->freed, true);
	if (atomic_load(&s->reaped)) {
		for (pp = &live; *pp != NULL; pp = &(*pp)->next)
			if (*pp == s) {
				*pp = s->next;
				break;
			}
		destroy(s);
	} else {
		kill(s->pid, SIGKILL);
	}
	pthread_mutex_unlock(&lock);
}

/* Publish a command on a slot and wake the stub if it sleeps. */
static void
post(struct sim_stub *s, unsigned slot)
{
	struct stub_down *d = down_of(s, slot);
	struct stub_up *u = up_of(s, slot);

	__atomic_add_fetch(&d->seq, 1, __ATOMIC_SEQ_CST);
	if (__atomic_load_n(&u->sleeping, __ATOMIC_SEQ_CST))
		sim_futex_wake(&d->seq, 1);
}

static struct fp_piece fp_pieces[FP_PIECES_MAX];	/* set at start */
static int fp_npieces;

/* Registers from or to a slot: of the FPU area, only the bytes that hold
 * state (fp_layout.h). */
static void
copy_regs(struct stub_regs *dst, const struct stub_regs *src)
{
	uint32_t n = src->fp_size <= STUB_FP_BYTES ? src->fp_size : 0;
	const struct fp_piece *p = fp_pieces;

	memcpy(dst->r, src->r, sizeof(dst->r));
	dst->fp_size = n;
	for (int i = 0; i < fp_npieces; i++)
		if (fp_piece_wanted(&p[i], src->fp, n))
			memcpy(dst->fp + p[i].off, src->fp + p[i].off,
			       p[i].len < n - p[i].off ? p[i].len : n - p[i].off);
}

/* CPU time the stub process has used, in ns (0 if unknown). */
static uint64_t
stub_cpu_ns(struct sim_stub *s)
{
	struct timespec ts;

	if (clock_gettime(s->cpuclock, &ts) < 0)
		return 0;
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

/*
 * Wait until the slot reports (up.seq moves on from `seq`), this CPU gets
 * an interrupt, or the stub is dead. Returns 0 on a report, 1 on an
 * interrupt (caller preempts), -1 if dead.
 *
 * On the virtual clock nothing but a guest that computes for long should
 * end a wait: it is judged by the CPU time its stub used, not by how
 * long the host took, so a slow host does not change the schedule.
 */
static int
wait_report(struct sim_stub *s, struct sim_cpu *c, struct stub_up *u,
	    uint32_t seq, bool kicked, uint64_t kick_at)
{
	uint64_t start = sim_host_ns(), now, wait;
	uint64_t cpu0 = sim_virtual ? stub_cpu_ns(s) : 0;
	uint32_t db;

	for (;;) {
		if (__atomic_load_n(&u->seq, __ATOMIC_ACQUIRE) != seq)
			return 0;
		if (atomic_load(&s->dead))
			return -1;
		now = sim_host_ns();
		if (now - start < SPIN_NS) {
			/* A system call's trap takes the stub a few us; past
			 * that, it may share our host core: let it run. */
			if (now - start > SPIN_PAUSE_NS)
				sched_yield();
			else
				sim_pause();
			continue;
		}
		if (!kicked) {
			if (!sim_virtual && c->deadline != 0 &&
			    sim_time_ns() >= c->deadline) {
				c->deadline = 0;
				atomic_fetch_or(&c->irq.pending, 1ull << SIM_IRQ_TIMER);
			}
			if (atomic_load(&c->irq.pending) != 0)
				return 1;
			if (sim_virtual && now - start >= VSLICE_NS &&
			    (stub_cpu_ns(s) - cpu0 >= VSLICE_CPU_NS ||
			     now - start >= VSLICE_STUCK_NS)) {
				vclock_user_slice(c);
				return 1;
			}
		} else if (now - kick_at > ANSWER_NS) {
			return -1;
		}
		db = __atomic_load_n(&u->doorbell, __ATOMIC_SEQ_CST);
		atomic_store(&c->doorbell, &u->doorbell);
		__atomic_store_n(&u->waiter, 1, __ATOMIC_SEQ_CST);
		if (__atomic_load_n(&u->seq, __ATOMIC_SEQ_CST) != seq ||
		    (!kicked && atomic_load(&c->irq.pending) != 0)) {
			__atomic_store_n(&u->waiter, 0, __ATOMIC_RELAXED);
			atomic_store(&c->doorbell, &c->wake);
			continue;
		}
		if (kicked)
			wait = ANSWER_NS;
		else if (sim_virtual)
			wait = VSLICE_NS;
		else if (c->deadline != 0)
			wait = c->deadline > sim_time_ns() ? c->deadline - sim_time_ns() : 0;
		else
			wait = UINT64_MAX;
		sim_futex_wait(&u->doorbell, db, wait);
		__atomic_store_n(&u->waiter, 0, __ATOMIC_RELAXED);
		atomic_store(&c->doorbell, &c->wake);
	}
}

/* hal_user_run's engine: see sim_if.h. */
int
sim_stub_run(struct sim_stub *s, struct sim_cpu_irq *irq, struct stub_regs *regs,
	     const struct stub_map *maps, int nmap, uint32_t map_gen,
	     struct sim_utrap *trap)
{
	struct sim_cpu *c = (struct sim_cpu *)irq;
	unsigned slot = (unsigned)irq->id;
	struct stub_down *d = down_of(s, slot);
	struct stub_up *u = up_of(s, slot);
	uint64_t kick_at = 0;
	bool kicked = false;
	uint32_t seq, defer_seq;
	int r, nflush;

	if (atomic_load(&s->dead) || nmap < 0 || nmap > STUB_MAP_MAX)
		return SIM_USER_DEAD;
	d->cmd = STUB_CMD_RUN;
	pthread_mutex_lock(&s->mlock);	/* deferred flushes go first */
	nflush = s->ndefer;
	defer_seq = s->defer_seq;
	memcpy(d->map, s->defer, (size_t)nflush * sizeof(*maps));
	pthread_mutex_unlock(&s->mlock);
	if (nmap > STUB_MAP_MAX - nflush)
		nmap = STUB_MAP_MAX - nflush;	/* refills are only a head start */
	memcpy(d->map + nflush, maps, (size_t)nmap * sizeof(*maps));
	d->nflush = (uint32_t)nflush;
	d->nmap = (uint32_t)(nflush + nmap);
	d->map_gen = map_gen;
	copy_regs(&d->regs, regs);
	seq = __atomic_load_n(&u->seq, __ATOMIC_ACQUIRE);
	post(s, slot);
	atomic_store(&c->state, CPU_USER);
	for (;;) {
		r = wait_report(s, c, u, seq, kicked, kick_at);
		if (r == 1) {
			syscall(SYS_tgkill, s->pid, u->tid, STUB_PREEMPT_SIGNAL);
			kicked = true;
			kick_at = sim_host_ns();
			continue;
		}
		/* A new slot may report that it parked after we posted. */
		if (r == 0 && __atomic_load_n(&u->state, __ATOMIC_ACQUIRE) == STUB_ST_IDLE) {
			seq = __atomic_load_n(&u->seq, __ATOMIC_ACQUIRE);
			continue;
		}
		break;
	}
	atomic_store(&c->state, CPU_RUN);
	if (r < 0 || __atomic_load_n(&u->state, __ATOMIC_ACQUIRE) != STUB_ST_TRAP) {
		if (!atomic_load(&s->dead))
			fprintf(stderr, "circlesim: a stub %s; its guest process "
				"is killed\n", r < 0 ? "did not answer in time" :
				"sent a report it should not");
		else if (s->status < 0)
			fprintf(stderr, "circlesim: a stub was killed by host signal "
				"%d%s; its guest process is killed\n", -s->status,
				-s->status == SIGSYS ? " (a host system call the "
				"filter forbids)" : "");
		else if (s->status > 0)
			fprintf(stderr, "circlesim: a stub exited with status %d; "
				"its guest process is killed\n", s->status);
		kill(s->pid, SIGKILL);
		atomic_store(&s->dead, true);
		return SIM_USER_DEAD;
	}
	if (nflush > 0) {		/* the stub applied them before running */
		pthread_mutex_lock(&s->mlock);
		if (s->defer_seq == defer_seq)
			s->ndefer = 0;
		pthread_mutex_unlock(&s->mlock);
	}
	copy_regs(regs, &u->regs);
	trap->signo = u->signo;
	trap->code = u->code;
	trap->addr = u->addr;
	trap->err = u->err;
	trap->trapno = u->trapno;
	trap->sysnr = u->sysnr;
	if (trap->signo == STUB_PREEMPT_SIGNAL)
		return SIM_USER_IRQ;
	return SIM_USER_TRAP;
}

/*
 * hal_tlb_flush's engine: unmap [va, va + len) in s. When no CPU runs s
 * the unmap waits for the next run (see struct sim_stub); otherwise the
 * manager thread does it now, beside the running threads.
 */
int
sim_stub_flush(struct sim_stub *s, uint64_t va, uint64_t len)
{
	struct stub_map m = { va, len, 0, 0, STUB_OP_UNMAP };

	pthread_mutex_lock(&s->mlock);
	if (s->running == 0) {
		defer_unmap(s, va, len);
		pthread_mutex_unlock(&s->mlock);
		return 0;
	}
	pthread_mutex_unlock(&s->mlock);
	return sim_stub_maps(s, &m, 1);
}

/* A CPU starts (enter) or stops (leave) running s's guest code. */
void
sim_stub_enter(struct sim_stub *s)
{
	pthread_mutex_lock(&s->mlock);
	s->running++;
	pthread_mutex_unlock(&s->mlock);
}

void
sim_stub_leave(struct sim_stub *s)
{
	pthread_mutex_lock(&s->mlock);
	s->running--;
	pthread_mutex_unlock(&s->mlock);
}

/* Apply maps through the manager slot: the TLB shootdown. */
int
sim_stub_maps(struct sim_stub *s, const struct stub_map *maps, int nmap)
{
	unsigned slot = s->nslots - 1;
	struct stub_down *d;
	struct stub_up *u;
	uint64_t start;
	uint32_t seq, db;
	int r = 0;

	if (nmap < 0 || nmap > STUB_MAP_MAX)
		return -EINVAL;
	pthread_mutex_lock(&lock);	/* one manager command at a time */
	d = down_of(s, slot);
	u = up_of(s, slot);
	if (atomic_load(&s->dead)) {
		pthread_mutex_unlock(&lock);
		return -ESRCH;
	}
	__atomic_add_fetch(&d->gen, 1, __ATOMIC_SEQ_CST);	/* refills lose */
	d->cmd = STUB_CMD_MAP;
	d->nmap = (uint32_t)nmap;
	memcpy(d->map, maps, (size_t)nmap * sizeof(*maps));
	seq = __atomic_load_n(&u->seq, __ATOMIC_ACQUIRE);
	post(s, slot);
	start = sim_host_ns();
	while (__atomic_load_n(&u->seq, __ATOMIC_ACQUIRE) == seq) {
		if (atomic_load(&s->dead) || sim_host_ns() - start > ANSWER_NS) {
			r = -ESRCH;
			break;
		}
		db = __atomic_load_n(&u->doorbell, __ATOMIC_SEQ_CST);
		__atomic_store_n(&u->waiter, 1, __ATOMIC_SEQ_CST);
		if (__atomic_load_n(&u->seq, __ATOMIC_SEQ_CST) != seq) {
			__atomic_store_n(&u->waiter, 0, __ATOMIC_RELAXED);
			break;
		}
		sim_futex_wait(&u->doorbell, db, 100000000);
		__atomic_store_n(&u->waiter, 0, __ATOMIC_RELAXED);
	}
	if (r == 0)
		r = u->result;
	pthread_mutex_unlock(&lock);
	if (r == -ESRCH) {
		kill(s->pid, SIGKILL);
		atomic_store(&s->dead, true);
	}
	return r;
}

/* Load the stub image into a sealed memfd and start the helper threads. */
void
sim_usermode_init(int ramfd)
{
	size_t n = (size_t)(sim_stub_image_end - sim_stub_image);
	pthread_t t;

	fp_npieces = fp_layout(fp_pieces, STUB_FP_BYTES);
	ram_fd = fcntl(ramfd, F_DUPFD_CLOEXEC, 100);
	image_fd = high_fd(memfd_create("circlesim-stub", MFD_CLOEXEC | MFD_ALLOW_SEALING));
	if (ram_fd < 0 || image_fd < 0 || write(image_fd, sim_stub_image, n) != (ssize_t)n)
		sim_fatal("user mode: cannot prepare the stub image: %s",
			  strerror(errno));
	fcntl(image_fd, F_ADD_SEALS, F_SEAL_SHRINK | F_SEAL_GROW | F_SEAL_WRITE |
	      F_SEAL_SEAL);
	template_start();
	if (pthread_create(&t, NULL, reaper_thread, NULL) != 0 ||
	    pthread_create(&t, NULL, spawner_thread, NULL) != 0)
		sim_fatal("user mode: cannot start its threads");
}

/* The flush generation a refill must quote (read before the page table). */
uint32_t
sim_stub_gen(struct sim_stub *s)
{
	return __atomic_load_n(&down_of(s, s->nslots - 1)->gen, __ATOMIC_SEQ_CST);
}
