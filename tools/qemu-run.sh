#!/bin/sh
# qemu-run.sh -- boot circleos-x86_64.elf under qemu-system-x86_64 (or,
# with -aarch64, circleos-aarch64.img under qemu-system-aarch64 -M virt) with
# the console on standard input and output, like circlesim, and exit
# with the guest's status the way circlesim does: the code passed to
# hal_poweroff, 112 for a kernel panic, 124 when -timeout expires, 125
# when QEMU itself failed. (QEMU's own status: 0 for ACPI power-off,
# (code << 1) | 1 through isa-debug-exit; hal-qemu/x86_64/power.c.)
#
#   tools/qemu-run.sh [-smp N] [-m SIZE] [-timeout SECONDS]
#       [-initrd FILE] [-append ARGS] [-qemu PROGRAM] [-paced]
#       [-rtc DATETIME] [-drive [file=]FILE]... [-icount] [-screen]
#       [-aarch64] IMAGE
#
# -aarch64: the aarch64 HAL; QEMU gets Arm semihosting, through which
# the guest exits with its status (hal_poweroff in hal-qemu/aarch64/boot.c)
# and, with -paced, asks for input. Its -drive is a virtio-blk-device on
# the virt machine's virtio-mmio transports (hal-qemu/aarch64/block.c).
#
# -paced: standard input is a script, typed a line at a time when the
# guest waits for input (tools/qemu-pace.py), as circlesim types one.
# -rtc: the CMOS clock's time at power-on (e.g. 2026-01-01T00:00:00, the
# sim's virtual clock's epoch).
# -icount: the guest's clock follows the instructions it runs (QEMU's
# -icount shift=auto), not the host's clock, so that a busy host that
# stops QEMU for a while does not make the guest's timing tests fail.
# -drive: a raw disk image on a virtio-blk PCI device (aarch64: a
# virtio-mmio one), as circlesim's -drive: the first is /dev/vda, the
# next /dev/vdb... $QEMU_BLK_OPTS is appended to each PCI -device
# (",disable-legacy=on": modern virtio only, ",disable-modern=on":
# legacy only).
# -device DEV (before IMAGE, repeatable): passed on to QEMU (e.g. ramfb).
# -screen: a ramfb in QEMU's window (its default display; x86_64 without
# the VGA card, which the window would show instead), where the kernel
# draws the console too (hal-common/fbcon.c). Typing stays on the
# serial line, standard input.
smp=1
mem=256M
timeout=300
initrd=
append=
paced=false
rtc=
disks=
devices=
drives=
icount=
qemu=
aarch64=false
display="-display none"
while [ $# -gt 1 ]; do
	case $1 in
	-aarch64) aarch64=true; shift ;;
	-smp) smp=$2; shift 2 ;;
	-m) mem=$2; shift 2 ;;
	-timeout) timeout=$2; shift 2 ;;
	-initrd) initrd=$2; shift 2 ;;
	-append) append=$2; shift 2 ;;
	-qemu) qemu=$2; shift 2 ;;
	-paced) paced=true; shift ;;
	-rtc) rtc=$2; shift 2 ;;
	-icount) icount="-icount shift=auto"; shift ;;
	-device) devices="$devices -device $2"; shift 2 ;;
	-screen) display=; devices="$devices -device ramfb"; shift ;;
	-drive) disks="$disks ${2#file=}"; shift 2 ;;
	*) break ;;
	esac
done
[ $# -eq 1 ] || { echo "usage: qemu-run.sh [options] IMAGE" >&2; exit 2; }
image=$1
# The disks, in the order given: the first is vda on both HALs (x86_64:
# PCI slot order; aarch64: QEMU gives the first virtio-blk-device the
# highest virtio-mmio transport, which hal-qemu/aarch64/block.c takes
# first).
blk=virtio-blk-pci$QEMU_BLK_OPTS
$aarch64 && blk=virtio-blk-device
ndrives=0
for d in $disks; do
	drives="$drives -drive file=$d,if=none,id=d$ndrives,format=raw -device $blk,drive=d$ndrives"
	ndrives=$((ndrives + 1))
done
drives="$drives$devices"
if $aarch64; then
	qemu=${qemu:-${QEMU_AARCH64:-qemu-system-aarch64}}
	set -- -M virt -cpu cortex-a57 -kernel "$image" -m "$mem" -smp "$smp" \
		-monitor none -no-reboot
else
	qemu=${qemu:-${QEMU_X86_64:-qemu-system-x86_64}}
	set -- -kernel "$image" -m "$mem" -smp "$smp" -monitor none \
		-no-reboot -device isa-debug-exit,iobase=0xf4,iosize=0x04
	[ -z "$display" ] && set -- "$@" -vga none
fi
# shellcheck disable=SC2086 # "-display none", or nothing
[ -n "$display" ] && set -- "$@" $display
[ -n "$initrd" ] && set -- "$@" -initrd "$initrd"
[ -n "$rtc" ] && set -- "$@" -rtc "base=$rtc"
# shellcheck disable=SC2086 # $drives: options without spaces in file names
set -- "$@" $drives $icount
if $paced && $aarch64; then
	python3 "$(dirname "$0")/qemu-pace.py" --timeout "$timeout" --semihosting -- \
		"$qemu" "$@" -append "$append"
elif $paced; then
	python3 "$(dirname "$0")/qemu-pace.py" --timeout "$timeout" -- \
		"$qemu" "$@" -append "$append"
elif $aarch64; then
	timeout -k 5 "$timeout" "$qemu" "$@" -serial stdio -chardev null,id=pace \
		-semihosting-config enable=on,target=native,chardev=pace -append "$append"
else
	timeout -k 5 "$timeout" "$qemu" "$@" -serial stdio -append "$append"
fi
rc=$?
# aarch64: semihosting's exit gives the guest's code as QEMU's status.
if $aarch64; then
	case $rc in
	124|137) echo "qemu-run: timeout after $timeout s" >&2; exit 124 ;;
	*) exit $rc ;;
	esac
fi
case $rc in
0) exit 0 ;;
124|137) echo "qemu-run: timeout after $timeout s" >&2; exit 124 ;;
1) exit 125 ;;
*) [ $((rc % 2)) -eq 1 ] && exit $((rc >> 1)); exit 125 ;;
esac
