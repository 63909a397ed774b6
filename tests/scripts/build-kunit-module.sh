#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Build xvm.ko with its KUnit suites (XVM_KUNIT=1) against the debug
# kernel tree KOUT (tests/scripts/build-kernel.sh).  The module sources
# are copied to build/kunit/src first, so that the objects for the stock
# kernel in the tree itself are left alone.  Writes build/kunit/expect-ktap:
# "--expect-ktap" when xvm.ko holds KUnit suites, else empty.
set -euo pipefail
repo=$(cd "$(dirname "$0")/../.." && pwd)
kout=$1
dst=$repo/build/kunit/src

[ -f "$repo/Kbuild" ] || { echo "build-kunit-module: no top-level Kbuild file yet" >&2; exit 1; }
# Everything Kbuild may read: the Kbuild file and every top-level
# directory except the ones that are never part of the module.
mkdir -p "$dst"
srcs=()
for f in "$repo"/* "$repo"/.[!.]*; do
	case ${f##*/} in
	build|tests|userspace|Documentation|.git|.ci|Makefile) continue ;;
	esac
	[ -e "$f" ] && srcs+=("${f##*/}")
done
# tar keeps modification times, so an unchanged file is not rebuilt;
# build artefacts of the in-tree build are not copied.
tar -C "$repo" -c --exclude='*.o' --exclude='*.ko' --exclude='*.mod' \
	--exclude='*.mod.c' --exclude='.*.cmd' --exclude='*.a' \
	--exclude=modules.order --exclude=Module.symvers "${srcs[@]}" |
	tar -C "$dst" -x
make -C "$kout" M="$dst" XVM_KUNIT=1 modules

ko=$dst/module/xvm.ko
[ -f "$ko" ] || { echo "build-kunit-module: $ko was not built" >&2; exit 1; }
if readelf -W -S "$ko" | grep -q kunit_test_suites; then
	echo --expect-ktap > "$repo/build/kunit/expect-ktap"
	echo "build-kunit-module: $ko has KUnit suites"
else
	: > "$repo/build/kunit/expect-ktap"
	echo "build-kunit-module: $ko has no KUnit suites"
fi
