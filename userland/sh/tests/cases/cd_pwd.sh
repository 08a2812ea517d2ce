# cd and pwd, $PWD and $OLDPWD
d=${TMPDIR:-/tmp}/sh_cd.$$
mkdir -p "$d/a/b" || exit 1
cd "$d"
[ "$(pwd)" = "$d" ] && echo "pwd ok"
cd a/b; echo "${PWD#$d}"
cd ..; echo "${PWD#$d}"
cd - >/dev/null; cd - >/dev/null; echo "${PWD#$d} ${OLDPWD#$d}"
HOME=$d/a; cd; echo "${PWD#$d}"
cd "$d/nonexistent" 2>/dev/null || echo "cd failed"
cd /; rm -r "$d"
pwd
