# Tools that need operands print their usage and exit 2 without them.
for t in cp mv ln mkdir rmdir rm touch chmod stat kill sleep grep umount; do
	$BIN/$t
	echo "$t rc=$?"
done
$BIN/cp onlyone
echo "cp rc=$?"
$BIN/mv onlyone
echo "mv rc=$?"
$BIN/chmod 755
echo "chmod rc=$?"
$BIN/mount onlyone
echo "mount rc=$?"
$BIN/kill -s
echo "kill rc=$?"
$BIN/head -n
echo "head rc=$?"
