#!/bin/sh
# Golden tests of the core utilities.  Each cases/NAME.sh runs in a fresh
# scratch directory $T (also its working directory) with the built tools in
# $BIN; its stdout and stderr, plus a last line "status N", must equal
# cases/NAME.out.
#
# usage: run.sh BINDIR [CASE...]      (UPDATE=1 rewrites the .out files)

if [ $# -lt 1 ] || [ ! -d "$1" ]; then
	echo "usage: run.sh BINDIR [CASE...]" >&2
	exit 2
fi
BIN=$(cd "$1" && pwd) || exit 2
shift
here=$(cd "$(dirname "$0")" && pwd)
scratch=$(mktemp -d "${TMPDIR:-/tmp}/coreutils-tests.XXXXXX") || exit 2
trap 'chmod -R u+rwx "$scratch" 2>/dev/null; rm -rf "$scratch"' EXIT
trap 'exit 130' INT TERM

# The same environment for every case, whatever the caller's.
LC_ALL=C
TZ=UTC0
export BIN LC_ALL TZ
unset COLUMNS POSIXLY_CORRECT GREP_OPTIONS
umask 022

if [ $# -eq 0 ]; then
	set -- "$here"/cases/*.sh
else
	for name; do
		shift
		set -- "$@" "$here/cases/${name%.sh}.sh"
	done
fi

# A case that hangs fails (status 124) instead of stopping the run.
limit=
if command -v timeout >/dev/null 2>&1; then
	limit="timeout 60"
fi

pass=0
fail=0
mkdir "$scratch/out"
for case in "$@"; do
	name=$(basename "$case" .sh)
	T="$scratch/t/$name"
	mkdir -p "$T"
	actual="$scratch/out/$name"
	(cd "$T" && T="$T" $limit sh "$case") >"$actual" 2>&1 </dev/null
	echo "status $?" >>"$actual"
	if [ -n "${UPDATE:-}" ]; then
		cp "$actual" "$here/cases/$name.out"
	fi
	if diff -u "$here/cases/$name.out" "$actual" >"$scratch/diff" 2>&1; then
		pass=$((pass + 1))
	else
		fail=$((fail + 1))
		echo "FAIL: $name"
		cat "$scratch/diff"
	fi
done
echo "coreutils tests: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
