#!/bin/sh
# The Raspberry Pi 5's boot protocol on QEMU virt: the virt build linked
# as a flat binary (a64pi5/virt-flat.bin, made like kernel_2712.img but
# at 0x40080000, where QEMU loads a raw image) is entered with the DTB
# in x0, and the initramfs QEMU loads beside it is found through the
# DTB's /chosen linux,initrd-start/-end, kept out of free RAM, and
# unpacked: the path the Pi's firmware takes with config.txt's
# "initramfs ... followkernel". No ktest (timing-free, so it may run
# beside other tests). Skipped (77) without the cross tools or QEMU.
b=${top_builddir:-.}
img=$b/a64pi5/virt-flat.bin
[ -f "$img" ] || { echo "flat aarch64 image not built (no aarch64 cross tools)"; exit 77; }
[ -n "$QEMU_AARCH64" ] || { echo "qemu-system-aarch64 not found"; exit 77; }
out=pi5-virt-flat.out
timeout -k 2 30 "$QEMU_AARCH64" -M virt -cpu cortex-a57 -m 256M -smp 2 \
	-display none -monitor none -serial stdio -no-reboot -kernel "$img" \
	-initrd "$b/initramfs.cpio" </dev/null >"$out" 2>&1 &
pid=$!
# Stop QEMU once the kernel has said what became of the initrd.
for i in $(seq 1 280); do
	grep -q "kernel: initrd\|kernel: no initrd\|panic" "$out" && sleep 0.2 && break
	kill -0 $pid 2>/dev/null || break
	sleep 0.1
done
kill $pid 2>/dev/null
wait $pid 2>/dev/null
cat "$out"
fail() { echo "FAIL: $*"; echo "reproduce: $QEMU_AARCH64 -M virt -cpu cortex-a57 -nographic -kernel $img -initrd $b/initramfs.cpio"; exit 1; }
grep -q "CircleOS .* (aarch64): 2 CPUs, .* QEMU virt" "$out" || fail "no banner"
grep -q "kernel: initrd: [0-9]* KiB unpacked" "$out" || fail "the initrd was not found through /chosen or not unpacked"
kib=$(sed -n 's/.*kernel: initrd: \([0-9]*\) KiB unpacked.*/\1/p' "$out")
[ "$kib" -eq $(( $(wc -c < "$b/initramfs.cpio") / 1024 )) ] || fail "unpacked $kib KiB, the archive has $(( $(wc -c < "$b/initramfs.cpio") / 1024 ))"
rm -f "$out"
