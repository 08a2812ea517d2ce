#!/bin/sh
# Raw disk figures for `make bench`: sequential read and write of the
# whole /dev/vda in the guest (busybox dd, 1 MiB blocks, timed by the
# guest's `time`, 10 ms steps) beside dd on the host over the same image
# file in this one run, the file in the host's page cache both times.
# Three runs each; the median is printed.
set -e
B=${top_builddir:-.}
MB=${BLOCKDEV_BENCH_MB:-512}
work=$(mktemp -d "${TMPDIR:-/tmp}/circleos-blockdev.XXXXXX")
trap 'rm -rf "$work"' EXIT
img=$work/raw.img
dd if=/dev/zero of="$img" bs=1M count="$MB" 2>/dev/null
cat "$img" >/dev/null

# median of the numbers on stdin
median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
# MB/s for $MB MiB in $1 seconds
rate() { awk -v s="$1" -v mb="$MB" 'BEGIN { printf "%.0f", mb * 1048576 / s / 1e6 }'; }
# seconds dd took, from its summary line ("..., 0.25 s, ...")
dd_secs() { sed -n 's/.* copied, \([0-9.e-]*\) s,.*/\1/p'; }

echo "# raw disk: busybox dd on /dev/vda in the guest (-smp 2, host clock), dd on the host"
cmds=
for i in 1 2 3; do
	cmds="$cmds
time busybox dd if=/dev/vda of=/dev/null bs=1M"
done
for i in 1 2 3; do
	cmds="$cmds
time busybox dd if=/dev/zero of=/dev/vda bs=1M count=$MB conv=fsync"
done
printf '%s\npoweroff\n' "$cmds" |
	"$B/circlesim" -smp 2 -drive file="$img" -append quiet 2>&1 |
	tr -d '\r' | sed -n 's/^real[^0-9]*0m \([0-9.]*\)s$/\1/p' >"$work/guest"
[ "$(wc -l <"$work/guest")" -eq 6 ] || { echo "# blockdev: the guest runs failed"; exit 0; }
echo "bench blk_seq_read_${MB}M@guest $(rate "$(head -n 3 "$work/guest" | median)") MB/s"
echo "bench blk_seq_write_${MB}M@guest $(rate "$(tail -n 3 "$work/guest" | median)") MB/s"
for i in 1 2 3; do
	LC_ALL=C dd if="$img" of=/dev/null bs=1M 2>&1 | dd_secs
done >"$work/host"
for i in 1 2 3; do
	LC_ALL=C dd if=/dev/zero of="$img" bs=1M count="$MB" conv=notrunc,fsync 2>&1 | dd_secs
done >>"$work/host"
echo "bench blk_seq_read_${MB}M@host_dd $(rate "$(head -n 3 "$work/host" | median)") MB/s"
echo "bench blk_seq_write_${MB}M@host_dd $(rate "$(tail -n 3 "$work/host" | median)") MB/s"
