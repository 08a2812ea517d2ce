# sh -c with name and arguments
"$SH" -c 'echo "$0|$1|$2|$#"' zero one two
[ "$("$SH" -c 'echo "$0"')" = "$SH" ] && echo "\$0 is the shell"
"$SH" -c 'exit 7'; echo $?
"$SH" -c 'false'; echo $?
"$SH" -e -c 'false; echo not'; echo $?
"$SH" -c 'echo $1' -- x 2>/dev/null || true
"$SH" -x -c 'echo traced' 2>&1
