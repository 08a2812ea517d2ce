/*
 * mem.c (x86_64) -- physical memory: the kernel's page table (the direct
 * map of the first DIRECT_MAP_MAX bytes at DIRECT_MAP in 2 MiB pages,
 * and the image at KERNEL_VMA), and the RAM the kernel may use: the
 * loader's memory map less the first MiB, the image and the initrd.
 */
#include "x86.h"

#define PTE_P 0x001ull
#define PTE_W 0x002ull
#define PTE_PWT 0x008ull
#define PTE_PCD 0x010ull
#define PTE_PS 0x080ull
#define PTE_G 0x100ull
#define PTE_NX (1ull << 63)

extern uint64_t boot_pml4[512];		/* boot.S */

static uint64_t kernel_pml4[512] __attribute__((aligned(4096)));
static uint64_t dm_pdpt[512] __attribute__((aligned(4096)));
static uint64_t dm_pd[DIRECT_MAP_MAX >> 30][512] __attribute__((aligned(4096)));
uint64_t x86_kernel_pml4;
bool x86_has_nx;
static uint64_t dm_top;			/* bytes the direct map covers */

static paddr_t
image_pa(const void *p)
{
	return (paddr_t)((uintptr_t)p - KERNEL_VMA);
}

/* True if [base, base + size) overlaps RAM or ACPI tables. */
static bool
memory_at(uint64_t base, uint64_t size)
{
	for (int i = 0; i < x86_nmemmap; i++) {
		const struct memmap_entry *e = &x86_memmap[i];

		if ((e->type == 1 || e->type == 3 || e->type == 4) &&
		    e->base < base + size && base < e->base + e->size)
			return true;
	}
	return false;
}

/*
 * Build the kernel's page table: all of the first 4 GiB (RAM write-back,
 * the rest uncached: MMIO) and RAM above, up to DIRECT_MAP_MAX.
 */
void
x86_mem_init(void)
{
	uint32_t r[4];
	uint64_t top = 4ull << 30, flags;

	cpuid(0x80000001, 0, r);
	x86_has_nx = (r[3] >> 20) & 1;
	if (x86_has_nx)
		wrmsr(MSR_EFER, rdmsr(MSR_EFER) | EFER_NXE);
	for (int i = 0; i < x86_nmemmap; i++)
		if (x86_memmap[i].type == 1 && x86_memmap[i].base + x86_memmap[i].size > top)
			top = x86_memmap[i].base + x86_memmap[i].size;
	if (top > DIRECT_MAP_MAX) {
		console_early_puts("x86_64: RAM above 64 GiB is not used\r\n");
		top = DIRECT_MAP_MAX;
	}
	dm_top = (top + (1ull << 30) - 1) & ~((1ull << 30) - 1);
	for (uint64_t pa = 0; pa < dm_top; pa += 2ull << 20) {
		flags = PTE_P | PTE_W | PTE_PS | PTE_G | (x86_has_nx ? PTE_NX : 0);
		if (!memory_at(pa, 2ull << 20))
			flags |= PTE_PCD | PTE_PWT;
		dm_pd[pa >> 30][(pa >> 21) & 511] = pa | flags;
	}
	for (uint64_t g = 0; g < dm_top >> 30; g++)
		dm_pdpt[g] = image_pa(dm_pd[g]) | PTE_P | PTE_W;
	kernel_pml4[256] = image_pa(dm_pdpt) | PTE_P | PTE_W;
	kernel_pml4[511] = boot_pml4[511];	/* the image, as at boot */
	x86_kernel_pml4 = image_pa(kernel_pml4);
	write_cr4(read_cr4() | 0x80);		/* PGE: global pages */
	write_cr3(x86_kernel_pml4);
}

/* The kernel half of every address space's PML4 (entries 256..511). */
void
x86_copy_kernel_half(uint64_t *pml4)
{
	for (int i = 256; i < 512; i++)
		pml4[i] = kernel_pml4[i];
}

void *
hal_p2v(paddr_t pa)
{
	return (void *)(DIRECT_MAP + pa);
}

paddr_t
hal_v2p(const void *va)
{
	uintptr_t v = (uintptr_t)va;

	if (v >= KERNEL_VMA)
		return v - KERNEL_VMA;
	return v - DIRECT_MAP;
}

/* Add [base, end) less the reserved ranges to r; returns the new count. */
static int
add_range(struct hal_mem_range *r, int n, int max, uint64_t base, uint64_t end)
{
	paddr_t ib;
	size_t isz;
	uint64_t hole[2][2] = {
		{ image_pa(_kernel_start) & ~4095ull, (image_pa(_kernel_end) + 4095) & ~4095ull },
		{ 0, 0 },
	};

	if (hal_initrd(&ib, &isz)) {
		hole[1][0] = ib & ~4095ull;
		hole[1][1] = (ib + isz + 4095) & ~4095ull;
	}
	for (int h = 0; h < 2; h++) {
		if (hole[h][0] < end && base < hole[h][1]) {
			if (base < hole[h][0])
				n = add_range(r, n, max, base, hole[h][0]);
			if (hole[h][1] < end)
				n = add_range(r, n, max, hole[h][1], end);
			return n;
		}
	}
	if (end > base && n < max) {
		r[n].base = base;
		r[n].size = end - base;
		n++;
	}
	return n;
}

int
hal_mem_ranges(struct hal_mem_range *r, int max)
{
	uint64_t base, end;
	int n = 0;

	for (int i = 0; i < x86_nmemmap; i++) {
		const struct memmap_entry *e = &x86_memmap[i];

		if (e->type != 1)
			continue;
		base = (e->base + 4095) & ~4095ull;
		end = (e->base + e->size) & ~4095ull;
		if (base < (1ull << 20))
			base = 1ull << 20;	/* BIOS data, trampoline, boot info */
		if (end > dm_top)
			end = dm_top;
		if (end > base)
			n = add_range(r, n, max, base, end);
	}
	return n;
}
