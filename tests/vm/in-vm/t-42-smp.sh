#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Four vCPUs, one thread each, check in through a LOCK XADD counter.
# Guest: tests/guests/smp.S (expected output: tests/guests/smp.expect,
# repeated below because only the binaries reach the test machine).
. /xvm/tests/lib.sh

run=/xvm/xvm-run
g=/xvm/guests/smp.elf
[ -x $run ] || skip "$run not built"
[ -f $g ] || skip "$g not built"
ensure_loaded
dmesg_mark
t=/tmp/t-42-smp

# check STATUS: the run's status and stdout must match; show all if not.
check() {
	if [ "$rc" -ne "$1" ] || ! cmp -s $t.exp $t.out; then
		echo "--- expected stdout (status $1):"; cat $t.exp
		echo "--- got stdout (status $rc):"; cat $t.out
		echo "--- stderr:"; cat $t.err
		echo "--- again with -vvv (first 60 lines):"
		$run $args -vvv --timeout 10 $g 2>&1 | head -60
		fail "smp: status or output differ"
	fi
}

args="--timeout 120 --cpus 4"
$run $args $g >$t.out 2>$t.err
rc=$?
cat >$t.exp <<'EOF'
vCPUs checked in: 4
EOF
check 0
dmesg_check
