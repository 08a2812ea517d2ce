#!/bin/sh
# make check: the crash test, 20 kills (tests/storage/crash.py).
exec python3 "$top_srcdir/tests/storage/crash.py" --runs "${CRASH_RUNS:-20}" \
	${CRASH_SEED:+--seed "$CRASH_SEED"} "$CIRCLESIM"
