#!/bin/sh
# The in-kernel self tests pass on two CPUs with the host clock.
exec "$top_srcdir/tests/sys/ktest-run.sh" 2 host
