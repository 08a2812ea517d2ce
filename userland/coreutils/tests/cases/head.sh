# head: first 10 lines, -n N, -N, -c N, headers for several files.
seq=1
while [ $seq -le 15 ]; do echo "line $seq"; seq=$((seq + 1)); done > f
printf 'a\nb\n' > g
$BIN/head f
echo ---
$BIN/head -n 3 f
echo ---
$BIN/head -2 f
echo ---
$BIN/head -c 8 f
echo "|"
echo ---
$BIN/head -n 1 f g
echo ---
$BIN/cat f | $BIN/head -n 2
echo ---
$BIN/head -n 0 f
$BIN/head -n 100 g
echo ---
$BIN/head -n 1 g missing f
$BIN/head -n 1 missing g
echo "rc=$?"
$BIN/head -n x f
echo "rc=$?"
$BIN/head -n -1 f
