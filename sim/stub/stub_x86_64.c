/*
 * stub_x86_64.c -- the x86_64 pieces of the stub: the kernel's ucontext
 * layout, FS base, the FPU state in signal frames, and the seccomp filter.
 */
#include "stub.h"
#include "fp_layout.h"

#define ARCH_SET_FS 0x1002
#define AUDIT_ARCH_X86_64 0xc000003eu
#define FP_XSTATE_MAGIC1 0x46505853u

struct sigcontext64 {
	uint64_t gregs[18];	/* r8..r15 rdi rsi rbp rbx rdx rax rcx rsp rip eflags */
	uint16_t cs, gs, fs, ss;
	uint64_t err, trapno, oldmask, cr2;
	uint8_t *fpstate;
	uint64_t reserved[8];
};

struct ucontext64 {
	uint64_t flags;
	uint64_t link;
	uint64_t ss_sp;
	int32_t ss_flags, pad;
	uint64_t ss_size;
	struct sigcontext64 mc;
	uint64_t sigmask;
};

#define REG_RIP 16
#define REG_EFLAGS 17
#define REG_FS 18

static uint8_t pristine[STUB_FP_BYTES] __attribute__((aligned(64)));
static uint32_t pristine_size;
static uint64_t fs_loaded[STUB_MAX_SLOTS];
static struct fp_piece fp_pieces[FP_PIECES_MAX];
static int fp_npieces;

/* Copy what the first n bytes of an FPU area hold (fp_layout.h). */
static void
fp_copy(uint8_t *dst, const uint8_t *src, uint32_t n)
{
	if (fp_npieces == 0)
		fp_npieces = fp_layout(fp_pieces, STUB_FP_BYTES);
	for (int i = 0; i < fp_npieces; i++)
		if (fp_piece_wanted(&fp_pieces[i], src, n))
			stub_memcpy(dst + fp_pieces[i].off,
				    src + fp_pieces[i].off,
				    fp_pieces[i].len < n - fp_pieces[i].off ?
				    fp_pieces[i].len : n - fp_pieces[i].off);
}

void
stub_pause(void)
{
	__builtin_ia32_pause();
}

int
stub_has_fsgsbase(long hwcap2)
{
	return (hwcap2 & 2) != 0;	/* HWCAP2_FSGSBASE */
}

int
stub_is_idle_trap(int sig, void *ucv)
{
	struct ucontext64 *uc = ucv;

	return sig == SIGILL && uc->mc.gregs[REG_RIP] == (uint64_t)stub_idle_trap;
}

/* Bytes of FPU state in a signal frame's fpstate area. */
static uint32_t
fp_size(const uint8_t *fp)
{
	uint32_t magic = *(const uint32_t *)(fp + 464);
	uint32_t size = *(const uint32_t *)(fp + 480);

	if (magic != FP_XSTATE_MAGIC1)
		return 512;
	return size < STUB_FP_BYTES ? size : STUB_FP_BYTES;
}

/* The first frame's FPU state is the initial state of every new thread. */
void
stub_save_pristine(void *ucv)
{
	struct ucontext64 *uc = ucv;

	if (pristine_size != 0 || uc->mc.fpstate == 0)
		return;
	pristine_size = fp_size(uc->mc.fpstate);
	stub_memcpy(pristine, uc->mc.fpstate, pristine_size);
}

static unsigned
slot_of_stack(void)
{
	char here;

	return (unsigned)(((unsigned long)&here - STUB_STACKS) / STUB_STACK_BYTES);
}

void
stub_save_regs(void *ucv, struct stub_up *up, int fsgsbase)
{
	struct ucontext64 *uc = ucv;
	unsigned s = slot_of_stack();
	uint64_t fs;

	for (int i = 0; i < 18; i++)
		up->regs.r[i] = uc->mc.gregs[i];
	if (fsgsbase)
		__asm__ volatile("rdfsbase %0" : "=r"(fs));
	else
		fs = fs_loaded[s % STUB_MAX_SLOTS];
	up->regs.r[REG_FS] = fs;
	up->err = uc->mc.err;
	up->trapno = uc->mc.trapno;
	if (uc->mc.fpstate != 0) {
		up->regs.fp_size = fp_size(uc->mc.fpstate);
		fp_copy(up->regs.fp, uc->mc.fpstate, up->regs.fp_size);
	} else {
		up->regs.fp_size = 0;
	}
}

void
stub_load_regs(void *ucv, const struct stub_regs *r, int fsgsbase)
{
	struct ucontext64 *uc = ucv;
	unsigned s = slot_of_stack();
	uint32_t have, n;

	for (int i = 0; i < 18; i++)	/* the kernel sanitizes eflags */
		uc->mc.gregs[i] = r->r[i];
	if (fsgsbase)
		__asm__ volatile("wrfsbase %0" : : "r"(r->r[REG_FS]));
	else
		stub_syscall(SYS_arch_prctl, ARCH_SET_FS, (long)r->r[REG_FS], 0, 0, 0, 0);
	fs_loaded[s % STUB_MAX_SLOTS] = r->r[REG_FS];
	if (uc->mc.fpstate == 0)
		return;
	have = fp_size(uc->mc.fpstate);
	if (r->fp_size == 0) {
		n = pristine_size < have ? pristine_size : have;
		fp_copy(uc->mc.fpstate, pristine, n);
	} else {
		n = r->fp_size < have ? r->fp_size : have;
		fp_copy(uc->mc.fpstate, r->fp, n);
	}
}

struct kernel_sigaction {
	void *handler;
	unsigned long flags;
	void *restorer;
	uint64_t mask;
};

#define SA_SIGINFO 4
#define SA_ONSTACK 0x08000000
#define SA_RESTORER 0x04000000

void
stub_install_handlers(void)
{
	static const int sigs[] = { SIGSYS, SIGSEGV, SIGBUS, SIGILL, SIGFPE,
				    SIGTRAP, STUB_SIG_PREEMPT };
	struct kernel_sigaction sa = {
		(void *)stub_handler, SA_SIGINFO | SA_ONSTACK | SA_RESTORER,
		(void *)stub_restorer, ~0ull
	};

	for (unsigned i = 0; i < sizeof(sigs) / sizeof(sigs[0]); i++)
		stub_syscall(SYS_rt_sigaction, sigs[i], (long)&sa, 0, 8, 0, 0);
}

void
stub_sig_default(int sig)
{
	struct kernel_sigaction sa = { (void *)0, SA_RESTORER, (void *)stub_restorer, 0 };

	stub_syscall(SYS_rt_sigaction, sig, (long)&sa, 0, 8, 0, 0);
}

static void
nothing(int sig)
{
	(void)sig;
}

/* A handler that does nothing, so that sig interrupts a futex wait. */
void
stub_sig_interrupt(int sig)
{
	struct kernel_sigaction sa = { (void *)nothing, SA_RESTORER,
				       (void *)stub_restorer, 0 };

	stub_syscall(SYS_rt_sigaction, sig, (long)&sa, 0, 8, 0, 0);
}

/* Each slot's handler runs on the low half of its stack area. */
void
stub_altstack(unsigned slot)
{
	struct {
		uint64_t sp;
		int32_t flags, pad;
		uint64_t size;
	} ss = { STUB_STACKS + slot * STUB_STACK_BYTES, 0, 0, STUB_STACK_BYTES / 2 };

	stub_syscall(SYS_sigaltstack, (long)&ss, 0, 0, 0, 0, 0);
}

/* ---- the seccomp filter ---- */

struct sock_filter {
	uint16_t code;
	uint8_t jt, jf;
	uint32_t k;
};

struct sock_fprog {
	unsigned short len;
	struct sock_filter *filter;
};

#define LD 0x20		/* BPF_LD|BPF_W|BPF_ABS */
#define JEQ 0x15
#define JGE 0x35
#define JGT 0x25
#define AND 0x54	/* BPF_ALU|BPF_AND|BPF_K */
#define RET 0x06
#define RET_KILL 0x80000000u
#define RET_TRAP 0x00030000u
#define RET_ALLOW 0x7fff0000u

#define OFF_NR 0
#define OFF_ARCH 4
#define OFF_IP_LO 8
#define OFF_IP_HI 12
#define ARG_LO(i) (16 + 8 * (i))
#define ARG_HI(i) (20 + 8 * (i))

enum { NEXT = -1, ALLOW = 200, TRAP, KILL, RESTORER, FUTEX, MMAP, MUNMAP,
       ARCHPRCTL, NLABEL };

struct prog {
	struct sock_filter f[96];
	int tj[96], fj[96];	/* jump targets: NEXT or a label */
	int label[NLABEL];
	int n;
};

static void
op(struct prog *p, uint16_t code, uint32_t k, int t, int f)
{
	p->f[p->n] = (struct sock_filter){ code, 0, 0, k };
	p->tj[p->n] = t;
	p->fj[p->n] = f;
	p->n++;
}

static void
here(struct prog *p, int label)
{
	p->label[label] = p->n;
}

static uint8_t
offset(struct prog *p, int from, int target)
{
	if (target == NEXT)
		return 0;
	return (uint8_t)(p->label[target] - from - 1);
}

/*
 * Guest code may make no host system call: any call not made from the
 * stub's two system call instructions traps (SIGSYS). From those, only
 * what the stub needs passes, pinned to its arguments where a filter can:
 * rt_sigreturn (restorer only), futex wait/wake, mmap of RAM below the
 * user top, munmap below it, arch_prctl(ARCH_SET_FS), sched_yield, exit,
 * exit_group.
 */
int
stub_install_filter(void)
{
	static struct prog p;
	uint64_t sys = (uint64_t)stub_syscall_ret, ret = (uint64_t)stub_restorer_ret;
	struct sock_fprog prog;

	op(&p, LD, OFF_ARCH, NEXT, NEXT);
	op(&p, JEQ, AUDIT_ARCH_X86_64, NEXT, TRAP);
	op(&p, LD, OFF_NR, NEXT, NEXT);
	op(&p, JGE, 0x40000000u, TRAP, NEXT);		/* x32 numbers */
	op(&p, LD, OFF_IP_HI, NEXT, NEXT);
	op(&p, JEQ, (uint32_t)(sys >> 32), NEXT, TRAP);
	op(&p, LD, OFF_IP_LO, NEXT, NEXT);
	op(&p, JEQ, (uint32_t)ret, RESTORER, NEXT);
	op(&p, JEQ, (uint32_t)sys, NEXT, TRAP);
	op(&p, LD, OFF_NR, NEXT, NEXT);
	op(&p, JEQ, SYS_futex, FUTEX, NEXT);
	op(&p, JEQ, SYS_mmap, MMAP, NEXT);
	op(&p, JEQ, SYS_munmap, MUNMAP, NEXT);
	op(&p, JEQ, SYS_arch_prctl, ARCHPRCTL, NEXT);
	op(&p, JEQ, SYS_sched_yield, ALLOW, NEXT);
	op(&p, JEQ, SYS_exit, ALLOW, NEXT);
	op(&p, JEQ, SYS_exit_group, ALLOW, KILL);
	here(&p, RESTORER);
	op(&p, LD, OFF_NR, NEXT, NEXT);
	op(&p, JEQ, SYS_rt_sigreturn, ALLOW, KILL);
	here(&p, FUTEX);
	op(&p, LD, ARG_LO(1), NEXT, NEXT);
	op(&p, AND, ~128u, NEXT, NEXT);			/* FUTEX_PRIVATE_FLAG */
	op(&p, JEQ, FUTEX_WAIT, ALLOW, NEXT);
	op(&p, JEQ, FUTEX_WAKE, ALLOW, KILL);
	here(&p, MMAP);
	op(&p, LD, ARG_LO(4), NEXT, NEXT);		/* fd: the RAM */
	op(&p, JEQ, STUB_RAM_FD, NEXT, KILL);
	op(&p, LD, ARG_LO(3), NEXT, NEXT);		/* flags */
	op(&p, AND, ~(uint32_t)STUB_MAP_POPULATE, NEXT, NEXT);
	op(&p, JEQ, MAP_SHARED | MAP_FIXED, NEXT, KILL);
	op(&p, LD, ARG_HI(3), NEXT, NEXT);
	op(&p, JEQ, 0, NEXT, KILL);
	op(&p, LD, ARG_HI(2), NEXT, NEXT);		/* prot <= rwx */
	op(&p, JEQ, 0, NEXT, KILL);
	op(&p, LD, ARG_LO(2), NEXT, NEXT);
	op(&p, JGE, 8, KILL, NEXT);
	op(&p, LD, ARG_HI(0), NEXT, NEXT);		/* addr < user top */
	op(&p, JGE, (uint32_t)(STUB_USER_TOP >> 32), KILL, NEXT);
	op(&p, LD, ARG_HI(1), NEXT, NEXT);		/* len <= 2 MiB */
	op(&p, JEQ, 0, NEXT, KILL);
	op(&p, LD, ARG_LO(1), NEXT, NEXT);
	op(&p, JGT, (uint32_t)STUB_MAP_MAX_LEN, KILL, ALLOW);
	here(&p, MUNMAP);
	op(&p, LD, ARG_HI(0), NEXT, NEXT);
	op(&p, JGE, (uint32_t)(STUB_USER_TOP >> 32), KILL, ALLOW);
	here(&p, ARCHPRCTL);
	op(&p, LD, ARG_LO(0), NEXT, NEXT);
	op(&p, JEQ, ARCH_SET_FS, NEXT, KILL);
	op(&p, LD, ARG_HI(0), NEXT, NEXT);
	op(&p, JEQ, 0, ALLOW, KILL);
	here(&p, ALLOW);
	op(&p, RET, RET_ALLOW, NEXT, NEXT);
	here(&p, TRAP);
	op(&p, RET, RET_TRAP, NEXT, NEXT);
	here(&p, KILL);
	op(&p, RET, RET_KILL, NEXT, NEXT);
	for (int i = 0; i < p.n; i++) {
		p.f[i].jt = offset(&p, i, p.tj[i]);
		p.f[i].jf = offset(&p, i, p.fj[i]);
	}
	prog.len = (unsigned short)p.n;
	prog.filter = p.f;
	return (int)stub_syscall(SYS_seccomp, 1 /* SET_MODE_FILTER */,
				 1 /* TSYNC */, (long)&prog, 0, 0, 0);
}
