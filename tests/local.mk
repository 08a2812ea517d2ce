# tests/ -- unit tests (Check) and system tests of the simulated machine.
AM_TESTS_ENVIRONMENT = CIRCLESIM=$(abs_top_builddir)/circlesim; \
	top_srcdir=$(abs_top_srcdir); top_builddir=$(abs_top_builddir); \
	export CIRCLESIM top_srcdir top_builddir;

TESTS += tests/sys/cli.sh tests/sys/ktest-smp1.sh tests/sys/ktest-smp4.sh \
	tests/sys/ktest-host.sh tests/sys/determinism.sh
EXTRA_DIST += tests/sys/cli.sh tests/sys/ktest-smp1.sh tests/sys/ktest-smp4.sh \
	tests/sys/ktest-host.sh tests/sys/determinism.sh tests/sys/ktest-run.sh
