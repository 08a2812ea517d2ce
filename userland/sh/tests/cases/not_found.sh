# command not found and not executable
nosuch_command_xyz 2>/dev/null
echo "status $?"
/no/such/path 2>/dev/null
echo "status $?"
d=${TMPDIR:-/tmp}/sh_nf.$$
mkdir "$d" || exit 1
printf 'echo hi\n' > "$d/noexec"
"$d/noexec" 2>/dev/null
echo "status $?"
"$d" 2>/dev/null
echo "status $?"
printf 'echo script without shebang $1\n' > "$d/script"
chmod +x "$d/script"
"$d/script" arg
rm -r "$d"
"$SH" -c 'nosuch_xyz' 2>&1 | sed 's/.*nosuch_xyz.*not found.*/message ok/'
