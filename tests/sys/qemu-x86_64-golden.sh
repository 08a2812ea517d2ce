#!/bin/sh
# One golden test on the x86_64 HAL under QEMU: the shell with pipes,
# fork, exec and wait, with the sim's expected transcript
# (tests/golden/run.sh --hal qemu-x86_64; `make check-qemu` runs them all).
exec "$top_srcdir/tests/golden/run.sh" --hal qemu-x86_64 "$top_srcdir/tests/golden/pipes.in"
