# clear writes ESC [ H ESC [ 2 J.
$BIN/clear | $BIN/hexdump -C
$BIN/clear now
