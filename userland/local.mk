# userland/ -- static Linux programs on musl for the host ISA: the same
# files run natively, on the sim, and on the real HAL of that ISA.

USER_CC = $(MUSL_GCC)
USER_CFLAGS = -static -O2 -std=gnu11 -Wall -Wextra -fno-strict-aliasing

include userland/sh/local.mk
include userland/coreutils/local.mk
include userland/usertests/local.mk

USER_PROGS += userland/bin/ubench
userland/bin/ubench: $(srcdir)/userland/bench/ubench.c
	@mkdir -p userland/bin
	$(AM_V_CC)$(USER_CC) $(USER_CFLAGS) -o $@ $(srcdir)/userland/bench/ubench.c
EXTRA_DIST += userland/bench/ubench.c

USER_PROGS += userland/bin/init
userland/bin/init: $(srcdir)/userland/init/init.c
	@mkdir -p userland/bin
	$(AM_V_CC)$(USER_CC) $(USER_CFLAGS) -o $@ $(srcdir)/userland/init/init.c
EXTRA_DIST += userland/init/init.c userland/etc

# Test programs staged in /usr/lib/tests (x86_64 only: they poke at the
# sim's user-mode stub directly).
TEST_PROGS =
if ISA_X86_64
TEST_PROGS += tests/hostile/hostile
endif
tests/hostile/hostile: $(srcdir)/tests/hostile/hostile.c
	@mkdir -p tests/hostile
	$(AM_V_CC)$(USER_CC) $(USER_CFLAGS) -o $@ $(srcdir)/tests/hostile/hostile.c
TEST_PROGS += tests/progs/mmapwrite
tests/progs/mmapwrite: $(srcdir)/tests/progs/mmapwrite.c
	@mkdir -p tests/progs
	$(AM_V_CC)$(USER_CC) $(USER_CFLAGS) -o $@ $(srcdir)/tests/progs/mmapwrite.c
TEST_PROGS += tests/progs/elffuzz
tests/progs/elffuzz: $(srcdir)/tests/progs/elffuzz.c
	@mkdir -p tests/progs
	$(AM_V_CC)$(USER_CC) $(USER_CFLAGS) -o $@ $(srcdir)/tests/progs/elffuzz.c
TEST_PROGS += tests/progs/crashload
tests/progs/crashload: $(srcdir)/tests/progs/crashload.c
	@mkdir -p tests/progs
	$(AM_V_CC)$(USER_CC) $(USER_CFLAGS) -o $@ $(srcdir)/tests/progs/crashload.c
EXTRA_DIST += tests/hostile/hostile.c tests/progs/piehello.c tests/progs/elffuzz.c \
	tests/progs/crashload.c tests/progs/mmapwrite.c

# A static-PIE program, linked by hand with musl's rcrt1.o (Debian's
# musl-gcc specs do not do -static-pie).
if HAVE_MUSL_PIE
TEST_PROGS += tests/progs/piehello
tests/progs/piehello: $(srcdir)/tests/progs/piehello.c
	@mkdir -p tests/progs
	$(AM_V_CC)$(USER_CC) -std=gnu11 -O2 -fPIE -c -o $@.o $(srcdir)/tests/progs/piehello.c && \
	$(CC) -static-pie -nostdlib -o $@ $(MUSL_LIBDIR)/rcrt1.o $(MUSL_LIBDIR)/crti.o \
		$@.o $(MUSL_LIBDIR)/libc.a `$(CC) -print-libgcc-file-name` $(MUSL_LIBDIR)/crtn.o && \
	rm -f $@.o
endif

# The root file system: the programs, /etc, and Debian's busybox-static
# (when installed) with links for the applets we have no program of our
# own for. Every file is dated 2026-01-01 so runs are reproducible.
# $(call stage_root,DIR,PROGS,TEST_PROGS,BUSYBOX,APPLETS_FROM) stages the
# tree in DIR and writes its cpio archive on standard output; the applet
# list comes from a busybox this machine can run (APPLETS_FROM: the
# host's, of the same Debian version, for an arm64 busybox).
ROOT_EPOCH = 1767225600
define stage_root
rm -rf $(1) && \
	mkdir -p $(1)/bin $(1)/sbin $(1)/usr/bin $(1)/etc $(1)/dev $(1)/tmp \
		$(1)/run $(1)/proc $(1)/root $(1)/home/user $(1)/mnt $(1)/var \
		$(1)/usr/lib/tests && \
	for t in $(3); do cp $$t $(1)/usr/lib/tests/; done && \
	cp $(2) $(1)/bin/ && \
	mv $(1)/bin/init $(1)/sbin/init && \
	cp $(srcdir)/userland/etc/* $(1)/etc/ && \
	if [ -n "$(4)" ] && [ -n "$(5)" ] && ! readelf -l "$(4)" | grep -q INTERP; then \
		cp "$(4)" $(1)/bin/busybox; \
		for a in `"$(5)" --list`; do \
			[ -e $(1)/bin/$$a ] || ln -s ../../bin/busybox $(1)/usr/bin/$$a; \
		done; \
	fi && \
	chmod 1777 $(1)/tmp && \
	find $(1) -exec touch -h -d @$(ROOT_EPOCH) {} + && \
	(cd $(1) && find . | LC_ALL=C sort | \
		$(CPIO) -o -H newc -R 0:0 --reproducible --quiet)
endef
initramfs.cpio: $(USER_PROGS) $(TEST_PROGS) $(srcdir)/userland/etc/*
	$(AM_V_GEN)$(call stage_root,userland/root,$(USER_PROGS),$(TEST_PROGS),$(BUSYBOX_STATIC),$(BUSYBOX_STATIC)) \
		> $@.tmp && mv $@.tmp $@

include userland/aarch64.mk

DISK_IMAGE =
all-local: $(USER_PROGS) initramfs.cpio $(DISK_IMAGE) $(A64_INITRD) $(A64_DISK_IMAGE)
CLEANFILES += $(USER_PROGS) $(TEST_PROGS) initramfs.cpio
pkgdata_DATA = initramfs.cpio

# The default disk image: the same staged tree as an ext2 file system of
# IMG_SIZE (4 KiB blocks), everything owned by root (mke2fs -d copies the
# builder's ids; debugfs sets them). Fixed time, UUID and hash seed: the
# same tree gives the same image. circleos-base.img stays as mke2fs made
# it (the tests boot scratch copies of it, `make install` ships it);
# circleos.img, the copy circlesim boots and writes, is made again only
# when the tree changes, so what the guest writes to it stays until then.
IMG_SIZE = 64M
IMG_UUID = c1c1e05c-0000-4000-8000-00000000c05e
# $(call ext2_image,DIR) makes $@ from the staged tree DIR (the aarch64
# one too: userland/aarch64.mk).
define ext2_image
rm -f $@.tmp && \
	E2FSPROGS_FAKE_TIME=$(ROOT_EPOCH) $(MKE2FS) -q -F -t ext2 -b 4096 -m 1 \
		-L circleos -U $(IMG_UUID) -E hash_seed=$(IMG_UUID) \
		-d $(1) $@.tmp $(IMG_SIZE) >/dev/null && \
	(cd $(1) && find . -mindepth 1) | sed 's|^\.||' | \
		awk '{ printf "sif %s uid 0\nsif %s gid 0\n", $$0, $$0 }' \
		>$@.cmds && \
	E2FSPROGS_FAKE_TIME=$(ROOT_EPOCH) $(DEBUGFS) -w -f $@.cmds $@.tmp \
		>/dev/null 2>&1 && \
	rm -f $@.cmds && mv $@.tmp $@
endef
if HAVE_E2FSPROGS
circleos-base.img: initramfs.cpio
	$(AM_V_GEN)$(call ext2_image,userland/root)
circleos.img: circleos-base.img
	$(AM_V_GEN)cp --sparse=always circleos-base.img $@
DISK_IMAGE += circleos-base.img circleos.img
CLEANFILES += circleos.img circleos-base.img circleos-base.img.tmp \
	circleos-base.img.cmds
install-data-local:
	$(MKDIR_P) $(DESTDIR)$(pkgdatadir)
	$(INSTALL_DATA) circleos-base.img $(DESTDIR)$(pkgdatadir)/circleos.img
uninstall-local:
	rm -f $(DESTDIR)$(pkgdatadir)/circleos.img
endif

# The user programs are plain Linux programs: their own test suites run on
# the host too, as a reference for the semantics the kernel must give.
TESTS += tests/sys/host-sh.sh tests/sys/host-coreutils.sh tests/sys/host-usertests.sh
EXTRA_DIST += tests/sys/host-sh.sh tests/sys/host-coreutils.sh tests/sys/host-usertests.sh
