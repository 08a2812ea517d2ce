# arithmetic errors are fatal expansion errors
"$SH" -c 'echo $((1 / 0)); echo after' 2>/dev/null
echo "status $?"
"$SH" -c 'echo $((1 +)); echo after' 2>/dev/null
echo "status $?"
"$SH" -c 'echo $((0 && 1 / 0)) ok'
