#!/bin/sh
# Boot the aarch64 HAL under qemu-system-aarch64 -M virt (TCG) with
# ktest=all on 1, then on 4 CPUs (GICv2), then on 4 CPUs with a GICv3
# (gic-version=3) and a scratch disk on virtio-mmio, so that the block
# layer's self tests run on the HAL's driver; pass when the last line reports no failure and QEMU
# exits 0 (PSCI SYSTEM_OFF). Then the devices: a copy of
# circleos-base.img on virtio-mmio (version 2, then the legacy version
# 1) and a ramfb, with ktest=disk_ext2,fb_pattern: the disk's
# /etc/hostname must be read and the framebuffer painted. One boot at a
# time, and alone (tests/local.mk): sched_fair counts time slices in
# 400 ms and timer_order arms timers 1 ms apart, so the guest's clock
# follows its instructions (-icount shift=auto), not a host that may stop
# QEMU for a while on a busy machine. Skipped (77) when the aarch64 HAL
# (a cross compiler) or QEMU is not there.
[ -n "$AARCH64_ELF" ] && [ -f "$AARCH64_ELF" ] || { echo "aarch64 HAL not built (no aarch64-linux-gnu-gcc)"; exit 77; }
[ -n "$QEMU_AARCH64" ] || { echo "qemu-system-aarch64 not found"; exit 77; }
base=${top_builddir:-.}/circleos-base.img
img=$(mktemp "${TMPDIR:-/tmp}/qemu-aarch64-disk.XXXXXX") || exit 1
trap 'rm -f "$img"' EXIT

# boot NAME GIC SMP APPEND [QEMU ARGS...]: boot once, check the end.
boot() {
	name=$1 gic=$2 smp=$3 append=$4
	shift 4
	out=qemu-aarch64-ktest-$name.out
	timeout -k 5 120 "$QEMU_AARCH64" -M "virt,gic-version=$gic" -cpu cortex-a57 \
		-m 256M -smp "$smp" -icount shift=auto -display none -monitor none \
		-serial stdio -no-reboot -kernel "$AARCH64_ELF" -append "$append" \
		"$@" </dev/null >"$out" 2>&1
	rc=$?
	last=$(tail -n 1 "$out" | tr -d '\r')
	echo "$name: exit status $rc; last line: $last"
	case "$last" in
	*"ktest: "*" passed, 0 failed") ;;
	*) cat "$out"; echo "FAIL: reproduce with: $QEMU_AARCH64 -M virt,gic-version=$gic -cpu cortex-a57 -smp $smp -icount shift=auto -nographic -kernel $AARCH64_ELF -append $append $*"; exit 1 ;;
	esac
	[ "$rc" -eq 0 ] || { cat "$out"; echo "FAIL: exit status $rc"; exit 1; }
}

# expect NAME TEXT: the last boot's output has TEXT.
expect() {
	grep -q "$2" "qemu-aarch64-ktest-$1.out" || {
		cat "qemu-aarch64-ktest-$1.out"; echo "FAIL: no '$2' in $1's output"; exit 1; }
}

boot smp1 2 1 ktest=all
boot smp4 2 4 ktest=all
head -c 1048576 /dev/zero >"$img"
boot gicv3-smp4 3 4 ktest=all -global virtio-mmio.force-legacy=false \
	-drive "file=$img,if=none,id=d0,format=raw" -device virtio-blk-device,drive=d0
expect gicv3-smp4 "block_concurrent: [0-9]* reads"
expect gicv3-smp4 "GICv3"
rm -f qemu-aarch64-ktest-smp1.out qemu-aarch64-ktest-smp4.out qemu-aarch64-ktest-gicv3-smp4.out
if [ -f "$base" ]; then
	for legacy in false true; do
		v=2; [ $legacy = true ] && v=1
		cp "$base" "$img" || exit 1
		boot "devices-legacy-$legacy" 2 1 ktest=disk_ext2,fb_pattern \
			-global "virtio-mmio.force-legacy=$legacy" -device ramfb \
			-drive "file=$img,if=none,id=d0,format=raw" \
			-device virtio-blk-device,drive=d0
		expect "devices-legacy-$legacy" "disk_ext2: vda (virtio-blk mmio .* v$v): ext2, /etc/hostname is 'circle'"
		expect "devices-legacy-$legacy" "fb_pattern: framebuffer 1024x768, stride 4096: pattern painted"
		rm -f "qemu-aarch64-ktest-devices-legacy-$legacy.out"
	done
else
	echo "devices: skipped (no $base)"
fi
