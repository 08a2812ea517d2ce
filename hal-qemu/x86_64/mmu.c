/*
 * mmu.c (x86_64) -- user page tables in the hardware's 4-level format.
 * Each address space has its own PML4 whose upper half (the direct map
 * and the image) is the kernel's. The CPU sets accessed and dirty bits.
 * TLB shootdown: an IPI to every CPU whose CR3 may hold the table.
 *
 * Entry bits: P W U A D and NX are the hardware's; software keeps V
 * (valid: an entry with no access at all is valid but not present), the
 * requested R and X (so lookups say exactly what was mapped), and
 * HAL_PTE_SW, in bits the MMU ignores.
 */
#include "x86.h"

#define PTE_P 0x001ull
#define PTE_W 0x002ull
#define PTE_U 0x004ull
#define PTE_A 0x020ull
#define PTE_D 0x040ull
#define PTE_SW (1ull << 9)
#define PTE_V (1ull << 10)
#define PTE_R (1ull << 11)
#define PTE_X (1ull << 52)
#define PTE_NX (1ull << 63)
#define PTE_ADDR 0x000ffffffffff000ull
#define FLUSH_PAGES_MAX 32	/* beyond this, reload CR3 */

static volatile int tlb_lock;

#define PTE_TABLE PTE_P	/* an upper-level entry is present */
#define PTE_NEW_TABLE (PTE_P | PTE_W | PTE_U)	/* a new one */
#include "../../hal-common/pt4.h"

int
hal_pt_init(struct hal_pt *pt)
{
	pt->cpus = 0;
	pt->root = kpt_page_alloc();
	if (pt->root == 0)
		return -ENOMEM_HAL;
	x86_copy_kernel_half(table(pt->root));
	return 0;
}

int
hal_pt_reserve(struct hal_pt *pt)
{
	(void)pt;
	return 0;		/* nothing beyond the tables themselves */
}

void
hal_pt_inherit(struct hal_pt *to, struct hal_pt *from)
{
	(void)to;
	(void)from;
}

/* ---- shootdown ---- */

/* Do what another CPU asked of this one. Interrupts off. */
static void
tlb_service(struct pcpu *pc)
{
	uint64_t req = __atomic_load_n(&pc->tlb_req, __ATOMIC_ACQUIRE);
	struct hal_pt *drop = pc->tlb_drop;

	if (req == pc->tlb_done)
		return;
	if (drop != NULL && pc->pt == drop) {
		write_cr3(x86_kernel_pml4);
		__atomic_fetch_and(&drop->cpus, ~(1ull << pc->id), __ATOMIC_ACQ_REL);
		pc->pt = NULL;
	} else {
		write_cr3(read_cr3());	/* drops every non-global entry */
	}
	__atomic_store_n(&pc->tlb_done, req, __ATOMIC_RELEASE);
}

void
mmu_tlb_ipi(void)
{
	tlb_service(this_pcpu());
}

/*
 * Make the CPUs in mask flush their TLBs (and leave `drop` if they run
 * on it), and wait until they did. Interrupts off. One shootdown at a
 * time; a CPU waiting for its turn serves requests meanwhile, so two
 * cannot wait for each other.
 */
static void
shootdown(uint64_t mask, struct hal_pt *drop)
{
	struct pcpu *self = this_pcpu();
	uint64_t gen[HAL_MAX_CPUS], m;
	int c;

	while (__atomic_exchange_n(&tlb_lock, 1, __ATOMIC_ACQUIRE) != 0) {
		tlb_service(self);
		__asm__ volatile("pause");
	}
	for (m = mask; m != 0; m &= m - 1) {
		c = __builtin_ctzll(m);
		x86_pcpu[c].tlb_drop = drop;
		gen[c] = __atomic_add_fetch(&x86_pcpu[c].tlb_req, 1, __ATOMIC_ACQ_REL);
		lapic_send_ipi(x86_apic_ids[c], VEC_TLB);
	}
	for (m = mask; m != 0; m &= m - 1) {
		c = __builtin_ctzll(m);
		while (__atomic_load_n(&x86_pcpu[c].tlb_done, __ATOMIC_ACQUIRE) < gen[c])
			__asm__ volatile("pause");
	}
	__atomic_store_n(&tlb_lock, 0, __ATOMIC_RELEASE);
}

void
hal_tlb_flush(struct hal_pt *pt, uintptr_t va, size_t len)
{
	unsigned long f = hal_irq_save();
	struct pcpu *pc = this_pcpu();
	uintptr_t start = va & ~4095ull, end = (va + len + 4095) & ~4095ull;
	uint64_t others;

	if (len == 0) {
		hal_irq_restore(f);
		return;
	}
	if (pc->pt == pt) {
		if ((end - start) / 4096 > FLUSH_PAGES_MAX)
			write_cr3(read_cr3());
		else
			for (uintptr_t a = start; a < end; a += 4096)
				invlpg(a);
	}
	others = __atomic_load_n(&pt->cpus, __ATOMIC_ACQUIRE) & ~(1ull << pc->id);
	if (others != 0)
		shootdown(others, NULL);
	hal_irq_restore(f);
}

void
hal_pt_activate(struct hal_pt *pt)
{
	struct pcpu *pc = this_pcpu();
	uint64_t bit = 1ull << pc->id;

	if (pc->pt == pt)
		return;
	__atomic_fetch_or(&pt->cpus, bit, __ATOMIC_ACQ_REL);
	write_cr3(pt->root);
	if (pc->pt != NULL)
		__atomic_fetch_and(&pc->pt->cpus, ~bit, __ATOMIC_ACQ_REL);
	pc->pt = pt;
}

/* ---- tables ---- */

static void
free_level(paddr_t pa, int level)
{
	uint64_t *t = table(pa);
	int n = level == 3 ? 256 : 512;	/* the PML4's upper half is the kernel's */

	if (level > 0)
		for (int i = 0; i < n; i++)
			if (t[i] & PTE_P)
				free_level(t[i] & PTE_ADDR, level - 1);
	kpt_page_free(pa);
}

void
hal_pt_destroy(struct hal_pt *pt)
{
	unsigned long f = hal_irq_save();
	struct pcpu *pc = this_pcpu();
	uint64_t others;

	if (pc->pt == pt) {
		write_cr3(x86_kernel_pml4);
		__atomic_fetch_and(&pt->cpus, ~(1ull << pc->id), __ATOMIC_ACQ_REL);
		pc->pt = NULL;
	}
	others = __atomic_load_n(&pt->cpus, __ATOMIC_ACQUIRE);
	if (others != 0)
		shootdown(others, pt);
	hal_irq_restore(f);
	if (pt->root != 0)
		free_level(pt->root, 3);
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
	v = pa | PTE_V | PTE_U;
	if (prot & (HAL_PROT_R | HAL_PROT_W | HAL_PROT_X))
		v |= PTE_P;
	if (prot & HAL_PROT_R)
		v |= PTE_R;
	if (prot & HAL_PROT_W)
		v |= PTE_W;
	if (prot & HAL_PROT_X)
		v |= PTE_X;
	else if (x86_has_nx)
		v |= PTE_NX;
	if (prot & HAL_PTE_SW)
		v |= PTE_SW;
	__atomic_store_n(e, v, __ATOMIC_RELEASE);
	return 0;
}

