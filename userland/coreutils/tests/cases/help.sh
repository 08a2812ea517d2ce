# --help prints the usage line on stdout and exits 0.
for t in ls grep cp chmod hexdump poweroff; do
	$BIN/$t --help 2>/dev/null
	echo "$t rc=$?"
done
