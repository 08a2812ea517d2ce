/*
 * waitq.c -- wait queues. A waiter first marks itself sleeping and joins the
 * queue, then checks its condition, then switches away; a wakeup between
 * the check and the switch just makes the switch return at once.
 */
#include "waitq.h"

void
waitq_init(struct waitq *wq)
{
	spin_init(&wq->lock, "waitq");
	list_init(&wq->waiters);
}

/*
 * Join wq (if not already in it) and mark the current thread sleeping.
 * w starts as { LIST_INIT(w.link), NULL }.
 */
void
waitq_prepare(struct waitq *wq, struct waiter *w)
{
	spin_lock(&wq->lock);
	if (list_empty(&w->link)) {
		w->t = curthread();
		list_append(&wq->waiters, &w->link);
	}
	thread_set_sleeping();
	spin_unlock(&wq->lock);
}

/* After waiting: runnable again, and out of the queue. */
void
waitq_finish(struct waitq *wq, struct waiter *w)
{
	struct thread *t = curthread();

	spin_lock(&t->lock);
	t->state = T_RUNNING;
	spin_unlock(&t->lock);
	spin_lock(&wq->lock);
	if (!list_empty(&w->link))
		list_remove(&w->link);
	spin_unlock(&wq->lock);
}

/* Wake the oldest waiter; returns 1 if there was one, else 0. */
int
waitq_wake_one(struct waitq *wq)
{
	struct waiter *w;

	spin_lock(&wq->lock);
	if (list_empty(&wq->waiters)) {
		spin_unlock(&wq->lock);
		return 0;
	}
	w = list_first(&wq->waiters, struct waiter, link);
	list_remove(&w->link);
	thread_wake(w->t);
	spin_unlock(&wq->lock);
	return 1;
}

/* Wake every waiter; returns how many there were. */
int
waitq_wake_all(struct waitq *wq)
{
	struct waiter *w;
	int n = 0;

	spin_lock(&wq->lock);
	while (!list_empty(&wq->waiters)) {
		w = list_first(&wq->waiters, struct waiter, link);
		list_remove(&w->link);
		thread_wake(w->t);
		n++;
	}
	spin_unlock(&wq->lock);
	return n;
}

static void
timeout_fn(struct timer *t)
{
	thread_wake(t->arg);
}

/*
 * The current thread, already marked sleeping, switches away until woken
 * or until `deadline`. Returns false if the deadline had passed.
 */
bool
waitq_sleep_until(uint64_t deadline)
{
	struct timer tm;

	if (hal_time_ns() >= deadline)
		return false;
	timer_init(&tm, timeout_fn, curthread());
	timer_arm(&tm, deadline);
	sched();
	timer_cancel(&tm);
	return true;
}

/* ---- mutexes ---- */

void
mutex_init(struct mutex *m, const char *name)
{
	spin_init(&m->lock, "mutex");
	m->owner = NULL;
	waitq_init(&m->wq);
	m->name = name;
}

/* Take m, sleeping while another thread holds it. May sleep. */
void
mutex_lock(struct mutex *m)
{
	struct waiter w = { LIST_INIT(w.link), NULL };

	for (;;) {
		spin_lock(&m->lock);
		if (m->owner == NULL) {
			m->owner = curthread();
			spin_unlock(&m->lock);
			break;
		}
		if (m->owner == curthread())
			panic("mutex_lock: %s: recursive locking", m->name);
		waitq_prepare(&m->wq, &w);
		spin_unlock(&m->lock);
		sched();
	}
	waitq_finish(&m->wq, &w);
}

bool
mutex_trylock(struct mutex *m)
{
	bool ok;

	spin_lock(&m->lock);
	ok = m->owner == NULL;
	if (ok)
		m->owner = curthread();
	spin_unlock(&m->lock);
	return ok;
}

void
mutex_unlock(struct mutex *m)
{
	spin_lock(&m->lock);
	if (m->owner != curthread())
		panic("mutex_unlock: %s not held by this thread", m->name);
	m->owner = NULL;
	waitq_wake_one(&m->wq);
	spin_unlock(&m->lock);
}

bool
mutex_held(struct mutex *m)
{
	return READ_ONCE(m->owner) == curthread();
}

/* ---- semaphores ---- */

void
sem_init(struct semaphore *s, long count)
{
	spin_init(&s->lock, "sem");
	s->count = count;
	waitq_init(&s->wq);
}

void
sem_down(struct semaphore *s)
{
	struct waiter w = { LIST_INIT(w.link), NULL };

	for (;;) {
		spin_lock(&s->lock);
		if (s->count > 0) {
			s->count--;
			spin_unlock(&s->lock);
			break;
		}
		waitq_prepare(&s->wq, &w);
		spin_unlock(&s->lock);
		sched();
	}
	waitq_finish(&s->wq, &w);
}

bool
sem_trydown(struct semaphore *s)
{
	bool ok;

	spin_lock(&s->lock);
	ok = s->count > 0;
	if (ok)
		s->count--;
	spin_unlock(&s->lock);
	return ok;
}

void
sem_up(struct semaphore *s)
{
	spin_lock(&s->lock);
	s->count++;
	waitq_wake_one(&s->wq);
	spin_unlock(&s->lock);
}

/* ---- condition variables ---- */

void
cond_init(struct condvar *cv)
{
	waitq_init(&cv->wq);
}

/* Release m, sleep until signalled, take m again. */
void
cond_wait(struct condvar *cv, struct mutex *m)
{
	struct waiter w = { LIST_INIT(w.link), NULL };

	waitq_prepare(&cv->wq, &w);
	mutex_unlock(m);
	sched();
	waitq_finish(&cv->wq, &w);
	mutex_lock(m);
}

/* As cond_wait, until `deadline`; false if it timed out. */
bool
cond_wait_until(struct condvar *cv, struct mutex *m, uint64_t deadline)
{
	struct waiter w = { LIST_INIT(w.link), NULL };
	bool ok;

	waitq_prepare(&cv->wq, &w);
	mutex_unlock(m);
	ok = waitq_sleep_until(deadline);
	spin_lock(&cv->wq.lock);
	ok = ok && list_empty(&w.link);		/* taken off the queue: signalled */
	spin_unlock(&cv->wq.lock);
	waitq_finish(&cv->wq, &w);
	mutex_lock(m);
	return ok;
}

void
cond_signal(struct condvar *cv)
{
	waitq_wake_one(&cv->wq);
}

void
cond_broadcast(struct condvar *cv)
{
	waitq_wake_all(&cv->wq);
}
