# field splitting on IFS
show() { for a; do printf '<%s>' "$a"; done; echo; }
x=' a  b	c
d '
show $x
IFS=:
y='a::b:'
show $y
y=':a'
show $y
IFS=' :'
y=' : a : b :: c'
show $y
IFS=
show $x
unset IFS
z='*no glob on quoted*'
show "$z"
IFS=o
w=foo
show $w
