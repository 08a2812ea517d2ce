# kernel/fs.mk -- the VFS, file systems, pipes, file system calls.
