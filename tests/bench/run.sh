#!/bin/sh
# make bench: every figure as "bench NAME MEDIAN UNIT", measured in one run.
set -e
B=${top_builddir:-.}
S=${top_srcdir:-.}
echo "# circlesim $("$B/circlesim" -version | sed 's/.* //'), $(nproc) host CPUs, $(date -u +%Y-%m-%d)"
"$B/tests/bench/ctxbench"
for smp in 1 2; do
	echo "# in-kernel, -smp $smp, host clock"
	"$B/circlesim" -smp $smp -append "kbench=all" </dev/null | tr -d '\r' | sed -n 's/^\[[^]]*\] //p' | grep '^bench ' | sed "s/^bench \([^ ]*\)/bench \1@smp$smp/"
done
python3 "$S/tests/bench/boottime.py" "$B/circlesim"
