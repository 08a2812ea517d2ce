/*
 * waitq.h -- wait queues, and the sleeping locks built on them: mutexes,
 * counting semaphores and condition variables.
 */
#ifndef KERNEL_WAITQ_H
#define KERNEL_WAITQ_H

#include "sched.h"

struct waitq {
	struct spinlock lock;
	struct list waiters;	/* struct waiter, oldest first */
};

struct waiter {
	struct list link;	/* in waitq.waiters while waiting */
	struct thread *t;
};

#define WAITQ_INIT(wq) { SPINLOCK_INIT("waitq"), LIST_INIT((wq).waiters) }

void waitq_init(struct waitq *wq);
void waitq_prepare(struct waitq *wq, struct waiter *w);
void waitq_finish(struct waitq *wq, struct waiter *w);
int waitq_wake_one(struct waitq *wq);
int waitq_wake_all(struct waitq *wq);
bool waitq_sleep_until(uint64_t deadline);

/*
 * Sleep until `cond` holds. The condition is re-checked after every
 * wakeup; a waker changes what cond reads, then calls waitq_wake_*.
 */
#define wait_event(wq, cond) do {					\
	struct waiter __w = { LIST_INIT(__w.link), NULL };		\
	for (;;) {							\
		waitq_prepare((wq), &__w);				\
		if (cond)						\
			break;						\
		sched();						\
	}								\
	waitq_finish((wq), &__w);					\
} while (0)

/* As wait_event, but gives up at `deadline`; evaluates to cond. */
#define wait_event_until(wq, cond, deadline) ({				\
	struct waiter __w = { LIST_INIT(__w.link), NULL };		\
	bool __ok;							\
	for (;;) {							\
		waitq_prepare((wq), &__w);				\
		if ((__ok = (cond)) || !waitq_sleep_until(deadline))	\
			break;						\
	}								\
	waitq_finish((wq), &__w);					\
	__ok;								\
})

struct mutex {
	struct spinlock lock;	/* guards owner */
	struct thread *owner;
	struct waitq wq;
	const char *name;
};

void mutex_init(struct mutex *m, const char *name);
void mutex_lock(struct mutex *m);
bool mutex_trylock(struct mutex *m);
void mutex_unlock(struct mutex *m);
bool mutex_held(struct mutex *m);

struct semaphore {
	struct spinlock lock;	/* guards count */
	long count;
	struct waitq wq;
};

void sem_init(struct semaphore *s, long count);
void sem_down(struct semaphore *s);
bool sem_trydown(struct semaphore *s);
void sem_up(struct semaphore *s);

struct condvar {
	struct waitq wq;
};

void cond_init(struct condvar *cv);
void cond_wait(struct condvar *cv, struct mutex *m);
bool cond_wait_until(struct condvar *cv, struct mutex *m, uint64_t deadline);
void cond_signal(struct condvar *cv);
void cond_broadcast(struct condvar *cv);

#endif
