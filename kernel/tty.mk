# kernel/tty.mk -- the console terminal and its line discipline.
libkernel_a_SOURCES += kernel/tty.c kernel/ldisc.c kernel/tty_ioctl.c \
	kernel/tty_console.c kernel/tty_ktest.c kernel/tty.h
