/*
 * boot.c (x86_64) -- x86_boot, the C entry of the boot CPU: what the
 * loader handed over (PVH start info from QEMU here, or GRUB's multiboot2
 * information: multiboot2.c), then the machine's setup in order, then
 * kmain().
 */
#include "x86.h"

#define PVH_MAGIC 0x336ec578u

struct pvh_start_info {
	uint32_t magic, version, flags, nr_modules;
	uint64_t modlist_paddr, cmdline_paddr, rsdp_paddr;
	uint64_t memmap_paddr;		/* version 1 */
	uint32_t memmap_entries, reserved;
};

struct pvh_module {
	uint64_t paddr, size, cmdline_paddr, reserved;
};

struct pvh_memmap {
	uint64_t addr, size;
	uint32_t type, reserved;
};

extern uint32_t x86_boot_kind, x86_boot_info_pa;	/* boot.S */

struct memmap_entry x86_memmap[X86_MEMMAP_MAX];
int x86_nmemmap;
static char cmdline[2048];
static paddr_t initrd_pa;
static size_t initrd_size;
static const char *loader = "unknown loader";
uint64_t acpi_rsdp;
uint8_t acpi_rsdp_copy[36];	/* multiboot2 hands a copy, not an address */

/*
 * Before the direct map (x86_mem_init): the boot page tables map the
 * first GiB at KERNEL_VMA and the first 4 GiB at 0 (head.S).
 */
void *
x86_early_p2v(paddr_t pa)
{
	if (pa < (1ull << 30))
		return (void *)(KERNEL_VMA + pa);
	return pa < (4ull << 30) ? (void *)(uintptr_t)pa : NULL;
}

/* The loader's facts, from parse_pvh or multiboot2.c; boot CPU only. */
void
x86_add_memmap(uint64_t base, uint64_t size, uint32_t type)
{
	if (x86_nmemmap < X86_MEMMAP_MAX && size > 0)
		x86_memmap[x86_nmemmap++] = (struct memmap_entry){ base, size, type };
}

void
x86_set_cmdline(const char *s)
{
	size_t i;

	if (s == NULL)
		return;
	for (i = 0; i + 1 < sizeof(cmdline) && s[i] != '\0'; i++)
		cmdline[i] = s[i];
	cmdline[i] = '\0';
}

void
x86_set_initrd(paddr_t pa, size_t size)
{
	initrd_pa = pa;
	initrd_size = size;
}

/* QEMU's start info (the PVH entry in head.S). */
static void
parse_pvh(paddr_t pa)
{
	const struct pvh_start_info *si = x86_early_p2v(pa);
	const struct pvh_memmap *mm;
	const struct pvh_module *mod;

	if (si == NULL || si->magic != PVH_MAGIC) {
		console_early_puts("x86_64: bad PVH start info\r\n");
		return;
	}
	loader = "PVH";
	if (si->cmdline_paddr != 0)
		x86_set_cmdline(x86_early_p2v(si->cmdline_paddr));
	if (si->nr_modules > 0 && (mod = x86_early_p2v(si->modlist_paddr)) != NULL)
		x86_set_initrd(mod->paddr, mod->size);
	acpi_rsdp = si->rsdp_paddr;
	if (si->version >= 1 && si->memmap_entries > 4 * X86_MEMMAP_MAX)
		console_early_puts("x86_64: PVH memory map too long: ignored\r\n");
	else if (si->version >= 1 && (mm = x86_early_p2v(si->memmap_paddr)) != NULL &&
		 x86_early_p2v(si->memmap_paddr + si->memmap_entries * sizeof(*mm)) != NULL)
		for (uint32_t i = 0; i < si->memmap_entries; i++)
			x86_add_memmap(mm[i].addr, mm[i].size, mm[i].type);
}

/* Read what the loader left, before anything could overwrite it. */
void
x86_boot_info(void)
{
	if (x86_boot_kind == 1)
		parse_pvh(x86_boot_info_pa);
	else if (x86_boot_kind == 2 && multiboot2_parse(x86_boot_info_pa))
		loader = "multiboot2";
	if (x86_nmemmap == 0) {
		console_early_puts("x86_64: the loader gave no memory map; assuming 64 MiB\r\n");
		x86_add_memmap(0, 640 * 1024, 1);
		x86_add_memmap(1 << 20, 63 << 20, 1);
	}
}

/* True when GRUB (multiboot2) booted the kernel, not QEMU's PVH. */
bool
x86_booted_by_grub(void)
{
	return x86_boot_kind == 2;
}

const char *
x86_loader(void)
{
	return loader;
}

const char *
hal_cmdline(void)
{
	return cmdline;
}

bool
hal_initrd(paddr_t *start, size_t *size)
{
	if (initrd_size == 0)
		return false;
	*start = initrd_pa;
	*size = initrd_size;
	return true;
}

void x86_boot(void) __noreturn;

/* Called by boot.S on the boot stack, interrupts off, boot page tables. */
void
x86_boot(void)
{
	console_init();
	x86_boot_info();
	x86_mem_init();
	screen_init();
	cpu_init_bsp();
	acpi_init();
	lapic_init();
	ioapic_init();
	time_init();
	console_irq_init();
	vblk_init();
	fwcfg_init();
	kmain();
}
