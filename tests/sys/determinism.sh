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

# User mode too: background jobs and usertests on four CPUs, twice.
cat >det-user.in <<'EOS'
for i in 1 2 3 4; do (echo job$i; echo done$i) & done; wait
usertests -q forkmany pipe threads condvar
EOS
for run in a b; do
	"$CIRCLESIM" -smp 4 -clock virtual -seed 4321 -timeout 600 -append quiet \
		<det-user.in >det-user-$run.out 2>&1 || true
done
if ! cmp -s det-user-a.out det-user-b.out; then
	echo "FAIL: user-mode run with -smp 4 -seed 4321 is not deterministic:"
	diff -u det-user-a.out det-user-b.out | head -40
	exit 1
fi
grep -q "usertests: 5 passed, 0 failed" det-user-a.out || { cat det-user-a.out; exit 1; }
echo "user mode, -smp 4: two runs identical ($(wc -l <det-user-a.out) lines)"
rm -f det-user.in det-user-a.out det-user-b.out
