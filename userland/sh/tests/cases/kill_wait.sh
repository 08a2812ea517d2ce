# kill and wait with pids and %jobs
sleep 10 &
p=$!
kill -0 $p && echo alive
kill -TERM $p
{ wait $p; } 2>/dev/null; echo "status $?"
sleep 10 &
kill -s KILL %1
{ wait %1; } 2>/dev/null; echo "status $?"
(exit 3) &
wait $!; echo "status $?"
sleep 0 & sleep 0 &
wait; echo "all waited $?"
kill -l 9
kill -l TERM 2>/dev/null || true
wait 999999 2>/dev/null; echo "unknown pid $?"
