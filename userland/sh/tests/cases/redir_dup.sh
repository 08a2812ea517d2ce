# n>&m, n<&m, n>&-, 2>&1 ordering
d=${TMPDIR:-/tmp}/sh_dup.$$
mkdir "$d" || exit 1
{ echo out; echo err >&2; } > "$d/both" 2>&1
sort "$d/both"
{ echo out; echo err >&2; } 2>&1 > "$d/only" | sed 's/^/pipe: /'
cat "$d/only"
exec 3> "$d/three"
echo to three >&3
echo more >&3
exec 3>&-
cat "$d/three"
exec 4< "$d/three"
read l <&4; echo "read: $l"
read l <&4; echo "read: $l"
exec 4<&-
(echo closed >&4) 2>/dev/null || echo "fd 4 closed"
(echo x >&-) 2>/dev/null; echo "status nonzero: $(( $? != 0 ))"
echo viafive 5>&1 >&5
ls /nonexistent_dir_xyz 2>/dev/null || echo "ls failed quietly"
rm -r "$d"
