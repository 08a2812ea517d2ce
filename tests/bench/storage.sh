#!/bin/sh
# Storage figures for `make bench`: a 64 MiB sequential write and read in
# the guest on an ext2 disk image, small-file create/delete and an ls -R
# walk, beside dd on the host over the same image file and the same
# ubench natively on the host, all in this one run.
set -e
B=${top_builddir:-.}
sim="$B/circlesim"
ub="$B/userland/bin/ubench"
command -v mke2fs >/dev/null 2>&1 || PATH=$PATH:/sbin:/usr/sbin
if ! command -v mke2fs >/dev/null 2>&1; then
	echo "# storage: mke2fs not found (e2fsprogs): skipped"
	exit 0
fi
work=$(mktemp -d "${TMPDIR:-/tmp}/circleos-bench.XXXXXX")
trap 'rm -rf "$work"' EXIT
img=$work/disk.img
mke2fs -q -F -t ext2 -b 4096 "$img" 256M

ns() { date +%s%N; }
mbps() { awk -v b="$1" -v t0="$2" -v t1="$3" 'BEGIN { printf "%.2f", b / ((t1 - t0) / 1e9) / 1e6 }'; }

echo "# storage in the guest: ext2 (4 KiB blocks) on -drive, -smp 2, host clock"
printf '%s\n' 'mkdir -p /mnt && mount -t ext2 /dev/vda /mnt' \
	'export UBENCH_SUFFIX=@guest' \
	'ubench fswrite /mnt' \
	'umount /mnt && mount -t ext2 /dev/vda /mnt' \
	'ubench fsread /mnt' 'ubench fsfiles /mnt' 'ubench fswalk /mnt' \
	'umount /mnt' 'poweroff' |
	"$sim" -smp 2 -m 512M -drive "file=$img" -append quiet |
	tr -d '\r' | grep '^bench '

echo "# the same image file with dd on the host (reference)"
t0=$(ns)
dd if="$img" of=/dev/null bs=1M count=64 2>/dev/null
t1=$(ns)
echo "bench fs_seq_read_64M@host_dd $(mbps 67108864 "$t0" "$t1") MB/s"
t0=$(ns)
dd if=/dev/zero of="$work/dd.out" bs=1M count=64 conv=fsync 2>/dev/null
t1=$(ns)
echo "bench fs_seq_write_64M@host_dd $(mbps 67108864 "$t0" "$t1") MB/s"

echo "# ubench natively on the host's file system (reference)"
mkdir "$work/native"
for b in fswrite fsread fsfiles fswalk; do
	UBENCH_SUFFIX=@native "$ub" $b "$work/native"
done
