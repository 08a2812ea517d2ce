# hal-qemu/x86_64/ -- the PC HAL: the kernel's sources compiled a second
# time with kernel code generation (top 2 GiB, no red zone, no SSE),
# linked with the HAL into circleos-x86_64.elf (PVH and multiboot2).

# The framebuffer console's font, GRUB's, built into the kernel
# (hal-common/fbfont.S) when configure found one; used by every HAL.
FBFONT_CPPFLAGS = $(GRUB_FONT:%=-DFBFONT_FILE='"%"')
FBCON_SRC = hal-common/fbcon.c hal-common/fbcon.h hal-common/fbscreen.c \
	hal-common/fbscreen.h hal-common/fbfont.S hal-common/pf2.c hal-common/pf2.h

if HAL_X86_64

X86_64_KFLAGS = -mcmodel=kernel -mno-red-zone -mgeneral-regs-only \
	-fno-pic -fno-pie -fno-asynchronous-unwind-tables -fcf-protection=none

noinst_LIBRARIES += libkernel-x86_64.a libhal-x86_64.a

libkernel_x86_64_a_SOURCES = $(libkernel_a_SOURCES)
nodist_libkernel_x86_64_a_SOURCES = kernel/syscall_table.c
libkernel_x86_64_a_CFLAGS = $(KERNEL_CFLAGS_BASE) $(X86_64_KFLAGS)
libkernel_x86_64_a_CPPFLAGS = -I$(srcdir)/kernel -I$(srcdir)/kernel/abi/x86_64 \
	-I$(srcdir)/hal-qemu/x86_64/include -Ikernel

libhal_x86_64_a_SOURCES = hal-qemu/x86_64/head.S hal-qemu/x86_64/trampoline.S \
	hal-qemu/x86_64/entry.S hal-qemu/x86_64/boot.c hal-qemu/x86_64/multiboot2.c \
	hal-qemu/x86_64/screen.c $(FBCON_SRC) hal-qemu/x86_64/kbd.c \
	hal-qemu/x86_64/mem.c \
	hal-qemu/x86_64/cpu.c hal-qemu/x86_64/apic.c hal-qemu/x86_64/acpi.c \
	hal-qemu/x86_64/time.c hal-qemu/x86_64/irq.c hal-qemu/x86_64/console.c \
	hal-qemu/x86_64/debug.c hal-qemu/x86_64/power.c hal-qemu/x86_64/ctx.c \
	hal-qemu/x86_64/mmu.c hal-qemu/x86_64/user.c hal-qemu/x86_64/block.c \
	hal-qemu/x86_64/x86.h hal-qemu/x86_64/include/hal_arch.h \
	hal-common/x86_64/ulinux.c hal-common/x86_64/ulinux_regs.h hal-common/pt4.h \
	hal-qemu/x86_64/fwcfg.c hal-common/virtio.c hal-common/virtio.h \
	hal-common/fwcfg.c hal-common/fwcfg.h hal-common/rxring.c hal-common/rxring.h
libhal_x86_64_a_CFLAGS = $(KERNEL_CFLAGS_BASE) $(X86_64_KFLAGS)
libhal_x86_64_a_CCASFLAGS = $(X86_64_KFLAGS)
libhal_x86_64_a_CPPFLAGS = -I$(srcdir)/kernel -I$(srcdir)/kernel/abi/x86_64 \
	-I$(srcdir)/hal-qemu/x86_64/include -I$(srcdir)/hal-qemu/x86_64 \
	-I$(srcdir)/hal-common/x86_64 -I$(srcdir)/hal-common $(FBFONT_CPPFLAGS)
hal-common/libhal_x86_64_a-fbfont.$(OBJEXT): $(GRUB_FONT)

# Two links: the first gives the addresses for the symbol table, the
# second appends the table (.ksyms, last in the image, so no other
# symbol moves: checked).
X86_64_LIBS = libhal-x86_64.a libkernel-x86_64.a
X86_64_LINK = -nostdlib -static -z max-page-size=4096 -z noexecstack \
	-T $(srcdir)/hal-qemu/x86_64/kernel.ld
circleos-x86_64.elf: $(X86_64_LIBS) $(srcdir)/hal-qemu/x86_64/kernel.ld \
		$(srcdir)/tools/ksyms.sh
	$(AM_V_GEN)$(LD) $(X86_64_LINK) -o $@.1 --whole-archive $(X86_64_LIBS) \
		--no-whole-archive && \
	$(NM) -n $@.1 | sh $(srcdir)/tools/ksyms.sh > $@.ksyms.S && \
	$(CC) -c -o $@.ksyms.o $@.ksyms.S && \
	$(LD) $(X86_64_LINK) -o $@.2 --whole-archive $(X86_64_LIBS) \
		--no-whole-archive $@.ksyms.o && \
	$(NM) -n $@.1 | $(AWK) '$$3 !~ /^(ksyms_|_kernel_end)/ { print $$1, $$3 }' > $@.nm1 && \
	$(NM) -n $@.2 | $(AWK) '$$3 !~ /^(ksyms_|_kernel_end)/ { print $$1, $$3 }' > $@.nm2 && \
	if ! cmp -s $@.nm1 $@.nm2; then \
		echo "$@: the symbol table moved other symbols" >&2; exit 1; fi && \
	mv $@.2 $@ && rm -f $@.1 $@.ksyms.S $@.ksyms.o $@.nm1 $@.nm2
X86_64_ELF = circleos-x86_64.elf
noinst_DATA += circleos-x86_64.elf

# make qemu-x86_64 [SMP=n] [MEM=256M] [APPEND='...'] [DISK=IMG]: boot it
# on the terminal (leave QEMU with Ctrl-A x) from circleos.img, the disk
# circlesim boots: the same x86_64 files, and what you write there stays
# for either. DISK= (empty) boots the initramfs instead. Exit status: see
# hal-qemu/x86_64/power.c.
SMP ?= 1
MEM ?= 256M
qemu-x86_64: DISK ?= circleos.img
QEMU_X86_64_ARGS = -kernel circleos-x86_64.elf \
	-m $(MEM) -smp $(SMP) -nographic -no-reboot \
	-device isa-debug-exit,iobase=0xf4,iosize=0x04 \
	$(if $(DISK),-drive file=$(DISK)$(COMMA)if=none$(COMMA)id=d0$(COMMA)format=raw \
		-device virtio-blk-pci$(COMMA)drive=d0,-initrd initramfs.cpio)

endif

CLEANFILES += circleos-x86_64.elf circleos-x86_64.elf.*
qemu-x86_64: $(X86_64_ELF) initramfs.cpio
	@test -n "$(X86_64_ELF)" || { echo "qemu-x86_64: the x86_64 HAL is not configured" \
		"(./configure --enable-hal=sim,x86_64)" >&2; exit 1; }
	@test -n "$(QEMU_X86_64)" || { echo "qemu-x86_64: no qemu-system-x86_64" \
		"(tools/install-deps.sh installs it)" >&2; exit 1; }
	@test -z "$(DISK)" || test -f "$(DISK)" || { echo "qemu-x86_64: no disk image $(DISK)" \
		"(make builds circleos.img with e2fsprogs; DISK= boots the initramfs)" >&2; exit 1; }
	$(QEMU_X86_64) $(QEMU_X86_64_ARGS) -append "$(if $(DISK),root=/dev/vda )$(APPEND)"
.PHONY: qemu-x86_64

# make iso: circleos.iso, a CD/USB image for BIOS PCs with GRUB, which
# boots the same ELF through its multiboot2 header (head.S) with the
# initramfs as a module; the menu is hal-qemu/x86_64/grub.cfg. GRUB's
# modules xz-compressed: 11 MB instead of 17.
circleos.iso: $(X86_64_ELF) initramfs.cpio $(srcdir)/hal-qemu/x86_64/grub.cfg
	@test -n "$(X86_64_ELF)" || { echo "iso: the x86_64 HAL is not configured" \
		"(./configure --enable-hal=sim,x86_64)" >&2; exit 1; }
	@test -z "$(ISO_MISSING)" || { echo "iso: cannot build circleos.iso: $(ISO_MISSING);" \
		"tools/install-deps.sh installs grub-pc-bin, grub-common, xorriso and mtools," \
		"then run ./configure again" >&2; exit 1; }
	$(AM_V_GEN)rm -rf $@.d && mkdir -p $@.d/boot/grub && \
	cp $(X86_64_ELF) initramfs.cpio $@.d/boot/ && \
	if test -n "$(GRUB_FONT)"; then cp $(GRUB_FONT) $@.d/boot/font.pf2; \
	else echo "iso: no GRUB font (ascii.pf2): no console on a UEFI PC's screen" >&2; fi && \
	cp $(srcdir)/hal-qemu/x86_64/grub.cfg $@.d/boot/grub/ && \
	$(GRUB_MKRESCUE) --compress=xz -o $@.tmp $@.d -- -volid CIRCLEOS >$@.log 2>&1 || \
		{ cat $@.log >&2; rm -f $@.tmp; exit 1; }; \
	mv $@.tmp $@ && rm -rf $@.d $@.log
iso: circleos.iso
	@echo "iso: circleos.iso, `wc -c <circleos.iso` bytes"
# make qemu-iso [SMP=n] [MEM=256M]: boot it from QEMU's CD drive on the
# terminal (GRUB's menu, then the shell; leave QEMU with Ctrl-A x).
qemu-iso: circleos.iso
	@test -n "$(QEMU_X86_64)" || { echo "qemu-iso: no qemu-system-x86_64" \
		"(tools/install-deps.sh installs it)" >&2; exit 1; }
	$(QEMU_X86_64) -cdrom circleos.iso -m $(MEM) -smp $(SMP) -nographic -no-reboot \
		-device isa-debug-exit,iobase=0xf4,iosize=0x04
.PHONY: iso qemu-iso
if HAL_X86_64
if HAVE_ISO_TOOLS
check_DATA = circleos.iso
endif
endif
CLEANFILES += circleos.iso circleos.iso.tmp circleos.iso.log
clean-local: clean-iso
clean-iso:
	rm -rf circleos.iso.d
.PHONY: clean-iso

EXTRA_DIST += hal-qemu/x86_64/kernel.ld hal-qemu/x86_64/grub.cfg tools/ksyms.sh
