# tests/unit/ -- Check unit tests of kernel/ and sim/ code on the host.
# The kernel and the test HAL become one relocatable object whose C library
# names are local, so the test programs still get glibc's.

EXTRA_DIST += tests/unit/libc-names.txt

if HAVE_CHECK

check_LIBRARIES = tests/unit/libtesthal.a
tests_unit_libtesthal_a_SOURCES = tests/unit/testhal.c tests/unit/testhal.h \
	tests/unit/diskimg.c tests/unit/diskimg.h
tests_unit_libtesthal_a_CPPFLAGS = -I$(srcdir)/kernel -I$(srcdir)/hal-sim/include \
	-I$(srcdir)/kernel/abi/$(HOST_ISA)
tests_unit_libtesthal_a_CFLAGS = $(AM_CFLAGS)

# The kernel's klib stays reachable under klib_NAME (tests/unit/testhal.h).
UNIT_KLIB_NAMES = memcpy memmove memset memcmp memchr strlen strnlen strcmp \
	strncmp strchr strrchr strlcpy strlcat

tests/unit/kernel-test.o: libkernel.a tests/unit/libtesthal.a \
		$(srcdir)/tests/unit/libc-names.txt
	$(AM_V_GEN)$(LD) -r -o tests/unit/kernel-test-all.o \
		--whole-archive libkernel.a tests/unit/libtesthal.a \
		--no-whole-archive \
		$(foreach n,$(UNIT_KLIB_NAMES),--defsym=klib_$(n)=$(n)) && \
	$(OBJCOPY) --localize-symbols=$(srcdir)/tests/unit/libc-names.txt \
		tests/unit/kernel-test-all.o $@ && \
	rm -f tests/unit/kernel-test-all.o
CLEANFILES += tests/unit/kernel-test.o tests/unit/kernel-test-all.o

UNIT_KERNEL_CPPFLAGS = -I$(srcdir)/kernel -I$(srcdir)/hal-sim/include \
	-I$(srcdir)/tests/unit
UNIT_KERNEL_CFLAGS = $(AM_CFLAGS) $(CHECK_CFLAGS)
UNIT_KERNEL_LDADD = tests/unit/kernel-test.o $(CHECK_LIBS)

UNIT_TESTS = tests/unit/pmm_test tests/unit/heap_test tests/unit/timer_test \
	tests/unit/sched_test tests/unit/printf_test tests/unit/klib_test \
	tests/unit/cmdline_test tests/unit/options_test tests/unit/block_test \
	tests/unit/ext2_test tests/unit/pagecache_test tests/unit/namei_test \
	tests/unit/multiboot2_test tests/unit/pf2_test
check_PROGRAMS += $(UNIT_TESTS)
TESTS += $(UNIT_TESTS)

tests_unit_pmm_test_SOURCES = tests/unit/pmm_test.c tests/unit/testhal.h
tests_unit_pmm_test_CPPFLAGS = $(UNIT_KERNEL_CPPFLAGS)
tests_unit_pmm_test_CFLAGS = $(UNIT_KERNEL_CFLAGS)
tests_unit_pmm_test_LDADD = $(UNIT_KERNEL_LDADD)

tests_unit_heap_test_SOURCES = tests/unit/heap_test.c tests/unit/testhal.h
tests_unit_heap_test_CPPFLAGS = $(UNIT_KERNEL_CPPFLAGS)
tests_unit_heap_test_CFLAGS = $(UNIT_KERNEL_CFLAGS)
tests_unit_heap_test_LDADD = $(UNIT_KERNEL_LDADD)

tests_unit_timer_test_SOURCES = tests/unit/timer_test.c tests/unit/testhal.h
tests_unit_timer_test_CPPFLAGS = $(UNIT_KERNEL_CPPFLAGS)
tests_unit_timer_test_CFLAGS = $(UNIT_KERNEL_CFLAGS)
tests_unit_timer_test_LDADD = $(UNIT_KERNEL_LDADD)

tests_unit_sched_test_SOURCES = tests/unit/sched_test.c tests/unit/testhal.h
tests_unit_sched_test_CPPFLAGS = $(UNIT_KERNEL_CPPFLAGS)
tests_unit_sched_test_CFLAGS = $(UNIT_KERNEL_CFLAGS)
tests_unit_sched_test_LDADD = $(UNIT_KERNEL_LDADD)

tests_unit_printf_test_SOURCES = tests/unit/printf_test.c tests/unit/testhal.h
tests_unit_printf_test_CPPFLAGS = $(UNIT_KERNEL_CPPFLAGS)
tests_unit_printf_test_CFLAGS = $(UNIT_KERNEL_CFLAGS)
tests_unit_printf_test_LDADD = $(UNIT_KERNEL_LDADD)

tests_unit_klib_test_SOURCES = tests/unit/klib_test.c tests/unit/testhal.h
tests_unit_klib_test_CPPFLAGS = $(UNIT_KERNEL_CPPFLAGS)
tests_unit_klib_test_CFLAGS = $(UNIT_KERNEL_CFLAGS)
tests_unit_klib_test_LDADD = $(UNIT_KERNEL_LDADD)

# The x86_64 HAL's multiboot2 reader, compiled for the host on its own
# (the test stands in for the rest of the HAL).
tests_unit_multiboot2_test_SOURCES = tests/unit/multiboot2_test.c \
	hal-qemu/x86_64/multiboot2.c
tests_unit_multiboot2_test_CPPFLAGS = -I$(srcdir)/kernel -I$(srcdir)/kernel/abi/x86_64 \
	-I$(srcdir)/hal-qemu/x86_64/include -I$(srcdir)/hal-qemu/x86_64
tests_unit_multiboot2_test_CFLAGS = $(AM_CFLAGS) $(CHECK_CFLAGS)
tests_unit_multiboot2_test_LDADD = $(CHECK_LIBS)

# The HALs' GRUB font reader, with GRUB's font when there is one.
tests_unit_pf2_test_SOURCES = tests/unit/pf2_test.c hal-common/pf2.c
tests_unit_pf2_test_CPPFLAGS = -I$(srcdir)/hal-common -DPF2_FONT='"$(GRUB_FONT)"'
tests_unit_pf2_test_CFLAGS = $(AM_CFLAGS) $(CHECK_CFLAGS)
tests_unit_pf2_test_LDADD = $(CHECK_LIBS)

tests_unit_cmdline_test_SOURCES = tests/unit/cmdline_test.c tests/unit/testhal.h
tests_unit_cmdline_test_CPPFLAGS = $(UNIT_KERNEL_CPPFLAGS)
tests_unit_cmdline_test_CFLAGS = $(UNIT_KERNEL_CFLAGS)
tests_unit_cmdline_test_LDADD = $(UNIT_KERNEL_LDADD)

tests_unit_block_test_SOURCES = tests/unit/block_test.c tests/unit/testhal.h
tests_unit_block_test_CPPFLAGS = $(UNIT_KERNEL_CPPFLAGS)
tests_unit_block_test_CFLAGS = $(UNIT_KERNEL_CFLAGS)
tests_unit_block_test_LDADD = $(UNIT_KERNEL_LDADD)

tests_unit_pagecache_test_SOURCES = tests/unit/pagecache_test.c tests/unit/testhal.h
tests_unit_pagecache_test_CPPFLAGS = $(UNIT_KERNEL_CPPFLAGS)
tests_unit_pagecache_test_CFLAGS = $(UNIT_KERNEL_CFLAGS)
tests_unit_pagecache_test_LDADD = $(UNIT_KERNEL_LDADD)

tests_unit_ext2_test_SOURCES = tests/unit/ext2_test.c tests/unit/testhal.h
tests_unit_ext2_test_CPPFLAGS = $(UNIT_KERNEL_CPPFLAGS) \
	-I$(srcdir)/kernel/abi/$(HOST_ISA)
tests_unit_ext2_test_CFLAGS = $(UNIT_KERNEL_CFLAGS)
tests_unit_ext2_test_LDADD = $(UNIT_KERNEL_LDADD)

tests_unit_namei_test_SOURCES = tests/unit/namei_test.c tests/unit/testhal.h
tests_unit_namei_test_CPPFLAGS = $(UNIT_KERNEL_CPPFLAGS) \
	-I$(srcdir)/kernel/abi/$(HOST_ISA)
tests_unit_namei_test_CFLAGS = $(UNIT_KERNEL_CFLAGS)
tests_unit_namei_test_LDADD = $(UNIT_KERNEL_LDADD)

# The aarch64 HAL's device tree walker and RAM carving, and the
# Raspberry Pi 5 board's register programming and DTB reading: plain C,
# compiled again for the host (no kernel, no cross compiler).
UNIT_A64_CPPFLAGS = -I$(srcdir)/hal-qemu/aarch64 -I$(srcdir)/hal-pi5 \
	-I$(srcdir)/hal-pi5/include -I$(srcdir)/tests/unit
check_PROGRAMS += tests/unit/fdt_test tests/unit/pi5_test
TESTS += tests/unit/fdt_test tests/unit/pi5_test
tests_unit_fdt_test_SOURCES = tests/unit/fdt_test.c tests/unit/fdtbuild.c \
	tests/unit/fdtbuild.h hal-qemu/aarch64/fdt.c hal-qemu/aarch64/memmap.c
tests_unit_fdt_test_CPPFLAGS = $(UNIT_A64_CPPFLAGS)
tests_unit_fdt_test_CFLAGS = $(AM_CFLAGS) $(CHECK_CFLAGS)
tests_unit_fdt_test_LDADD = $(CHECK_LIBS)
tests_unit_pi5_test_SOURCES = tests/unit/pi5_test.c tests/unit/fdtbuild.c \
	tests/unit/fdtbuild.h hal-qemu/aarch64/fdt.c hal-pi5/pi5dt.c \
	hal-pi5/mailbox.c hal-pi5/pl011.c
tests_unit_pi5_test_CPPFLAGS = $(UNIT_A64_CPPFLAGS)
tests_unit_pi5_test_CFLAGS = $(AM_CFLAGS) $(CHECK_CFLAGS)
tests_unit_pi5_test_LDADD = $(CHECK_LIBS)

# The framebuffer console (hal-common/fbcon.c) drawing into memory, with
# GRUB's font when there is one.
check_PROGRAMS += tests/unit/fbcon_test
TESTS += tests/unit/fbcon_test
tests_unit_fbcon_test_SOURCES = tests/unit/fbcon_test.c hal-common/fbcon.c \
	hal-common/fbcon.h hal-common/pf2.c hal-common/pf2.h
tests_unit_fbcon_test_CPPFLAGS = -I$(srcdir)/hal-common -DPF2_FONT='"$(GRUB_FONT)"'
tests_unit_fbcon_test_CFLAGS = $(AM_CFLAGS) $(CHECK_CFLAGS)
tests_unit_fbcon_test_LDADD = $(CHECK_LIBS)

# sim/options.c is host code: compiled again into its test, no kernel.
tests_unit_options_test_SOURCES = sim/options_test.c sim/options.c
tests_unit_options_test_CPPFLAGS = -I$(top_builddir) -I$(srcdir)/sim \
	-D_GNU_SOURCE
tests_unit_options_test_CFLAGS = $(AM_CFLAGS) $(CHECK_CFLAGS)
tests_unit_options_test_LDADD = $(CHECK_LIBS)

# hal-common/virtio.c (the QEMU HALs' virtio-blk) against a fake device:
# compiled again into its test, with the few HAL and kernel functions it
# calls supplied by the test.
check_PROGRAMS += tests/unit/virtio_test
TESTS += tests/unit/virtio_test
tests_unit_virtio_test_SOURCES = tests/unit/virtio_test.c hal-common/virtio.c \
	hal-common/virtio.h
tests_unit_virtio_test_CPPFLAGS = -I$(srcdir)/hal-common -I$(srcdir)/kernel \
	-I$(srcdir)/hal-sim/include
tests_unit_virtio_test_CFLAGS = $(AM_CFLAGS) $(CHECK_CFLAGS)
tests_unit_virtio_test_LDADD = $(CHECK_LIBS)

endif
