// SPDX-License-Identifier: GPL-2.0
/*
 * EPT: the entry format of the second-level tables the core builds, the
 * EPT pointer, and the INVEPT/INVVPID flushes; VPID allocation.
 */
#include <linux/bitmap.h>
#include <linux/spinlock.h>
#include <asm/vmx.h>

#include "../backend.h"
#include "vmx.h"

#define VMX_EPT_LARGE_PAGE	BIT_ULL(7)

/*
 * Leaves map guest RAM: write-back, combined with the guest's PAT as the
 * hardware does (no "ignore PAT"). EPT has no write-only pages (a
 * misconfiguration), so a writable entry is readable too.
 */
u64 vmx_slpt_entry(phys_addr_t pa, unsigned int perms, unsigned int level)
{
	u64 e = pa & PHYSICAL_PAGE_MASK;

	if (!level)
		return e | VMX_EPT_RWX_MASK;
	if (perms & (XVM_SLPT_READ | XVM_SLPT_WRITE))
		e |= VMX_EPT_READABLE_MASK;
	if (perms & XVM_SLPT_WRITE)
		e |= VMX_EPT_WRITABLE_MASK;
	if (perms & XVM_SLPT_EXEC)
		e |= VMX_EPT_EXECUTABLE_MASK;
	e |= VMX_EPTP_MT_WB << VMX_EPT_MT_EPTE_SHIFT;
	if (level == 2)
		e |= VMX_EPT_LARGE_PAGE;
	return e;
}

bool vmx_slpt_present(u64 entry)
{
	return entry & VMX_EPT_RWX_MASK;
}

/* The backend requires (vmx_compute_config()) and uses 4-level EPT. */
unsigned int vmx_slpt_levels(void)
{
	return 4;
}

/* Write-back paging structures, a 4-level walk, A/D flags if supported. */
u64 vmx_make_eptp(phys_addr_t root_pa, bool ad)
{
	u64 eptp = (root_pa & PAGE_MASK) | VMX_EPTP_MT_WB | VMX_EPTP_PWL_4;

	if (ad)
		eptp |= VMX_EPTP_AD_ENABLE_BIT;
	return eptp;
}

static void vmx_invept(unsigned long type, u64 eptp)
{
	struct {
		u64 eptp, gpa;
	} operand = { eptp, 0 };
	bool fail;

	asm volatile("invept %1, %2" CC_SET(na)
		     : CC_OUT(na)(fail) : "m"(operand), "r"(type) : "memory");
	WARN_ONCE(fail, "xvm: INVEPT type %lu failed\n", type);
}

static void vmx_invvpid(unsigned long type, u16 vpid)
{
	struct {
		u64 vpid : 16;
		u64 rsvd : 48;
		u64 gva;
	} operand = { vpid, 0, 0 };
	bool fail;

	asm volatile("invvpid %1, %2" CC_SET(na)
		     : CC_OUT(na)(fail) : "m"(operand), "r"(type) : "memory");
	WARN_ONCE(fail, "xvm: INVVPID type %lu failed\n", type);
}

/* Guest-physical (and combined) translations of this vCPU's EPT. */
void vmx_ept_flush(struct vmx_vcpu *vmx)
{
	if (vmx_cfg.invept_single)
		vmx_invept(VMX_EPT_EXTENT_CONTEXT, vmx->eptp);
	else
		vmx_invept(VMX_EPT_EXTENT_GLOBAL, 0);
}

void vmx_ept_flush_global(void)
{
	if (vmx_cfg.invept_global)
		vmx_invept(VMX_EPT_EXTENT_GLOBAL, 0);
}

/* Linear (and combined) translations of this vCPU's VPID. */
void vmx_vpid_flush(struct vmx_vcpu *vmx)
{
	if (!vmx->vpid)
		return;
	if (vmx_cfg.invvpid_single)
		vmx_invvpid(VMX_VPID_EXTENT_SINGLE_CONTEXT, vmx->vpid);
	else
		vmx_invvpid(VMX_VPID_EXTENT_ALL_CONTEXT, 0);
}

/* VPID 0 is the host's; a vCPU without a VPID runs with VPIDs off. */
static DECLARE_BITMAP(vmx_vpid_bitmap, VMX_NR_VPIDS);
static DEFINE_SPINLOCK(vmx_vpid_lock);

u16 vmx_vpid_alloc(void)
{
	unsigned long vpid;

	if (!vmx_cfg.vpid)
		return 0;
	spin_lock(&vmx_vpid_lock);
	vpid = find_next_zero_bit(vmx_vpid_bitmap, VMX_NR_VPIDS, 1);
	if (vpid < VMX_NR_VPIDS)
		__set_bit(vpid, vmx_vpid_bitmap);
	else
		vpid = 0;
	spin_unlock(&vmx_vpid_lock);
	return vpid;
}

void vmx_vpid_free(u16 vpid)
{
	if (!vpid)
		return;
	spin_lock(&vmx_vpid_lock);
	__clear_bit(vpid, vmx_vpid_bitmap);
	spin_unlock(&vmx_vpid_lock);
}
