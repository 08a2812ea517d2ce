# backslash quoting outside quotes
echo \$HOME \* \" \' \\
echo a\ b
echo \
continued
echo abc\
def
x=5
echo \$x$x
