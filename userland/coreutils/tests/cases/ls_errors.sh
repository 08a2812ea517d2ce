# ls: a missing operand is reported, the others are still listed, exit 1.
touch a
mkdir d
touch d/inside
$BIN/ls a missing d
echo "rc=$?"
$BIN/ls -l missing
echo "rc=$?"
$BIN/ls -x
