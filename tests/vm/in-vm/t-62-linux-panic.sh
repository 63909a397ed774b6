#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# A Linux guest panics (sysrq c, with panic=-1): the panic shows on the
# console and xvm-run ends with its own status, 123 ("guest kernel
# panic"), not the reboot status 0.
. /xvm/tests/lib.sh

need_linux_guest
ensure_loaded
dmesg_mark
t=/tmp/t-62

$run --timeout 110 --kernel $k --initrd $i \
	--append "console=ttyS0 panic=-1 nokaslr quiet xvm_test=panic" >$t.out 2>$t.err
rc=$?
if [ "$rc" -ne 123 ] || ! grep -q 'Kernel panic' $t.out ||
	! grep -q 'guest kernel panic' $t.err; then
	echo "--- guest console (last 40 lines):"; guest_console $t.out 40
	echo "--- stderr:"; tail -30 $t.err; guest_symbols $t.err
	fail "panic: status $rc (want 123) or no panic message"
fi
# Not the panic line itself: the harness flags "Kernel panic" on the
# machine's console as the machine's own.
info "the guest panicked, xvm-run status $rc: $(grep -m1 'guest kernel panic' $t.err)"
dmesg_check
