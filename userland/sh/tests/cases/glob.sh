# pathname expansion
d=${TMPDIR:-/tmp}/sh_glob.$$
mkdir "$d" && cd "$d" || exit 1
touch apple banana cherry .hidden a1 a2 b10
mkdir sub; touch sub/x.txt sub/y.txt
echo *
echo a*
echo ?1
echo [ab]*
echo [!ab]*
echo *.none
echo "*"
echo \*
echo .*
echo sub/*.txt
echo */*.txt
x='a*'; echo $x "$x"
for f in b*; do echo "file: $f"; done
echo [a-b]1*
set -- *
echo $#
cd / && rm -r "$d"
