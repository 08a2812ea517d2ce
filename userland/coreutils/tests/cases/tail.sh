# tail: last 10 lines, -n N, -n +N, -N, -c N, pipes, several files.
seq=1
while [ $seq -le 15 ]; do echo "line $seq"; seq=$((seq + 1)); done > f
printf 'a\nb' > g
$BIN/tail f
echo ---
$BIN/tail -n 2 f
echo ---
$BIN/tail -3 f
echo ---
$BIN/tail -n +14 f
echo ---
$BIN/tail -c 8 f
echo ---
$BIN/tail -n 1 g
echo "|"
echo ---
$BIN/cat f | $BIN/tail -n 2
$BIN/cat f | $BIN/tail -n +15
$BIN/cat f | $BIN/tail -c +50
echo ---
$BIN/tail -n 1 g f
echo ---
$BIN/tail -n 0 f
$BIN/tail -n 100 g
echo "|"
$BIN/tail -n 1 missing f
echo "rc=$?"
$BIN/tail -n 1x f
echo "rc=$?"
$BIN/tail -x f
