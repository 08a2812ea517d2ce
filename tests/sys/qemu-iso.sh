#!/bin/sh
# Boot circleos.iso (make iso: GRUB, multiboot2) under QEMU on 2 CPUs
# from its CD drive, as a PC boots it, and use it through the serial line
# and through the keyboard and the text screen; then boot it again on a
# PC without a serial port, and on a UEFI PC when QEMU's OVMF firmware is
# there (tests/sys/qemu-iso.py says how). Skipped (77)
# when the ISO could not be built, or QEMU or python3 is not there.
[ -n "$X86_64_ELF" ] && [ -f "$X86_64_ELF" ] || { echo "x86_64 HAL not built"; exit 77; }
[ -n "$QEMU_X86_64" ] || { echo "qemu-system-x86_64 not found"; exit 77; }
command -v python3 >/dev/null || { echo "no python3"; exit 77; }
iso=$top_builddir/circleos.iso
[ -f "$iso" ] || { echo "no circleos.iso: grub-mkrescue, xorriso or GRUB's i386-pc files" \
	"are missing (./configure's summary says which under 'make iso';" \
	"tools/install-deps.sh installs them)"; exit 77; }
out=qemu-iso.out
ovmf=
for f in /usr/share/ovmf/OVMF.fd /usr/share/qemu/OVMF.fd; do
	[ -f "$f" ] && { ovmf=$f; break; }
done
python3 "$top_srcdir/tests/sys/qemu-iso.py" "$QEMU_X86_64" "$iso" "$out" $ovmf || {
	echo "serial line:"; tr -d '\r' <"$out"
	echo "FAIL: reproduce with: $QEMU_X86_64 -cdrom circleos.iso -m 256M -smp 2 -nographic" \
		"(or, for the boot without a serial port: -serial none, and QEMU's window)"
	exit 1
}
rm -f "$out"
