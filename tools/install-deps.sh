#!/bin/sh
# Install every build and test dependency of CircleOS from Debian's packages.
# Idempotent: packages already present are left alone. Run as root or with sudo.
set -e

PKGS="build-essential autoconf automake libtool pkg-config
check libsdl2-dev libargon2-dev libseccomp-dev
musl-dev musl-tools busybox-static e2fsprogs cpio
xvfb xauth python3
qemu-system-x86 qemu-system-arm gcc-aarch64-linux-gnu
grub-pc-bin grub-efi-amd64-bin grub-common xorriso mtools ovmf"

missing=
for p in $PKGS; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'ok installed' ||
		missing="$missing $p"
done
SUDO=
[ "$(id -u)" -eq 0 ] || SUDO=sudo
if [ -z "$missing" ]; then
	echo "install-deps: all packages present"
else
	echo "install-deps: installing$missing"
	$SUDO apt-get update -qq
	DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends $missing
fi

# The aarch64 userland: Debian's musl and busybox-static for arm64,
# unpacked (not installed: dpkg would want the whole arm64 toolchain) in
# $ARM64_ROOT, with musl's gcc wrapper and specs pointed there.
ARM64_ROOT=${ARM64_ROOT:-/opt/circleos/arm64}

# Each step says whether it worked: a machine whose package mirror has
# no arm64 lists still gets everything else (configure then builds the
# aarch64 HAL without its userland, and says so).
arm64_userland() {
	dpkg --print-foreign-architectures | grep -qx arm64 || {
		$SUDO dpkg --add-architecture arm64 &&
		$SUDO apt-get update -qq
	} || return 1
	tmp=$(mktemp -d) || return 1
	chmod 755 "$tmp"
	(cd "$tmp" && apt-get download -q musl-dev:arm64 musl:arm64 busybox-static:arm64) || {
		$SUDO apt-get update -qq &&
		(cd "$tmp" && apt-get download -q musl-dev:arm64 musl:arm64 busybox-static:arm64)
	} || { rm -rf "$tmp"; return 1; }
	$SUDO mkdir -p "$ARM64_ROOT" || return 1
	for d in "$tmp"/*.deb; do
		$SUDO dpkg -x "$d" "$ARM64_ROOT" || return 1
	done
	rm -rf "$tmp"
	lib=$ARM64_ROOT/usr/lib/aarch64-linux-musl
	$SUDO sed -i -e "s|\([ L]\)/usr/|\1$ARM64_ROOT/usr/|g" "$lib/musl-gcc.specs" &&
	$SUDO sed -i -e "s|\"/usr/lib/aarch64-linux-musl/|\"$lib/|" \
		"$ARM64_ROOT/usr/bin/aarch64-linux-musl-gcc"
}

if command -v aarch64-linux-gnu-gcc >/dev/null &&
   [ ! -f "$ARM64_ROOT/usr/lib/aarch64-linux-musl/libc.a" ]; then
	echo "install-deps: musl and busybox-static for arm64 into $ARM64_ROOT"
	arm64_userland || echo "install-deps: could not fetch Debian's arm64" \
		"musl packages: the aarch64 userland will not be built" >&2
fi
