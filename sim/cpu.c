/*
 * cpu.c -- simulated CPUs: one host thread each, a pending-interrupt word,
 * idle by futex wait with the timer deadline as timeout.
 */
#include <errno.h>
#include <limits.h>
#include <linux/futex.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>

#include "sim.h"

struct sim_cpu sim_cpus[SIM_MAX_CPUS];
int sim_ncpu;
static __thread struct sim_cpu *this_cpu;

int
sim_futex_wait(uint32_t *addr, uint32_t val, uint64_t timeout_ns)
{
	struct timespec ts, *tp = NULL;

	if (timeout_ns != UINT64_MAX) {
		ts.tv_sec = (time_t)(timeout_ns / 1000000000u);
		ts.tv_nsec = (long)(timeout_ns % 1000000000u);
		tp = &ts;
	}
	/* Not _PRIVATE: some words are shared with stub processes. */
	return (int)syscall(SYS_futex, addr, FUTEX_WAIT, val, tp,
			    NULL, 0);
}

void
sim_futex_wake(uint32_t *addr, int n)
{
	syscall(SYS_futex, addr, FUTEX_WAKE, n, NULL, NULL, 0);
}

struct sim_cpu_irq *
sim_cpu_self(void)
{
	return &this_cpu->irq;
}

int
sim_cpu_count(void)
{
	return sim_ncpu;
}

/*
 * Wake CPU c if it sleeps: idle, or waiting for a stub running guest code
 * (which it then preempts). Called after setting a pending bit; the CPU
 * reads its doorbell before it looks at the pending word, so no wakeup
 * is lost. Host clock mode.
 */
void
sim_cpu_kick(struct sim_cpu *c)
{
	uint32_t *d = atomic_load(&c->doorbell);

	atomic_fetch_add((_Atomic uint32_t *)d, 1);
	if (atomic_load(&c->state) != CPU_RUN)
		sim_futex_wake(d, 1);
}

/* Raise interrupt `line` on CPU `cpu`. Any thread. */
void
sim_irq_raise(int cpu, int line)
{
	struct sim_cpu *c = &sim_cpus[cpu];

	atomic_fetch_or(&c->irq.pending, 1ull << line);
	if (!sim_virtual)
		sim_cpu_kick(c);
}

static void *
cpu_thread(void *arg)
{
	struct sim_cpu *c = arg;

	this_cpu = c;
	c->tid = (pid_t)syscall(SYS_gettid);
	prctl(PR_SET_TIMERSLACK, 1);	/* timer deadlines to the microsecond */
	if (sim_virtual)
		vclock_wait_turn(c);
	c->entry();
	sim_fatal("CPU %d returned from its entry", c->irq.id);
}

/* hal_cpu_start: run fn on a new host thread as CPU `cpu`. */
int
sim_cpu_start(int cpu, void (*fn)(void))
{
	struct sim_cpu *c;
	pthread_attr_t attr;
	int r;

	if (cpu <= 0 || cpu >= sim_ncpu)
		return -EINVAL;
	c = &sim_cpus[cpu];
	if (atomic_load(&c->state) != CPU_OFF)
		return -EBUSY;
	c->entry = fn;
	atomic_store(&c->state, CPU_RUN);
	if (sim_virtual)
		vclock_started(c);
	pthread_attr_init(&attr);
	pthread_attr_setstacksize(&attr, 1 << 20);
	r = pthread_create(&c->thread, &attr, cpu_thread, c);
	pthread_attr_destroy(&attr);
	if (r != 0)
		sim_fatal("cannot create the thread of CPU %d: %s", cpu,
			  strerror(r));
	return 0;
}

/* Raise the timer line if this CPU's deadline has passed. */
static void
check_timer(struct sim_cpu *c, uint64_t now)
{
	if (c->deadline != 0 && now >= c->deadline) {
		c->deadline = 0;
		atomic_fetch_or(&c->irq.pending, 1ull << SIM_IRQ_TIMER);
	}
}

/*
 * A delivery point: hal_irq_restore/enable, hal_cpu_relax. Raises a due
 * timer; on the virtual clock, charges time and may pass the CPU token.
 */
void
sim_cpu_poll(struct sim_cpu_irq *irq, int spinning)
{
	struct sim_cpu *c = (struct sim_cpu *)irq;

	if (sim_virtual) {
		vclock_tick(c, spinning);
		return;
	}
	if (c->deadline != 0)
		check_timer(c, sim_time_ns());
	if (spinning) {
		/*
		 * More simulated CPUs than host cores: a spinner may be
		 * waiting for a CPU whose host thread is not running, so
		 * give the host core away now and then.
		 */
		if ((++c->spins & 63) == 0)
			sched_yield();
		else
			sim_pause();
	}
}

/* hal_cpu_idle: wait until an interrupt is pending on this CPU. */
void
sim_cpu_idle(struct sim_cpu_irq *irq)
{
	struct sim_cpu *c = (struct sim_cpu *)irq;
	uint64_t now, wait;
	uint32_t w;

	if (sim_virtual) {
		vclock_idle(c);
		return;
	}
	for (;;) {
		w = atomic_load((_Atomic uint32_t *)&c->wake);
		atomic_store(&c->state, CPU_IDLE);
		now = sim_time_ns();
		check_timer(c, now);
		if (atomic_load(&c->irq.pending) != 0)
			break;
		wait = c->deadline ? c->deadline - now : UINT64_MAX;
		sim_futex_wait(&c->wake, w, wait);
	}
	atomic_store(&c->state, CPU_RUN);
}

/* hal_timer_oneshot: this CPU's next timer deadline (0 = none). */
void
sim_timer_set(struct sim_cpu_irq *irq, uint64_t deadline)
{
	struct sim_cpu *c = (struct sim_cpu *)irq;

	c->deadline = deadline;
	if (sim_virtual)
		vclock_timer_changed(c);
	else if (deadline != 0)
		check_timer(c, sim_time_ns());
}

/* Start CPU 0 on the calling thread and boot the kernel. */
void
sim_cpus_boot(void)
{
	int i;

	for (i = 0; i < sim_ncpu; i++) {
		sim_cpus[i].irq.id = i;
		atomic_store(&sim_cpus[i].doorbell, &sim_cpus[i].wake);
	}
	this_cpu = &sim_cpus[0];
	prctl(PR_SET_TIMERSLACK, 1);
	sim_cpus[0].tid = (pid_t)syscall(SYS_gettid);
	sim_cpus[0].thread = pthread_self();
	atomic_store(&sim_cpus[0].state, CPU_RUN);
	if (sim_virtual)
		vclock_started(&sim_cpus[0]);
	halsim_boot();
	sim_fatal("the kernel returned from its boot entry");
}
