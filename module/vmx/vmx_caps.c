// SPDX-License-Identifier: GPL-2.0
/*
 * VMX capabilities: which controls the backend runs with, computed from the
 * capability MSRs (IA32_VMX_BASIC, the *_CTLS pairs, EPT_VPID_CAP). These
 * are pure functions of the MSR values so that KUnit can feed them any CPU.
 */
#include <linux/errno.h>
#include <asm/msr-index.h>

#include "vmx.h"

struct vmx_config vmx_cfg;

/**
 * vmx_adjust_ctls() - a control field the CPU accepts.
 * @cap: the capability MSR: allowed-0 settings in bits 31:0 (a 1 there is a
 *	bit that must be 1), allowed-1 settings in bits 63:32 (a 0 there is a
 *	bit that must be 0).
 * @required: bits the backend cannot run without.
 * @optional: bits the backend uses where the CPU allows them.
 * @ctls: the result, (must-be-1 | required | optional) & allowed-1.
 *
 * Return: the @required bits the CPU does not allow (0 when all are).
 */
u32 vmx_adjust_ctls(u64 cap, u32 required, u32 optional, u32 *ctls)
{
	u32 allowed0 = lower_32_bits(cap);
	u32 allowed1 = upper_32_bits(cap);

	*ctls = (allowed0 | required | optional) & allowed1;
	return required & ~allowed1;
}

/* Whether a control register value has the bits VMX operation fixes. */
bool vmx_cr_fixed_ok(u64 cr, u64 fixed0, u64 fixed1)
{
	return (cr & fixed0) == fixed0 && (cr & ~fixed1) == 0;
}

/**
 * vmx_compute_config() - the controls and features the backend uses.
 * @m: the capability MSRs.
 * @cfg: the result.
 * @missing: set to what the CPU lacks, when it fails.
 *
 * Return: 0, or -ENODEV when a feature the backend needs is missing.
 */
int vmx_compute_config(const struct vmx_cap_msrs *m, struct vmx_config *cfg,
		       const char **missing)
{
	bool true_ctls = m->basic & VMX_BASIC_TRUE_CTLS;
	u64 ept = m->ept_vpid;
	u64 vpid = m->ept_vpid >> 32;
	u32 proc2_required = VMX_PROC2_REQUIRED;
	u32 bad;

	memset(cfg, 0, sizeof(*cfg));
	cfg->revision = m->basic & 0x7fffffff;
	cfg->vmcs_size = (m->basic >> VMX_BASIC_VMCS_SIZE_SHIFT) & 0x1fff;
	cfg->ins_outs_info = m->basic & VMX_BASIC_INOUT;

	if (!cfg->vmcs_size || cfg->vmcs_size > PAGE_SIZE) {
		*missing = "a VMCS that fits a page";
		return -ENODEV;
	}
	if (((m->basic & VMX_BASIC_MEM_TYPE_MASK) >> VMX_BASIC_MEM_TYPE_SHIFT) !=
	    VMX_BASIC_MEM_TYPE_WB) {
		*missing = "write-back VMCS memory";
		return -ENODEV;
	}
	if (m->basic & VMX_BASIC_64) {
		*missing = "VMX structures above 4 GiB";
		return -ENODEV;
	}

	if (vmx_adjust_ctls(true_ctls ? m->true_pin : m->pin,
			    VMX_PIN_REQUIRED, VMX_PIN_OPTIONAL, &cfg->pin)) {
		*missing = "external-interrupt or NMI exiting";
		return -ENODEV;
	}
	bad = vmx_adjust_ctls(true_ctls ? m->true_proc : m->proc,
			      VMX_PROC_REQUIRED, VMX_PROC_OPTIONAL, &cfg->proc);
	if (bad) {
		if (bad & CPU_BASED_USE_MSR_BITMAPS)
			*missing = "MSR bitmaps";
		else if (bad & CPU_BASED_USE_IO_BITMAPS)
			*missing = "I/O bitmaps";
		else if (bad & CPU_BASED_ACTIVATE_SECONDARY_CONTROLS)
			*missing = "secondary controls (EPT)";
		else
			*missing = "a processor-based exiting control";
		return -ENODEV;
	}
	/* The interrupt window is opened on demand, never at first. */
	cfg->proc &= ~(CPU_BASED_INTR_WINDOW_EXITING |
		       CPU_BASED_NMI_WINDOW_EXITING);

	/* Secondary controls have no must-be-1 bits (allowed-0 is zero). */
	bad = vmx_adjust_ctls(m->proc2 & GENMASK_ULL(63, 32), proc2_required,
			      VMX_PROC2_OPTIONAL, &cfg->proc2);
	if (bad) {
		if (bad & SECONDARY_EXEC_ENABLE_EPT)
			*missing = "EPT";
		else
			*missing = "unrestricted guest";
		return -ENODEV;
	}
	if (vmx_adjust_ctls(true_ctls ? m->true_exit : m->exit,
			    VMX_EXIT_REQUIRED, VMX_EXIT_OPTIONAL, &cfg->exit)) {
		*missing = "64-bit host or save/load IA32_EFER on exit";
		return -ENODEV;
	}
	cfg->exit &= ~VM_EXIT_ACK_INTR_ON_EXIT;
	if (vmx_adjust_ctls(true_ctls ? m->true_entry : m->entry,
			    VMX_ENTRY_REQUIRED, VMX_ENTRY_OPTIONAL,
			    &cfg->entry)) {
		*missing = "load IA32_EFER on entry";
		return -ENODEV;
	}
	/* The guest starts in real mode; set_sregs and EFER writes decide. */
	cfg->entry &= ~VM_ENTRY_IA32E_MODE;

	if (!(ept & VMX_EPT_PAGE_WALK_4_BIT)) {
		*missing = "4-level EPT";
		return -ENODEV;
	}
	if (!(ept & VMX_EPTP_WB_BIT)) {
		*missing = "write-back EPT memory type";
		return -ENODEV;
	}
	if (!(ept & VMX_EPT_2MB_PAGE_BIT)) {
		*missing = "2 MiB EPT pages";
		return -ENODEV;
	}
	cfg->invept_single = (ept & VMX_EPT_INVEPT_BIT) &&
			     (ept & VMX_EPT_EXTENT_CONTEXT_BIT);
	cfg->invept_global = (ept & VMX_EPT_INVEPT_BIT) &&
			     (ept & VMX_EPT_EXTENT_GLOBAL_BIT);
	if (!cfg->invept_single && !cfg->invept_global) {
		*missing = "INVEPT";
		return -ENODEV;
	}
	cfg->ept_ad = ept & VMX_EPT_AD_BIT;

	cfg->invvpid_single = (vpid & VMX_VPID_INVVPID_BIT) &&
			      (vpid & VMX_VPID_EXTENT_SINGLE_CONTEXT_BIT);
	cfg->invvpid_global = (vpid & VMX_VPID_INVVPID_BIT) &&
			      (vpid & VMX_VPID_EXTENT_GLOBAL_CONTEXT_BIT);
	/* VPIDs without a way to flush them would leave stale translations. */
	cfg->vpid = (cfg->proc2 & SECONDARY_EXEC_ENABLE_VPID) &&
		    (cfg->invvpid_single || cfg->invvpid_global);
	if (!cfg->vpid)
		cfg->proc2 &= ~SECONDARY_EXEC_ENABLE_VPID;

	cfg->pat = (cfg->exit & VM_EXIT_SAVE_IA32_PAT) &&
		   (cfg->exit & VM_EXIT_LOAD_IA32_PAT) &&
		   (cfg->entry & VM_ENTRY_LOAD_IA32_PAT);
	if (!cfg->pat) {
		cfg->exit &= ~(VM_EXIT_SAVE_IA32_PAT | VM_EXIT_LOAD_IA32_PAT);
		cfg->entry &= ~VM_ENTRY_LOAD_IA32_PAT;
	}
	cfg->vnmi = cfg->pin & PIN_BASED_VIRTUAL_NMIS;
	cfg->preempt_timer = cfg->pin & PIN_BASED_VMX_PREEMPTION_TIMER;
	/* Never saved: every entry starts the timer from its full value. */
	cfg->exit &= ~VM_EXIT_SAVE_VMX_PREEMPTION_TIMER;
	return 0;
}

#ifdef XVM_KUNIT
#include "vmx_caps_test.c"
#endif
