/*
 * user_x86_64.c (sim) -- the x86_64 side of user mode on the sim: traps
 * from the host signals the stub reports. The registers and Linux's
 * rt_sigframe are hal-common/x86_64/ulinux.c, shared with the real HAL.
 */
#include "hal.h"
#include "hal_sim.h"
#include "ulinux_regs.h"

#define SIGILL 4
#define SIGTRAP 5
#define SIGBUS 7
#define SIGFPE 8
#define SIGSEGV 11
#define SIGSYS 31
#define AUDIT_ARCH_X86_64 0xc000003eu

/* Turn a host signal from the stub into a trap for the kernel. */
void
halsim_classify(struct hal_tf *tf, const struct sim_utrap *ut, struct hal_trap *t)
{
	t->addr = 0;
	t->access = 0;
	t->code = ut->code;
	switch (ut->signo) {
	case SIGSYS:
		if (ut->err != AUDIT_ARCH_X86_64) {	/* int $0x80 */
			t->kind = HAL_TRAP_PROTECTION;
			t->code = 0x80;			/* SI_KERNEL */
			break;
		}
		t->kind = HAL_TRAP_SYSCALL;
		tf->orig_nr = tf->r[RAX];
		tf->orig_arg0 = tf->r[RDI];
		break;
	case SIGSEGV:
		if (ut->trapno != 14) {			/* not a page fault */
			t->kind = HAL_TRAP_PROTECTION;
			t->code = 0x80;
			break;
		}
		t->kind = HAL_TRAP_PAGEFAULT;
		t->addr = ut->addr;
		t->access = ut->err & 2 ? HAL_ACCESS_WRITE :
			    ut->err & 16 ? HAL_ACCESS_EXEC : HAL_ACCESS_READ;
		break;
	case SIGBUS:
		t->kind = HAL_TRAP_BUS;
		t->addr = ut->addr;
		break;
	case SIGILL:
		t->kind = HAL_TRAP_ILLEGAL;
		t->addr = tf->r[RIP];
		break;
	case SIGFPE:
		t->kind = HAL_TRAP_MATH;
		t->addr = tf->r[RIP];
		break;
	case SIGTRAP:
		t->kind = HAL_TRAP_BREAKPOINT;
		t->addr = tf->r[RIP];
		break;
	default:
		t->kind = HAL_TRAP_PROTECTION;
		t->code = 0x80;
	}
}
