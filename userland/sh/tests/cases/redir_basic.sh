# > >> < and file creation
d=${TMPDIR:-/tmp}/sh_redir.$$
mkdir "$d" || exit 1
echo one > "$d/f"
echo two >> "$d/f"
cat < "$d/f"
> "$d/empty"
[ -f "$d/empty" ] && [ ! -s "$d/empty" ] && echo empty created
wc -l < "$d/f"
echo three 1>"$d/g"; cat "$d/g"
cat "$d/f" "$d/nosuch" 2>"$d/err" >"$d/out"; echo "status $?"
cat "$d/out"
[ -s "$d/err" ] && echo err captured
echo rw <> "$d/rw"; cat "$d/rw"
set -C
(echo no > "$d/f") 2>/dev/null || echo clobber refused
echo yes >| "$d/f"; cat "$d/f"
set +C
(cat < "$d/nosuch") 2>/dev/null || echo "input failed"
rm -r "$d"
