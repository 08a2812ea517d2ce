# kernel/procfs.mk -- /proc: processes and the system as files.
libkernel_a_SOURCES += kernel/procfs.c kernel/procfs_sys.c \
	kernel/procfs_load.c kernel/procfs_pid.c kernel/procfs_pidfile.c \
	kernel/procfs_ktest.c kernel/procfs.h
