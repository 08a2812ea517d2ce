#!/bin/sh
# A golden test on the aarch64 HAL under QEMU (TCG) with the sim's
# expected transcript: one boot of circleos-aarch64.img with
# initramfs-aarch64.cpio (the same programs built for aarch64) running
# tests/golden/pipes.in -- the shell, fork, exec, wait and pipelines of
# our tools and busybox -- then poweroff (a few seconds of TCG). `make
# check-qemu` runs the whole suite there (tests/golden/run.sh --hal
# qemu-aarch64). Skipped (77) without the HAL, its userland or QEMU.
"$top_srcdir/tests/golden/run.sh" --hal qemu-aarch64 "$top_srcdir/tests/golden/pipes.in"
