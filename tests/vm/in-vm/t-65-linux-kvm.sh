#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# xvm-run --kvm: the same Linux guest as t-60, with the same PC devices,
# on the stock KVM modules (/xvm/kvm/) instead of xvm, as `make bench`
# runs it for the boot-time comparison. xvm is unloaded first and loaded
# again at the end; so are the KVM modules.
. /xvm/tests/lib.sh

need_linux_guest
[ -f /xvm/kvm/kvm.ko ] || skip "no stock KVM modules in /xvm/kvm"
if grep -qw vmx /proc/cpuinfo; then
	kmods="irqbypass kvm kvm-intel"
else
	kmods="irqbypass kvm ccp kvm-amd"
fi
for m in $kmods; do
	grep -q "^${m//-/_} " /proc/modules || [ -f /xvm/kvm/$m.ko ] ||
		skip "no $m.ko in /xvm/kvm (this kernel's KVM is not complete)"
done
if xvm_loaded; then
	rmmod xvm || fail "rmmod xvm"
fi
dmesg_mark
for m in $kmods; do
	grep -q "^${m//-/_} " /proc/modules && continue
	insmod /xvm/kvm/$m.ko || fail "insmod $m.ko"
done
wait_chardev /dev/kvm || fail "/dev/kvm did not appear"
t=/tmp/t-65

$run --kvm --timeout 110 --kernel $k --initrd $i \
	--append "console=ttyS0 panic=-1 nokaslr xvm_test=boot" >$t.out 2>$t.err
rc=$?
info "$(grep 'boot time' $t.err)"
for m in kvm-amd kvm-intel kvm; do
	grep -q "^${m//-/_} " /proc/modules && rmmod $m
done
ensure_loaded
linux_boot_checks
# The same machine as under xvm: no local APIC, no KVM clock. (Nested in
# QEMU the guest warns "XSAVE consistency problem": QEMU's XSETBV bug,
# Documentation/xvm-run.rst, "On KVM".)
grep -q 'No local APIC present' $t.out || { info "guest found an APIC"; ok=0; }
grep -qiE 'kvm-clock|kvmclock' $t.out && { info "guest uses kvmclock"; ok=0; }
linux_boot_verdict "Linux guest on KVM"
dmesg_check
