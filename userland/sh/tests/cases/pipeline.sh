# pipelines and their status
echo hello | tr a-z A-Z
printf '3\n1\n2\n' | sort | tail -n 1
echo a | cat | cat | cat | cat
false | true; echo $?
true | false; echo $?
! false | false; echo $?
! true; echo $?
echo x | { read v; echo "got $v"; }
v=outer; echo inner | read v; echo "v=$v"
echo a b c | while read x y; do echo "$y-$x"; done
yes | head -n 2
echo piped |
cat
