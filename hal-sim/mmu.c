/*
 * mmu.c (sim) -- page tables of the simulated MMU: four levels of 512
 * entries over 48-bit addresses, x86-like entries (valid, writable, exec,
 * accessed, dirty). The stub's host mappings are the TLB: a fault on a
 * valid entry is refilled here without the kernel.
 */
#include "hal.h"
#include "hal_sim.h"

#define PTE_V 0x001ull
#define PTE_R 0x002ull
#define PTE_W 0x004ull
#define PTE_X 0x008ull
#define PTE_A 0x020ull
#define PTE_D 0x040ull
#define PTE_SW 0x200ull
#define PTE_ADDR 0x000ffffffffff000ull

#define PTE_TABLE PTE_V	/* an upper-level entry is present */
#define PTE_NEW_TABLE PTE_V	/* a new one */
#include "../hal-common/pt4.h"

int
hal_pt_init(struct hal_pt *pt)
{
	pt->root = kpt_page_alloc();
	pt->stub = NULL;		/* made on first use or by reserve */
	return pt->root == 0 ? -ENOMEM_HAL : 0;
}

int
hal_pt_reserve(struct hal_pt *pt)
{
	if (pt->stub == NULL)
		pt->stub = sim_stub_new();
	return pt->stub == NULL ? -EAGAIN_HAL : 0;
}

void
hal_pt_inherit(struct hal_pt *to, struct hal_pt *from)
{
	struct hal_pt *old = to->stub ? to : NULL;

	if (from->stub == NULL)
		return;
	hal_tlb_flush(from, 0, HAL_USER_TOP);	/* empty it for the new image */
	if (old != NULL)
		sim_stub_free(to->stub);
	to->stub = from->stub;
	from->stub = NULL;
}

static void
free_level(paddr_t pa, int level)
{
	uint64_t *t = table(pa);

	if (level > 0)
		for (int i = 0; i < 512; i++)
			if (t[i] & PTE_V)
				free_level(t[i] & PTE_ADDR, level - 1);
	kpt_page_free(pa);
}

void
hal_pt_destroy(struct hal_pt *pt)
{
	if (pt->stub != NULL)
		sim_stub_free(pt->stub);
	if (pt->root != 0)
		free_level(pt->root, 3);
	pt->stub = NULL;
	pt->root = 0;
}

int
hal_pt_map(struct hal_pt *pt, uintptr_t va, paddr_t pa, unsigned prot)
{
	uint64_t *e, v;

	if (va >= HAL_USER_TOP || (va & 4095) || (pa & 4095))
		return -EINVAL_HAL;
	e = leaf(pt, va, true);
	if (e == NULL)
		return -ENOMEM_HAL;
	v = pa | PTE_V | (prot & HAL_PROT_R ? PTE_R : 0) |
	    (prot & HAL_PROT_W ? PTE_W : 0) | (prot & HAL_PROT_X ? PTE_X : 0) |
	    (prot & HAL_PTE_SW ? PTE_SW : 0);
	__atomic_store_n(e, v, __ATOMIC_RELEASE);
	return 0;
}


/* The host mapping for entry v at va (read-only until dirty). */
static void
host_map(uintptr_t va, uint64_t v, struct stub_map *m)
{
	m->va = va & ~4095ull;
	m->len = 4096;
	m->off = (v & PTE_ADDR) - HALSIM_RAM_BASE;
	m->prot = (v & (PTE_R | PTE_W | PTE_X) ? 1u : 0) |	/* PROT_READ */
		  ((v & PTE_W) && (v & PTE_D) ? 2u : 0) |	/* PROT_WRITE */
		  (v & PTE_X ? 4u : 0);				/* PROT_EXEC */
	m->op = STUB_OP_MAP;
}

/* Set bits in entry e if it still allows access; false if it does not. */
static bool
touch(uint64_t *e, int access, uint64_t *out)
{
	uint64_t v = __atomic_load_n(e, __ATOMIC_ACQUIRE), want;

	do {
		if (!(v & PTE_V))
			return false;
		if ((access & HAL_ACCESS_WRITE) && !(v & PTE_W))
			return false;
		if ((access & HAL_ACCESS_EXEC) && !(v & PTE_X))
			return false;
		if ((access & HAL_ACCESS_READ) && !(v & (PTE_R | PTE_W | PTE_X)))
			return false;
		want = v | PTE_A | (access & HAL_ACCESS_WRITE ? PTE_D : 0);
	} while (want != v && !__atomic_compare_exchange_n(e, &v, want, false,
				__ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE));
	*out = want;
	return true;
}

/* Extend map `to` by x, the map of page a, if they are neighbours both
 * in the address space and in RAM and have the same protection. */
static bool
merge(struct stub_map *to, uintptr_t a, const struct stub_map *x)
{
	if (to->prot != x->prot || to->va + to->len != a ||
	    to->off + to->len != x->off)
		return false;
	to->len += 4096;
	return true;
}

/* Add the map of page a, whose entry is v, to m[0..*n): merged with the
 * last map or with m[0] (the faulting page) if it can be. False when m
 * is full. */
static bool
add_map(struct stub_map *m, int *n, int max, uintptr_t a, uint64_t v)
{
	struct stub_map x;

	host_map(a, v, &x);
	if (merge(&m[*n - 1], a, &x) || merge(&m[0], a, &x))
		return true;
	if (*n >= max)
		return false;
	m[(*n)++] = x;
	return true;
}

/*
 * Refill: if va's entry allows `access`, set its accessed (and for a
 * write, dirty) bit and describe the host mapping in m[0]. The page is
 * mapped writable only once it is dirty, so the dirty bit is exact. The
 * other valid pages of the aligned window of `max` pages around it that
 * were not accessed yet are mapped too (fault-around, as Linux's 64 KiB;
 * they are marked accessed, as being in the TLB), so code that runs
 * backwards through a binary faults once per window; pages that are
 * neighbours in RAM as well share one map. max is a power of two of at
 * most 512. Returns the number of maps (at most max), 0 if the page
 * table does not allow the access.
 */
int
halsim_refill(struct hal_pt *pt, uintptr_t va, int access, struct stub_map *m,
	      int max)
{
	uintptr_t page = va & ~4095ull;
	uintptr_t ws = page & ~((uintptr_t)max * 4096 - 1), a;
	uint64_t *e, *first, v;
	int n = 0;

	if (va >= HAL_USER_TOP || (e = leaf(pt, va, false)) == NULL)
		return 0;
	if (!touch(e, access, &v))
		return 0;
	host_map(page, v, &m[n++]);
	first = e - (page - ws) / 4096;
	for (a = ws; a < ws + (uintptr_t)max * 4096 && a < HAL_USER_TOP;
	     a += 4096) {
		e = first + (a - ws) / 4096;
		/* Accessed already: most likely still mapped (a miss only
		 * costs a fault later, a map of a mapped page a host call). */
		if (a == page || (__atomic_load_n(e, __ATOMIC_RELAXED) & PTE_A) ||
		    !touch(e, HAL_ACCESS_READ, &v))
			continue;
		if (!add_map(m, &n, max, a, v))
			break;
	}
	return n;
}

static struct hal_pt *active[HAL_MAX_CPUS];

void
hal_pt_activate(struct hal_pt *pt)
{
	active[hal_cpu_id()] = pt;
}

struct hal_pt *
halsim_active_pt(void)
{
	return active[hal_cpu_id()];
}

void
hal_tlb_flush(struct hal_pt *pt, uintptr_t va, size_t len)
{
	uint64_t start = va & ~4095ull;

	if (pt->stub == NULL || len == 0)
		return;
	sim_stub_flush(pt->stub, start, ((va + len + 4095) & ~4095ull) - start);
}
