# userland/usertests/local.mk - automake fragment for usertests, the system
# call test suite (included by the top-level Makefile.am).
userland_usertests_SRCS = \
	$(srcdir)/userland/usertests/main.c \
	$(srcdir)/userland/usertests/tests_proc.c \
	$(srcdir)/userland/usertests/tests_signal.c \
	$(srcdir)/userland/usertests/tests_mem.c \
	$(srcdir)/userland/usertests/tests_badptr.c \
	$(srcdir)/userland/usertests/tests_file.c \
	$(srcdir)/userland/usertests/tests_vfs.c \
	$(srcdir)/userland/usertests/tests_pipe.c \
	$(srcdir)/userland/usertests/tests_thread.c \
	$(srcdir)/userland/usertests/tests_misc.c
userland_usertests_HDRS = $(srcdir)/userland/usertests/usertests.h
USER_PROGS += userland/bin/usertests
userland/bin/usertests: $(userland_usertests_SRCS) $(userland_usertests_HDRS)
	@mkdir -p userland/bin
	$(AM_V_CC)$(USER_CC) $(USER_CFLAGS) -pthread -o $@ $(userland_usertests_SRCS)
EXTRA_DIST += $(userland_usertests_SRCS) $(userland_usertests_HDRS) \
	$(srcdir)/userland/usertests/README.md
