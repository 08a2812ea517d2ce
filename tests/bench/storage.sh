#!/bin/sh
# Storage figures for `make bench`, all from this one run: in the guest
# (-smp 2, host clock) on an ext2 image given with -drive, ubench writes a
# 64 MiB file sequentially (fsync included), reads it back cold (after a
# remount) and warm, creates and deletes 10,000 small files, and walks a
# tree of 10,000 files as ls -R does, cold; REPS times each. On the host,
# dd writes and reads 64 MiB of the same image file. Prints medians as
# "bench NAME VALUE UNIT" (MB/s are 10^6 bytes a second), and the cold
# read over the host read (the goal is 0.5 or more). Figures only: never
# a pass or a fail.
set -e
B=${top_builddir:-.}
REPS=${REPS:-5}
command -v mke2fs >/dev/null 2>&1 || PATH=$PATH:/sbin:/usr/sbin
if ! command -v mke2fs >/dev/null 2>&1; then
	echo "# storage: mke2fs not found (e2fsprogs): skipped"
	exit 0
fi
work=$(mktemp -d "${TMPDIR:-/tmp}/circleos-storage.XXXXXX")
trap 'rm -rf "$work"' EXIT
img=$work/disk.img
truncate -s 256M "$img"
mke2fs -q -F -t ext2 -b 4096 "$img" >/dev/null

# The guest's script: each figure REPS times, each read from a fresh mount.
{
	echo 'mkdir -p /mnt && mount -t ext2 /dev/vda /mnt'
	i=0
	while [ $i -lt "$REPS" ]; do
		echo 'UBENCH_SUFFIX=@guest ubench fswrite /mnt'
		echo 'umount /mnt && mount -t ext2 /dev/vda /mnt'
		echo 'UBENCH_SUFFIX=@guest_cold ubench fsread /mnt'
		echo 'UBENCH_SUFFIX=@guest_warm ubench fsread /mnt'
		echo 'rm /mnt/seq'
		echo 'UBENCH_SUFFIX=@guest ubench fsfiles /mnt'
		echo 'UBENCH_SUFFIX=@guest_build ubench fswalk /mnt'
		echo 'umount /mnt && mount -t ext2 /dev/vda /mnt'
		echo 'UBENCH_SUFFIX=@guest_cold ubench fswalk /mnt'
		i=$((i + 1))
	done
	echo 'umount /mnt'
	echo 'poweroff'
} >"$work/script"
"$B/circlesim" -smp 2 -m 512M -drive "file=$img" -append quiet \
	<"$work/script" | tr -d '\r' | grep '^bench ' >"$work/all" || true
if ! e2fsck -fn "$img" >"$work/fsck" 2>&1; then
	echo "# storage: e2fsck finds the image damaged after the run:"
	sed 's/^/#   /' "$work/fsck"
fi

# The host: dd over the same image file (now in the host's page cache),
# writing over the file system the guest no longer needs.
secs() { sed -n 's/.* copied, \([0-9.e-]*\) s,.*/\1/p'; }
i=0
while [ $i -lt "$REPS" ]; do
	dd if=/dev/zero of="$img" bs=1M count=64 conv=notrunc,fsync 2>&1 |
		secs | awk '{ printf "bench fs_seq_write_64M@host_dd %.2f MB/s\n", 67108864 / $1 / 1e6 }'
	dd if="$img" of=/dev/null bs=1M count=64 2>&1 |
		secs | awk '{ printf "bench fs_seq_read_64M@host_dd %.2f MB/s\n", 67108864 / $1 / 1e6 }'
	i=$((i + 1))
done >>"$work/all"

# Medians by name, in the order of first appearance; then the ratio.
echo "# storage: ext2 (4 KiB blocks) on -drive in the guest (-smp 2, host clock)"
echo "# against dd on the host over the same image file; medians of $REPS runs"
grep -v '@guest_build' "$work/all" | awk '
	!($2 in n) { order[++k] = $2; unit[$2] = $4 }
	{ v[$2, ++n[$2]] = $3 }
	END {
		for (i = 1; i <= k; i++) {
			name = order[i]
			m = n[name]
			for (a = 2; a <= m; a++)	# insertion sort
				for (b = a; b > 1 && v[name, b - 1] > v[name, b]; b--) {
					t = v[name, b]; v[name, b] = v[name, b - 1]
					v[name, b - 1] = t
				}
			if (m % 2)
				med[name] = v[name, (m + 1) / 2]
			else
				med[name] = (v[name, m / 2] + v[name, m / 2 + 1]) / 2
			printf "bench %s " (unit[name] == "s" ? "%.3f" : "%.2f") " %s\n",
				name, med[name], unit[name]
		}
		g = med["fs_seq_read_64M@guest_cold"]
		h = med["fs_seq_read_64M@host_dd"]
		if (g > 0 && h > 0)
			printf "bench fs_seq_read_guest_cold_over_host %.2f x\n", g / h
	}'
