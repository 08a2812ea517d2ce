# cat: files in order, "-" for stdin, stdin by default, errors go on.
printf 'one\ntwo\n' > a
printf 'three\n' > b
$BIN/cat a b
printf 'piped\n' | $BIN/cat a - b
$BIN/cat < b
$BIN/cat -u -- a
$BIN/cat a missing b
echo "rc=$?"
mkdir d
$BIN/cat d
echo "rc=$?"
printf 'no newline' | $BIN/cat
echo
$BIN/cat -n a
