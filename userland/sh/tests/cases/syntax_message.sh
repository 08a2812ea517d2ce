# the syntax error message format of this shell
"$SH" -c 'echo a; fi' 2>&1 | sed 's/^sh: line 1: syntax error: .*/sh: line 1: syntax error/'
"$SH" -c 'echo x
echo y |
' 2>&1 | sed 's/^sh: line [0-9]*: syntax error: .*/syntax error reported/'
