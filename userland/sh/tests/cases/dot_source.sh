# . and source
d=${TMPDIR:-/tmp}/sh_dot.$$
mkdir "$d" || exit 1
cat > "$d/lib.sh" <<'EOF'
libvar=fromlib
libfunc() { echo "libfunc $1"; }
return 4
echo notreached
EOF
. "$d/lib.sh"
echo "status $? $libvar"
libfunc x
echo 'echo "sourced with $#"' > "$d/b.sh"
source "$d/b.sh"
set -- p q; . "$d/b.sh"
rm -r "$d"
