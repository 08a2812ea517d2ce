# kernel/tty.mk -- the console terminal and its line discipline.
