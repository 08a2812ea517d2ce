# sync flushes and succeeds; it takes no operands.
$BIN/sync
echo "rc=$?"
$BIN/sync file
