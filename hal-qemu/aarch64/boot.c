/*
 * boot.c (aarch64) -- from head.S to kmain: the device tree (memory,
 * command line, CPUs, the PSCI conduit), the direct map, per-CPU state,
 * secondary CPUs by PSCI CPU_ON, power, the clock at boot, entropy and
 * kernel contexts.
 */
#include "a64.h"
#include "fdt.h"
#include "memmap.h"

#define MAX_RANGES 8
#define MAX_RESERVED 24

#define PSCI_SYSTEM_OFF 0x84000008u
#define PSCI_SYSTEM_RESET 0x84000009u
#define PSCI_CPU_ON 0xc4000003u

int a64_ncpu = 1;
bool a64_semihosting;		/* QEMU -semihosting-config enable=on */
struct pcpu a64_pcpu[HAL_MAX_CPUS];
uint64_t a64_psci_smc;
uint64_t a64_ap_stack[HAL_MAX_CPUS];
static uint8_t ap_stacks[HAL_MAX_CPUS][16384] __attribute__((aligned(16)));
static void (*ap_fn[HAL_MAX_CPUS])(void);
static char cmdline[1024];
static struct hal_mem_range ram[MAX_RANGES];
static int nram;
static struct memmap_range reserved[MAX_RESERVED];
static int nreserved;
static uint64_t initrd_start, initrd_end;
static char describe[192];

#define be32 fdt_be32
#define be64 fdt_be64

static void boot_msg(const char *fmt, uint64_t a, const char *s);

/* Keep [base, base + size) out of hal_mem_ranges (boot only). */
void
a64_reserve(uint64_t base, uint64_t size)
{
	if (size == 0)
		return;
	if (nreserved == MAX_RESERVED) {
		boot_msg("aarch64: too many reserved memory ranges: the one at "
			 "%#llx is not kept out of use%s\n", base, "");
		return;
	}
	reserved[nreserved++] = (struct memmap_range){ base, size };
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
		size_t n = len < sizeof(cmdline) ? len : sizeof(cmdline) - 1;

		memcpy(cmdline, val, n);	/* val need not end in a NUL */
		cmdline[n] = '\0';
	} else if (parent == NULL && strcmp(node, "chosen") == 0 &&
		   strncmp(name, "linux,initrd-", 13) == 0 && (len == 4 || len == 8)) {
		if (strcmp(name + 13, "start") == 0)
			initrd_start = fdt_cells(val, len / 4);
		else if (strcmp(name + 13, "end") == 0)
			initrd_end = fdt_cells(val, len / 4);
	} else if (parent != NULL && strcmp(parent, "reserved-memory") == 0 &&
		   strcmp(name, "reg") == 0) {
		for (uint32_t i = 0; i + 16 <= len; i += 16)
			a64_reserve(be64(val + i), be64(val + i + 8));
	} else if (parent == NULL && strcmp(node, "psci") == 0 &&
		   strcmp(name, "method") == 0) {
		a64_psci_smc = fdt_has_string(val, len, "smc");
	} else if (parent != NULL && strcmp(parent, "cpus") == 0 &&
		   strncmp(node, "cpu@", 4) == 0 && strcmp(name, "reg") == 0 &&
		   len >= 4 && a64_ncpu < HAL_MAX_CPUS) {
		uint64_t mpidr = len == 8 ? be64(val) : be32(val);

		if (mpidr != 0)		/* CPU 0 is the boot CPU */
			a64_pcpu[a64_ncpu++].mpidr = mpidr;
	}
}

/* fdt_walk's visitor: properties of the nodes at depth 1 and 2. */
static void
visit_prop(void *arg, int depth, const char *const *path, const char *name,
	   const uint8_t *val, uint32_t len)
{
	(void)arg;
	if (depth == 2 || depth == 3)
		fdt_prop(path[depth - 1], depth == 3 ? path[1] : NULL, name,
			 val, len);
}

/* ... and the end of each top-level node, for devtree.c. */
static void
visit_end(void *arg, int depth, const char *const *path)
{
	(void)arg;
	(void)path;
	if (depth == 2)
		devtree_end();
}

static void
visit_memreserve(void *arg, uint64_t base, uint64_t size)
{
	(void)arg;
	a64_reserve(base, size);
}

static void
boot_msg(const char *fmt, uint64_t a, const char *s)
{
	char buf[160];

	ksnprintf(buf, sizeof(buf), fmt, (unsigned long long)a, s);
	hal_console_put(buf, strlen(buf));
}

/* The initrd lies in RAM, in the direct map, off the kernel image. */
static bool
initrd_sane(void)
{
	bool in_ram = false;

	for (int i = 0; i < nram; i++)
		in_ram |= initrd_start >= ram[i].base &&
			  initrd_end <= ram[i].base + ram[i].size;
	if (!in_ram || initrd_end > DIRECT_MAP_MAX) {
		boot_msg("aarch64: the initrd at %#llx is not in RAM: not used%s\n",
			 initrd_start, "");
		return false;
	}
	if (initrd_start < hal_v2p(_kernel_end) &&
	    initrd_end > hal_v2p(_kernel_start)) {
		boot_msg("aarch64: the initrd at %#llx overlaps the kernel image "
			 "(its .bss was cleared): not used%s\n", initrd_start, "");
		return false;
	}
	return true;
}

/*
 * Read the flattened device tree at pa; false if there is none there. A
 * damaged one is reported and read no further (what came before stays).
 */
static bool
fdt_parse(uint64_t pa, bool quiet)
{
	const void *fdt = hal_p2v(pa);
	static const struct fdt_visitor v = { visit_prop, visit_end };
	int r;

	if (pa == 0 || fdt_be32(fdt) != 0xd00dfeed) {
		if (!quiet)
			boot_msg("aarch64: no device tree at %#llx%s\n", pa, "");
		return false;
	}
	if ((r = fdt_walk(fdt, FDT_MAX_SIZE, &v, NULL)) == 0)
		r = fdt_memreserve(fdt, FDT_MAX_SIZE, visit_memreserve, NULL);
	if (r != 0)
		boot_msg("aarch64: device tree at %#llx: %s; read no further\n",
			 pa, fdt_strerror(r));
	if (initrd_end > initrd_start && !initrd_sane())
		initrd_start = initrd_end = 0;
	if (initrd_end > initrd_start)
		a64_reserve(initrd_start, initrd_end - initrd_start);
	else
		initrd_start = initrd_end = 0;
	return true;
}

/* The boot CPU, from head.S with the MMU on and interrupts masked. */
void
a64_boot(uint64_t dtb_pa)
{
	a64_pcpu[0].id = 0;
	sysreg_write(tpidr_el1, &a64_pcpu[0]);
	board_early();
	console_init();
	if (!fdt_parse(dtb_pa, BOARD_DTB_GUESS != 0) &&
	    (BOARD_DTB_GUESS == 0 || !fdt_parse(BOARD_DTB_GUESS, false))) {
		boot_msg("aarch64: assuming RAM at %#llx%s\n",
			 BOARD_RAM_FALLBACK_BASE, "");
		ram[0] = (struct hal_mem_range){ BOARD_RAM_FALLBACK_BASE,
						 BOARD_RAM_FALLBACK_SIZE };
		nram = 1;
	}
	a64_semihosting = a64_semihost(SEMI_ERRNO, 0) != ~0ull;
	time_init();
	gic_init();
	gic_cpu_init();
	console_irq_init();
	board_init(dtb_pa);
	vblk_init();
	ksnprintf(describe, sizeof(describe), "%s, EL1, %s, "
		  "timer %llu Hz, PSCI over %s%s", BOARD_NAME, gic_name(),
		  (unsigned long long)sysreg_read(cntfrq_el0),
		  a64_psci_smc ? "SMC" : "HVC", board_describe());
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

/*
 * With semihosting (the test scripts turn it on) QEMU exits with `code`,
 * as circlesim does; otherwise PSCI SYSTEM_OFF, and QEMU exits 0 whatever
 * the code (see hal.md 12).
 */
void
hal_poweroff(int code)
{
	uint64_t block[2] = { SEMI_EXIT_APPLICATION, (uint64_t)(code & 0xff) };

	if (a64_semihosting)
		a64_semihost(SEMI_EXIT, (uint64_t)block);
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
 * end in the range that holds it (on virt the DTB at its base, on the
 * Pi the firmware's TF-A), the initrd and what the DTB or the board
 * reserved; nothing beyond the direct map.
 */
int
hal_mem_ranges(struct hal_mem_range *r, int max)
{
	uint64_t kstart = hal_v2p(_kernel_start), kend = hal_v2p(_kernel_end);
	struct memmap_range in[MAX_RANGES], out[2 * MAX_RANGES];
	int n;

	for (int i = 0; i < nram; i++) {
		in[i] = (struct memmap_range){ ram[i].base, ram[i].size };
		if (in[i].base > DIRECT_MAP_MAX)
			in[i].size = 0;
		else if (in[i].size > DIRECT_MAP_MAX - in[i].base)
			in[i].size = DIRECT_MAP_MAX - in[i].base;
		if (in[i].base <= kstart && kstart - in[i].base < in[i].size)
			a64_reserve(in[i].base, kend - in[i].base);
	}
	n = memmap_carve(in, nram, reserved, nreserved, HAL_PAGE_SIZE, out,
			 max < 2 * MAX_RANGES ? max : 2 * MAX_RANGES);
	for (int i = 0; i < n; i++)
		r[i] = (struct hal_mem_range){ out[i].base, out[i].size };
	return n;
}

/*
 * The initrd the boot loader named in /chosen (linux,initrd-start and
 * -end): the Pi's firmware loads one (config.txt's initramfs); QEMU
 * loads none beside an ELF kernel (hal.md section 12).
 */
bool
hal_initrd(paddr_t *start, size_t *size)
{
	if (initrd_end <= initrd_start)
		return false;
	*start = initrd_start;
	*size = initrd_end - initrd_start;
	return true;
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
	/* The semihosting probe without semihosting: an undefined hlt. */
	if (f->elr == (uint64_t)a64_semihost_hlt &&
	    sysreg_read(esr_el1) >> 26 == 0) {
		f->x[0] = ~0ull;
		f->elr += 4;
		return;
	}
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
