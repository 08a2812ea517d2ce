# ls -C: columns filled top to bottom in the width of COLUMNS (a terminal's
# width comes from TIOCGWINSZ); without a terminal, one name per line.
for n in alpha beta gamma delta epsilon zeta eta theta iota kappa lambda mu; do
	touch $n
done
COLUMNS=40 $BIN/ls -C
echo ---
COLUMNS=20 $BIN/ls -C
echo ---
COLUMNS=200 $BIN/ls -C
echo ---
$BIN/ls | head -n 3
echo ---
COLUMNS=40 $BIN/ls -C -1 | head -n 3
