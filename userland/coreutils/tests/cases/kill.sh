# kill: -l lists and translates signals; signals by name and number.
$BIN/kill -l
$BIN/kill -l 9 15 137
$BIN/kill -l KILL sigterm
$BIN/sleep 10 &
p=$!
$BIN/kill $p
wait $p 2>/dev/null
echo "default (TERM): $?"
$BIN/sleep 10 &
p=$!
$BIN/kill -9 $p
wait $p 2>/dev/null
echo "-9: $?"
$BIN/sleep 10 &
p=$!
$BIN/kill -s HUP $p
wait $p 2>/dev/null
echo "-s HUP: $?"
$BIN/sleep 10 &
p=$!
$BIN/kill -SIGUSR1 -- $p
wait $p 2>/dev/null
echo "-SIGUSR1: $?"
$BIN/kill -0 $$
echo "-0 self: $?"
$BIN/kill 2147483647
echo "rc=$?"
$BIN/kill -FOO 1
echo "rc=$?"
$BIN/kill abc
echo "rc=$?"
$BIN/kill -l 99
echo "rc=$?"
$BIN/kill -9
