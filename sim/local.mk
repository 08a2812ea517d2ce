# sim/ -- circlesim, the runner: host threads as CPUs, a memfd as RAM.

bin_PROGRAMS += circlesim
circlesim_SOURCES = sim/main.c sim/options.c sim/cpu.c sim/time.c \
	sim/vclock.c sim/console.c sim/exit.c sim/symbols.c sim/watchdog.c \
	sim/ctx.c sim/usermode.c sim/disk.c sim/stub_blob.S sim/sim.h \
	sim/sim_if.h
if ISA_X86_64
circlesim_SOURCES += sim/ctx_x86_64.S
endif
if ISA_AARCH64
circlesim_SOURCES += sim/ctx_aarch64.S
endif
circlesim_CPPFLAGS = $(AM_CPPFLAGS) -D_GNU_SOURCE \
	-DSIM_PKGDATADIR='"$(pkgdatadir)"'
circlesim_CFLAGS = $(AM_CFLAGS) -pthread
circlesim_LDADD = kernel-sim.o -lpthread
circlesim_DEPENDENCIES = kernel-sim.o
EXTRA_DIST += sim/sim_if.syms

include sim/stub/local.mk
