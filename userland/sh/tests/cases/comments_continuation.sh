# comments and line continuation
echo one # a comment
# full line comment
echo two#notcomment
echo th\
ree
x=a\
b; echo $x
echo "quoted \
join"
if true; then # comment after then
	echo four
fi
echo '# not a comment'
