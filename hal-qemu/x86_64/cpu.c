/*
 * cpu.c (x86_64) -- CPUs: the per-CPU block (%gs), GDT, TSS and IDT,
 * the system-call MSRs, the FPU/SSE enables; starting the application
 * processors with INIT-SIPI-SIPI; hal_cpu_*, hal_current, hal_ipi.
 */
#include "x86.h"

#define CR0_MP 0x2ull
#define CR0_EM 0x4ull
#define CR0_TS 0x8ull
#define CR0_NE 0x20ull
#define CR4_OSFXSR 0x200ull
#define CR4_OSXMMEXCPT 0x400ull
#define CR4_SMEP (1ull << 20)
#define CR4_SMAP (1ull << 21)
#define STACK_SIZE 16384
#define IST_SIZE 4096

_Static_assert(__builtin_offsetof(struct pcpu, current) == PC_CURRENT &&
	       __builtin_offsetof(struct pcpu, id) == PC_ID &&
	       __builtin_offsetof(struct pcpu, tf) == PC_TF &&
	       __builtin_offsetof(struct pcpu, krsp) == PC_KRSP &&
	       __builtin_offsetof(struct pcpu, scratch) == PC_SCRATCH &&
	       __builtin_offsetof(struct pcpu, vec) == PC_VEC &&
	       __builtin_offsetof(struct pcpu, err) == PC_ERR &&
	       __builtin_offsetof(struct pcpu, cr2) == PC_CR2 &&
	       __builtin_offsetof(struct pcpu, tss_rsp0_ptr) == PC_RSP0P,
	       "struct pcpu offsets used by entry.S");
_Static_assert(sizeof(struct tss) == 104, "64-bit TSS");

struct pcpu x86_pcpu[HAL_MAX_CPUS];
int x86_ncpu = 1;
uint32_t x86_apic_ids[HAL_MAX_CPUS];

static uint64_t idt[512] __attribute__((aligned(16)));
static uint8_t ap_stacks[HAL_MAX_CPUS][STACK_SIZE] __attribute__((aligned(16)));
static uint8_t ist_stacks[HAL_MAX_CPUS][2][IST_SIZE] __attribute__((aligned(16)));
static void (*ap_fn[HAL_MAX_CPUS])(void);
static volatile int ap_booting, ap_started;
static bool started[HAL_MAX_CPUS];

struct desc_ptr {
	uint16_t limit;
	uint64_t base;
} __attribute__((packed));

static void
idt_set(int vec, uint64_t handler, int ist, int dpl)
{
	idt[2 * vec] = (handler & 0xffff) | ((uint64_t)SEL_KCODE << 16) |
		       ((uint64_t)ist << 32) | ((uint64_t)(0x8e | dpl << 5) << 40) |
		       ((handler >> 16) & 0xffff) << 48;
	idt[2 * vec + 1] = handler >> 32;
}

/* The IDT, shared by all CPUs: interrupt gates (interrupts off inside). */
static void
idt_init(void)
{
	for (int v = 0; v < 256; v++)
		idt_set(v, isr_table[v], v == 8 ? 1 : v == 2 ? 2 : 0,
			v == 3 ? 3 : 0);	/* int3 from user mode */
}

static void
gdt_init(struct pcpu *pc)
{
	uint64_t base = (uint64_t)&pc->tss, limit = sizeof(pc->tss) - 1;

	pc->gdt[0] = 0;
	pc->gdt[1] = 0x00cf9a000000ffffull;	/* 0x08: kernel code, 32-bit */
	pc->gdt[2] = 0x00af9a000000ffffull;	/* 0x10: kernel code */
	pc->gdt[3] = 0x00cf92000000ffffull;	/* 0x18: kernel data */
	pc->gdt[4] = 0x00cffa000000ffffull;	/* 0x23: user code, 32-bit */
	pc->gdt[5] = 0x00cff2000000ffffull;	/* 0x2b: user data */
	pc->gdt[6] = 0x00affa000000ffffull;	/* 0x33: user code */
	pc->gdt[7] = 0;
	pc->gdt[8] = (limit & 0xffff) | ((base & 0xffffff) << 16) |
		     (0x89ull << 40) | (((limit >> 16) & 0xf) << 48) |
		     (((base >> 24) & 0xff) << 56);	/* 0x40: TSS */
	pc->gdt[9] = base >> 32;
}

/*
 * Set up the calling CPU as CPU `id`: descriptor tables, %gs, the
 * `syscall` MSRs, FPU/SSE. Interrupts off.
 */
void
cpu_init_this(int id)
{
	struct pcpu *pc = &x86_pcpu[id];
	struct desc_ptr gp = { sizeof(pc->gdt) - 1, (uint64_t)pc->gdt };
	struct desc_ptr ip = { sizeof(idt) - 1, (uint64_t)idt };
	uint32_t r[4];
	uint64_t cr4;

	pc->self = pc;
	pc->id = id;
	pc->tss_rsp0_ptr = (uint64_t)&pc->tss.rsp0;
	pc->tss.ist[0] = (uint64_t)ist_stacks[id][0] + IST_SIZE;
	pc->tss.ist[1] = (uint64_t)ist_stacks[id][1] + IST_SIZE;
	pc->tss.iomap = sizeof(pc->tss);
	gdt_init(pc);
	__asm__ volatile(
		"lgdt %0\n\t"
		"pushq $0x10\n\t"
		"leaq 1f(%%rip), %%rax\n\t"
		"pushq %%rax\n\t"
		"lretq\n"
		"1:\tmovw $0x18, %%ax\n\t"
		"movw %%ax, %%ds\n\t"
		"movw %%ax, %%es\n\t"
		"movw %%ax, %%ss\n\t"
		"xorl %%eax, %%eax\n\t"
		"movw %%ax, %%fs\n\t"
		"movw %%ax, %%gs\n\t"
		"movw $0x40, %%ax\n\t"
		"ltr %%ax\n\t"
		"lidt %1"
		: : "m"(gp), "m"(ip) : "rax", "memory");
	wrmsr(MSR_GS_BASE, (uint64_t)pc);
	wrmsr(MSR_KERNEL_GS_BASE, 0);
	wrmsr(MSR_FS_BASE, 0);
	wrmsr(MSR_EFER, rdmsr(MSR_EFER) | EFER_SCE | (x86_has_nx ? EFER_NXE : 0));
	wrmsr(MSR_STAR, ((uint64_t)SEL_UCODE32 << 48) | ((uint64_t)SEL_KCODE << 32));
	wrmsr(MSR_LSTAR, (uint64_t)syscall_entry);
	wrmsr(MSR_SFMASK, 0x47700);	/* TF IF DF NT AC */
	write_cr0((read_cr0() | CR0_MP | CR0_NE) & ~(CR0_EM | CR0_TS));
	cr4 = read_cr4() | CR4_OSFXSR | CR4_OSXMMEXCPT | 0x80;
	cpuid(7, 0, r);
	if (r[1] & (1u << 7))
		cr4 |= CR4_SMEP;	/* the kernel never runs user pages */
	if (r[1] & (1u << 20))
		cr4 |= CR4_SMAP;	/* nor touches them: it goes through hal_p2v */
	write_cr4(cr4);
	__asm__ volatile("fninit");
}

/* The boot CPU: the IDT, and CPU 0 in the MADT's order (see acpi.c). */
void
cpu_init_bsp(void)
{
	idt_init();
	cpu_init_this(0);
}

int
hal_cpu_count(void)
{
	return x86_ncpu;
}

int
hal_cpu_id(void)
{
	int64_t id;

	__asm__ volatile("movq %%gs:%c1, %0" : "=r"(id) : "i"(PC_ID));
	return (int)id;
}

void *
hal_current(void)
{
	void *t;

	__asm__ volatile("movq %%gs:%c1, %0" : "=r"(t) : "i"(PC_CURRENT));
	return t;
}

void
hal_set_current(void *thread)
{
	__asm__ volatile("movq %0, %%gs:%c1" : : "r"(thread), "i"(PC_CURRENT) : "memory");
}

/* An application processor, from the trampoline on its boot stack. */
void
x86_ap_main(void)
{
	int id = ap_booting;

	write_cr3(x86_kernel_pml4);
	cpu_init_this(id);
	lapic_init();
	time_cpu_init();
	__atomic_store_n(&ap_started, id, __ATOMIC_RELEASE);
	ap_fn[id]();
	for (;;)
		__asm__ volatile("cli; hlt");
}

extern uint32_t t_cr3, t_efer;
extern uint64_t t_stack, t_entry;
extern uint64_t boot_pml4[512];

/* Where a trampoline variable lives in the copy at TRAMPOLINE_PA. */
static void *
tvar(void *sym)
{
	return hal_p2v(TRAMPOLINE_PA + ((char *)sym - trampoline_start));
}

int
hal_cpu_start(int cpu, void (*fn)(void))
{
	uint64_t end;
	char *dst = hal_p2v(TRAMPOLINE_PA);

	if (cpu <= 0 || cpu >= x86_ncpu || fn == NULL || started[cpu])
		return -EINVAL_HAL;
	started[cpu] = true;
	for (char *s = trampoline_start; s < trampoline_end; s++)
		*dst++ = *s;
	*(uint32_t *)tvar(&t_cr3) = (uint32_t)((uint64_t)boot_pml4 - KERNEL_VMA);
	*(uint32_t *)tvar(&t_efer) = EFER_LME | (x86_has_nx ? EFER_NXE : 0);
	*(uint64_t *)tvar(&t_stack) = (uint64_t)ap_stacks[cpu] + STACK_SIZE - 8;
	*(uint64_t *)tvar(&t_entry) = (uint64_t)x86_ap_main;
	ap_fn[cpu] = fn;
	ap_booting = cpu;
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	lapic_send_ipi(x86_apic_ids[cpu], 0x4500);	/* INIT */
	time_delay_us(10000);
	for (int i = 0; i < 2; i++) {			/* STARTUP, twice */
		lapic_send_ipi(x86_apic_ids[cpu], 0x4600 | (TRAMPOLINE_PA >> 12));
		time_delay_us(200);
		if (__atomic_load_n(&ap_started, __ATOMIC_ACQUIRE) == cpu)
			break;
	}
	end = hal_time_ns() + 1000000000ull;
	while (__atomic_load_n(&ap_started, __ATOMIC_ACQUIRE) != cpu) {
		if (hal_time_ns() > end)
			return -EINVAL_HAL;	/* never arrived */
		__asm__ volatile("pause");
	}
	return 0;
}

void
hal_cpu_idle(void)
{
	/* sti takes effect after hlt starts: no interrupt slips between. */
	__asm__ volatile("sti; hlt; cli" : : : "memory");
}

void
hal_cpu_relax(void)
{
	__asm__ volatile("pause" : : : "memory");
}

void
hal_ipi(int cpu)
{
	if (cpu >= 0 && cpu < x86_ncpu)
		lapic_send_ipi(x86_apic_ids[cpu], VEC_LINE0 + HAL_IRQ_IPI);
}

/* Stop the other CPUs (after a panic). */
void
x86_halt_others(void)
{
	for (int i = 0; i < x86_ncpu; i++)
		if (i != hal_cpu_id() && (i == 0 || started[i]))
			lapic_send_ipi(x86_apic_ids[i], VEC_HALT);
}
