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
if [ -z "$missing" ]; then
	echo "install-deps: all packages present"
	exit 0
fi

SUDO=
[ "$(id -u)" -eq 0 ] || SUDO=sudo
echo "install-deps: installing$missing"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends $missing
