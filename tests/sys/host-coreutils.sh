#!/bin/sh
# The coreutils' own tests, run natively on the host.
exec sh "$top_srcdir/userland/coreutils/tests/run.sh" "$top_builddir/userland/bin"
