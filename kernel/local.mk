# kernel/ -- the portable kernel core, freestanding C11.

# KERNEL_CFLAGS_BASE is for every HAL; the sim adds the sanitizers.
KERNEL_CFLAGS_BASE = -std=gnu11 -ffreestanding -nostdinc -isystem $(GCC_INCDIR) \
	-fno-stack-protector -fno-omit-frame-pointer -fno-strict-aliasing \
	-fno-tree-loop-distribute-patterns -fno-common \
	-Wall -Wextra -Wno-unused-parameter -Wmissing-prototypes
KERNEL_CFLAGS = $(KERNEL_CFLAGS_BASE) $(SAN_CFLAGS)

kernel_SRCS = \
	kernel/main.c kernel/klib.c kernel/printf.c kernel/log.c \
	kernel/panic.c kernel/cmdline.c kernel/cpu.c kernel/spinlock.c \
	kernel/pmm.c kernel/heap.c kernel/timer.c kernel/sched.c \
	kernel/waitq.c kernel/ktest.c kernel/klib_ktest.c \
	kernel/alloc_ktest.c kernel/sched_ktest.c kernel/lock_ktest.c \
	kernel/mmu_ktest.c \
	kernel/timer_ktest.c kernel/bench.c \
	kernel/uaccess.c kernel/vm.c kernel/proc.c kernel/clone.c \
	kernel/exec.c kernel/signal.c kernel/sys_signal.c kernel/syscall.c \
	kernel/sys_proc.c kernel/sys_mem.c kernel/sys_time.c kernel/futex.c \
	kernel/random.c
kernel_HDRS = \
	kernel/hal.h kernel/kernel.h kernel/kerrno.h kernel/list.h \
	kernel/spinlock.h kernel/cpu.h kernel/pmm.h kernel/heap.h \
	kernel/timer.h kernel/sched.h kernel/waitq.h kernel/ktest.h \
	kernel/uaccess.h kernel/vm.h kernel/proc.h kernel/signal.h \
	kernel/vfs.h kernel/dev.h kernel/syscall.h kernel/futex.h \
	kernel/random.h \
	kernel/abi/x86_64/abi.h kernel/abi/aarch64/abi.h

noinst_LIBRARIES += libkernel.a
libkernel_a_SOURCES = $(kernel_SRCS) $(kernel_HDRS)
libkernel_a_CFLAGS = $(KERNEL_CFLAGS)
libkernel_a_CPPFLAGS = -I$(srcdir)/kernel -I$(srcdir)/kernel/abi/$(HOST_ISA) \
	-I$(srcdir)/hal-sim/include -Ikernel $(HALSIM_DEFS)

# The dispatch table: every call of kernel/syscalls.tbl whose handler
# (SYSCALLn(name, ...) or "long sys_name(const unsigned long") exists.
nodist_libkernel_a_SOURCES = kernel/syscall_table.c
CLEANFILES += kernel/syscall_table.c
EXTRA_DIST += kernel/syscalls.tbl tools/gensyscalls.awk
kernel/syscall_table.c: $(srcdir)/kernel/syscalls.tbl $(srcdir)/tools/gensyscalls.awk \
		$(filter %.c,$(libkernel_a_SOURCES:%=$(srcdir)/%))
	@mkdir -p kernel
	$(AM_V_GEN)have=`sed -n -e 's/^SYSCALL[0-6](\([a-z0-9_]*\).*/\1/p' \
		-e 's/^sys_\([a-z0-9_]*\)(const unsigned long.*/\1/p' \
		$(filter %.c,$(libkernel_a_SOURCES:%=$(srcdir)/%))`; \
	$(AWK) -v isa=$(HOST_ISA) -v out=table -v have="$$have" \
		-f $(srcdir)/tools/gensyscalls.awk $(srcdir)/kernel/syscalls.tbl > $@.tmp && \
	mv $@.tmp $@

# The file systems and the terminal have fragments of their own.
include kernel/fs.mk
include kernel/tty.mk
include kernel/procfs.mk
