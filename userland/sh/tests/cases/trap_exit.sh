# trap on EXIT and on signals
trap 'echo "exit trap, status $?"' EXIT
trap 'echo "caught USR1"' USR1
kill -USR1 $$
echo "after usr1"
trap 'echo "term trapped"' TERM
kill -TERM $$
trap - TERM
trap '' USR2
kill -USR2 $$
echo "usr2 ignored"
trap
"$SH" -c 'trap "echo inner exit" EXIT; exit 3'; echo "inner status $?"
"$SH" -c 'trap "echo on int" INT; kill -INT $$; echo continues'
"$SH" -c 'kill -TERM $$; echo not' 2>/dev/null; echo "killed status $?"
(exit 6)
