# break and continue with levels
for i in 1 2 3 4 5; do
	[ $i -eq 2 ] && continue
	[ $i -eq 4 ] && break
	echo "i=$i"
done
for i in 1 2 3; do
	for j in 1 2 3; do
		[ $j -eq 2 ] && continue 2
		[ $i -eq 3 ] && break 2
		echo "$i.$j"
	done
	echo notreached
done
i=0
while true; do
	i=$((i + 1))
	[ $i -gt 3 ] && break
	echo "loop $i"
done
for a in x y; do
	while true; do
		echo "inner $a"
		break
	done
done
for i in 1 2 3; do for j in 1 2; do for k in 1 2; do [ $k = 2 ] && continue 3; echo $i$j$k; done; done; done
f() { for i in 1 2 3; do [ $i = 2 ] && return 9; echo "f$i"; done; }
f; echo "ret $?"
