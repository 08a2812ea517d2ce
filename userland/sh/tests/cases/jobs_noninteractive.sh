# jobs in a script
sleep 1 &
jobs | sed 's/[0-9][0-9]*  */N /; s/ *sleep 1.*/ sleep/' | head -n 1 >/dev/null
kill %1 2>/dev/null
wait
fg 2>/dev/null; echo "fg without job control: $?"
echo done
