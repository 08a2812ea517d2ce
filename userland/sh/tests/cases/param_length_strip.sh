# ${#v} and the four pattern-removal forms
v=/usr/local/lib/archive.tar.gz
echo ${#v}
echo ${v#*/} ${v##*/}
echo ${v%.*} ${v%%.*}
echo ${v#/usr} ${v%.gz}
echo ${v#nomatch}
x=aaa
echo ${x#a} ${x##a} ${x%a} ${x%%a} ${x#*} ${x##*}
p='*'
y='a*b'
echo ${y#*"$p"} ${y%"*"b}
z=abcabc
echo ${z#[ab]} ${z%[bc]} ${z##?b} ${z%%b*}
empty=
echo "[${#empty}]" ${#z}
set -- one two three
echo ${#} ${#1}
