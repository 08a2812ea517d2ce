# hexdump: canonical -C, the default 16-bit words, "*" for repeats, -v,
# -s and -n, several inputs as one stream.
printf 'hello world\nabc\n' > h
$BIN/hexdump -C h
$BIN/hexdump h
printf 'hello' | $BIN/hexdump
$BIN/head -c 64 /dev/zero | $BIN/hexdump -C
$BIN/head -c 40 /dev/zero | $BIN/hexdump
$BIN/head -c 40 /dev/zero | $BIN/hexdump -C -v
$BIN/hexdump -C -s 6 -n 5 h
printf 'abc' | $BIN/hexdump -C h -
: | $BIN/hexdump -C
echo "empty rc=$?"
$BIN/hexdump -C missing h
echo "rc=$?"
$BIN/hexdump -n x h
echo "rc=$?"
$BIN/hexdump -Q h
