# assignments before commands and builtins
x=global
x=tmp true; echo $x
f() { echo "in f: $x"; }
x=forf f; echo "after: $x"
"$SH" -c 'echo "child: $x"'
x=child "$SH" -c 'echo "child: $x"'
unset y
y=z :; echo "special builtin keeps: $y"
