# assignments
a=1 b=2 c=$a$b; echo $c
x="a b"; y=$x; echo "$y"
z=*; echo "$z"
w=$(echo sub); echo $w
v=~; [ "$v" = "$HOME" ] && echo "tilde in assignment"
e=; echo "[$e]"
n=$((3+4)); echo $n
q='single'"double"unquoted; echo $q
A=1 B=2; echo $A $B
f=x.y; g=${f%.*}; echo $g
