# grep: -i -v -c -n -l -q, several files, stdin, and the exit status.
printf 'foo bar\nFoo\nfoobar\nbaz\n\n' > g1
printf 'hello world\nfoo\n' > g2
$BIN/grep foo g1
echo "rc=$?"
$BIN/grep -i foo g1
$BIN/grep -n -i FOO g1
$BIN/grep -v foo g1
echo ---
$BIN/grep -c foo g1 g2
$BIN/grep -c -v foo g1
$BIN/grep foo g1 g2
$BIN/grep -h foo g1 g2
$BIN/grep -H baz g1
$BIN/grep -l foo g1 g2
$BIN/grep -l baz g1 g2
echo ---
$BIN/grep -q foo g1
echo "q match rc=$?"
$BIN/grep -q nothing g1
echo "q none rc=$?"
$BIN/grep nothing g1
echo "none rc=$?"
printf 'in\nout\n' | $BIN/grep -n u
printf 'in\nout\n' | $BIN/grep -H in -
$BIN/grep '' g2
