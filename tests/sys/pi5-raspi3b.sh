#!/bin/sh
# Run the Raspberry Pi 5's kernel_2712.img as far as an emulator can:
# QEMU has no Pi 5, but its raspi3b loads a flat aarch64 image at
# 0x80000 and enters it at EL2, as the Pi 5 firmware does. On its
# Cortex-A53 the shared boot path runs: EL2 to EL1, .bss cleared, the
# boot tables from the Pi's layout, the MMU on, the jump to the kernel's
# high address, the vectors; the first access to a Pi 5 device (the
# debug UART's control register, from pl011_setup) then meets no device
# on the raspi3b's bus and takes a synchronous external abort. The test
# reads that from QEMU's exception log: it proves the path up to the Pi
# board code, not that the kernel runs on a Pi 5. Skipped (77) without
# QEMU or the image.
b=${top_builddir:-.}
elf=$b/circleos-pi5.elf
img=$b/pi5/kernel_2712.img
[ -f "$elf" ] && [ -f "$img" ] || { echo "Raspberry Pi 5 image not built (no aarch64 cross tools)"; exit 77; }
[ -n "$QEMU_AARCH64" ] || { echo "qemu-system-aarch64 not found"; exit 77; }
"$QEMU_AARCH64" -M help | grep -q '^raspi3b ' || { echo "this QEMU has no raspi3b"; exit 77; }
log=pi5-raspi3b.out
fail() { echo "FAIL: $*"; head -40 "$log"; echo "reproduce: $QEMU_AARCH64 -M raspi3b -kernel $img -display none -serial null -d int,guest_errors"; exit 1; }
sym() { readelf -s "$elf" | awk -v n="$1" '$NF == n { print $2, $3; exit }'; }

rm -f "$log"
timeout -k 2 4 "$QEMU_AARCH64" -M raspi3b -kernel "$img" -display none \
	-monitor none -serial null -no-reboot -d int,guest_errors -D "$log" </dev/null
[ -s "$log" ] || fail "QEMU logged nothing"

# head.S: entered at EL2 (at the image header's branch over it),
# el2_to_el1 returns after its bl, 8 bytes into start_after_header.
ret=$(printf '0x%x' $((0x$(sym start_after_header | cut -c9-16) + 8)))
grep -q "Exception return from AArch64 EL2 to AArch64 EL1 PC $ret" "$log" ||
	fail "no return from EL2 to EL1 at $ret"

# The first exception: a data abort at the UART's CR through the direct
# map (KERNEL_BASE + 0x107d001000 + 0x30), an external abort (DFSC
# 0x10: the address translated), taken at VBAR_EL1 + 0x200 from the
# register write pl011_setup makes through pi5.c's io_write.
first=$(grep -m1 -A5 "Taking exception" "$log")
echo "$first" | grep -q "Data Abort" || fail "first exception is not a data abort"
echo "$first" | grep -q "with FAR 0xffff00107d001030" || fail "first fault is not at the Pi 5 UART's CR"
esr=$(echo "$first" | sed -n 's/.*with ESR 0x[0-9a-f]*\/0x\([0-9a-f]*\).*/\1/p')
[ $((0x$esr & 0x3f)) -eq 16 ] || fail "ESR $esr: not a synchronous external abort (a translation fault would mean the boot tables miss the device)"
elr=$(echo "$first" | sed -n 's/.*with ELR 0x\([0-9a-f]*\).*/\1/p' | cut -c9-)
set -- $(sym io_write)
lo=$((0x$(echo "$1" | cut -c9-)))
[ $((0x$elr)) -ge $lo ] && [ $((0x$elr)) -lt $((lo + $2)) ] ||
	fail "the fault at ELR ...$elr is not in pi5.c's io_write ($1, $2 bytes)"
vec=$(sym vectors | cut -c9-16)
echo "$first" | grep -q "to EL1 PC 0xffff0000$(printf %08x $((0x$vec + 0x200)))" ||
	fail "the abort did not go to the kernel's vectors + 0x200"
echo "raspi3b: EL2 -> EL1 at $ret, MMU on, high kernel address, vectors set;"
echo "first device access: pl011_setup writing the Pi 5 UART's CR (0x107d001030), external abort as expected"
rm -f "$log"
