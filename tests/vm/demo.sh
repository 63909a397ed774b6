#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
# `make demo`, inside the emulated machine: load xvm.ko and run one guest
# with xvm-run; the guest's serial console goes straight to this console.
# XVM_DEMO_GUEST=linux: first the small guest, then a Linux guest.
demo=${XVM_DEMO_GUEST:-hello.bin}
[ "$demo" = linux ] && guest=/xvm/guests/hello.bin || guest=/xvm/guests/$demo
echo "demo: insmod /xvm/xvm.ko"
insmod /xvm/xvm.ko || { echo "demo: insmod failed"; exit 1; }
ls -l /dev/xvm
echo "demo: /xvm/xvm-run $guest"
echo "------------------------------------------------------------ guest"
/xvm/xvm-run --timeout 60 "$guest"
rc=$?
echo "------------------------------------------------------------"
echo "demo: xvm-run exited with status $rc"
if [ "$demo" = linux ] && [ -x /xvm/linux/demo.sh ]; then
	echo "demo: now a Linux guest: the stock Debian kernel under xvm-run"
	sh /xvm/linux/demo.sh
fi
