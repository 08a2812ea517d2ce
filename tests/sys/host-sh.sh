#!/bin/sh
# The shell's own tests, run natively on the host: the grammar cases and,
# when python3 is there, the line editor and job control on a pty.
sh "$top_srcdir/userland/sh/tests/run.sh" "$top_builddir/userland/bin/sh" || exit 1
if command -v python3 >/dev/null 2>&1; then
	python3 "$top_srcdir/userland/sh/tests/pty_test.py" "$top_builddir/userland/bin/sh" || exit 1
fi
