/*
 * sched.c -- kernel threads and the scheduler. Each CPU has a run queue
 * with NPRIO priority levels (strict between levels, round robin with a
 * SLICE_NS time slice inside one). Woken threads go to an idle CPU when
 * there is one; a CPU that runs dry steals from the busiest queue.
 *
 * Lock order: waitq.lock -> thread.lock -> runq.lock -> timerq.lock.
 * A thread's context is live while on_cpu is set; the CPU that switches
 * away from it holds its run queue lock across the switch, and the
 * thread switched to releases it (sched_finish).
 */
#include "cpu.h"
#include "heap.h"
#include "pmm.h"
#include "sched.h"
#include "waitq.h"

static struct thread idle_threads[HAL_MAX_CPUS];
static struct spinlock threads_lock = SPINLOCK_INIT("threads");
static struct list all_threads = LIST_INIT(all_threads);	/* threads_lock */
static int next_tid = 1;					/* threads_lock */
static int nthreads;						/* threads_lock */
static struct waitq join_wq = WAITQ_INIT(join_wq);

/* ---- run queues (caller holds rq->lock) ---- */

void
runq_init(struct runq *rq)
{
	spin_init(&rq->lock, "runq");
	for (int p = 0; p < NPRIO; p++)
		list_init(&rq->q[p]);
	rq->bitmap = 0;
	rq->nr = 0;
}

void
runq_add(struct runq *rq, struct thread *t, bool front)
{
	if (front)
		list_push(&rq->q[t->prio], &t->rq_link);
	else
		list_append(&rq->q[t->prio], &t->rq_link);
	rq->bitmap |= 1u << t->prio;
	rq->nr++;
}

void
runq_remove(struct runq *rq, struct thread *t)
{
	list_remove(&t->rq_link);
	if (list_empty(&rq->q[t->prio]))
		rq->bitmap &= ~(1u << t->prio);
	rq->nr--;
}

/* Take the most urgent thread, oldest first; NULL if empty. */
struct thread *
runq_pick(struct runq *rq)
{
	struct thread *t;

	if (rq->bitmap == 0)
		return NULL;
	t = list_first(&rq->q[__builtin_ctz(rq->bitmap)], struct thread, rq_link);
	runq_remove(rq, t);
	return t;
}

/* Take the most urgent thread allowed on `cpu`, newest first; or NULL. */
struct thread *
runq_steal(struct runq *rq, int cpu)
{
	struct list *pos;
	struct thread *t;

	for (int p = 0; p < NPRIO; p++) {
		if (!(rq->bitmap & (1u << p)))
			continue;
		for (pos = rq->q[p].prev; pos != &rq->q[p]; pos = pos->prev) {
			t = list_entry(pos, struct thread, rq_link);
			if (t->affinity & (1ull << cpu)) {
				runq_remove(rq, t);
				return t;
			}
		}
	}
	return NULL;
}

/* ---- placement ---- */

static bool
cpu_idle(int i)
{
	struct cpu *c = &cpus[i];

	return READ_ONCE(c->online) && READ_ONCE(c->rq.nr) == 0 &&
	       READ_ONCE(c->curr) == c->idle;
}

static int
load(int i)
{
	return READ_ONCE(cpus[i].rq.nr) + !cpu_idle(i);
}

/* Choose the CPU for a thread becoming runnable. */
static int
select_cpu(struct thread *t)
{
	int best = -1, i, c;

	for (i = 0; i < ncpu; i++) {
		c = (t->cpu + i) % ncpu;
		if (!READ_ONCE(cpus[c].online) || !(t->affinity & (1ull << c)))
			continue;
		if (cpu_idle(c))
			return c;
		if (best < 0 || load(c) < load(best))
			best = c;
	}
	if (best < 0)	/* only CPUs not started yet: wait there */
		best = __builtin_ctzll(t->affinity) % HAL_MAX_CPUS;
	return best;
}

/* Ask an idle CPU allowed for some queued thread to come and steal. */
static void
kick_idle(int busy)
{
	for (int i = 0; i < ncpu; i++) {
		if (i != busy && cpu_idle(i)) {
			hal_ipi(i);
			return;
		}
	}
}

/* Queue t on CPU `cpu` and preempt or wake that CPU as needed. */
static void
enqueue(struct thread *t, int cpu)
{
	struct cpu *c = &cpus[cpu];
	struct thread *curr;
	bool preempt;
	int nr;

	spin_lock(&c->rq.lock);
	t->cpu = cpu;
	t->on_rq = 1;
	runq_add(&c->rq, t, false);
	nr = c->rq.nr;
	curr = READ_ONCE(c->curr);
	preempt = curr == c->idle || t->prio < curr->prio;
	spin_unlock(&c->rq.lock);
	if (preempt) {
		WRITE_ONCE(c->need_resched, true);
		hal_ipi(cpu);
	}
	if (nr >= 2)
		kick_idle(cpu);
}

/* ---- switching ---- */

/* Second half of a switch, in the thread switched to. Interrupts off. */
static void
sched_finish(void)
{
	struct cpu *c = this_cpu();

	__atomic_store_n(&c->prev->on_cpu, 0, __ATOMIC_RELEASE);
	spin_unlock_raw(&c->rq.lock);	/* prev may be freed from here on */
}

static void
switch_to(struct cpu *c, struct thread *prev, struct thread *next)
{
	uint64_t now = hal_time_ns();

	prev->runtime_ns += now - prev->ran_at;
	next->ran_at = now;
	next->on_cpu = 1;
	next->cpu = c->id;
	next->switches++;
	next->cpus_seen |= 1ull << c->id;
	c->prev = prev;
	c->curr = next;
	c->switches++;
	c->slice_end = next == c->idle ? 0 : now + SLICE_NS;
	spin_lock_raw(&c->tq.lock);
	timer_program();
	spin_unlock_raw(&c->tq.lock);
	hal_set_current(next);
	hal_ctx_switch(&prev->ctx, &next->ctx);
	sched_finish();
}

/* Pull one thread from the busiest other queue into ours. */
static void
steal(struct cpu *c)
{
	struct thread *t = NULL;
	int best = -1;

	for (int i = 0; i < ncpu; i++)
		if (i != c->id && READ_ONCE(cpus[i].rq.nr) > 0 &&
		    (best < 0 || cpus[i].rq.nr > cpus[best].rq.nr))
			best = i;
	if (best < 0)
		return;
	spin_lock_raw(&cpus[best].rq.lock);
	t = runq_steal(&cpus[best].rq, c->id);
	if (t != NULL)
		t->cpu = c->id;
	spin_unlock_raw(&cpus[best].rq.lock);
	if (t == NULL)
		return;
	spin_lock_raw(&c->rq.lock);
	runq_add(&c->rq, t, false);
	spin_unlock_raw(&c->rq.lock);
	c->steals++;
}

/*
 * Give the CPU to the most urgent runnable thread. A running caller stays
 * runnable (at the back of its level); a sleeping or dead one leaves the
 * queue. With `preempt`, the caller stays queued whatever its state, so
 * a thread preempted while preparing to sleep is not lost. Must be called
 * holding no spinlock.
 */
static void
schedule(bool preempt)
{
	unsigned long f = hal_irq_save();
	struct cpu *c = this_cpu();
	struct thread *prev = hal_current(), *next;
	bool keep;

	if (c->noff != 0)
		panic("sched: called holding a spinlock");
	spin_lock_raw(&prev->lock);
	keep = prev != c->idle && (preempt || prev->state == T_RUNNING);
	if (!keep && prev != c->idle)
		prev->on_rq = 0;
	spin_lock_raw(&c->rq.lock);
	if (keep)
		runq_add(&c->rq, prev, false);
	spin_unlock_raw(&prev->lock);
	next = runq_pick(&c->rq);
	if (next == NULL && prev == c->idle) {
		spin_unlock_raw(&c->rq.lock);
		steal(c);
		spin_lock_raw(&c->rq.lock);
		next = runq_pick(&c->rq);
	}
	if (next == NULL)
		next = keep ? prev : c->idle;
	c->need_resched = false;
	if (next == prev) {
		c->slice_end = prev == c->idle ? 0 : hal_time_ns() + SLICE_NS;
		spin_unlock_raw(&c->rq.lock);
	} else {
		switch_to(c, prev, next);
	}
	hal_irq_restore(f);
}

void
sched(void)
{
	schedule(false);
}

/* Let other runnable threads of the same priority run. */
void
sched_yield(void)
{
	schedule(true);
}

/* Called by the HAL after interrupts: preempt if the slice ended. */
void
kirq_exit(void)
{
	struct cpu *c = this_cpu();

	c->irqs++;
	if (c->need_resched && c->noff == 0 && hal_current() != NULL)
		schedule(true);
}

/* Timer interrupt: end the running thread's slice when it is used up. */
void
sched_tick(uint64_t now)
{
	struct cpu *c = this_cpu();

	if (c->slice_end != 0 && now >= c->slice_end) {
		/* Keep ticking while busy: a thread queued here later, from
		 * another CPU, must get its turn at the next slice end. */
		c->slice_end = now + SLICE_NS;
		if (c->rq.nr > 0)
			c->need_resched = true;
		if (c->rq.nr >= 2)
			kick_idle(c->id);
	}
}

/* ---- sleeping and waking ---- */

void
thread_set_sleeping(void)
{
	struct thread *t = curthread();

	spin_lock(&t->lock);
	t->state = T_SLEEPING;
	spin_unlock(&t->lock);
}

/*
 * Make a sleeping thread runnable; returns false if it was not sleeping.
 * Any context, including interrupt handlers.
 */
bool
thread_wake(struct thread *t)
{
	spin_lock(&t->lock);
	if (t->state != T_SLEEPING) {
		spin_unlock(&t->lock);
		return false;
	}
	t->state = T_RUNNING;
	if (!t->on_rq) {
		while (__atomic_load_n(&t->on_cpu, __ATOMIC_ACQUIRE))
			hal_cpu_relax();	/* still switching away elsewhere */
		enqueue(t, select_cpu(t));
	}
	spin_unlock(&t->lock);
	return true;
}

static void
sleep_timeout(struct timer *tm)
{
	thread_wake(tm->arg);
}

/* Sleep until hal_time_ns() >= deadline. May sleep (obviously). */
void
thread_sleep_until(uint64_t deadline)
{
	struct timer tm;

	timer_init(&tm, sleep_timeout, curthread());
	while (hal_time_ns() < deadline) {
		thread_set_sleeping();
		timer_arm(&tm, deadline);
		sched();
	}
	timer_cancel(&tm);
}

void
thread_sleep_ns(uint64_t ns)
{
	thread_sleep_until(hal_time_ns() + ns);
}

/* ---- creating and ending threads ---- */

static void
thread_start(void *arg)
{
	struct thread *t = arg;

	sched_finish();
	hal_irq_enable();
	t->fn(t->arg);
	thread_exit(0);
}

/*
 * Create a runnable kernel thread running fn(arg), allowed on the CPUs in
 * `affinity`. Returns NULL when memory is short. May be called from any
 * thread; does not sleep.
 */
struct thread *
thread_create_on(const char *name, void (*fn)(void *), void *arg, int prio,
		 uint64_t affinity)
{
	struct thread *t = kzalloc(sizeof(*t));

	if (t == NULL)
		return NULL;
	t->kstack = page_alloc(pmm_order_for(HAL_KSTACK_SIZE));
	if (t->kstack == NULL) {
		kfree(t);
		return NULL;
	}
	spin_init(&t->lock, "thread");
	strlcpy(t->name, name, sizeof(t->name));
	t->fn = fn;
	t->arg = arg;
	t->prio = prio < 0 ? 0 : prio >= NPRIO ? NPRIO - 1 : prio;
	t->affinity = affinity;
	t->state = T_RUNNING;
	t->cpu = hal_cpu_id();
	list_init(&t->rq_link);
	hal_ctx_init(&t->ctx, t->kstack, HAL_KSTACK_SIZE, thread_start, t);
	spin_lock(&threads_lock);
	t->tid = next_tid++;
	nthreads++;
	list_append(&all_threads, &t->all_link);
	spin_unlock(&threads_lock);
	spin_lock(&t->lock);
	enqueue(t, select_cpu(t));
	spin_unlock(&t->lock);
	return t;
}

struct thread *
thread_create(const char *name, void (*fn)(void *), void *arg, int prio)
{
	return thread_create_on(name, fn, arg, prio, ~0ull);
}

static struct list dead = LIST_INIT(dead);	/* threads_lock */

/* End the current thread with `code` (see thread_join). */
void
thread_exit(int code)
{
	struct thread *t = curthread();

	hal_irq_disable();	/* no preemption from here to the switch */
	spin_lock(&t->lock);
	t->exit_code = code;
	t->state = T_DEAD;
	if (t->detached) {
		spin_lock(&threads_lock);
		list_append(&dead, &t->dead_link);
		spin_unlock(&threads_lock);
	}
	spin_unlock(&t->lock);
	waitq_wake_all(&join_wq);
	schedule(false);
	panic("thread_exit: a dead thread ran again");
}

/* Free a dead thread once no CPU is on its stack any more. */
static void
thread_free(struct thread *t)
{
	while (__atomic_load_n(&t->on_cpu, __ATOMIC_ACQUIRE))
		hal_cpu_relax();
	spin_lock(&threads_lock);
	list_remove(&t->all_link);
	nthreads--;
	spin_unlock(&threads_lock);
	hal_ctx_free(&t->ctx);
	page_free(t->kstack, pmm_order_for(HAL_KSTACK_SIZE));
	kfree(t);
}

/* Wait for t to exit, free it, return its exit code. May sleep. */
int
thread_join(struct thread *t)
{
	int code;

	wait_event(&join_wq, READ_ONCE(t->state) == T_DEAD);
	code = t->exit_code;
	thread_free(t);
	return code;
}

/* Nobody will join t: it is freed (by thread_reap) after it exits. */
void
thread_detach(struct thread *t)
{
	spin_lock(&t->lock);
	t->detached = true;
	if (t->state == T_DEAD) {
		spin_lock(&threads_lock);
		list_append(&dead, &t->dead_link);
		spin_unlock(&threads_lock);
	}
	spin_unlock(&t->lock);
}

/* Free the detached threads that have exited; returns how many. */
int
thread_reap(void)
{
	struct thread *t;
	int n = 0;

	for (;;) {
		spin_lock(&threads_lock);
		if (list_empty(&dead)) {
			spin_unlock(&threads_lock);
			return n;
		}
		t = list_first(&dead, struct thread, dead_link);
		list_remove(&t->dead_link);
		spin_unlock(&threads_lock);
		thread_free(t);
		n++;
	}
}

int
sched_nthreads(void)
{
	return READ_ONCE(nthreads);
}

/* CPU time the calling thread has used, the stretch it runs now
 * included, in ns. Any thread context. */
uint64_t
thread_cpu_ns(void)
{
	unsigned long flags = hal_irq_save();
	struct thread *t = curthread();
	uint64_t ns = t->runtime_ns + (hal_time_ns() - t->ran_at);

	hal_irq_restore(flags);
	return ns;
}

/* ---- CPUs ---- */

static void
idle_loop(void)
{
	struct cpu *c = this_cpu();

	for (;;) {
		schedule(false);
		thread_reap();
		hal_irq_disable();
		if (!c->need_resched && READ_ONCE(c->rq.nr) == 0)
			hal_cpu_idle();
		hal_irq_enable();
	}
}

/* Make the calling context this CPU's idle thread. Interrupts off. */
static void
cpu_setup(void)
{
	int id = hal_cpu_id();
	struct cpu *c = &cpus[id];
	struct thread *idle = &idle_threads[id];

	c->id = id;
	spin_init(&idle->lock, "idle");
	ksnprintf(idle->name, sizeof(idle->name), "idle/%d", id);
	idle->prio = PRIO_IDLE - 1;
	idle->affinity = 1ull << id;
	idle->cpu = id;
	idle->on_cpu = 1;
	idle->state = T_RUNNING;
	list_init(&idle->rq_link);
	c->idle = idle;
	c->curr = idle;
	c->prev = idle;
	hal_set_current(idle);
	timer_boot_cpu();
	WRITE_ONCE(c->online, true);
}

static void
ipi_irq(int line, void *arg)
{
	(void)line;
	(void)arg;	/* kirq_exit does the work: need_resched is set */
}

/* Boot CPU: run queues of all CPUs, then become idle thread 0. */
void
sched_init(void)
{
	ncpu = hal_cpu_count();
	for (int i = 0; i < ncpu; i++)
		runq_init(&cpus[i].rq);
	cpu_setup();
	if (hal_irq_register(HAL_IRQ_IPI, ipi_irq, NULL) < 0)
		panic("sched: cannot register the IPI line");
}

/* Entry of a secondary CPU (hal_cpu_start). */
void
sched_cpu_start(void)
{
	cpu_setup();
	hal_irq_enable();
	idle_loop();
	__builtin_unreachable();
}

/* The boot CPU, done booting, becomes an idle loop. */
void
sched_idle_forever(void)
{
	hal_irq_enable();
	idle_loop();
	__builtin_unreachable();
}
