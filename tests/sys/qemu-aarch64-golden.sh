#!/bin/sh
# Golden tests on the aarch64 HAL under QEMU (TCG) with the sim's
# expected transcripts: circleos-aarch64.img with initramfs-aarch64.cpio
# (the same programs built for aarch64) runs tests/golden/pipes.in --
# the shell, fork, exec, wait and pipelines of our tools and busybox --
# then disk.in, which boots twice from a scratch copy of
# circleos-aarch64-base.img on a virtio-mmio disk (files written in the
# first boot read back in the second) and runs e2fsck -fn on the copy
# after each boot (a few seconds of TCG in all). `make check-qemu` runs
# the whole suite there (tests/golden/run.sh --hal qemu-aarch64).
# Skipped (77) without the HAL, its userland or QEMU.
fail=0
skip=0
for t in pipes disk; do
	"$top_srcdir/tests/golden/run.sh" --hal qemu-aarch64 \
		"$top_srcdir/tests/golden/$t.in"
	rc=$?
	echo "$t: $rc"
	case $rc in
	0) ;;
	77) skip=$((skip + 1))
	    [ $t = disk ] && echo "$t: skipped (no circleos-aarch64-base.img or no e2fsck)" ;;
	*) fail=1 ;;
	esac
done
[ $fail -eq 0 ] && [ $skip -eq 2 ] && exit 77
exit $fail
