# mount prints /proc/mounts without arguments; mount and umount report the
# target on errors.
$BIN/mount > m1
cat /proc/mounts > m2
cmp m1 m2 && echo "same as /proc/mounts"
$BIN/mount -t tmpfs -o size=1m,nosuid none missing
echo "rc=$?"
$BIN/mount -o bind missing1 missing2
echo "rc=$?"
$BIN/umount missing
echo "rc=$?"
$BIN/umount -l missing
echo "rc=$?"
$BIN/mount onlyone
echo "rc=$?"
$BIN/mount a b c
echo "rc=$?"
$BIN/umount
