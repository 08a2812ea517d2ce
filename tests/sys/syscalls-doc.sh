#!/bin/sh
# doc/syscalls.md matches kernel/syscalls.tbl and the handlers that exist
# (regenerate it with `make syscalls-doc`).
have=$(sed -n 's/^\t\[[0-9]*\] = { "\([a-z0-9_]*\)".*/\1/p' "$top_builddir/kernel/syscall_table.c")
awk -v out=doc -v have="$have" -f "$top_srcdir/tools/gensyscalls.awk" \
	"$top_srcdir/kernel/syscalls.tbl" > syscalls.md.now
if ! diff -u "$top_srcdir/doc/syscalls.md" syscalls.md.now; then
	echo "FAIL: doc/syscalls.md is stale: run make syscalls-doc"
	exit 1
fi
rm -f syscalls.md.now
