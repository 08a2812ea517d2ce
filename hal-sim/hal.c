/*
 * hal.c (sim) -- kernel/hal.h for the simulated machine: a thin layer over
 * the runner's services in sim/sim_if.h. Freestanding, like the kernel.
 */
#include "hal.h"
#include "hal_sim.h"

#define RAM_BASE 0x40000000ull	/* physical address of the first RAM byte */

_Static_assert(sizeof(struct sim_ctx) <= sizeof(struct hal_ctx),
	       "struct hal_ctx too small for struct sim_ctx");
_Static_assert(HAL_NR_IRQ == SIM_NR_IRQ, "interrupt line count");
_Static_assert(HAL_IRQ_TIMER == SIM_IRQ_TIMER && HAL_IRQ_IPI == SIM_IRQ_IPI,
	       "per-CPU lines");

static hal_irq_fn handlers[HAL_NR_IRQ];
static void *handler_args[HAL_NR_IRQ];
static unsigned char *ram;
static uint64_t ram_size;
unsigned long halsim_spurious;

int
hal_cpu_count(void)
{
	return sim_cpu_count();
}

int
hal_cpu_id(void)
{
	return sim_cpu_self()->id;
}

void *
hal_current(void)
{
	return sim_cpu_self()->current;
}

void
hal_set_current(void *thread)
{
	sim_cpu_self()->current = thread;
}

int
hal_cpu_start(int cpu, void (*fn)(void))
{
	return sim_cpu_start(cpu, fn);
}

/*
 * Run the handlers of every pending line, then let the kernel preempt.
 * Called where interrupts are (being) enabled; returns with them enabled.
 * The kernel may switch threads in kirq_exit, so this CPU is looked up
 * again afterwards: the thread may resume on another one.
 */
static void
deliver(struct sim_cpu_irq *c)
{
	uint64_t p;
	int line;

	while ((p = __atomic_exchange_n(&c->pending, 0, __ATOMIC_ACQ_REL)) != 0) {
		c->irq_on = 0;
		while (p != 0) {
			line = __builtin_ctzll(p);
			p &= p - 1;
			if (handlers[line] != NULL)
				handlers[line](line, handler_args[line]);
			else
				halsim_spurious++;
		}
		kirq_exit();
		c = sim_cpu_self();
		c->irq_on = 1;
		c->irq_epoch++;
	}
}

unsigned long
hal_irq_save(void)
{
	struct sim_cpu_irq *c = sim_cpu_self();
	unsigned long f = (unsigned long)c->irq_on;

	c->irq_on = 0;
	return f;
}

void
hal_irq_restore(unsigned long flags)
{
	if (flags)
		hal_irq_enable();
	else
		sim_cpu_self()->irq_on = 0;
}

void
hal_irq_enable(void)
{
	struct sim_cpu_irq *c = sim_cpu_self();

	c->irq_on = 1;
	c->irq_epoch++;
	sim_cpu_poll(c, 0);
	if (__atomic_load_n(&c->pending, __ATOMIC_ACQUIRE) != 0)
		deliver(c);
}

void
hal_irq_disable(void)
{
	sim_cpu_self()->irq_on = 0;
}

bool
hal_irq_enabled(void)
{
	return sim_cpu_self()->irq_on != 0;
}

int
hal_irq_register(int line, hal_irq_fn fn, void *arg)
{
	if (line < 0 || line >= HAL_NR_IRQ || fn == NULL)
		return -22;	/* EINVAL */
	if (handlers[line] != NULL)
		return -16;	/* EBUSY */
	handler_args[line] = arg;
	__atomic_store_n(&handlers[line], fn, __ATOMIC_RELEASE);
	return 0;
}

void
hal_cpu_idle(void)
{
	sim_cpu_idle(sim_cpu_self());
}

void
hal_cpu_relax(void)
{
	struct sim_cpu_irq *c = sim_cpu_self();

	sim_cpu_poll(c, 1);
	if (c->irq_on && __atomic_load_n(&c->pending, __ATOMIC_ACQUIRE) != 0)
		deliver(c);
}

void
hal_ipi(int cpu)
{
	if (cpu >= 0 && cpu < sim_cpu_count())
		sim_irq_raise(cpu, SIM_IRQ_IPI);
}

void
hal_poweroff(int code)
{
	sim_poweroff(code);
}

void
hal_reboot(void)
{
	sim_reboot();
}

void
hal_panic_halt(void)
{
	sim_panic_halt();
}

const char *
hal_cmdline(void)
{
	return sim_cmdline();
}

const char *
hal_describe(void)
{
	return sim_describe();
}

void
hal_ctx_init(struct hal_ctx *ctx, void *stack, size_t size,
	     void (*fn)(void *), void *arg)
{
	sim_ctx_init((struct sim_ctx *)ctx, stack, size, fn, arg);
}

void
hal_ctx_free(struct hal_ctx *ctx)
{
	sim_ctx_free((struct sim_ctx *)ctx);
}

void
hal_ctx_switch(struct hal_ctx *from, struct hal_ctx *to)
{
	sim_ctx_switch((struct sim_ctx *)from, (struct sim_ctx *)to);
}

uint64_t
hal_time_ns(void)
{
	return sim_time_ns();
}

void
hal_timer_oneshot(uint64_t deadline)
{
	sim_timer_set(sim_cpu_self(), deadline);
}

uint64_t
hal_rtc_boot_seconds(void)
{
	return sim_rtc_boot_seconds();
}

void
hal_entropy(void *buf, size_t n)
{
	sim_entropy(buf, n);
}

int
hal_mem_ranges(struct hal_mem_range *r, int max)
{
	uint64_t off, len;

	if (max < 1)
		return 0;
	r[0].base = RAM_BASE;
	r[0].size = ram_size;
	if (sim_initrd(&off, &len))
		r[0].size = off;	/* the initrd sits at the top of RAM */
	return 1;
}

bool
hal_initrd(paddr_t *start, size_t *size)
{
	uint64_t off, len;

	if (!sim_initrd(&off, &len))
		return false;
	*start = RAM_BASE + off;
	*size = len;
	return true;
}

void *
hal_p2v(paddr_t pa)
{
	return ram + (pa - RAM_BASE);
}

paddr_t
hal_v2p(const void *va)
{
	return (paddr_t)((const unsigned char *)va - ram) + RAM_BASE;
}

void
hal_console_put(const char *s, size_t n)
{
	sim_console_write(s, n);
}

int
hal_console_get(void)
{
	return sim_console_read();
}

int
hal_console_irq(void)
{
	return SIM_IRQ_CONSOLE;
}

void
hal_console_flow(bool ready)
{
	sim_console_flow(ready);
}

int
hal_backtrace(uintptr_t *pcs, int max)
{
	return sim_backtrace(pcs, max);
}

const char *
hal_symbolize(uintptr_t pc, uintptr_t *offset)
{
	return sim_symbolize(pc, offset);
}

/* True when [p, p + len) lies in RAM (a device may transfer there). */
bool
halsim_ram_range(const void *p, uint64_t len)
{
	uint64_t off = (uint64_t)((const unsigned char *)p - ram);

	return (const unsigned char *)p >= ram && off <= ram_size &&
	       len <= ram_size - off;
}

/* Called by the runner on CPU 0's thread. */
void
halsim_boot(void)
{
	ram = sim_ram(&ram_size);
	sim_cpu_self()->irq_on = 0;
	halsim_block_init();
	kmain();
}
