# case stops at the first match; patterns are expanded
x=hello
case $x in
h*) echo first ;;
*llo) echo second ;;
esac
y=ell
case $x in *$y*) echo "var in pattern";; esac
case $x in *"$y"*) echo "quoted var in pattern";; esac
case "$x" in $(echo hello)) echo "cmdsub pattern";; esac
case 3 in $((1+2))) echo "arith pattern";; esac
