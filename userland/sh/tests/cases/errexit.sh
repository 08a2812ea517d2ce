# set -e
set -e
false || true
echo "or list survives"
if false; then :; fi
echo "if condition survives"
while false; do :; done
! true
echo "negation survives"
f() { false; echo "f body continues when f is tested"; }
f || echo "f in || list"
x=$(false; echo still) || echo "substitution failed"; echo "[$x]"
false && true
echo "and list head survives"
(false)
echo "not reached"
