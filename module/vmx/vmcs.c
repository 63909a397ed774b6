// SPDX-License-Identifier: GPL-2.0
/*
 * The VMCS: control, host and guest-state fields at vCPU creation, the
 * per-CPU host fields at load, and the guest registers userspace reads and
 * writes (segments, control registers, EFER, the MSRs held in the VMCS,
 * debug registers).
 *
 * CR0 and CR4: the guest owns every bit but those VMX operation fixes (CR0.NE,
 * CR4.VMXE, per the FIXED0/FIXED1 MSRs), CR4.SMXE, and CR0.PG while
 * EFER.LME is set, so that entering and leaving long mode exits and LMA
 * and the "IA-32e mode guest" entry control follow it. With LME clear,
 * paging turns on and off natively, and the CPU loads the PAE PDPTEs itself.
 */
#include <linux/mm.h>
#include <asm/desc.h>
#include <asm/msr.h>
#include <asm/processor.h>
#include <asm/special_insns.h>
#include <asm/tlbflush.h>
#include <asm/traps.h>

#include "../backend.h"
#include "vmx.h"

u64 vmx_cr0_fixed0, vmx_cr0_fixed1, vmx_cr4_fixed0, vmx_cr4_fixed1;
unsigned long *vmx_msr_bitmap, *vmx_io_bitmap;
u32 vmx_preempt_timer_value;

#define VMX_PAT_DEFAULT		0x0007040600070406ULL
#define VMX_RFLAGS_FIXED1	0x2ULL

/* Guest-visible CR0/CR4 bits the hardware keeps and the shadow shows. */
static u64 vmx_cr0_host_mask(u64 efer)
{
	u64 mask = X86_CR0_NE;

	mask |= vmx_cr0_fixed0 & ~(u64)(X86_CR0_PE | X86_CR0_PG);
	mask |= ~vmx_cr0_fixed1 & 0xffffffffULL;
	if (efer & EFER_LME)
		mask |= X86_CR0_PG;
	return mask;
}

static u64 vmx_cr4_host_mask(void)
{
	return X86_CR4_VMXE | X86_CR4_SMXE | vmx_cr4_fixed0 |
	       (~vmx_cr4_fixed1 & 0xffffffffULL);
}

static u64 vmx_hw_cr0(u64 cr0)
{
	return (cr0 | (vmx_cr0_fixed0 & ~(u64)(X86_CR0_PE | X86_CR0_PG))) &
	       vmx_cr0_fixed1;
}

static u64 vmx_hw_cr4(u64 cr4)
{
	return (cr4 | vmx_cr4_fixed0) & vmx_cr4_fixed1;
}

static const struct {
	u32 sel, base, limit, ar;
} vmx_seg_fields[] = {
	[XVM_SEG_CS] = { GUEST_CS_SELECTOR, GUEST_CS_BASE, GUEST_CS_LIMIT,
			 GUEST_CS_AR_BYTES },
	[XVM_SEG_DS] = { GUEST_DS_SELECTOR, GUEST_DS_BASE, GUEST_DS_LIMIT,
			 GUEST_DS_AR_BYTES },
	[XVM_SEG_ES] = { GUEST_ES_SELECTOR, GUEST_ES_BASE, GUEST_ES_LIMIT,
			 GUEST_ES_AR_BYTES },
	[XVM_SEG_FS] = { GUEST_FS_SELECTOR, GUEST_FS_BASE, GUEST_FS_LIMIT,
			 GUEST_FS_AR_BYTES },
	[XVM_SEG_GS] = { GUEST_GS_SELECTOR, GUEST_GS_BASE, GUEST_GS_LIMIT,
			 GUEST_GS_AR_BYTES },
	[XVM_SEG_SS] = { GUEST_SS_SELECTOR, GUEST_SS_BASE, GUEST_SS_LIMIT,
			 GUEST_SS_AR_BYTES },
	[XVM_SEG_TR] = { GUEST_TR_SELECTOR, GUEST_TR_BASE, GUEST_TR_LIMIT,
			 GUEST_TR_AR_BYTES },
	[XVM_SEG_LDTR] = { GUEST_LDTR_SELECTOR, GUEST_LDTR_BASE,
			   GUEST_LDTR_LIMIT, GUEST_LDTR_AR_BYTES },
};

/*
 * struct xvm_segment to VMX access rights. A segment that is not present
 * is unusable (what a null selector loads); SS keeps its DPL, which is the
 * CPL.
 */
u32 vmx_seg_to_ar(const struct xvm_segment *seg)
{
	if (seg->unusable || !seg->present)
		return VMX_AR_UNUSABLE_MASK | (seg->dpl & 3) << VMX_AR_DPL_SHIFT;
	return (seg->type & VMX_AR_TYPE_MASK) |
	       (seg->s ? VMX_AR_S_MASK : 0) |
	       (seg->dpl & 3) << VMX_AR_DPL_SHIFT |
	       VMX_AR_P_MASK |
	       (seg->avl ? BIT(12) : 0) |
	       (seg->l ? VMX_AR_L_MASK : 0) |
	       (seg->db ? VMX_AR_DB_MASK : 0) |
	       (seg->g ? VMX_AR_G_MASK : 0);
}

void vmx_ar_to_seg(u32 ar, struct xvm_segment *seg)
{
	seg->unusable = !!(ar & VMX_AR_UNUSABLE_MASK);
	seg->type = ar & VMX_AR_TYPE_MASK;
	seg->s = !!(ar & VMX_AR_S_MASK);
	seg->dpl = VMX_AR_DPL(ar);
	seg->present = !seg->unusable && (ar & VMX_AR_P_MASK);
	seg->avl = !!(ar & BIT(12));
	seg->l = !!(ar & VMX_AR_L_MASK);
	seg->db = !!(ar & VMX_AR_DB_MASK);
	seg->g = !!(ar & VMX_AR_G_MASK);
}

/*
 * The hardware's view of a segment userspace set: what a descriptor load
 * would have left there. Code and data segments are accessed; TR is a
 * busy TSS; LDTR and TR that are not proper system segments are replaced
 * by what the VM-entry checks accept.
 */
static u32 vmx_fixup_ar(unsigned int i, u32 ar)
{
	if (ar & VMX_AR_UNUSABLE_MASK) {
		if (i != XVM_SEG_TR)
			return ar;
		/* TR must be usable: an empty 32-bit busy TSS. */
		return VMX_AR_TYPE_BUSY_32_TSS | VMX_AR_P_MASK;
	}
	switch (i) {
	case XVM_SEG_TR:
		ar &= ~VMX_AR_S_MASK;
		if ((ar & VMX_AR_TYPE_MASK) == 1 || (ar & VMX_AR_TYPE_MASK) == 9)
			ar |= 2;	/* available -> busy */
		else if ((ar & VMX_AR_TYPE_MASK) != 3 &&
			 (ar & VMX_AR_TYPE_MASK) != 11)
			ar = (ar & ~VMX_AR_TYPE_MASK) | VMX_AR_TYPE_BUSY_32_TSS;
		return ar;
	case XVM_SEG_LDTR:
		if ((ar & VMX_AR_TYPE_MASK) != VMX_AR_TYPE_LDT ||
		    (ar & VMX_AR_S_MASK))
			return VMX_AR_UNUSABLE_MASK;
		return ar;
	default:
		if (ar & VMX_AR_S_MASK)
			ar |= VMX_AR_TYPE_ACCESSES_MASK;
		return ar;
	}
}

u64 vmx_get_cr0(struct vmx_vcpu *vmx)
{
	u64 mask = vmcs_readl(CR0_GUEST_HOST_MASK);

	return (vmcs_readl(GUEST_CR0) & ~mask) |
	       (vmcs_readl(CR0_READ_SHADOW) & mask);
}

u64 vmx_get_cr4(struct vmx_vcpu *vmx)
{
	u64 mask = vmcs_readl(CR4_GUEST_HOST_MASK);

	return (vmcs_readl(GUEST_CR4) & ~mask) |
	       (vmcs_readl(CR4_READ_SHADOW) & mask);
}

/* EFER.LMA into the VMCS: GUEST_IA32_EFER and "IA-32e mode guest". */
static void vmx_write_efer(struct vmx_vcpu *vmx)
{
	u32 entry = vmcs_read32(VM_ENTRY_CONTROLS);

	if (vmx->efer & EFER_LMA)
		entry |= VM_ENTRY_IA32E_MODE;
	else
		entry &= ~VM_ENTRY_IA32E_MODE;
	vmcs_write32(VM_ENTRY_CONTROLS, entry);
	vmcs_write64(GUEST_IA32_EFER, vmx->efer);
	vmcs_writel(CR0_GUEST_HOST_MASK, vmx_cr0_host_mask(vmx->efer));
}

/* A guest MOV to CR0 (or userspace): -EINVAL where the CPU raises #GP. */
int vmx_set_cr0(struct vmx_vcpu *vmx, u64 cr0)
{
	u64 old = vmx_get_cr0(vmx);

	if (cr0 >> 32)
		return -EINVAL;
	if ((cr0 & X86_CR0_PG) && !(cr0 & X86_CR0_PE))
		return -EINVAL;
	if ((cr0 & X86_CR0_NW) && !(cr0 & X86_CR0_CD))
		return -EINVAL;
	if ((cr0 & X86_CR0_PG) && !(old & X86_CR0_PG) &&
	    (vmx->efer & EFER_LME)) {
		if (!(vmx_get_cr4(vmx) & X86_CR4_PAE))
			return -EINVAL;
		vmx->efer |= EFER_LMA;
	} else if (!(cr0 & X86_CR0_PG)) {
		vmx->efer &= ~EFER_LMA;
	}
	vmcs_writel(GUEST_CR0, vmx_hw_cr0(cr0));
	vmcs_writel(CR0_READ_SHADOW, cr0);
	vmx_write_efer(vmx);
	/* The CPU did not see the write: drop what it would have dropped. */
	if ((cr0 ^ old) & (X86_CR0_PG | X86_CR0_PE | X86_CR0_WP))
		vmx->need_flush = true;
	return 0;
}

int vmx_set_cr4(struct vmx_vcpu *vmx, u64 cr4)
{
	if (cr4 & (X86_CR4_VMXE | X86_CR4_SMXE))
		return -EINVAL;
	if (cr4 & ~vmx_cr4_fixed1)
		return -EINVAL;
	if ((vmx->efer & EFER_LMA) && !(cr4 & X86_CR4_PAE))
		return -EINVAL;
	if ((cr4 & X86_CR4_PCIDE) && !(vmx->efer & EFER_LMA))
		return -EINVAL;
	vmcs_writel(GUEST_CR4, vmx_hw_cr4(cr4));
	vmcs_writel(CR4_READ_SHADOW, cr4);
	vmx->need_flush = true;
	return 0;
}

void vmx_set_cr3(struct vmx_vcpu *vmx, u64 cr3)
{
	vmcs_writel(GUEST_CR3, cr3);
}

int vmx_set_efer(struct vmx_vcpu *vmx, u64 efer)
{
	u64 cr0 = vmx_get_cr0(vmx);

	if (efer & ~(u64)(EFER_SCE | EFER_LME | EFER_LMA | EFER_NX))
		return -EINVAL;
	/* LME cannot change while paging is on; LMA is the CPU's. */
	if ((cr0 & X86_CR0_PG) && ((efer ^ vmx->efer) & EFER_LME))
		return -EINVAL;
	efer &= ~(u64)EFER_LMA;
	if ((efer & EFER_LME) && (cr0 & X86_CR0_PG))
		efer |= EFER_LMA;
	vmx->efer = efer;
	vmx_write_efer(vmx);
	return 0;
}

/* Control, host and guest state of a new vCPU: the x86 reset state. */
void vmx_vmcs_setup(struct vmx_vcpu *vmx)
{
	struct desc_ptr idt;
	unsigned int i;
	u64 efer, pat;
	u32 proc2 = vmx_cfg.proc2;
	u64 cs;

	if (!vmx->vpid)
		proc2 &= ~SECONDARY_EXEC_ENABLE_VPID;
	vmcs_write32(PIN_BASED_VM_EXEC_CONTROL, vmx_cfg.pin);
	vmcs_write32(CPU_BASED_VM_EXEC_CONTROL, vmx->proc);
	vmcs_write32(SECONDARY_VM_EXEC_CONTROL, proc2);
	vmcs_write32(VM_EXIT_CONTROLS, vmx_cfg.exit);
	vmcs_write32(VM_ENTRY_CONTROLS, vmx_cfg.entry);
	/*
	 * #AC exits, to be given back: a handler that faults the same way
	 * would have it delivered in a loop that never lets host interrupts
	 * in (CVE-2015-5307); #DB exits for the same reason (CVE-2015-8104).
	 */
	vmcs_write32(EXCEPTION_BITMAP, BIT(X86_TRAP_DB) | BIT(X86_TRAP_AC));
	vmcs_write32(PAGE_FAULT_ERROR_CODE_MASK, 0);
	vmcs_write32(PAGE_FAULT_ERROR_CODE_MATCH, 0);
	vmcs_write32(CR3_TARGET_COUNT, 0);
	vmcs_write32(VM_EXIT_MSR_STORE_COUNT, 0);
	vmcs_write32(VM_EXIT_MSR_LOAD_COUNT, 0);
	vmcs_write32(VM_ENTRY_MSR_LOAD_COUNT, 0);
	vmcs_write32(VM_ENTRY_INTR_INFO_FIELD, 0);
	vmcs_write64(IO_BITMAP_A, __pa(vmx_io_bitmap));
	vmcs_write64(IO_BITMAP_B, __pa(vmx_io_bitmap) + PAGE_SIZE);
	vmcs_write64(MSR_BITMAP, __pa(vmx_msr_bitmap));
	vmcs_write64(VMCS_LINK_POINTER, -1ULL);
	vmcs_write64(TSC_OFFSET, 0);
	if (vmx_cfg.preempt_timer)
		vmcs_write32(VMX_PREEMPTION_TIMER_VALUE,
			     vmx_preempt_timer_value);
	if (vmx->vpid)
		vmcs_write16(VIRTUAL_PROCESSOR_ID, vmx->vpid);
	vmcs_write64(EPT_POINTER, vmx->eptp);
	vmcs_writel(CR4_GUEST_HOST_MASK, vmx_cr4_host_mask());

	/* Host state that is the same on every CPU and every run. */
	vmcs_writel(HOST_CR0, read_cr0());
	vmcs_writel(HOST_CR3, __read_cr3());
	vmcs_writel(HOST_CR4, __read_cr4());
	vmcs_write16(HOST_CS_SELECTOR, __KERNEL_CS);
	vmcs_write16(HOST_SS_SELECTOR, __KERNEL_DS);
	vmcs_write16(HOST_DS_SELECTOR, 0);
	vmcs_write16(HOST_ES_SELECTOR, 0);
	vmcs_write16(HOST_FS_SELECTOR, 0);
	vmcs_write16(HOST_GS_SELECTOR, 0);
	vmcs_write16(HOST_TR_SELECTOR, GDT_ENTRY_TSS * 8);
	store_idt(&idt);
	vmcs_writel(HOST_IDTR_BASE, idt.address);
	vmcs_writel(HOST_RIP, (unsigned long)xvm_vmx_vmexit);
	rdmsrl(MSR_IA32_SYSENTER_CS, cs);
	vmcs_write32(HOST_IA32_SYSENTER_CS, (u32)cs);
	rdmsrl(MSR_IA32_SYSENTER_EIP, pat);
	vmcs_writel(HOST_IA32_SYSENTER_EIP, pat);
	rdmsrl(MSR_EFER, efer);
	vmcs_write64(HOST_IA32_EFER, efer);
	if (vmx_cfg.pat) {
		rdmsrl(MSR_IA32_CR_PAT, pat);
		vmcs_write64(HOST_IA32_PAT, pat);
		vmcs_write64(GUEST_IA32_PAT, VMX_PAT_DEFAULT);
	}
	vmx->pat = VMX_PAT_DEFAULT;

	/* Guest: real mode at the reset vector, as after RESET. */
	for (i = 0; i < ARRAY_SIZE(vmx_seg_fields); i++) {
		vmcs_write16(vmx_seg_fields[i].sel, 0);
		vmcs_writel(vmx_seg_fields[i].base, 0);
		vmcs_write32(vmx_seg_fields[i].limit, 0xffff);
		vmcs_write32(vmx_seg_fields[i].ar, VMX_AR_P_MASK |
			     VMX_AR_S_MASK | 3);
	}
	vmcs_write16(GUEST_CS_SELECTOR, 0xf000);
	vmcs_writel(GUEST_CS_BASE, 0xffff0000);
	vmcs_write32(GUEST_CS_AR_BYTES, VMX_AR_P_MASK | VMX_AR_S_MASK | 0xb);
	vmcs_write32(GUEST_TR_AR_BYTES, VMX_AR_P_MASK |
		     VMX_AR_TYPE_BUSY_16_TSS);
	vmcs_write32(GUEST_LDTR_AR_BYTES, VMX_AR_P_MASK | VMX_AR_TYPE_LDT);
	vmcs_writel(GUEST_GDTR_BASE, 0);
	vmcs_write32(GUEST_GDTR_LIMIT, 0xffff);
	vmcs_writel(GUEST_IDTR_BASE, 0);
	vmcs_write32(GUEST_IDTR_LIMIT, 0xffff);

	vmx->efer = 0;
	vmx_write_efer(vmx);
	vmcs_writel(GUEST_CR0, vmx_hw_cr0(X86_CR0_CD | X86_CR0_NW |
					  X86_CR0_ET));
	vmcs_writel(CR0_READ_SHADOW, X86_CR0_CD | X86_CR0_NW | X86_CR0_ET);
	vmcs_writel(GUEST_CR3, 0);
	vmcs_writel(GUEST_CR4, vmx_hw_cr4(0));
	vmcs_writel(CR4_READ_SHADOW, 0);
	vmcs_writel(GUEST_DR7, XVM_DR7_FIXED1);
	vmcs_write64(GUEST_IA32_DEBUGCTL, 0);
	vmcs_write32(GUEST_SYSENTER_CS, 0);
	vmcs_writel(GUEST_SYSENTER_ESP, 0);
	vmcs_writel(GUEST_SYSENTER_EIP, 0);
	vmcs_writel(GUEST_RSP, 0);
	vmcs_writel(GUEST_RIP, 0xfff0);
	vmcs_writel(GUEST_RFLAGS, VMX_RFLAGS_FIXED1);
	vmcs_writel(GUEST_PENDING_DBG_EXCEPTIONS, 0);
	vmcs_write32(GUEST_ACTIVITY_STATE, GUEST_ACTIVITY_ACTIVE);
	vmcs_write32(GUEST_INTERRUPTIBILITY_INFO, 0);
	vmcs_write64(GUEST_PDPTR0, 0);
	vmcs_write64(GUEST_PDPTR1, 0);
	vmcs_write64(GUEST_PDPTR2, 0);
	vmcs_write64(GUEST_PDPTR3, 0);
	vmx->dr6 = XVM_DR6_FIXED1;
}

/* Host fields that differ per CPU; called where the VMCS is loaded. */
void vmx_host_percpu_setup(struct vmx_vcpu *vmx, int cpu)
{
	unsigned long gs_base;

	vmcs_writel(HOST_TR_BASE,
		    (unsigned long)&get_cpu_entry_area(cpu)->tss.x86_tss);
	vmcs_writel(HOST_GDTR_BASE, (unsigned long)get_cpu_gdt_ro(cpu));
	vmcs_writel(HOST_IA32_SYSENTER_ESP,
		    (unsigned long)(cpu_entry_stack(cpu) + 1));
	rdmsrl(MSR_GS_BASE, gs_base);
	vmcs_writel(HOST_GS_BASE, gs_base);
}

/* PAE paging outside long mode: the PDPTEs come from the VMCS at entry. */
static int vmx_read_pdptrs(struct xvm_vcpu *vcpu,
			   const struct xvm_sregs *sregs, u64 *pdpte)
{
	if (!(sregs->cr0 & X86_CR0_PG) || !(sregs->cr4 & X86_CR4_PAE) ||
	    (sregs->efer & EFER_LME))
		return 0;
	return xvm_read_guest_phys(vcpu->vm, sregs->cr3 & ~0x1fULL, pdpte,
				   4 * sizeof(u64));
}

void vmx_get_sregs(struct xvm_vcpu *vcpu, struct xvm_sregs *sregs)
{
	struct vmx_vcpu *vmx = to_vmx(vcpu);
	struct xvm_segment *seg = &sregs->cs;
	unsigned int i;
	bool temp;

	memset(sregs, 0, sizeof(*sregs));
	temp = vmx_vmcs_get(vmx);
	for (i = 0; i < ARRAY_SIZE(vmx_seg_fields); i++) {
		seg[i].selector = vmcs_read16(vmx_seg_fields[i].sel);
		seg[i].base = vmcs_readl(vmx_seg_fields[i].base);
		seg[i].limit = vmcs_read32(vmx_seg_fields[i].limit);
		vmx_ar_to_seg(vmcs_read32(vmx_seg_fields[i].ar), &seg[i]);
	}
	sregs->gdt.base = vmcs_readl(GUEST_GDTR_BASE);
	sregs->gdt.limit = vmcs_read32(GUEST_GDTR_LIMIT);
	sregs->idt.base = vmcs_readl(GUEST_IDTR_BASE);
	sregs->idt.limit = vmcs_read32(GUEST_IDTR_LIMIT);
	sregs->cr0 = vmx_get_cr0(vmx);
	sregs->cr3 = vmcs_readl(GUEST_CR3);
	sregs->cr4 = vmx_get_cr4(vmx);
	vmx_vmcs_put(vmx, temp);
	sregs->cr2 = vmx->cr2;
	sregs->cr8 = vmx->cr8;
	sregs->efer = vmx->efer;
}

int vmx_set_sregs(struct xvm_vcpu *vcpu, const struct xvm_sregs *sregs)
{
	struct vmx_vcpu *vmx = to_vmx(vcpu);
	const struct xvm_segment *seg = &sregs->cs;
	u64 pdpte[4] = {};
	unsigned int i;
	bool temp;
	int ret;

	if ((sregs->cr4 & (X86_CR4_VMXE | X86_CR4_SMXE)) ||
	    (sregs->cr4 & ~vmx_cr4_fixed1) || (sregs->cr0 >> 32) ||
	    (sregs->efer & ~(u64)(EFER_SCE | EFER_LME | EFER_LMA | EFER_NX)) ||
	    sregs->cr8 > 15)
		return -EINVAL;
	if ((sregs->efer & EFER_LME) && (sregs->cr0 & X86_CR0_PG) &&
	    !(sregs->cr4 & X86_CR4_PAE))
		return -EINVAL;
	ret = vmx_read_pdptrs(vcpu, sregs, pdpte);
	if (ret)
		return ret;

	temp = vmx_vmcs_get(vmx);
	for (i = 0; i < ARRAY_SIZE(vmx_seg_fields); i++) {
		vmcs_write16(vmx_seg_fields[i].sel, seg[i].selector);
		vmcs_writel(vmx_seg_fields[i].base, seg[i].base);
		vmcs_write32(vmx_seg_fields[i].limit, seg[i].limit);
		vmcs_write32(vmx_seg_fields[i].ar,
			     vmx_fixup_ar(i, vmx_seg_to_ar(&seg[i])));
	}
	vmcs_writel(GUEST_GDTR_BASE, sregs->gdt.base);
	vmcs_write32(GUEST_GDTR_LIMIT, sregs->gdt.limit);
	vmcs_writel(GUEST_IDTR_BASE, sregs->idt.base);
	vmcs_write32(GUEST_IDTR_LIMIT, sregs->idt.limit);

	vmx->efer = sregs->efer & ~(u64)EFER_LMA;
	if ((sregs->efer & EFER_LME) && (sregs->cr0 & X86_CR0_PG))
		vmx->efer |= EFER_LMA;
	vmx_write_efer(vmx);
	vmcs_writel(GUEST_CR0, vmx_hw_cr0(sregs->cr0));
	vmcs_writel(CR0_READ_SHADOW, sregs->cr0);
	vmcs_writel(GUEST_CR4, vmx_hw_cr4(sregs->cr4));
	vmcs_writel(CR4_READ_SHADOW, sregs->cr4);
	vmcs_writel(GUEST_CR3, sregs->cr3);
	vmcs_write64(GUEST_PDPTR0, pdpte[0]);
	vmcs_write64(GUEST_PDPTR1, pdpte[1]);
	vmcs_write64(GUEST_PDPTR2, pdpte[2]);
	vmcs_write64(GUEST_PDPTR3, pdpte[3]);
	vmx_vmcs_put(vmx, temp);
	vmx->cr2 = sregs->cr2;
	vmx->cr8 = sregs->cr8;
	vmx->need_flush = true;
	return 0;
}

void vmx_get_debugregs(struct xvm_vcpu *vcpu, struct xvm_debugregs *dr)
{
	struct vmx_vcpu *vmx = to_vmx(vcpu);
	bool temp;

	memset(dr, 0, sizeof(*dr));
	memcpy(dr->db, vmx->db, sizeof(dr->db));
	dr->dr6 = vmx->dr6;
	temp = vmx_vmcs_get(vmx);
	dr->dr7 = vmcs_readl(GUEST_DR7);
	vmx_vmcs_put(vmx, temp);
}

int vmx_set_debugregs(struct xvm_vcpu *vcpu, const struct xvm_debugregs *dr)
{
	struct vmx_vcpu *vmx = to_vmx(vcpu);
	bool temp;

	if ((dr->dr6 >> 32) || (dr->dr7 >> 32))
		return -EINVAL;
	memcpy(vmx->db, dr->db, sizeof(vmx->db));
	vmx->dr6 = dr->dr6 | XVM_DR6_FIXED1;
	temp = vmx_vmcs_get(vmx);
	vmcs_writel(GUEST_DR7, (dr->dr7 & ~XVM_DR7_MBZ) | XVM_DR7_FIXED1);
	vmx_vmcs_put(vmx, temp);
	return 0;
}

int vmx_get_msr(struct xvm_vcpu *vcpu, u32 index, u64 *data)
{
	struct vmx_vcpu *vmx = to_vmx(vcpu);
	u32 field;
	bool temp;

	switch (index) {
	case MSR_EFER:
		*data = vmx->efer;
		return 0;
	case MSR_STAR:
		*data = vmx->star;
		return 0;
	case MSR_LSTAR:
		*data = vmx->lstar;
		return 0;
	case MSR_CSTAR:
		*data = vmx->cstar;
		return 0;
	case MSR_SYSCALL_MASK:
		*data = vmx->sfmask;
		return 0;
	case MSR_KERNEL_GS_BASE:
		*data = vmx->kernel_gs_base;
		return 0;
	case MSR_IA32_CR_PAT:
		if (!vmx_cfg.pat) {
			*data = vmx->pat;
			return 0;
		}
		field = GUEST_IA32_PAT;
		break;
	case MSR_FS_BASE:
		field = GUEST_FS_BASE;
		break;
	case MSR_GS_BASE:
		field = GUEST_GS_BASE;
		break;
	case MSR_IA32_SYSENTER_CS:
		field = GUEST_SYSENTER_CS;
		break;
	case MSR_IA32_SYSENTER_ESP:
		field = GUEST_SYSENTER_ESP;
		break;
	case MSR_IA32_SYSENTER_EIP:
		field = GUEST_SYSENTER_EIP;
		break;
	case MSR_IA32_DEBUGCTLMSR:
		field = GUEST_IA32_DEBUGCTL;
		break;
	default:
		return -ENOENT;
	}
	temp = vmx_vmcs_get(vmx);
	*data = vmcs_readl(field);
	vmx_vmcs_put(vmx, temp);
	return 0;
}

/* The values were checked in xvm_msr_value_check(): only stored here. */
int vmx_set_msr(struct xvm_vcpu *vcpu, u32 index, u64 data)
{
	struct vmx_vcpu *vmx = to_vmx(vcpu);
	u32 field;
	bool temp;
	int ret;

	switch (index) {
	case MSR_EFER:
		temp = vmx_vmcs_get(vmx);
		ret = vmx_set_efer(vmx, data);
		vmx_vmcs_put(vmx, temp);
		return ret;
	case MSR_STAR:
		vmx->star = data;
		return 0;
	case MSR_LSTAR:
		vmx->lstar = data;
		return 0;
	case MSR_CSTAR:
		vmx->cstar = data;
		return 0;
	case MSR_KERNEL_GS_BASE:
		vmx->kernel_gs_base = data;
		return 0;
	case MSR_SYSCALL_MASK:
		vmx->sfmask = data;
		return 0;
	case MSR_IA32_CR_PAT:
		vmx->pat = data;
		if (!vmx_cfg.pat)
			return 0;
		field = GUEST_IA32_PAT;
		break;
	case MSR_FS_BASE:
		field = GUEST_FS_BASE;
		break;
	case MSR_GS_BASE:
		field = GUEST_GS_BASE;
		break;
	case MSR_IA32_SYSENTER_CS:
		data &= 0xffff;
		field = GUEST_SYSENTER_CS;
		break;
	case MSR_IA32_SYSENTER_ESP:
		field = GUEST_SYSENTER_ESP;
		break;
	case MSR_IA32_SYSENTER_EIP:
		field = GUEST_SYSENTER_EIP;
		break;
	case MSR_IA32_DEBUGCTLMSR:
		field = GUEST_IA32_DEBUGCTL;
		break;
	default:
		return -ENOENT;
	}
	temp = vmx_vmcs_get(vmx);
	vmcs_writel(field, data);
	vmx_vmcs_put(vmx, temp);
	return 0;
}
