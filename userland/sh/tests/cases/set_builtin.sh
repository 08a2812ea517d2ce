# set --, set with options, shift
set -- a b c
echo $# $1
set --
echo $#
set -- "x y" z
echo $# "$1"
shift
echo $# $1
set -- 1 2 3 4 5
shift 3; echo "$@"
shift 2; echo "[$*] $#"
"$SH" -c 'shift; echo not reached' 2>/dev/null; echo "shift status $?"
set -- -a -b
echo "$1 $2"
set -e -u; case $- in *e*u*|*u*e*) echo "eu on";; esac; set +eu
case $- in *e*) echo still;; *) echo off;; esac
set -o errexit; case $- in *e*) echo "-o works";; esac; set +o errexit
