#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# insmod xvm.ko succeeds, /dev/xvm appears as a character device, and the
# kernel log has no report.
. /xvm/tests/lib.sh

if xvm_loaded; then
	rmmod xvm || fail "xvm was loaded before the tests and rmmod failed"
fi
dmesg_mark
insmod "$XVM_KO" || { dmesg; fail "insmod $XVM_KO"; }
wait_chardev $XVM_DEV || fail "$XVM_DEV is not a character device"
info "$(ls -l $XVM_DEV)"
dmesg
dmesg_check
