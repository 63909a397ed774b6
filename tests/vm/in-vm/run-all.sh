#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# In-VM test runner: runs every /xvm/tests/t-*.sh in sorted order (or the
# ones XVM_TESTS selects), each under a timeout (XVM_TEST_TIMEOUT seconds
# of guest time, default 120).
# Exit status of a test: 0 pass, 77 skip, anything else fail.
# Prints PASS/FAIL/SKIP <name> per test and one final line
#   XVM-RESULT: N passed, N failed, N skipped
# Verdicts go through the kernel log so that they reach the console whole
# (see /init).
mark() { echo "$*" > /dev/kmsg 2>/dev/null || echo "$*"; }

dir=${XVM_TESTS_DIR:-/xvm/tests}
limit=${XVM_TEST_TIMEOUT:-120}
pass=0 fail=0 skip=0

# XVM_TESTS (kernel command line): comma-separated name prefixes to run,
# e.g. "t-0,t-72"; empty runs every test.
selected() {
	[ -z "${XVM_TESTS:-}" ] && return 0
	for p in $(echo "$XVM_TESTS" | tr ',' ' '); do
		case $1 in "$p"*) return 0 ;; esac
	done
	return 1
}

for t in $(cd "$dir" && ls t-*.sh 2>/dev/null | LC_ALL=C sort); do
	name=${t%.sh}
	selected "$name" || continue
	mark "=== RUN $name"
	start=$(cut -d. -f1 /proc/uptime)
	timeout "$limit" sh "$dir/$t" </dev/null
	rc=$?
	secs=$(( $(cut -d. -f1 /proc/uptime) - start ))
	case $rc in
	0)	pass=$((pass + 1)); mark "PASS $name (${secs}s)" ;;
	77)	skip=$((skip + 1)); mark "SKIP $name" ;;
	124|143) fail=$((fail + 1)); mark "FAIL $name (timeout after ${limit}s)" ;;
	*)	fail=$((fail + 1)); mark "FAIL $name (exit $rc)" ;;
	esac
done
mark "XVM-RESULT: $pass passed, $fail failed, $skip skipped"
