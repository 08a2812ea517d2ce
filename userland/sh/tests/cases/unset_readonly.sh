# unset and readonly
x=1; unset x; echo "[${x-unset}]"
f() { echo f; }; unset -f f; f 2>/dev/null || echo "f unset"
readonly R=ro
echo $R
(R=new) 2>/dev/null || echo "assign refused"
(unset R) 2>/dev/null; echo "unset status $?"
"$SH" -c 'readonly Q=1; Q=2; echo not reached' 2>/dev/null; echo "status $?"
readonly | grep -q 'R=' && echo "readonly lists"
