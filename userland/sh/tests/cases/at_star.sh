# "$@" and "$*" edge cases
count() { echo $#; }
set --
count "$@"
count "$*"
count $@
count "x$@y"
count "$@" "$@"
set -- "a b" "" c
count "$@"
count $@
count "$*"
count $*
for a in "$@"; do echo "<$a>"; done
echo "[$*]"
IFS=,
echo "[$*]"
count $*
IFS=
echo "[$*]"
unset IFS
set -- only
for a in "pre$@post"; do echo "<$a>"; done
set -- 1 2
for a in "a$@b"; do echo "<$a>"; done
set -- ""
count "$@"
count $@
