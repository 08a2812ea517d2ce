# chmod -R changes a whole tree, but not through symbolic links inside it.
mkdir -p d/e
touch d/e/g d/h outside
ln -s ../../outside d/e/link
$BIN/chmod 600 outside
$BIN/chmod -R 700 d
$BIN/stat -c '%n %a' d d/e d/e/g d/h outside
$BIN/chmod 600 d/e/g
$BIN/chmod -R a+rX d
$BIN/stat -c '%n %a' d d/e d/e/g d/h outside
$BIN/chmod -R go-rwx d missing
echo "rc=$?"
$BIN/stat -c '%n %a' d d/e/g
