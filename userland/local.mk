# userland/ -- static Linux programs on musl for the host ISA: the same
# files run natively, on the sim, and on the real HAL of that ISA.

USER_CC = $(MUSL_GCC)
USER_CFLAGS = -static -O2 -std=gnu11 -Wall -Wextra -fno-strict-aliasing

include userland/sh/local.mk
include userland/coreutils/local.mk
include userland/usertests/local.mk

all-local: $(USER_PROGS)
CLEANFILES += $(USER_PROGS)

# The user programs are plain Linux programs: their own test suites run on
# the host too, as a reference for the semantics the kernel must give.
TESTS += tests/sys/host-sh.sh tests/sys/host-coreutils.sh tests/sys/host-usertests.sh
EXTRA_DIST += tests/sys/host-sh.sh tests/sys/host-coreutils.sh tests/sys/host-usertests.sh
