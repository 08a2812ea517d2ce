#!/bin/sh
# Boot circleos.iso (make iso: GRUB, multiboot2) under QEMU on 2 CPUs
# from its CD drive, as a PC boots it: GRUB's menu starts the first entry
# after its 2 s countdown, the kernel reads GRUB's information (memory
# map, initramfs module, ACPI RSDP copy), the shell runs a command, and
# `poweroff 3` ends the run through isa-debug-exit (QEMU's status 7).
# The banner must say multiboot2 and 2 CPUs (the MADT was found from
# GRUB's RSDP copy). Skipped (77) when the ISO could not be built or
# QEMU is not there.
[ -n "$X86_64_ELF" ] && [ -f "$X86_64_ELF" ] || { echo "x86_64 HAL not built"; exit 77; }
[ -n "$QEMU_X86_64" ] || { echo "qemu-system-x86_64 not found"; exit 77; }
iso=$top_builddir/circleos.iso
[ -f "$iso" ] || { echo "no circleos.iso: grub-mkrescue, xorriso or GRUB's i386-pc files" \
	"are missing (./configure's summary says which under 'make iso';" \
	"tools/install-deps.sh installs them)"; exit 77; }
out=qemu-iso.out
start=$(date +%s)
printf 'echo iso says $((6 * 7))\npoweroff 3\n' |
	python3 "$top_srcdir/tools/qemu-pace.py" --timeout 90 -- "$QEMU_X86_64" \
		-cdrom "$iso" -m 256M -smp 2 -display none -monitor none -no-reboot \
		-device isa-debug-exit,iobase=0xf4,iosize=0x04 >"$out" 2>&1
rc=$?
echo "exit status $rc after $(($(date +%s) - start)) s"
fail() { tr -d '\r' <"$out"; echo "FAIL: $1"; exit 1; }
[ "$rc" -eq 7 ] || fail "QEMU's exit status $rc, 7 expected (poweroff 3)"
tr -d '\r' <"$out" >"$out.txt"
grep -q 'Booting `CircleOS'"'" "$out.txt" || fail "GRUB did not boot the first entry"
banner=$(grep 'CircleOS .* (x86_64):' "$out.txt")
echo "$banner"
case $banner in
*" 2 CPUs, "*"multiboot2"*) ;;
*) fail "the banner should say 2 CPUs and multiboot2" ;;
esac
grep -q 'kernel: initrd: ' "$out.txt" || fail "no initramfs (GRUB's module2)"
grep -qx 'iso says 42' "$out.txt" || fail "the shell did not answer"
grep -q 'kernel: power off (status 3)' "$out.txt" || fail "no power-off message"
grep -q 'multiboot2:' "$out.txt" && fail "the kernel complained about GRUB's information"
rm -f "$out" "$out.txt"
