# tests/ -- unit tests (Check) and system tests of the simulated machine.
AM_TESTS_ENVIRONMENT = CIRCLESIM=$(abs_top_builddir)/circlesim; \
	top_srcdir=$(abs_top_srcdir); top_builddir=$(abs_top_builddir); \
	QEMU_X86_64='$(QEMU_X86_64)'; \
	X86_64_ELF='$(X86_64_ELF:%=$(abs_top_builddir)/%)'; \
	QEMU_AARCH64='$(QEMU_AARCH64)'; \
	AARCH64_ELF='$(AARCH64_ELF:%=$(abs_top_builddir)/%)'; \
	AARCH64_IMG='$(AARCH64_IMG:%=$(abs_top_builddir)/%)'; \
	GRUB_FONT='$(GRUB_FONT)'; \
	export CIRCLESIM top_srcdir top_builddir QEMU_X86_64 X86_64_ELF \
		QEMU_AARCH64 AARCH64_ELF AARCH64_IMG GRUB_FONT;

TESTS += tests/sys/cli.sh tests/sys/ktest-smp1.sh tests/sys/ktest-smp4.sh \
	tests/sys/ktest-host.sh tests/sys/determinism.sh tests/sys/stub-fds.sh \
	tests/sys/syscalls-doc.sh tests/sys/disk.sh tests/sys/drive-errors.sh \
	tests/sys/ktest-block.sh tests/sys/default-disk.sh \
	tests/sys/qemu-x86_64-ktest.sh tests/sys/qemu-x86_64-golden.sh \
	tests/sys/qemu-aarch64-ktest.sh tests/sys/qemu-aarch64-golden.sh \
	tests/sys/qemu-iso.sh tests/sys/qemu-fbcon.sh
EXTRA_DIST += tests/sys/qemu-fbcon.sh tests/sys/qemu-fbcon.py
EXTRA_DIST += tests/sys/qemu-x86_64-ktest.sh tests/sys/qemu-x86_64-golden.sh \
	tests/sys/qemu-aarch64-golden.sh tests/sys/qemu-iso.sh tests/sys/qemu-iso.py \
	tools/qemu-run.sh tools/qemu-pace.py
EXTRA_DIST += tests/sys/cli.sh tests/sys/ktest-smp1.sh tests/sys/ktest-smp4.sh \
	tests/sys/ktest-host.sh tests/sys/determinism.sh tests/sys/ktest-run.sh \
	tests/sys/stub-fds.sh tests/sys/syscalls-doc.sh tests/sys/disk.sh \
	tests/sys/drive-errors.sh tests/sys/ktest-block.sh \
	tests/sys/default-disk.sh

# Storage: corrupted ext2 images (50 in `make check`, 1000 in `make
# check-fuzz`, FUZZ_COUNT and FUZZ_SEED to change) and the crash test
# (20 SIGKILLs during an fsync workload, then e2fsck and debugfs check
# the disk; about 30 s; CRASH_RUNS, CRASH_SEED; `make check-crash` runs
# it alone).
TESTS += tests/storage/fuzz.sh tests/storage/crash.sh
EXTRA_DIST += tests/storage/fuzz.sh tests/storage/ext2fuzz.py \
	tests/storage/crash.sh tests/storage/crash.py
check-fuzz: circlesim initramfs.cpio
	@CIRCLESIM=$(abs_top_builddir)/circlesim top_srcdir=$(abs_top_srcdir) \
		FUZZ_COUNT=$${FUZZ_COUNT:-1000} sh $(srcdir)/tests/storage/fuzz.sh
check-crash: circlesim initramfs.cpio
	@CIRCLESIM=$(abs_top_builddir)/circlesim top_srcdir=$(abs_top_srcdir) \
		sh $(srcdir)/tests/storage/crash.sh
.PHONY: check-fuzz check-crash

# make bench: benchmarks print figures; they never fail a build.
noinst_PROGRAMS += tests/bench/ctxbench
tests_bench_ctxbench_SOURCES = tests/bench/ctxbench.c
if ISA_X86_64
tests_bench_ctxbench_SOURCES += sim/ctx_x86_64.S
endif
if ISA_AARCH64
tests_bench_ctxbench_SOURCES += sim/ctx_aarch64.S
endif
tests_bench_ctxbench_CFLAGS = -O2 -std=gnu11 -Wall -Wextra
noinst_PROGRAMS += tests/bench/hostbench
tests_bench_hostbench_SOURCES = tests/bench/hostbench.c
tests_bench_hostbench_CFLAGS = -O2 -std=gnu11 -Wall -Wextra -pthread
tests_bench_hostbench_LDADD = -lpthread
EXTRA_DIST += tests/bench/run.sh tests/bench/boottime.py tests/bench/blockdev.sh \
	tests/bench/storage.sh tests/bench/xv6.sh tests/bench/xv6.py
bench: circlesim tests/bench/ctxbench tests/bench/hostbench initramfs.cpio
	@top_builddir=$(abs_top_builddir) top_srcdir=$(abs_top_srcdir) \
		sh $(srcdir)/tests/bench/run.sh
.PHONY: bench

# Golden tests: tests/golden/NAME.in typed at the console, NAME.out the
# expected transcript (tests/golden/run.sh; `make check -j` runs them in
# parallel).
GOLDEN_TESTS = tests/golden/hello.in tests/golden/hostile.in tests/golden/exec.in \
	tests/golden/shell.in tests/golden/shell-io.in tests/golden/pipes.in \
	tests/golden/coreutils.in tests/golden/coreutils-errors.in \
	tests/golden/busybox.in tests/golden/errors.in tests/golden/jobs.in \
	tests/golden/proc.in tests/golden/usertests.in \
	tests/golden/sh-nested.in tests/golden/disk.in tests/golden/usertests-disk.in \
	tests/golden/procfs-disk.in
TESTS += $(GOLDEN_TESTS)
TEST_EXTENSIONS = .in .sh
IN_LOG_COMPILER = $(srcdir)/tests/golden/run.sh
EXTRA_DIST += tests/golden

# make check-qemu: the whole golden suite on the x86_64 HAL, then on the
# aarch64 HAL, under QEMU.
check-qemu: all
	@pass=0; fail=0; skip=0; \
	for hal in qemu-x86_64 qemu-aarch64; do \
	for t in $(GOLDEN_TESTS); do \
		CIRCLESIM=$(abs_top_builddir)/circlesim top_builddir=$(abs_top_builddir) \
		X86_64_ELF='$(X86_64_ELF:%=$(abs_top_builddir)/%)' QEMU_X86_64='$(QEMU_X86_64)' \
		AARCH64_IMG='$(AARCH64_IMG:%=$(abs_top_builddir)/%)' QEMU_AARCH64='$(QEMU_AARCH64)' \
			sh $(srcdir)/tests/golden/run.sh --hal $$hal $(srcdir)/$$t; \
		case $$? in 0) pass=$$((pass + 1)); echo "PASS: $$hal $$t";; \
		77) skip=$$((skip + 1)); echo "SKIP: $$hal $$t";; \
		*) fail=$$((fail + 1)); echo "FAIL: $$hal $$t";; esac; \
	done; \
	done; \
	echo "check-qemu: $$pass passed, $$fail failed, $$skip skipped"; \
	test $$fail -eq 0
.PHONY: check-qemu

# doc/syscalls.md is generated from kernel/syscalls.tbl and the handlers
# that exist; `make syscalls-doc` rewrites it, and a test checks that the
# committed copy is current.
syscalls-doc: kernel/syscall_table.c
	$(AM_V_GEN)have=`sed -n 's/^\t\[[0-9]*\] = { "\([a-z0-9_]*\)".*/\1/p' kernel/syscall_table.c`; \
	$(AWK) -v out=doc -v have="$$have" -f $(srcdir)/tools/gensyscalls.awk \
		$(srcdir)/kernel/syscalls.tbl > $(srcdir)/doc/syscalls.md
.PHONY: syscalls-doc

# The QEMU self tests run first and alone, one after the other (their
# timing tests need QEMU to have a host CPU of its own:
# tests/sys/qemu-x86_64-ktest.sh).
QEMU_KTEST_LOGS = tests/sys/qemu-x86_64-ktest.log tests/sys/qemu-aarch64-ktest.log
tests/sys/qemu-aarch64-ktest.log: tests/sys/qemu-x86_64-ktest.log
$(filter-out $(QEMU_KTEST_LOGS),$(TEST_LOGS)): $(QEMU_KTEST_LOGS)
