# hal-pi5/ -- the Raspberry Pi 5 board on the shared aarch64 core
# (hal-qemu/aarch64/): the kernel's aarch64 objects (a64/kernel/), the
# shared HAL sources compiled again with hal-pi5/include/board.h first
# on the include path (into a64pi5/), the board files here, linked at
# 0x80000 and made a flat binary. `make pi5` fills pi5/ with what goes
# on the SD card's FAT partition (doc/pi5.md).

PI5_HAL_C = hal-pi5/pi5.c hal-pi5/pl011.c hal-pi5/mailbox.c hal-pi5/pi5dt.c
PI5_HAL_H = hal-pi5/include/board.h hal-pi5/pi5io.h hal-pi5/pl011.h \
	hal-pi5/mailbox.h hal-pi5/pi5dt.h
EXTRA_DIST += $(PI5_HAL_C) $(PI5_HAL_H) hal-pi5/config.txt \
	hal-pi5/cmdline.txt tests/sys/pi5-image.sh tests/sys/pi5-raspi3b.sh \
	tests/sys/pi5-virt-flat.sh tests/sys/pi5-raspi3b-board.sh

# The image's layout, its boot path on QEMU's raspi3b, the boot
# protocol on QEMU virt, the board code on raspi3b's devices (skipped
# without the cross tools or QEMU).
TESTS += tests/sys/pi5-image.sh tests/sys/pi5-raspi3b.sh \
	tests/sys/pi5-virt-flat.sh tests/sys/pi5-raspi3b-board.sh

PI5_FILES = pi5/kernel_2712.img pi5/config.txt pi5/cmdline.txt \
	pi5/initramfs.cpio

if HAL_PI5

PI5_CPPFLAGS = -I$(srcdir)/hal-pi5/include -I$(srcdir)/hal-pi5 $(A64_CPPFLAGS)
PI5_OBJS = $(filter a64/kernel/%,$(A64_OBJS)) \
	$(A64_SHARED_C:%.c=a64pi5/%.o) $(A64_HAL_S:%.S=a64pi5/%.o) \
	$(PI5_HAL_C:%.c=a64pi5/%.o)

a64pi5/%.o: $(srcdir)/%.c $(A64_HDRS) $(PI5_HAL_H:%=$(srcdir)/%)
	@mkdir -p $(@D)
	$(AM_V_CC)$(AARCH64_CC) $(A64_CFLAGS) $(PI5_CPPFLAGS) -c -o $@ $<
a64pi5/%.o: $(srcdir)/%.S
	@mkdir -p $(@D)
	$(AM_V_CC)$(AARCH64_CC) $(PI5_CPPFLAGS) -c -o $@ $<
a64pi5/hal-common/fbfont.o a64r3/hal-common/fbfont.o: $(GRUB_FONT)

# virt's linker script, moved from 0x40200000 to the Pi's 0x80000.
a64pi5/kernel.ld: $(srcdir)/hal-qemu/aarch64/kernel.ld
	@mkdir -p a64pi5
	$(AM_V_GEN)n=`grep -c '^[[:space:]]*\. = KERNEL_BASE + 0x40200000;' $<`; \
	test "$$n" = 1 || { echo "$@: expected one '. = KERNEL_BASE + 0x40200000;'" \
		"line in $<, found $$n: update hal-pi5/local.mk" >&2; exit 1; }; \
	sed 's/KERNEL_BASE + 0x40200000;/KERNEL_BASE + 0x80000;/' $< > $@

circleos-pi5.elf: $(PI5_OBJS) a64pi5/kernel.ld
	$(AM_V_GEN)$(AARCH64_LD) -nostdlib -static -z max-page-size=4096 \
		-z noexecstack -T a64pi5/kernel.ld -o $@ $(PI5_OBJS)

# The flat image runs to _kernel_end, .bss included (zeros): the
# firmware puts the initramfs right after the file ("followkernel"),
# and so beyond what head.S clears. (Low 32 bits of the addresses: sh
# arithmetic is signed 64-bit.)
pi5/kernel_2712.img: circleos-pi5.elf
	@mkdir -p pi5
	$(AM_V_GEN)$(AARCH64_OBJCOPY) -O binary circleos-pi5.elf $@.tmp && \
	s=0x`readelf -s circleos-pi5.elf | $(AWK) '$$NF == "_kernel_start" { print substr($$2, 9) }'` && \
	e=0x`readelf -s circleos-pi5.elf | $(AWK) '$$NF == "_kernel_end" { print substr($$2, 9) }'` && \
	test $$((e - s)) -ge `wc -c < $@.tmp` && \
	truncate -s $$((e - s)) $@.tmp && mv $@.tmp $@
pi5/config.txt: $(srcdir)/hal-pi5/config.txt
	@mkdir -p pi5
	$(AM_V_GEN)cp $(srcdir)/hal-pi5/config.txt $@
pi5/cmdline.txt: $(srcdir)/hal-pi5/cmdline.txt
	@mkdir -p pi5
	$(AM_V_GEN)cp $(srcdir)/hal-pi5/cmdline.txt $@
# The initramfs: the aarch64 userland's (initramfs-aarch64.cpio) once
# the build makes one, else the x86_64 one (the kernel boots; its
# programs cannot run on the Pi). Chosen when the recipe runs, which is
# every time, so that the file appearing later replaces the other.
pi5/initramfs.cpio: initramfs.cpio $(A64_INITRD) pi5-always
	@mkdir -p pi5
	@src=initramfs.cpio; test -f initramfs-aarch64.cpio && src=initramfs-aarch64.cpio; \
	cmp -s $$src $@ || { echo "  CP       $$src -> $@"; cp $$src $@; }
pi5-always:

# The virt build's objects linked at 0x40080000, where QEMU loads a raw
# aarch64 image, as the same kind of flat binary: the Pi's boot protocol
# (flat image, DTB in x0, initramfs named in /chosen) runs on QEMU virt
# (tests/sys/pi5-virt-flat.sh).
a64pi5/virt-flat.ld: a64pi5/kernel.ld
	$(AM_V_GEN)sed 's/KERNEL_BASE + 0x80000;/KERNEL_BASE + 0x40080000;/' a64pi5/kernel.ld > $@
a64pi5/virt-flat.bin: $(A64_OBJS) a64pi5/virt-flat.ld
	$(AM_V_GEN)$(AARCH64_LD) -nostdlib -static -z max-page-size=4096 \
		-z noexecstack -T a64pi5/virt-flat.ld -o a64pi5/virt-flat.elf $(A64_OBJS) && \
	$(AARCH64_OBJCOPY) -O binary a64pi5/virt-flat.elf $@.tmp && \
	e=0x`readelf -s a64pi5/virt-flat.elf | $(AWK) '$$NF == "_kernel_end" { print substr($$2, 9) }'` && \
	truncate -s $$((e - 0x40080000)) $@.tmp && mv $@.tmp $@

# A test build, not a Pi 5 image: the Pi 5's board code with QEMU
# raspi3b's device addresses (board.h through sed; the GIC pointed at
# unused RAM, for the raspi3b has none), so that its PL011 set-up and
# mailbox framebuffer meet QEMU's emulation of the VideoCore
# (tests/sys/pi5-raspi3b-board.sh).
a64r3/include/board.h: $(srcdir)/hal-pi5/include/board.h
	@mkdir -p a64r3/include
	$(AM_V_GEN)for a in 0x107fff9000ull 0x107fffa000ull 0x107d001000ull \
		0x107c013880ull 9216000u; do \
		grep -q "$$a" $< || { echo "$@: $$a not in $<: update hal-pi5/local.mk" >&2; exit 1; }; \
	done; \
	sed -e 's/0x107fff9000ull/0x30000000ull/' -e 's/0x107fffa000ull/0x30001000ull/' \
		-e 's/0x107d001000ull/0x3f201000ull/' -e 's/0x107c013880ull/0x3f00b880ull/' \
		-e 's/9216000u/48000000u/' $< > $@
R3_OBJS = $(filter a64/kernel/%,$(A64_OBJS)) \
	$(A64_SHARED_C:%.c=a64r3/%.o) $(A64_HAL_S:%.S=a64r3/%.o) \
	$(PI5_HAL_C:%.c=a64r3/%.o)
a64r3/%.o: $(srcdir)/%.c $(A64_HDRS) $(PI5_HAL_H:%=$(srcdir)/%) a64r3/include/board.h
	@mkdir -p $(@D)
	$(AM_V_CC)$(AARCH64_CC) $(A64_CFLAGS) -Ia64r3/include $(PI5_CPPFLAGS) -c -o $@ $<
a64r3/%.o: $(srcdir)/%.S
	@mkdir -p $(@D)
	$(AM_V_CC)$(AARCH64_CC) $(PI5_CPPFLAGS) -c -o $@ $<
a64r3/pi5-raspi3b.img: $(R3_OBJS) a64pi5/kernel.ld
	$(AM_V_GEN)$(AARCH64_LD) -nostdlib -static -z max-page-size=4096 \
		-z noexecstack -T a64pi5/kernel.ld -o a64r3/pi5-raspi3b.elf $(R3_OBJS) && \
	$(AARCH64_OBJCOPY) -O binary a64r3/pi5-raspi3b.elf $@.tmp && \
	e=0x`readelf -s a64r3/pi5-raspi3b.elf | $(AWK) '$$NF == "_kernel_end" { print substr($$2, 9) }'` && \
	truncate -s $$((e - 0x80000)) $@.tmp && mv $@.tmp $@

PI5_ELF = circleos-pi5.elf
noinst_DATA += $(PI5_FILES) a64pi5/virt-flat.bin a64r3/pi5-raspi3b.img
pi5: $(PI5_FILES)
	@echo "pi5/: copy these files onto the SD card's FAT partition (doc/pi5.md):"
	@ls -l pi5/

else

pi5:
	@echo "pi5: the aarch64 HAL is not configured (./configure with" \
		"gcc-aarch64-linux-gnu and binutils-aarch64-linux-gnu)" >&2; exit 1

endif

.PHONY: pi5 clean-pi5 pi5-always
clean-local: clean-pi5
clean-pi5:
	rm -rf a64pi5 a64r3 pi5
CLEANFILES += circleos-pi5.elf
