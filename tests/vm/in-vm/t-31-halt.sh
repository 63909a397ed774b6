#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# HLT with interrupts off and no interrupt source: "guest halted", status 0.
# Guest: tests/guests/halt.S (expected output: tests/guests/halt.expect,
# repeated below because only the binaries reach the test machine).
. /xvm/tests/lib.sh

run=/xvm/xvm-run
g=/xvm/guests/halt.bin
[ -x $run ] || skip "$run not built"
[ -f $g ] || skip "$g not built"
ensure_loaded
dmesg_mark
t=/tmp/t-31-halt

# check STATUS: the run's status and stdout must match; show all if not.
check() {
	if [ "$rc" -ne "$1" ] || ! cmp -s $t.exp $t.out; then
		echo "--- expected stdout (status $1):"; cat $t.exp
		echo "--- got stdout (status $rc):"; cat $t.out
		echo "--- stderr:"; cat $t.err
		echo "--- again with -vvv (first 60 lines):"
		$run $args -vvv --timeout 10 $g 2>&1 | head -60
		fail "halt: status or output differ"
	fi
}

args="--timeout 30"
$run $args $g >$t.out 2>$t.err
rc=$?
cat >$t.exp <<'EOF'
halting with IF=0
EOF
check 0
grep -q '^xvm-run: guest halted' $t.err || { cat $t.err; fail "no 'guest halted'"; }
dmesg_check
