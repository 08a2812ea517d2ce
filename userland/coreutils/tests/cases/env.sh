# env: print, -i, NAME=VALUE, -u, run a command from PATH, 127 and 126.
$BIN/env -i A=1 B=two
$BIN/env -i FOO=bar $BIN/env
$BIN/env -i PATH="$BIN" X=1 env | sed "s|$BIN|BIN|"
FOO=1 $BIN/env -u FOO $BIN/env | grep -c '^FOO='
FOO=1 $BIN/env FOO=2 $BIN/env | grep '^FOO='
$BIN/env -i X=5 /bin/sh -c 'echo "sh got X=$X"'
$BIN/env -i - Y=1
PATH=/usr/bin:/bin $BIN/env nosuchcmd arg
echo "rc=$?"
touch notexec
$BIN/env ./notexec
echo "rc=$?"
$BIN/env $BIN/false
echo "false via env: $?"
$BIN/env -Z
