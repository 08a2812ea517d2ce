# date: default format, +FORMAT, -u, -d @SECONDS; TZ is UTC0 in the tests.
$BIN/date -u -d @0
$BIN/date -d @0
$BIN/date -u -d @1700000000 '+%Y-%m-%d %H:%M:%S %a %j'
$BIN/date -d @86399 +%T%%
TZ=EST5 $BIN/date -d @0
$BIN/date -d @-86400 +%F
$BIN/date -u | grep -c '^[A-Z][a-z][a-z] [A-Z][a-z][a-z] [ 123][0-9] [0-9][0-9]:[0-9][0-9]:[0-9][0-9] UTC [0-9][0-9][0-9][0-9]$'
a=$(date +%s)
b=$($BIN/date +%s)
c=$(date +%s)
test "$a" -le "$b" && test "$b" -le "$c" && echo "+%s is now"
$BIN/date +
echo "rc=$?"
$BIN/date -d tomorrow
echo "rc=$?"
$BIN/date 0101
