#!/bin/sh
# The command line: help and version exit 0; every malformed option gets a
# one-line error naming it, the usage hint, and exit status 2.
fail=0
check_bad() {
	err=$("$CIRCLESIM" "$@" </dev/null 2>&1 >/dev/null)
	rc=$?
	lines=$(printf '%s\n' "$err" | wc -l)
	if [ $rc -ne 2 ] || [ "$lines" -ne 1 ] || ! printf '%s' "$err" | grep -q "circlesim -help"; then
		echo "FAIL: circlesim $*: status $rc, stderr: $err"
		fail=1
	else
		echo "ok: circlesim $* -> $err"
	fi
}
check_bad -foo
check_bad -smp
check_bad -smp 0
check_bad -smp 65
check_bad -smp two
check_bad -m 1
check_bad -m 12Q
check_bad -m 128G
check_bad -timeout -1
check_bad -timeout abc
check_bad -clock sundial
check_bad -seed -5
check_bad -serial pty
check_bad -display sdl
check_bad one.img two.img
check_bad -drive format=raw
check_bad -drive file=x.img,format=qcow2
check_bad -drive file=x.img,cache=none
"$CIRCLESIM" -help | grep -q '^usage: circlesim' || { echo "FAIL: -help"; fail=1; }
"$CIRCLESIM" -version | grep -q '^circlesim (CircleOS) ' || { echo "FAIL: -version"; fail=1; }
# A guest that runs past -timeout stops with status 124.
"$CIRCLESIM" -clock virtual -timeout 0.2 -append "ktest=sched_fair" </dev/null >/dev/null 2>&1
rc=$?
[ $rc -eq 124 ] || { echo "FAIL: -timeout gave status $rc, want 124"; fail=1; }
exit $fail
