# grep -r: searches trees in name order, naming each file; links skipped.
mkdir -p top/sub top/b
echo 'needle one' > top/a
echo 'needle two' > top/sub/c
echo 'hay' > top/b/d
ln -s a top/link
$BIN/grep -r needle top
echo ---
cd top
$BIN/grep -r needle
echo ---
$BIN/grep -rh needle .
echo ---
$BIN/grep -rc needle sub
echo ---
$BIN/grep -rl needle . sub
echo ---
$BIN/grep -r needle a
$BIN/grep -r nothing .
echo "rc=$?"
