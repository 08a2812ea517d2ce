#!/bin/sh
# Boot with ktest=all on $1 CPUs and the $2 clock (default virtual); pass
# when circlesim exits 0 and the last line reports no failure.
smp=$1
clock=${2:-virtual}
seed=${SEED:-42}
out=ktest-smp$smp-$clock.out
"$CIRCLESIM" -smp "$smp" -clock "$clock" -seed "$seed" -timeout 600 \
	-append "ktest=all" </dev/null >"$out" 2>&1
rc=$?
last=$(tail -n 1 "$out" | tr -d '\r')
echo "exit status $rc; last line: $last"
case "$last" in
*"ktest: "*" passed, 0 failed") ;;
*) cat "$out"; echo "FAIL: reproduce with: $CIRCLESIM -smp $smp -clock $clock -seed $seed -append ktest=all"; exit 1 ;;
esac
[ "$rc" -eq 0 ] || { cat "$out"; echo "FAIL: exit status $rc"; exit 1; }
rm -f "$out"
