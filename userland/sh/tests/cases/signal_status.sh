# a child killed by a signal gives 128+N
"$SH" -c 'kill -9 $$' 2>/dev/null
echo "status $?"
"$SH" -c 'kill -15 $$' 2>/dev/null
echo "status $?"
sleep 5 &
kill $!
{ wait $!; } 2>/dev/null
echo "wait status $?"
