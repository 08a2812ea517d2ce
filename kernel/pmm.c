/*
 * pmm.c -- the physical page allocator: a binary buddy system with one
 * free list per order, over every RAM range the HAL reports. The array of
 * struct page is carved out of the first range large enough.
 */
#include "pmm.h"
#include "spinlock.h"

static struct spinlock pmm_lock = SPINLOCK_INIT("pmm");
static struct list free_list[PMM_MAX_ORDER];	/* guarded by pmm_lock */
static size_t nr_free;				/* guarded by pmm_lock */
static size_t nr_total;
static struct page *pages;
static uint64_t pfn_base, pfn_end;

struct page *
pa_to_page(paddr_t pa)
{
	uint64_t pfn = pa >> PAGE_SHIFT;

	if (pfn < pfn_base || pfn >= pfn_end)
		return NULL;
	return &pages[pfn - pfn_base];
}

paddr_t
page_to_pa(const struct page *pg)
{
	return (paddr_t)((uint64_t)(pg - pages) + pfn_base) << PAGE_SHIFT;
}

/* True if pa lies in RAM that the allocator manages. */
bool
pmm_is_ram(paddr_t pa)
{
	struct page *pg = pa_to_page(pa);

	return pg != NULL && !(pg->flags & PG_RESERVED);
}

/* Smallest order whose block holds `bytes`; PMM_MAX_ORDER if none. */
unsigned
pmm_order_for(size_t bytes)
{
	unsigned order = 0;

	while (order < PMM_MAX_ORDER && ((size_t)PAGE_SIZE << order) < bytes)
		order++;
	return order;
}

/* Add the block at pfn to the free lists, merging buddies. Lock held. */
static void
free_block(uint64_t pfn, unsigned order)
{
	struct page *pg = &pages[pfn - pfn_base], *buddy;
	uint64_t bpfn;

	while (order + 1 < PMM_MAX_ORDER) {
		bpfn = pfn ^ (1ull << order);
		if (bpfn < pfn_base || bpfn + (1ull << order) > pfn_end)
			break;
		buddy = &pages[bpfn - pfn_base];
		if (!(buddy->flags & PG_FREE) || buddy->order != order)
			break;
		list_remove(&buddy->link);
		buddy->flags &= (uint16_t)~PG_FREE;
		pfn &= ~(1ull << order);
		order++;
	}
	pg = &pages[pfn - pfn_base];
	pg->flags = PG_FREE | PG_INFREE;
	pg->order = (uint8_t)order;
	list_push(&free_list[order], &pg->link);
}

static size_t (*reclaim_fn)(size_t pages);	/* set once at boot */
static int reclaiming;				/* atomic: one at a time */

/*
 * fn(n) frees up to n pages that some cache can do without (the page
 * cache's clean pages) and returns how many; pmm_alloc calls it when
 * the free lists cannot satisfy a request, then tries again, a few times
 * while it frees pages. fn must never wait for a lock.
 */
void
pmm_set_reclaim(size_t (*fn)(size_t pages))
{
	reclaim_fn = fn;
}

static paddr_t alloc_block(unsigned order);

/* Allocate 2^order contiguous pages; returns their address or 0. Any
 * context. */
paddr_t
pmm_alloc(unsigned order)
{
	size_t want = MAX((size_t)64, (size_t)2 << order);
	paddr_t pa = alloc_block(order);

	if (pa == 0 && order < PMM_MAX_ORDER && reclaim_fn != NULL &&
	    !__atomic_exchange_n(&reclaiming, 1, __ATOMIC_ACQUIRE)) {
		/* Freed cache pages lie scattered: a block of 2^order may
		 * take many more than 2^order of them. Twice as many each
		 * round, until the block forms or nothing is left. */
		while (pa == 0 && reclaim_fn(want) > 0) {
			pa = alloc_block(order);
			want *= 2;
		}
		__atomic_store_n(&reclaiming, 0, __ATOMIC_RELEASE);
	}
	return pa;
}

static paddr_t
alloc_block(unsigned order)
{
	struct page *pg;
	unsigned o;
	uint64_t pfn;

	if (order >= PMM_MAX_ORDER)
		return 0;
	spin_lock(&pmm_lock);
	for (o = order; o < PMM_MAX_ORDER && list_empty(&free_list[o]); o++)
		;
	if (o == PMM_MAX_ORDER) {
		spin_unlock(&pmm_lock);
		return 0;
	}
	pg = list_first(&free_list[o], struct page, link);
	list_remove(&pg->link);
	pfn = (uint64_t)(pg - pages) + pfn_base;
	while (o > order) {		/* give back the upper halves */
		o--;
		struct page *half = &pages[pfn + (1ull << o) - pfn_base];
		half->flags = PG_FREE | PG_INFREE;
		half->order = (uint8_t)o;
		list_push(&free_list[o], &half->link);
	}
	for (uint64_t i = 0; i < (1ull << order); i++)
		pg[i].flags = 0;
	pg->order = (uint8_t)order;
	pg->refcount = 1;
	nr_free -= 1ull << order;
	spin_unlock(&pmm_lock);
	return (paddr_t)pfn << PAGE_SHIFT;
}

/* Free a block from pmm_alloc with the same order. */
void
pmm_free(paddr_t pa, unsigned order)
{
	struct page *pg = pa_to_page(pa);
	uint64_t pfn = pa >> PAGE_SHIFT;

	if (pg == NULL || (pa & (PAGE_SIZE - 1)) || order >= PMM_MAX_ORDER ||
	    (pfn & ((1ull << order) - 1)))
		panic("pmm_free: bad block %#llx order %u",
		      (unsigned long long)pa, order);
	spin_lock(&pmm_lock);
	for (uint64_t i = 0; i < (1ull << order); i++) {
		if (pg[i].flags & (PG_INFREE | PG_RESERVED))
			panic("pmm_free: double free or reserved page %#llx",
			      (unsigned long long)(pa + i * PAGE_SIZE));
		pg[i].flags = PG_INFREE;
		pg[i].refcount = 0;
	}
	free_block(pfn, order);
	nr_free += 1ull << order;
	spin_unlock(&pmm_lock);
}

void *
page_alloc(unsigned order)
{
	paddr_t pa = pmm_alloc(order);

	return pa ? hal_p2v(pa) : NULL;
}

void *
page_zalloc(unsigned order)
{
	void *p = page_alloc(order);

	if (p != NULL)
		memset(p, 0, (size_t)PAGE_SIZE << order);
	return p;
}

void
page_free(void *va, unsigned order)
{
	pmm_free(hal_v2p(va), order);
}

size_t
pmm_free_pages(void)
{
	return READ_ONCE(nr_free);
}

/*
 * Are at least n pages free? If not, the reclaim (the page cache's clean
 * pages) is asked for the difference first: memory full of cached files
 * is not memory in use. Any context that may take a spinlock.
 */
bool
pmm_reserve(size_t n)
{
	size_t have = pmm_free_pages();

	if (have >= n)
		return true;
	if (reclaim_fn == NULL ||
	    __atomic_exchange_n(&reclaiming, 1, __ATOMIC_ACQUIRE))
		return false;
	reclaim_fn(n - have);
	__atomic_store_n(&reclaiming, 0, __ATOMIC_RELEASE);
	return pmm_free_pages() >= n;
}

size_t
pmm_total_pages(void)
{
	return nr_total;
}

/* Release [pfn, end) to the free lists in the largest aligned blocks. */
static void
release_range(uint64_t pfn, uint64_t end)
{
	unsigned order;

	while (pfn < end) {
		order = PMM_MAX_ORDER - 1;
		while (order > 0 && ((pfn & ((1ull << order) - 1)) ||
				     pfn + (1ull << order) > end))
			order--;
		for (uint64_t i = 0; i < (1ull << order); i++)
			pages[pfn + i - pfn_base].flags = PG_INFREE;
		free_block(pfn, order);
		nr_free += 1ull << order;
		nr_total += 1ull << order;
		pfn += 1ull << order;
	}
}

/* Build the page array and the free lists from hal_mem_ranges. */
void
pmm_init(void)
{
	struct hal_mem_range r[16];
	int n = hal_mem_ranges(r, 16), i, home = -1;
	uint64_t lo = ~0ull, hi = 0, s, e, need;

	for (i = 0; i < n; i++) {
		s = ALIGN_UP((uint64_t)r[i].base, PAGE_SIZE) >> PAGE_SHIFT;
		e = ALIGN_DOWN((uint64_t)r[i].base + r[i].size, PAGE_SIZE) >> PAGE_SHIFT;
		lo = MIN(lo, s);
		hi = MAX(hi, e);
	}
	if (n == 0 || hi <= lo)
		panic("pmm_init: the HAL reports no RAM");
	{	/* the initrd's pages join later (pmm_release): cover them */
		paddr_t ib;
		size_t isz;
		if (hal_initrd(&ib, &isz))
			hi = MAX(hi, ALIGN_UP((uint64_t)ib + isz, PAGE_SIZE) >> PAGE_SHIFT);
	}
	pfn_base = lo;
	pfn_end = hi;
	need = ALIGN_UP((hi - lo) * sizeof(struct page), PAGE_SIZE) >> PAGE_SHIFT;
	for (i = 0; i < n && home < 0; i++)
		if (r[i].size >> PAGE_SHIFT > need + 16)
			home = i;
	if (home < 0)
		panic("pmm_init: no RAM range holds the page array");
	pages = hal_p2v(ALIGN_UP(r[home].base, PAGE_SIZE));
	for (uint64_t k = 0; k < hi - lo; k++) {
		pages[k].flags = PG_RESERVED;
		pages[k].refcount = 0;
		list_init(&pages[k].link);
	}
	for (i = 0; i < PMM_MAX_ORDER; i++)
		list_init(&free_list[i]);
	for (i = 0; i < n; i++) {
		s = ALIGN_UP((uint64_t)r[i].base, PAGE_SIZE) >> PAGE_SHIFT;
		e = ALIGN_DOWN((uint64_t)r[i].base + r[i].size, PAGE_SIZE) >> PAGE_SHIFT;
		if (i == home)
			s += need;
		release_range(s, e);
	}
}

/* Give the allocator RAM it did not manage yet (e.g. the unpacked
 * initrd). The range must lie inside the span pmm_init saw. */
void
pmm_release(paddr_t base, size_t size)
{
	uint64_t s = ALIGN_UP((uint64_t)base, PAGE_SIZE) >> PAGE_SHIFT;
	uint64_t e = ALIGN_DOWN((uint64_t)base + size, PAGE_SIZE) >> PAGE_SHIFT;

	if (s < pfn_base || e > pfn_end || s >= e)
		return;
	spin_lock(&pmm_lock);
	release_range(s, e);
	spin_unlock(&pmm_lock);
}

/* Page-table pages for the HAL (kernel/hal.h). */
paddr_t
kpt_page_alloc(void)
{
	void *p = page_zalloc(0);

	return p != NULL ? hal_v2p(p) : 0;
}

void
kpt_page_free(paddr_t pa)
{
	pmm_free(pa, 0);
}
