/*
 * boot.c (aarch64) -- from head.S to kmain: the device tree (memory,
 * command line, CPUs, the PSCI conduit), the direct map, per-CPU state,
 * secondary CPUs by PSCI CPU_ON, power, the clock at boot, entropy and
 * kernel contexts.
 */
#include "a64.h"

#define FDT_MAGIC 0xd00dfeed
#define FDT_BEGIN_NODE 1
#define FDT_END_NODE 2
#define FDT_PROP 3
#define FDT_NOP 4
#define FDT_END 9
#define RAM_BASE_VIRT 0x40000000ull	/* where QEMU puts the DTB for an ELF */
#define MAX_RANGES 8

#define PSCI_SYSTEM_OFF 0x84000008u
#define PSCI_SYSTEM_RESET 0x84000009u
#define PSCI_CPU_ON 0xc4000003u

int a64_ncpu = 1;
struct pcpu a64_pcpu[HAL_MAX_CPUS];
uint64_t a64_psci_smc;
uint64_t a64_ap_stack[HAL_MAX_CPUS];
static uint8_t ap_stacks[HAL_MAX_CPUS][16384] __attribute__((aligned(16)));
static void (*ap_fn[HAL_MAX_CPUS])(void);
static char cmdline[1024];
static struct hal_mem_range ram[MAX_RANGES];
static int nram;
static uint64_t rtc_boot;
static char describe[128];

static uint32_t
be32(const void *p)
{
	const uint8_t *b = p;

	return (uint32_t)b[0] << 24 | (uint32_t)b[1] << 16 |
	       (uint32_t)b[2] << 8 | b[3];
}

static uint64_t
be64(const void *p)
{
	return (uint64_t)be32(p) << 32 | be32((const uint8_t *)p + 4);
}

/* One property of the node at `path` (depth 1 or 2) in the tree. */
static void
fdt_prop(const char *node, const char *parent, const char *name,
	 const uint8_t *val, uint32_t len)
{
	if (parent == NULL)
		devtree_prop(node, name, val, len);	/* devtree.c */
	if (parent == NULL && strncmp(node, "memory", 6) == 0 &&
	    strcmp(name, "reg") == 0) {
		for (uint32_t i = 0; i + 16 <= len && nram < MAX_RANGES; i += 16) {
			ram[nram].base = be64(val + i);
			ram[nram].size = be64(val + i + 8);
			nram++;
		}
	} else if (parent == NULL && strcmp(node, "chosen") == 0 &&
		   strcmp(name, "bootargs") == 0) {
		strlcpy(cmdline, (const char *)val, sizeof(cmdline));
	} else if (parent == NULL && strcmp(node, "psci") == 0 &&
		   strcmp(name, "method") == 0) {
		a64_psci_smc = strcmp((const char *)val, "smc") == 0;
	} else if (parent != NULL && strcmp(parent, "cpus") == 0 &&
		   strncmp(node, "cpu@", 4) == 0 && strcmp(name, "reg") == 0 &&
		   a64_ncpu < HAL_MAX_CPUS) {
		uint64_t mpidr = len == 8 ? be64(val) : be32(val);

		if (mpidr != 0)		/* CPU 0 is the boot CPU */
			a64_pcpu[a64_ncpu++].mpidr = mpidr;
	}
}

/* Walk the flattened device tree at pa; false if there is none. */
static bool
fdt_parse(uint64_t pa)
{
	const uint8_t *fdt = hal_p2v(pa), *p;
	const char *strings, *stack[4] = { NULL };
	int depth = 0;
	uint32_t tok, len;

	if (pa == 0 || be32(fdt) != FDT_MAGIC)
		return false;
	p = fdt + be32(fdt + 8);
	strings = (const char *)fdt + be32(fdt + 12);
	for (;;) {
		tok = be32(p);
		p += 4;
		if (tok == FDT_BEGIN_NODE) {
			if (depth < 4)
				stack[depth] = (const char *)p;
			depth++;
			p += (strlen((const char *)p) + 4) & ~3ul;
		} else if (tok == FDT_END_NODE) {
			if (depth == 2)
				devtree_end();
			depth--;
		} else if (tok == FDT_PROP) {
			len = be32(p);
			if (depth == 2 || depth == 3)
				fdt_prop(stack[depth - 1],
					 depth == 3 ? stack[1] : NULL,
					 strings + be32(p + 4), p + 8, len);
			p += 8 + ((len + 3) & ~3u);
		} else if (tok != FDT_NOP) {
			break;		/* FDT_END or garbage */
		}
	}
	return true;
}

/* The boot CPU, from head.S with the MMU on and interrupts masked. */
void
a64_boot(uint64_t dtb_pa)
{
	a64_pcpu[0].id = 0;
	sysreg_write(tpidr_el1, &a64_pcpu[0]);
	console_init();
	if (!fdt_parse(dtb_pa) && !fdt_parse(RAM_BASE_VIRT)) {
		static const char msg[] = "aarch64: no device tree in x0 or at "
			"0x40000000: 128 MiB of RAM there, virt's GICv2, no disks\r\n";

		hal_console_put(msg, sizeof(msg) - 1);
		ram[0] = (struct hal_mem_range){ RAM_BASE_VIRT, 128u << 20 };
		nram = 1;
	}
	rtc_boot = mmio_read32(VIRT_RTC);
	time_init();
	gic_init();
	gic_cpu_init();
	console_irq_init();
	vblk_init();
	fwcfg_init();
	ksnprintf(describe, sizeof(describe), "QEMU virt, EL1, %s, "
		  "timer %llu Hz, PSCI over %s", gic_name(),
		  (unsigned long long)sysreg_read(cntfrq_el0),
		  a64_psci_smc ? "SMC" : "HVC");
	kmain();
}

/* A secondary CPU, from head.S: its per-CPU state, then the kernel's fn. */
void
a64_ap_main(uint64_t id)
{
	sysreg_write(tpidr_el1, &a64_pcpu[id]);
	gic_cpu_init();
	ap_fn[id]();
}

uint64_t
a64_psci(uint64_t fn, uint64_t a, uint64_t b, uint64_t c)
{
	return a64_psci_smc ? a64_smc(fn, a, b, c) : a64_hvc(fn, a, b, c);
}

int
hal_cpu_count(void)
{
	return a64_ncpu;
}

int
hal_cpu_id(void)
{
	return this_pcpu()->id;
}

/* The current thread lives in SP_EL0 (unused at EL1h): one mrs. */
void *
hal_current(void)
{
	return (void *)sysreg_read(sp_el0);
}

void
hal_set_current(void *thread)
{
	sysreg_write(sp_el0, thread);
}

int
hal_cpu_start(int cpu, void (*fn)(void))
{
	int64_t r;

	if (cpu < 1 || cpu >= a64_ncpu)
		return -EINVAL_HAL;
	a64_pcpu[cpu].id = cpu;
	ap_fn[cpu] = fn;
	a64_ap_stack[cpu] = (uint64_t)&ap_stacks[cpu][sizeof(ap_stacks[cpu])];
	__asm__ volatile("dsb sy" : : : "memory");
	r = (int64_t)a64_psci(PSCI_CPU_ON, a64_pcpu[cpu].mpidr,
			      hal_v2p(a64_secondary_entry), (uint64_t)cpu);
	return r == 0 ? 0 : -EINVAL_HAL;
}

void
hal_cpu_idle(void)
{
	__asm__ volatile("dsb sy; wfi" : : : "memory");
}

void
hal_cpu_relax(void)
{
	__asm__ volatile("yield");
}

/* PSCI SYSTEM_OFF: QEMU exits 0 whatever the code (see hal.md 12). */
void
hal_poweroff(int code)
{
	(void)code;
	a64_psci(PSCI_SYSTEM_OFF, 0, 0, 0);
	for (;;)
		__asm__ volatile("wfi");
}

void
hal_reboot(void)
{
	a64_psci(PSCI_SYSTEM_RESET, 0, 0, 0);
	for (;;)
		__asm__ volatile("wfi");
}

/* Stop the other CPUs, then the machine. */
void
hal_panic_halt(void)
{
	for (int i = 0; i < a64_ncpu; i++)
		if (i != hal_cpu_id())
			gic_send_sgi(i, SGI_HALT);
	time_delay_us(10000);
	hal_poweroff(112);
}

const char *
hal_cmdline(void)
{
	return cmdline;
}

const char *
hal_describe(void)
{
	return describe;
}

/* The PL031 real-time clock at boot, taken as UTC. */
uint64_t
hal_rtc_boot_seconds(void)
{
	return rtc_boot;
}

/* Jitter of the counter around UART register reads: not cryptographic. */
void
hal_entropy(void *buf, size_t n)
{
	uint8_t *b = buf;
	uint64_t x = 0x9e3779b97f4a7c15ull;

	for (size_t i = 0; i < n; i++) {
		for (int k = 0; k < 8; k++) {
			(void)mmio_read32(VIRT_UART + 0x18);
			x = (x ^ sysreg_read(cntvct_el0)) * 0xff51afd7ed558ccdull;
			x ^= x >> 29;
		}
		b[i] = (uint8_t)x;
	}
}

/* ---- memory ---- */

void *
hal_p2v(paddr_t pa)
{
	return (void *)(KERNEL_BASE + pa);
}

paddr_t
hal_v2p(const void *va)
{
	return (paddr_t)((uintptr_t)va - KERNEL_BASE);
}

/*
 * RAM from the device tree, less everything below the kernel image's
 * end in the first range (the DTB at its base and the image).
 */
int
hal_mem_ranges(struct hal_mem_range *r, int max)
{
	uint64_t kstart = hal_v2p(_kernel_start), kend = hal_v2p(_kernel_end);
	uint64_t base, end;
	int n = 0;

	for (int i = 0; i < nram && n < max; i++) {
		base = ram[i].base;
		end = ram[i].base + ram[i].size;
		if (end > DIRECT_MAP_MAX)
			end = DIRECT_MAP_MAX;
		if (base <= kstart && end > kstart)
			base = kend;
		base = (base + HAL_PAGE_SIZE - 1) & ~(uint64_t)(HAL_PAGE_SIZE - 1);
		end &= ~(uint64_t)(HAL_PAGE_SIZE - 1);
		if (end > base)
			r[n++] = (struct hal_mem_range){ base, end - base };
	}
	return n;
}

/* QEMU loads no initrd beside an ELF kernel (hal.md section 12). */
bool
hal_initrd(paddr_t *start, size_t *size)
{
	(void)start;
	(void)size;
	return false;
}

/* ---- kernel contexts ---- */

/*
 * The new stack holds what hal_ctx_switch pops: x19 = fn, x20 = arg,
 * x29 = 0 (the end of backtraces), x30 = a64_ctx_start.
 */
void
hal_ctx_init(struct hal_ctx *ctx, void *stack, size_t size,
	     void (*fn)(void *), void *arg)
{
	uint64_t *sp = (uint64_t *)(((uintptr_t)stack + size) & ~15ull);

	sp -= 12;
	memset(sp, 0, 12 * sizeof(*sp));
	sp[0] = (uint64_t)fn;
	sp[1] = (uint64_t)arg;
	sp[11] = (uint64_t)a64_ctx_start;
	ctx->sp = (uint64_t)sp;
}

void
hal_ctx_free(struct hal_ctx *ctx)
{
	(void)ctx;
}

/* ---- exceptions in kernel mode ---- */

static void
dump(const char *what, struct a64_frame *f)
{
	char buf[256];
	uintptr_t off = 0;
	const char *sym = hal_symbolize(f->elr, &off);

	ksnprintf(buf, sizeof(buf), "\naarch64: %s at %#llx (%s+%#lx): "
		  "ESR %#llx FAR %#llx SPSR %#llx\n", what,
		  (unsigned long long)f->elr, sym ? sym : "?", (unsigned long)off,
		  (unsigned long long)sysreg_read(esr_el1),
		  (unsigned long long)sysreg_read(far_el1),
		  (unsigned long long)f->spsr);
	hal_console_put(buf, strlen(buf));
}

void
a64_sync(struct a64_frame *f)
{
	if (!panicking)
		dump("synchronous exception in kernel mode", f);
	panic("synchronous exception in kernel mode at %#llx",
	      (unsigned long long)f->elr);
}

/* hal_ctx_switch found no kernel stack pointer in `to` (head.S). */
void a64_bad_ctx(struct hal_ctx *to);
void
a64_bad_ctx(struct hal_ctx *to)
{
	panic("hal_ctx_switch to %p: saved sp %#llx", (void *)to,
	      (unsigned long long)to->sp);
}

void
a64_bad(struct a64_frame *f, uint64_t which)
{
	if (!panicking)
		dump("unexpected exception", f);
	panic("unexpected exception (vector %llu)", (unsigned long long)which);
}

/* ---- debugging ---- */

int
hal_backtrace(uintptr_t *pcs, int max)
{
	const uint64_t *fp = __builtin_frame_address(0);
	int n = 0;

	while (n < max && (uint64_t)fp >= KERNEL_BASE && ((uint64_t)fp & 15) == 0) {
		if (fp[1] < KERNEL_BASE)
			break;
		pcs[n++] = fp[1];
		if (fp[0] <= (uint64_t)fp)
			break;
		fp = (const uint64_t *)fp[0];
	}
	return n;
}

/* No symbol table in this image yet. */
const char *
hal_symbolize(uintptr_t pc, uintptr_t *offset)
{
	(void)pc;
	*offset = 0;
	return NULL;
}
