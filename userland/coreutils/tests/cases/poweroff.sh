# poweroff and reboot: argument errors, and the real call failing without
# privilege.  reboot(2) is only ever called with every capability dropped.
$BIN/poweroff abc
echo "rc=$?"
$BIN/poweroff 1 2
echo "rc=$?"
$BIN/reboot now
echo "rc=$?"
$BIN/poweroff --help
echo "rc=$?"
caps() {
	$1 sh -c 'grep "^CapEff:" /proc/self/status' 2>/dev/null | awk '{print $2}'
}
drop=none
for w in "" "unshare -U" "setpriv --reuid=65534 --regid=65534 --clear-groups"; do
	if [ "$(caps "$w")" = 0000000000000000 ]; then
		drop=$w
		break
	fi
done
if [ "$drop" = none ]; then
	echo "cannot drop privileges here: reboot(2) not tried"
	exit 1
fi
$drop $BIN/poweroff 3
echo "poweroff rc=$?"
$drop $BIN/poweroff -f
echo "poweroff -f rc=$?"
$drop $BIN/reboot
echo "reboot rc=$?"
