# tail -f prints what is appended to a file later (it looks once a second).
printf 'first\n' > log
$BIN/tail -f log > out &
pid=$!
$BIN/sleep 0.5
printf 'second\n' >> log
$BIN/sleep 2.5
kill $pid
wait $pid 2>/dev/null
$BIN/cat out
printf 'a\nb\n' | $BIN/tail -f -n 1
echo "pipe: rc=$?"
