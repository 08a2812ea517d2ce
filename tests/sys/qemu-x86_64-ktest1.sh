#!/bin/sh
# The self tests pass on the x86_64 HAL on one CPU.
exec "$top_srcdir/tests/sys/qemu-x86_64-ktest.sh" 1
