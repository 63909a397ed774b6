#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# `make demo` with the Linux guest, inside the emulated machine: load
# xvm.ko and boot the stock Debian kernel under xvm-run --kernel to a
# busybox shell on this console. Installed as /xvm/linux/demo.sh by
# tests/vm/mkinitramfs.sh; tests/vm/demo.sh runs it for
# XVM_DEMO_GUEST=linux.
k=/xvm/linux/vmlinuz
i=/xvm/linux/initrd.gz
# XVM_DEMO_SHELL=1 (make demo DEMO_SHELL=1) leaves the guest's shell
# open; by default the guest runs a few commands and reboots.
if [ "${XVM_DEMO_SHELL:-0}" = 1 ]; then
	append="console=ttyS0 panic=-1 xvm_test=shell"
else
	append="console=ttyS0 panic=-1 xvm_test=boot"
fi
grep -q '^xvm ' /proc/modules || {
	echo "demo: insmod /xvm/xvm.ko"
	insmod /xvm/xvm.ko || { echo "demo: insmod failed"; exit 1; }
}
echo "demo: /xvm/xvm-run --kernel $k --initrd $i --append \"$append\""
echo "demo: the guest's shell is on this console; 'reboot -f' (or 'exit')"
echo "demo: ends it. Under QEMU, Ctrl-A Ctrl-A x quits xvm-run (Ctrl-A x"
echo "demo: alone quits QEMU). Booting takes about a minute under TCG."
echo "------------------------------------------------------------ guest"
/xvm/xvm-run --kernel $k --initrd $i --append "$append"
rc=$?
echo "------------------------------------------------------------"
echo "demo: xvm-run exited with status $rc"
