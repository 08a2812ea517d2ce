# export, temporary assignments, environment of children
export A=exported
B=notexported
"$SH" -c 'echo "A=$A B=$B"'
C=temp "$SH" -c 'echo "C=$C"'
echo "C after=[$C]"
export B; "$SH" -c 'echo "B=$B"'
D=1; export D; D=2; "$SH" -c 'echo "D=$D"'
unset A; "$SH" -c 'echo "A=[$A]"'
E=x env | grep '^E='
export -p | grep -q 'export B=' && echo "export -p lists"
