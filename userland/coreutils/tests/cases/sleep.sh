# sleep: whole and fractional seconds, suffixes, several arguments summed.
$BIN/sleep 0
echo "rc=$?"
$BIN/sleep 0.1
echo "rc=$?"
($BIN/sleep 1; echo slow) &
($BIN/sleep 0.2; echo fast) &
wait
$BIN/sleep .1 0.05s 0.001m
echo "rc=$?"
$BIN/sleep 1x
echo "rc=$?"
$BIN/sleep abc
echo "rc=$?"
$BIN/sleep -- -1
echo "rc=$?"
$BIN/sleep
