/*
 * pt4.h -- the parts of hal_pt_* that a HAL with x86-like page tables
 * (four levels of 512 64-bit entries, a physical address in bits 12-51,
 * accessed and dirty bits) shares: the walk to a leaf entry, unmap,
 * lookup, clear_ad and walk. hal-sim/mmu.c and hal-qemu/x86_64/mmu.c
 * include it once, after their entry bits, having defined:
 *
 *   PTE_V          a leaf entry is valid
 *   PTE_TABLE      an upper-level entry points to a table
 *   PTE_NEW_TABLE  the bits of a new upper-level entry (with PTE_TABLE)
 *   PTE_R PTE_W PTE_X  readable, writable, executable (software bits
 *                  where the hardware has none)
 *   PTE_A PTE_D    accessed and dirty
 *   PTE_SW         the kernel's bit (HAL_PTE_SW)
 *   PTE_ADDR       the physical address bits
 *
 * Entries are read and written with atomics: refills on other CPUs read
 * them without a lock.
 */

static uint64_t *
table(paddr_t pa)
{
	return hal_p2v(pa);
}

static int
index_at(uintptr_t va, int level)	/* level 3 = root .. 0 = leaf table */
{
	return (int)((va >> (12 + 9 * level)) & 511);
}

/* HAL_PROT_* | HAL_PTE_* of entry e. */
static unsigned
prot_of(uint64_t e)
{
	return (e & PTE_R ? HAL_PROT_R : 0) | (e & PTE_W ? HAL_PROT_W : 0) |
	       (e & PTE_X ? HAL_PROT_X : 0) | (e & PTE_A ? HAL_PTE_A : 0) |
	       (e & PTE_D ? HAL_PTE_D : 0) | (e & PTE_SW ? HAL_PTE_SW : 0);
}

/*
 * The leaf entry for va, creating tables on the way if `create`; NULL if
 * absent (or memory is short).
 */
static uint64_t *
leaf(struct hal_pt *pt, uintptr_t va, bool create)
{
	uint64_t *t = table(pt->root), e;
	paddr_t pa;

	for (int level = 3; level > 0; level--) {
		uint64_t *slot = &t[index_at(va, level)];

		e = __atomic_load_n(slot, __ATOMIC_ACQUIRE);
		if (!(e & PTE_TABLE)) {
			if (!create || (pa = kpt_page_alloc()) == 0)
				return NULL;
			e = pa | PTE_NEW_TABLE;
			__atomic_store_n(slot, e, __ATOMIC_RELEASE);
		}
		t = table(e & PTE_ADDR);
	}
	return &t[index_at(va, 0)];
}

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
