#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Style checks of the kernel module; two results for the `make check`
# summary (named after the target, so that summary.sh finds them):
#  check-style-build       a W=1 C=2 (sparse on every file) build against
#                          the stock Debian headers; any compiler or sparse
#                          warning fails it.
#  check-style-checkpatch  scripts/checkpatch.pl --no-tree --terse -f over
#                          module/ and uapi/; any ERROR or WARNING fails it.
#                          A known false positive goes into a top-level
#                          .checkpatch.conf (one option a line, e.g.
#                          --ignore SPACING), which checkpatch reads by
#                          itself, with a comment saying why.
# Logs: build/logs/style-build.log, build/logs/checkpatch.log.
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
logs=$repo/build/logs
mkdir -p "$logs"
st=0

# 1. W=1 + sparse.  Built from a fresh copy so that every file is
# compiled and checked, whatever state the in-tree objects are in.
style_build() {
	local hdr dst=$repo/build/style/src
	hdr=$("$here/debian-kernel.sh" | sed -n 2p) || return 1
	command -v sparse >/dev/null || { echo "sparse missing (make deps)"; return 1; }
	rm -rf "$dst"
	mkdir -p "$dst"
	cp -a "$repo/Kbuild" "$repo/module" "$dst/"
	[ -d "$repo/uapi" ] && cp -a "$repo/uapi" "$dst/"
	find "$dst" \( -name '*.o' -o -name '*.ko' -o -name '.*.cmd' -o -name '*.mod*' \) -delete
	make -C "$hdr" M="$dst" W=1 C=2 modules > "$logs/style-build.log" 2>&1
	local rc=$?
	sed -i "s|$dst/||g" "$logs/style-build.log"
	if [ $rc != 0 ] || grep -qE 'warning:|error:' "$logs/style-build.log"; then
		grep -E 'warning:|error:' "$logs/style-build.log" | head -n 50
		[ $rc != 0 ] && tail -n 20 "$logs/style-build.log"
		echo "W=1 C=2 build: not clean (build/logs/style-build.log)"
		return 1
	fi
	echo "W=1 C=2 build: no warnings"
}

# 2. checkpatch.pl from the linux-source tarball: from the debug kernel's
# extracted tree when there is one, else just the three files it needs.
checkpatch() {
	local kout src cp files out
	kout=$("$here/build-kernel.sh" --print-dir) || return 1
	src=${kout%/out}/src
	if [ ! -f "$src/scripts/checkpatch.pl" ]; then
		src=${kout%/out}-checkpatch
		if [ ! -f "$src/scripts/checkpatch.pl" ]; then
			echo "extracting checkpatch.pl from ${XVM_KERNEL_TARBALL:-/usr/src/linux-source-6.1.tar.xz}"
			mkdir -p "$src.tmp"
			tar -xJf "${XVM_KERNEL_TARBALL:-/usr/src/linux-source-6.1.tar.xz}" \
				-C "$src.tmp" --strip-components=1 --wildcards \
				'*/scripts/checkpatch.pl' '*/scripts/spelling.txt' \
				'*/scripts/const_structs.checkpatch' || return 1
			rm -rf "$src" && mv "$src.tmp" "$src"
		fi
	fi
	cp=$src/scripts/checkpatch.pl
	cd "$repo" || return 1
	# Sources only: not Kbuild's generated *.mod.c.
	files=$(ls module/*.[ch] module/*/*.[ch] uapi/*.h 2>/dev/null |
		grep -v '\.mod\.c$' | LC_ALL=C sort)
	[ -n "$files" ] || { echo "checkpatch: no files"; return 0; }
	# shellcheck disable=SC2086
	perl "$cp" --no-tree --terse --show-types --no-summary -f $files \
		> "$logs/checkpatch.log" 2>&1
	out=$(grep -E ': (ERROR|WARNING):' "$logs/checkpatch.log")
	if [ -n "$out" ]; then
		echo "$out" | head -n 60
		echo "checkpatch: $(echo "$out" | wc -l) errors/warnings (build/logs/checkpatch.log)"
		return 1
	fi
	echo "checkpatch: clean ($(echo "$files" | wc -w) files)"
}

for check in style_build checkpatch; do
	name=check-style-${check#*_}
	if "$check"; then
		"$here/record.sh" "$name" pass
	else
		"$here/record.sh" "$name" fail || st=1
	fi
done
exit $st
