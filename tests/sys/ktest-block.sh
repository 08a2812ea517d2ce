#!/bin/sh
# The block layer's self tests on a scratch disk: on the virtual clock
# with one and four CPUs, and the concurrent one on the host clock too
# (real threads racing); each run must end "N passed, 0 failed".
img=$(mktemp "${TMPDIR:-/tmp}/ktest-block.XXXXXX") || exit 1
trap 'rm -f "$img" ktest-block.out' EXIT
head -c 1048576 /dev/zero >"$img"
seed=${SEED:-42}
fail=0
for run in "1 virtual block_concurrent,block_flusher" \
	   "4 virtual block_concurrent,block_flusher" \
	   "4 host block_concurrent"; do
	set -- $run
	"$CIRCLESIM" -smp "$1" -clock "$2" -seed "$seed" -timeout 120 \
		-drive file="$img" -append "ktest=$3" </dev/null \
		>ktest-block.out 2>&1
	rc=$?
	last=$(tail -n 1 ktest-block.out | tr -d '\r')
	echo "-smp $1 -clock $2 ktest=$3: status $rc; $last"
	case "$rc:$last" in
	"0:"*"ktest: "*" passed, 0 failed") ;;
	*) cat ktest-block.out; fail=1 ;;
	esac
done
exit $fail
