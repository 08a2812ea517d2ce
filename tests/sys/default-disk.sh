#!/bin/sh
# circlesim without -drive, -initrd and -append boots the circleos.img
# beside it as the root file system: what the guest writes is there at
# the next boot; with -snapshot the image stays byte-identical. Runs a
# copy of circlesim, its initramfs and the image as make built it
# (circleos-base.img) in a scratch directory, never the build's own.
B=${top_builddir:-.}
[ -f "$B/circleos-base.img" ] || { echo "no circleos-base.img: skipped"; exit 77; }
t=$(mktemp -d "${TMPDIR:-/tmp}/default-disk.XXXXXX") || exit 1
trap 'rm -rf "$t"' EXIT
cp "$B/circlesim" "$B/initramfs.cpio" "$t/" &&
	cp --sparse=always "$B/circleos-base.img" "$t/circleos.img" || exit 1
fail=0
no() { echo "FAIL: $*"; fail=1; }
boot() {
	printf '%s\n' "$@" | "$t/circlesim" -clock virtual -seed 1 -timeout 60 |
		tr -d '\r' | sed -n 's/^\(kept\|none\|root: .*\)$/\1/p'
}

out=$(boot 'echo kept > /root/f' 'echo root: $(grep " / " /proc/mounts)')
[ "$out" = "root: /dev/vda / ext2 rw 0 0" ] || no "first boot: $out"
out=$(boot 'cat /root/f 2>/dev/null || echo none')
[ "$out" = kept ] || no "the file did not persist: $out"
cp --sparse=always "$t/circleos.img" "$t/before.img"
# -snapshot: the guest sees its writes, the image does not change
out=$("$t/circlesim" -clock virtual -seed 1 -timeout 60 -snapshot <<'IN' | tr -d '\r' | grep -x -e kept -e none
echo snap > /root/s; cat /root/s >/dev/null && echo kept
IN
)
[ "$out" = kept ] || no "-snapshot: the guest did not see its write: $out"
cmp -s "$t/circleos.img" "$t/before.img" ||
	no "-snapshot changed the default image"
exit $fail
