#!/bin/sh
# While a guest runs, every stub process of circlesim holds exactly one
# host descriptor: fd 3, the machine's RAM (doc/usermode.md).
fifo=$(mktemp -u)
mkfifo "$fifo" || exit 1
trap 'rm -f "$fifo"; kill $pid 2>/dev/null' EXIT
"$CIRCLESIM" -append quiet <"$fifo" >/dev/null 2>&1 &
pid=$!
exec 3>"$fifo"
printf 'sleep 30 &\nsleep 30\n' >&3
sleep 2
fail=0 n=0
# Stubs are forked by a template stub: look at every descendant.
descendants() {
	for c in $(ps -o pid= --ppid "$1"); do
		echo "$c"
		descendants "$c"
	done
}
for stub in $(descendants $pid); do
	[ "$(readlink /proc/$stub/exe 2>/dev/null | sed 's/ (deleted)//' | sed 's|.*/||')" ] || continue
	fds=$(ls /proc/$stub/fd 2>/dev/null | tr '\n' ' ')
	target=$(readlink /proc/$stub/fd/3 2>/dev/null)
	n=$((n + 1))
	case "$fds:$target" in
	"3 :/memfd:circlesim-ram"*) ;;
	*) echo "FAIL: stub $stub holds fds [$fds] (fd 3: $target)"; fail=1 ;;
	esac
done
exec 3>&-
kill $pid 2>/dev/null
wait $pid 2>/dev/null
[ $n -ge 2 ] || { echo "FAIL: found only $n stubs"; exit 1; }
echo "$n stubs, each holding only fd 3 (the RAM)"
exit $fail
