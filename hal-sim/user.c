/*
 * user.c (sim) -- hal_user_run: run a user thread on this CPU's slot of the
 * active address space's stub, refilling the stub's mappings from the page
 * table on faults the page table allows, until something needs the kernel.
 */
#include "hal.h"
#include "hal_sim.h"

_Static_assert(__builtin_offsetof(struct hal_tf, r) == __builtin_offsetof(struct stub_regs, r) &&
	       __builtin_offsetof(struct hal_tf, fp_size) == __builtin_offsetof(struct stub_regs, fp_size) &&
	       __builtin_offsetof(struct hal_tf, fp) == __builtin_offsetof(struct stub_regs, fp) &&
	       sizeof(((struct hal_tf *)0)->fp) == STUB_FP_BYTES,
	       "struct hal_tf must begin like struct stub_regs");
_Static_assert(HAL_USER_TOP == STUB_USER_TOP, "user top");

#define MAX_SAME_REFILL 16
#define FAULT_AROUND 16

unsigned long halsim_refills;

/*
 * A fault this CPU last handed to the kernel: when the same address space
 * runs next, the kernel has usually fixed it, so the page is mapped right
 * away instead of faulting once more.
 */
struct pending_fault {
	struct hal_pt *pt;
	uintptr_t addr;
	int access;
};
static struct pending_fault pending[HAL_MAX_CPUS];
unsigned long halsim_stub_violations;

static int
user_run(struct hal_pt *pt, struct hal_tf *tf, struct hal_trap *trap)
{
	struct sim_cpu_irq *c = sim_cpu_self();
	struct stub_map m[FAULT_AROUND];
	struct sim_utrap ut;
	uintptr_t last = 0;
	uint32_t gen = 0;
	int nmap = 0, same = 0, r;

	struct pending_fault *pf = &pending[c->id];

	if (pf->pt == pt) {
		gen = sim_stub_gen(pt->stub);
		nmap = halsim_refill(pt, pf->addr, pf->access, m, FAULT_AROUND);
	}
	pf->pt = NULL;
	for (;;) {
		r = sim_stub_run(pt->stub, c, (struct stub_regs *)tf, m, nmap,
				 gen, &ut);
		nmap = 0;
		sim_cpu_poll(c, 0);		/* a kernel entry */
		if (r == SIM_USER_DEAD) {
			trap->kind = HAL_TRAP_DEAD;
			return trap->kind;
		}
		if (hal_tf_pc(tf) >= STUB_IMAGE && hal_tf_pc(tf) < STUB_STACKS +
		    (uint64_t)STUB_MAX_SLOTS * STUB_STACK_BYTES) {
			/* It ran the stub's own code: end that process. */
			halsim_stub_violations++;
			trap->kind = HAL_TRAP_DEAD;
			return trap->kind;
		}
		if (r == SIM_USER_IRQ) {
			trap->kind = HAL_TRAP_IRQ;
			return trap->kind;
		}
		halsim_classify(tf, &ut, trap);
		if (trap->kind != HAL_TRAP_PAGEFAULT)
			return trap->kind;
		same = trap->addr == last ? same + 1 : 0;
		last = trap->addr;
		if (same >= MAX_SAME_REFILL) {	/* the host keeps refusing */
			trap->kind = HAL_TRAP_DEAD;
			return trap->kind;
		}
		gen = sim_stub_gen(pt->stub);	/* before reading the table */
		nmap = halsim_refill(pt, trap->addr, trap->access, m, FAULT_AROUND);
		if (nmap == 0) {
			pf->pt = pt;		/* for the kernel: see above */
			pf->addr = trap->addr;
			pf->access = trap->access;
			return trap->kind;
		}
		halsim_refills++;
	}
}

int
hal_user_run(struct hal_tf *tf, struct hal_trap *trap)
{
	struct hal_pt *pt = halsim_active_pt();
	struct sim_stub *s;
	int kind;

	if (pt->stub == NULL && (pt->stub = sim_stub_new()) == NULL) {
		trap->kind = HAL_TRAP_DEAD;	/* the host would not make one */
		return trap->kind;
	}
	s = pt->stub;
	sim_stub_enter(s);	/* flushes of pt now reach the stub at once */
	kind = user_run(pt, tf, trap);
	sim_stub_leave(s);
	return kind;
}
