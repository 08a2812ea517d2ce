# mv: rename, into a directory, several sources, errors.
echo x > a
$BIN/mv a b
$BIN/ls
mkdir d
$BIN/mv b d
$BIN/ls . d
touch c e
$BIN/mv c e d/
$BIN/ls d
$BIN/mv d dir
$BIN/ls
$BIN/mv missing z
echo "rc=$?"
$BIN/mv dir/c nodir/x
echo "rc=$?"
$BIN/mv dir/b dir/e nodir
echo "rc=$?"
mkdir -p p/q
$BIN/mv p p/q
echo "rc=$?"
$BIN/mv -f dir/b top
$BIN/cat top
$BIN/mv dir
