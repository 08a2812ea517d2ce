#!/bin/sh
# The Raspberry Pi 5's board code on an emulator: a test build
# (a64r3/pi5-raspi3b.img, hal-pi5/local.mk) with QEMU raspi3b's device
# addresses in board.h and nothing else changed. On raspi3b it sets up
# the PL011 and prints, finds no DTB (QEMU passes none) and says so,
# finds no timer interrupt (the raspi3b has no GIC) and says so, asks
# QEMU's emulated VideoCore for a framebuffer through the mailbox's
# property channel and gets one, draws the console on it (read back
# from a screenshot as text with GRUB's font, tests/sys/qemu-fbcon.py,
# when there is python3 and the font), and reaches kmain. Not a Pi 5:
# its devices are elsewhere. Skipped (77) without the cross tools or QEMU.
b=${top_builddir:-.}
img=$b/a64r3/pi5-raspi3b.img
[ -f "$img" ] || { echo "raspi3b test build not made (no aarch64 cross tools)"; exit 77; }
[ -n "$QEMU_AARCH64" ] || { echo "qemu-system-aarch64 not found"; exit 77; }
"$QEMU_AARCH64" -M help | grep -q '^raspi3b ' || { echo "this QEMU has no raspi3b"; exit 77; }
out=pi5-raspi3b-board.out
screen=pi5-raspi3b-board.screen
mon=$(mktemp -d "${TMPDIR:-/tmp}/pi5-raspi3b.XXXXXX") || exit 1
trap 'rm -rf "$mon"' EXIT
timeout -k 2 30 "$QEMU_AARCH64" -M raspi3b -kernel "$img" -display none \
	-monitor "unix:$mon/sock,server,nowait" -serial stdio -no-reboot </dev/null >"$out" 2>&1 &
pid=$!
# Stop QEMU once the kernel has tried to start init (it cannot: no
# timer interrupt, no initramfs).
for i in $(seq 1 280); do
	grep -q "kernel: cannot start\|panic" "$out" && break
	kill -0 $pid 2>/dev/null || break
	sleep 0.1
done
look=false
if command -v python3 >/dev/null && [ -n "$GRUB_FONT" ] && [ -f "$GRUB_FONT" ]; then
	look=true
	python3 "$top_srcdir/tests/sys/qemu-fbcon.py" --screen "$mon/sock" "$GRUB_FONT" >"$screen" 2>&1
fi
kill $pid 2>/dev/null
wait $pid 2>/dev/null
cat "$out"
fail() { echo "FAIL: $*"; echo "reproduce: $QEMU_AARCH64 -M raspi3b -kernel $img -nographic"; exit 1; }
grep -q "pi5: no readable device tree" "$out" || fail "no message for the missing DTB"
grep -q "pi5: the timer's interrupt (INTID 27) does not reach" "$out" || fail "no message for the missing timer interrupt"
grep -q "CircleOS .* (aarch64): 1 CPU, .* Raspberry Pi 5, EL1, GICv2, .*, framebuffer 1280x720x32 at 0x" "$out" ||
	fail "no banner with the mailbox's framebuffer"
grep -q "kernel: no initrd" "$out" || fail "kmain did not go on to the root file system"
if $look; then
	echo "the mailbox framebuffer shows:"; cat "$screen"
	grep -q "CircleOS .* (aarch64): 1 CPU, .* Raspberry Pi 5, " "$screen" &&
	grep -q "^pi5: the timer's interrupt (INTID 27) does not reach" "$screen" &&
	grep -q "kernel: no initrd" "$screen" || fail "the console is not on the mailbox framebuffer"
	rm -f "$screen"
else
	echo "the screen not looked at (no python3 or GRUB font)"
fi
rm -f "$out"
