/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The AMD SVM backend: private definitions.
 */
#ifndef XVM_SVM_H
#define XVM_SVM_H

#include <asm/svm.h>

#include "../xvm.h"

/* CPUID 0x8000000A EDX: the SVM features the backend uses. */
#define SVM_FEAT_NPT		BIT(0)
#define SVM_FEAT_NRIPS		BIT(3)
#define SVM_FEAT_DECODE_ASSISTS	BIT(7)

/**
 * struct svm_vcpu - an SVM vCPU.
 * @vcpu: the common part; first.
 * @vmcb: the VMCB (one page).
 * @vmcb_pa: its physical address.
 * @asid: the ASID on @asid_cpu, valid while @asid_gen matches the CPU's.
 * @asid_gen: the generation @asid was handed out in.
 * @asid_cpu: the CPU @asid belongs to.
 * @nmi_masked: an injected NMI's handler has not returned yet (IRET).
 * @dr_active: the guest uses DR0-3: they are switched at each entry.
 * @db: the guest's DR0-3.
 * @host_db: the host's DR0-3 while the guest's are loaded.
 */
struct svm_vcpu {
	struct xvm_vcpu vcpu;
	struct vmcb *vmcb;
	u64 vmcb_pa;
	u32 asid;
	u64 asid_gen;
	int asid_cpu;
	bool nmi_masked;
	bool dr_active;
	u64 db[4];
	u64 host_db[4];
};

/* GIF: while clear, no interrupt, NMI or SMI reaches the host. */
static __always_inline void clgi(void)
{
	asm volatile("clgi" ::: "memory");
}

static __always_inline void stgi(void)
{
	asm volatile("stgi" ::: "memory");
}

static inline struct svm_vcpu *to_svm(struct xvm_vcpu *vcpu)
{
	return container_of(vcpu, struct svm_vcpu, vcpu);
}

/**
 * struct svm_cpu - per-CPU SVM state.
 * @hsave: the host save area VMRUN uses (MSR_VM_HSAVE_PA).
 * @host_save: VMSAVE/VMLOAD area for the host's FS, GS, TR, LDTR, syscall
 *	and sysenter MSRs, which VMRUN does not switch.
 * @host_save_pa: its physical address.
 * @asid_gen: the current ASID generation of this CPU.
 * @next_asid: the next free ASID in this generation.
 * @last_vmcb: the VMCB that last ran here, for the branch predictor barrier.
 */
struct svm_cpu {
	struct page *hsave;
	struct page *host_save;
	u64 host_save_pa;
	u64 asid_gen;
	u32 next_asid;
	u64 last_vmcb;
};

extern u32 svm_features;
extern u32 svm_max_asid;
extern void *svm_iopm;
extern void *svm_msrpm;
extern bool svm_on_tcg;

/* vmcb.c */
void svm_vmcb_init(struct svm_vcpu *svm, u64 npt_root);
void svm_get_sregs(struct xvm_vcpu *vcpu, struct xvm_sregs *sregs);
int svm_set_sregs(struct xvm_vcpu *vcpu, const struct xvm_sregs *sregs);
void svm_get_debugregs(struct xvm_vcpu *vcpu, struct xvm_debugregs *dr);
int svm_set_debugregs(struct xvm_vcpu *vcpu, const struct xvm_debugregs *dr);
int svm_get_msr(struct xvm_vcpu *vcpu, u32 index, u64 *data);
int svm_set_msr(struct xvm_vcpu *vcpu, u32 index, u64 data);
int svm_msrpm_bit(u32 msr);
void svm_msrpm_init(void *msrpm);
void svm_set_intercept(struct vmcb *vmcb, unsigned int bit, bool on);

/* svm_exit.c */
void svm_decode_exit(struct svm_vcpu *svm, struct xvm_exit *exit);

/* svm_run.S */
void __svm_vcpu_run(u64 vmcb_pa, struct xvm_regs *regs, u64 host_save_pa);

#endif /* XVM_SVM_H */
