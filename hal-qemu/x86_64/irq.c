/*
 * irq.c (x86_64) -- the interrupt flag, the table of HAL lines (line n
 * is vector 32 + n), dispatch with EOI and kirq_exit, and exceptions in
 * kernel mode: a panic with the registers and the interrupted stack.
 */
#include "x86.h"

static hal_irq_fn handlers[HAL_NR_IRQ];
static void *handler_args[HAL_NR_IRQ];
unsigned long x86_spurious;

static const char *const exc_names[32] = {
	"divide error", "debug", "NMI", "breakpoint", "overflow",
	"bound range", "invalid opcode", "device not available",
	"double fault", "coprocessor segment", "invalid TSS",
	"segment not present", "stack fault", "general protection",
	"page fault", "reserved", "x87 floating point", "alignment check",
	"machine check", "SIMD floating point", "virtualization",
	"control protection",
};

unsigned long
hal_irq_save(void)
{
	unsigned long f;

	__asm__ volatile("pushfq; popq %0; cli" : "=r"(f) : : "memory");
	return f & 0x200;
}

void
hal_irq_restore(unsigned long flags)
{
	if (flags & 0x200)
		__asm__ volatile("sti" : : : "memory");
	else
		__asm__ volatile("cli" : : : "memory");
}

void
hal_irq_enable(void)
{
	__asm__ volatile("sti" : : : "memory");
}

void
hal_irq_disable(void)
{
	__asm__ volatile("cli" : : : "memory");
}

bool
hal_irq_enabled(void)
{
	unsigned long f;

	__asm__ volatile("pushfq; popq %0" : "=r"(f));
	return (f & 0x200) != 0;
}

int
hal_irq_register(int line, hal_irq_fn fn, void *arg)
{
	if (line < 0 || line >= HAL_NR_IRQ || fn == NULL)
		return -EINVAL_HAL;
	if (handlers[line] != NULL)
		return -EBUSY_HAL;
	handler_args[line] = arg;
	__atomic_store_n(&handlers[line], fn, __ATOMIC_RELEASE);
	return 0;
}

static void
run_line(int line)
{
	hal_irq_fn fn = __atomic_load_n(&handlers[line], __ATOMIC_ACQUIRE);

	if (fn != NULL)
		fn(line, handler_args[line]);
	else
		x86_spurious++;
}

/*
 * An interrupt vector (>= 32) arrived on this CPU: the HAL's part, the
 * kernel's handler, then EOI. Interrupts off. The caller then lets the
 * kernel preempt (kirq_exit).
 */
void
irq_dispatch(unsigned vec)
{
	int line = (int)vec - VEC_LINE0;

	if (vec == VEC_SPURIOUS)
		return;			/* no EOI for the spurious vector */
	if (vec == VEC_HALT) {
		for (;;)
			__asm__ volatile("cli; hlt");
	}
	if (vec == VEC_TLB) {
		mmu_tlb_ipi();
	} else if (line == HAL_IRQ_TIMER) {
		if (time_timer_due())
			run_line(line);
	} else if (line >= 0 && line < HAL_NR_IRQ) {
		if (line == HAL_LINE_CONSOLE)
			console_isr();
		if (line == HAL_LINE_DISK)
			vblk_isr();
		else
			run_line(line);
	} else {
		x86_spurious++;
	}
	lapic_eoi();
}

static void
dump_frame(const struct kframe *f)
{
	char buf[640];
	uintptr_t off;
	const char *name = hal_symbolize(f->rip, &off);

	ksnprintf(buf, sizeof(buf),
		  "\nx86_64: %s (vector %llu, error %#llx) in kernel mode at %s+%#lx\n"
		  "  rip %016llx  rsp %016llx  rflags %08llx  cr2 %016llx\n"
		  "  rax %016llx  rbx %016llx  rcx %016llx  rdx %016llx\n"
		  "  rsi %016llx  rdi %016llx  rbp %016llx  r8  %016llx\n"
		  "  r9  %016llx  r10 %016llx  r11 %016llx  r12 %016llx\n"
		  "  r13 %016llx  r14 %016llx  r15 %016llx\n",
		  f->vec < 32 && exc_names[f->vec] ? exc_names[f->vec] : "exception",
		  (unsigned long long)f->vec, (unsigned long long)f->err,
		  name ? name : "?", (unsigned long)off,
		  (unsigned long long)f->rip, (unsigned long long)f->rsp,
		  (unsigned long long)f->rflags, (unsigned long long)read_cr2(),
		  (unsigned long long)f->rax,
		  (unsigned long long)f->rbx, (unsigned long long)f->rcx,
		  (unsigned long long)f->rdx, (unsigned long long)f->rsi,
		  (unsigned long long)f->rdi, (unsigned long long)f->rbp,
		  (unsigned long long)f->r8, (unsigned long long)f->r9,
		  (unsigned long long)f->r10, (unsigned long long)f->r11,
		  (unsigned long long)f->r12, (unsigned long long)f->r13,
		  (unsigned long long)f->r14, (unsigned long long)f->r15);
	hal_console_put(buf, strlen(buf));
}

/*
 * Called by entry.S for every trap taken in kernel mode. An exception
 * there is a kernel bug: the registers, then panic (whose backtrace
 * goes from here through the interrupted function's callers).
 */
void
x86_kernel_trap(struct kframe *f)
{
	if (f->vec >= 32) {
		irq_dispatch((unsigned)f->vec);
		if (f->vec != VEC_SPURIOUS && (f->rflags & 0x200))
			kirq_exit();
		return;
	}
	if (!panicking)
		dump_frame(f);
	panic("%s in kernel mode at %#llx",
	      exc_names[f->vec] ? exc_names[f->vec] : "exception",
	      (unsigned long long)f->rip);
}
