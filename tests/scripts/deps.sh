#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Install the Debian 12 packages the build and the emulated-machine tests
# need, if any of them is missing.  Uses sudo only when not root.
set -euo pipefail

pkgs="linux-headers-amd64 linux-image-amd64 linux-source-6.1
	bc bison flex libelf-dev libssl-dev kmod cpio busybox-static sparse
	qemu-system-x86 bochs bochsbios vgabios isolinux syslinux-common
	genisoimage gcc make xz-utils util-linux python3-matplotlib"

missing=
for p in $pkgs; do
	dpkg -s "$p" >/dev/null 2>&1 || missing="$missing $p"
done
if [ -z "$missing" ]; then
	echo "deps: all packages present"
	exit 0
fi

echo "deps: installing$missing"
sudo=
[ "$(id -u)" = 0 ] || sudo=sudo
$sudo apt-get update
# shellcheck disable=SC2086
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y \
	--no-install-recommends $missing
