/*
 * user.c (aarch64) -- user mode: hal_user_run enters EL0 with the
 * thread's registers (head.S, eret) and turns the way back (svc, an
 * abort, another exception, an interrupt) into a struct hal_trap the
 * way kernel/proc.c expects it, with the same kinds and si_codes as the
 * other HALs. Registers follow the Linux aarch64 ABI: x8 the system call
 * number, x0-x5 its arguments, x0 its result, TPIDR_EL0 the TLS base.
 * Signal frames are Linux's aarch64 rt_sigframe. Disks: none yet.
 */
#include "a64.h"

#define TF_SP 31
#define TF_PC 32
#define TF_PSTATE 33
#define TF_TLS 34
#define FP_BYTES 520			/* v0-v31, then FPSR and FPCR */
#define PSTATE_NZCV 0xf0000000ull	/* all EL0 keeps: EL0t, DAIF clear */

#define EC_UNKNOWN 0x00
#define EC_SVC64 0x15
#define EC_IABT_LOW 0x20
#define EC_PC_ALIGN 0x22
#define EC_DABT_LOW 0x24
#define EC_SP_ALIGN 0x26
#define EC_FP_EXC64 0x2c
#define EC_BKPT_LOW 0x30
#define EC_STEP_LOW 0x32
#define EC_WATCH_LOW 0x34
#define EC_BRK64 0x3c

#define SI_KERNEL 0x80
#define ILL_ILLOPC 1
#define BUS_ADRALN 1
#define TRAP_BRKPT 1
#define TRAP_TRACE 2
#define TRAP_HWBKPT 4
#define FPE_FLTDIV 3
#define FPE_FLTOVF 4
#define FPE_FLTUND 5
#define FPE_FLTRES 6
#define FPE_FLTINV 7

_Static_assert(__builtin_offsetof(struct hal_tf, fp) == 304 &&
	       sizeof(((struct hal_tf *)0)->fp) >= FP_BYTES,
	       "struct hal_tf offsets used by head.S");

unsigned long a64_user_irqs;

/* The si_code of a trapped floating-point exception (ESR's ISS). */
static int
fpe_code(uint64_t iss)
{
	if (iss & 0x01)
		return FPE_FLTINV;
	if (iss & 0x02)
		return FPE_FLTDIV;
	if (iss & 0x04)
		return FPE_FLTOVF;
	if (iss & 0x08)
		return FPE_FLTUND;
	if (iss & 0x10)
		return FPE_FLTRES;
	return 0;
}

/* An abort from EL0: the HAL's own A/D emulation, or the kernel's fault. */
static bool
abort_fixed(uint64_t ec, uint64_t iss, uint64_t far)
{
	uint64_t fsc = iss & 0x3f;
	bool write = ec == EC_DABT_LOW && (iss & (1u << 6)) && !(iss & (1u << 8));

	if ((fsc & 0x3c) == 0x08)		/* access flag fault */
		return a64_pt_fixup(far, false);
	if ((fsc & 0x3c) == 0x0c && write)	/* permission fault, a write */
		return a64_pt_fixup(far, true);
	return false;
}

static void
classify(struct hal_tf *tf, const struct a64_uexit *x, struct hal_trap *t)
{
	uint64_t ec = x->esr >> 26, iss = x->esr & 0x1ffffff;

	t->addr = tf->r[TF_PC];
	t->access = 0;
	t->code = 0;
	switch (ec) {
	case EC_SVC64:
		t->kind = HAL_TRAP_SYSCALL;
		t->addr = 0;
		tf->orig_nr = tf->r[8];
		tf->orig_arg0 = tf->r[0];
		break;
	case EC_IABT_LOW:
	case EC_DABT_LOW:
		t->addr = x->far;
		if (ec == EC_DABT_LOW && (iss & 0x3f) == 0x21) {
			t->kind = HAL_TRAP_BUS;		/* alignment fault */
			t->code = BUS_ADRALN;
			break;
		}
		t->kind = HAL_TRAP_PAGEFAULT;
		t->access = ec == EC_IABT_LOW ? HAL_ACCESS_EXEC :
			    (iss & (1u << 6)) && !(iss & (1u << 8)) ?
			    HAL_ACCESS_WRITE : HAL_ACCESS_READ;
		if (x->far >= HAL_USER_TOP) {	/* the kernel's half */
			t->kind = HAL_TRAP_PROTECTION;
			t->code = SI_KERNEL;
			t->access = 0;
		}
		break;
	case EC_PC_ALIGN:
		t->kind = HAL_TRAP_BUS;
		t->code = BUS_ADRALN;
		t->addr = x->far;
		break;
	case EC_SP_ALIGN:
		t->kind = HAL_TRAP_BUS;
		t->code = BUS_ADRALN;
		t->addr = tf->r[TF_SP];
		break;
	case EC_FP_EXC64:
		t->kind = HAL_TRAP_MATH;
		t->code = fpe_code(iss);
		break;
	case EC_BRK64:
	case EC_BKPT_LOW:
		t->kind = HAL_TRAP_BREAKPOINT;
		t->code = TRAP_BRKPT;
		break;
	case EC_STEP_LOW:
		t->kind = HAL_TRAP_BREAKPOINT;
		t->code = TRAP_TRACE;
		break;
	case EC_WATCH_LOW:
		t->kind = HAL_TRAP_BREAKPOINT;
		t->code = TRAP_HWBKPT;
		t->addr = x->far;
		break;
	case EC_UNKNOWN:			/* undefined instruction */
		t->kind = HAL_TRAP_ILLEGAL;
		t->code = ILL_ILLOPC;
		break;
	default:		/* system register access, HVC, SMC...: SIGILL */
		t->kind = HAL_TRAP_ILLEGAL;
		t->code = ILL_ILLOPC;
	}
}

/* Run tf at EL0 until it needs the kernel (hal.h). */
int
hal_user_run(struct hal_tf *tf, struct hal_trap *trap)
{
	struct a64_uexit x;
	uint64_t ec, iss;

	if (tf->fp_size != FP_BYTES) {		/* a new thread: FP all zero */
		memset(tf->fp, 0, sizeof(tf->fp));
		tf->fp_size = FP_BYTES;
	}
	/* The kernel's page table writes, visible to the table walk. */
	__asm__ volatile("dsb ish; isb" : : : "memory");
	for (;;) {
		tf->r[TF_PSTATE] &= PSTATE_NZCV;
		if (a64_user_enter(tf, &x) == A64_UEXIT_IRQ) {
			struct a64_frame f = { .spsr = 0 };	/* I clear */

			a64_user_irqs++;
			trap->kind = HAL_TRAP_IRQ;
			trap->addr = 0;
			trap->access = 0;
			trap->code = 0;
			a64_irq(&f);		/* kirq_exit may switch threads */
			return trap->kind;
		}
		ec = x.esr >> 26;
		iss = x.esr & 0x1ffffff;
		if ((ec == EC_DABT_LOW || ec == EC_IABT_LOW) &&
		    abort_fixed(ec, iss, x.far))
			continue;
		classify(tf, &x, trap);
		return trap->kind;
	}
}

void
hal_tf_init(struct hal_tf *tf, uintptr_t pc, uintptr_t sp)
{
	memset(tf, 0, sizeof(*tf));
	tf->r[TF_PC] = pc;
	tf->r[TF_SP] = sp;
}

long
hal_tf_sysnr(const struct hal_tf *tf)
{
	return (long)tf->r[8];
}

unsigned long
hal_tf_arg(const struct hal_tf *tf, int i)
{
	return i >= 0 && i < 6 ? tf->r[i] : 0;
}

void
hal_tf_set_ret(struct hal_tf *tf, long value)
{
	tf->r[0] = (uint64_t)value;
}

uintptr_t
hal_tf_pc(const struct hal_tf *tf)
{
	return tf->r[TF_PC];
}

uintptr_t
hal_tf_sp(const struct hal_tf *tf)
{
	return tf->r[TF_SP];
}

void
hal_tf_set_sp(struct hal_tf *tf, uintptr_t sp)
{
	tf->r[TF_SP] = sp;
}

void
hal_tf_set_tls(struct hal_tf *tf, uintptr_t tls)
{
	tf->r[TF_TLS] = tls;
}

uintptr_t
hal_tf_tls(const struct hal_tf *tf)
{
	return tf->r[TF_TLS];
}

/* svc is 4 bytes: run it again with its original first argument. */
void
hal_tf_restart_syscall(struct hal_tf *tf)
{
	tf->r[TF_PC] -= 4;
	tf->r[0] = tf->orig_arg0;
}

/* ---- signal frames: Linux's aarch64 struct rt_sigframe ---- */

#define FPSIMD_MAGIC 0x46508001u
#define ESR_MAGIC 0x45535201u
#define FPCR_BITS 0x07ff9f00u
#define FPSR_BITS 0xf800009fu

/* A record in __reserved: an fpsimd_context, then a null record. */
struct fpsimd_ctx {
	uint32_t magic, size;
	uint32_t fpsr, fpcr;
	uint8_t vregs[512];		/* v0-v31, 16 bytes each */
};

struct sigcontext_a64 {
	uint64_t fault_address;
	uint64_t regs[31];
	uint64_t sp, pc, pstate;
	uint8_t reserved[4096] __attribute__((aligned(16)));
};

struct ucontext_a64 {
	uint64_t flags;
	uint64_t link;
	uint64_t ss_sp;			/* stack_t uc_stack */
	int32_t ss_flags;
	int32_t pad;
	uint64_t ss_size;
	uint64_t sigmask;
	uint8_t unused[1024 / 8 - 8];
	struct sigcontext_a64 mc __attribute__((aligned(16)));
};

struct rt_sigframe {
	uint8_t info[128];
	struct ucontext_a64 uc;
};

_Static_assert(__builtin_offsetof(struct ucontext_a64, mc) == 176 &&
	       __builtin_offsetof(struct sigcontext_a64, reserved) == 288 &&
	       sizeof(struct fpsimd_ctx) == 528 &&
	       sizeof(struct rt_sigframe) == 4688, "rt_sigframe layout");

/* The frame, then a frame record {x29, x30} for backtraces through it. */
#define FRAME_LEN (sizeof(struct rt_sigframe) + 16)

size_t
hal_sigframe_size(void)
{
	return FRAME_LEN;
}

/* Signals whose siginfo carries a fault address (si_addr, offset 16). */
static uint64_t
fault_address(int sig, const void *info)
{
	uint64_t a;

	if (sig != 4 && sig != 5 && sig != 7 && sig != 8 && sig != 11)
		return 0;		/* SIGILL SIGTRAP SIGBUS SIGFPE SIGSEGV */
	memcpy(&a, (const uint8_t *)info + 16, sizeof(a));
	return a;
}

/*
 * Below sp (no red zone on aarch64), 16-byte aligned: the handler gets
 * x0 = sig, x1 = &info, x2 = &uc, sp = the frame, x29 = the frame
 * record, x30 = the restorer (musl's __restore_rt, which it passes with
 * SA_RESTORER; it calls rt_sigreturn with sp at the frame again).
 */
size_t
hal_sigframe_build(struct hal_tf *tf, void *buf, uintptr_t sp,
		   bool altstack, int sig, const void *info,
		   uint64_t mask, uintptr_t ss_sp, uint32_t ss_flags,
		   size_t ss_size, uintptr_t handler, uintptr_t restorer,
		   uintptr_t *at)
{
	struct rt_sigframe *f = buf;
	struct fpsimd_ctx *fp = (struct fpsimd_ctx *)f->uc.mc.reserved;
	uint64_t *record = (uint64_t *)((uint8_t *)buf + sizeof(*f));
	uintptr_t a = (sp - FRAME_LEN) & ~(uintptr_t)15;

	(void)altstack;
	memset(buf, 0, FRAME_LEN);
	memcpy(f->info, info, sizeof(f->info));
	f->uc.ss_sp = ss_sp;
	f->uc.ss_flags = (int32_t)ss_flags;
	f->uc.ss_size = ss_size;
	f->uc.sigmask = mask;
	f->uc.mc.fault_address = fault_address(sig, info);
	for (int i = 0; i < 31; i++)
		f->uc.mc.regs[i] = tf->r[i];
	f->uc.mc.sp = tf->r[TF_SP];
	f->uc.mc.pc = tf->r[TF_PC];
	f->uc.mc.pstate = tf->r[TF_PSTATE];
	fp->magic = FPSIMD_MAGIC;
	fp->size = sizeof(*fp);
	if (tf->fp_size == FP_BYTES) {
		memcpy(fp->vregs, tf->fp, sizeof(fp->vregs));
		memcpy(&fp->fpsr, tf->fp + 512, 4);
		memcpy(&fp->fpcr, tf->fp + 516, 4);
	}				/* the null record follows: zeroed */
	record[0] = tf->r[29];
	record[1] = tf->r[30];
	tf->r[0] = (uint64_t)sig;
	tf->r[1] = a + __builtin_offsetof(struct rt_sigframe, info);
	tf->r[2] = a + __builtin_offsetof(struct rt_sigframe, uc);
	tf->r[29] = a + sizeof(*f);
	tf->r[30] = restorer != 0 ? restorer : A64_SIGTRAMP;
	tf->r[TF_SP] = a;
	tf->r[TF_PC] = handler;
	*at = a;
	return FRAME_LEN;
}

/* rt_sigreturn: __restore_rt runs with sp where the handler found it. */
uintptr_t
hal_sigframe_at(const struct hal_tf *tf)
{
	return tf->r[TF_SP];
}

/* The records in __reserved: an fpsimd_context is required, as on Linux. */
static int
restore_records(struct hal_tf *tf, const uint8_t *r)
{
	bool have_fp = false;
	uint32_t magic, size, v;

	for (size_t off = 0; off + 8 <= 4096; off += size) {
		memcpy(&magic, r + off, 4);
		memcpy(&size, r + off + 4, 4);
		if (magic == 0 && size == 0)
			return have_fp ? 0 : -EINVAL_HAL;
		if (size < 8 || size % 16 != 0 || size > 4096 - off)
			return -EINVAL_HAL;
		if (magic == FPSIMD_MAGIC && size == sizeof(struct fpsimd_ctx)) {
			const struct fpsimd_ctx *fp = (const void *)(r + off);

			memcpy(tf->fp, fp->vregs, sizeof(fp->vregs));
			v = fp->fpsr & FPSR_BITS;
			memcpy(tf->fp + 512, &v, 4);
			v = fp->fpcr & FPCR_BITS;
			memcpy(tf->fp + 516, &v, 4);
			tf->fp_size = FP_BYTES;
			have_fp = true;
		} else if (magic != ESR_MAGIC) {
			return -EINVAL_HAL;
		}
	}
	return -EINVAL_HAL;		/* no null record */
}

int
hal_sigframe_restore(struct hal_tf *tf, const void *buf, size_t len,
		     uintptr_t at, uint64_t *mask)
{
	const struct rt_sigframe *f = buf;
	struct hal_tf saved;
	int r;

	(void)at;
	if (len < sizeof(*f))
		return -EINVAL_HAL;
	memcpy(&saved, tf, sizeof(saved));
	if ((r = restore_records(tf, f->uc.mc.reserved)) < 0) {
		memcpy(tf, &saved, sizeof(saved));
		return r;
	}
	for (int i = 0; i < 31; i++)
		tf->r[i] = f->uc.mc.regs[i];
	tf->r[TF_SP] = f->uc.mc.sp;
	tf->r[TF_PC] = f->uc.mc.pc;
	tf->r[TF_PSTATE] = f->uc.mc.pstate & PSTATE_NZCV;
	*mask = f->uc.sigmask;
	return 0;
}
