/*
 * syscall.h -- defining system calls. Every call is listed once in
 * kernel/syscalls.tbl with its x86_64 and aarch64 numbers; the build
 * generates the dispatch table for the ISA. A handler is written
 *
 *	SYSCALL3(read, int, fd, uintptr_t, buf, size_t, count)
 *	{ ... return bytes or -EXXX; }
 *
 * which checks nothing by itself: each call decodes and validates its
 * arguments before it changes any state.
 */
#ifndef KERNEL_SYSCALL_H
#define KERNEL_SYSCALL_H

#include "kernel.h"

typedef long (*syscall_fn)(const unsigned long *args);

#define SYSCALL0(name)							\
	long sys_##name(const unsigned long *a);			\
	static long do_##name(void);					\
	long sys_##name(const unsigned long *a)				\
	{ (void)a; return do_##name(); }				\
	static long do_##name(void)
#define SYSCALL1(name, t1, a1)						\
	long sys_##name(const unsigned long *a);			\
	static long do_##name(t1 a1);					\
	long sys_##name(const unsigned long *a)				\
	{ return do_##name((t1)a[0]); }					\
	static long do_##name(t1 a1)
#define SYSCALL2(name, t1, a1, t2, a2)					\
	long sys_##name(const unsigned long *a);			\
	static long do_##name(t1 a1, t2 a2);				\
	long sys_##name(const unsigned long *a)				\
	{ return do_##name((t1)a[0], (t2)a[1]); }			\
	static long do_##name(t1 a1, t2 a2)
#define SYSCALL3(name, t1, a1, t2, a2, t3, a3)				\
	long sys_##name(const unsigned long *a);			\
	static long do_##name(t1 a1, t2 a2, t3 a3);			\
	long sys_##name(const unsigned long *a)				\
	{ return do_##name((t1)a[0], (t2)a[1], (t3)a[2]); }		\
	static long do_##name(t1 a1, t2 a2, t3 a3)
#define SYSCALL4(name, t1, a1, t2, a2, t3, a3, t4, a4)			\
	long sys_##name(const unsigned long *a);			\
	static long do_##name(t1 a1, t2 a2, t3 a3, t4 a4);		\
	long sys_##name(const unsigned long *a)				\
	{ return do_##name((t1)a[0], (t2)a[1], (t3)a[2], (t4)a[3]); }	\
	static long do_##name(t1 a1, t2 a2, t3 a3, t4 a4)
#define SYSCALL5(name, t1, a1, t2, a2, t3, a3, t4, a4, t5, a5)		\
	long sys_##name(const unsigned long *a);			\
	static long do_##name(t1 a1, t2 a2, t3 a3, t4 a4, t5 a5);	\
	long sys_##name(const unsigned long *a)				\
	{ return do_##name((t1)a[0], (t2)a[1], (t3)a[2], (t4)a[3],	\
			   (t5)a[4]); }					\
	static long do_##name(t1 a1, t2 a2, t3 a3, t4 a4, t5 a5)
#define SYSCALL6(name, t1, a1, t2, a2, t3, a3, t4, a4, t5, a5, t6, a6)	\
	long sys_##name(const unsigned long *a);			\
	static long do_##name(t1 a1, t2 a2, t3 a3, t4 a4, t5 a5, t6 a6); \
	long sys_##name(const unsigned long *a)				\
	{ return do_##name((t1)a[0], (t2)a[1], (t3)a[2], (t4)a[3],	\
			   (t5)a[4], (t6)a[5]); }			\
	static long do_##name(t1 a1, t2 a2, t3 a3, t4 a4, t5 a5, t6 a6)

struct syscall_entry {
	const char *name;
	syscall_fn fn;
};

extern const struct syscall_entry syscall_table[];
extern const int syscall_table_size;

void syscall_dispatch(void);
void syscall_init(void);
long sys_clone(const unsigned long *a);
unsigned long syscall_unknown_count(void);

#endif
