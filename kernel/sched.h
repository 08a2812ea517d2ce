/*
 * sched.h -- kernel threads and the preemptive scheduler: per-CPU run
 * queues with strict priorities and round robin inside a priority, time
 * slices from the timer, work stealing and wake-up placement across CPUs.
 */
#ifndef KERNEL_SCHED_H
#define KERNEL_SCHED_H

#include "kernel.h"
#include "spinlock.h"
#include "timer.h"

#define NPRIO 32		/* 0 is the most urgent */
#define PRIO_DEFAULT 16
#define PRIO_IDLE NPRIO		/* the idle threads only */
#define SLICE_NS (10 * NSEC_PER_MSEC)

enum thread_state {
	T_RUNNING,		/* running or runnable */
	T_SLEEPING,		/* waiting for thread_wake */
	T_DEAD,			/* exited, waiting to be joined */
};

struct runq {
	struct spinlock lock;
	struct list q[NPRIO];	/* runnable threads, by priority */
	uint32_t bitmap;	/* bit p: q[p] not empty */
	int nr;			/* threads queued (not the running one) */
};

struct thread {
	struct hal_ctx ctx;	/* saved registers; first for alignment */
	struct spinlock lock;	/* guards state, on_rq */
	int state;		/* enum thread_state */
	int on_rq;		/* counted by a run queue (queued or running) */
	int on_cpu;		/* its context is live on some CPU */
	int cpu;		/* CPU whose queue holds it, or last ran on */
	int prio;
	uint64_t affinity;	/* CPUs it may run on (bit per CPU) */
	struct list rq_link;	/* in runq.q[prio] */
	int tid;
	char name[16];
	void *kstack;
	void (*fn)(void *);
	void *arg;
	int exit_code;
	bool detached;		/* guarded by lock: freed when it exits */
	struct list dead_link;	/* on the reaper's list once dead */
	uint64_t runtime_ns;	/* CPU time used */
	uint64_t ran_at;	/* hal_time_ns() when it last got a CPU */
	uint64_t switches;
	uint64_t cpus_seen;	/* bit per CPU it has run on */
	void *proc;		/* user process it belongs to, if any */
	struct list all_link;	/* in the list of all threads */
};

struct thread *thread_create(const char *name, void (*fn)(void *), void *arg,
			     int prio);
struct thread *thread_create_on(const char *name, void (*fn)(void *),
				void *arg, int prio, uint64_t affinity);
void thread_exit(int code) __attribute__((noreturn));
int thread_join(struct thread *t);
void thread_detach(struct thread *t);
bool thread_wake(struct thread *t);
void thread_set_sleeping(void);
void thread_sleep_ns(uint64_t ns);
void thread_sleep_until(uint64_t deadline);
static inline struct thread *
curthread(void)
{
	return hal_current();
}

void sched(void);
void sched_yield(void);
void sched_init(void);
void sched_cpu_start(void) __attribute__((noreturn));
void sched_idle_forever(void) __attribute__((noreturn));
int thread_reap(void);
uint64_t thread_cpu_ns(void);
void sched_tick(uint64_t now);
int sched_nthreads(void);

/* Run queue operations (pure; the caller holds rq->lock). */
void runq_init(struct runq *rq);
void runq_add(struct runq *rq, struct thread *t, bool front);
void runq_remove(struct runq *rq, struct thread *t);
struct thread *runq_pick(struct runq *rq);
struct thread *runq_steal(struct runq *rq, int cpu);

#endif
