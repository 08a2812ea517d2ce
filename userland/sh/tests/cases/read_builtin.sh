# read with IFS, -r and several names
printf 'a b c d\n' | { read x y; echo "x=$x y=$y"; }
printf '  lead  trail  \n' | { read v; echo "[$v]"; }
printf 'a:b:c\n' | { IFS=: read x y z; echo "$x|$y|$z"; }
printf 'one\ntwo\n' | { read a; read b; echo "$b $a"; }
printf 'x\\ y z\n' | { read a b; echo "[$a][$b]"; }
printf 'x\\ y z\n' | { read -r a b; echo "[$a][$b]"; }
printf 'last' | { read l; echo "status $? [$l]"; }
printf '\n' | { read e; echo "status $? [$e]"; }
printf 'a b\n' | { read; echo "[$REPLY]"; }
