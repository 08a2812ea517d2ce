# sim/stub/ -- the user-mode stub: a tiny static program, no libc, linked
# above the guest's address range and embedded into circlesim.

noinst_PROGRAMS += sim/stub/circlesim-stub
sim_stub_circlesim_stub_SOURCES = sim/stub/stub.c sim/stub/stub.h sim/stub/fp_layout.h \
	sim/stub/stub_abi.h
if ISA_X86_64
sim_stub_circlesim_stub_SOURCES += sim/stub/stub_x86_64.c sim/stub/entry_x86_64.S
STUB_ARCH_CFLAGS = -mgeneral-regs-only
endif
sim_stub_circlesim_stub_CPPFLAGS =
sim_stub_circlesim_stub_CFLAGS = -O2 -std=gnu11 -ffreestanding -fno-builtin \
	-fno-stack-protector -fno-tree-loop-distribute-patterns -fpie \
	-fno-asynchronous-unwind-tables -fvisibility=hidden $(STUB_ARCH_CFLAGS) \
	-Wall -Wextra
sim_stub_circlesim_stub_CCASFLAGS = -fno-pie
sim_stub_circlesim_stub_LDFLAGS = -static -nostdlib -no-pie \
	-Wl,-Ttext-segment=0x7f8000000000 -Wl,--build-id=none -Wl,-z,noexecstack \
	-Wl,--no-relax

# circlesim carries the stub inside itself (sim/stub_blob.S).
sim/circlesim-stub_blob.$(OBJEXT): sim/stub/circlesim-stub
