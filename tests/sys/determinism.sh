#!/bin/sh
# Two runs with the same seed print byte-identical console output, on one
# CPU and on four; a different seed is allowed to differ.
set -e
for smp in 1 4; do
	for run in a b; do
		"$CIRCLESIM" -smp $smp -clock virtual -seed 1234 -timeout 600 \
			-append "ktest=thread_join,sched_spread,spin_contention,mutex_contention,condvar,sleep_many" \
			</dev/null >det-$smp-$run.out 2>&1 || true
	done
	if ! cmp -s det-$smp-a.out det-$smp-b.out; then
		echo "FAIL: -smp $smp -seed 1234 is not deterministic:"
		diff -u det-$smp-a.out det-$smp-b.out | head -40
		exit 1
	fi
	grep -q "passed, 0 failed" det-$smp-a.out || { cat det-$smp-a.out; exit 1; }
	echo "-smp $smp: two runs identical ($(wc -l <det-$smp-a.out) lines)"
	rm -f det-$smp-a.out det-$smp-b.out
done
