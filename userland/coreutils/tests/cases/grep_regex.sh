# grep: basic and extended regular expressions, -F, -w, -x, -e.
printf 'abc\naaa\nab+c\na.c\nabbbc\nword words\nsword\nx|y\n' > r
$BIN/grep 'ab*c' r
echo ---
$BIN/grep 'ab+c' r
echo ---
$BIN/grep -E 'ab+c' r
echo ---
$BIN/grep -F 'a.c' r
$BIN/grep 'a.c' r | $BIN/wc -l
echo ---
$BIN/grep '^a\{3\}$' r
$BIN/grep -E '^a{3}$|^x' r
$BIN/grep 'x|y' r
$BIN/grep -E 'x\|y' r
echo ---
$BIN/grep -w word r
$BIN/grep -w -F word r
$BIN/grep -x abc r
$BIN/grep -x -F 'a.c' r
$BIN/grep -x 'ab' r
echo "rc=$?"
echo ---
$BIN/grep -e aaa -e sword r
$BIN/grep -c "$(printf 'aaa\nabc')" r
$BIN/grep '\(a\)\1' r
$BIN/grep -i -F ABC r
