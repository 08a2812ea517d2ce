/*
 * panic.c -- the end of the line for a broken invariant: print the reason
 * and a symbolized backtrace on the console, then stop the machine.
 */
#include "kernel.h"

volatile int panicking;

/* Print the caller's stack with function names where the HAL knows them. */
void
backtrace_print(void)
{
	uintptr_t pcs[32], off;
	const char *name;
	char line[160];
	int n = hal_backtrace(pcs, 32);

	for (int i = 0; i < n; i++) {
		/* A return address may lie just past its call's function. */
		name = hal_symbolize(pcs[i] - 1, &off);
		if (name != NULL)
			ksnprintf(line, sizeof(line), "  #%d %#lx %s+%#lx\n", i,
				  (unsigned long)pcs[i], name, (unsigned long)off + 1);
		else
			ksnprintf(line, sizeof(line), "  #%d %#lx\n", i,
				  (unsigned long)pcs[i]);
		kputs_console(line, strlen(line));
	}
}

void
panic(const char *fmt, ...)
{
	char msg[256], head[320];
	va_list ap;

	hal_irq_disable();
	if (__atomic_exchange_n(&panicking, 1, __ATOMIC_SEQ_CST) != 0) {
		for (;;)	/* another CPU is already reporting */
			hal_cpu_relax();
	}
	va_start(ap, fmt);
	kvsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	ksnprintf(head, sizeof(head), "\nkernel panic on CPU %d: %s\nbacktrace:\n",
		  hal_cpu_id(), msg);
	kputs_console(head, strlen(head));
	backtrace_print();
	hal_panic_halt();
}
