# hal-qemu/aarch64/ -- the HAL for QEMU's aarch64 virt machine: the
# kernel's sources compiled a third time, with the cross compiler
# ($(AARCH64_CC): automake knows one C compiler, so these are plain
# make rules into a64/), linked with the HAL into circleos-aarch64.elf.

# A64_SHARED_C is the core the Raspberry Pi 5 build shares (hal-pi5/);
# virt.c and include/board.h are what is particular to QEMU virt.
A64_SHARED_C = hal-qemu/aarch64/boot.c hal-qemu/aarch64/gic.c \
	hal-qemu/aarch64/console.c hal-qemu/aarch64/user.c \
	hal-qemu/aarch64/mmu.c hal-qemu/aarch64/fdt.c hal-qemu/aarch64/memmap.c \
	hal-qemu/aarch64/devtree.c hal-qemu/aarch64/block.c \
	hal-common/virtio.c hal-common/rxring.c \
	$(filter %.c,$(FBCON_SRC))
# fw_cfg and its ramfb on virt only: a Pi has neither (and ramfb's
# 3 MiB framebuffer would make its flat image 3 MiB larger).
A64_HAL_C = $(A64_SHARED_C) hal-qemu/aarch64/virt.c \
	hal-qemu/aarch64/fwcfg.c hal-common/fwcfg.c
A64_HAL_S = hal-qemu/aarch64/head.S hal-common/fbfont.S
A64_SHARED_H = hal-qemu/aarch64/a64.h hal-qemu/aarch64/fdt.h \
	hal-qemu/aarch64/memmap.h hal-qemu/aarch64/include/hal_arch.h \
	hal-common/virtio.h hal-common/fwcfg.h hal-common/rxring.h \
	$(filter %.h,$(FBCON_SRC))
EXTRA_DIST += $(A64_HAL_C) $(A64_HAL_S) $(A64_SHARED_H) \
	hal-qemu/aarch64/include/board.h hal-qemu/aarch64/kernel.ld \
	tests/sys/qemu-aarch64-ktest.sh tools/qemu-screendump.py

if HAL_AARCH64

A64_CFLAGS = $(subst $(GCC_INCDIR),$(AARCH64_GCC_INCDIR),$(KERNEL_CFLAGS_BASE)) \
	-O2 -mgeneral-regs-only -mno-outline-atomics -fno-pic -fno-pie \
	-fno-asynchronous-unwind-tables
A64_CPPFLAGS = -I$(srcdir)/kernel -I$(srcdir)/kernel/abi/aarch64 \
	-I$(srcdir)/hal-qemu/aarch64/include -I$(srcdir)/hal-qemu/aarch64 \
	-I$(srcdir)/hal-common $(FBFONT_CPPFLAGS)
A64_OBJS = $(patsubst %.c,a64/%.o,$(filter %.c,$(libkernel_a_SOURCES))) \
	a64/kernel/syscall_table.o $(A64_HAL_C:%.c=a64/%.o) $(A64_HAL_S:%.S=a64/%.o)
A64_HDRS = $(filter %.h,$(libkernel_a_SOURCES:%=$(srcdir)/%)) \
	$(A64_SHARED_H:%=$(srcdir)/%) $(srcdir)/hal-qemu/aarch64/include/board.h

# The system call table with aarch64's numbers.
a64/kernel/syscall_table.c: $(srcdir)/kernel/syscalls.tbl $(srcdir)/tools/gensyscalls.awk \
		$(filter %.c,$(libkernel_a_SOURCES:%=$(srcdir)/%))
	@mkdir -p a64/kernel
	$(AM_V_GEN)have=`sed -n -e 's/^SYSCALL[0-6](\([a-z0-9_]*\).*/\1/p' \
		-e 's/^sys_\([a-z0-9_]*\)(const unsigned long.*/\1/p' \
		$(filter %.c,$(libkernel_a_SOURCES:%=$(srcdir)/%))`; \
	$(AWK) -v isa=aarch64 -v out=table -v have="$$have" \
		-f $(srcdir)/tools/gensyscalls.awk $(srcdir)/kernel/syscalls.tbl > $@.tmp && \
	mv $@.tmp $@
a64/kernel/syscall_table.o: a64/kernel/syscall_table.c $(A64_HDRS)
	$(AM_V_CC)$(AARCH64_CC) $(A64_CFLAGS) $(A64_CPPFLAGS) -c -o $@ $<
a64/%.o: $(srcdir)/%.c $(A64_HDRS)
	@mkdir -p $(@D)
	$(AM_V_CC)$(AARCH64_CC) $(A64_CFLAGS) $(A64_CPPFLAGS) -c -o $@ $<
a64/%.o: $(srcdir)/%.S
	@mkdir -p $(@D)
	$(AM_V_CC)$(AARCH64_CC) $(A64_CPPFLAGS) -c -o $@ $<
a64/hal-common/fbfont.o: $(GRUB_FONT)

circleos-aarch64.elf: $(A64_OBJS) $(srcdir)/hal-qemu/aarch64/kernel.ld
	$(AM_V_GEN)$(AARCH64_LD) -nostdlib -static -z max-page-size=4096 \
		-z noexecstack -T $(srcdir)/hal-qemu/aarch64/kernel.ld -o $@ $(A64_OBJS)
AARCH64_ELF = circleos-aarch64.elf
noinst_DATA += circleos-aarch64.elf
# The same image flat, for QEMU's -kernel as a Linux arm64 Image (its
# header is at _start, head.S): only then does QEMU load an -initrd.
circleos-aarch64.img: circleos-aarch64.elf
	$(AM_V_GEN)$(AARCH64_OBJCOPY) -O binary circleos-aarch64.elf $@
AARCH64_IMG = circleos-aarch64.img
noinst_DATA += circleos-aarch64.img

endif

clean-local: clean-a64
clean-a64:
	rm -rf a64
.PHONY: clean-a64
CLEANFILES += circleos-aarch64.elf circleos-aarch64.img

# make qemu-aarch64 [SMP=n] [MEM=256M] [APPEND='...'] [DISK=IMG]: boot it
# on the terminal (leave QEMU with Ctrl-A x) from circleos-aarch64-disk.img,
# the aarch64 tree on a disk that keeps what you write (made from
# circleos-aarch64-base.img, as circleos.img is from circleos-base.img),
# or with DISK= (empty) from the aarch64 initramfs.
qemu-aarch64: DISK ?= $(A64_DISK)
qemu-aarch64: $(AARCH64_IMG) $(A64_INITRD)
	@test -n "$(AARCH64_IMG)" || { echo "qemu-aarch64: the aarch64 HAL is not configured" \
		"(./configure --enable-hal=sim,aarch64 with gcc-aarch64-linux-gnu)" >&2; exit 1; }
	@test -n "$(QEMU_AARCH64)" || { echo "qemu-aarch64: no qemu-system-aarch64" \
		"(tools/install-deps.sh installs it)" >&2; exit 1; }
	@test -n "$(A64_INITRD)" || echo "qemu-aarch64: no aarch64 userland (tools/install-deps.sh" \
		"unpacks Debian's musl for arm64, then ./configure): the kernel boots without one" >&2
	@test -z "$(DISK)" || test -f "$(DISK)" || { echo "qemu-aarch64: no disk image $(DISK)" \
		"(make builds circleos-aarch64-disk.img with e2fsprogs; DISK= boots the initramfs)" >&2; exit 1; }
	$(QEMU_AARCH64) -M virt -cpu cortex-a57 -m $(if $(MEM),$(MEM),256M) -smp $(if $(SMP),$(SMP),1) -nographic \
		-no-reboot -kernel $(AARCH64_IMG) \
		$(if $(DISK),-drive file=$(DISK)$(COMMA)if=none$(COMMA)id=d0$(COMMA)format=raw \
			-device virtio-blk-device$(COMMA)drive=d0,$(A64_INITRD:%=-initrd %)) \
		-append "$(if $(DISK),root=/dev/vda )$(APPEND)"
.PHONY: qemu-aarch64
