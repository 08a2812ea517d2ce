#!/bin/sh
# Disks in the guest (virtual clock, four drives): /dev/vda reads what the
# host file holds, at any offset; a write followed by sync changes the
# image there and nowhere else; snapshot=on shows the guest its writes
# but leaves the image byte-identical; readonly=on refuses writes with
# EROFS; busybox mke2fs on /dev/vdd makes a file system e2fsck finds
# clean. The same run twice prints the same transcript, down to the disk
# statistics and the uptime (completions come at fixed guest times).
command -v e2fsck >/dev/null 2>&1 || PATH=$PATH:/sbin:/usr/sbin
t=$(mktemp -d "${TMPDIR:-/tmp}/disk-test.XXXXXX") || exit 1
trap 'rm -rf "$t"' EXIT
fail=0
no() { echo "FAIL: $*"; fail=1; }

head -c 1048576 /dev/urandom >"$t/data.orig"
head -c 262144 /dev/urandom >"$t/snap.orig"
head -c 262144 /dev/urandom >"$t/ro.orig"
cat >"$t/in" <<'EOF'
busybox blockdev --getsize64 /dev/vda; busybox blockdev --getss /dev/vda
busybox blockdev --getro /dev/vda; busybox blockdev --getro /dev/vdc
busybox md5sum /dev/vda /dev/vdb /dev/vdc
busybox dd if=/dev/vda bs=1 skip=1000 count=3000 2>/dev/null | busybox md5sum
busybox dd if=/dev/vda bs=4096 skip=255 2>/dev/null | busybox wc -c
busybox dd if=/dev/vda bs=65536 2>/dev/null | busybox md5sum
busybox head -c 65536 /dev/urandom >/tmp/r; busybox md5sum </tmp/r
busybox dd if=/tmp/r of=/dev/vda bs=65536 seek=8 conv=notrunc 2>/dev/null; echo dd $?
printf hello-vda | busybox dd of=/dev/vda bs=1 seek=5000 conv=notrunc 2>/dev/null; echo dd $?
printf hello-snap | busybox dd of=/dev/vdb bs=512 seek=3 conv=notrunc 2>/dev/null; echo dd $?
busybox dd if=/dev/vdb bs=512 skip=3 count=1 2>/dev/null | busybox head -c 10; echo
printf x | busybox dd of=/dev/vdc bs=1 seek=7 conv=notrunc; echo dd $?
busybox mke2fs -q /dev/vdd >/dev/null; echo mke2fs $?
sync; echo sync $?
cat /proc/partitions
cat /proc/diskstats /proc/uptime
poweroff
EOF

run() {
	cp "$t/data.orig" "$t/data.img"
	cp "$t/snap.orig" "$t/snap.img"
	cp "$t/ro.orig" "$t/ro.img"
	head -c 8388608 /dev/zero >"$t/fs.img"
	"$CIRCLESIM" -clock virtual -seed 7 -smp 2 -timeout 120 -append quiet \
		-drive file="$t/data.img" -drive file="$t/snap.img",snapshot=on \
		-drive file="$t/ro.img",readonly=on -drive file="$t/fs.img" \
		<"$t/in" >"$t/$1.out" 2>&1
	echo "exit status $?" >>"$t/$1.out"
}
run a
out=$(tr -d '\r' <"$t/a.out")
has() { printf '%s\n' "$out" | grep -qxF -- "$1" || no "guest output lacks '$1'"; }

md5() { md5sum | cut -d' ' -f1; }
has "1048576"
has "512"
has "0"
has "1"
has "$(md5 <"$t/data.orig")  /dev/vda"
has "$(md5 <"$t/snap.orig")  /dev/vdb"
has "$(md5 <"$t/ro.orig")  /dev/vdc"
has "$(dd if="$t/data.orig" bs=1 skip=1000 count=3000 2>/dev/null | md5)  -"
has "4096"
has "$(md5 <"$t/data.orig")  -"
has "dd 0"
has "hello-snap"
has "dd: can't open '/dev/vdc': Read-only file system"
has "dd 1"
has "mke2fs 0"
has "sync 0"
has " 254        0       1024 vda"
has " 254       48       8192 vdd"
has "exit status 0"

# The write landed at byte 5000 of the image and nowhere else.
[ "$(dd if="$t/data.img" bs=1 skip=5000 count=9 2>/dev/null)" = hello-vda ] ||
	no "data.img does not hold hello-vda at 5000"
cmp -s -n 5000 "$t/data.img" "$t/data.orig" || no "data.img changed before 5000"
# 64 KiB of the guest's random bytes at 512 KiB: the guest printed their
# md5 before writing them.
has "$(dd if="$t/data.img" bs=65536 skip=8 count=1 2>/dev/null | md5)  -"
cmp -s -i 5009 -n $((524288 - 5009)) "$t/data.img" "$t/data.orig" ||
	no "data.img changed between 5009 and 512 KiB"
cmp -s -i 589824 "$t/data.img" "$t/data.orig" || no "data.img changed after 576 KiB"
cmp -s "$t/snap.img" "$t/snap.orig" || no "snapshot=on changed snap.img"
cmp -s "$t/ro.img" "$t/ro.orig" || no "readonly=on changed ro.img"
if command -v e2fsck >/dev/null 2>&1; then
	e2fsck -fn "$t/fs.img" >"$t/fsck.out" 2>&1 ||
		{ cat "$t/fsck.out"; no "e2fsck -fn fs.img: status $?"; }
else
	echo "e2fsck not found: fs.img not checked"
fi

run b
cmp -s "$t/a.out" "$t/b.out" || {
	diff -u "$t/a.out" "$t/b.out" | head -40
	no "two runs with -seed 7 differ"
}
[ $fail -ne 0 ] && cat "$t/a.out"
[ $fail -eq 0 ] && echo "disks: reads, writes, snapshot, read-only, mke2fs, determinism ok"
exit $fail
