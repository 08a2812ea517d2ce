#!/bin/sh
# Sequential write and read of a file on ext2 in the guest against dd on
# the host over the same kind of file, in one run: "bench NAME MEDIAN
# MB/s" lines. The guest writes SIZE MiB with dd (conv=fsync: to the
# image file), remounts to drop its cache, reads it back cold, then warm;
# REPS times. The host writes the same amount into the directory of the
# image (conv=fsync) and reads it back. Figures only: never a pass/fail.
set -e
B=${top_builddir:-.}
SIZE=${SIZE:-64}
REPS=${REPS:-5}
PATH=$PATH:/sbin:/usr/sbin
dir=$(mktemp -d "${TMPDIR:-/tmp}/ext2bench.XXXXXX")
trap 'rm -rf "$dir"' EXIT
mke2fs -q -F -t ext2 -b 4096 "$dir/bench.img" $((SIZE * 3))M >/dev/null

# The median of the numbers on stdin, in MB/s from MiB/s.
median() {
	sort -n | awk '{ v[NR] = $1 }
		END { m = NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2
		      printf "%.0f", m * 1.048576 }'
}

# Guest: busybox time prints "real 0m 1.23s".
{
	echo "mount -t ext2 /dev/vda /mnt"
	i=0
	while [ $i -lt "$REPS" ]; do
		echo "time dd if=/dev/zero of=/mnt/big bs=1M count=$SIZE conv=fsync"
		echo "umount /mnt; mount -t ext2 /dev/vda /mnt"
		echo "time dd if=/mnt/big of=/dev/null bs=1M"
		echo "time dd if=/mnt/big of=/dev/null bs=1M"
		echo "rm /mnt/big"
		i=$((i + 1))
	done
	echo "umount /mnt"
	echo "poweroff"
} >"$dir/script"
"$B/circlesim" -m 512M -drive "file=$dir/bench.img" -append quiet \
	<"$dir/script" | tr -d '\r' |
	sed -n 's/^real[^0-9]*\([0-9]*\)m *\([0-9.]*\)s$/\1 \2/p' |
	awk -v size="$SIZE" -v d="$dir" '{ t = $1 * 60 + $2
		if (t < 0.01) t = 0.01	# busybox time: 10 ms steps
		print size / t >>(d "/g" ((NR - 1) % 3)) }'
e2fsck -fn "$dir/bench.img" >/dev/null 2>&1 || echo "# e2fsck: the image is damaged"

# Host: the same sizes with dd (GNU dd: "... copied, 1.23 s, 456 MB/s").
i=0
while [ $i -lt "$REPS" ]; do
	dd if=/dev/zero of="$dir/host.bin" bs=1M count="$SIZE" conv=fsync 2>&1 |
		sed -n 's/.*copied, \([0-9.]*\) s,.*/\1/p' |
		awk -v size="$SIZE" '{ print size / $1 }' >>"$dir/h0"
	dd if="$dir/host.bin" of=/dev/null bs=1M 2>&1 |
		sed -n 's/.*copied, \([0-9.]*\) s,.*/\1/p' |
		awk -v size="$SIZE" '{ print size / $1 }' >>"$dir/h1"
	rm -f "$dir/host.bin"
	i=$((i + 1))
done
echo "# ext2 in the guest: $SIZE MiB, $REPS runs, medians (MB/s = 10^6 B/s)"
for f in g0:ext2-write-fsync g1:ext2-read-cold g2:ext2-read-cached h0:host-dd-write-fsync h1:host-dd-read; do
	echo "bench ${f#*:} $(median <"$dir/${f%%:*}") MB/s"
done
