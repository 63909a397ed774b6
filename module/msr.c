// SPDX-License-Identifier: GPL-2.0
/*
 * MSRs of the guest: those the backend keeps in the VMCS/VMCB, those the
 * core emulates, and the rest, which go to the VMM (XVM_EXIT_MSR) from the
 * guest, or are reported unsupported to the state ioctls.
 */
#include <linux/slab.h>
#include <linux/uaccess.h>
#include <asm/msr-index.h>
#include <asm/apicdef.h>

#include "xvm.h"
#include "backend.h"

/*
 * MSRs that belong to the host or to a virtualization feature the guest
 * does not have: the guest gets #GP, the VMM is not asked.
 */
static bool xvm_msr_refused(u32 index)
{
	switch (index) {
	case MSR_IA32_FEAT_CTL:
	case MSR_IA32_VMX_BASIC ... MSR_IA32_VMX_VMFUNC:
	case MSR_VM_CR:
	case MSR_VM_HSAVE_PA:
	case MSR_VM_IGNNE:
	case MSR_IA32_SPEC_CTRL:
	case MSR_IA32_PRED_CMD:
	case MSR_IA32_FLUSH_CMD:
	case MSR_TSC_AUX:
	case MSR_IA32_BNDCFGS:
	case MSR_IA32_XSS:
	case MSR_IA32_RTIT_CTL:
		return true;
	}
	return false;
}

int xvm_msr_get(struct xvm_vcpu *vcpu, u32 index, u64 *data, bool host)
{
	int ret;

	if (xvm_msr_refused(index))
		return -EPERM;
	ret = xvm_ops->get_msr(vcpu, index, data);
	if (ret != -ENOENT)
		return ret;

	switch (index) {
	case MSR_IA32_APICBASE:
		*data = vcpu->apic_base;
		return 0;
	case MSR_IA32_MISC_ENABLE:
		*data = vcpu->misc_enable;
		return 0;
	case MSR_IA32_TSC:
		*data = rdtsc();
		return 0;
	case MSR_IA32_UCODE_REV:
	case MSR_IA32_PLATFORM_ID:
	case MSR_MTRRcap:
	case MSR_IA32_MCG_CAP:
	case MSR_IA32_MCG_STATUS:
		*data = 0;
		return 0;
	}
	return -ENOENT;
}

/* Each byte of PAT is a memory type: 0, 1, 4, 5, 6 or 7. */
static bool xvm_pat_valid(u64 pat)
{
	unsigned int i;

	for (i = 0; i < 8; i++) {
		u8 type = pat >> (i * 8);

		if (type > 7 || type == 2 || type == 3)
			return false;
	}
	return true;
}

/*
 * The values the architecture refuses with #GP, checked once here for both
 * backends, which then only store them. Pure, for KUnit.
 */
int xvm_msr_value_check(u32 index, u64 data)
{
	switch (index) {
	case MSR_EFER:
		return data & ~(EFER_SCE | EFER_LME | EFER_LMA | EFER_NX) ?
			-EINVAL : 0;
	case MSR_LSTAR:
	case MSR_CSTAR:
	case MSR_KERNEL_GS_BASE:
	case MSR_FS_BASE:
	case MSR_GS_BASE:
	case MSR_IA32_SYSENTER_ESP:
	case MSR_IA32_SYSENTER_EIP:
		/* These reach the hardware MSRs, where a bad value faults. */
		return ((s64)data << 16 >> 16) == (s64)data ? 0 : -EINVAL;
	case MSR_SYSCALL_MASK:
	case MSR_IA32_SYSENTER_CS:
		return data >> 32 ? -EINVAL : 0;
	case MSR_IA32_CR_PAT:
		return xvm_pat_valid(data) ? 0 : -EINVAL;
	case MSR_IA32_DEBUGCTLMSR:
		/* Branch tracing of the guest is not offered. */
		return data ? -EINVAL : 0;
	}
	return 0;
}

int xvm_msr_set(struct xvm_vcpu *vcpu, u32 index, u64 data, bool host)
{
	int ret;

	if (xvm_msr_refused(index))
		return -EPERM;
	ret = xvm_msr_value_check(index, data);
	if (ret)
		return ret;
	ret = xvm_ops->set_msr(vcpu, index, data);
	if (ret != -ENOENT)
		return ret;

	switch (index) {
	case MSR_IA32_APICBASE:
		/* No x2APIC; the BSP bit is the VMM's to set. */
		if ((data & X2APIC_ENABLE) || (data & ~PAGE_MASK & ~0xd00ULL) ||
		    (data >> 52))
			return -EINVAL;
		if (!host)
			data = (data & ~MSR_IA32_APICBASE_BSP) |
			       (vcpu->apic_base & MSR_IA32_APICBASE_BSP);
		vcpu->apic_base = data;
		return 0;
	case MSR_IA32_MISC_ENABLE:
		vcpu->misc_enable = data;
		return 0;
	case MSR_IA32_UCODE_REV:
	case MSR_IA32_MCG_STATUS:
		return data ? -EINVAL : 0;
	}
	return -ENOENT;
}

int xvm_msrs_ioctl(struct xvm_vcpu *vcpu, void __user *argp, bool set)
{
	struct xvm_msr_entry __user *uentries;
	struct xvm_msr_entry *entries;
	struct xvm_msrs msrs;
	unsigned int i;
	int ret = 0;

	if (copy_from_user(&msrs, argp, sizeof(msrs)))
		return -EFAULT;
	if (msrs.reserved || msrs.nmsrs > XVM_MAX_MSRS)
		return -EINVAL;
	uentries = u64_to_user_ptr(msrs.entries);
	entries = memdup_user(uentries, array_size(msrs.nmsrs,
						   sizeof(*entries)));
	if (IS_ERR(entries))
		return PTR_ERR(entries);

	for (i = 0; i < msrs.nmsrs; i++) {
		struct xvm_msr_entry *e = &entries[i];

		if (e->reserved) {
			ret = -EINVAL;
			goto out;
		}
		if (set ? xvm_msr_set(vcpu, e->index, e->data, true) :
			  xvm_msr_get(vcpu, e->index, &e->data, true))
			break;
	}
	ret = i;
	if (!set && copy_to_user(uentries, entries, i * sizeof(*entries)))
		ret = -EFAULT;
out:
	kfree(entries);
	return ret;
}
