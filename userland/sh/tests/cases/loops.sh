# while, until, for
i=0
while [ $i -lt 3 ]; do echo "w$i"; i=$((i + 1)); done
until [ $i -eq 0 ]; do i=$((i - 1)); echo "u$i"; done
for x in a b "c d"; do echo "f:$x"; done
for x in; do echo never; done
for x
do
	echo never either
done
set -- p q
for x; do echo "pos:$x"; done
for x in $(echo 1 2); do echo "sub:$x"; done
while false; do :; done; echo "status $?"
n=0; while n=$((n+1)); [ $n -le 2 ]; do echo "multi $n"; done
for i in 1 2; do for j in a b; do echo "$i$j"; done; done
