# hal-sim/ -- the HAL of the simulated machine, freestanding like the kernel.

if SANITIZERS
HALSIM_DEFS = -DHALSIM_BIG_STACKS
else
HALSIM_DEFS =
endif

noinst_LIBRARIES += libhalsim.a
libhalsim_a_SOURCES = hal-sim/hal.c hal-sim/mmu.c hal-sim/user.c \
	hal-sim/block.c \
	hal-sim/hal_sim.h hal-sim/include/hal_arch.h hal-common/pt4.h
if ISA_X86_64
libhalsim_a_SOURCES += hal-sim/user_x86_64.c hal-common/x86_64/ulinux.c \
	hal-common/x86_64/ulinux_regs.h
endif
libhalsim_a_CFLAGS = $(KERNEL_CFLAGS)
libhalsim_a_CPPFLAGS = -I$(srcdir)/kernel -I$(srcdir)/hal-sim/include \
	-I$(srcdir)/sim -I$(srcdir)/hal-common/$(HOST_ISA) $(HALSIM_DEFS)

# The kernel and hal-sim become one object whose symbols are all local but
# the entry points of sim/sim_if.h (listed in sim/sim_if.syms).
kernel-sim.o: libkernel.a libhalsim.a $(srcdir)/sim/sim_if.syms
	$(AM_V_GEN)$(LD) -r -o kernel-sim-all.o --whole-archive libkernel.a \
		libhalsim.a --no-whole-archive && \
	$(OBJCOPY) --keep-global-symbols=$(srcdir)/sim/sim_if.syms \
		kernel-sim-all.o $@ && rm -f kernel-sim-all.o
CLEANFILES += kernel-sim.o kernel-sim-all.o
