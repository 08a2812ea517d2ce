/*
 * mmu.c (aarch64) -- user address spaces: 4-level tables with 4 KiB
 * pages for TTBR0 (48-bit addresses; the kernel's half is TTBR1 and
 * never changes). A present entry keeps R, the accessed and dirty bits
 * and HAL_PTE_SW in its software bits (55-58); W is AP[2] clear, X is
 * UXN clear. An entry without R, W or X (PROT_NONE) is not valid for
 * the MMU and keeps the page and its bits for hal_pt_lookup. No ASIDs:
 * a switch of address space flushes the TLB.
 */
#include "a64.h"

#define PTE_VALID 0x3ull		/* a table, or a page at level 3 */
#define PTE_ATTR_NORMAL (1ull << 2)
#define PTE_USER (1ull << 6)		/* AP[1]: EL0 may access */
#define PTE_RDONLY (1ull << 7)		/* AP[2] */
#define PTE_SH (3ull << 8)
#define PTE_AF (1ull << 10)
#define PTE_NG (1ull << 11)
#define PTE_PXN (1ull << 53)
#define PTE_UXN (1ull << 54)
#define PTE_SW_R (1ull << 55)
#define PTE_SW_SW (1ull << 56)
#define PTE_SW_A (1ull << 57)
#define PTE_SW_D (1ull << 58)
#define PTE_NONE (1ull << 63)		/* a PROT_NONE entry: prot in 2..7 */
#define PTE_ADDR 0x0000fffffffff000ull

static uint64_t empty_l0[512] __attribute__((aligned(4096)));

static uint64_t *
table(paddr_t pa)
{
	return hal_p2v(pa);
}

/* The level-3 entry of va, allocating tables if `alloc`; NULL if none. */
static uint64_t *
walk(struct hal_pt *pt, uintptr_t va, bool alloc)
{
	uint64_t *t = table(pt->root);
	paddr_t pa;

	for (int shift = 39; shift > 12; shift -= 9) {
		uint64_t *e = &t[(va >> shift) & 511];

		if ((*e & PTE_VALID) != PTE_VALID) {
			if (!alloc || (pa = kpt_page_alloc()) == 0)
				return NULL;
			*e = pa | PTE_VALID;
		}
		t = table(*e & PTE_ADDR);
	}
	return &t[(va >> 12) & 511];
}

int
hal_pt_init(struct hal_pt *pt)
{
	pt->root = kpt_page_alloc();
	return pt->root == 0 ? -ENOMEM_HAL : 0;
}

int
hal_pt_reserve(struct hal_pt *pt)
{
	(void)pt;
	return 0;
}

void
hal_pt_inherit(struct hal_pt *to, struct hal_pt *from)
{
	(void)to;
	(void)from;
}

static void
free_level(paddr_t pa, int level)
{
	uint64_t *t = table(pa);

	if (level < 3)
		for (int i = 0; i < 512; i++)
			if ((t[i] & PTE_VALID) == PTE_VALID)
				free_level(t[i] & PTE_ADDR, level + 1);
	kpt_page_free(pa);
}

void
hal_pt_destroy(struct hal_pt *pt)
{
	if (pt->root != 0)
		free_level(pt->root, 0);
	pt->root = 0;
}

static uint64_t
make_pte(paddr_t pa, unsigned prot)
{
	uint64_t e = pa & PTE_ADDR;

	if ((prot & (HAL_PROT_R | HAL_PROT_W | HAL_PROT_X)) == 0)
		return e | PTE_NONE | (uint64_t)(prot & 0x3f) << 2;
	e |= PTE_VALID | PTE_ATTR_NORMAL | PTE_USER | PTE_SH | PTE_AF |
	     PTE_NG | PTE_PXN;
	if (!(prot & HAL_PROT_W))
		e |= PTE_RDONLY;
	if (!(prot & HAL_PROT_X))
		e |= PTE_UXN;
	if (prot & HAL_PROT_R)
		e |= PTE_SW_R;
	if (prot & HAL_PTE_SW)
		e |= PTE_SW_SW;
	return e;
}

static unsigned
pte_prot(uint64_t e)
{
	unsigned prot = 0;

	if (e & PTE_NONE)
		return (unsigned)(e >> 2) & 0x3f;
	if (e & PTE_SW_R)
		prot |= HAL_PROT_R;
	if (!(e & PTE_RDONLY))
		prot |= HAL_PROT_W;
	if (!(e & PTE_UXN))
		prot |= HAL_PROT_X;
	if (e & PTE_SW_SW)
		prot |= HAL_PTE_SW;
	if (e & PTE_SW_A)
		prot |= HAL_PTE_A;
	if (e & PTE_SW_D)
		prot |= HAL_PTE_D;
	return prot;
}

int
hal_pt_map(struct hal_pt *pt, uintptr_t va, paddr_t pa, unsigned prot)
{
	uint64_t *e;

	if (va >= HAL_USER_TOP)
		return -EINVAL_HAL;
	if ((e = walk(pt, va, true)) == NULL)
		return -ENOMEM_HAL;
	*e = make_pte(pa, prot);
	return 0;
}

void
hal_pt_unmap(struct hal_pt *pt, uintptr_t va)
{
	uint64_t *e;

	if (va < HAL_USER_TOP && (e = walk(pt, va, false)) != NULL)
		*e = 0;
}

bool
hal_pt_lookup(struct hal_pt *pt, uintptr_t va, paddr_t *pa, unsigned *prot)
{
	uint64_t *e;

	if (va >= HAL_USER_TOP || (e = walk(pt, va, false)) == NULL || *e == 0)
		return false;
	*pa = *e & PTE_ADDR;
	*prot = pte_prot(*e);
	return true;
}

unsigned
hal_pt_clear_ad(struct hal_pt *pt, uintptr_t va)
{
	uint64_t *e;
	unsigned old;

	if (va >= HAL_USER_TOP || (e = walk(pt, va, false)) == NULL || *e == 0)
		return 0;
	old = pte_prot(*e) & (HAL_PTE_A | HAL_PTE_D);
	if (*e & PTE_NONE)
		*e &= ~((uint64_t)(HAL_PTE_A | HAL_PTE_D) << 2);
	else
		*e &= ~(PTE_SW_A | PTE_SW_D);
	return old;
}

/* Walk level `level` table t covering [base, ...) within [start, end). */
static int
walk_level(uint64_t *t, int level, uintptr_t base, uintptr_t start,
	   uintptr_t end,
	   int (*fn)(uintptr_t va, paddr_t pa, unsigned prot, void *arg),
	   void *arg)
{
	int shift = 39 - 9 * level, r;
	uintptr_t size = (uintptr_t)1 << shift, va;

	for (int i = 0; i < 512; i++) {
		va = base + (uintptr_t)i * size;
		if (va + size <= start || t[i] == 0)
			continue;
		if (va >= end)
			break;
		if (level == 3)
			r = fn(va, t[i] & PTE_ADDR, pte_prot(t[i]), arg);
		else if ((t[i] & PTE_VALID) == PTE_VALID)
			r = walk_level(table(t[i] & PTE_ADDR), level + 1, va,
				       start, end, fn, arg);
		else
			r = 0;
		if (r != 0)
			return r;
	}
	return 0;
}

int
hal_pt_walk(struct hal_pt *pt, uintptr_t start, uintptr_t end,
	    int (*fn)(uintptr_t va, paddr_t pa, unsigned prot, void *arg),
	    void *arg)
{
	if (end > HAL_USER_TOP)
		end = HAL_USER_TOP;
	return walk_level(table(pt->root), 0, 0, start, end, fn, arg);
}

/* TTBR0 takes pt (NULL: an empty table); no ASIDs, so the TLB goes. */
void
hal_pt_activate(struct hal_pt *pt)
{
	paddr_t root = pt != NULL && pt->root != 0 ? pt->root : hal_v2p(empty_l0);

	sysreg_write(ttbr0_el1, root);
	__asm__ volatile("isb; tlbi vmalle1; dsb nsh; isb" : : : "memory");
}

/* Every CPU's TLB, by broadcast (inner shareable). */
void
hal_tlb_flush(struct hal_pt *pt, uintptr_t va, size_t len)
{
	(void)pt;
	(void)va;
	(void)len;
	__asm__ volatile("dsb ishst; tlbi vmalle1is; dsb ish; isb" : : : "memory");
}
