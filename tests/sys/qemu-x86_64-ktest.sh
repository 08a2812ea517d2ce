#!/bin/sh
# Boot the x86_64 HAL under QEMU (TCG) with ktest=all on 1, then on 4
# CPUs; pass when the guest powers off with status 0 and the last line
# reports no failure. One boot at a time, and the guest's clock follows
# its instructions (-icount): the timing tests (sched_fair counts time
# slices in 400 ms, sleep_accuracy allows 20 ms of lateness) fail when a
# busy host stops QEMU for a while and the guest's clock runs on.
# A scratch disk (virtio-blk) lets the block layer's tests run on the
# HAL's driver (virtio 1.0, QEMU's default). Then the legacy virtio
# interface and ramfb: a copy of circleos-base.img on a legacy-only
# virtio-blk, ktest=disk_ext2,fb_pattern, which must read the disk's
# /etc/hostname and paint the framebuffer. Skipped (77) when the x86_64
# HAL or QEMU is not there.
[ -n "$X86_64_ELF" ] && [ -f "$X86_64_ELF" ] || { echo "x86_64 HAL not built"; exit 77; }
[ -n "$QEMU_X86_64" ] || { echo "qemu-system-x86_64 not found"; exit 77; }
img=$(mktemp "${TMPDIR:-/tmp}/qemu-ktest-disk.XXXXXX") || exit 1
trap 'rm -f "$img"' EXIT
for smp in 1 4; do
	head -c 1048576 /dev/zero >"$img"
	out=qemu-x86_64-ktest-smp$smp.out
	"$top_srcdir/tools/qemu-run.sh" -smp "$smp" -icount -timeout 120 -append ktest=all \
		-drive "file=$img" "$X86_64_ELF" </dev/null >"$out" 2>&1
	rc=$?
	last=$(tail -n 1 "$out" | tr -d '\r')
	echo "smp $smp: exit status $rc; last line: $last"
	case "$last" in
	*"ktest: "*" passed, 0 failed") ;;
	*) cat "$out"; echo "FAIL: reproduce with: tools/qemu-run.sh -smp $smp -icount -append ktest=all -drive file=DISK $X86_64_ELF"; exit 1 ;;
	esac
	[ "$rc" -eq 0 ] || { cat "$out"; echo "FAIL: exit status $rc"; exit 1; }
	rm -f "$out"
done
base=${top_builddir:-.}/circleos-base.img
if [ -f "$base" ]; then
	cp "$base" "$img" || exit 1
	out=qemu-x86_64-ktest-devices.out
	QEMU_BLK_OPTS=,disable-modern=on "$top_srcdir/tools/qemu-run.sh" -timeout 120 \
		-append ktest=disk_ext2,fb_pattern -drive "file=$img" -device ramfb \
		"$X86_64_ELF" </dev/null >"$out" 2>&1
	rc=$?
	echo "devices: exit status $rc; last line: $(tail -n 1 "$out" | tr -d '\r')"
	for want in "disk_ext2: vda (virtio-blk pci .* legacy): ext2, /etc/hostname is 'circle'" \
		"fb_pattern: framebuffer 1024x768, stride 4096: pattern painted" \
		"ktest: 2 passed, 0 failed"; do
		grep -q "$want" "$out" || { cat "$out"; echo "FAIL: no '$want'"; exit 1; }
	done
	[ "$rc" -eq 0 ] || { cat "$out"; echo "FAIL: exit status $rc"; exit 1; }
	rm -f "$out"
else
	echo "devices: skipped (no $base)"
fi
