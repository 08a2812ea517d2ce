#!/bin/sh
# Golden test runner: boot a fresh machine on the virtual clock with a
# fixed seed, type NAME.in at its console, and compare the transcript
# (with the machine's exit status appended, kernel log time stamps
# replaced by "[T]") with NAME.out.
#
#   tests/golden/run.sh [--hal sim|qemu-x86_64|qemu-aarch64] [--update] tests/golden/NAME.in
#
# A test with a NAME.disk file boots from a scratch copy of the default
# disk image as make built it (circleos-base.img, not the circleos.img a
# user boots and changes; or $DISK_IMAGE) with root=/dev/vda; after the
# boot `e2fsck -fn` must find the copy clean. If NAME.in2 exists, the same copy boots again with NAME.in2
# (expected NAME.out2): what the first boot wrote must be there.
#
# SEED, SMP and TIMEOUT may be set in the environment. On failure the
# transcript is kept as NAME.transcript beside the test's log (and a
# disk test's image as NAME.img), and the command that reproduces the
# run is printed. On QEMU these are NAME-x86_64.* and NAME-aarch64.*:
# `make check -j` runs a test on the sim and on QEMU at the same time.
#
# --hal qemu-x86_64 boots circleos-x86_64.elf ($X86_64_ELF) under QEMU
# (tools/qemu-run.sh -paced types the script as the sim does) with the
# same initramfs.cpio and compares with the same NAME.out; only the
# banner's HAL name is normalised (to "sim"), and the time of day `date`
# prints in the first minutes (see below). SEED means nothing there:
# QEMU's timing is the host's. The CMOS clock starts at the sim's virtual
# epoch (2026-01-01 00:00:00 UTC), but runs in host time from there.
#
# --hal qemu-aarch64 boots circleos-aarch64.img ($AARCH64_IMG) under
# qemu-system-aarch64 -M virt (TCG) with initramfs-aarch64.cpio, the same
# programs built for aarch64, and compares with the same NAME.out in the
# same way (pacing and the exit status through Arm semihosting). Tests
# with a disk boot a scratch copy of circleos-aarch64-base.img
# ($AARCH64_DISK_IMAGE: the same tree built for aarch64) on a virtio-mmio
# disk, then e2fsck -fn it, as above.
hal=sim
update=false
suffix=
disk_image=
while [ $# -gt 1 ]; do
	case $1 in
	--hal) hal=$2; shift 2 ;;
	--update) update=true; shift ;;
	*) break ;;
	esac
done
in=$1
[ -f "$in" ] || { echo "usage: run.sh [--hal sim|qemu-x86_64|qemu-aarch64] [--update] NAME.in" >&2; exit 2; }
dir=$(dirname "$in")
name=$(basename "$in" .in)
seed=${SEED:-1}
smp=${SMP:-2}
timeout=${TIMEOUT:-300}
sim=${CIRCLESIM:-./circlesim}
case $hal in
sim)
	cmd="$sim -clock virtual -seed $seed -smp $smp -timeout $timeout" ;;
qemu-x86_64)
	elf=${X86_64_ELF:-./circleos-x86_64.elf}
	initrd=${top_builddir:-.}/initramfs.cpio
	[ -f "$elf" ] || { echo "run.sh: no $elf (x86_64 HAL not built)" >&2; exit 77; }
	[ -n "${QEMU_X86_64-x}" ] || { echo "run.sh: no qemu-system-x86_64" >&2; exit 77; }
	case $name in
	hostile)	# it attacks the sim's user-mode stub processes
		echo "run.sh: $name tests the sim's stub; nothing to test on QEMU"; exit 77 ;;
	esac
	suffix=-x86_64		# its files beside the sim's, in parallel
	cmd="$(dirname "$0")/../../tools/qemu-run.sh -paced -smp $smp -timeout $timeout -rtc 2026-01-01T00:00:00 -initrd $initrd" ;;
qemu-aarch64)
	elf=${AARCH64_IMG:-./circleos-aarch64.img}
	initrd=${top_builddir:-.}/initramfs-aarch64.cpio
	[ -f "$elf" ] || { echo "run.sh: no $elf (aarch64 HAL not built)" >&2; exit 77; }
	[ -f "$initrd" ] || { echo "run.sh: no $initrd (no aarch64 userland: tools/install-deps.sh, then ./configure)" >&2; exit 77; }
	[ -n "${QEMU_AARCH64-x}" ] || { echo "run.sh: no qemu-system-aarch64" >&2; exit 77; }
	case $name in
	hostile)	# it attacks the sim's user-mode stub processes
		echo "run.sh: $name tests the sim's stub; nothing to test on QEMU"; exit 77 ;;
	esac
	# Its disk holds the same tree built for aarch64.
	disk_image=${AARCH64_DISK_IMAGE:-${top_builddir:-.}/circleos-aarch64-base.img}
	suffix=-aarch64		# its files beside the others', in parallel
	cmd="$(dirname "$0")/../../tools/qemu-run.sh -aarch64 -paced -smp $smp -timeout $timeout -rtc 2026-01-01T00:00:00 -initrd $initrd" ;;
*) echo "run.sh: --hal $hal: unknown (sim, qemu-x86_64, qemu-aarch64)" >&2; exit 2 ;;
esac

img=
append=quiet
if [ -f "$dir/$name.disk" ]; then
	src=${disk_image:-${DISK_IMAGE:-${top_builddir:-.}/circleos-base.img}}
	PATH=$PATH:/sbin:/usr/sbin
	if [ ! -f "$src" ] || ! command -v e2fsck >/dev/null; then
		echo "run.sh: $name: no disk image ($src) or no e2fsck: skipped"
		exit 77
	fi
	img=$name$suffix.img
	cp --sparse=always "$src" "$img" || exit 1
	append="quiet root=/dev/vda"
fi

# run_one INPUT EXPECTED: boot, type INPUT, compare with EXPECTED.
run_one() {
	out=$name$suffix.transcript
	if [ -n "$img" ]; then
		set -- "$1" "$2" -drive "file=$img"
	fi
	input=$1
	exp=$2
	shift 2
	if [ $hal = sim ]; then
		$cmd -append "$append" "$@" <"$input" >"$out.raw" 2>&1
	else
		$cmd -append "$append" "$@" $elf <"$input" >"$out.raw" 2>&1
	fi
	rc=$?
	# The console speaks CRLF, as a serial line does; compare lines.
	# Kernel log stamps ("[    1.234567] ") measure the kernel's own
	# costs, not the behaviour under test: they become "[T] ".
	# On QEMU one more: the clock starts at the sim's epoch but then runs
	# in host time, so `date` prints the seconds the boot took under TCG
	# (0 to 2 of them here). A date in the first 10 minutes of that day
	# is made the epoch's; any other line, a later one included, is not.
	sed_qemu='s/^$//'		# nothing on the sim
	[ "$hal" = sim ] ||
		sed_qemu='s/^Thu Jan  1 00:0[0-9]:[0-5][0-9] UTC 2026$/Thu Jan  1 00:00:00 UTC 2026/'
	tr -d '\r' <"$out.raw" | sed -e 's/^\[ *[0-9]*\.[0-9]*\] /[T] /' \
		-e 's/^\(\[T\] CircleOS [^ ]* \)([a-z0-9_]*)/\1(sim)/' \
		-e "$sed_qemu" >"$out"
	rm -f "$out.raw"
	echo "[exit status $rc]" >>"$out"
	if $update; then
		cp "$out" "$exp"
		echo "updated $exp"
		rm -f "$out"
	elif diff -u "$exp" "$out"; then
		rm -f "$out"
	else
		echo "FAIL: $name: transcript kept in $(pwd)/$out"
		echo "reproduce: $cmd -append '$append' $* ${elf:-} < $input"
		return 1
	fi
	if [ -n "$img" ] && ! e2fsck -fn "$img" >"$name$suffix.fsck" 2>&1; then
		cat "$name$suffix.fsck"
		echo "FAIL: $name: e2fsck -fn finds $(pwd)/$img damaged"
		return 1
	fi
	rm -f "$name$suffix.fsck"
	return 0
}

# What differs by ISA (uname -m in coreutils, the corrupted copies of
# /bin/true elffuzz makes in exec): NAME.out-aarch64.
exp=$dir/$name.out
if [ $hal = qemu-aarch64 ] && [ -f "$dir/$name.out-aarch64" ]; then
	exp=$dir/$name.out-aarch64
fi
run_one "$in" "$exp" || exit 1
if [ -n "$img" ] && [ -f "$dir/$name.in2" ]; then
	run_one "$dir/$name.in2" "$dir/$name.out2" || exit 1
fi
[ -n "$img" ] && rm -f "$img"
exit 0
