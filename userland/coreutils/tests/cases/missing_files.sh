# Runtime errors name the file: "NAME: PATH: strerror", exit 1 (grep: 2).
for t in cat ls wc head tail stat hexdump rmdir rm; do
	$BIN/$t nosuch
	echo "$t rc=$?"
done
$BIN/grep x nosuch
echo "grep rc=$?"
$BIN/chmod 644 nosuch
echo "chmod rc=$?"
$BIN/cp nosuch x
echo "cp rc=$?"
$BIN/mv nosuch x
echo "mv rc=$?"
$BIN/ln nosuch x
echo "ln rc=$?"
$BIN/touch nodir/x
echo "touch rc=$?"
$BIN/mkdir nodir/x
echo "mkdir rc=$?"
$BIN/env ./nosuch
echo "env rc=$?"
