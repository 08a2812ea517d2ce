# functions, positional parameters, return, recursion
greet() {
	echo "hello $1 ($# args)"
}
greet world extra
args() { echo "$# [$*]"; for a in "$@"; do echo "<$a>"; done; }
args "a b" c ""
set -- outer1 outer2
args2() { echo "inside: $1"; }
args2 in1
echo "outside: $1 $#"
ret() { return $1; }
ret 3; echo $?
ret 0; echo $?
noret() { false; }
noret; echo $?
fib() {
	if [ $1 -le 1 ]; then echo $1; return; fi
	echo $(( $(fib $(($1 - 1))) + $(fib $(($1 - 2))) ))
}
fib 10
counter=0
inc() { counter=$((counter + 1)); }
inc; inc; inc; echo "counter=$counter"
outer() { inner() { echo "inner defined"; }; inner; }
outer; inner
redef() { echo v1; }; redef; redef() { echo v2; }; redef
withredir() { echo "to stderr"; } >&2
withredir 2>&1
sub() ( echo "subshell body"; exit 2 )
sub; echo "status $?"
echo_args() { shift 2; echo "$@"; }
echo_args 1 2 3 4
