#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# MSRs: guest-owned ones round-trip, unknown and host-owned ones raise #GP.
# Guest: tests/guests/msr.S (expected output: tests/guests/msr.expect,
# repeated below because only the binaries reach the test machine).
. /xvm/tests/lib.sh

run=/xvm/xvm-run
g=/xvm/guests/msr.elf
[ -x $run ] || skip "$run not built"
[ -f $g ] || skip "$g not built"
ensure_loaded
dmesg_mark
t=/tmp/t-27-msr

# check STATUS: the run's status and stdout must match; show all if not.
check() {
	if [ "$rc" -ne "$1" ] || ! cmp -s $t.exp $t.out; then
		echo "--- expected stdout (status $1):"; cat $t.exp
		echo "--- got stdout (status $rc):"; cat $t.out
		echo "--- stderr:"; cat $t.err
		echo "--- again with -vvv (first 60 lines):"
		$run $args -vvv --timeout 10 $g 2>&1 | head -60
		fail "msr: status or output differ"
	fi
}

args="--timeout 30 "
$run $args $g >$t.out 2>$t.err
rc=$?
cat >$t.exp <<'EOF'
msr IA32_SYSENTER_CS: ok
msr STAR: ok
msr LSTAR: ok
msr KERNEL_GS_BASE: ok
rdmsr 0xdeadbeef: #GP
wrmsr 0xdeadbeef: #GP
rdmsr VM_HSAVE_PA: #GP
wrmsr VM_HSAVE_PA: #GP
EOF
check 0
dmesg_check
