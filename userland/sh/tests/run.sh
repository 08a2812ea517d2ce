#!/bin/sh
# run.sh - run every test case of the CircleOS shell.
# Usage: run.sh PATH/TO/sh
# Each cases/NAME.sh runs as "SH NAME.sh" inside cases/, stdin from
# /dev/null; its stdout+stderr plus a last line "status N" must equal
# cases/NAME.out.  $SH is exported so that cases can start the shell.

if [ $# -lt 1 ]; then
	echo "usage: $0 PATH/TO/sh" >&2
	exit 2
fi
SH=$1
case $SH in
/*) ;;
*) SH=$(pwd)/$SH ;;
esac
if [ ! -x "$SH" ]; then
	echo "$0: $SH: not an executable" >&2
	exit 2
fi
export SH
here=$(cd "$(dirname "$0")" && pwd)
tmp=${TMPDIR:-/tmp}/shtests.$$
mkdir -p "$tmp" || exit 2
trap 'rm -rf "$tmp"' EXIT
to=
if command -v timeout >/dev/null 2>&1; then
	to="timeout 20"
fi

pass=0
fail=0
failed=
for c in "$here"/cases/*.sh; do
	name=${c##*/}
	name=${name%.sh}
	(
		cd "$here/cases" || exit 2
		$to "$SH" "$name.sh" </dev/null >"$tmp/out" 2>&1
		echo "status $?" >>"$tmp/out"
	)
	if diff -u "$here/cases/$name.out" "$tmp/out" >"$tmp/diff" 2>&1; then
		pass=$((pass + 1))
	else
		fail=$((fail + 1))
		failed="$failed $name"
		echo "FAIL: $name"
		cat "$tmp/diff"
	fi
done
[ -n "$failed" ] && echo "failed:$failed"
echo "sh tests: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
