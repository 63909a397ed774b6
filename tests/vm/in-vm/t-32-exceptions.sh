#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Exceptions (#UD #DE #BP #GP #PF) handled by the guest IDT, which resumes.
# Guest: tests/guests/exceptions.S (expected output: tests/guests/exceptions.expect,
# repeated below because only the binaries reach the test machine).
. /xvm/tests/lib.sh

run=/xvm/xvm-run
g=/xvm/guests/exceptions.elf
[ -x $run ] || skip "$run not built"
[ -f $g ] || skip "$g not built"
ensure_loaded
dmesg_mark
t=/tmp/t-32-exceptions

# check STATUS: the run's status and stdout must match; show all if not.
check() {
	if [ "$rc" -ne "$1" ] || ! cmp -s $t.exp $t.out; then
		echo "--- expected stdout (status $1):"; cat $t.exp
		echo "--- got stdout (status $rc):"; cat $t.out
		echo "--- stderr:"; cat $t.err
		echo "--- again with -vvv (first 60 lines):"
		$run $args -vvv --timeout 10 $g 2>&1 | head -60
		fail "exceptions: status or output differ"
	fi
}

args="--timeout 30 "
$run $args $g >$t.out 2>$t.err
rc=$?
cat >$t.exp <<'EOF'
#UD handled
#DE handled
#BP handled
#GP handled (error code 0)
#PF handled (cr2 0x200000000, error code 0)
5 exceptions, all resumed
EOF
check 0
dmesg_check
