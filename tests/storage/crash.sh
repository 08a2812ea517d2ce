#!/bin/sh
# make check-crash: the crash test, 20 kills (tests/storage/crash.py).
command -v python3 >/dev/null 2>&1 || { echo "crash: no python3: skipped"; exit 77; }
PATH=$PATH:/sbin:/usr/sbin
exec python3 "$top_srcdir/tests/storage/crash.py" --runs "${CRASH_RUNS:-20}" \
	${CRASH_SEED:+--seed "$CRASH_SEED"} "$CIRCLESIM"
