#!/bin/sh
# usertests natively on the host: the Linux reference for the kernel.
out=$("$top_builddir/userland/bin/usertests" -q 2>&1)
rc=$?
printf '%s\n' "$out" | tail -20
[ $rc -eq 0 ]
