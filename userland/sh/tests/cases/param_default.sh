# ${v:-w} ${v-w} ${v:=w} ${v=w} ${v:+w} ${v+w} ${v:?w}
unset u; e=; s=set
echo "${u:-d1} ${u-d2} ${e:-d3} [${e-d4}] ${s:-d5}"
echo "${u:+a1} ${e:+a2} [${e+a3}] ${s:+a4}"
echo ${u:=x1} $u
unset u
echo ${e:=x2} $e
e=
echo "[${e=x3}]"
echo ${s:?not shown}
(echo ${u2:?custom message}) 2>/dev/null || echo "status $?"
(echo ${u3?}) 2>/dev/null || echo "failed"
w='a b'
set -- ${u4:-$w}
echo $#
set -- "${u4:-$w}"
echo $#
echo ${u5:-'single  quoted'}
echo ${u5:-"$w"}
