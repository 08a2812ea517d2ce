# rm: files, directories only with -r, -f for missing files, "." refused.
touch a b
mkdir -p d/e
touch d/e/f d/g
ln -s d link
$BIN/rm a
echo "rc=$?"
$BIN/rm d
echo "rc=$?"
$BIN/rm link
$BIN/ls
$BIN/rm -r d
echo "rc=$?"
$BIN/ls
$BIN/rm missing b
echo "rc=$?"
$BIN/ls
$BIN/rm -f missing
echo "rc=$?"
$BIN/rm -f
echo "rc=$?"
mkdir sub
$BIN/rm -r . sub/..
echo "rc=$?"
$BIN/rm -R sub
$BIN/ls
$BIN/rm
