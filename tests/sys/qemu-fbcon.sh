#!/bin/sh
# The framebuffer console on QEMU's ramfb (hal-common/fbcon.c): each
# QEMU HAL booted once with -device ramfb, `echo FBCON-OK` typed on the
# serial line, and the screenshot read back as text against GRUB's font
# (tests/sys/qemu-fbcon.py): a few seconds of TCG per HAL. Skipped (77)
# when neither HAL can be booted, or without python3 or GRUB's font (the
# kernel then has no font and says so at boot).
command -v python3 >/dev/null || { echo "no python3"; exit 77; }
[ -n "$GRUB_FONT" ] && [ -f "$GRUB_FONT" ] || { echo "no GRUB font (ascii.pf2, package grub-common): no console to look at"; exit 77; }
b=${top_builddir:-.}
ran=0
fail=0
if [ -n "$X86_64_ELF" ] && [ -f "$X86_64_ELF" ] && [ -n "$QEMU_X86_64" ]; then
	python3 "$top_srcdir/tests/sys/qemu-fbcon.py" x86_64 "$QEMU_X86_64" "$X86_64_ELF" \
		"$b/initramfs.cpio" "$GRUB_FONT" qemu-fbcon-x86_64 || fail=1
	ran=$((ran + 1))
else
	echo "x86_64: skipped (HAL not built or no qemu-system-x86_64)"
fi
if [ -n "$AARCH64_IMG" ] && [ -f "$AARCH64_IMG" ] && [ -n "$QEMU_AARCH64" ] &&
   [ -f "$b/initramfs-aarch64.cpio" ]; then
	python3 "$top_srcdir/tests/sys/qemu-fbcon.py" aarch64 "$QEMU_AARCH64" "$AARCH64_IMG" \
		"$b/initramfs-aarch64.cpio" "$GRUB_FONT" qemu-fbcon-aarch64 || fail=1
	ran=$((ran + 1))
else
	echo "aarch64: skipped (HAL or its userland not built, or no qemu-system-aarch64)"
fi
[ $ran -eq 0 ] && exit 77
[ $fail -eq 0 ] && rm -f qemu-fbcon-*.out
exit $fail
