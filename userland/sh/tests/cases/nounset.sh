# set -u
set -u
x=1
echo $x ${y:-default} ${y-d2}
echo "$@" "$#"
( echo $undefined ) 2>/dev/null || echo "unset is an error: $?"
"$SH" -c 'set -u; echo ${zz}; echo no' 2>/dev/null; echo "status $?"
set +u
echo "[$undefined]"
