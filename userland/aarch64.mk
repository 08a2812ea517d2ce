# userland/aarch64.mk -- the same user programs for aarch64, built with
# Debian's musl for arm64 (aarch64-linux-musl-gcc: the cross gcc with
# musl's specs; tools/install-deps.sh unpacks it), into userland/a64/,
# and their root file system initramfs-aarch64.cpio for the aarch64 HAL,
# and as a disk, circleos-aarch64-base.img (as circleos-base.img is made:
# userland/local.mk; the golden tests with a disk boot copies of it).
# The rules mirror userland/local.mk's with $(A64_USER_CC).

A64_INITRD =
A64_DISK_IMAGE =
A64_DISK =
if A64_USERLAND

A64_USER_CC = $(AARCH64_MUSL_GCC)
A64_MUSL_LIB = $(dir $(AARCH64_MUSL_GCC))../lib/aarch64-linux-musl
A64_USER_PROGS = $(USER_PROGS:userland/bin/%=userland/a64/bin/%)
A64_TEST_PROGS = userland/a64/tests/mmapwrite userland/a64/tests/elffuzz \
	userland/a64/tests/crashload userland/a64/tests/piehello

userland/a64/bin/%: $(srcdir)/userland/coreutils/%.c $(userland_lib_SRCS) $(userland_lib_HDRS)
	@mkdir -p userland/a64/bin
	$(AM_V_CC)$(A64_USER_CC) $(USER_CFLAGS) -I$(srcdir)/userland/lib -o $@ $< $(userland_lib_SRCS)
userland/a64/bin/sh: $(userland_sh_SRCS) $(userland_sh_HDRS)
	@mkdir -p userland/a64/bin
	$(AM_V_CC)$(A64_USER_CC) $(USER_CFLAGS) -o $@ $(userland_sh_SRCS)
userland/a64/bin/usertests: $(userland_usertests_SRCS) $(userland_usertests_HDRS)
	@mkdir -p userland/a64/bin
	$(AM_V_CC)$(A64_USER_CC) $(USER_CFLAGS) -pthread -o $@ $(userland_usertests_SRCS)
userland/a64/bin/init: $(srcdir)/userland/init/init.c
	@mkdir -p userland/a64/bin
	$(AM_V_CC)$(A64_USER_CC) $(USER_CFLAGS) -o $@ $<
userland/a64/bin/ubench: $(srcdir)/userland/bench/ubench.c
	@mkdir -p userland/a64/bin
	$(AM_V_CC)$(A64_USER_CC) $(USER_CFLAGS) -o $@ $<
userland/a64/tests/%: $(srcdir)/tests/progs/%.c
	@mkdir -p userland/a64/tests
	$(AM_V_CC)$(A64_USER_CC) $(USER_CFLAGS) -o $@ $<
# Static PIE by hand with musl's rcrt1.o, as for the host's piehello.
userland/a64/tests/piehello: $(srcdir)/tests/progs/piehello.c
	@mkdir -p userland/a64/tests
	$(AM_V_CC)$(A64_USER_CC) -std=gnu11 -O2 -fPIE -c -o $@.o $< && \
	$(AARCH64_CC) -static-pie -nostdlib -o $@ $(A64_MUSL_LIB)/rcrt1.o $(A64_MUSL_LIB)/crti.o \
		$@.o $(A64_MUSL_LIB)/libc.a `$(AARCH64_CC) -print-libgcc-file-name` $(A64_MUSL_LIB)/crtn.o && \
	rm -f $@.o

initramfs-aarch64.cpio: $(A64_USER_PROGS) $(A64_TEST_PROGS) $(srcdir)/userland/etc/*
	$(AM_V_GEN)$(call stage_root,userland/a64/root,$(A64_USER_PROGS),$(A64_TEST_PROGS),$(BUSYBOX_ARM64),$(BUSYBOX_STATIC)) \
		> $@.tmp && mv $@.tmp $@

A64_INITRD += initramfs-aarch64.cpio

# The staged tree is initramfs-aarch64.cpio's by-product.
if HAVE_E2FSPROGS
circleos-aarch64-base.img: initramfs-aarch64.cpio
	$(AM_V_GEN)$(call ext2_image,userland/a64/root)
# The copy `make qemu-aarch64` boots and writes, as circleos.img is.
circleos-aarch64-disk.img: circleos-aarch64-base.img
	$(AM_V_GEN)cp --sparse=always circleos-aarch64-base.img $@
A64_DISK_IMAGE += circleos-aarch64-base.img circleos-aarch64-disk.img
A64_DISK += circleos-aarch64-disk.img
endif

endif

EXTRA_DIST += userland/aarch64.mk
CLEANFILES += initramfs-aarch64.cpio circleos-aarch64-base.img circleos-aarch64-disk.img \
	circleos-aarch64-base.img.tmp circleos-aarch64-base.img.cmds
clean-local: clean-a64-userland
clean-a64-userland:
	rm -rf userland/a64
.PHONY: clean-a64-userland
