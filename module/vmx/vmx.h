/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The Intel VT-x backend: private header shared by module/vmx/ (all files).
 *
 * Locking: a struct vmx_vcpu is guarded by its vcpu->mutex like the rest of
 * the vCPU; the VMCS is touched only with preemption off, on the CPU where
 * it is current (see vmx_vmcs_get()). The VPID bitmap has its own lock.
 */
#ifndef XVM_VMX_VMX_H
#define XVM_VMX_VMX_H

#include <linux/types.h>
#include <asm/virtext.h>	/* VMCS encodings, controls, VMXOFF */

#include "../xvm.h"

/* Raw capability MSRs, as read from the CPU (pure input of the policy). */
struct vmx_cap_msrs {
	u64 basic;
	u64 pin, proc, exit, entry;		/* IA32_VMX_*_CTLS */
	u64 true_pin, true_proc, true_exit, true_entry;
	u64 proc2;				/* IA32_VMX_PROCBASED_CTLS2 */
	u64 ept_vpid;				/* IA32_VMX_EPT_VPID_CAP */
	u64 misc;
};

/* What the backend runs with, computed once from struct vmx_cap_msrs. */
struct vmx_config {
	u32 revision;		/* VMCS revision identifier */
	u32 vmcs_size;
	u32 pin, proc, proc2, exit, entry;
	bool ins_outs_info;	/* VM-exit instruction info for INS/OUTS */
	bool ept_ad;		/* EPT accessed/dirty flags */
	bool invept_single, invept_global;
	bool vpid;		/* VPIDs in use (INVVPID usable) */
	bool invvpid_single, invvpid_global;
	bool pat;		/* load/save IA32_PAT on entry and exit */
	bool vnmi;		/* virtual NMIs */
	bool preempt_timer;	/* the VMX-preemption timer */
};

extern struct vmx_config vmx_cfg;

/* Control bits the backend cannot run without, and those it uses if there. */
#define VMX_PIN_REQUIRED	(PIN_BASED_EXT_INTR_MASK | PIN_BASED_NMI_EXITING)
#define VMX_PIN_OPTIONAL	(PIN_BASED_VIRTUAL_NMIS | PIN_BASED_VMX_PREEMPTION_TIMER)
#define VMX_PROC_REQUIRED	(CPU_BASED_HLT_EXITING |		\
				 CPU_BASED_MWAIT_EXITING |		\
				 CPU_BASED_MONITOR_EXITING |		\
				 CPU_BASED_RDPMC_EXITING |		\
				 CPU_BASED_CR8_LOAD_EXITING |		\
				 CPU_BASED_CR8_STORE_EXITING |		\
				 CPU_BASED_MOV_DR_EXITING |		\
				 CPU_BASED_USE_IO_BITMAPS |		\
				 CPU_BASED_USE_MSR_BITMAPS |		\
				 CPU_BASED_ACTIVATE_SECONDARY_CONTROLS)
#define VMX_PROC_OPTIONAL	0
#define VMX_PROC2_REQUIRED	(SECONDARY_EXEC_ENABLE_EPT |		\
				 SECONDARY_EXEC_UNRESTRICTED_GUEST)
/* Not RDTSCP: the guest's CPUID does not offer it, so it must be #UD. */
#define VMX_PROC2_OPTIONAL	(SECONDARY_EXEC_ENABLE_VPID |		\
				 SECONDARY_EXEC_ENABLE_INVPCID)
#define VMX_EXIT_REQUIRED	(VM_EXIT_HOST_ADDR_SPACE_SIZE |		\
				 VM_EXIT_SAVE_DEBUG_CONTROLS |		\
				 VM_EXIT_SAVE_IA32_EFER |		\
				 VM_EXIT_LOAD_IA32_EFER)
#define VMX_EXIT_OPTIONAL	(VM_EXIT_SAVE_IA32_PAT | VM_EXIT_LOAD_IA32_PAT)
/* Never: VM_EXIT_ACK_INTR_ON_EXIT, the host takes its interrupts itself. */
#define VMX_ENTRY_REQUIRED	(VM_ENTRY_LOAD_DEBUG_CONTROLS |		\
				 VM_ENTRY_LOAD_IA32_EFER)
#define VMX_ENTRY_OPTIONAL	(VM_ENTRY_LOAD_IA32_PAT)

/* vmx_caps.c: pure functions of the capability MSRs */
u32 vmx_adjust_ctls(u64 cap, u32 required, u32 optional, u32 *ctls);
int vmx_compute_config(const struct vmx_cap_msrs *m, struct vmx_config *cfg,
		       const char **missing);
bool vmx_cr_fixed_ok(u64 cr, u64 fixed0, u64 fixed1);

/* Segment access rights, VMX format. */
#define VMX_AR_UNUSABLE		VMX_AR_UNUSABLE_MASK

/* vmcs.c: conversions (pure) */
u32 vmx_seg_to_ar(const struct xvm_segment *seg);
void vmx_ar_to_seg(u32 ar, struct xvm_segment *seg);

/* ept.c */
u64 vmx_slpt_entry(phys_addr_t pa, unsigned int perms, unsigned int level);
bool vmx_slpt_present(u64 entry);
unsigned int vmx_slpt_levels(void);
u64 vmx_make_eptp(phys_addr_t root_pa, bool ad);

/*
 * What the decoder needs of an exit: the raw fields as VMREAD gives them,
 * plus two facts about the guest for INS/OUTS.
 */
struct vmx_exit_info {
	u32 reason;		/* VM_EXIT_REASON */
	u64 qual;		/* EXIT_QUALIFICATION */
	u32 insn_len;		/* VM_EXIT_INSTRUCTION_LEN */
	u32 insn_info;		/* VMX_INSTRUCTION_INFO */
	u32 intr_info;		/* VM_EXIT_INTR_INFO */
	u64 gpa;		/* GUEST_PHYSICAL_ADDRESS */
	bool ins_outs_info;	/* @insn_info is valid for INS/OUTS */
	u8 def_addr_size;	/* 2, 4 or 8: the address size of the guest's CS */
};

/* What the backend does itself after vmx_decode_exit(). */
enum vmx_action {
	VMX_ACT_NONE,		/* nothing: the core handles exit->kind */
	VMX_ACT_NMI,		/* a host NMI: hand it to the host */
	VMX_ACT_UD,		/* inject #UD */
	VMX_ACT_GP,		/* inject #GP(0) */
	VMX_ACT_CR,		/* MOV to/from CR */
	VMX_ACT_DR,		/* MOV to/from DR */
	VMX_ACT_SKIP,		/* do nothing but skip the instruction */
	VMX_ACT_INVLPG,		/* flush and skip */
	VMX_ACT_NMI_WINDOW,	/* the guest can take an NMI */
	VMX_ACT_AC,		/* give the intercepted #AC back */
	VMX_ACT_DB,		/* give the intercepted #DB back */
};

/* vmx_exit.c */
enum vmx_action vmx_decode_exit(const struct vmx_exit_info *info,
				struct xvm_exit *exit);

/**
 * struct vmx_vcpu - a vCPU of the VMX backend.
 * @vcpu: the core's part; must be first.
 * @vmcs: the VMCS page; @vmcs_pa its physical address.
 * @cpu: the CPU where the VMCS is current (active and loaded), or -1.
 * @last_cpu: the CPU the vCPU last ran on, for TLB flushes on migration.
 * @launched: the VMCS is launched (VMRESUME, not VMLAUNCH).
 * @need_flush: flush EPT and VPID translations before the next entry.
 * @vpid: the vCPU's VPID, 0 if none.
 * @proc: primary processor-based controls as last written.
 * @proc_dirty: @proc must be written before the next entry.
 * @eptp: the EPT pointer written in the VMCS.
 * @cr2: the guest's CR2 (not switched by the hardware).
 * @cr8: the guest's task priority (CR8 accesses exit).
 * @efer: the guest's EFER as the guest sees it.
 * @star: and @lstar, @cstar, @sfmask, @kernel_gs_base: the guest's values,
 *	in the hardware only while the guest runs.
 * @pat: the guest's PAT where the VMCS cannot hold it.
 * @db: the guest's DR0-DR3; @dr6 its DR6 (DR7 is in the VMCS).
 * @intr_state: GUEST_INTERRUPTIBILITY_INFO at the last exit.
 * @exit_rip: RIP at the last exit: an STI or MOV SS shadow ends once the
 *	core moved RIP past the instruction.
 * @entry_info: the event to deliver at the next entry (VM_ENTRY_INTR_INFO
 *	format, 0 if none), its @entry_error and @entry_insn_len.
 */
struct vmx_vcpu {
	struct xvm_vcpu vcpu;

	void *vmcs;
	phys_addr_t vmcs_pa;
	int cpu;
	int last_cpu;
	bool launched;
	bool need_flush;
	u16 vpid;
	u32 proc;
	bool proc_dirty;
	u64 eptp;

	u64 cr2;
	u64 cr8;
	u64 efer;
	u64 star, lstar, cstar, sfmask, kernel_gs_base;
	u64 pat;
	u64 db[4];
	u64 dr6;

	u32 intr_state;
	u64 exit_rip;
	u32 entry_info;
	u32 entry_error;
	u32 entry_insn_len;
};

static inline struct vmx_vcpu *to_vmx(struct xvm_vcpu *vcpu)
{
	return container_of(vcpu, struct vmx_vcpu, vcpu);
}

/* VMX instructions */

static __always_inline unsigned long vmcs_readl(unsigned long field)
{
	unsigned long value;

	asm volatile("vmread %1, %0" : "=rm"(value) : "r"(field) : "cc");
	return value;
}

static __always_inline u16 vmcs_read16(unsigned long field)
{
	return vmcs_readl(field);
}

static __always_inline u32 vmcs_read32(unsigned long field)
{
	return vmcs_readl(field);
}

static __always_inline u64 vmcs_read64(unsigned long field)
{
	return vmcs_readl(field);
}

void vmx_vmwrite_error(unsigned long field, unsigned long value);

static __always_inline void vmcs_writel(unsigned long field,
					unsigned long value)
{
	bool fail;

	asm volatile("vmwrite %2, %1" CC_SET(na)
		     : CC_OUT(na)(fail) : "r"(field), "rm"(value) : "cc");
	if (unlikely(fail))
		vmx_vmwrite_error(field, value);
}

#define vmcs_write16 vmcs_writel
#define vmcs_write32 vmcs_writel
#define vmcs_write64 vmcs_writel

/* vmx.c */
bool vmx_vmcs_get(struct vmx_vcpu *vmx);
void vmx_vmcs_put(struct vmx_vcpu *vmx, bool temporary);
void vmx_queue_exception(struct vmx_vcpu *vmx, u8 vector, bool has_error,
			 u32 error);

/* vmcs.c */
void vmx_vmcs_setup(struct vmx_vcpu *vmx);
void vmx_host_percpu_setup(struct vmx_vcpu *vmx, int cpu);
u64 vmx_get_cr0(struct vmx_vcpu *vmx);
u64 vmx_get_cr4(struct vmx_vcpu *vmx);
int vmx_set_cr0(struct vmx_vcpu *vmx, u64 cr0);
int vmx_set_cr4(struct vmx_vcpu *vmx, u64 cr4);
void vmx_set_cr3(struct vmx_vcpu *vmx, u64 cr3);
int vmx_set_efer(struct vmx_vcpu *vmx, u64 efer);
void vmx_get_sregs(struct xvm_vcpu *vcpu, struct xvm_sregs *sregs);
int vmx_set_sregs(struct xvm_vcpu *vcpu, const struct xvm_sregs *sregs);
void vmx_get_debugregs(struct xvm_vcpu *vcpu, struct xvm_debugregs *dr);
int vmx_set_debugregs(struct xvm_vcpu *vcpu, const struct xvm_debugregs *dr);
int vmx_get_msr(struct xvm_vcpu *vcpu, u32 index, u64 *data);
int vmx_set_msr(struct xvm_vcpu *vcpu, u32 index, u64 data);
extern u64 vmx_cr0_fixed0, vmx_cr0_fixed1, vmx_cr4_fixed0, vmx_cr4_fixed1;
extern unsigned long *vmx_msr_bitmap, *vmx_io_bitmap;
extern u32 vmx_preempt_timer_value;

/* vmx_exit.c: exits the backend handles itself; 0, or -errno to fail. */
int vmx_handle_cr(struct vmx_vcpu *vmx, u64 qual, u32 insn_len);
int vmx_handle_dr(struct vmx_vcpu *vmx, u64 qual, u32 insn_len);
void vmx_reflect_db(struct vmx_vcpu *vmx, u64 qual, u32 intr_info,
		    u32 insn_len);
void vmx_skip_insn(struct vmx_vcpu *vmx, u32 insn_len);

/* ept.c */
void vmx_ept_flush(struct vmx_vcpu *vmx);
void vmx_vpid_flush(struct vmx_vcpu *vmx);
void vmx_ept_flush_global(void);
u16 vmx_vpid_alloc(void);
void vmx_vpid_free(u16 vpid);

/* vmx_run.S */
int __xvm_vmx_vcpu_run(struct xvm_regs *regs, bool launched);
void xvm_vmx_vmexit(void);
void xvm_vmx_do_nmi_irqoff(unsigned long entry);

#endif /* XVM_VMX_VMX_H */
