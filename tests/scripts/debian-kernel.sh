#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Print the newest installed stock Debian kernel that has both an image
# (/boot/vmlinuz-<ver>-amd64) and a headers tree
# (/usr/src/linux-headers-<ver>-amd64), as two lines: the image and the
# headers directory.
set -euo pipefail

best=
for img in /boot/vmlinuz-*-amd64; do
	[ -e "$img" ] || continue
	ver=${img#/boot/vmlinuz-}
	[ -d "/usr/src/linux-headers-$ver" ] || continue
	best="$best$ver"$'\n'
done
ver=$(printf '%s' "$best" | sort -V | tail -n 1)
if [ -z "$ver" ]; then
	echo "debian-kernel: no /boot/vmlinuz-<ver>-amd64 with matching" \
		"/usr/src/linux-headers-<ver>-amd64 (run 'make deps')" >&2
	exit 1
fi
echo "/boot/vmlinuz-$ver"
echo "/usr/src/linux-headers-$ver"
