# test and [
t() { r=true; "$@" || r="false($?)"; echo "$r: $*" | sed "s|$d|D|g"; }
d=${TMPDIR:-/tmp}/sh_test.$$
mkdir "$d" || exit 1
echo data > "$d/file"; : > "$d/empty"; ln -s file "$d/link"
chmod 755 "$d/file"
t test -e "$d/file"
t test -f "$d"
t test -d "$d"
t [ -s "$d/file" ]
t [ -s "$d/empty" ]
t [ -L "$d/link" ]
t [ -L "$d/file" ]
t [ -x "$d/file" ]
t [ -r "$d/file" ]
t [ -w "$d/file" ]
t [ -e "$d/nope" ]
t [ abc = abc ]
t [ abc != abc ]
t [ -z "" ]
t [ -n "" ]
t [ x ]
t [ "" ]
t [ 3 -eq 3 ]
t [ 3 -ne 3 ]
t [ 2 -lt 10 ]
t [ 2 -le 2 ]
t [ 10 -gt 2 ]
t [ 1 -ge 2 ]
t [ ! -z x ]
t [ a = a -a b = c ]
t [ a = a -o b = c ]
t [ \( a = b \) -o \( c = c \) ]
t [ ! a = a ]
t [ -n x -a -z "" ]
t [ = ]
t [ ! ]
t [ a = ] 2>/dev/null
rm -r "$d"
[ 1 -eq x ] 2>/dev/null; echo "bad int $?"
[ a 2>/dev/null; echo "missing bracket $?"
