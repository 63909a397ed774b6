#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Isolation (tests/isolation/isolation.c): intercepted MSRs, instructions
# and ports; XCR0 kept across exits; no #DB delivery loop holding the CPU;
# CPUID without host-only features; no host memory outside the slots; two
# VMs apart; VM/vCPU fds useless in another process; the access mode of
# /dev/xvm. Then no kernel report.
. /xvm/tests/lib.sh
prog=/xvm/isolation/isolation
[ -x $prog ] || skip "$prog not built"
ensure_loaded
dmesg_mark
st=0
for part in intercepts cr8 xcr0 db-loop ports cpuid memory twovm fds perms; do
	$prog $part > /tmp/iso.$part 2>&1 || st=1
	grep -E '^(FAIL|isolation)' /tmp/iso.$part | head -n 40
	tail -n 1 /tmp/iso.$part | sed "s/^/  $part: /"
done
dmesg_check
[ $st = 0 ] || fail "isolation failures (above)"
