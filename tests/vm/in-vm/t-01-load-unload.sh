#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# insmod/rmmod 10 times in a row: /dev/xvm comes and goes each time, the
# kernel log stays clean and (debug kernel) kmemleak finds nothing new.
# Leaves the module loaded for the tests after it.
. /xvm/tests/lib.sh

if xvm_loaded; then
	rmmod xvm || fail "initial rmmod"
fi
wait_gone $XVM_DEV || fail "$XVM_DEV still there after rmmod"
kmemleak_clear
dmesg_mark
i=1
while [ $i -le 10 ]; do
	insmod "$XVM_KO" || fail "insmod #$i"
	wait_chardev $XVM_DEV || fail "$XVM_DEV missing after insmod #$i"
	rmmod xvm || fail "rmmod #$i"
	wait_gone $XVM_DEV || fail "$XVM_DEV still there after rmmod #$i"
	i=$((i + 1))
done
info "10 load/unload cycles done"
dmesg_check
kmemleak_check
ensure_loaded
