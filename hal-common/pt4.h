/*
 * pt4.h -- the parts of hal_pt_* that a HAL with x86-like page tables
 * (four levels of 512 64-bit entries, a physical address in bits 12-51,
 * accessed and dirty bits) shares: unmap, lookup, clear_ad and walk.
 * hal-sim/mmu.c and hal-qemu/x86_64/mmu.c include it once, after
 * defining:
 *
 *   PTE_V        a leaf entry is valid
 *   PTE_TABLE    an upper-level entry points to a table
 *   PTE_A PTE_D  accessed and dirty
 *   PTE_ADDR     the physical address bits
 *   uint64_t *table(paddr_t pa)            a table, by physical address
 *   uint64_t *leaf(struct hal_pt *, uintptr_t va, bool create)
 *                                          va's last-level entry, or NULL
 *   unsigned prot_of(uint64_t e)           HAL_PROT_* | HAL_PTE_* of e
 *
 * Entries are read and written with atomics: refills on other CPUs read
 * them without a lock.
 */

void
hal_pt_unmap(struct hal_pt *pt, uintptr_t va)
{
	uint64_t *e;

	if (va < HAL_USER_TOP && (e = leaf(pt, va, false)) != NULL)
		__atomic_store_n(e, 0, __ATOMIC_RELEASE);
}

bool
hal_pt_lookup(struct hal_pt *pt, uintptr_t va, paddr_t *pa, unsigned *prot)
{
	uint64_t *e, v;

	if (va >= HAL_USER_TOP || (e = leaf(pt, va, false)) == NULL)
		return false;
	v = __atomic_load_n(e, __ATOMIC_ACQUIRE);
	if (!(v & PTE_V))
		return false;
	*pa = (v & PTE_ADDR) | (va & 4095);
	*prot = prot_of(v);
	return true;
}

unsigned
hal_pt_clear_ad(struct hal_pt *pt, uintptr_t va)
{
	uint64_t *e, old;

	if (va >= HAL_USER_TOP || (e = leaf(pt, va, false)) == NULL)
		return 0;
	old = __atomic_fetch_and(e, ~(PTE_A | PTE_D), __ATOMIC_ACQ_REL);
	return prot_of(old) & (HAL_PTE_A | HAL_PTE_D);
}

static int
walk_level(paddr_t tpa, int level, uintptr_t base, uintptr_t start,
	   uintptr_t end, int (*fn)(uintptr_t, paddr_t, unsigned, void *),
	   void *arg)
{
	uint64_t *t = table(tpa), e;
	uintptr_t span = 1ull << (12 + 9 * level), va;
	int r;

	for (int i = 0; i < 512; i++) {
		va = base + (uintptr_t)i * span;
		if (va + span <= start)
			continue;
		if (va >= end)
			break;
		e = __atomic_load_n(&t[i], __ATOMIC_ACQUIRE);
		if (!(e & (level == 0 ? PTE_V : PTE_TABLE)))
			continue;
		if (level == 0)
			r = fn(va, e & PTE_ADDR, prot_of(e), arg);
		else
			r = walk_level(e & PTE_ADDR, level - 1, va, start, end,
				       fn, arg);
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
	if (start >= end)
		return 0;
	return walk_level(pt->root, 3, 0, start, end, fn, arg);
}
