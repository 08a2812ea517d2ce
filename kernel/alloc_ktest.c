/*
 * alloc_ktest.c -- self tests of the page allocator and the kernel heap,
 * including a stress run from threads on every CPU.
 */
#include "heap.h"
#include "ktest.h"
#include "pmm.h"
#include "sched.h"

int
ktest_pmm(void)
{
	size_t free0 = pmm_free_pages(), n = 0;
	void *head = NULL, *p;

	for (unsigned o = 0; o < PMM_MAX_ORDER; o++) {
		p = page_alloc(o);
		KT_ASSERT(p != NULL);
		KT_ASSERT(((uintptr_t)hal_v2p(p) & ((PAGE_SIZE << o) - 1)) == 0);
		KT_ASSERT(pmm_free_pages() == free0 - (1u << o));
		page_free(p, o);
		KT_ASSERT(pmm_free_pages() == free0);
	}
	/* Take every page, chained through the pages themselves. */
	while ((p = page_alloc(0)) != NULL) {
		*(void **)p = head;
		head = p;
		n++;
	}
	KT_ASSERT(pmm_free_pages() == 0);
	KT_ASSERT(n == free0);
	while (head != NULL) {
		p = head;
		head = *(void **)p;
		page_free(p, 0);
	}
	KT_ASSERT(pmm_free_pages() == free0);
	/* Buddies merged again: a largest block is available. */
	p = page_alloc(PMM_MAX_ORDER - 1);
	KT_ASSERT(p != NULL);
	page_free(p, PMM_MAX_ORDER - 1);
	return 0;
}

int
ktest_heap(void)
{
	static const size_t sizes[] = { 1, 15, 16, 17, 100, 1000, 2048, 2049,
					4096, 5000, 70000 };
	void *p[ARRAY_SIZE(sizes)];

	kfree(NULL);
	for (size_t i = 0; i < ARRAY_SIZE(sizes); i++) {
		p[i] = kmalloc(sizes[i]);
		KT_ASSERT(p[i] != NULL);
		KT_ASSERT(kmalloc_usable(p[i]) >= sizes[i]);
		KT_ASSERT(((uintptr_t)p[i] & 15) == 0);
		memset(p[i], (int)i, sizes[i]);
	}
	for (size_t i = 0; i < ARRAY_SIZE(sizes); i++) {
		unsigned char *b = p[i];
		KT_ASSERT(b[0] == i && b[sizes[i] - 1] == i);
		kfree(p[i]);
	}
	char *s = kstrdup("circle");
	KT_ASSERT(s != NULL && strcmp(s, "circle") == 0);
	kfree(s);
	void *z = kzalloc(300);
	KT_ASSERT(z != NULL && ((unsigned char *)z)[299] == 0);
	kfree(z);
	return 0;
}

#define STRESS_LIVE 48
#define STRESS_OPS 4000

static int stress_errors;

static void
stress_thread(void *arg)
{
	uint64_t seed = (uint64_t)(uintptr_t)arg * 7919 + 1;
	unsigned char *live[STRESS_LIVE] = { 0 };
	size_t size[STRESS_LIVE] = { 0 };

	for (int op = 0; op < STRESS_OPS; op++) {
		int k = (int)(ktest_rand(&seed) % STRESS_LIVE);

		if (live[k] != NULL) {
			unsigned char want = (unsigned char)(k + size[k]);
			if (live[k][0] != want || live[k][size[k] - 1] != want)
				__atomic_add_fetch(&stress_errors, 1, __ATOMIC_RELAXED);
			kfree(live[k]);
			live[k] = NULL;
			continue;
		}
		size[k] = 1 + ktest_rand(&seed) % ((op & 15) == 0 ? 20000 : 600);
		live[k] = kmalloc(size[k]);
		if (live[k] != NULL)
			memset(live[k], (unsigned char)(k + size[k]), size[k]);
		if ((op & 63) == 0)
			sched_yield();
	}
	for (int k = 0; k < STRESS_LIVE; k++)
		kfree(live[k]);
}

int
ktest_alloc_stress(void)
{
	int n = 2 * hal_cpu_count();
	struct thread *t[2 * HAL_MAX_CPUS];

	stress_errors = 0;
	for (int i = 0; i < n; i++) {
		t[i] = thread_create("stress", stress_thread, (void *)(uintptr_t)i,
				     PRIO_DEFAULT);
		KT_ASSERT(t[i] != NULL);
	}
	for (int i = 0; i < n; i++)
		thread_join(t[i]);
	KT_ASSERT(stress_errors == 0);
	return 0;
}
