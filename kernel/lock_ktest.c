/*
 * lock_ktest.c -- self tests of spinlocks, mutexes, wait queues,
 * semaphores and condition variables under contention.
 */
#include "ktest.h"
#include "sched.h"
#include "waitq.h"

#define NWORKERS 4
#define SPIN_ITERS 500000
#define MUTEX_ITERS 50000

static struct spinlock spin = SPINLOCK_INIT("ktest");
static struct mutex mtx;
static volatile uint64_t counter;

static void
spin_worker(void *arg)
{
	uint64_t v;

	(void)arg;
	for (int i = 0; i < SPIN_ITERS; i++) {
		spin_lock(&spin);
		v = counter;
		if ((i & 255) == 0)
			hal_cpu_relax();	/* widen the window */
		counter = v + 1;
		spin_unlock(&spin);
	}
}

static void
mutex_worker(void *arg)
{
	uint64_t v;

	(void)arg;
	for (int i = 0; i < MUTEX_ITERS; i++) {
		mutex_lock(&mtx);
		v = counter;
		if ((i & 63) == 0)
			hal_cpu_relax();	/* may be preempted holding it */
		counter = v + 1;
		mutex_unlock(&mtx);
	}
}

static int
run_workers(void (*fn)(void *), uint64_t want)
{
	struct thread *t[NWORKERS];

	counter = 0;
	for (int i = 0; i < NWORKERS; i++) {
		t[i] = thread_create_on("worker", fn, NULL, PRIO_DEFAULT,
					1ull << (i % hal_cpu_count()));
		KT_ASSERT(t[i] != NULL);
	}
	for (int i = 0; i < NWORKERS; i++)
		thread_join(t[i]);
	KT_ASSERT_MSG(counter == want, "counter %llu, want %llu",
		      (unsigned long long)counter, (unsigned long long)want);
	return 0;
}

int
ktest_spin_contention(void)
{
	return run_workers(spin_worker, (uint64_t)NWORKERS * SPIN_ITERS);
}

int
ktest_mutex_contention(void)
{
	mutex_init(&mtx, "ktest");
	return run_workers(mutex_worker, (uint64_t)NWORKERS * MUTEX_ITERS);
}

static struct waitq wq;
static volatile int go, woken, tokens;

static void
go_waiter(void *arg)
{
	(void)arg;
	wait_event(&wq, go);
	__atomic_add_fetch(&woken, 1, __ATOMIC_SEQ_CST);
}

static void
token_waiter(void *arg)
{
	(void)arg;
	for (;;) {
		wait_event(&wq, tokens > 0 || go);
		if (go)
			return;
		if (__atomic_sub_fetch(&tokens, 1, __ATOMIC_SEQ_CST) >= 0)
			break;
		__atomic_add_fetch(&tokens, 1, __ATOMIC_SEQ_CST);
	}
	__atomic_add_fetch(&woken, 1, __ATOMIC_SEQ_CST);
}

/* wake_all wakes every sleeper; wake_one lets exactly one through. */
int
ktest_waitq(void)
{
	struct thread *t[8];

	waitq_init(&wq);
	go = woken = tokens = 0;
	for (int i = 0; i < 8; i++)
		KT_ASSERT((t[i] = thread_create("wq", go_waiter, NULL, PRIO_DEFAULT)));
	thread_sleep_ns(5 * NSEC_PER_MSEC);
	KT_ASSERT(woken == 0);
	go = 1;
	waitq_wake_all(&wq);
	for (int i = 0; i < 8; i++)
		thread_join(t[i]);
	KT_ASSERT(woken == 8);

	go = woken = 0;
	for (int i = 0; i < 3; i++)
		KT_ASSERT((t[i] = thread_create("wq1", token_waiter, NULL, PRIO_DEFAULT)));
	thread_sleep_ns(5 * NSEC_PER_MSEC);
	__atomic_add_fetch(&tokens, 1, __ATOMIC_SEQ_CST);
	waitq_wake_one(&wq);
	thread_sleep_ns(5 * NSEC_PER_MSEC);
	KT_ASSERT_MSG(woken == 1, "woken %d after one token", woken);
	go = 1;
	waitq_wake_all(&wq);
	for (int i = 0; i < 3; i++)
		thread_join(t[i]);
	return 0;
}

#define NITEMS 10000
#define RING 16

static struct semaphore slots, items;
static int ring[RING];
static uint64_t consumed_sum;

static void
producer(void *arg)
{
	(void)arg;
	for (int i = 1; i <= NITEMS; i++) {
		sem_down(&slots);
		ring[i % RING] = i;
		sem_up(&items);
	}
}

static void
consumer(void *arg)
{
	(void)arg;
	for (int i = 1; i <= NITEMS; i++) {
		sem_down(&items);
		consumed_sum += (uint64_t)ring[i % RING];
		sem_up(&slots);
	}
}

int
ktest_semaphore(void)
{
	struct thread *p, *c;

	sem_init(&slots, RING);
	sem_init(&items, 0);
	consumed_sum = 0;
	KT_ASSERT((c = thread_create("consumer", consumer, NULL, PRIO_DEFAULT)));
	KT_ASSERT((p = thread_create("producer", producer, NULL, PRIO_DEFAULT)));
	thread_join(p);
	thread_join(c);
	KT_ASSERT(consumed_sum == (uint64_t)NITEMS * (NITEMS + 1) / 2);
	KT_ASSERT(!sem_trydown(&items));
	return 0;
}

#define ROUNDS 1000

static struct mutex cv_m;
static struct condvar cv;
static volatile int turn, rounds_done;

static void
pinger(void *arg)
{
	int me = (int)(uintptr_t)arg;

	for (int r = 0; r < ROUNDS; r++) {
		mutex_lock(&cv_m);
		while (turn != me)
			cond_wait(&cv, &cv_m);
		turn = !me;
		rounds_done++;
		cond_broadcast(&cv);
		mutex_unlock(&cv_m);
	}
}

int
ktest_condvar(void)
{
	struct thread *a, *b;
	bool timed_out;

	mutex_init(&cv_m, "cv");
	cond_init(&cv);
	turn = rounds_done = 0;
	KT_ASSERT((a = thread_create("ping", pinger, (void *)0, PRIO_DEFAULT)));
	KT_ASSERT((b = thread_create("pong", pinger, (void *)1, PRIO_DEFAULT)));
	thread_join(a);
	thread_join(b);
	KT_ASSERT(rounds_done == 2 * ROUNDS);
	mutex_lock(&cv_m);
	timed_out = !cond_wait_until(&cv, &cv_m, hal_time_ns() + 2 * NSEC_PER_MSEC);
	mutex_unlock(&cv_m);
	KT_ASSERT(timed_out);
	return 0;
}
