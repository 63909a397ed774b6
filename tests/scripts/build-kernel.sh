#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Build (or reuse) the debug test kernel: linux-source-6.1 with
# tests/kernel/debug.config merged onto tinyconfig (KUnit, KASAN, kmemleak,
# lockdep, UBSAN).  The tree is cached outside the repository in
#   ${XDG_CACHE_HOME:-$HOME/.cache}/xvm/kernel-<key>/{src,out}
# where <key> is a sha256 over the source tarball's sha256, the config
# fragment and this script, so a change to any of them builds a new kernel.
#
# Usage: build-kernel.sh [--print-dir]
#   Prints the kernel build directory (the O= directory, usable as
#   `make -C <dir> M=... modules`) as the last line on stdout.
#   --print-dir only prints where the kernel would be, without building.
#
# Environment: XVM_KERNEL_TARBALL (default /usr/src/linux-source-6.1.tar.xz),
#              JOBS (default: nproc).
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
tarball=${XVM_KERNEL_TARBALL:-/usr/src/linux-source-6.1.tar.xz}
fragment=$repo/tests/kernel/debug.config
jobs=${JOBS:-$(nproc)}
cache=${XDG_CACHE_HOME:-$HOME/.cache}/xvm

log() { echo "build-kernel: $*" >&2; }

[ -f "$tarball" ] || { log "$tarball missing (run 'make deps')"; exit 1; }

# The tarball's own sha256 is remembered next to it by size and mtime so
# that the 130 MB file is only hashed once.
mkdir -p "$cache"
stamp=$(stat -c '%s-%Y' "$tarball")
sumfile=$cache/tarball-$(echo "$tarball" | sha256sum | cut -c1-16).sha256
if [ -f "$sumfile" ] && [ "$(sed -n 1p "$sumfile")" = "$stamp" ]; then
	tarsum=$(sed -n 2p "$sumfile")
else
	tarsum=$(sha256sum "$tarball" | cut -d' ' -f1)
	printf '%s\n%s\n' "$stamp" "$tarsum" > "$sumfile"
fi
key=$( { echo "$tarsum"; sha256sum < "$fragment"; sha256sum < "$0"; } |
	sha256sum | cut -c1-16)
dir=$cache/kernel-$key

if [ "${1:-}" = "--print-dir" ]; then
	echo "$dir/out"
	exit 0
fi

# One builder at a time per key; others wait for it.
exec 9> "$cache/kernel-$key.lock"
flock 9

if [ -f "$dir/.done" ] && [ -f "$dir/out/arch/x86/boot/bzImage" ]; then
	log "using cached kernel $dir"
	echo "$dir/out"
	exit 0
fi

log "building debug kernel in $dir (about 4 minutes on 2 cores)"
start=$(date +%s)
rm -rf "$dir"
mkdir -p "$dir/src" "$dir/out"
tar -xJf "$tarball" -C "$dir/src" --strip-components=1
make -s -C "$dir/src" O="$dir/out" tinyconfig >&2
"$dir/src/scripts/kconfig/merge_config.sh" -m -O "$dir/out" \
	"$dir/out/.config" "$fragment" >&2
make -s -C "$dir/src" O="$dir/out" olddefconfig >&2

# merge_config.sh only warns when a symbol did not take its value; insist
# on the ones the tests depend on.
missing=0
for sym in KUNIT KASAN DEBUG_KMEMLEAK PROVE_LOCKING UBSAN DEBUG_FS BUG \
	MODULES MODULE_UNLOAD BLK_DEV_INITRD DEVTMPFS SERIAL_8250_CONSOLE; do
	if ! grep -q "^CONFIG_$sym=y" "$dir/out/.config"; then
		log "CONFIG_$sym is not =y in the resulting .config"
		missing=1
	fi
done
[ "$missing" = 0 ] || exit 1

make -s -C "$dir/src" O="$dir/out" -j"$jobs" bzImage modules >&2
cp "$fragment" "$dir/debug.config"
touch "$dir/.done"
log "kernel built in $(( $(date +%s) - start )) s"
echo "$dir/out"
