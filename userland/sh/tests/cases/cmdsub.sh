# $( ) and backquotes
echo $(echo hello)
echo "$(echo a; echo b)"
echo $(echo a; echo b)
x=$(printf 'trail\n\n\n'); echo "[$x]"
echo $(echo $(echo $(echo deep)))
echo "$(echo "$(echo "nested quotes")")"
echo `echo back`
echo `echo \`echo inner\``
echo $(case x in x) echo caseok;; esac)
echo $(echo ')' "(")
y=$(exit 3); echo $?
echo $( # comment )
echo real)
echo "$(echo 'a  b')"
n=$(echo 5); echo $((n + 1))
echo $(cat <<EOF
from heredoc
EOF
)
