#!/bin/sh
# Golden tests on the x86_64 HAL under QEMU with the sim's expected
# transcripts (tests/golden/run.sh --hal qemu-x86_64; `make check-qemu`
# runs them all): the shell with pipes, fork, exec and wait; then the
# disk test, which boots twice from a scratch copy of circleos-base.img on
# virtio-blk (files written in the first boot read back in the second)
# and runs e2fsck -fn on the copy after each boot.
fail=0
for t in pipes disk; do
	"$top_srcdir/tests/golden/run.sh" --hal qemu-x86_64 \
		"$top_srcdir/tests/golden/$t.in"
	rc=$?
	echo "$t: $rc"
	case $rc in
	0) ;;
	77) [ $t = disk ] && echo "$t: skipped (no circleos-base.img or no e2fsck)" ;;
	*) fail=1 ;;
	esac
done
exit $fail
