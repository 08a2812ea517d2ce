# wc: lines, words, bytes; GNU's column widths; a total for several files.
printf 'hello world\nfoo\n' > w1
printf 'x\n' > w2
printf 'no newline' > w3
$BIN/wc w1
$BIN/wc -l w1
$BIN/wc w1 w2 w3
$BIN/wc -l w1 w2
$BIN/wc -w -c w1
$BIN/cat w1 | $BIN/wc
$BIN/cat w1 | $BIN/wc -l
$BIN/wc -c w1 - < w2
printf '  lead  and\ttabs \n\n' | $BIN/wc
: | $BIN/wc
$BIN/wc w1 missing w2
echo "rc=$?"
$BIN/wc -m w1
$BIN/wc -x w1
