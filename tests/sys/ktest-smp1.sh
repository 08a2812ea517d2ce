#!/bin/sh
# The in-kernel self tests pass on one CPU (virtual clock).
exec "$top_srcdir/tests/sys/ktest-run.sh" 1
