# set -f disables pathname expansion
d=${TMPDIR:-/tmp}/sh_nog.$$
mkdir "$d" && cd "$d" || exit 1
touch a1 a2
echo a*
set -f
echo a*
set +f
echo a?
cd / && rm -r "$d"
