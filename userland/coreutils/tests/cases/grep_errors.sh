# grep: errors make the status 2 (even with matches), except -q with a match;
# -s hides messages about files.
printf 'foo\n' > f
$BIN/grep foo missing f
echo "rc=$?"
$BIN/grep -s foo missing f
echo "rc=$?"
$BIN/grep -q foo missing f
echo "rc=$?"
$BIN/grep -q foo f missing
echo "rc=$?"
mkdir d
$BIN/grep foo d
echo "rc=$?"
$BIN/grep 'a\(' f
echo "rc=$?"
$BIN/grep -E 'a{1' f
echo "rc=$?"
$BIN/grep -E '(' f
echo "rc=$?"
$BIN/grep
echo "rc=$?"
$BIN/grep -Z foo f
