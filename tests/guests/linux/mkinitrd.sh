#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Build the small initramfs of the Linux guest that xvm-run boots: a
# static busybox and ./init. No root needed: /dev/console is written as
# a hand-made newc entry (the same trick as tests/vm/mkinitramfs.sh).
#
# Usage: mkinitrd.sh OUT.cpio.gz
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
out=${1:?usage: mkinitrd.sh OUT.cpio.gz}
busybox=/bin/busybox
if [ ! -x "$busybox" ] || ldd "$busybox" >/dev/null 2>&1; then
	echo "mkinitrd: no static $busybox (busybox-static)" >&2
	exit 1
fi
mkdir -p "$(dirname "$out")"
stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT
mkdir -p "$stage"/{bin,sbin,dev,proc,sys,tmp,root,etc}
cp "$busybox" "$stage/bin/busybox"
for applet in $("$busybox" --list); do
	[ "$applet" = busybox ] || ln -sf busybox "$stage/bin/$applet"
done
install -m 0755 "$here/init" "$stage/init"
newc() {	# name mode(hex) rdevmajor rdevminor
	local name=$1 namesize=$(( ${#1} + 1 ))
	printf '070701%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X' \
		0 "$2" 0 0 1 0 0 0 0 "$3" "$4" "$namesize" 0
	printf '%s\0' "$name"
	head -c $(( (4 - (110 + namesize) % 4) % 4 )) /dev/zero
}
{
	newc dev 0x41ED 0 0
	newc dev/console 0x2180 5 1
	newc TRAILER!!! 0 0 0
	(cd "$stage" && find . -mindepth 1 | LC_ALL=C sort |
		cpio --quiet -o -H newc -R 0:0)
} | gzip -n -9 > "$out.tmp"
mv "$out.tmp" "$out"
echo "mkinitrd: $out ($(du -k "$out" | cut -f1) KiB)"
