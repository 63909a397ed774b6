#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# xvm and stock KVM (the kernel's own kvm.ko, kvm-amd.ko/kvm-intel.ko in
# /xvm/kvm/). KVM turns VMX/SVM on only while it has a VM, xvm from load
# to unload. So:
#   1. with a KVM VM open, insmod xvm.ko fails with EBUSY and one log line;
#   2. with xvm loaded, KVM loads, but KVM_CREATE_VM fails (EBUSY);
#   3. after rmmod xvm, KVM_CREATE_VM works again.
. /xvm/tests/lib.sh
hold=/xvm/isolation/kvm-hold-vm
[ -x $hold ] || skip "$hold not built"
case $XVM_BACKEND in
svm) vendor=kvm-amd ;;
vmx) vendor=kvm-intel ;;
*) skip "backend $XVM_BACKEND" ;;
esac
[ -f /xvm/kvm/kvm.ko ] && [ -f /xvm/kvm/$vendor.ko ] || skip "no stock KVM modules in /xvm/kvm"

xvm_loaded && { rmmod xvm || fail "rmmod xvm"; }
dmesg_mark
[ -f /xvm/kvm/irqbypass.ko ] && insmod /xvm/kvm/irqbypass.ko 2>/dev/null
# kvm-amd needs ccp (SEV) in the Debian kernel.
[ $vendor = kvm-amd ] && [ -f /xvm/kvm/ccp.ko ] && insmod /xvm/kvm/ccp.ko 2>/dev/null
insmod /xvm/kvm/kvm.ko || skip "stock kvm.ko does not load here"
if ! insmod /xvm/kvm/$vendor.ko; then
	dmesg | tail -n 5
	rmmod kvm
	skip "stock $vendor.ko does not load on this emulated CPU"
fi
wait_chardev /dev/kvm || fail "/dev/kvm did not appear"
unload_kvm() {
	rmmod ${vendor#kvm-} 2>/dev/null || rmmod kvm_${vendor#kvm-} 2>/dev/null
	rmmod kvm 2>/dev/null
	rmmod irqbypass 2>/dev/null
	rmmod ccp 2>/dev/null
}

# 1. KVM holds the hardware: xvm refuses to load.
$hold > /tmp/kvmhold.out 2>&1 &
pid=$!
n=0
while ! grep -q '^ready' /tmp/kvmhold.out && [ $n -lt 50 ]; do
	kill -0 $pid 2>/dev/null || break
	usleep 100000; n=$((n + 1))
done
if ! grep -q '^ready' /tmp/kvmhold.out; then
	cat /tmp/kvmhold.out; kill $pid 2>/dev/null; unload_kvm
	skip "stock KVM cannot create a VM on this emulated CPU"
fi
dmesg_mark
if insmod $XVM_KO 2>/tmp/insmod.err; then
	kill $pid; rmmod xvm; unload_kvm
	fail "insmod xvm.ko succeeded while KVM held the hardware"
fi
cat /tmp/insmod.err
grep -q 'busy' /tmp/insmod.err || fail "insmod did not fail with EBUSY"
# busybox insmod tries finit_module, then init_module: the module's init
# may run twice, and must say the same one line each time.
dmesg | grep 'xvm:'
lines=$(dmesg | grep 'xvm:' | sed 's/^\[[^]]*\] //' | sort -u | wc -l)
[ "$lines" = 1 ] || fail "want one distinct xvm log line, got $lines"
dmesg | grep -q 'xvm: .*in use by another hypervisor' ||
	fail "the log line does not say why"
[ -e /dev/xvm ] && fail "/dev/xvm exists after a refused load"
kill $pid
wait $pid 2>/dev/null
info "1. KVM VM open: insmod xvm.ko refused with EBUSY and one log line"

# 2. KVM loaded but idle: xvm loads; KVM can no longer create a VM.
insmod $XVM_KO || fail "insmod xvm.ko with KVM loaded but idle"
wait_chardev $XVM_DEV || fail "$XVM_DEV did not appear"
$hold > /tmp/kvmhold2.out 2>&1 &
pid=$!
usleep 500000
if grep -q '^ready' /tmp/kvmhold2.out; then
	kill $pid; rmmod xvm; unload_kvm
	fail "KVM created a VM while xvm held the hardware"
fi
wait $pid
cat /tmp/kvmhold2.out
grep -q 'KVM_CREATE_VM' /tmp/kvmhold2.out || fail "kvm-hold-vm: $(cat /tmp/kvmhold2.out)"
info "2. xvm loaded: KVM_CREATE_VM fails: $(cat /tmp/kvmhold2.out)"
/xvm/isolation/isolation open-loop 1 | grep -q '^open-loop: [1-9]' ||
	fail "xvm does not run a VM with KVM loaded"

# 3. xvm gone: KVM works again.
rmmod xvm || fail "rmmod xvm"
$hold > /tmp/kvmhold3.out 2>&1 &
pid=$!
usleep 500000
grep -q '^ready' /tmp/kvmhold3.out || { cat /tmp/kvmhold3.out; kill $pid; unload_kvm; fail "KVM cannot create a VM after rmmod xvm"; }
kill $pid
wait $pid 2>/dev/null
info "3. after rmmod xvm, KVM creates VMs again"
dmesg | grep -E 'WARNING:|BUG:|Oops|Call Trace|general protection' && fail "kernel report (above)"
unload_kvm
ensure_loaded
