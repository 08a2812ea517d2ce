/*
 * mmu.c (aarch64) -- user address spaces: 4-level tables with 4 KiB
 * pages for TTBR0 (48-bit addresses; the kernel's half is TTBR1 and
 * never changes). User entries have AP[1] (EL0 may access), PXN (the
 * kernel never runs user code), nG, and UXN unless executable.
 *
 * Accessed and dirty bits, which the kernel reads as x86's hardware sets
 * them (hal.md): without FEAT_HAFDBS the MMU sets neither, so the HAL
 * emulates them. Accessed is the descriptor's AF: set when an entry is
 * made (as if accessed: the kernel then flushes, which is always safe);
 * hal_pt_clear_ad clears it, and the access flag fault that follows is
 * handled here (a64_pt_fixup) without the kernel. Dirty is a software
 * bit: a writable entry (software bit W) stays read-only for the MMU
 * (AP[2]) until the first write, whose permission fault a64_pt_fixup
 * turns into D set and AP[2] clear. The software bits (55-58) also keep
 * R and HAL_PTE_SW. An entry without R, W or X (PROT_NONE) is not valid
 * for the MMU and keeps the page and its prot for hal_pt_lookup.
 *
 * No ASIDs: hal_pt_activate flushes this CPU's TLB when TTBR0 changes,
 * or when some address space was destroyed since (its root page may
 * come back as another's).
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
#define PTE_SW_W (1ull << 57)
#define PTE_SW_D (1ull << 58)
#define PTE_NONE (1ull << 63)		/* a PROT_NONE entry: prot in 2..7 */
#define PTE_ADDR 0x0000fffffffff000ull

static uint64_t empty_l0[512] __attribute__((aligned(4096)));
/* Bumped by hal_pt_destroy: a root page may be reused after it. */
static uint64_t pt_generation;

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

static uint64_t make_pte(paddr_t pa, unsigned prot);

/*
 * The signal return trampoline (hal.md): Linux aarch64 returns from a
 * handler through its vDSO when sa_restorer is not given (glibc, thus
 * Debian's busybox-static, relies on that; musl passes its own). Every
 * user table maps this page, read-only and executable, at A64_SIGTRAMP,
 * the last page below HAL_USER_TOP (the kernel puts nothing in that top
 * GiB unless asked with MAP_FIXED, which replaces it). It is not the
 * kernel's: hal_pt_lookup, hal_pt_walk and hal_pt_clear_ad do not see it.
 */
static const uint32_t sigtramp[HAL_PAGE_SIZE / 4] __attribute__((aligned(4096))) = {
	0xd2801168,			/* mov x8, #139 (rt_sigreturn) */
	0xd4000001,			/* svc #0 */
};

static bool
is_sigtramp(uint64_t e)
{
	return (e & PTE_VALID) == PTE_VALID &&
	       (e & PTE_ADDR) == hal_v2p(sigtramp);
}

int
hal_pt_init(struct hal_pt *pt)
{
	uint64_t *e;

	pt->root = kpt_page_alloc();
	if (pt->root == 0)
		return -ENOMEM_HAL;
	if ((e = walk(pt, A64_SIGTRAMP, true)) == NULL) {
		hal_pt_destroy(pt);
		return -ENOMEM_HAL;
	}
	*e = make_pte(hal_v2p(sigtramp), HAL_PROT_R | HAL_PROT_X);
	return 0;
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
	__atomic_add_fetch(&pt_generation, 1, __ATOMIC_RELEASE);
}

static uint64_t
make_pte(paddr_t pa, unsigned prot)
{
	uint64_t e = pa & PTE_ADDR;

	if ((prot & (HAL_PROT_R | HAL_PROT_W | HAL_PROT_X)) == 0)
		return e | PTE_NONE | (uint64_t)(prot & 0x3f) << 2;
	e |= PTE_VALID | PTE_ATTR_NORMAL | PTE_USER | PTE_SH | PTE_AF |
	     PTE_NG | PTE_PXN | PTE_RDONLY;	/* clean: no write yet */
	if (prot & HAL_PROT_W)
		e |= PTE_SW_W;
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
	if (e & PTE_SW_W)
		prot |= HAL_PROT_W;
	if (!(e & PTE_UXN))
		prot |= HAL_PROT_X;
	if (e & PTE_SW_SW)
		prot |= HAL_PTE_SW;
	if (e & PTE_AF)
		prot |= HAL_PTE_A;
	if (e & PTE_SW_D)
		prot |= HAL_PTE_D;
	return prot;
}

/*
 * Code the kernel wrote through the direct map (exec's pages, a copied
 * page) reaches the instruction fetch of EL0 only after a clean to the
 * point of unification and an instruction cache invalidate (QEMU needs
 * neither; the hardware does).
 */
static void
sync_icache(paddr_t pa)
{
	uintptr_t line = 4u << ((sysreg_read(ctr_el0) >> 16) & 0xf);
	uintptr_t p = (uintptr_t)hal_p2v(pa & PTE_ADDR);

	for (uintptr_t a = p; a < p + HAL_PAGE_SIZE; a += line)
		__asm__ volatile("dc cvau, %0" : : "r"(a) : "memory");
	__asm__ volatile("dsb ish; ic ialluis; dsb ish; isb" : : : "memory");
}

int
hal_pt_map(struct hal_pt *pt, uintptr_t va, paddr_t pa, unsigned prot)
{
	uint64_t *e;

	if (va >= HAL_USER_TOP)
		return -EINVAL_HAL;
	if ((e = walk(pt, va, true)) == NULL)
		return -ENOMEM_HAL;
	if (prot & HAL_PROT_X)
		sync_icache(pa);
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
	uint64_t *e, v;

	if (va >= HAL_USER_TOP || (e = walk(pt, va, false)) == NULL ||
	    (v = __atomic_load_n(e, __ATOMIC_ACQUIRE)) == 0 || is_sigtramp(v))
		return false;
	*pa = (v & PTE_ADDR) | (va & (HAL_PAGE_SIZE - 1));
	*prot = pte_prot(v);
	return true;
}

/* AF off, D off and read-only again: the next access and write show. */
unsigned
hal_pt_clear_ad(struct hal_pt *pt, uintptr_t va)
{
	uint64_t *e, old, neu;

	if (va >= HAL_USER_TOP || (e = walk(pt, va, false)) == NULL)
		return 0;
	old = __atomic_load_n(e, __ATOMIC_RELAXED);
	do {
		if (old == 0 || is_sigtramp(old))
			return 0;
		if (old & PTE_NONE)
			neu = old & ~((uint64_t)(HAL_PTE_A | HAL_PTE_D) << 2);
		else
			neu = (old & ~(PTE_AF | PTE_SW_D)) | PTE_RDONLY;
	} while (!__atomic_compare_exchange_n(e, &old, neu, false,
					      __ATOMIC_ACQ_REL, __ATOMIC_RELAXED));
	return pte_prot(old) & (HAL_PTE_A | HAL_PTE_D);
}

/*
 * An access flag fault (write false) or a write's permission fault at
 * user address va in the active table: set AF, or D and write access if
 * the entry is writable. True when the access may be tried again; false
 * when it is the kernel's fault to handle (no entry, not writable).
 * Interrupts disabled; the kernel may change the entry on another CPU
 * meanwhile, hence the compare-and-swap (a lost race just retries).
 */
bool
a64_pt_fixup(uintptr_t va, bool write)
{
	struct hal_pt pt = { sysreg_read(ttbr0_el1) & PTE_ADDR };
	uint64_t *e, old, neu;

	if (va >= HAL_USER_TOP || pt.root == hal_v2p(empty_l0) ||
	    (e = walk(&pt, va, false)) == NULL)
		return false;
	old = __atomic_load_n(e, __ATOMIC_RELAXED);
	if ((old & PTE_VALID) != PTE_VALID || (write && !(old & PTE_SW_W)))
		return false;
	neu = old | PTE_AF;
	if (write)
		neu = (neu & ~PTE_RDONLY) | PTE_SW_D;
	if (neu != old)
		__atomic_compare_exchange_n(e, &old, neu, false,
					    __ATOMIC_ACQ_REL, __ATOMIC_RELAXED);
	/* The faulting entry may be in this CPU's TLB (no ASIDs: all). */
	__asm__ volatile("dsb ishst; tlbi vaae1, %0; dsb nsh; isb"
			 : : "r"((va >> 12) & 0xfffffffffffull) : "memory");
	return true;
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
		if (va + size <= start || t[i] == 0 ||
		    (level == 3 && is_sigtramp(t[i])))
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

static struct {
	paddr_t root;
	uint64_t generation;
} active[HAL_MAX_CPUS];

/* TTBR0 takes pt (NULL: an empty table); no ASIDs, so the TLB goes. */
void
hal_pt_activate(struct hal_pt *pt)
{
	paddr_t root = pt != NULL && pt->root != 0 ? pt->root : hal_v2p(empty_l0);
	uint64_t gen = __atomic_load_n(&pt_generation, __ATOMIC_ACQUIRE);
	int cpu = hal_cpu_id();

	if (active[cpu].root == root && active[cpu].generation == gen)
		return;
	active[cpu].root = root;
	active[cpu].generation = gen;
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
