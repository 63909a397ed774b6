// SPDX-License-Identifier: GPL-2.0
/*
 * The AMD SVM backend: probe, per-CPU enable, vCPUs, entry, events. The
 * ops table at the end is all the core sees of it.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/io.h>
#include <linux/irq_work.h>
#include <linux/mm.h>
#include <linux/percpu.h>
#include <linux/slab.h>
#include <asm/apic.h>
#include <asm/debugreg.h>
#include <asm/hw_breakpoint.h>
#include <asm/msr.h>
#include <asm/nmi.h>
#include <asm/nospec-branch.h>
#include <asm/virtext.h>

#include "../backend.h"
#include "svm.h"

/* Page-table entry bits of NPT, the long-mode format. */
#define NPT_PRESENT	BIT_ULL(0)
#define NPT_WRITE	BIT_ULL(1)
#define NPT_USER	BIT_ULL(2)
#define NPT_ACCESSED	BIT_ULL(5)
#define NPT_DIRTY	BIT_ULL(6)
#define NPT_LARGE	BIT_ULL(7)
#define NPT_NX		BIT_ULL(63)

u32 svm_features;
u32 svm_max_asid;
void *svm_iopm;
void *svm_msrpm;

static DEFINE_PER_CPU(struct svm_cpu, svm_cpu_data);

/*
 * QEMU's TCG (7.2) delivers an EVENTINJ interrupt at VMRUN but leaves its
 * vector behind as the emulated CPU's pending exception. If its main loop
 * is left before the guest next exits (another emulated CPU's turn), the
 * guest takes the interrupt a second time, inside its own handler: a
 * Linux guest then deadlocks on its irq_desc lock. Any #VMEXIT clears the
 * leftover, so under TCG an injected interrupt goes with a self-IPI that
 * makes the guest exit as soon as it has taken it. TCG's other fault,
 * with debug registers, is in vmcb.c (svm_set_debugregs()).
 */
bool svm_on_tcg __read_mostly;
static DEFINE_PER_CPU(struct irq_work, svm_exit_work);

static void svm_exit_work_fn(struct irq_work *work)
{
}

/*
 * QEMU's TCG (7.2) also stops taking host interrupts in some guest states
 * (seen with real-mode guests under guest-fuzz): the guest runs on with
 * the host's timer and IPIs pending in the local APIC and no #VMEXIT, so
 * a kick, or a TLB shootdown waiting on that CPU, never completes. NMIs
 * still make it exit. Under TCG a kick therefore also sends an NMI, which
 * this handler takes as the kick's, one per kick sent.
 */
static DEFINE_PER_CPU(atomic_t, svm_kick_nmis);

static int svm_kick_nmi(unsigned int type, struct pt_regs *regs)
{
	return atomic_dec_if_positive(this_cpu_ptr(&svm_kick_nmis)) >= 0 ?
	       NMI_HANDLED : NMI_DONE;
}

static void svm_kick_cpu(int cpu)
{
	if (!svm_on_tcg)
		return;
	atomic_inc(per_cpu_ptr(&svm_kick_nmis, cpu));
	apic->send_IPI(cpu, NMI_VECTOR);
}

static bool svm_on_qemu_tcg(void)
{
	u32 eax, sig[3];

	if (!boot_cpu_has(X86_FEATURE_HYPERVISOR))
		return false;
	cpuid(0x40000000, &eax, &sig[0], &sig[1], &sig[2]);
	return !memcmp(sig, "TCGTCGTCGTCG", sizeof(sig));
}

static int svm_probe(void)
{
	u64 vm_cr, efer;

	if (!cpu_has_svm(NULL)) {
		pr_err("the CPU has no SVM\n");
		return -ENODEV;
	}
	rdmsrl(MSR_VM_CR, vm_cr);
	if (vm_cr & SVM_VM_CR_SVM_DIS_MASK) {
		pr_err("SVM is disabled by the firmware\n");
		return -EPERM;
	}
	if (cpuid_eax(0x80000000) < SVM_CPUID_FUNC) {
		pr_err("the CPU does not describe its SVM features\n");
		return -ENODEV;
	}
	svm_features = cpuid_edx(SVM_CPUID_FUNC);
	svm_max_asid = cpuid_ebx(SVM_CPUID_FUNC) - 1;
	if (!(svm_features & SVM_FEAT_NPT)) {
		pr_err("the CPU has no nested paging (NPT)\n");
		return -ENODEV;
	}
	if (svm_max_asid < 1) {
		pr_err("the CPU has no guest ASIDs\n");
		return -ENODEV;
	}
	rdmsrl(MSR_EFER, efer);
	if (efer & EFER_SVME) {
		pr_err("SVM is in use by another hypervisor (kvm_amd?)\n");
		return -EBUSY;
	}
	return 0;
}

static void svm_free_cpu_pages(void)
{
	int cpu;

	for_each_possible_cpu(cpu) {
		struct svm_cpu *sd = per_cpu_ptr(&svm_cpu_data, cpu);

		if (sd->hsave)
			__free_page(sd->hsave);
		if (sd->host_save)
			__free_page(sd->host_save);
		sd->hsave = NULL;
		sd->host_save = NULL;
	}
}

static void svm_unsetup(void)
{
	int cpu;

	/* No self-IPI work or NMI may run module code once it is gone. */
	for_each_possible_cpu(cpu)
		irq_work_sync(per_cpu_ptr(&svm_exit_work, cpu));
	if (svm_on_tcg)
		unregister_nmi_handler(NMI_LOCAL, "xvm_kick");
	svm_free_cpu_pages();
	free_pages((unsigned long)svm_iopm, 2);
	free_pages((unsigned long)svm_msrpm, 1);
	svm_iopm = NULL;
	svm_msrpm = NULL;
}

static int svm_setup(void)
{
	int cpu;

	/* Every port and every MSR but the passed-through few exit. */
	svm_iopm = (void *)__get_free_pages(GFP_KERNEL, 2);
	svm_msrpm = (void *)__get_free_pages(GFP_KERNEL, 1);
	if (!svm_iopm || !svm_msrpm)
		goto nomem;
	memset(svm_iopm, 0xff, 4 * PAGE_SIZE);
	svm_msrpm_init(svm_msrpm);

	for_each_possible_cpu(cpu) {
		struct svm_cpu *sd = per_cpu_ptr(&svm_cpu_data, cpu);

		sd->hsave = alloc_pages_node(cpu_to_node(cpu),
					     GFP_KERNEL | __GFP_ZERO, 0);
		sd->host_save = alloc_pages_node(cpu_to_node(cpu),
						 GFP_KERNEL | __GFP_ZERO, 0);
		if (!sd->hsave || !sd->host_save)
			goto nomem;
		sd->host_save_pa = page_to_phys(sd->host_save);
		init_irq_work(per_cpu_ptr(&svm_exit_work, cpu),
			      svm_exit_work_fn);
	}
	svm_on_tcg = svm_on_qemu_tcg();
	if (svm_on_tcg &&
	    register_nmi_handler(NMI_LOCAL, svm_kick_nmi, 0, "xvm_kick")) {
		svm_on_tcg = false;
		goto nomem;
	}
	if (svm_on_tcg)
		pr_info("QEMU TCG: an exit after each injected interrupt, debug registers emulated, NMI kicks\n");
	return 0;
nomem:
	svm_unsetup();
	return -ENOMEM;
}

static int svm_cpu_enable(void)
{
	struct svm_cpu *sd = this_cpu_ptr(&svm_cpu_data);
	u64 efer;

	rdmsrl(MSR_EFER, efer);
	if (efer & EFER_SVME)
		return -EBUSY;
	wrmsrl(MSR_EFER, efer | EFER_SVME);
	wrmsrl(MSR_VM_HSAVE_PA, page_to_phys(sd->hsave));
	/* A new generation: every ASID handed out before is stale here. */
	sd->asid_gen++;
	sd->next_asid = svm_max_asid + 1;
	sd->last_vmcb = 0;
	return 0;
}

static void svm_cpu_disable(void)
{
	cpu_svm_disable();
}

static int svm_vm_init(struct xvm_vm *vm)
{
	vm->backend = NULL;
	return 0;
}

static void svm_vm_destroy(struct xvm_vm *vm)
{
}

static int svm_vcpu_init(struct xvm_vcpu *vcpu)
{
	struct svm_vcpu *svm = to_svm(vcpu);

	svm->vmcb = (void *)get_zeroed_page(GFP_KERNEL_ACCOUNT);
	if (!svm->vmcb)
		return -ENOMEM;
	svm->vmcb_pa = __pa(svm->vmcb);
	svm->asid_cpu = -1;
	svm_vmcb_init(svm, vcpu->vm->slpt.root_pa);
	return 0;
}

static void svm_vcpu_destroy(struct xvm_vcpu *vcpu)
{
	free_page((unsigned long)to_svm(vcpu)->vmcb);
}

/* The VMCB is plain memory: nothing is tied to a CPU but the ASID. */
static void svm_vcpu_load(struct xvm_vcpu *vcpu, int cpu)
{
}

static void svm_vcpu_put(struct xvm_vcpu *vcpu)
{
}

/*
 * A fresh ASID has no TLB entries on this CPU. A vCPU takes one when it
 * moves here, when its generation is over, and to flush after NPT changes.
 */
static void svm_new_asid(struct svm_vcpu *svm, struct svm_cpu *sd, int cpu)
{
	struct vmcb_control_area *c = &svm->vmcb->control;

	if (sd->next_asid > svm_max_asid) {
		sd->asid_gen++;
		sd->next_asid = 1;
		c->tlb_ctl = TLB_CONTROL_FLUSH_ALL_ASID;
	}
	svm->asid = sd->next_asid++;
	svm->asid_gen = sd->asid_gen;
	svm->asid_cpu = cpu;
	c->asid = svm->asid;
}

static void svm_switch_db(u64 *save, const u64 *load)
{
	get_debugreg(save[0], 0);
	get_debugreg(save[1], 1);
	get_debugreg(save[2], 2);
	get_debugreg(save[3], 3);
	set_debugreg(load[0], 0);
	set_debugreg(load[1], 1);
	set_debugreg(load[2], 2);
	set_debugreg(load[3], 3);
}

/* The event an exit cut short is delivered again at the next entry. */
static void svm_requeue_interrupted_event(struct svm_vcpu *svm)
{
	struct vmcb_control_area *c = &svm->vmcb->control;
	u32 info = c->exit_int_info;
	u32 type = info & SVM_EXITINTINFO_TYPE_MASK;
	u8 vector = info & SVM_EXITINTINFO_VEC_MASK;

	c->event_inj = 0;
	if (!(info & SVM_EXITINTINFO_VALID))
		return;
	/* INTn, INT3 and INTO run again from their instruction. */
	if (type == SVM_EXITINTINFO_TYPE_SOFT ||
	    (type == SVM_EXITINTINFO_TYPE_EXEPT && (vector == 3 || vector == 4)))
		return;
	if (type == SVM_EXITINTINFO_TYPE_NMI)
		svm->nmi_masked = false;
	c->event_inj = info;
	c->event_inj_err = c->exit_int_info_err;
}

static void svm_run(struct xvm_vcpu *vcpu, struct xvm_exit *exit)
{
	struct svm_vcpu *svm = to_svm(vcpu);
	struct svm_cpu *sd = this_cpu_ptr(&svm_cpu_data);
	struct vmcb *vmcb = svm->vmcb;
	int cpu = smp_processor_id();

	if (svm->asid_cpu != cpu || svm->asid_gen != sd->asid_gen ||
	    test_and_clear_bit(XVM_REQ_FLUSH_SLPT, &vcpu->requests))
		svm_new_asid(svm, sd, cpu);
	/* Another guest ran here: its branch predictions must not help us. */
	if (sd->last_vmcb != svm->vmcb_pa) {
		sd->last_vmcb = svm->vmcb_pa;
		indirect_branch_prediction_barrier();
	}

	vmcb->save.rax = vcpu->regs.rax;
	vmcb->save.rsp = vcpu->regs.rsp;
	vmcb->save.rip = vcpu->regs.rip;
	vmcb->save.rflags = vcpu->regs.rflags;
	vmcb->control.clean = 0;

	if (svm->dr_active)
		svm_switch_db(svm->host_db, svm->db);
	if (svm_on_tcg &&
	    (vmcb->control.event_inj &
	     (SVM_EVTINJ_VALID | SVM_EVTINJ_TYPE_MASK)) ==
	    (SVM_EVTINJ_VALID | SVM_EVTINJ_TYPE_INTR))
		irq_work_queue(this_cpu_ptr(&svm_exit_work));

	clgi();
	__svm_vcpu_run(svm->vmcb_pa, &vcpu->regs, sd->host_save_pa);
	stgi();

	if (svm->dr_active)
		svm_switch_db(svm->db, svm->host_db);
	/* #VMEXIT leaves DR7 at its reset value: the host's breakpoints back. */
	if (hw_breakpoint_active())
		hw_breakpoint_restore();

	vcpu->regs.rax = vmcb->save.rax;
	vcpu->regs.rsp = vmcb->save.rsp;
	vcpu->regs.rip = vmcb->save.rip;
	vcpu->regs.rflags = vmcb->save.rflags;
	vmcb->control.tlb_ctl = TLB_CONTROL_DO_NOTHING;

	svm_requeue_interrupted_event(svm);
	svm_decode_exit(svm, exit);
}

static bool svm_event_queued(struct svm_vcpu *svm)
{
	return svm->vmcb->control.event_inj & SVM_EVTINJ_VALID;
}

static bool svm_interrupt_allowed(struct xvm_vcpu *vcpu)
{
	struct svm_vcpu *svm = to_svm(vcpu);

	return (vcpu->regs.rflags & X86_EFLAGS_IF) && !svm_event_queued(svm) &&
	       !(svm->vmcb->control.int_state & SVM_INTERRUPT_SHADOW_MASK);
}

static bool svm_nmi_allowed(struct xvm_vcpu *vcpu)
{
	struct svm_vcpu *svm = to_svm(vcpu);

	return !svm->nmi_masked && !svm_event_queued(svm) &&
	       !(svm->vmcb->control.int_state & SVM_INTERRUPT_SHADOW_MASK);
}

static int svm_inject(struct xvm_vcpu *vcpu, u32 type, u8 vector,
		      bool has_error, u32 error)
{
	struct svm_vcpu *svm = to_svm(vcpu);
	struct vmcb_control_area *c = &svm->vmcb->control;
	u32 inj = vector | SVM_EVTINJ_VALID;

	if (svm_event_queued(svm))
		return -EBUSY;
	switch (type) {
	case XVM_EVENT_EXCEPTION:
		inj |= SVM_EVTINJ_TYPE_EXEPT;
		if (has_error)
			inj |= SVM_EVTINJ_VALID_ERR;
		break;
	case XVM_EVENT_NMI:
		inj |= SVM_EVTINJ_TYPE_NMI;
		/* Blocked until the handler's IRET, which we watch for. */
		svm->nmi_masked = true;
		svm_set_intercept(svm->vmcb, INTERCEPT_IRET, true);
		break;
	default:
		inj |= SVM_EVTINJ_TYPE_INTR;
		break;
	}
	c->event_inj = inj;
	c->event_inj_err = error;
	return 0;
}

/*
 * A virtual interrupt that the guest never takes: its VINTR intercept
 * fires as soon as the guest could take an interrupt. While it is pending,
 * MOV to CR8 exits, for the core to do: QEMU's SVM (7.2) asserts when a
 * guest writes CR8 with V_IRQ set, killing the emulated host.
 */
static void svm_set_irq_window(struct xvm_vcpu *vcpu, bool on)
{
	struct vmcb *vmcb = to_svm(vcpu)->vmcb;

	if (on) {
		vmcb->control.int_ctl |= V_IRQ_MASK | V_IGN_TPR_MASK |
					 (0xf << V_INTR_PRIO_SHIFT);
		vmcb->control.int_vector = 0;
	} else {
		vmcb->control.int_ctl &= ~(V_IRQ_MASK | V_IGN_TPR_MASK |
					   V_INTR_PRIO_MASK);
	}
	svm_set_intercept(vmcb, INTERCEPT_VINTR, on);
	svm_set_intercept(vmcb, INTERCEPT_CR8_WRITE, on);
}

static u64 svm_slpt_entry(phys_addr_t pa, unsigned int perms,
			  unsigned int level)
{
	u64 e = pa | NPT_PRESENT | NPT_USER | NPT_ACCESSED;

	if (perms & XVM_SLPT_WRITE)
		e |= NPT_WRITE | (level ? NPT_DIRTY : 0);
	if (!(perms & XVM_SLPT_EXEC))
		e |= NPT_NX;
	if (level == 2)
		e |= NPT_LARGE;
	return e;
}

static bool svm_slpt_present(u64 entry)
{
	return entry & NPT_PRESENT;
}

/* NPT walks with the host's paging mode: five levels where it uses LA57. */
static unsigned int svm_slpt_levels(void)
{
	return pgtable_l5_enabled() ? 5 : 4;
}

const struct xvm_backend_ops xvm_svm_ops = {
	.name = "svm",
	.backend_id = XVM_BACKEND_SVM,
	.features = XVM_FEAT_UNRESTRICTED | XVM_FEAT_LARGE_PAGES,
	.vcpu_size = sizeof(struct svm_vcpu),
	.probe = svm_probe,
	.setup = svm_setup,
	.unsetup = svm_unsetup,
	.cpu_enable = svm_cpu_enable,
	.cpu_disable = svm_cpu_disable,
	.vm_init = svm_vm_init,
	.vm_destroy = svm_vm_destroy,
	.vcpu_init = svm_vcpu_init,
	.vcpu_destroy = svm_vcpu_destroy,
	.vcpu_load = svm_vcpu_load,
	.vcpu_put = svm_vcpu_put,
	.run = svm_run,
	.get_sregs = svm_get_sregs,
	.set_sregs = svm_set_sregs,
	.get_debugregs = svm_get_debugregs,
	.set_debugregs = svm_set_debugregs,
	.get_msr = svm_get_msr,
	.set_msr = svm_set_msr,
	.interrupt_allowed = svm_interrupt_allowed,
	.nmi_allowed = svm_nmi_allowed,
	.inject = svm_inject,
	.set_irq_window = svm_set_irq_window,
	.kick_cpu = svm_kick_cpu,
	.slpt_entry = svm_slpt_entry,
	.slpt_present = svm_slpt_present,
	.slpt_levels = svm_slpt_levels,
};
