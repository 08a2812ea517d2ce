/*
 * syscall.c -- system call dispatch: the number and arguments come from
 * the trap frame, the handler from the table generated for the ISA.
 * Unknown numbers return -ENOSYS and are counted and logged once each.
 */
#include "proc.h"
#include "syscall.h"

static unsigned long unknown;
static uint64_t logged[8];	/* numbers < 512 already reported */
static bool trace;

unsigned long
syscall_unknown_count(void)
{
	return READ_ONCE(unknown);
}

/* strace=1 on the command line logs every call and its result. */
void
syscall_init(void)
{
	trace = cmdline_has("strace") && cmdline_long("strace", 1) != 0;
}

static long
unknown_call(long nr)
{
	__atomic_add_fetch(&unknown, 1, __ATOMIC_RELAXED);
	if (nr >= 0 && nr < 512) {
		uint64_t bit = 1ull << (nr % 64);
		if (__atomic_fetch_or(&logged[nr / 64], bit, __ATOMIC_RELAXED) & bit)
			return -ENOSYS;
	}
	klog(KLOG_INFO, "syscall: %s (pid %d) called unknown system call %ld",
	     curproc()->comm, curproc()->pid, nr);
	return -ENOSYS;
}

/* Run the system call the current thread trapped with. */
void
syscall_dispatch(void)
{
	struct uthread *ut = curut();
	long nr = hal_tf_sysnr(&ut->tf), r;
	unsigned long a[6];

	for (int i = 0; i < 6; i++)
		a[i] = hal_tf_arg(&ut->tf, i);
	ut->keep_regs = false;
	if (nr < 0 || nr >= syscall_table_size || syscall_table[nr].fn == NULL)
		r = unknown_call(nr);
	else
		r = syscall_table[nr].fn(a);
	if (trace)
		klog(KLOG_INFO, "strace: %d %s(%#lx, %#lx, %#lx, %#lx) = %ld",
		     ut->tid, nr >= 0 && nr < syscall_table_size && syscall_table[nr].name
		     ? syscall_table[nr].name : "?", a[0], a[1], a[2], a[3], r);
	ut->in_syscall = true;
	ut->sysret = r;
	if (!ut->keep_regs)
		hal_tf_set_ret(&ut->tf, r);
}
