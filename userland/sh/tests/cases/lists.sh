# ; & && || and grouping
true && echo a1 || echo a2
false && echo b1 || echo b2
false || false || echo c
true && true && echo d
false && echo never; echo after
x=0; true || x=1; echo $x
echo one; echo two
sleep 0 & wait $!; echo "bg status $?"
(exit 3) & wait $!; echo "waited $?"
{ echo g1; echo g2; } | cat
{ false; } || echo grp-false
echo first &&
echo continued
