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
linux_boot_checks
linux_boot_verdict "Linux guest"
dmesg_check
