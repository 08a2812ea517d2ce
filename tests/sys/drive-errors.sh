#!/bin/sh
# A bad disk image is found before the machine starts: one line on
# stderr saying what is wrong with which file, exit status 2. A size that
# is not a multiple of 512 is rounded down with a warning.
t=$(mktemp -d "${TMPDIR:-/tmp}/drive-errors.XXXXXX") || exit 1
pid=
trap 'rm -rf "$t"; [ -n "$pid" ] && kill $pid 2>/dev/null' EXIT
fail=0

# bad WORDS ARGS...: circlesim ARGS must fail that way.
bad() {
	want=$1
	shift
	err=$("$CIRCLESIM" "$@" -append quiet </dev/null 2>&1 >/dev/null)
	rc=$?
	lines=$(printf '%s\n' "$err" | wc -l)
	if [ $rc -ne 2 ] || [ "$lines" -ne 1 ] ||
	   ! printf '%s' "$err" | grep -qF -- "$want"; then
		echo "FAIL: circlesim $*: status $rc, stderr: $err (want: $want)"
		fail=1
	else
		echo "ok: $err"
	fi
}

head -c 65536 /dev/zero >"$t/a.img"
: >"$t/empty.img"
head -c 100 /dev/zero >"$t/tiny.img"
mkfifo "$t/fifo"
ln -s a.img "$t/link.img"

bad "file=$t/missing.img: No such file or directory" -drive file="$t/missing.img"
bad "circlesim: $t/missing.img: No such file or directory" "$t/missing.img"
bad "is a directory" -drive file="$t"
bad "too small (0 bytes)" -drive file="$t/empty.img"
bad "too small (100 bytes)" -drive file="$t/tiny.img",snapshot=on
bad "not a regular file or block device" -drive file="$t/fifo"
bad "unknown key 'cache'" -drive file="$t/a.img",cache=none
bad "format 'qcow2' is not supported" -drive file="$t/a.img",format=qcow2
bad "readonly=maybe: use on or off" -drive file="$t/a.img",readonly=maybe
bad "the same image as drive 0" -drive file="$t/a.img" -drive file="$t/link.img"
bad "too many drives (at most 8)" -drive file="$t/a.img" -drive file=b \
	-drive file=c -drive file=d -drive file=e -drive file=f -drive file=g \
	-drive file=h -drive file=i
if [ "$(id -u)" -ne 0 ]; then
	cp "$t/a.img" "$t/locked.img"
	chmod 0 "$t/locked.img"
	bad "Permission denied" -drive file="$t/locked.img",readonly=on
	chmod 0444 "$t/locked.img"
	bad "add readonly=on or snapshot=on" -drive file="$t/locked.img"
else
	echo "(root: unreadable files are readable; that case is skipped)"
fi

# An image a running circlesim writes to is locked against a second one.
sleep 30 | "$CIRCLESIM" -drive file="$t/a.img" -append quiet >/dev/null 2>&1 &
pid=$!
for i in $(seq 50); do
	err=$("$CIRCLESIM" -drive file="$t/a.img",snapshot=on -append quiet \
		</dev/null 2>&1 >/dev/null)
	case $err in *"in use by another program"*) break ;; esac
	sleep 0.1
done
case $err in
*"in use by another program"*) echo "ok: $err" ;;
*) echo "FAIL: a second circlesim on a locked image: $err"; fail=1 ;;
esac
kill $pid 2>/dev/null
pid=

# 1000 bytes: a one-sector disk and a warning.
head -c 1000 /dev/zero >"$t/odd.img"
out=$(printf 'cat /proc/partitions\nbusybox blockdev --getsize64 /dev/vda\npoweroff\n' |
	"$CIRCLESIM" -clock virtual -drive file="$t/odd.img" -append quiet 2>&1 |
	tr -d '\r')
if printf '%s\n' "$out" | grep -q "warning: -drive file=$t/odd.img: the size (1000 bytes) is not a multiple of 512" &&
   printf '%s\n' "$out" | grep -qx "512"; then
	echo "ok: 1000 bytes: a warning and a 512-byte disk"
else
	echo "FAIL: 1000-byte image: $out"
	fail=1
fi
exit $fail
