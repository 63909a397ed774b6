// SPDX-License-Identifier: GPL-2.0
/*
 * SVM exit codes, decoded into the core's struct xvm_exit. What concerns
 * only SVM (instructions that raise #UD, the NMI-window IRET, lazily given
 * debug registers) is handled here and never reaches the core.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <asm/trap_pf.h>
#include <asm/traps.h>

#include "../backend.h"
#include "svm.h"

/* Lengths of the intercepted instructions, without NRIP save. */
#define SVM_LEN_CPUID	2
#define SVM_LEN_MSR	2
#define SVM_LEN_HLT	1
#define SVM_LEN_XSETBV	3
#define SVM_LEN_INVD	2

static void svm_queue_exception(struct svm_vcpu *svm, u8 vector,
				bool has_error, u32 error)
{
	struct vmcb_control_area *c = &svm->vmcb->control;

	c->event_inj = vector | SVM_EVTINJ_TYPE_EXEPT | SVM_EVTINJ_VALID |
		       (has_error ? SVM_EVTINJ_VALID_ERR : 0);
	c->event_inj_err = error;
}

/* Length of the instruction that exited: from NRIP where the CPU has it. */
static u32 svm_insn_len(struct svm_vcpu *svm, u32 fallback)
{
	struct vmcb *vmcb = svm->vmcb;

	if (svm_features & SVM_FEAT_NRIPS)
		return vmcb->control.next_rip - vmcb->save.rip;
	return fallback;
}

static void svm_decode_io(struct svm_vcpu *svm, struct xvm_exit *exit)
{
	struct vmcb_control_area *c = &svm->vmcb->control;
	u64 info = c->exit_info_1;

	exit->kind = XVM_X_IO;
	exit->io.port = info >> 16;
	exit->io.in = info & SVM_IOIO_TYPE_MASK;
	exit->io.string = !!(info & SVM_IOIO_STR_MASK);
	exit->io.rep = !!(info & SVM_IOIO_REP_MASK);
	exit->io.size = (info & SVM_IOIO_SIZE_MASK) >> SVM_IOIO_SIZE_SHIFT;
	exit->io.addr_size = ((info & SVM_IOIO_ASIZE_MASK) >>
			      SVM_IOIO_ASIZE_SHIFT) * 2;
	/* Bits 12:10 name the segment (decode assists); DS otherwise. */
	if (svm_features & SVM_FEAT_DECODE_ASSISTS) {
		static const u8 seg_map[] = {
			XVM_SEG_ES, XVM_SEG_CS, XVM_SEG_SS, XVM_SEG_DS,
			XVM_SEG_FS, XVM_SEG_GS, XVM_SEG_DS, XVM_SEG_DS,
		};

		exit->io.seg = seg_map[(info >> 10) & 7];
	} else {
		exit->io.seg = XVM_SEG_DS;
	}
	/* EXITINFO2 holds the next RIP for IOIO, with or without NRIPS. */
	exit->insn_len = c->exit_info_2 - svm->vmcb->save.rip;
}

static void svm_decode_npf(struct svm_vcpu *svm, struct xvm_exit *exit)
{
	struct vmcb_control_area *c = &svm->vmcb->control;

	pr_debug("npf %llx code %llx\n", c->exit_info_2, c->exit_info_1);
	exit->kind = XVM_X_SLPT_FAULT;
	exit->fault.gpa = c->exit_info_2;
	exit->fault.write = !!(c->exit_info_1 & X86_PF_WRITE);
	exit->fault.fetch = !!(c->exit_info_1 & X86_PF_INSTR);
	exit->fault.insn_len = 0;
	if ((svm_features & SVM_FEAT_DECODE_ASSISTS) && c->insn_len <= 15) {
		exit->fault.insn_len = c->insn_len;
		memcpy(exit->fault.insn, c->insn_bytes, c->insn_len);
	}
}

/* The guest reached for the debug registers: give them to it. */
static void svm_debug_to_guest(struct svm_vcpu *svm)
{
	svm->vmcb->control.intercepts[INTERCEPT_DR] = 0;
	svm->dr_active = true;
}

void svm_decode_exit(struct svm_vcpu *svm, struct xvm_exit *exit)
{
	struct vmcb_control_area *c = &svm->vmcb->control;
	u32 code = c->exit_code;

	exit->kind = XVM_X_NONE;
	exit->insn_len = 0;

	switch (code) {
	case SVM_EXIT_INTR:
	case SVM_EXIT_NMI:
	case SVM_EXIT_SMI:
	case SVM_EXIT_INIT:
		exit->kind = XVM_X_HOST_INTR;
		return;
	case SVM_EXIT_VINTR:
		exit->kind = XVM_X_IRQ_WINDOW;
		return;
	case SVM_EXIT_CPUID:
		exit->kind = XVM_X_CPUID;
		exit->insn_len = svm_insn_len(svm, SVM_LEN_CPUID);
		return;
	case SVM_EXIT_HLT:
		exit->kind = XVM_X_HLT;
		exit->insn_len = svm_insn_len(svm, SVM_LEN_HLT);
		return;
	case SVM_EXIT_MSR:
		exit->kind = c->exit_info_1 ? XVM_X_WRMSR : XVM_X_RDMSR;
		exit->insn_len = svm_insn_len(svm, SVM_LEN_MSR);
		return;
	case SVM_EXIT_XSETBV:
		exit->kind = XVM_X_XSETBV;
		exit->insn_len = svm_insn_len(svm, SVM_LEN_XSETBV);
		return;
	case SVM_EXIT_IOIO:
		svm_decode_io(svm, exit);
		return;
	case SVM_EXIT_NPF:
		svm_decode_npf(svm, exit);
		return;
	case SVM_EXIT_SHUTDOWN:
		exit->kind = XVM_X_SHUTDOWN;
		return;
	case SVM_EXIT_INVD:
	case SVM_EXIT_WBINVD:
		/* Caches are the host's: nothing to do for the guest. */
		svm->vcpu.regs.rip += svm_insn_len(svm, SVM_LEN_INVD);
		return;
	case SVM_EXIT_VMRUN:
	case SVM_EXIT_VMMCALL:
	case SVM_EXIT_VMLOAD:
	case SVM_EXIT_VMSAVE:
	case SVM_EXIT_STGI:
	case SVM_EXIT_CLGI:
	case SVM_EXIT_SKINIT:
	case SVM_EXIT_INVLPGA:
	case SVM_EXIT_RDTSCP:
	case SVM_EXIT_MONITOR:
	case SVM_EXIT_MWAIT:
	case SVM_EXIT_MWAIT_COND:
	case SVM_EXIT_RDPRU:
		/* Not offered to the guest (no SVM, no MONITOR in CPUID). */
		svm_queue_exception(svm, X86_TRAP_UD, false, 0);
		return;
	case SVM_EXIT_EXCP_BASE + X86_TRAP_DB:
	case SVM_EXIT_EXCP_BASE + X86_TRAP_AC:
		/*
		 * Given back as they came (DR6 is already in the VMCB); an
		 * exit per delivery is what keeps a #DB/#AC loop from holding
		 * the CPU. An event being delivered again comes first.
		 */
		if (c->event_inj & SVM_EVTINJ_VALID)
			return;
		svm_queue_exception(svm, code - SVM_EXIT_EXCP_BASE,
				    code == SVM_EXIT_EXCP_BASE + X86_TRAP_AC,
				    c->exit_info_1);
		/* #AC is a fault: its handler returns with RF set. */
		if (code == SVM_EXIT_EXCP_BASE + X86_TRAP_AC)
			svm->vcpu.regs.rflags |= X86_EFLAGS_RF;
		/* Delivery of #DB clears DR7.GD, so the handler can use DR7. */
		else
			svm->vmcb->save.dr7 &= ~XVM_DR7_GD;
		return;
	case SVM_EXIT_RDPMC:
		svm_queue_exception(svm, X86_TRAP_GP, true, 0);
		return;
	case SVM_EXIT_IRET:
		/* The NMI handler returns: NMIs may come again. */
		svm->nmi_masked = false;
		svm_set_intercept(svm->vmcb, INTERCEPT_IRET, false);
		return;
	case SVM_EXIT_WRITE_CR8:
		/* Only while an interrupt window is open: svm_set_irq_window() */
		exit->kind = XVM_X_CR8_WRITE;
		return;
	case SVM_EXIT_READ_DR0 ... SVM_EXIT_WRITE_DR7:
		if (svm_on_tcg)
			exit->kind = XVM_X_DR_ACCESS;	/* svm_set_debugregs() */
		else
			svm_debug_to_guest(svm);
		return;
	case SVM_EXIT_FERR_FREEZE:
		return;
	case SVM_EXIT_ERR:
		exit->kind = XVM_X_FAIL_ENTRY;
		exit->hw.reason = (u32)SVM_EXIT_ERR;
		exit->hw.qual = 0;
		return;
	default:
		exit->kind = XVM_X_UNHANDLED;
		exit->hw.reason = code;
		exit->hw.qual = c->exit_info_1;
		return;
	}
}

#ifdef XVM_KUNIT
#include "svm_exit_test.c"
#endif
