#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Build the initramfs the emulated machines boot: busybox, /init, and
# everything under /xvm (see Documentation/testing.rst, "In-VM layout").
#
# Usage: mkinitramfs.sh -o OUT.cpio.gz -k XVM_KO [-m KMOD_DIR] [-d]
#   -k  the xvm.ko to install as /xvm/xvm.ko
#   -m  a directory whose arch/x86/kvm/*.ko and virt/lib/irqbypass.ko are
#       copied (decompressed) to /xvm/kvm/, for comparison with stock KVM
#   -d  demo mode: /init runs /xvm/demo.sh instead of the test runner
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
out= ko= kmods= demo=0
while getopts "o:k:m:d" opt; do
	case $opt in
	o) out=$OPTARG ;;
	k) ko=$OPTARG ;;
	m) kmods=$OPTARG ;;
	d) demo=1 ;;
	*) exit 2 ;;
	esac
done
[ -n "$out" ] && [ -n "$ko" ] || { echo "usage: $0 -o OUT -k XVM_KO [-m DIR] [-d]" >&2; exit 2; }
[ -f "$ko" ] || { echo "mkinitramfs: $ko not found" >&2; exit 1; }

busybox=/bin/busybox
if [ ! -x "$busybox" ] || ldd "$busybox" >/dev/null 2>&1; then
	echo "mkinitramfs: no static $busybox (make deps: busybox-static)" >&2
	exit 1
fi

stage=$(mktemp -d "${out%/*}/initramfs.XXXXXX")
trap 'rm -rf "$stage"' EXIT
mkdir -p "$stage"/{bin,sbin,dev,proc,sys,tmp,root,etc} \
	"$stage"/xvm/{guests,api,tests,kvm,fuzz,isolation}

# busybox and its applets as symlinks (no /proc needed to install them).
cp "$busybox" "$stage/bin/busybox"
for applet in $("$busybox" --list); do
	[ "$applet" = busybox ] || ln -sf busybox "$stage/bin/$applet"
done
ln -s ../bin/busybox "$stage/sbin/init.busybox"

# Copy an executable plus, if it is dynamically linked, the shared
# libraries the host's loader resolves for it (the host is the same
# Debian release as the machine's userland would be).
is_elf() { [ "$(head -c 4 "$1" 2>/dev/null | od -An -c | tr -d ' ')" = '177ELF' ]; }
add_prog() {
	local src=$1 dst=$2 lib
	install -m 0755 "$src" "$stage/$dst"
	is_elf "$src" || return 0
	ldd "$src" >/dev/null 2>&1 || return 0	# static: nothing to add
	for lib in $(ldd "$src" | grep -o '/[^ ]*'); do
		[ -e "$stage$lib" ] && continue
		mkdir -p "$stage$(dirname "$lib")"
		cp -L "$lib" "$stage$lib"
	done
}

install -m 0644 "$ko" "$stage/xvm/xvm.ko"
install -m 0755 "$here/init" "$stage/init"

if [ -x "$repo/userspace/xvm-run" ]; then
	add_prog "$repo/userspace/xvm-run" xvm/xvm-run
fi
for g in "$repo"/tests/guests/*.bin "$repo"/tests/guests/*.elf; do
	[ -f "$g" ] && install -m 0644 "$g" "$stage/xvm/guests/"
done
# In-VM C test programs: every executable ELF file under tests/api/.
if [ -d "$repo/tests/api" ]; then
	while IFS= read -r f; do
		is_elf "$f" && add_prog "$f" "xvm/api/${f##*/}"
	done < <(find "$repo/tests/api" -maxdepth 2 -type f -perm -u+x | sort)
fi
# The fuzzers and isolation tests (issue 6): their ELF files go to
# /xvm/fuzz/ and /xvm/isolation/, their t-*.sh to /xvm/tests/.
for d in fuzz isolation; do
	[ -d "$repo/tests/$d" ] || continue
	while IFS= read -r f; do
		is_elf "$f" && add_prog "$f" "xvm/$d/${f##*/}"
	done < <(find "$repo/tests/$d" -maxdepth 1 -type f -perm -u+x | sort)
done
# In-VM test scripts: tests/vm/in-vm/, plus t-*.sh other parts of the
# tree ship next to their programs (tests/api/, tests/guests/, ...).
install -m 0755 "$here"/in-vm/*.sh "$stage/xvm/tests/"
for t in "$repo"/tests/api/t-*.sh "$repo"/tests/guests/t-*.sh \
	"$repo"/tests/fuzz/t-*.sh "$repo"/tests/isolation/t-*.sh; do
	[ -f "$t" ] && install -m 0755 "$t" "$stage/xvm/tests/"
done
[ -f "$repo/tests/fuzz/fuzzlib.sh" ] &&
	install -m 0644 "$repo/tests/fuzz/fuzzlib.sh" "$stage/xvm/tests/"
if [ "$demo" = 1 ]; then
	install -m 0755 "$here/demo.sh" "$stage/xvm/demo.sh"
fi

# The Linux guest of xvm-run --kernel (issue 5: t-60..t-62, the demo):
# the newest stock Debian kernel of this build machine (XVM_GUEST_KERNEL
# picks another bzImage) and a small busybox initramfs built by
# tests/guests/linux/mkinitrd.sh, in /xvm/linux/.
guest_kernel=${XVM_GUEST_KERNEL:-$(ls /boot/vmlinuz-*-amd64 2>/dev/null |
	sort -V | tail -n 1)}
if [ -n "$guest_kernel" ] && [ -r "$guest_kernel" ]; then
	mkdir -p "$stage/xvm/linux"
	cp "$guest_kernel" "$stage/xvm/linux/vmlinuz"
	"$repo/tests/guests/linux/mkinitrd.sh" "$stage/xvm/linux/initrd.gz" >/dev/null
	install -m 0755 "$repo/tests/guests/linux/demo.sh" "$stage/xvm/linux/demo.sh"
	# ptyrun: a terminal for t-63 (static: the machine has no libc).
	${CC:-gcc} -static -O2 -o "$stage/xvm/linux/ptyrun" \
		"$repo/tests/guests/linux/ptyrun.c" || true
fi

# Stock KVM modules for comparison tests, decompressed because busybox
# insmod does not read .ko.xz/.ko.zst.
if [ -n "$kmods" ]; then
	for m in arch/x86/kvm/kvm.ko arch/x86/kvm/kvm-amd.ko \
		arch/x86/kvm/kvm-intel.ko virt/lib/irqbypass.ko \
		drivers/crypto/ccp/ccp.ko; do
		for ext in "" .xz .zst; do
			f=$kmods/$m$ext
			[ -f "$f" ] || continue
			case $ext in
			.xz) xz -dc "$f" > "$stage/xvm/kvm/${m##*/}" ;;
			.zst) zstd -qdc "$f" > "$stage/xvm/kvm/${m##*/}" ;;
			*) cp "$f" "$stage/xvm/kvm/" ;;
			esac
		done
	done
fi

# /dev/console must exist before /init runs, or init starts without
# stdin/stdout.  A hand-written newc archive holds the device node, so
# that no root privilege (mknod) is needed; the kernel unpacks
# concatenated archives in order.
newc() {	# name mode(hex) rdevmajor rdevminor
	local name=$1 namesize=$(( ${#1} + 1 ))
	printf '070701%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X' \
		0 "$2" 0 0 1 0 0 0 0 "$3" "$4" "$namesize" 0
	printf '%s\0' "$name"
	# header (110 bytes) + name, padded to a multiple of 4
	local pad=$(( (4 - (110 + namesize) % 4) % 4 ))
	head -c "$pad" /dev/zero
}
{
	newc dev 0x41ED 0 0
	newc dev/console 0x2180 5 1
	newc TRAILER!!! 0 0 0
	(cd "$stage" && find . -mindepth 1 | LC_ALL=C sort |
		cpio --quiet -o -H newc -R 0:0)
} | gzip -n -6 > "$out.tmp"
mv "$out.tmp" "$out"
echo "mkinitramfs: $out ($(du -k "$out" | cut -f1) KiB)"
