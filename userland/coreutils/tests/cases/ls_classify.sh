# ls -F: / for directories, * executables, @ links, | fifos.
mkdir d
touch f x
$BIN/chmod 755 x
ln -s f l
mkfifo p
$BIN/ls -F
echo ---
$BIN/ls -F d/
echo ---
$BIN/ls -lF | awk 'NR > 1 {print substr($1, 1, 1), $9, $10, $11}'
echo ---
$BIN/ls l
$BIN/ls -F l
