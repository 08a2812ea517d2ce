# variables in arithmetic, assignment operators
a=5 b=3
echo $((a + b)) $(($a * $b)) $((a - -b))
c=$((a += 2)); echo $a $c
: $((a -= 1)) $((a *= 3)) ; echo $a
: $((a /= 4)); echo $a
: $((a %= 3)); echo $a
n=1; : $((n <<= 4)); echo $n; : $((n >>= 2)); echo $n
m=12; : $((m &= 10)); echo $m; : $((m |= 1)); echo $m; : $((m ^= 3)); echo $m
unset u; echo $((u + 1))
e=; echo $((e + 2))
x=3; y=x; echo $(($y))
i=0; while [ $i -lt 5 ]; do i=$((i + 1)); done; echo $i
echo $((q = 7)) $q
echo $((0 && (r = 1))) "[$r]"
echo $((1 || (r = 1))) "[$r]"
