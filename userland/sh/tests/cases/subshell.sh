# subshells do not change the parent
x=1
(x=2; echo "in $x")
echo "out $x"
(cd /; pwd)
[ "$(pwd)" != / ] && echo cwd kept
(exit 7); echo $?
(set -- a b; echo $#); echo $#
f() { echo f; }
(unset -f f; f 2>/dev/null || echo gone)
f
y=$(x=3; echo $x); echo "$y $x"
(trap 'echo sub exit' EXIT; echo body)
echo $( (echo nested sub) )
( (exit 4) ); echo $?
