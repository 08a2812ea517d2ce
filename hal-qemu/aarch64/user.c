/*
 * user.c (aarch64) -- user mode is not implemented on this HAL yet:
 * hal_user_run reports the address space dead. A user thread's registers
 * follow the Linux aarch64 ABI (x8 the system call number, x0-x5 its
 * arguments, TPIDR_EL0 the TLS base) so that the kernel's code around
 * them works when user mode comes; signal frames do not exist yet.
 * Disks: none yet (virtio-mmio is next).
 */
#include "a64.h"

#define TF_SP 31
#define TF_PC 32
#define TF_PSTATE 33
#define TF_TLS 34

/* User mode is not there yet: a user thread cannot run. */
int
hal_user_run(struct hal_tf *tf, struct hal_trap *trap)
{
	(void)tf;
	trap->kind = HAL_TRAP_DEAD;
	return 0;
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

size_t
hal_sigframe_size(void)
{
	return 0;
}

size_t
hal_sigframe_build(struct hal_tf *tf, void *buf, uintptr_t sp,
		   bool altstack, int sig, const void *info,
		   uint64_t mask, uintptr_t ss_sp, uint32_t ss_flags,
		   size_t ss_size, uintptr_t handler, uintptr_t restorer,
		   uintptr_t *at)
{
	(void)tf; (void)buf; (void)sp; (void)altstack; (void)sig;
	(void)info; (void)mask; (void)ss_sp; (void)ss_flags; (void)ss_size;
	(void)handler; (void)restorer; (void)at;
	return 0;
}

uintptr_t
hal_sigframe_at(const struct hal_tf *tf)
{
	return tf->r[TF_SP];
}

int
hal_sigframe_restore(struct hal_tf *tf, const void *buf, size_t len,
		     uintptr_t at, uint64_t *mask)
{
	(void)tf; (void)buf; (void)len; (void)at; (void)mask;
	return -EINVAL_HAL;
}
