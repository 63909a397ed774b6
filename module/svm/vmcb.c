// SPDX-License-Identifier: GPL-2.0
/*
 * The VMCB: its reset state, what it intercepts, and the conversion of the
 * guest state it holds to and from the xvm ABI.
 */
#include <linux/string.h>
#include <asm/msr-index.h>
#include <asm/processor-flags.h>
#include <asm/traps.h>

#include "../backend.h"
#include "svm.h"

void svm_set_intercept(struct vmcb *vmcb, unsigned int bit, bool on)
{
	u32 *word = &vmcb->control.intercepts[bit / 32];

	if (on)
		*word |= BIT(bit % 32);
	else
		*word &= ~BIT(bit % 32);
}

/*
 * The MSR permission map has two bits (read, write) per MSR in three
 * ranges of 8192 MSRs each. Returns the read bit's index, or -1 for an MSR
 * outside the ranges, which is always intercepted. Pure, for KUnit.
 */
int svm_msrpm_bit(u32 msr)
{
	static const u32 range_base[] = { 0, 0xc0000000, 0xc0010000 };
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(range_base); i++)
		if (msr - range_base[i] < 0x2000)
			return i * 0x800 * 8 + (msr - range_base[i]) * 2;
	return -1;
}

/*
 * MSRs the guest reads and writes freely: all are switched by VMLOAD and
 * VMSAVE, so the guest's value never reaches the host.
 */
static const u32 svm_passthrough_msrs[] = {
	MSR_FS_BASE, MSR_GS_BASE, MSR_KERNEL_GS_BASE,
	MSR_STAR, MSR_LSTAR, MSR_CSTAR, MSR_SYSCALL_MASK,
	MSR_IA32_SYSENTER_CS, MSR_IA32_SYSENTER_ESP, MSR_IA32_SYSENTER_EIP,
};

void svm_msrpm_init(void *msrpm)
{
	unsigned int i;

	memset(msrpm, 0xff, 2 * PAGE_SIZE);
	for (i = 0; i < ARRAY_SIZE(svm_passthrough_msrs); i++) {
		int bit = svm_msrpm_bit(svm_passthrough_msrs[i]);

		__clear_bit(bit, msrpm);
		__clear_bit(bit + 1, msrpm);
	}
}

static const unsigned int svm_intercepts[] = {
	INTERCEPT_INTR, INTERCEPT_NMI, INTERCEPT_SMI, INTERCEPT_INIT,
	INTERCEPT_CPUID, INTERCEPT_INVD, INTERCEPT_HLT, INTERCEPT_INVLPGA,
	INTERCEPT_IOIO_PROT, INTERCEPT_MSR_PROT, INTERCEPT_SHUTDOWN,
	INTERCEPT_RDPMC, INTERCEPT_FERR_FREEZE,
	INTERCEPT_VMRUN, INTERCEPT_VMMCALL, INTERCEPT_VMLOAD,
	INTERCEPT_VMSAVE, INTERCEPT_STGI, INTERCEPT_CLGI, INTERCEPT_SKINIT,
	INTERCEPT_RDTSCP, INTERCEPT_WBINVD, INTERCEPT_MONITOR,
	INTERCEPT_MWAIT, INTERCEPT_MWAIT_COND, INTERCEPT_XSETBV,
	INTERCEPT_RDPRU,
};

static void svm_seg_set(struct vmcb_seg *s, u16 sel, u64 base, u32 limit,
			u16 attrib)
{
	s->selector = sel;
	s->base = base;
	s->limit = limit;
	s->attrib = attrib;
}

/* Build the VMCB in the state of a CPU after RESET. */
void svm_vmcb_init(struct svm_vcpu *svm, u64 npt_root)
{
	struct vmcb_control_area *c = &svm->vmcb->control;
	struct vmcb_save_area *s = &svm->vmcb->save;
	unsigned int i;

	memset(svm->vmcb, 0, PAGE_SIZE);
	for (i = 0; i < ARRAY_SIZE(svm_intercepts); i++)
		svm_set_intercept(svm->vmcb, svm_intercepts[i], true);
	/* Debug registers are the guest's only once it touches them. */
	c->intercepts[INTERCEPT_DR] = 0xffffffff;
	/*
	 * #AC and #DB always exit, to be given back to the guest: a handler
	 * that faults the same way (or a breakpoint on the guest's own stack
	 * or IDT) would have them delivered in a loop that holds the CPU in
	 * microcode, host interrupts never taken (CVE-2015-5307,
	 * CVE-2015-8104; QEMU's TCG loops the same way).
	 */
	c->intercepts[INTERCEPT_EXCEPTION] = BIT(X86_TRAP_DB) |
					     BIT(X86_TRAP_AC);

	c->iopm_base_pa = __pa(svm_iopm);
	c->msrpm_base_pa = __pa(svm_msrpm);
	c->int_ctl = V_INTR_MASKING_MASK;
	c->nested_ctl = SVM_NESTED_CTL_NP_ENABLE;
	c->nested_cr3 = npt_root;
	c->tlb_ctl = TLB_CONTROL_FLUSH_ASID;

	svm_seg_set(&s->cs, 0xf000, 0xffff0000, 0xffff,
		    SVM_SELECTOR_P_MASK | SVM_SELECTOR_S_MASK |
		    SVM_SELECTOR_CODE_MASK | SVM_SELECTOR_READ_MASK | 1);
	svm_seg_set(&s->ds, 0, 0, 0xffff, SVM_SELECTOR_P_MASK |
		    SVM_SELECTOR_S_MASK | SVM_SELECTOR_WRITE_MASK | 1);
	s->es = s->ds;
	s->ss = s->ds;
	s->fs = s->ds;
	s->gs = s->ds;
	svm_seg_set(&s->gdtr, 0, 0, 0xffff, 0);
	svm_seg_set(&s->idtr, 0, 0, 0xffff, 0);
	svm_seg_set(&s->ldtr, 0, 0, 0xffff, SVM_SELECTOR_P_MASK | 2);
	svm_seg_set(&s->tr, 0, 0, 0xffff, SVM_SELECTOR_P_MASK | 11);

	/* CD and NW stay clear: guest memory is cached as the host's. */
	s->cr0 = X86_CR0_ET;
	s->efer = EFER_SVME;
	s->dr6 = XVM_DR6_FIXED1;
	s->dr7 = XVM_DR7_FIXED1;
	s->g_pat = 0x0007040600070406ULL;
	s->rflags = X86_EFLAGS_FIXED;
	s->rip = 0xfff0;

	svm->vcpu.regs.rip = 0xfff0;
	svm->vcpu.regs.rflags = X86_EFLAGS_FIXED;
}

static void svm_seg_to_user(const struct vmcb_seg *s, struct xvm_segment *u)
{
	u->base = s->base;
	u->limit = s->limit;
	u->selector = s->selector;
	u->type = s->attrib & SVM_SELECTOR_TYPE_MASK;
	u->s = !!(s->attrib & SVM_SELECTOR_S_MASK);
	u->dpl = (s->attrib & SVM_SELECTOR_DPL_MASK) >> SVM_SELECTOR_DPL_SHIFT;
	u->present = !!(s->attrib & SVM_SELECTOR_P_MASK);
	u->avl = !!(s->attrib & SVM_SELECTOR_AVL_MASK);
	u->l = !!(s->attrib & SVM_SELECTOR_L_MASK);
	u->db = !!(s->attrib & SVM_SELECTOR_DB_MASK);
	u->g = !!(s->attrib & SVM_SELECTOR_G_MASK);
	u->unusable = !u->present;
}

static void svm_seg_from_user(struct vmcb_seg *s, const struct xvm_segment *u)
{
	s->base = u->base;
	s->limit = u->limit;
	s->selector = u->selector;
	s->attrib = 0;
	if (u->unusable || !u->present)
		return;
	s->attrib = (u->type & SVM_SELECTOR_TYPE_MASK) |
		    (u->s ? SVM_SELECTOR_S_MASK : 0) |
		    ((u->dpl & 3) << SVM_SELECTOR_DPL_SHIFT) |
		    SVM_SELECTOR_P_MASK |
		    (u->avl ? SVM_SELECTOR_AVL_MASK : 0) |
		    (u->l ? SVM_SELECTOR_L_MASK : 0) |
		    (u->db ? SVM_SELECTOR_DB_MASK : 0) |
		    (u->g ? SVM_SELECTOR_G_MASK : 0);
}

void svm_get_sregs(struct xvm_vcpu *vcpu, struct xvm_sregs *sregs)
{
	struct vmcb_save_area *s = &to_svm(vcpu)->vmcb->save;

	svm_seg_to_user(&s->cs, &sregs->cs);
	svm_seg_to_user(&s->ds, &sregs->ds);
	svm_seg_to_user(&s->es, &sregs->es);
	svm_seg_to_user(&s->fs, &sregs->fs);
	svm_seg_to_user(&s->gs, &sregs->gs);
	svm_seg_to_user(&s->ss, &sregs->ss);
	svm_seg_to_user(&s->tr, &sregs->tr);
	svm_seg_to_user(&s->ldtr, &sregs->ldt);
	sregs->gdt.base = s->gdtr.base;
	sregs->gdt.limit = s->gdtr.limit;
	sregs->idt.base = s->idtr.base;
	sregs->idt.limit = s->idtr.limit;
	sregs->cr0 = s->cr0;
	sregs->cr2 = s->cr2;
	sregs->cr3 = s->cr3;
	sregs->cr4 = s->cr4;
	sregs->cr8 = to_svm(vcpu)->vmcb->control.int_ctl & V_TPR_MASK;
	sregs->efer = s->efer & ~EFER_SVME;
}

int svm_set_sregs(struct xvm_vcpu *vcpu, const struct xvm_sregs *sregs)
{
	struct vmcb *vmcb = to_svm(vcpu)->vmcb;
	struct vmcb_save_area *s = &vmcb->save;

	svm_seg_from_user(&s->cs, &sregs->cs);
	svm_seg_from_user(&s->ds, &sregs->ds);
	svm_seg_from_user(&s->es, &sregs->es);
	svm_seg_from_user(&s->fs, &sregs->fs);
	svm_seg_from_user(&s->gs, &sregs->gs);
	svm_seg_from_user(&s->ss, &sregs->ss);
	svm_seg_from_user(&s->tr, &sregs->tr);
	svm_seg_from_user(&s->ldtr, &sregs->ldt);
	s->gdtr.base = sregs->gdt.base;
	s->gdtr.limit = sregs->gdt.limit;
	s->idtr.base = sregs->idt.base;
	s->idtr.limit = sregs->idt.limit;
	s->cr0 = sregs->cr0;
	s->cr2 = sregs->cr2;
	s->cr3 = sregs->cr3;
	s->cr4 = sregs->cr4;
	s->efer = sregs->efer | EFER_SVME;
	/* The CPL is the SS DPL; real mode runs at 0. */
	s->cpl = (sregs->cr0 & X86_CR0_PE) ? sregs->ss.dpl & 3 : 0;
	vmcb->control.int_ctl = (vmcb->control.int_ctl & ~V_TPR_MASK) |
				(sregs->cr8 & V_TPR_MASK);
	/* New paging state: translations cached for the old one must go. */
	vmcb->control.tlb_ctl = TLB_CONTROL_FLUSH_ASID;
	return 0;
}

void svm_get_debugregs(struct xvm_vcpu *vcpu, struct xvm_debugregs *dr)
{
	struct svm_vcpu *svm = to_svm(vcpu);

	memcpy(dr->db, svm->db, sizeof(dr->db));
	dr->dr6 = svm->vmcb->save.dr6;
	dr->dr7 = svm->vmcb->save.dr7;
}

int svm_set_debugregs(struct xvm_vcpu *vcpu, const struct xvm_debugregs *dr)
{
	struct svm_vcpu *svm = to_svm(vcpu);

	memcpy(svm->db, dr->db, sizeof(svm->db));
	/*
	 * DR7 is live at once: DR0-3 must be the guest's from now on too.
	 * Not under QEMU's TCG (7.2): its VMRUN and #VMEXIT swap DR7 without
	 * moving the breakpoints it emulates, and the next write of a debug
	 * register then frees a watchpoint as a breakpoint: QEMU dies of a
	 * segmentation fault. There the guest's debug registers stay in
	 * memory, every access exits and is emulated (XVM_X_DR_ACCESS), and
	 * its breakpoints do not fire.
	 */
	if (!svm_on_tcg) {
		svm->vmcb->control.intercepts[INTERCEPT_DR] = 0;
		svm->dr_active = true;
	}
	svm->vmcb->save.dr6 = dr->dr6 | XVM_DR6_FIXED1;
	svm->vmcb->save.dr7 = (dr->dr7 & ~XVM_DR7_MBZ) | XVM_DR7_FIXED1;
	return 0;
}

int svm_get_msr(struct xvm_vcpu *vcpu, u32 index, u64 *data)
{
	struct vmcb_save_area *s = &to_svm(vcpu)->vmcb->save;

	switch (index) {
	case MSR_EFER:
		*data = s->efer & ~EFER_SVME;
		return 0;
	case MSR_STAR:
		*data = s->star;
		return 0;
	case MSR_LSTAR:
		*data = s->lstar;
		return 0;
	case MSR_CSTAR:
		*data = s->cstar;
		return 0;
	case MSR_SYSCALL_MASK:
		*data = s->sfmask;
		return 0;
	case MSR_KERNEL_GS_BASE:
		*data = s->kernel_gs_base;
		return 0;
	case MSR_FS_BASE:
		*data = s->fs.base;
		return 0;
	case MSR_GS_BASE:
		*data = s->gs.base;
		return 0;
	case MSR_IA32_SYSENTER_CS:
		*data = s->sysenter_cs;
		return 0;
	case MSR_IA32_SYSENTER_ESP:
		*data = s->sysenter_esp;
		return 0;
	case MSR_IA32_SYSENTER_EIP:
		*data = s->sysenter_eip;
		return 0;
	case MSR_IA32_CR_PAT:
		*data = s->g_pat;
		return 0;
	case MSR_IA32_DEBUGCTLMSR:
		*data = s->dbgctl;
		return 0;
	}
	return -ENOENT;
}

int svm_set_msr(struct xvm_vcpu *vcpu, u32 index, u64 data)
{
	struct vmcb_save_area *s = &to_svm(vcpu)->vmcb->save;

	switch (index) {
	case MSR_EFER:
		/* LMA is the CPU's to set; LME may not change under paging. */
		data = (data & ~EFER_LMA) | (s->efer & EFER_LMA);
		if ((s->cr0 & X86_CR0_PG) &&
		    ((data ^ s->efer) & EFER_LME))
			return -EINVAL;
		s->efer = data | EFER_SVME;
		return 0;
	case MSR_STAR:
		s->star = data;
		return 0;
	case MSR_LSTAR:
		s->lstar = data;
		return 0;
	case MSR_CSTAR:
		s->cstar = data;
		return 0;
	case MSR_KERNEL_GS_BASE:
		s->kernel_gs_base = data;
		return 0;
	case MSR_FS_BASE:
		s->fs.base = data;
		return 0;
	case MSR_GS_BASE:
		s->gs.base = data;
		return 0;
	case MSR_IA32_SYSENTER_ESP:
		s->sysenter_esp = data;
		return 0;
	case MSR_IA32_SYSENTER_EIP:
		s->sysenter_eip = data;
		return 0;
	case MSR_SYSCALL_MASK:
		s->sfmask = data;
		return 0;
	case MSR_IA32_SYSENTER_CS:
		s->sysenter_cs = data;
		return 0;
	case MSR_IA32_CR_PAT:
		s->g_pat = data;
		return 0;
	case MSR_IA32_DEBUGCTLMSR:
		s->dbgctl = data;
		return 0;
	}
	return -ENOENT;
}

#ifdef XVM_KUNIT
#include "vmcb_test.c"
#endif
