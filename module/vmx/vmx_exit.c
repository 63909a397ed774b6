// SPDX-License-Identifier: GPL-2.0
/*
 * VM exits: decoding the raw exit fields into struct xvm_exit (a pure
 * function, for KUnit), and the exits the backend handles itself: MOV to
 * and from control and debug registers.
 */
#include "vmx.h"

#include <asm/debugreg.h>
#include <asm/processor-flags.h>
#include <asm/trapnr.h>

#define VMX_EXIT_GETSEC		11

/* VMX segment numbers (instruction information) to XVM_SEG_*. */
static const u8 vmx_seg_to_xvm[8] = {
	XVM_SEG_ES, XVM_SEG_CS, XVM_SEG_SS, XVM_SEG_DS, XVM_SEG_FS, XVM_SEG_GS,
	XVM_SEG_DS, XVM_SEG_DS,
};

static void vmx_decode_io(const struct vmx_exit_info *info,
			  struct xvm_exit *exit)
{
	u64 q = info->qual;

	exit->kind = XVM_X_IO;
	exit->insn_len = info->insn_len;
	exit->io.size = (q & 7) + 1;
	exit->io.in = q & BIT(3);
	exit->io.string = q & BIT(4);
	exit->io.rep = q & BIT(5);
	exit->io.port = q >> 16;
	if (!exit->io.string)
		return;
	if (info->ins_outs_info) {
		exit->io.addr_size = 2 << ((info->insn_info >> 7) & 3);
		if (exit->io.addr_size > 8)
			exit->io.addr_size = 8;
		exit->io.seg = vmx_seg_to_xvm[(info->insn_info >> 15) & 7];
	} else {
		/* No prefix decoding: the default address size and DS. */
		exit->io.addr_size = info->def_addr_size;
		exit->io.seg = XVM_SEG_DS;
	}
	/* INS always writes ES:(E/R)DI. */
	if (exit->io.in)
		exit->io.seg = XVM_SEG_ES;
}

/**
 * vmx_decode_exit() - decode an exit for the core.
 * @info: the raw exit fields.
 * @exit: the decoded exit; @exit->kind is XVM_X_NONE when the backend
 *	handles the exit itself.
 *
 * Return: what the backend must do itself.
 */
enum vmx_action vmx_decode_exit(const struct vmx_exit_info *info,
				struct xvm_exit *exit)
{
	u32 basic = info->reason & 0xffff;

	memset(exit, 0, sizeof(*exit));
	exit->kind = XVM_X_NONE;
	if (info->reason & VMX_EXIT_REASONS_FAILED_VMENTRY) {
		exit->kind = XVM_X_FAIL_ENTRY;
		exit->hw.reason = info->reason;
		exit->hw.qual = info->qual;
		return VMX_ACT_NONE;
	}

	switch (basic) {
	case EXIT_REASON_EXCEPTION_NMI:
		if ((info->intr_info & (INTR_INFO_VALID_MASK |
					INTR_INFO_INTR_TYPE_MASK)) ==
		    (INTR_INFO_VALID_MASK | INTR_TYPE_NMI_INTR)) {
			exit->kind = XVM_X_HOST_INTR;
			return VMX_ACT_NMI;
		}
		if ((info->intr_info & (INTR_INFO_VALID_MASK |
					INTR_INFO_INTR_TYPE_MASK |
					INTR_INFO_VECTOR_MASK)) ==
		    (INTR_INFO_VALID_MASK | INTR_TYPE_HARD_EXCEPTION |
		     X86_TRAP_AC))
			return VMX_ACT_AC;
		/* A #DB of any kind, ICEBP's (privileged software) included. */
		if ((info->intr_info & (INTR_INFO_VALID_MASK |
					INTR_INFO_VECTOR_MASK)) ==
		    (INTR_INFO_VALID_MASK | X86_TRAP_DB))
			return VMX_ACT_DB;
		break;
	case EXIT_REASON_EXTERNAL_INTERRUPT:
	case EXIT_REASON_PREEMPTION_TIMER:
		exit->kind = XVM_X_HOST_INTR;
		return VMX_ACT_NONE;
	case EXIT_REASON_TRIPLE_FAULT:
		exit->kind = XVM_X_SHUTDOWN;
		return VMX_ACT_NONE;
	case EXIT_REASON_INTERRUPT_WINDOW:
		exit->kind = XVM_X_IRQ_WINDOW;
		return VMX_ACT_NONE;
	case EXIT_REASON_NMI_WINDOW:
		return VMX_ACT_NMI_WINDOW;
	case EXIT_REASON_CPUID:
		exit->kind = XVM_X_CPUID;
		exit->insn_len = info->insn_len;
		return VMX_ACT_NONE;
	case EXIT_REASON_HLT:
		exit->kind = XVM_X_HLT;
		exit->insn_len = info->insn_len;
		return VMX_ACT_NONE;
	case EXIT_REASON_MSR_READ:
		exit->kind = XVM_X_RDMSR;
		exit->insn_len = info->insn_len;
		return VMX_ACT_NONE;
	case EXIT_REASON_MSR_WRITE:
		exit->kind = XVM_X_WRMSR;
		exit->insn_len = info->insn_len;
		return VMX_ACT_NONE;
	case EXIT_REASON_XSETBV:
		exit->kind = XVM_X_XSETBV;
		exit->insn_len = info->insn_len;
		return VMX_ACT_NONE;
	case EXIT_REASON_IO_INSTRUCTION:
		vmx_decode_io(info, exit);
		return VMX_ACT_NONE;
	case EXIT_REASON_EPT_VIOLATION:
		exit->kind = XVM_X_SLPT_FAULT;
		exit->fault.gpa = info->gpa;
		exit->fault.write = info->qual & EPT_VIOLATION_ACC_WRITE;
		exit->fault.fetch = info->qual & EPT_VIOLATION_ACC_INSTR;
		return VMX_ACT_NONE;
	case EXIT_REASON_CR_ACCESS:
		exit->insn_len = info->insn_len;
		return VMX_ACT_CR;
	case EXIT_REASON_DR_ACCESS:
		exit->insn_len = info->insn_len;
		return VMX_ACT_DR;
	case EXIT_REASON_VMCALL:
	case EXIT_REASON_VMCLEAR:
	case EXIT_REASON_VMLAUNCH:
	case EXIT_REASON_VMPTRLD:
	case EXIT_REASON_VMPTRST:
	case EXIT_REASON_VMREAD:
	case EXIT_REASON_VMRESUME:
	case EXIT_REASON_VMWRITE:
	case EXIT_REASON_VMOFF:
	case EXIT_REASON_VMON:
	case EXIT_REASON_INVEPT:
	case EXIT_REASON_INVVPID:
	case EXIT_REASON_VMFUNC:
	case VMX_EXIT_GETSEC:
	case EXIT_REASON_MWAIT_INSTRUCTION:
	case EXIT_REASON_MONITOR_INSTRUCTION:
		return VMX_ACT_UD;
	case EXIT_REASON_RDPMC:
		return VMX_ACT_GP;
	case EXIT_REASON_INVD:
	case EXIT_REASON_WBINVD:
	case EXIT_REASON_PAUSE_INSTRUCTION:
		exit->insn_len = info->insn_len;
		return VMX_ACT_SKIP;
	case EXIT_REASON_INVLPG:
		exit->insn_len = info->insn_len;
		return VMX_ACT_INVLPG;
	default:
		break;
	}
	/* EPT misconfigurations and anything not asked for. */
	exit->kind = XVM_X_UNHANDLED;
	exit->hw.reason = info->reason;
	exit->hw.qual = info->qual;
	return VMX_ACT_NONE;
}

/* Step over an instruction the backend emulated. */
void vmx_skip_insn(struct vmx_vcpu *vmx, u32 insn_len)
{
	struct xvm_vcpu *vcpu = &vmx->vcpu;

	vcpu->regs.rip += insn_len;
	if (!(vmx->efer & EFER_LMA))
		vcpu->regs.rip = (u32)vcpu->regs.rip;
	if (vmx->intr_state & (GUEST_INTR_STATE_STI | GUEST_INTR_STATE_MOV_SS)) {
		vmx->intr_state &= ~(GUEST_INTR_STATE_STI |
				     GUEST_INTR_STATE_MOV_SS);
		vmcs_write32(GUEST_INTERRUPTIBILITY_INFO, vmx->intr_state);
	}
}

/* MOV to/from CR0, CR3, CR4, CR8, CLTS and LMSW. */
int vmx_handle_cr(struct vmx_vcpu *vmx, u64 qual, u32 insn_len)
{
	u64 *reg = xvm_gpr(&vmx->vcpu, (qual >> 8) & 15);
	unsigned int cr = qual & 15;
	u64 cr0;
	int ret = 0;

	switch ((qual >> 4) & 3) {
	case 0:		/* MOV to CR */
		switch (cr) {
		case 0:
			ret = vmx_set_cr0(vmx, *reg);
			break;
		case 3:
			vmx_set_cr3(vmx, *reg);
			break;
		case 4:
			ret = vmx_set_cr4(vmx, *reg);
			break;
		case 8:
			if (*reg > 15)
				ret = -EINVAL;
			else
				vmx->cr8 = *reg;
			break;
		default:
			return -EOPNOTSUPP;
		}
		break;
	case 1:		/* MOV from CR */
		if (cr == 3)
			*reg = vmcs_readl(GUEST_CR3);
		else if (cr == 8)
			*reg = vmx->cr8;
		else
			return -EOPNOTSUPP;
		break;
	case 2:		/* CLTS */
		ret = vmx_set_cr0(vmx, vmx_get_cr0(vmx) & ~(u64)X86_CR0_TS);
		break;
	case 3:		/* LMSW: sets PE but never clears it */
		cr0 = vmx_get_cr0(vmx);
		cr0 = (cr0 & ~0xeULL) | ((qual >> 16) & 0xf);
		ret = vmx_set_cr0(vmx, cr0);
		break;
	}
	if (ret)
		vmx_queue_exception(vmx, X86_TRAP_GP, true, 0);
	else
		vmx_skip_insn(vmx, insn_len);
	return 0;
}

/*
 * MOV to/from DR: the guest's DR0-3 and DR6 live in struct vmx_vcpu, DR7
 * in the VMCS. The CPU checks CPL and DR7.GD before it exits.
 */
int vmx_handle_dr(struct vmx_vcpu *vmx, u64 qual, u32 insn_len)
{
	u64 *reg = xvm_gpr(&vmx->vcpu, DEBUG_REG_ACCESS_REG(qual));
	unsigned int dr = qual & DEBUG_REG_ACCESS_NUM;

	if (dr == 4 || dr == 5) {
		if (vmx_get_cr4(vmx) & X86_CR4_DE) {
			vmx_queue_exception(vmx, X86_TRAP_UD, false, 0);
			return 0;
		}
		dr += 2;
	}
	if (qual & TYPE_MOV_FROM_DR) {
		if (dr < 4)
			*reg = vmx->db[dr];
		else if (dr == 6)
			*reg = vmx->dr6;
		else
			*reg = vmcs_readl(GUEST_DR7);
	} else {
		u64 val = *reg;

		if (dr >= 6 && (val >> 32)) {
			vmx_queue_exception(vmx, X86_TRAP_GP, true, 0);
			return 0;
		}
		if (dr < 4)
			vmx->db[dr] = val;
		else if (dr == 6)
			vmx->dr6 = val | XVM_DR6_FIXED1;
		else
			vmcs_writel(GUEST_DR7, (val & ~XVM_DR7_MBZ) | XVM_DR7_FIXED1);
	}
	vmx_skip_insn(vmx, insn_len);
	return 0;
}

/*
 * An intercepted #DB goes back to the guest. The exit per delivery is what
 * keeps a guest whose #DB delivery raises #DB again (a data breakpoint on
 * its own stack or IDT) from holding the CPU with host interrupts never
 * taken (CVE-2015-8104). The CPU left DR6 alone: the exit qualification
 * has the B0-B3, BD, BS and RTM bits, which go into the guest's DR6 as
 * delivery would have put them (RTM is active low in DR6).
 */
void vmx_reflect_db(struct vmx_vcpu *vmx, u64 qual, u32 intr_info,
		    u32 insn_len)
{
	u64 dr7;

	/* An event whose delivery was cut short goes first; #DB recurs. */
	if (vmx->entry_info & INTR_INFO_VALID_MASK)
		return;
	if ((intr_info & INTR_INFO_INTR_TYPE_MASK) ==
	    INTR_TYPE_PRIV_SW_EXCEPTION) {
		/* ICEBP exits before it runs; its #DB is a trap. */
		vmx_skip_insn(vmx, insn_len);
	} else {
		qual &= DR_TRAP_BITS | XVM_DR6_BD | DR_STEP | XVM_DR6_RTM;
		vmx->dr6 = ((vmx->dr6 & ~(u64)DR_TRAP_BITS) | XVM_DR6_FIXED1 |
			    qual) ^ (qual & XVM_DR6_FIXED1);
		/*
		 * Single-stepping out of an STI or MOV SS shadow: VM entry
		 * wants the single-step pending, which this exit did not
		 * leave in the VMCS.
		 */
		if ((vmx->vcpu.regs.rflags & X86_EFLAGS_TF) &&
		    (vmx->intr_state & (GUEST_INTR_STATE_STI |
					GUEST_INTR_STATE_MOV_SS)))
			vmcs_writel(GUEST_PENDING_DBG_EXCEPTIONS,
				    vmcs_readl(GUEST_PENDING_DBG_EXCEPTIONS) |
				    DR_STEP);
	}
	/* Delivery of #DB clears DR7.GD, so the handler can use DR7. */
	dr7 = vmcs_readl(GUEST_DR7);
	if (dr7 & XVM_DR7_GD)
		vmcs_writel(GUEST_DR7, dr7 & ~XVM_DR7_GD);
	vmx_queue_exception(vmx, X86_TRAP_DB, false, 0);
}
