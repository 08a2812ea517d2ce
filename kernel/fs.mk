# kernel/fs.mk -- the VFS, file systems, pipes, file system calls.

libkernel_a_SOURCES += \
	kernel/vfs.c kernel/namei.c kernel/vfs_ops.c kernel/file.c \
	kernel/fd.c kernel/poll.c kernel/ramfs.c kernel/ramfs_file.c \
	kernel/pipe.c kernel/chrdev.c kernel/devfs.c kernel/memdev.c \
	kernel/cpio.c kernel/fs_syscalls.c kernel/fs_syscalls2.c \
	kernel/fs_syscalls3.c kernel/fs_ktest.c kernel/fs_ktest2.c \
	kernel/fs_ktest3.c kernel/fs_local.h kernel/ramfs.h kernel/fs_ktest.h \
	kernel/block.c kernel/bcache.c kernel/blockdev.c kernel/block.h \
	kernel/block_ktest.c kernel/dev_ktest.c \
	kernel/pagecache.c kernel/pagecache.h kernel/ext2.h \
	kernel/ext2_super.c kernel/ext2_alloc.c kernel/ext2_inode.c \
	kernel/ext2_dir.c kernel/ext2_namei.c kernel/ext2_file.c
