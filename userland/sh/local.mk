# userland/sh/local.mk - automake fragment for the CircleOS shell.
userland_sh_SRCS = $(srcdir)/userland/sh/main.c $(srcdir)/userland/sh/lex.c \
	$(srcdir)/userland/sh/parse.c $(srcdir)/userland/sh/expand.c \
	$(srcdir)/userland/sh/arith.c $(srcdir)/userland/sh/exec.c \
	$(srcdir)/userland/sh/redir.c $(srcdir)/userland/sh/var.c \
	$(srcdir)/userland/sh/jobs.c $(srcdir)/userland/sh/trap.c \
	$(srcdir)/userland/sh/builtin.c $(srcdir)/userland/sh/test.c \
	$(srcdir)/userland/sh/printf.c $(srcdir)/userland/sh/lineedit.c \
	$(srcdir)/userland/sh/util.c
userland_sh_HDRS = $(srcdir)/userland/sh/sh.h
USER_PROGS += userland/bin/sh
userland/bin/sh: $(userland_sh_SRCS) $(userland_sh_HDRS)
	@mkdir -p userland/bin
	$(AM_V_CC)$(USER_CC) $(USER_CFLAGS) -o $@ $(userland_sh_SRCS)
EXTRA_DIST += $(userland_sh_SRCS) $(userland_sh_HDRS) $(srcdir)/userland/sh/tests
