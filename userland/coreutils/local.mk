# The core utilities: one static musl program per tool, each linked with the
# small helper library in userland/lib.  Included by the top-level Makefile.am,
# which provides USER_CC, USER_CFLAGS and USER_PROGS.

userland_lib_SRCS = $(srcdir)/userland/lib/util.c
userland_lib_HDRS = $(srcdir)/userland/lib/util.h

COREUTILS = cat chmod clear cp date echo env false grep head hexdump kill \
	ln ls mkdir mount mv poweroff ps pwd reboot rm rmdir sleep stat sync \
	tail touch true umount uname wc

USER_PROGS += $(COREUTILS:%=userland/bin/%)

userland/bin/%: $(srcdir)/userland/coreutils/%.c $(userland_lib_SRCS) $(userland_lib_HDRS)
	@mkdir -p userland/bin
	$(AM_V_CC)$(USER_CC) $(USER_CFLAGS) -I$(srcdir)/userland/lib -o $@ $< $(userland_lib_SRCS)

# Golden tests of the tools, run on the host (they are static Linux programs).
check-coreutils: $(COREUTILS:%=userland/bin/%)
	sh $(srcdir)/userland/coreutils/tests/run.sh userland/bin

.PHONY: check-coreutils

EXTRA_DIST += $(COREUTILS:%=$(srcdir)/userland/coreutils/%.c) \
	$(userland_lib_SRCS) $(userland_lib_HDRS) \
	$(srcdir)/userland/coreutils/local.mk \
	$(srcdir)/userland/coreutils/README.md \
	$(srcdir)/userland/coreutils/tests
