#!/bin/sh
# Golden test runner: boot a fresh machine on the virtual clock with a
# fixed seed, type NAME.in at its console, and compare the transcript
# (with the machine's exit status appended, kernel log time stamps
# replaced by "[T]") with NAME.out.
#
#   tests/golden/run.sh [--hal sim] [--update] tests/golden/NAME.in
#
# SEED, SMP and TIMEOUT may be set in the environment. On failure the
# transcript is kept as NAME.transcript beside the test's log and the
# command that reproduces the run is printed.
hal=sim
update=false
while [ $# -gt 1 ]; do
	case $1 in
	--hal) hal=$2; shift 2 ;;
	--update) update=true; shift ;;
	*) break ;;
	esac
done
in=$1
[ -f "$in" ] || { echo "usage: run.sh [--hal sim] [--update] NAME.in" >&2; exit 2; }
name=$(basename "$in" .in)
exp=$(dirname "$in")/$name.out
out=${name}.transcript
seed=${SEED:-1}
smp=${SMP:-2}
timeout=${TIMEOUT:-300}
sim=${CIRCLESIM:-./circlesim}
case $hal in
sim) ;;
*) echo "run.sh: --hal $hal: not available yet (only sim)" >&2; exit 77 ;;
esac

cmd="$sim -clock virtual -seed $seed -smp $smp -timeout $timeout -append quiet"
$cmd <"$in" >"$out.raw" 2>&1
rc=$?
# The console speaks CRLF, as a serial line does; compare lines. Kernel
# log stamps ("[    1.234567] ") measure the kernel's own costs, not the
# behaviour under test: they become "[T] ".
tr -d '\r' <"$out.raw" | sed 's/^\[ *[0-9]*\.[0-9]*\] /[T] /' >"$out"
rm -f "$out.raw"
echo "[exit status $rc]" >>"$out"
if $update; then
	cp "$out" "$exp"
	echo "updated $exp"
	rm -f "$out"
	exit 0
fi
if diff -u "$exp" "$out"; then
	rm -f "$out"
	exit 0
fi
echo "FAIL: $name: transcript kept in $(pwd)/$out"
echo "reproduce: $cmd < $in"
exit 1
