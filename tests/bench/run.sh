#!/bin/sh
# make bench: every figure as "bench NAME MEDIAN UNIT", measured in one run,
# with the host's own costs beside the guest's for comparison.
set -e
B=${top_builddir:-.}
S=${top_srcdir:-.}
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
