# if / elif / else
for n in 1 2 3 4; do
	if [ $n -eq 1 ]; then
		echo one
	elif [ $n -eq 2 ]; then echo two
	elif [ $n -eq 3 ]
	then
		echo three
	else
		echo other
	fi
done
if false; then :; fi; echo "status $?"
if false; then :; else (exit 4); fi; echo "status $?"
if true; false; then echo no; else echo "cond uses last"; fi
if ! false; then echo negated; fi
