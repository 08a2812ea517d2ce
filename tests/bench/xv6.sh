#!/bin/sh
# xv6-riscv under QEMU (TCG), measured here beside CircleOS's QEMU figures:
# boot to xv6's first "$ " prompt and the wall time of "usertests -q", at
# xv6's default -smp 3 and at -smp 2 (CircleOS's QEMU runs use -smp 2).
# XV6_DIR names a built xv6-riscv tree (make kernel/kernel fs.img);
# XV6_USERTESTS=0 skips usertests (minutes each under TCG); XV6_SMP
# (default "3 2"), XV6_BOOT_RUNS (5), XV6_USERTESTS_RUNS (2) and
# XV6_TIMEOUT (900 s a usertests run) tune it. Without XV6_DIR or QEMU it
# says why in a "# xv6:" line and exits 0: a missing figure never fails.
S=${top_srcdir:-$(dirname "$0")/../..}
qemu=${QEMU_RISCV64:-qemu-system-riscv64}
if [ -z "$XV6_DIR" ]; then
	echo "# xv6: XV6_DIR is not set; no xv6-riscv tree to measure"
	exit 0
fi
if [ ! -f "$XV6_DIR/kernel/kernel" ] || [ ! -f "$XV6_DIR/fs.img" ]; then
	echo "# xv6: no kernel/kernel and fs.img in $XV6_DIR (run make there)"
	exit 0
fi
if ! command -v "$qemu" >/dev/null; then
	echo "# xv6: $qemu not found"
	exit 0
fi
if ! command -v python3 >/dev/null; then
	echo "# xv6: python3 not found"
	exit 0
fi
runs=${XV6_USERTESTS_RUNS:-2}
[ "${XV6_USERTESTS:-1}" = 0 ] && runs=0
echo "# xv6-riscv under QEMU (TCG), $("$qemu" --version | head -1)"
for smp in ${XV6_SMP:-3 2}; do
	python3 "$S/tests/bench/xv6.py" "$XV6_DIR" "$smp" \
		"${XV6_BOOT_RUNS:-5}" "$runs" "${XV6_TIMEOUT:-900}" ||
		echo "# xv6: the -smp $smp measurement failed (status $?)"
done
exit 0
