#!/bin/sh
# make bench: every figure as "bench NAME MEDIAN UNIT", measured in one run,
# with the host's own costs beside the guest's for comparison.
set -e
B=${top_builddir:-.}
S=${top_srcdir:-.}
# usertests_time HAL QEMU-RUN-ARGS...: the whole usertests suite on a
# QEMU target, boot and power-off included (one run).
usertests_time() {
	hal=$1
	shift
	out=$(mktemp)
	t0=$(date +%s.%N)
	printf 'usertests -q\npoweroff\n' |
		"$S/tools/qemu-run.sh" -paced -smp 2 -append quiet -timeout 900 "$@" >"$out" 2>&1 &&
		st=0 || st=$?
	t1=$(date +%s.%N)
	if grep -q '^usertests:' "$out"; then
		tr -d '\r' <"$out" | grep '^usertests:' | sed "s/^/# $hal /"
		echo "$t0 $t1" |
			awk -v h="$hal" '{ printf "bench usertests_q@%s %.1f s\n", h, $2 - $1 }'
	else
		echo "# $hal usertests: no result (QEMU status $st); its last lines:"
		tr -d '\r' <"$out" | tail -5 | sed 's/^/#   /'
	fi
	rm -f "$out"
}
echo "# circlesim $("$B/circlesim" -version | sed 's/.* //'), $(nproc) host CPUs, $(date -u +%Y-%m-%d)"
echo "# kernel context switch: the sim's two ways"
"$B/tests/bench/ctxbench"
for smp in 1 2; do
	echo "# in-kernel, -smp $smp, host clock"
	"$B/circlesim" -smp $smp -append "kbench=all" </dev/null | tr -d '\r' |
		sed -n 's/^\[[^]]*\] //p' | grep '^bench ' | sed "s/^bench \([^ ]*\)/bench \1@smp$smp/"
done
echo "# host costs under user mode (native)"
"$B/tests/bench/hostbench"
echo "# user mode, native on the host (reference)"
UBENCH_SUFFIX=@native "$B/userland/bin/ubench" all "$B/userland/bin/true"
echo "# user mode in the guest, -smp 2, host clock"
printf 'UBENCH_SUFFIX=@guest ubench\npoweroff\n' |
	"$B/circlesim" -smp 2 -append quiet | tr -d '\r' | grep '^bench '
echo "# boot"
python3 "$S/tests/bench/boottime.py" "$B/circlesim"
sh "$S/tests/bench/blockdev.sh"
sh "$S/tests/bench/storage.sh"
if [ -f "$B/circleos-x86_64.elf" ] && command -v "${QEMU_X86_64:-qemu-system-x86_64}" >/dev/null; then
	echo "# the x86_64 HAL under QEMU (TCG), -smp 2"
	"$S/tools/qemu-run.sh" -smp 2 -append "kbench=all" "$B/circleos-x86_64.elf" </dev/null |
		tr -d '\r' | sed -n 's/^\[[^]]*\] //p' | grep '^bench ' |
		sed 's/^bench \([^ ]*\)/bench \1@qemu-x86_64/'
	printf 'UBENCH_SUFFIX=@qemu-x86_64 ubench\npoweroff\n' |
		"$S/tools/qemu-run.sh" -paced -smp 2 -initrd "$B/initramfs.cpio" -append quiet \
		"$B/circleos-x86_64.elf" | tr -d '\r' | grep '^bench '
	python3 "$S/tests/bench/boottime.py" "$B/circleos-x86_64.elf"
	usertests_time qemu-x86_64 -initrd "$B/initramfs.cpio" "$B/circleos-x86_64.elf"
fi
if [ -f "$B/circleos-aarch64.img" ] && [ -f "$B/initramfs-aarch64.cpio" ] &&
	command -v "${QEMU_AARCH64:-qemu-system-aarch64}" >/dev/null; then
	echo "# the aarch64 HAL under QEMU (TCG, virt, cortex-a57), -smp 2"
	printf 'UBENCH_SUFFIX=@qemu-aarch64 ubench\npoweroff\n' |
		"$S/tools/qemu-run.sh" -aarch64 -paced -smp 2 -initrd "$B/initramfs-aarch64.cpio" \
		-append quiet "$B/circleos-aarch64.img" | tr -d '\r' | grep '^bench '
	python3 "$S/tests/bench/boottime.py" "$B/circleos-aarch64.img"
	usertests_time qemu-aarch64 -aarch64 -initrd "$B/initramfs-aarch64.cpio" \
		"$B/circleos-aarch64.img"
fi
# xv6-riscv beside us, when XV6_DIR names a built tree (tests/bench/xv6.sh;
# XV6_USERTESTS=0 skips its minutes of usertests).
if [ -n "$XV6_DIR" ]; then
	sh "$S/tests/bench/xv6.sh"
else
	echo "# xv6: XV6_DIR is not set; see doc/handbook.md for xv6-riscv's figures"
fi
