#!/bin/sh
# The in-kernel self tests pass on four CPUs (virtual clock).
exec "$top_srcdir/tests/sys/ktest-run.sh" 4
