# ln: hard links, -s symbolic links, -f replaces, into a directory.
echo hi > t
$BIN/ln t h
$BIN/stat -c '%n %h' t h
$BIN/ln -s t s
$BIN/stat -c %N s
$BIN/cat s
$BIN/ln -s t s
echo "rc=$?"
$BIN/ln -sf h s
$BIN/stat -c %N s
mkdir d
$BIN/ln -s ../t d
$BIN/stat -c %N d/t
$BIN/cat d/t
mkdir d2
$BIN/ln t h d2
$BIN/ls d2
$BIN/ln missing x
echo "rc=$?"
$BIN/ln t h nodir
echo "rc=$?"
$BIN/ln -s dangling dl
$BIN/stat -c %N dl
$BIN/ln -sf t d2
echo "rc=$?"
$BIN/ln -q t u
