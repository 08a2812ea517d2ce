# kernel/ -- the portable kernel core, freestanding C11.

KERNEL_CFLAGS = -std=gnu11 -ffreestanding -nostdinc -isystem $(GCC_INCDIR) \
	-fno-stack-protector -fno-omit-frame-pointer -fno-strict-aliasing \
	-fno-tree-loop-distribute-patterns -fno-common \
	-Wall -Wextra -Wno-unused-parameter -Wmissing-prototypes $(SAN_CFLAGS)

kernel_SRCS = \
	kernel/main.c kernel/klib.c kernel/printf.c kernel/log.c \
	kernel/panic.c kernel/cmdline.c kernel/cpu.c kernel/spinlock.c \
	kernel/pmm.c kernel/heap.c kernel/timer.c kernel/sched.c \
	kernel/waitq.c kernel/ktest.c kernel/klib_ktest.c \
	kernel/alloc_ktest.c kernel/sched_ktest.c kernel/lock_ktest.c \
	kernel/timer_ktest.c kernel/bench.c
kernel_HDRS = \
	kernel/hal.h kernel/kernel.h kernel/kerrno.h kernel/list.h \
	kernel/spinlock.h kernel/cpu.h kernel/pmm.h kernel/heap.h \
	kernel/timer.h kernel/sched.h kernel/waitq.h kernel/ktest.h \
	kernel/uaccess.h kernel/vm.h kernel/proc.h kernel/signal.h \
	kernel/vfs.h kernel/dev.h kernel/syscall.h \
	kernel/abi/x86_64/abi.h kernel/abi/aarch64/abi.h

noinst_LIBRARIES += libkernel.a
libkernel_a_SOURCES = $(kernel_SRCS) $(kernel_HDRS)
libkernel_a_CFLAGS = $(KERNEL_CFLAGS)
libkernel_a_CPPFLAGS = -I$(srcdir)/kernel -I$(srcdir)/kernel/abi/$(HOST_ISA) \
	-I$(srcdir)/hal-sim/include -Ikernel $(HALSIM_DEFS)

# The file systems and the terminal have fragments of their own.
include kernel/fs.mk
include kernel/tty.mk
