# echo: plain, -n, -e escapes, -E, \c, option clusters, non-options.
$BIN/echo hello   world
$BIN/echo -n no newline; echo "|"
$BIN/echo -e 'a\tb\nc\\d'
$BIN/echo -E 'a\tb'
$BIN/echo -e 'stop\chere' more; echo "|"
$BIN/echo -e '\0101\0102\x'
$BIN/echo -ne 'x\n'
$BIN/echo -eE 'no\tescape'
$BIN/echo -x -- -n
$BIN/echo
