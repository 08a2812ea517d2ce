# ps: header, sorted pids, a known child with its state, parent and command.
$BIN/ps | head -n 1
$BIN/sleep 10 &
pid=$!
$BIN/sleep 0.3
$BIN/ps | awk -v p=$pid '$1 == p' | sed "s|$BIN/||" |
	awk -v pp=$$ '{print "child:", ($2 == pp ? "ppid ok" : "ppid " $2), $3, $4, $5}'
$BIN/ps | awk 'NR > 1 { if ($1 + 0 <= last) bad = 1; last = $1 + 0 }
	END { print bad ? "not sorted" : "sorted by pid" }'
$BIN/ps -ef | awk -v p=$pid '$1 == p {print "ps -ef lists it too"}'
kill $pid
$BIN/ps extra
