# double quotes: expansions happen, splitting and globbing do not
x='a   b'
echo "$x"
echo "[$x]" [$x]
printf '%s\n' "\$x \`x\` \\ \" \a"
echo "${x}c"
echo "*"
echo "a'b"
echo "$(echo "inner  quoted")"
echo "line1
line2"
