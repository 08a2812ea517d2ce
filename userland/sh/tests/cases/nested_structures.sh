# nesting of control structures
for i in 1 2; do
	case $i in
	1) if [ $i = 1 ]; then
		while true; do echo "deep $i"; break; done
	   fi ;;
	*) for j in a; do { echo "group $i$j"; } done ;;
	esac
done
x=$(for i in 1 2 3; do echo -n $i; done); echo $x
f() { case $1 in a) echo A;; *) g "$1";; esac; }; g() { echo "g:$1"; }
f a; f b
echo $(( $(echo 3) + $(( 2 * 2 )) ))
