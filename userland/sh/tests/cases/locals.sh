# local variables (extension) and positional parameters as locals
x=global
f() { local x=local1; echo "f: $x"; g; }
g() { echo "g sees: $x"; }
f
echo "after: $x"
h() { local y; y=set; echo "h: $y"; }
h; echo "y=[$y]"
rec() { local n=$1; if [ $n -gt 0 ]; then rec $((n - 1)); fi; echo "n=$n"; }
rec 2
swap() { set -- "$2" "$1"; echo "$1 $2"; }
swap a b
envf() { echo "A=$A"; }
A=tmp envf; echo "A after=[$A]"
