#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# t-60's Linux boot, three times, while every thread of xvm-run is moved
# between CPU 0 and CPU 1 every 20 ms: interrupts injected while the vCPU
# thread moves and is kicked across CPUs arrive once each. (Under QEMU
# this found the TCG event-injection fault that svm.c works around: about
# 4 boots in 10 deadlocked in the guest's timer interrupt without it.)
. /xvm/tests/lib.sh

need_linux_guest
need_two_cpus
ensure_loaded
dmesg_mark
t=/tmp/t-64
bad=0
for round in 1 2 3; do
	$run --timeout 60 --kernel $k --initrd $i \
		--append "console=ttyS0 panic=-1 nokaslr xvm_test=boot" \
		>$t.out 2>$t.err &
	pid=$!
	move_until_gone $pid
	wait $pid
	rc=$?
	if [ $rc -ne 0 ] || ! grep -q '^xvm-guest: 6\*7=42' $t.out; then
		bad=$((bad + 1))
		echo "--- round $round: guest console (last 20 lines):"
		guest_console $t.out 20
		echo "--- stderr:"; tail -20 $t.err; guest_symbols $t.err
	fi
	info "round $round: status $rc after $moves moves"
done
[ $bad = 0 ] || fail "$bad of 3 boots failed"
dmesg_check
