# type and command -v
type echo
type cd
f() { :; }
type f
type if
command -v echo
command -v f
command -v sh >/dev/null && echo "sh found"
command -v nosuch_xyz; echo "status $?"
type nosuch_xyz >/dev/null 2>&1; echo "type status nonzero $(( $? != 0 ))"
echo() { printf 'func echo\n'; }
echo hi
command echo builtin echo
unset -f echo
