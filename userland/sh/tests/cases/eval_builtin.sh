# eval
eval echo hello
cmd='x=5; echo "x is $x"'
eval "$cmd"
echo $x
eval 'for i in 1 2; do echo $i; done'
name=value; eval "echo \$name"
eval 'f() { echo "defined in eval"; }'; f
eval false; echo $?
eval; echo $?
a='$b'; b=final; eval echo $a
