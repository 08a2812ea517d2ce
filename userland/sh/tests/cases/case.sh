# case with patterns
for w in apple banana cherry 42 x.c '*' "" "a b" -v; do
	case $w in
	a*) echo "$w: starts with a" ;;
	b?n*) echo "$w: b?n" ;;
	[cC]herry) echo "$w: bracket" ;;
	[0-9][0-9]) echo "$w: two digits" ;;
	*.c | *.h) echo "$w: source" ;;
	\*) echo "star literal" ;;
	'') echo "empty" ;;
	"a b") echo "with space" ;;
	-*) echo "option $w" ;;
	esac
done
case foo in
(foo) echo "paren form";;
esac
case bar in foo) ;; *) echo default; esac
case x in x) esac
case none in a) echo a;; esac; echo "status $?"
case abc in *b*) echo mid; ;; esac
p='[ab]*'
case bcd in $p) echo "unquoted var is pattern";; esac
case '[ab]*' in "$p") echo "quoted var is literal";; esac
case ! in [!a]) echo "negated class";; esac
case ] in []]) echo "bracket first";; esac
case - in [a-]) echo "dash last";; esac
case 5 in [[:digit:]]) echo "class";; esac
case x in
	y)
		echo y
		;;
	x)
		echo "multi-line x"
		;;
esac
