#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# A real Linux guest: the stock Debian kernel (the one this machine runs,
# copied to /xvm/linux/vmlinuz) boots under xvm-run --kernel with a small
# busybox initramfs (tests/guests/linux/), whose /init runs commands in a
# shell and ends with `reboot -f`: xvm-run must print their output and
# end with status 0, "guest rebooted". Also prints the boot time.
. /xvm/tests/lib.sh

need_linux_guest
ensure_loaded
dmesg_mark
t=/tmp/t-60

$run --timeout 110 --kernel $k --initrd $i \
	--append "console=ttyS0 panic=-1 nokaslr xvm_test=boot" >$t.out 2>$t.err
rc=$?
info "$(grep 'boot time' $t.err)"
ok=1
[ "$rc" -eq 0 ] || ok=0
grep -q '^xvm-guest: kernel Linux ' $t.out || ok=0
grep -q '^xvm-guest: 6\*7=42' $t.out || ok=0
grep -q 'XT-PIC.*timer' $t.out || ok=0
grep -q '^xvm-run: guest rebooted' $t.err || ok=0
if [ $ok = 0 ]; then
	echo "--- guest console (last 60 lines):"; guest_console $t.out 60
	echo "--- stderr:"; tail -30 $t.err; guest_symbols $t.err
	fail "Linux guest: status $rc (want 0) or output differs"
fi
grep '^xvm-guest:' $t.out | sed 's/^/  /'
dmesg_check
