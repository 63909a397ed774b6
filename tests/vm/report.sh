#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Judge the console log of one emulated-machine run.
#
# Usage: report.sh --target NAME --kernel stock|debug [--expect-ktap] LOG
#
# Prints the per-test lines of the in-VM runner, a line for the KTAP
# results (debug kernel) and one for the kernel log scan, then exactly one
# line "N passed, N failed, N skipped".  Exits non-zero on any failure or
# when the runner's XVM-RESULT line is missing (crash or timeout); then it
# also prints the last 60 lines of the log.  Writes the counts to
# build/results/NAME.
set -uo pipefail

here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
target= kind=stock ktap=0 log=
while [ $# -gt 0 ]; do
	case $1 in
	--target) target=$2; shift ;;
	--kernel) kind=$2; shift ;;
	--expect-ktap) ktap=1 ;;
	*) log=$1 ;;
	esac
	shift
done
[ -f "$log" ] || { echo "report.sh: no log $log" >&2; exit 2; }
: "${target:=$(basename "$log" .log)}"

pass=0 fail=0 skip=0
p() { echo "  $*"; }

# Everything from the runner's start marker on: reports printed while the
# kernel booted are not the module's doing.
tests_part() { sed -n '/XVM-TESTS-BEGIN/,$p' "$log"; }

echo "== $target ($kind kernel)"
# 1. The in-VM runner's verdicts.  Without its XVM-RESULT line (crash,
# hang, timeout) the verdicts printed so far still count, plus a failure
# for the test that was running.
verdicts=$(tests_part | grep -aoE '(PASS|FAIL|SKIP) t-[A-Za-z0-9_.-]+( \(.*\))?')
[ -n "$verdicts" ] && echo "$verdicts" | sed 's/^/  /'
result=$(grep -aoE 'XVM-RESULT: [0-9]+ passed, [0-9]+ failed, [0-9]+ skipped' "$log" | tail -n 1)
if [ -n "$result" ]; then
	read -r rp rf rs <<<"$(echo "$result" | grep -oE '[0-9]+' | tr '\n' ' ')"
	pass=$((pass + rp)) fail=$((fail + rf)) skip=$((skip + rs))
else
	pass=$((pass + $(echo "$verdicts" | grep -c '^PASS')))
	fail=$((fail + $(echo "$verdicts" | grep -c '^FAIL') + 1))
	skip=$((skip + $(echo "$verdicts" | grep -c '^SKIP')))
	running=$(tests_part | grep -aoE '=== RUN t-[A-Za-z0-9_.-]+' | tail -n 1)
	if ! grep -aq 'XVM-INIT:' "$log"; then
		p "FAIL boot (the machine never reached /init)"
	elif [ -n "$running" ]; then
		p "FAIL ${running#=== RUN } (did not finish: the machine crashed, hung or timed out)"
	else
		p "FAIL run-all (no XVM-RESULT line: the machine crashed, hung or timed out)"
	fi
fi

# The runner finished but /init did not get to its end marker: the final
# kmemleak scan (debug kernel) or the shutdown hung or timed out.
if [ -n "$result" ] && ! grep -aq 'XVM-TESTS-END' "$log"; then
	fail=$((fail + 1))
	p "FAIL shutdown (no XVM-TESTS-END: the final kmemleak scan or the reboot hung or timed out)"
fi

# 2. KTAP from the KUnit suites linked into xvm.ko (debug kernel).
if [ "$kind" = debug ]; then
	prefix='^(\[ *[0-9]+\.[0-9]+\] )?[[:space:]]*'
	ok_re="${prefix}ok [0-9]+ "
	not_re="${prefix}not ok [0-9]+ "
	nok=$(tests_part | grep -acE "$ok_re")
	nnot=$(tests_part | grep -acE "$not_re")
	if [ "$nnot" -gt 0 ]; then
		fail=$((fail + 1))
		p "FAIL kunit ($nnot 'not ok' KTAP lines):"
		tests_part | grep -aE "$not_re" | head -n 40 | sed 's/^/      /'
	elif [ "$ktap" = 1 ] && [ "$nok" = 0 ]; then
		fail=$((fail + 1))
		p "FAIL kunit (xvm.ko has KUnit suites but the log has no KTAP result)"
	elif [ "$nok" -gt 0 ]; then
		pass=$((pass + 1))
		p "PASS kunit ($nok KTAP 'ok' lines)"
	else
		skip=$((skip + 1))
		p "SKIP kunit (xvm.ko has no KUnit suites)"
	fi
fi

# 3. Kernel reports anywhere after the tests started.  The patterns are
# the report formats (a "kmemleak: ... initialized" boot line does not
# match, a "kmemleak: 2 new suspected memory leaks" line does).
reports='BUG: |WARNING: |Oops: |general protection fault|Kernel panic|KASAN|UBSAN: |kmemleak: [0-9]+ new suspected|unreferenced object 0x|possible circular locking|possible recursive locking|inconsistent lock state|lockdep is turned off|DEBUG_LOCKS_WARN_ON|suspicious RCU usage|Call Trace:'
# A Linux guest's console, shown by a failing test, is not this kernel's.
hits=$(tests_part | grep -av '  guest| ' | grep -aE "$reports")
if [ -n "$hits" ]; then
	fail=$((fail + 1))
	p "FAIL kernel-log ($(echo "$hits" | wc -l) report lines):"
	echo "$hits" | head -n 40 | sed 's/^/      /'
elif [ -n "$result" ]; then
	pass=$((pass + 1))
	p "PASS kernel-log (no BUG/WARNING/KASAN/UBSAN/lockdep/kmemleak report)"
fi

mkdir -p "$repo/build/results"
echo "$pass $fail $skip" > "$repo/build/results/$target"
if [ "$fail" -gt 0 ]; then
	echo "---- last 60 lines of ${log#"$repo"/} ----"
	tail -n 60 "$log"
	echo "----"
fi
echo "$pass passed, $fail failed, $skip skipped"
[ "$fail" = 0 ]
