#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# A CPU that goes offline and comes back online while the module is loaded
# gets hardware virtualization turned on again: a guest pinned to it runs.
. /xvm/tests/lib.sh

run=/xvm/xvm-run
g=/xvm/guests/hello.bin
cpu1=/sys/devices/system/cpu/cpu1/online
[ -x $run ] || skip "$run not built"
[ -f $g ] || skip "$g not built"
[ -w $cpu1 ] || skip "CPU 1 cannot be taken offline here"
ensure_loaded
dmesg_mark

for round in 1 2 3; do
	echo 0 > $cpu1 || fail "cannot take CPU 1 offline"
	grep -q '^xvm ' /proc/modules || fail "module gone"
	echo 1 > $cpu1 || fail "cannot bring CPU 1 online"
	out=$(taskset 2 $run --timeout 30 $g 2>&1)
	rc=$?
	[ $rc -eq 0 ] && [ "$out" = "Hello from xvm guest" ] ||
		fail "round $round: guest on CPU 1 after hotplug: status $rc: $out"
	info "round $round: guest runs on CPU 1 after offline/online"
done
dmesg_check
