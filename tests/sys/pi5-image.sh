#!/bin/sh
# Check the Raspberry Pi 5 boot files `make pi5` wrote (no emulator runs
# a Pi 5): kernel_2712.img is circleos-pi5.elf's memory from 0x80000 to
# _kernel_end, a flat image whose first byte is the entry (_start at
# 0x80000) with .bss as zeros; its boot tables' layout is the Pi's; and
# config.txt names it, the load address and the initramfs beside it.
# Skipped (77) when the aarch64 cross tools are not there.
b=${top_builddir:-.}
elf=$b/circleos-pi5.elf
img=$b/pi5/kernel_2712.img
[ -f "$elf" ] && [ -f "$img" ] || { echo "Raspberry Pi 5 image not built (no aarch64 cross tools)"; exit 77; }
fail() { echo "FAIL: $*"; exit 1; }
sym() { readelf -s "$elf" | awk -v n="$1" '$NF == n { print $2; exit }'; }
# The low 32 bits, as a number: sh arithmetic is signed 64-bit, and the
# kernel's addresses all start with ffff0000.
lo() { echo $((0x$(echo "$1" | cut -c9-))); }

entry=$(readelf -h "$elf" | awk '/Entry point/ { print $NF }')
[ "$entry" = 0x80000 ] || fail "entry point $entry, not 0x80000"
start=$(sym _kernel_start)
[ "$start" = ffff000000080000 ] || fail "_kernel_start at $start, not KERNEL_BASE + 0x80000"
[ "$(sym _start)" = "$start" ] || fail "_start ($(sym _start)) is not at the start of the image"
size=$(( $(lo "$(sym _kernel_end)") - $(lo "$start") ))
[ "$(wc -c < "$img")" -eq "$size" ] || fail "image is $(wc -c < "$img") bytes, not _kernel_end - _kernel_start = $size"
echo "kernel_2712.img: $size bytes, entry at offset 0 (0x80000)"

# Each loaded section at its address - 0x80000 in the image; .bss zeros.
readelf -S -W "$elf" | sed -n 's/^ *\[ *[0-9]*\] *//p' |
while read -r name type addr off sz rest; do
	case "$type" in
	PROGBITS)
		at=$(( $(lo "$addr") - $(lo "$start") ))
		cmp -s -n $((0x$sz)) -i $((0x$off)):$at "$elf" "$img" ||
			fail "section $name differs in the image"
		echo "  $name: $((0x$sz)) bytes at offset $at: same as the ELF" ;;
	NOBITS)
		at=$(( $(lo "$addr") - $(lo "$start") ))
		cmp -s -n $((0x$sz)) -i $at:0 "$img" /dev/zero ||
			fail "section $name is not zeros in the image"
		echo "  $name: $((0x$sz)) zero bytes at offset $at" ;;
	esac
done || exit 1

# The first instruction is head.S's: mov x19, x0 (keep the DTB
# pointer), or a branch over an arm64 Image header, whose text_offset
# must then say 0x80000 too.
first=$(od -A n -t x4 -N 4 "$img" | tr -d ' ')
case "$first" in
aa0003f3) echo "first instruction: mov x19, x0 (no Image header)" ;;
14*)
	[ "$(od -A n -t x4 -j 56 -N 4 "$img" | tr -d ' ')" = 644d5241 ] ||
		fail "first word $first branches, but no arm64 Image magic at 56"
	off=$(od -A n -t x8 -j 8 -N 8 "$img" | tr -d ' ')
	[ $((0x$off)) -eq $((0x80000)) ] ||
		fail "the Image header's text_offset is 0x$off, not the Pi's 0x80000" ;;
*) fail "first word $first: neither mov x19, x0 nor a branch" ;;
esac

# The boot tables' layout: RAM from 0 (16 GiB), devices at 64 GiB (2 GiB).
map=$(od -A n -t u4 -j $(( $(lo "$(sym a64_boot_map)") - $(lo "$start") )) -N 48 "$img" | tr -s ' \n' ' ')
[ "$map" = " 0 16 1 0 64 2 0 0 0 0 0 0 " ] || fail "a64_boot_map is {$map}"
grep -q "Raspberry Pi 5" "$img" || fail "no board name in the image"
echo "boot tables: {$map}"

# config.txt: the options the firmware needs, and the initramfs it names.
cfg=$b/pi5/config.txt
for line in kernel=kernel_2712.img arm_64bit=1 kernel_address=0x80000 \
	os_check=0 enable_uart=1 "initramfs initramfs.cpio followkernel"; do
	grep -qx "$line" "$cfg" || fail "config.txt lacks '$line'"
done
[ "$(head -c 6 "$b/pi5/initramfs.cpio")" = 070701 ] || fail "pi5/initramfs.cpio is not a newc cpio archive"
[ -f "$b/pi5/cmdline.txt" ] || fail "no pi5/cmdline.txt"
echo "config.txt, cmdline.txt, initramfs.cpio ($(wc -c < "$b/pi5/initramfs.cpio") bytes): ok"
