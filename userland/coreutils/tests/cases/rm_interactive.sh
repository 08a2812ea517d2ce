# rm -i asks on stderr and reads y/n from stdin; "no" keeps the file and
# everything above it, without an error status.
touch x y
printf 'n\ny\n' | $BIN/rm -i x y
echo " rc=$?"
$BIN/ls
mkdir -p q/r
touch q/r/s q/t
printf 'y\ny\nn\ny\n' | $BIN/rm -ri q
echo " rc=$?"
$BIN/ls -R q
printf 'y\n' | $BIN/rm -fi q/r/s
echo " rc=$?"
$BIN/rm -rf q
$BIN/ls
