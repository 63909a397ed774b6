// SPDX-License-Identifier: GPL-2.0
/*
 * The Intel VT-x backend: probe and set-up, VMX operation on each CPU, the
 * vCPU's VMCS (created, loaded, put), the run hook and event injection.
 * The ops table is at the end.
 *
 * A VMCS is current only while its vCPU is loaded: vcpu_put does VMCLEAR,
 * so no per-CPU list of VMCSs is needed and a vCPU that moves never leaves
 * a VMCS active on another CPU (correct first; it costs a VMLAUNCH after
 * each put).
 *
 * MSRs: every MSR access exits but FS_BASE, GS_BASE and SYSENTER_*, which
 * live in the VMCS guest area. The guest's STAR, LSTAR, CSTAR, SFMASK and
 * KERNEL_GS_BASE are kept here and swapped into the hardware by hand around
 * the entry (only once the guest enabled SYSCALL or long mode). EFER and
 * PAT go through the VMCS. RDTSCP is off (#UD), as CPUID says.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": vmx: " fmt

#include <linux/gfp.h>
#include <linux/io.h>
#include <linux/mm.h>
#include <linux/percpu.h>
#include <linux/slab.h>
#include <asm/cpufeature.h>
#include <asm/debugreg.h>
#include <asm/desc.h>
#include <asm/hw_breakpoint.h>
#include <asm/idtentry.h>
#include <asm/msr.h>
#include <asm/nospec-branch.h>
#include <asm/tlbflush.h>
#include <asm/tsc.h>
#include <asm/virtext.h>

#include "../backend.h"
#include "vmx.h"

static_assert(offsetof(struct xvm_regs, rax) == 0);
static_assert(offsetof(struct xvm_regs, rbx) == 24);
static_assert(offsetof(struct xvm_regs, rbp) == 40);
static_assert(offsetof(struct xvm_regs, rdi) == 56);
static_assert(offsetof(struct xvm_regs, r8) == 64);
static_assert(offsetof(struct xvm_regs, r15) == 120);
static_assert(HOST_RSP == 0x6c14);

/* The VMXON region of each CPU, and the vCPU whose VMCS is current there. */
static DEFINE_PER_CPU(void *, vmx_vmxon_region);
static DEFINE_PER_CPU(struct vmx_vcpu *, vmx_current);

/* Host values restored after each exit that the VM exit does not restore. */
static struct desc_ptr vmx_host_idt;
static u64 vmx_host_star, vmx_host_lstar, vmx_host_cstar, vmx_host_sfmask;

void vmx_vmwrite_error(unsigned long field, unsigned long value)
{
	WARN_ONCE(1, "xvm: vmwrite %#lx = %#lx failed: error %u\n", field,
		  value, vmcs_read32(VM_INSTRUCTION_ERROR));
}

static int vmx_vmxon(phys_addr_t pa)
{
	asm goto("1: vmxon %0\n\t"
		 "jbe %l[fail]\n\t"
		 "jmp 3f\n"
		 "2: jmp %l[fail]\n"
		 "3:\n\t"
		 _ASM_EXTABLE(1b, 2b)
		 : : "m"(pa) : "cc", "memory" : fail);
	return 0;
fail:
	return -EIO;
}

static void vmx_vmclear(phys_addr_t pa)
{
	asm goto("1: vmclear %0\n\t"
		 "jbe %l[fail]\n\t"
		 "jmp 3f\n"
		 "2: jmp %l[fault]\n"
		 "3:\n\t"
		 _ASM_EXTABLE(1b, 2b)
		 : : "m"(pa) : "cc", "memory" : fail, fault);
	return;
fault:
	/* VMX already off (reboot, crash): nothing is current any more. */
	return;
fail:
	WARN_ONCE(1, "xvm: vmclear %pa failed\n", &pa);
}

static void vmx_vmptrld(phys_addr_t pa)
{
	asm goto("1: vmptrld %0\n\t"
		 "jbe %l[fail]\n\t"
		 "jmp 3f\n"
		 "2: jmp %l[fail]\n"
		 "3:\n\t"
		 _ASM_EXTABLE(1b, 2b)
		 : : "m"(pa) : "cc", "memory" : fail);
	return;
fail:
	WARN_ONCE(1, "xvm: vmptrld %pa failed\n", &pa);
}

/**
 * vmx_vmcs_get() - make the vCPU's VMCS current here, preemption off.
 * @vmx: the vCPU; its mutex is held, or it is loaded on this CPU.
 *
 * Return: true if the VMCS was loaded just for this (undone by
 * vmx_vmcs_put()), false if the vCPU is loaded on this CPU anyway.
 */
bool vmx_vmcs_get(struct vmx_vcpu *vmx)
{
	preempt_disable();
	if (vmx->cpu == smp_processor_id())
		return false;
	WARN_ON_ONCE(vmx->cpu != -1);
	vmx_vmptrld(vmx->vmcs_pa);
	return true;
}

void vmx_vmcs_put(struct vmx_vcpu *vmx, bool temporary)
{
	struct vmx_vcpu *cur;

	if (temporary) {
		vmx_vmclear(vmx->vmcs_pa);
		vmx->launched = false;
		cur = this_cpu_read(vmx_current);
		if (cur)
			vmx_vmptrld(cur->vmcs_pa);
	}
	preempt_enable();
}

/* ---- probe, set-up, per-CPU enable ---- */

static void vmx_read_cap_msrs(struct vmx_cap_msrs *m)
{
	memset(m, 0, sizeof(*m));
	rdmsrl(MSR_IA32_VMX_BASIC, m->basic);
	rdmsrl(MSR_IA32_VMX_PINBASED_CTLS, m->pin);
	rdmsrl(MSR_IA32_VMX_PROCBASED_CTLS, m->proc);
	rdmsrl(MSR_IA32_VMX_EXIT_CTLS, m->exit);
	rdmsrl(MSR_IA32_VMX_ENTRY_CTLS, m->entry);
	rdmsrl(MSR_IA32_VMX_MISC, m->misc);
	if (m->basic & VMX_BASIC_TRUE_CTLS) {
		rdmsrl(MSR_IA32_VMX_TRUE_PINBASED_CTLS, m->true_pin);
		rdmsrl(MSR_IA32_VMX_TRUE_PROCBASED_CTLS, m->true_proc);
		rdmsrl(MSR_IA32_VMX_TRUE_EXIT_CTLS, m->true_exit);
		rdmsrl(MSR_IA32_VMX_TRUE_ENTRY_CTLS, m->true_entry);
	}
	if ((m->proc >> 32) & CPU_BASED_ACTIVATE_SECONDARY_CONTROLS) {
		rdmsrl(MSR_IA32_VMX_PROCBASED_CTLS2, m->proc2);
		if ((m->proc2 >> 32) & (SECONDARY_EXEC_ENABLE_EPT |
					SECONDARY_EXEC_ENABLE_VPID))
			rdmsrl(MSR_IA32_VMX_EPT_VPID_CAP, m->ept_vpid);
	}
}

static int vmx_probe(void)
{
	struct vmx_cap_msrs m;
	const char *missing = NULL;
	u64 fc;

	if (!cpu_has_vmx()) {
		pr_err("the CPU has no VMX\n");
		return -ENODEV;
	}
	if (rdmsrl_safe(MSR_IA32_FEAT_CTL, &fc))
		fc = 0;
	if ((fc & FEAT_CTL_LOCKED) &&
	    !(fc & FEAT_CTL_VMX_ENABLED_OUTSIDE_SMX)) {
		pr_err("VMX is disabled by the firmware (IA32_FEATURE_CONTROL)\n");
		return -EPERM;
	}
	if (cpu_vmx_enabled()) {
		pr_err("VMX is in use by another hypervisor (kvm_intel?)\n");
		return -EBUSY;
	}
	vmx_read_cap_msrs(&m);
	if (vmx_compute_config(&m, &vmx_cfg, &missing)) {
		pr_err("the CPU lacks %s\n", missing);
		return -ENODEV;
	}
	return 0;
}

static void vmx_free_bitmaps(void)
{
	if (vmx_msr_bitmap)
		free_page((unsigned long)vmx_msr_bitmap);
	if (vmx_io_bitmap)
		free_pages((unsigned long)vmx_io_bitmap, 1);
	vmx_msr_bitmap = NULL;
	vmx_io_bitmap = NULL;
}

/* Let the guest read and write one MSR without an exit. */
static void vmx_msr_passthrough(u32 msr)
{
	unsigned long *read = vmx_msr_bitmap;	/* read low, then high */
	unsigned long *write = vmx_msr_bitmap + 0x800 / sizeof(long);
	u32 bit = msr & 0x1fff;

	if (msr >= 0xc0000000) {
		read += 0x400 / sizeof(long);
		write += 0x400 / sizeof(long);
	}
	__clear_bit(bit, read);
	__clear_bit(bit, write);
}

static void vmx_unsetup(void)
{
	int cpu;

	for_each_possible_cpu(cpu) {
		free_page((unsigned long)per_cpu(vmx_vmxon_region, cpu));
		per_cpu(vmx_vmxon_region, cpu) = NULL;
	}
	vmx_free_bitmaps();
}

/*
 * The VMX-preemption timer ends a guest run after about one host tick of
 * guest time. External interrupts exit anyway; this is a safety net for
 * CPUs (Bochs 2.7 as seen) that do not exit on a host interrupt while the
 * guest runs with RFLAGS.IF clear, which would starve the host.
 */
static void vmx_setup_preempt_timer(void)
{
	u64 misc, ticks;

	rdmsrl(MSR_IA32_VMX_MISC, misc);
	ticks = tsc_khz ? (u64)tsc_khz * 1000 / HZ : 1ULL << 26;
	ticks >>= misc & VMX_MISC_PREEMPTION_TIMER_RATE_MASK;
	vmx_preempt_timer_value = clamp_t(u64, ticks, 1000, U32_MAX);
}

static int vmx_setup(void)
{
	int cpu;

	vmx_msr_bitmap = (void *)__get_free_page(GFP_KERNEL);
	vmx_io_bitmap = (void *)__get_free_pages(GFP_KERNEL, 1);
	if (!vmx_msr_bitmap || !vmx_io_bitmap)
		goto nomem;
	memset(vmx_msr_bitmap, 0xff, PAGE_SIZE);
	memset(vmx_io_bitmap, 0xff, 2 * PAGE_SIZE);
	vmx_msr_passthrough(MSR_FS_BASE);
	vmx_msr_passthrough(MSR_GS_BASE);
	vmx_msr_passthrough(MSR_IA32_SYSENTER_CS);
	vmx_msr_passthrough(MSR_IA32_SYSENTER_ESP);
	vmx_msr_passthrough(MSR_IA32_SYSENTER_EIP);

	for_each_possible_cpu(cpu) {
		struct page *page;
		u32 *region;

		page = alloc_pages_node(cpu_to_node(cpu),
					GFP_KERNEL | __GFP_ZERO, 0);
		if (!page)
			goto nomem;
		region = page_address(page);
		region[0] = vmx_cfg.revision;
		per_cpu(vmx_vmxon_region, cpu) = region;
	}

	rdmsrl(MSR_IA32_VMX_CR0_FIXED0, vmx_cr0_fixed0);
	rdmsrl(MSR_IA32_VMX_CR0_FIXED1, vmx_cr0_fixed1);
	rdmsrl(MSR_IA32_VMX_CR4_FIXED0, vmx_cr4_fixed0);
	rdmsrl(MSR_IA32_VMX_CR4_FIXED1, vmx_cr4_fixed1);
	store_idt(&vmx_host_idt);
	vmx_setup_preempt_timer();
	rdmsrl(MSR_STAR, vmx_host_star);
	rdmsrl(MSR_LSTAR, vmx_host_lstar);
	rdmsrl(MSR_CSTAR, vmx_host_cstar);
	rdmsrl(MSR_SYSCALL_MASK, vmx_host_sfmask);
	pr_info("EPT%s, VPID %s, PAT %s, virtual NMIs %s, INS/OUTS info %s\n",
		vmx_cfg.ept_ad ? " with A/D" : "", vmx_cfg.vpid ? "on" : "off",
		vmx_cfg.pat ? "on" : "off", vmx_cfg.vnmi ? "on" : "off",
		vmx_cfg.ins_outs_info ? "on" : "off");
	return 0;

nomem:
	vmx_unsetup();
	return -ENOMEM;
}

static int vmx_cpu_enable(void)
{
	void *region = this_cpu_read(vmx_vmxon_region);
	u64 fc;

	if (cpu_vmx_enabled())
		return -EBUSY;
	if (rdmsrl_safe(MSR_IA32_FEAT_CTL, &fc))
		return -EIO;
	if (!(fc & FEAT_CTL_LOCKED)) {
		/* As KVM once did: enable VMX outside SMX and lock. */
		fc |= FEAT_CTL_LOCKED | FEAT_CTL_VMX_ENABLED_OUTSIDE_SMX;
		if (wrmsrl_safe(MSR_IA32_FEAT_CTL, fc))
			return -EIO;
	} else if (!(fc & FEAT_CTL_VMX_ENABLED_OUTSIDE_SMX)) {
		return -EPERM;
	}
	if (!vmx_cr_fixed_ok(read_cr0(), vmx_cr0_fixed0, vmx_cr0_fixed1))
		return -EIO;
	cr4_set_bits(X86_CR4_VMXE);
	if (!vmx_cr_fixed_ok(__read_cr4(), vmx_cr4_fixed0, vmx_cr4_fixed1) ||
	    vmx_vmxon(__pa(region))) {
		cr4_clear_bits(X86_CR4_VMXE);
		return -EIO;
	}
	this_cpu_write(vmx_current, NULL);
	/* Nothing cached from before (a previous user of VMX) survives. */
	vmx_ept_flush_global();
	return 0;
}

/* Also the emergency path: no locks, no sleeping; VMXOFF eats its #UD. */
static void vmx_cpu_disable(void)
{
	this_cpu_write(vmx_current, NULL);
	if (cpu_vmx_enabled())
		cpu_vmxoff();
}

static int vmx_vm_init(struct xvm_vm *vm)
{
	vm->backend = NULL;
	return 0;
}

static void vmx_vm_destroy(struct xvm_vm *vm)
{
}

/* ---- vCPUs ---- */

static int vmx_vcpu_init(struct xvm_vcpu *vcpu)
{
	struct vmx_vcpu *vmx = to_vmx(vcpu);
	struct page *page;
	bool temp;

	page = alloc_page(GFP_KERNEL | __GFP_ZERO);
	if (!page)
		return -ENOMEM;
	vmx->vmcs = page_address(page);
	vmx->vmcs_pa = page_to_phys(page);
	*(u32 *)vmx->vmcs = vmx_cfg.revision;
	vmx->cpu = -1;
	vmx->last_cpu = -1;
	vmx->launched = false;
	vmx->vpid = vmx_vpid_alloc();
	vmx->proc = vmx_cfg.proc;
	vmx->eptp = vmx_make_eptp(vcpu->vm->slpt.root_pa, vmx_cfg.ept_ad);

	/* A new VMCS must be cleared once before its first VMPTRLD. */
	preempt_disable();
	vmx_vmclear(vmx->vmcs_pa);
	preempt_enable();
	temp = vmx_vmcs_get(vmx);
	vmx_vmcs_setup(vmx);
	vmx_vmcs_put(vmx, temp);

	vcpu->regs.rip = 0xfff0;
	vcpu->regs.rflags = X86_EFLAGS_FIXED;
	return 0;
}

static void vmx_vcpu_destroy(struct xvm_vcpu *vcpu)
{
	struct vmx_vcpu *vmx = to_vmx(vcpu);

	vmx_vpid_free(vmx->vpid);
	if (vmx->vmcs)
		free_page((unsigned long)vmx->vmcs);
	vmx->vmcs = NULL;
}

static void vmx_vcpu_load(struct xvm_vcpu *vcpu, int cpu)
{
	struct vmx_vcpu *vmx = to_vmx(vcpu);

	if (WARN_ON_ONCE(vmx->cpu != -1))
		return;
	vmx_vmptrld(vmx->vmcs_pa);
	vmx->cpu = cpu;
	this_cpu_write(vmx_current, vmx);
	/* Translations cached on this CPU may predate changes made elsewhere. */
	if (vmx->last_cpu != cpu) {
		vmx->need_flush = true;
		vmx->last_cpu = cpu;
	}
	vmx_host_percpu_setup(vmx, cpu);
}

static void vmx_vcpu_put(struct xvm_vcpu *vcpu)
{
	struct vmx_vcpu *vmx = to_vmx(vcpu);

	if (vmx->cpu == -1)
		return;
	vmx_vmclear(vmx->vmcs_pa);
	vmx->launched = false;
	vmx->cpu = -1;
	this_cpu_write(vmx_current, NULL);
}

/* ---- events ---- */

static bool vmx_exc_has_error(u8 vector)
{
	switch (vector) {
	case X86_TRAP_DF:
	case X86_TRAP_TS:
	case X86_TRAP_NP:
	case X86_TRAP_SS:
	case X86_TRAP_GP:
	case X86_TRAP_PF:
	case X86_TRAP_AC:
		return true;
	default:
		return false;
	}
}

/* Queue an exception raised by an exit the backend handled itself. */
void vmx_queue_exception(struct vmx_vcpu *vmx, u8 vector, bool has_error,
			 u32 error)
{
	vmx->entry_info = vector | INTR_TYPE_HARD_EXCEPTION |
			  INTR_INFO_VALID_MASK;
	/* Real mode pushes no error code; VM entry would refuse one. */
	if (has_error && vmx_exc_has_error(vector) &&
	    (vmcs_readl(GUEST_CR0) & X86_CR0_PE))
		vmx->entry_info |= INTR_INFO_DELIVER_CODE_MASK;
	vmx->entry_error = error;
	vmx->entry_insn_len = 0;
}

/* Interrupt shadow (STI, MOV SS) still in force at the current RIP. */
static u32 vmx_shadow(struct vmx_vcpu *vmx)
{
	if (vmx->vcpu.regs.rip != vmx->exit_rip)
		return 0;
	return vmx->intr_state & (GUEST_INTR_STATE_STI |
				  GUEST_INTR_STATE_MOV_SS);
}

static bool vmx_interrupt_allowed(struct xvm_vcpu *vcpu)
{
	struct vmx_vcpu *vmx = to_vmx(vcpu);

	return (vcpu->regs.rflags & X86_EFLAGS_IF) && !vmx_shadow(vmx) &&
	       !(vmx->entry_info & INTR_INFO_VALID_MASK);
}

static bool vmx_nmi_allowed(struct xvm_vcpu *vcpu)
{
	struct vmx_vcpu *vmx = to_vmx(vcpu);

	return !vmx_shadow(vmx) &&
	       !(vmx->intr_state & GUEST_INTR_STATE_NMI) &&
	       !(vmx->entry_info & INTR_INFO_VALID_MASK);
}

static int vmx_inject(struct xvm_vcpu *vcpu, u32 type, u8 vector,
		      bool has_error, u32 error)
{
	struct vmx_vcpu *vmx = to_vmx(vcpu);
	bool temp;

	if (vmx->entry_info & INTR_INFO_VALID_MASK)
		return -EBUSY;
	switch (type) {
	case XVM_EVENT_EXCEPTION:
		if (vector >= 32 || vector == X86_TRAP_NMI)
			return -EINVAL;
		temp = vmx_vmcs_get(vmx);
		vmx_queue_exception(vmx, vector, has_error, error);
		vmx_vmcs_put(vmx, temp);
		return 0;
	case XVM_EVENT_INTERRUPT:
		if (!vmx_interrupt_allowed(vcpu))
			return -EBUSY;
		vmx->entry_info = vector | INTR_TYPE_EXT_INTR |
				  INTR_INFO_VALID_MASK;
		return 0;
	case XVM_EVENT_NMI:
		if (!vmx_nmi_allowed(vcpu))
			return -EBUSY;
		vmx->entry_info = NMI_VECTOR | INTR_TYPE_NMI_INTR |
				  INTR_INFO_VALID_MASK;
		return 0;
	default:
		return -EINVAL;
	}
}

static void vmx_set_irq_window(struct xvm_vcpu *vcpu, bool on)
{
	struct vmx_vcpu *vmx = to_vmx(vcpu);
	u32 proc = vmx->proc;

	if (on)
		proc |= CPU_BASED_INTR_WINDOW_EXITING;
	else
		proc &= ~CPU_BASED_INTR_WINDOW_EXITING;
	if (proc != vmx->proc) {
		vmx->proc = proc;
		vmx->proc_dirty = true;
	}
}

/* An event the exit interrupted is delivered again at the next entry. */
static void vmx_save_vectoring(struct vmx_vcpu *vmx)
{
	u32 idt = vmcs_read32(IDT_VECTORING_INFO_FIELD);
	u32 type = idt & INTR_INFO_INTR_TYPE_MASK;

	if (!(idt & VECTORING_INFO_VALID_MASK))
		return;
	vmx->entry_info = idt & (INTR_INFO_VECTOR_MASK |
				 INTR_INFO_INTR_TYPE_MASK |
				 INTR_INFO_DELIVER_CODE_MASK |
				 INTR_INFO_VALID_MASK);
	vmx->entry_error = 0;
	if (idt & VECTORING_INFO_DELIVER_CODE_MASK)
		vmx->entry_error = vmcs_read32(IDT_VECTORING_ERROR_CODE);
	vmx->entry_insn_len = 0;
	if (type == INTR_TYPE_SOFT_INTR || type == INTR_TYPE_SOFT_EXCEPTION ||
	    type == INTR_TYPE_PRIV_SW_EXCEPTION)
		vmx->entry_insn_len = vmcs_read32(VM_EXIT_INSTRUCTION_LEN);
	/* SDM: NMI blocking must be clear to inject the NMI again. */
	if (type == INTR_TYPE_NMI_INTR &&
	    (vmx->intr_state & GUEST_INTR_STATE_NMI)) {
		vmx->intr_state &= ~GUEST_INTR_STATE_NMI;
		vmcs_write32(GUEST_INTERRUPTIBILITY_INFO, vmx->intr_state);
	}
}

/* ---- run ---- */

/* Host state a VM exit clobbers or does not restore. */
struct vmx_host_state {
	u16 ds, es, fs, gs, ldt;
	unsigned long fs_base, kernel_gs_base;
	unsigned long dr7;
	u64 debugctl;
	bool msrs_swapped;
};

static void vmx_prepare_host(struct vmx_vcpu *vmx, struct vmx_host_state *h)
{
	savesegment(ds, h->ds);
	savesegment(es, h->es);
	savesegment(fs, h->fs);
	savesegment(gs, h->gs);
	asm volatile("sldt %0" : "=g"(h->ldt));
	rdmsrl(MSR_FS_BASE, h->fs_base);
	rdmsrl(MSR_KERNEL_GS_BASE, h->kernel_gs_base);
	/* Null selectors are loaded on exit; the real ones are reloaded. */
	vmcs_write16(HOST_FS_SELECTOR, (h->fs & 7) ? 0 : h->fs);
	vmcs_write16(HOST_GS_SELECTOR, (h->gs & 7) ? 0 : h->gs);
	vmcs_writel(HOST_FS_BASE, h->fs_base);
	vmcs_writel(HOST_CR3, __read_cr3());
	vmcs_writel(HOST_CR4, __read_cr4());

	get_debugreg(h->dr7, 7);
	rdmsrl(MSR_IA32_DEBUGCTLMSR, h->debugctl);

	h->msrs_swapped = vmx->efer & (EFER_SCE | EFER_LMA);
	if (h->msrs_swapped) {
		wrmsrl(MSR_STAR, vmx->star);
		wrmsrl(MSR_LSTAR, vmx->lstar);
		wrmsrl(MSR_CSTAR, vmx->cstar);
		wrmsrl(MSR_SYSCALL_MASK, vmx->sfmask);
		wrmsrl(MSR_KERNEL_GS_BASE, vmx->kernel_gs_base);
	}

	/* Guest breakpoints are live only when the guest enables one. */
	if (vmcs_readl(GUEST_DR7) & 0xff) {
		set_debugreg(vmx->db[0], 0);
		set_debugreg(vmx->db[1], 1);
		set_debugreg(vmx->db[2], 2);
		set_debugreg(vmx->db[3], 3);
		set_debugreg(vmx->dr6, 6);
	}
	if (native_read_cr2() != vmx->cr2)
		native_write_cr2(vmx->cr2);
}

static void vmx_restore_host(struct vmx_vcpu *vmx, struct vmx_host_state *h,
			     bool guest_dr)
{
	vmx->cr2 = native_read_cr2();
	if (h->ldt)
		asm volatile("lldt %0" : : "rm"(h->ldt));
	if (h->gs & 7)
		load_gs_index(h->gs);
	if (h->fs & 7) {
		loadsegment(fs, h->fs);
		wrmsrl(MSR_FS_BASE, h->fs_base);
	}
	if (h->ds | h->es) {
		loadsegment(ds, h->ds);
		loadsegment(es, h->es);
	}
	if (h->msrs_swapped) {
		rdmsrl(MSR_KERNEL_GS_BASE, vmx->kernel_gs_base);
		wrmsrl(MSR_STAR, vmx_host_star);
		wrmsrl(MSR_LSTAR, vmx_host_lstar);
		wrmsrl(MSR_CSTAR, vmx_host_cstar);
		wrmsrl(MSR_SYSCALL_MASK, vmx_host_sfmask);
	}
	if (h->msrs_swapped || (h->gs & 7))
		wrmsrl(MSR_KERNEL_GS_BASE, h->kernel_gs_base);

	/* VM exit sets GDTR and IDTR limits to 0xffff and TR's to 0x67. */
	load_fixmap_gdt(raw_smp_processor_id());
	native_load_idt(&vmx_host_idt);
	invalidate_tss_limit();

	/* VM exit clears DR7 and DEBUGCTL. */
	if (guest_dr) {
		get_debugreg(vmx->dr6, 6);
		hw_breakpoint_restore();
	} else if (h->dr7 != 0x400) {
		set_debugreg(h->dr7, 7);
	}
	if (h->debugctl)
		update_debugctlmsr(h->debugctl);
}

static void vmx_dump_entry_failure(struct vmx_vcpu *vmx, u32 reason, u64 qual)
{
	pr_warn_ratelimited("VM entry failed: reason %#x qual %#llx; cr0 %#lx/%#lx cr4 %#lx/%#lx efer %#llx entry %#x rip %#lx rflags %#lx cs %#x/%#x ss %#x/%#x tr %#x ldtr %#x intr %#x\n",
			    reason, qual, vmcs_readl(GUEST_CR0),
			    vmcs_readl(CR0_READ_SHADOW), vmcs_readl(GUEST_CR4),
			    vmcs_readl(CR4_READ_SHADOW),
			    vmcs_read64(GUEST_IA32_EFER),
			    vmcs_read32(VM_ENTRY_CONTROLS),
			    vmcs_readl(GUEST_RIP), vmcs_readl(GUEST_RFLAGS),
			    vmcs_read16(GUEST_CS_SELECTOR),
			    vmcs_read32(GUEST_CS_AR_BYTES),
			    vmcs_read16(GUEST_SS_SELECTOR),
			    vmcs_read32(GUEST_SS_AR_BYTES),
			    vmcs_read32(GUEST_TR_AR_BYTES),
			    vmcs_read32(GUEST_LDTR_AR_BYTES),
			    vmcs_read32(VM_ENTRY_INTR_INFO_FIELD));
}

/* The default address size of string I/O without instruction info. */
static u8 vmx_cs_addr_size(struct vmx_vcpu *vmx)
{
	u32 ar = vmcs_read32(GUEST_CS_AR_BYTES);

	if ((vmx->efer & EFER_LMA) && (ar & VMX_AR_L_MASK))
		return 8;
	if (!(vmcs_readl(GUEST_CR0) & X86_CR0_PE))
		return 2;
	return (ar & VMX_AR_DB_MASK) ? 4 : 2;
}

static void vmx_run(struct xvm_vcpu *vcpu, struct xvm_exit *exit)
{
	struct vmx_vcpu *vmx = to_vmx(vcpu);
	struct vmx_exit_info info = {};
	struct vmx_host_state host;
	enum vmx_action act;
	u64 eptp;
	bool guest_dr;
	int fail;

	lockdep_assert_irqs_disabled();

	eptp = vmx_make_eptp(vcpu->vm->slpt.root_pa, vmx_cfg.ept_ad);
	if (eptp != vmx->eptp) {
		vmx->eptp = eptp;
		vmcs_write64(EPT_POINTER, eptp);
		vmx->need_flush = true;
	}
	if (xvm_request_test_clear(vcpu, XVM_REQ_FLUSH_SLPT) || vmx->need_flush)
		vmx_ept_flush(vmx);
	if (vmx->need_flush)
		vmx_vpid_flush(vmx);
	vmx->need_flush = false;

	if (vmx->proc_dirty) {
		vmcs_write32(CPU_BASED_VM_EXEC_CONTROL, vmx->proc);
		vmx->proc_dirty = false;
	}
	if ((vmx->intr_state & (GUEST_INTR_STATE_STI |
				GUEST_INTR_STATE_MOV_SS)) && !vmx_shadow(vmx)) {
		vmx->intr_state &= ~(GUEST_INTR_STATE_STI |
				     GUEST_INTR_STATE_MOV_SS);
		vmcs_write32(GUEST_INTERRUPTIBILITY_INFO, vmx->intr_state);
	}
	if (vmx->entry_info & INTR_INFO_VALID_MASK) {
		vmcs_write32(VM_ENTRY_INTR_INFO_FIELD, vmx->entry_info);
		vmcs_write32(VM_ENTRY_EXCEPTION_ERROR_CODE, vmx->entry_error);
		vmcs_write32(VM_ENTRY_INSTRUCTION_LEN, vmx->entry_insn_len);
		vmx->entry_info = 0;
	}
	vmcs_writel(GUEST_RIP, vcpu->regs.rip);
	vmcs_writel(GUEST_RSP, vcpu->regs.rsp);
	vmcs_writel(GUEST_RFLAGS, vcpu->regs.rflags | X86_EFLAGS_FIXED);

	vmx_prepare_host(vmx, &host);
	guest_dr = vmcs_readl(GUEST_DR7) & 0xff;
	if (static_cpu_has_bug(X86_BUG_L1TF) &&
	    static_cpu_has(X86_FEATURE_FLUSH_L1D))
		wrmsrl(MSR_IA32_FLUSH_CMD, L1D_FLUSH);

	fail = __xvm_vmx_vcpu_run(&vcpu->regs, vmx->launched);

	vmx_restore_host(vmx, &host, guest_dr);

	if (fail) {
		memset(exit, 0, sizeof(*exit));
		exit->kind = XVM_X_FAIL_ENTRY;
		exit->hw.reason = vmcs_read32(VM_INSTRUCTION_ERROR);
		pr_warn_ratelimited("VM%s failed: VM-instruction error %llu\n",
				    vmx->launched ? "RESUME" : "LAUNCH",
				    exit->hw.reason);
		/* Hand back the event that did not get in. */
		vmx->entry_info = vmcs_read32(VM_ENTRY_INTR_INFO_FIELD);
		vmcs_write32(VM_ENTRY_INTR_INFO_FIELD, 0);
		return;
	}

	info.reason = vmcs_read32(VM_EXIT_REASON);
	if (!(info.reason & VMX_EXIT_REASONS_FAILED_VMENTRY))
		vmx->launched = true;
	vcpu->regs.rip = vmcs_readl(GUEST_RIP);
	vcpu->regs.rsp = vmcs_readl(GUEST_RSP);
	vcpu->regs.rflags = vmcs_readl(GUEST_RFLAGS);
	vmx->intr_state = vmcs_read32(GUEST_INTERRUPTIBILITY_INFO);
	vmx->exit_rip = vcpu->regs.rip;

	info.qual = vmcs_readl(EXIT_QUALIFICATION);
	info.insn_len = vmcs_read32(VM_EXIT_INSTRUCTION_LEN);
	info.intr_info = vmcs_read32(VM_EXIT_INTR_INFO);
	info.ins_outs_info = vmx_cfg.ins_outs_info;
	switch (info.reason) {
	case EXIT_REASON_EPT_VIOLATION:
		info.gpa = vmcs_read64(GUEST_PHYSICAL_ADDRESS);
		break;
	case EXIT_REASON_IO_INSTRUCTION:
		if (vmx_cfg.ins_outs_info)
			info.insn_info = vmcs_read32(VMX_INSTRUCTION_INFO);
		else if (info.qual & BIT(4))
			info.def_addr_size = vmx_cs_addr_size(vmx);
		break;
	}

	if (info.reason & VMX_EXIT_REASONS_FAILED_VMENTRY) {
		vmx_dump_entry_failure(vmx, info.reason, info.qual);
		vmx->entry_info = vmcs_read32(VM_ENTRY_INTR_INFO_FIELD);
	} else {
		vmx_save_vectoring(vmx);
	}
	vmcs_write32(VM_ENTRY_INTR_INFO_FIELD, 0);

	act = vmx_decode_exit(&info, exit);
	switch (act) {
	case VMX_ACT_NONE:
		break;
	case VMX_ACT_NMI:
#if IS_ENABLED(CONFIG_KVM_INTEL)
		xvm_vmx_do_nmi_irqoff((unsigned long)asm_exc_nmi_noist);
#else
		apic->send_IPI_self(NMI_VECTOR);
#endif
		break;
	case VMX_ACT_UD:
		vmx_queue_exception(vmx, X86_TRAP_UD, false, 0);
		break;
	case VMX_ACT_GP:
		vmx_queue_exception(vmx, X86_TRAP_GP, true, 0);
		break;
	case VMX_ACT_CR:
		vmx_handle_cr(vmx, info.qual, info.insn_len);
		break;
	case VMX_ACT_DR:
		vmx_handle_dr(vmx, info.qual, info.insn_len);
		break;
	case VMX_ACT_INVLPG:
		vmx->need_flush = true;
		fallthrough;
	case VMX_ACT_SKIP:
		vmx_skip_insn(vmx, info.insn_len);
		break;
	case VMX_ACT_NMI_WINDOW:
		vmx->proc &= ~CPU_BASED_NMI_WINDOW_EXITING;
		vmx->proc_dirty = true;
		break;
	case VMX_ACT_AC:
		/* An event whose delivery faulted goes first; #AC recurs. */
		if (vmx->entry_info & INTR_INFO_VALID_MASK)
			break;
		vmx_queue_exception(vmx, X86_TRAP_AC, true, 0);
		/* A fault: its handler returns with RF set. */
		vcpu->regs.rflags |= X86_EFLAGS_RF;
		break;
	case VMX_ACT_DB:
		vmx_reflect_db(vmx, info.qual, info.intr_info, info.insn_len);
		break;
	}
	/* An EPT violation in an IRET that unblocked NMIs blocks them again. */
	if (info.reason == EXIT_REASON_EPT_VIOLATION && vmx_cfg.vnmi &&
	    (info.qual & INTR_INFO_UNBLOCK_NMI) &&
	    !(vmx->entry_info & INTR_INFO_VALID_MASK)) {
		vmx->intr_state |= GUEST_INTR_STATE_NMI;
		vmcs_write32(GUEST_INTERRUPTIBILITY_INFO, vmx->intr_state);
	}
}

const struct xvm_backend_ops xvm_vmx_ops = {
	.name = "vmx",
	.backend_id = XVM_BACKEND_VMX,
	.features = XVM_FEAT_UNRESTRICTED | XVM_FEAT_LARGE_PAGES,
	.vcpu_size = sizeof(struct vmx_vcpu),
	.kvm_has_emergency_cb = true,

	.probe = vmx_probe,
	.setup = vmx_setup,
	.unsetup = vmx_unsetup,
	.cpu_enable = vmx_cpu_enable,
	.cpu_disable = vmx_cpu_disable,

	.vm_init = vmx_vm_init,
	.vm_destroy = vmx_vm_destroy,
	.vcpu_init = vmx_vcpu_init,
	.vcpu_destroy = vmx_vcpu_destroy,
	.vcpu_load = vmx_vcpu_load,
	.vcpu_put = vmx_vcpu_put,
	.run = vmx_run,

	.get_sregs = vmx_get_sregs,
	.set_sregs = vmx_set_sregs,
	.get_debugregs = vmx_get_debugregs,
	.set_debugregs = vmx_set_debugregs,
	.get_msr = vmx_get_msr,
	.set_msr = vmx_set_msr,

	.interrupt_allowed = vmx_interrupt_allowed,
	.nmi_allowed = vmx_nmi_allowed,
	.inject = vmx_inject,
	.set_irq_window = vmx_set_irq_window,

	.slpt_entry = vmx_slpt_entry,
	.slpt_present = vmx_slpt_present,
	.slpt_levels = vmx_slpt_levels,
};
