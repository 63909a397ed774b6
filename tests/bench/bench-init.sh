#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# /init of the benchmark machine (tests/bench/run.sh): xvm-bench through
# xvm.ko, then through the stock KVM modules, in the same machine; after
# each, the Linux guest's boot with xvm-run (--kvm for KVM), when the
# initrd has it (/xvm/linux).  The host parses the lines between
# XVM-BENCH-BEGIN and XVM-BENCH-END.
export PATH=/bin:/sbin
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev 2>/dev/null
mount -t tmpfs tmpfs /tmp 2>/dev/null
exec </dev/console >/dev/console 2>&1

q=
[ "${XVM_BENCH_QUICK:-0}" = 1 ] && q=-q
wait_dev() {
	n=0
	while [ ! -c "$1" ] && [ $n -lt 50 ]; do usleep 100000; n=$((n + 1)); done
	[ -c "$1" ]
}
# The Linux guest's boot through xvm-run on backend $1.
boot_bench() {
	if [ ! -f /xvm/linux/vmlinuz ] || [ ! -x /xvm/xvm-run ]; then
		r="no Linux guest in this machine's initrd"
		[ "${XVM_BENCH_NOLINUX:-0}" = 1 ] && r="$r (run.sh --no-linux)"
		echo "BENCH-SKIP $1 linux_boot: $r"
		return
	fi
	/xvm/bench/xvm-bench boot "$1" $q /xvm/xvm-run /xvm/linux/vmlinuz \
		/xvm/linux/initrd.gz || echo "BENCH-FAIL $1 boot exit $?"
}

# Kernel messages off the console while the figures are printed (they
# can cut into a line); reports are shown from dmesg at the end.
dmesg -n 1
dmesg -c >/dev/null	# boot's own reports (Bochs: an XSAVE warning) are not ours
echo "XVM-BENCH-BEGIN kernel $(uname -r), backend ${XVM_BACKEND:-?}," \
	"xvm ${XVM_REV:-?}, clocksource $(cat /sys/devices/system/clocksource/clocksource0/current_clocksource)"
# Let boot-time work (deferred probes, RCU) die down first.
sleep 2

if insmod /xvm/xvm.ko && wait_dev /dev/xvm; then
	/xvm/bench/xvm-bench xvm $q || echo "BENCH-FAIL xvm exit $?"
	boot_bench xvm
	rmmod xvm || echo "BENCH-FAIL xvm rmmod"
else
	echo "BENCH-FAIL xvm insmod"
fi

insmod /xvm/kvm/irqbypass.ko
insmod /xvm/kvm/kvm.ko
if [ "${XVM_BACKEND:-}" = vmx ]; then
	insmod /xvm/kvm/kvm-intel.ko
else
	insmod /xvm/kvm/ccp.ko
	insmod /xvm/kvm/kvm-amd.ko
fi
if wait_dev /dev/kvm; then
	/xvm/bench/xvm-bench kvm $q || echo "BENCH-FAIL kvm exit $?"
	boot_bench kvm
else
	echo "BENCH-FAIL kvm: no /dev/kvm"
fi
dmesg | grep -E 'WARNING:|BUG:|Oops|Call Trace|general protection' &&
	echo "BENCH-FAIL kernel report (above)"
echo "XVM-BENCH-END"
sync
# Let the serial console drain: Bochs lost the last lines without it.
sleep 3
reboot -f
while :; do sleep 60; done
