# true and false ignore their arguments.
$BIN/true
echo "true: $?"
$BIN/true --help -x extra
echo "true with args: $?"
$BIN/false
echo "false: $?"
$BIN/false --help -x extra
echo "false with args: $?"
