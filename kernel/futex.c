/*
 * futex.c -- futex(2): threads sleep on a user word and are woken by
 * address. As in Linux, a word in private memory is known by (address
 * space, address) and a word in shared memory by its physical page, so
 * processes sharing a MAP_SHARED region can use one futex.
 */
#include "futex.h"
#include "proc.h"
#include "syscall.h"
#include "uaccess.h"
#include "vfs.h"
#include "vm.h"

#define FUTEX_WAIT 0
#define FUTEX_WAKE 1
#define FUTEX_REQUEUE 3
#define FUTEX_CMP_REQUEUE 4
#define FUTEX_WAIT_BITSET 9
#define FUTEX_WAKE_BITSET 10
#define FUTEX_PRIVATE_FLAG 128
#define FUTEX_CLOCK_REALTIME 256
#define FUTEX_BITSET_ANY 0xffffffffu
#define NBUCKET 64

struct fkey {
	uintptr_t space;	/* the vm, or 0 for a physical key */
	uintptr_t addr;		/* user address, or physical address */
};

struct fwaiter {
	struct list link;
	struct fkey key;
	struct thread *t;
	uint32_t bitset;
	bool woken;
};

struct bucket {
	struct spinlock lock;
	struct list waiters;
};

static struct bucket buckets[NBUCKET];
static bool ready;

static void
init_once(void)
{
	if (__atomic_load_n(&ready, __ATOMIC_ACQUIRE))
		return;
	for (int i = 0; i < NBUCKET; i++) {
		spin_init(&buckets[i].lock, "futex");
		list_init(&buckets[i].waiters);
	}
	__atomic_store_n(&ready, true, __ATOMIC_RELEASE);
}

/* Called once at boot. */
void
futex_init(void)
{
	init_once();
}

static struct bucket *
bucket_of(const struct fkey *k)
{
	uint64_t h = (k->space ^ (k->addr >> 2)) * 0x9e3779b97f4a7c15ull;

	return &buckets[h >> 58];
}

static bool
same(const struct fkey *a, const struct fkey *b)
{
	return a->space == b->space && a->addr == b->addr;
}

/*
 * The key of user word uaddr in vm, and a referenced physical address of
 * it for reading its value. 0, -EFAULT or -EINVAL (misaligned).
 */
static int
get_key(struct vm *vm, uintptr_t uaddr, struct fkey *k, paddr_t *pa)
{
	struct vma *v;
	bool shared;

	if (uaddr & 3)
		return -EINVAL;
	if (vm_translate(vm, uaddr, HAL_ACCESS_READ, pa) < 0)
		return -EFAULT;
	mutex_lock(&vm->lock);
	v = vma_find(vm, uaddr);
	shared = v != NULL && (v->flags & VMA_SHARED);
	mutex_unlock(&vm->lock);
	k->space = shared ? 0 : (uintptr_t)vm;
	k->addr = shared ? *pa : uaddr;
	return 0;
}

/* Wake up to n waiters on uaddr of vm whose bitset meets `bitset`. */
static int
wake(struct vm *vm, uintptr_t uaddr, int n, uint32_t bitset)
{
	struct list *pos, *nx;
	struct fkey k;
	struct bucket *b;
	paddr_t pa;
	int woken = 0, r;

	if ((r = get_key(vm, uaddr, &k, &pa)) < 0)
		return r;
	page_unref(pa);
	b = bucket_of(&k);
	spin_lock(&b->lock);
	list_for_each_safe(pos, nx, &b->waiters) {
		struct fwaiter *w = list_entry(pos, struct fwaiter, link);
		if (woken >= n)
			break;
		if (!same(&w->key, &k) || !(w->bitset & bitset))
			continue;
		list_remove(&w->link);
		w->woken = true;
		thread_wake(w->t);
		woken++;
	}
	spin_unlock(&b->lock);
	return woken;
}

int
futex_wake_addr(struct vm *vm, uintptr_t uaddr, int n)
{
	init_once();
	return wake(vm, uaddr, n, FUTEX_BITSET_ANY);
}

/* Sleep while *uaddr == val, until woken, `deadline` or a signal. */
static int
wait(struct vm *vm, uintptr_t uaddr, uint32_t val, uint64_t deadline,
     uint32_t bitset)
{
	struct fwaiter w;
	struct bucket *b;
	paddr_t pa;
	uint32_t cur;
	int r;

	if ((r = get_key(vm, uaddr, &w.key, &pa)) < 0)
		return r;
	b = bucket_of(&w.key);
	w.t = curthread();
	w.bitset = bitset;
	w.woken = false;
	spin_lock(&b->lock);
	cur = __atomic_load_n((uint32_t *)hal_p2v(pa), __ATOMIC_SEQ_CST);
	page_unref(pa);
	if (cur != val) {
		spin_unlock(&b->lock);
		return -EAGAIN;
	}
	list_append(&b->waiters, &w.link);
	thread_set_sleeping();
	spin_unlock(&b->lock);
	for (;;) {
		if (READ_ONCE(w.woken) || signal_pending())
			break;
		if (deadline != ~0ull) {
			if (!waitq_sleep_until(deadline))
				break;
		} else {
			sched();
		}
		thread_set_sleeping();
	}
	thread_wake(curthread());	/* back to running, whatever woke us */
	spin_lock(&b->lock);
	if (!w.woken)
		list_remove(&w.link);
	spin_unlock(&b->lock);
	if (w.woken)
		return 0;
	if (deadline != ~0ull && hal_time_ns() >= deadline)
		return -ETIMEDOUT;
	return -EINTR;
}

/* Wake n waiters of uaddr, move up to n2 others to uaddr2. */
static int
requeue(struct vm *vm, uintptr_t uaddr, int n, int n2, uintptr_t uaddr2,
	bool cmp, uint32_t val)
{
	struct fkey k1, k2;
	struct bucket *b1, *b2;
	struct list *pos, *nx;
	paddr_t pa1, pa2;
	int done = 0, r;

	if ((r = get_key(vm, uaddr, &k1, &pa1)) < 0)
		return r;
	if ((r = get_key(vm, uaddr2, &k2, &pa2)) < 0) {
		page_unref(pa1);
		return r;
	}
	page_unref(pa2);
	b1 = bucket_of(&k1);
	b2 = bucket_of(&k2);
	spin_lock(b1 < b2 ? &b1->lock : &b2->lock);
	if (b1 != b2)
		spin_lock(b1 < b2 ? &b2->lock : &b1->lock);
	if (cmp && __atomic_load_n((uint32_t *)hal_p2v(pa1), __ATOMIC_SEQ_CST) != val) {
		r = -EAGAIN;
		goto out;
	}
	list_for_each_safe(pos, nx, &b1->waiters) {
		struct fwaiter *w = list_entry(pos, struct fwaiter, link);
		if (!same(&w->key, &k1))
			continue;
		if (done < n) {
			list_remove(&w->link);
			w->woken = true;
			thread_wake(w->t);
		} else if (done < n + n2) {
			list_remove(&w->link);
			w->key = k2;
			list_append(&b2->waiters, &w->link);
		} else {
			break;
		}
		done++;
	}
	r = done;
out:
	if (b1 != b2)
		spin_unlock(b1 < b2 ? &b2->lock : &b1->lock);
	spin_unlock(b1 < b2 ? &b1->lock : &b2->lock);
	page_unref(pa1);
	return r;
}

struct timespec_k {
	int64_t sec, nsec;
};

/* Deadline (hal_time_ns) from a futex timeout: relative for FUTEX_WAIT. */
static int
deadline_of(uintptr_t uts, bool absolute, bool realtime, uint64_t *deadline)
{
	struct timespec_k ts;
	uint64_t t, now = hal_time_ns();

	*deadline = ~0ull;
	if (uts == 0)
		return 0;
	if (copy_from_user(&ts, uts, sizeof(ts)) < 0)
		return -EFAULT;
	if (ts.sec < 0 || ts.nsec < 0 || ts.nsec >= 1000000000)
		return -EINVAL;
	t = (uint64_t)ts.sec * NSEC_PER_SEC + (uint64_t)ts.nsec;
	if (!absolute)
		*deadline = now + t;
	else if (realtime)
		*deadline = t > hal_rtc_boot_seconds() * NSEC_PER_SEC ?
			t - hal_rtc_boot_seconds() * NSEC_PER_SEC : 0;
	else
		*deadline = t;
	return 0;
}

SYSCALL6(futex, uintptr_t, uaddr, int, op, uint32_t, val, uintptr_t, uts,
	 uintptr_t, uaddr2, uint32_t, val3)
{
	struct vm *vm = curproc()->vm;
	int cmd = op & ~(FUTEX_PRIVATE_FLAG | FUTEX_CLOCK_REALTIME);
	uint64_t deadline;
	int r;

	init_once();
	switch (cmd) {
	case FUTEX_WAIT:
	case FUTEX_WAIT_BITSET:
		if (cmd == FUTEX_WAIT_BITSET && val3 == 0)
			return -EINVAL;
		r = deadline_of(uts, cmd == FUTEX_WAIT_BITSET,
				(op & FUTEX_CLOCK_REALTIME) != 0, &deadline);
		if (r < 0)
			return r;
		return wait(vm, uaddr, val, deadline,
			    cmd == FUTEX_WAIT ? FUTEX_BITSET_ANY : val3);
	case FUTEX_WAKE:
	case FUTEX_WAKE_BITSET:
		if (cmd == FUTEX_WAKE_BITSET && val3 == 0)
			return -EINVAL;
		return wake(vm, uaddr, (int)MIN(val, (uint32_t)INT32_MAX),
			    cmd == FUTEX_WAKE ? FUTEX_BITSET_ANY : val3);
	case FUTEX_REQUEUE:
	case FUTEX_CMP_REQUEUE:
		return requeue(vm, uaddr, (int)MIN(val, (uint32_t)INT32_MAX),
			       (int)MIN((uint32_t)uts, (uint32_t)INT32_MAX), uaddr2,
			       cmd == FUTEX_CMP_REQUEUE, val3);
	default:
		return -ENOSYS;
	}
}
