# cp: file to file, into a directory, several sources, -p, errors.
printf 'data\n' > a
$BIN/cp a b
$BIN/cat b
mkdir d
$BIN/cp a b d
$BIN/cp a d/c
$BIN/ls d
$BIN/cp a a
echo "rc=$?"
$BIN/cp a b nodir
echo "rc=$?"
$BIN/cp d e
echo "rc=$?"
$BIN/chmod 640 a
$BIN/touch -d @1000000000 a
$BIN/cp -p a p
$BIN/stat -c '%n %a %Y' p
$BIN/cp a np
$BIN/stat -c '%n %a' np
test "$($BIN/stat -c %Y np)" != 1000000000 && echo "np has a new time"
printf 'longer old contents\n' > old
$BIN/cp a old
$BIN/cat old
$BIN/cp -Z a b
