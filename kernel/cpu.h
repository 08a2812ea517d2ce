/*
 * cpu.h -- per-CPU state of the kernel.
 */
#ifndef KERNEL_CPU_H
#define KERNEL_CPU_H

#include "kernel.h"
#include "sched.h"
#include "timer.h"

struct cpu {
	int id;
	int noff;		/* depth of push_off */
	bool intena;		/* interrupts were on before push_off */
	bool online;
	bool need_resched;	/* switch threads at the next chance */
	struct thread *idle;
	struct thread *curr;	/* running thread (hal_current on that CPU) */
	struct thread *prev;	/* the thread switched away from */
	struct runq rq;
	struct timerq tq;
	uint64_t slice_end;	/* end of the running thread's slice, 0 none */
	uint64_t switches;
	uint64_t steals;
	uint64_t irqs;
} __attribute__((aligned(64)));

extern struct cpu cpus[HAL_MAX_CPUS];
extern int ncpu;

/* This CPU; stable only with interrupts off. */
static inline struct cpu *
this_cpu(void)
{
	return &cpus[hal_cpu_id()];
}

#endif
