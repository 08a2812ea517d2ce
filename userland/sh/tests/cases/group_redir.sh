# { } groups with redirections, compound redirections
d=${TMPDIR:-/tmp}/sh_grp.$$
mkdir "$d" || exit 1
{ echo a; echo b; } > "$d/f"
cat "$d/f"
{ read one; read two; } < "$d/f"
echo "$two $one"
for i in 1 2 3; do echo $i; done > "$d/g"
cat "$d/g"
while read n; do echo "n$n"; done < "$d/g"
if true; then echo iftrue; fi > "$d/h"
cat "$d/h"
case x in x) echo casered;; esac | cat
x=before; { x=inside; }; echo $x
rm -r "$d"
