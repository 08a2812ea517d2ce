# $? $$ $# $0 $- $! and positional parameters
false; echo $?
true; echo $?
echo $#
set -- a b c d e f g h i j k
echo $# $1 $9 ${10} ${11}
echo $10
[ "$$" -gt 0 ] && echo pid ok
sleep 0 &
[ "$!" -gt 0 ] && echo bgpid ok
wait
case $0 in *param_special.sh) echo name ok;; esac
"$SH" -c 'echo $0 $1 $2' myname x y
set -e; case $- in *e*) echo e set;; esac; set +e
