/*
 * user.c (x86_64) -- hal_user_run: enter ring 3 with the thread's
 * registers (entry.S, iretq) and turn the way back (`syscall`, an
 * exception, an interrupt) into a struct hal_trap the way kernel/proc.c
 * expects it (the same kinds and codes as the sim gives for the host's
 * signals). An interrupt is dispatched here, then kirq_exit may preempt.
 */
#include "x86.h"
#include "ulinux_regs.h"

#define FLAGS_USER 0x254dd5ull		/* AC OF DF TF SF ZF AF PF CF RF NT ID */
#define CANONICAL_TOP 0x800000000000ull
#define SI_KERNEL 0x80
#define ILL_ILLOPN 2
#define FPE_INTDIV 1
#define FPE_FLTDIV 3
#define FPE_FLTOVF 4
#define FPE_FLTUND 5
#define FPE_FLTRES 6
#define FPE_FLTINV 7
#define FPE_FLTSUB 8
#define TRAP_TRACE 2
#define BUS_ADRALN 1

_Static_assert(__builtin_offsetof(struct hal_tf, fp_size) == 36 * 8 &&
	       __builtin_offsetof(struct hal_tf, fp) == 320,
	       "struct hal_tf offsets used by entry.S");

unsigned long x86_user_irqs;

/* The si_code of an x87 (#MF) or SSE (#XM) exception, as Linux picks it. */
static int
fpe_code(const struct hal_tf *tf, bool sse)
{
	uint32_t st, mask;

	if (sse) {
		st = *(const uint32_t *)(tf->fp + 24);
		mask = st >> 7;
	} else {
		st = *(const uint16_t *)(tf->fp + 2);
		mask = *(const uint16_t *)(tf->fp + 0);
	}
	st &= ~mask & 0x3f;
	if (st & 0x01)
		return FPE_FLTINV;
	if (st & 0x02)
		return FPE_FLTUND;	/* denormal operand */
	if (st & 0x04)
		return FPE_FLTDIV;
	if (st & 0x08)
		return FPE_FLTOVF;
	if (st & 0x10)
		return FPE_FLTUND;
	if (st & 0x20)
		return FPE_FLTRES;
	return 0;
}

static void
classify(struct hal_tf *tf, struct pcpu *pc, struct hal_trap *t)
{
	uint64_t err = pc->err;

	t->addr = 0;
	t->access = 0;
	t->code = 0;
	switch (pc->vec) {
	case VEC_SYSCALL:
		t->kind = HAL_TRAP_SYSCALL;
		tf->orig_nr = tf->r[RAX];
		tf->orig_arg0 = tf->r[RDI];
		break;
	case 14:				/* page fault */
		t->kind = HAL_TRAP_PAGEFAULT;
		t->addr = pc->cr2;
		t->access = err & 2 ? HAL_ACCESS_WRITE :
			    err & 16 ? HAL_ACCESS_EXEC : HAL_ACCESS_READ;
		break;
	case 0:					/* divide error */
		t->kind = HAL_TRAP_MATH;
		t->code = FPE_INTDIV;
		t->addr = tf->r[RIP];
		break;
	case 16:				/* x87 */
	case 19:				/* SIMD */
		t->kind = HAL_TRAP_MATH;
		t->code = fpe_code(tf, pc->vec == 19);
		t->addr = tf->r[RIP];
		break;
	case 1:					/* debug: single step */
		t->kind = HAL_TRAP_BREAKPOINT;
		t->code = TRAP_TRACE;
		t->addr = tf->r[RIP];
		break;
	case 3:					/* int3 */
		t->kind = HAL_TRAP_BREAKPOINT;
		t->code = SI_KERNEL;
		t->addr = tf->r[RIP];
		break;
	case 6:					/* invalid opcode */
		t->kind = HAL_TRAP_ILLEGAL;
		t->code = ILL_ILLOPN;
		t->addr = tf->r[RIP];
		break;
	case 17:				/* alignment check */
		t->kind = HAL_TRAP_BUS;
		t->code = BUS_ADRALN;
		t->addr = tf->r[RIP];
		break;
	default:			/* #GP, #SS, int $n, ...: SIGSEGV */
		t->kind = HAL_TRAP_PROTECTION;
		t->code = SI_KERNEL;
	}
}

int
hal_user_run(struct hal_tf *tf, struct hal_trap *trap)
{
	struct pcpu *pc = this_pcpu();
	uint64_t fs = tf->r[FSBASE];

	if (tf->r[RIP] >= CANONICAL_TOP) {	/* iretq would fault in ring 0 */
		trap->kind = HAL_TRAP_PROTECTION;
		trap->code = SI_KERNEL;
		trap->addr = 0;
		trap->access = 0;
		return trap->kind;
	}
	tf->r[EFLAGS] = (tf->r[EFLAGS] & FLAGS_USER) | 0x202;
	if (fs >= CANONICAL_TOP)
		fs = 0;				/* wrmsr would fault */
	if (pc->fsbase != fs) {
		wrmsr(MSR_FS_BASE, fs);
		pc->fsbase = fs;
	}
	x86_user_enter(tf);
	classify(tf, pc, trap);
	if (pc->vec >= 32 && pc->vec != VEC_SYSCALL) {
		x86_user_irqs++;
		irq_dispatch((unsigned)pc->vec);
		trap->kind = HAL_TRAP_IRQ;
		kirq_exit();			/* may switch threads */
	}
	return trap->kind;
}
