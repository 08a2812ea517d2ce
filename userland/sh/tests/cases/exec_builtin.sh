# exec with and without a command
d=${TMPDIR:-/tmp}/sh_exec.$$
mkdir "$d" || exit 1
exec 5>"$d/five"
echo five >&5
exec 5>&-
cat "$d/five"
(exec echo "exec replaces subshell"; echo notreached)
"$SH" -c 'exec 2>/dev/null; nosuchcmd; echo "stderr gone $?"'
"$SH" -c 'exec nosuch_cmd_x; echo after' 2>/dev/null; echo "status $?"
(exec >"$d/out"; echo redirected); cat "$d/out"
rm -r "$d"
