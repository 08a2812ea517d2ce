# doc/ -- the handbook, the HAL porting guide, user mode on the sim, the
# system-call table, the compatibility notes and the man page of circlesim.
# Included from Makefile.am (include doc/local.mk).

man1_MANS = doc/circlesim.1
EXTRA_DIST += doc/handbook.md doc/hal.md doc/circlesim.1 \
	doc/usermode.md doc/syscalls.md doc/compat.md doc/pi5.md
