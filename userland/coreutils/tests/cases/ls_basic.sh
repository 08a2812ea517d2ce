# ls: sorted names, hidden files, -a, -A, -1, -d, files before directories.
touch b a c .hidden
mkdir dir
touch dir/x dir/.y
$BIN/ls
echo ---
$BIN/ls -a
echo ---
$BIN/ls -A
echo ---
$BIN/ls -1 dir
echo ---
$BIN/ls -a dir
echo ---
$BIN/ls c dir a
echo ---
$BIN/ls -d dir a
echo ---
$BIN/ls -d
echo ---
$BIN/ls dir/x dir/.y
echo ---
mkdir empty
$BIN/ls empty
$BIN/ls -l empty
