/*
 * mmu_ktest.c -- the HAL's page table contract (hal.h), as kernel/vm.c
 * relies on it, on whatever HAL runs the tests: what a new table shows,
 * lookups with the offset in the page, the bits an entry keeps, unmap.
 */
#include "ktest.h"
#include "pmm.h"

#define VA 0x10000000ul
#define RWX (HAL_PROT_R | HAL_PROT_W | HAL_PROT_X)

static int
count_entry(uintptr_t va, paddr_t pa, unsigned prot, void *arg)
{
	(void)va;
	(void)pa;
	(void)prot;
	(*(int *)arg)++;
	return 0;
}

/* The checks on one table; the caller frees it and the page. */
static int
check_pt(struct hal_pt *pt, paddr_t page)
{
	unsigned prot;
	paddr_t pa;
	int n = 0;

	/* A new table holds nothing the kernel can see (a HAL's own
	 * mappings, like aarch64's sigreturn page, stay hidden). */
	KT_ASSERT(hal_pt_walk(pt, 0, HAL_USER_TOP, count_entry, &n) == 0);
	KT_ASSERT_MSG(n == 0, "a new table has %d entries", n);
	KT_ASSERT(!hal_pt_lookup(pt, HAL_USER_TOP - HAL_PAGE_SIZE, &pa, &prot));
	KT_ASSERT(hal_pt_map(pt, HAL_USER_TOP, page, HAL_PROT_R) < 0);

	KT_ASSERT(hal_pt_map(pt, VA, page, HAL_PROT_R | HAL_PROT_W | HAL_PTE_SW) == 0);
	KT_ASSERT(hal_pt_lookup(pt, VA + 0x123, &pa, &prot));
	KT_ASSERT_MSG(pa == page + 0x123, "lookup gives %#llx for %#llx",
		      (unsigned long long)pa, (unsigned long long)page + 0x123);
	KT_ASSERT((prot & (RWX | HAL_PTE_SW)) == (HAL_PROT_R | HAL_PROT_W | HAL_PTE_SW));
	KT_ASSERT(!(prot & HAL_PTE_D));		/* nothing wrote through it */
	hal_pt_clear_ad(pt, VA);
	KT_ASSERT(hal_pt_lookup(pt, VA, &pa, &prot));
	KT_ASSERT(!(prot & (HAL_PTE_A | HAL_PTE_D)));
	KT_ASSERT((prot & RWX) == (HAL_PROT_R | HAL_PROT_W));

	/* PROT_NONE: no access, but the page and bits stay for lookups. */
	KT_ASSERT(hal_pt_map(pt, VA + HAL_PAGE_SIZE, page, HAL_PTE_SW) == 0);
	KT_ASSERT(hal_pt_lookup(pt, VA + HAL_PAGE_SIZE, &pa, &prot));
	KT_ASSERT(pa == page && (prot & (RWX | HAL_PTE_SW)) == HAL_PTE_SW);

	n = 0;
	KT_ASSERT(hal_pt_walk(pt, 0, HAL_USER_TOP, count_entry, &n) == 0 && n == 2);
	hal_pt_unmap(pt, VA);
	hal_pt_unmap(pt, VA + HAL_PAGE_SIZE);
	KT_ASSERT(!hal_pt_lookup(pt, VA, &pa, &prot));
	n = 0;
	KT_ASSERT(hal_pt_walk(pt, 0, HAL_USER_TOP, count_entry, &n) == 0 && n == 0);
	return 0;
}

int
ktest_hal_pt(void)
{
	struct hal_pt pt;
	paddr_t page = pmm_alloc(0);
	int r;

	KT_ASSERT(page != 0);
	if (hal_pt_init(&pt) < 0) {
		pmm_free(page, 0);
		KT_ASSERT(!"hal_pt_init");
	}
	r = check_pt(&pt, page);
	hal_pt_destroy(&pt);
	pmm_free(page, 0);
	return r;
}
