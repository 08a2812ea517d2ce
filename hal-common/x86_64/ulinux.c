/*
 * ulinux.c -- the x86_64 Linux user ABI that every x86_64 HAL supplies
 * alike: which registers of struct hal_tf hold a system call's number,
 * arguments and result, and Linux's rt_sigframe for signal handlers.
 * Shared by hal-sim (user mode in stub processes) and hal-qemu/x86_64.
 * Only the field names of struct hal_tf (r[], fp_size, fp[], orig_nr,
 * orig_arg0) are assumed.
 */
#include "hal.h"
#include "ulinux_regs.h"

#define EFAULT_ABI 14
#define EINVAL_ABI 22
#define FLAGS_USER 0x254dd5ull		/* AC OF DF TF SF ZF AF PF CF RF NT ID */

static const int argreg[6] = { RDI, RSI, RDX, R10, R8, R9 };

void
hal_tf_init(struct hal_tf *tf, uintptr_t pc, uintptr_t sp)
{
	for (int i = 0; i < 36; i++)
		tf->r[i] = 0;
	tf->r[RIP] = pc;
	tf->r[RSP] = sp;
	tf->r[EFLAGS] = 0x202;
	tf->fp_size = 0;		/* the initial FPU state */
	tf->orig_nr = 0;
	tf->orig_arg0 = 0;
}

long
hal_tf_sysnr(const struct hal_tf *tf)
{
	return (long)tf->orig_nr;
}

unsigned long
hal_tf_arg(const struct hal_tf *tf, int i)
{
	return i >= 0 && i < 6 ? tf->r[argreg[i]] : 0;
}

void
hal_tf_set_ret(struct hal_tf *tf, long value)
{
	tf->r[RAX] = (uint64_t)value;
}

uintptr_t
hal_tf_pc(const struct hal_tf *tf)
{
	return tf->r[RIP];
}

uintptr_t
hal_tf_sp(const struct hal_tf *tf)
{
	return tf->r[RSP];
}

void
hal_tf_set_sp(struct hal_tf *tf, uintptr_t sp)
{
	tf->r[RSP] = sp;
}

void
hal_tf_set_tls(struct hal_tf *tf, uintptr_t tls)
{
	tf->r[FSBASE] = tls;
}

uintptr_t
hal_tf_tls(const struct hal_tf *tf)
{
	return tf->r[FSBASE];
}

void
hal_tf_restart_syscall(struct hal_tf *tf)
{
	tf->r[RIP] -= 2;		/* the syscall instruction */
	tf->r[RAX] = tf->orig_nr;
}

/* ---- signal frames: Linux's x86_64 struct rt_sigframe ---- */

struct sigcontext64 {
	uint64_t gregs[18];
	uint16_t cs, gs, fs, ss;
	uint64_t err, trapno, oldmask, cr2;
	uint64_t fpstate;
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

struct rt_sigframe {
	uint64_t pretcode;
	struct ucontext64 uc;
	uint8_t info[128];
};

_Static_assert(sizeof(struct rt_sigframe) == 440, "rt_sigframe layout");

#define FP_MAX 4096
#define FRAME_MAX (sizeof(struct rt_sigframe) + 64 + FP_MAX + 64)

size_t
hal_sigframe_size(void)
{
	return FRAME_MAX;
}

static void
fp_default(uint8_t *fp)
{
	for (int i = 0; i < 512; i++)
		fp[i] = 0;
	fp[0] = 0x7f;			/* FCW = 0x037f */
	fp[1] = 0x03;
	fp[24] = 0x80;			/* MXCSR = 0x1f80 */
	fp[25] = 0x1f;
}

/*
 * Build the frame below sp (the thread's stack, less the 128-byte red
 * zone, unless sp is the top of the alternate stack).
 */
size_t
hal_sigframe_build(struct hal_tf *tf, void *buf, uintptr_t sp, bool altstack,
		   int sig, const void *info, uint64_t mask, uintptr_t ss_sp,
		   uint32_t ss_flags, size_t ss_size, uintptr_t handler,
		   uintptr_t restorer, uintptr_t *at)
{
	uint32_t fpn = tf->fp_size >= 512 && tf->fp_size <= FP_MAX ? tf->fp_size : 512;
	uintptr_t fpa, a;
	struct rt_sigframe *f;
	uint8_t *b = buf;
	size_t len;

	if (!altstack)
		sp -= 128;
	fpa = (sp - fpn) & ~63ull;
	a = ((fpa - sizeof(*f)) & ~15ull) - 8;
	len = sp - a;
	for (size_t i = 0; i < len; i++)
		b[i] = 0;
	f = buf;
	f->pretcode = restorer;
	f->uc.ss_sp = ss_sp;
	f->uc.ss_flags = (int32_t)ss_flags;
	f->uc.ss_size = ss_size;
	for (int i = 0; i < 18; i++)
		f->uc.mc.gregs[i] = tf->r[i];
	f->uc.mc.cs = 0x33;
	f->uc.mc.ss = 0x2b;
	f->uc.mc.oldmask = mask;
	f->uc.mc.fpstate = fpa;
	f->uc.sigmask = mask;
	for (int i = 0; i < 128; i++)
		f->info[i] = ((const uint8_t *)info)[i];
	if (tf->fp_size >= 512 && tf->fp_size <= FP_MAX) {
		for (uint32_t i = 0; i < fpn; i++)
			b[fpa - a + i] = tf->fp[i];
	} else {
		fp_default(b + (fpa - a));
	}
	tf->r[RDI] = (uint64_t)sig;
	tf->r[RSI] = a + __builtin_offsetof(struct rt_sigframe, info);
	tf->r[RDX] = a + __builtin_offsetof(struct rt_sigframe, uc);
	tf->r[RAX] = 0;
	tf->r[RSP] = a;
	tf->r[RIP] = handler;
	tf->r[EFLAGS] &= ~0x50500ull;		/* DF, TF, RF, AC off */
	tf->fp_size = 0;			/* the handler starts clean */
	*at = a;
	return len;
}

/* rt_sigreturn: the handler's ret popped pretcode. */
uintptr_t
hal_sigframe_at(const struct hal_tf *tf)
{
	return tf->r[RSP] - 8;
}

int
hal_sigframe_restore(struct hal_tf *tf, const void *buf, size_t len,
		     uintptr_t at, uint64_t *mask)
{
	const struct rt_sigframe *f = buf;
	const uint8_t *b = buf;
	uint64_t off;
	uint32_t n;

	if (len < sizeof(*f))
		return -EFAULT_ABI;
	for (int i = 0; i < 17; i++)
		tf->r[i] = f->uc.mc.gregs[i];
	tf->r[EFLAGS] = (tf->r[EFLAGS] & ~FLAGS_USER) |
			(f->uc.mc.gregs[EFLAGS] & FLAGS_USER);
	*mask = f->uc.sigmask;
	tf->fp_size = 0;
	if (f->uc.mc.fpstate == 0)
		return 0;
	off = f->uc.mc.fpstate - at;
	if (f->uc.mc.fpstate < at || off > len || len - off < 512)
		return -EFAULT_ABI;
	n = 512;
	if (*(const uint32_t *)(b + off + 464) == 0x46505853u) {	/* xsave */
		n = *(const uint32_t *)(b + off + 480);
		if (n < 576 || n > FP_MAX || n > len - off)
			return -EINVAL_ABI;
	}
	for (uint32_t i = 0; i < n; i++)
		tf->fp[i] = b[off + i];
	*(uint32_t *)(tf->fp + 24) &= 0xffff;		/* MXCSR reserved bits */
	if (n > 512)					/* XSAVE header: legacy format */
		for (int i = 520; i < 576; i++)
			tf->fp[i] = 0;
	tf->fp_size = n;
	return 0;
}
