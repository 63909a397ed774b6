#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The last word of `make check`: add up build/results/* (one file per run
# or check, "passed failed skipped") and print one line
#   N passed, N failed, N skipped
# Arguments: make targets that failed; one whose results files show no
# failure (it failed before or outside its tests, e.g. a build error)
# counts as one failure.
set -uo pipefail
repo=$(cd "$(dirname "$0")/../.." && pwd)
res=$repo/build/results
pass=0 fail=0 skip=0
echo "######## summary"
for f in "$res"/*; do
	[ -f "$f" ] || continue
	read -r p f2 s < "$f"
	printf '  %-20s %s passed, %s failed, %s skipped\n' "${f##*/}" "$p" "$f2" "$s"
	pass=$((pass + p)) fail=$((fail + f2)) skip=$((skip + s))
done
for t in "$@"; do
	seen=0
	for f in "$res/$t"*; do
		[ -f "$f" ] || continue
		read -r p f2 s < "$f"
		seen=$((seen + f2))
	done
	if [ "$seen" = 0 ]; then
		printf '  %-20s FAILED outside its tests (build error?)\n' "$t"
		fail=$((fail + 1))
	fi
done
echo "$pass passed, $fail failed, $skip skipped"
[ "$fail" = 0 ] && [ $# = 0 ]
