#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Record the verdict of one check that is not an emulated-machine run as
# one result in build/results/NAME, for the `make check` summary.
# Usage: record.sh NAME pass|fail|skip   (exits 1 for fail)
set -euo pipefail
repo=$(cd "$(dirname "$0")/../.." && pwd)
mkdir -p "$repo/build/results"
case $2 in
pass) echo "1 0 0" > "$repo/build/results/$1"; echo "PASS $1" ;;
skip) echo "0 0 1" > "$repo/build/results/$1"; echo "SKIP $1" ;;
*) echo "0 1 0" > "$repo/build/results/$1"; echo "FAIL $1"; exit 1 ;;
esac
