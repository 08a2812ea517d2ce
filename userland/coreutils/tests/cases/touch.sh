# touch: create, -c, -a and -m, -d @SECONDS, -r FILE.
$BIN/touch a
$BIN/ls
$BIN/touch -c b
echo "rc=$?"
$BIN/ls
$BIN/touch -d @1234567890 a
$BIN/stat -c '%X %Y' a
$BIN/touch -m -d @1000 a
$BIN/stat -c '%X %Y' a
$BIN/touch -a -d @2000 a
$BIN/stat -c '%X %Y' a
$BIN/touch -d @5000 ref
$BIN/touch -r ref a new
$BIN/stat -c '%n %X %Y' a new
$BIN/touch a
test "$($BIN/stat -c %Y a)" -gt 1000000000 && echo "now"
mkdir d
$BIN/touch -d @3000 d
$BIN/stat -c '%n %Y' d
$BIN/touch nodir/x
echo "rc=$?"
$BIN/touch -r missing a
echo "rc=$?"
$BIN/touch -d yesterday a
echo "rc=$?"
$BIN/touch -x a
