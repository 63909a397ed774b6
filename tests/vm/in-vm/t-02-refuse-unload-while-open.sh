#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# The module cannot be removed while /dev/xvm or a VM file descriptor is
# open, and can be once they are closed.
#
# The VM part needs /xvm/api/xvm-hold-vm (tests/api/): it opens /dev/xvm,
# creates a VM, closes /dev/xvm so that only the VM fd is left, prints a
# line "ready", and keeps the VM fd until it is killed.  Without it the
# test checks the /dev/xvm part and then reports a skip.
. /xvm/tests/lib.sh

ensure_loaded

# 1. /dev/xvm itself held open by this shell.
exec 3<$XVM_DEV || fail "open $XVM_DEV"
if rmmod xvm 2>/dev/null; then
	fail "rmmod succeeded while $XVM_DEV was open"
fi
exec 3<&-
rmmod xvm || fail "rmmod failed after $XVM_DEV was closed"
ensure_loaded
info "/dev/xvm open: rmmod refused as expected"

# 2. A VM fd alone.
holder=/xvm/api/xvm-hold-vm
[ -x $holder ] || skip "$holder not built"
out=/tmp/hold.$$
$holder > $out 2>&1 &
pid=$!
i=0
while ! grep -q '^ready' $out && [ $i -lt 100 ]; do
	kill -0 $pid 2>/dev/null || { cat $out; fail "$holder exited early"; }
	usleep 100000
	i=$((i + 1))
done
grep -q '^ready' $out || { cat $out; kill $pid; fail "$holder not ready after 10 s"; }
if rmmod xvm 2>/dev/null; then
	kill $pid
	fail "rmmod succeeded while a VM fd was open"
fi
kill $pid
wait $pid 2>/dev/null
rmmod xvm || fail "rmmod failed after the VM fd was closed"
ensure_loaded
info "VM fd open: rmmod refused as expected"
