# syntax errors exit with status 2
"$SH" -c 'if then fi' 2>/dev/null; echo "status $?"
"$SH" -c 'echo ok; (' 2>/dev/null; echo "status $?"
"$SH" -c 'echo "unterminated' 2>/dev/null; echo "status $?"
"$SH" -c 'for do done' 2>/dev/null; echo "status $?"
"$SH" -c 'case x in' 2>/dev/null; echo "status $?"
"$SH" -c 'echo a && || echo b' 2>/dev/null; echo "status $?"
"$SH" -c '{ echo a' 2>/dev/null; echo "status $?"
"$SH" -c 'echo before
)' 2>/dev/null; echo "status $?"
"$SH" -c 'f() echo' 2>/dev/null; echo "status $?"
