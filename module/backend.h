/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The backend interface: one ops table that module/vmx/ and module/svm/
 * each fill, picked once at load time. The core never knows which backend
 * runs; a backend never touches the core's objects but through the fields
 * documented in xvm.h.
 */
#ifndef XVM_BACKEND_H
#define XVM_BACKEND_H

#include "xvm.h"

/* Permissions of a second-level page-table entry. */
#define XVM_SLPT_READ	BIT(0)
#define XVM_SLPT_WRITE	BIT(1)
#define XVM_SLPT_EXEC	BIT(2)
#define XVM_SLPT_ALL	(XVM_SLPT_READ | XVM_SLPT_WRITE | XVM_SLPT_EXEC)

/**
 * struct xvm_backend_ops - what a hardware backend provides.
 *
 * Every hook is mandatory; xvm_backend_check() refuses a table with a hole.
 * "Loaded" means between vcpu_load and vcpu_put, on that CPU, with the
 * vCPU's mutex held.
 *
 * @name: "vmx" or "svm", for the kernel log.
 * @backend_id: XVM_BACKEND_*.
 * @features: XVM_FEAT_* bits the backend supports.
 * @vcpu_size: bytes of the backend's vCPU, which starts with struct xvm_vcpu.
 * @kvm_has_emergency_cb: KVM's module for this hardware (kvm_intel) takes
 *	the kernel's one emergency-virt callback while it is loaded; its
 *	callback turns the hardware off on every CPU, for xvm too.
 * @probe: is the CPU usable? Prints one line and returns -ENODEV (no
 *	VMX/SVM or a missing feature), -EPERM (disabled by firmware) or
 *	-EBUSY (another hypervisor holds it). Called once, before setup.
 * @setup: global set-up after a successful probe.
 * @unsetup: undoes @setup.
 * @cpu_enable: turn virtualization on for this CPU (preemption off).
 * @cpu_disable: turn it off again; also called on reboot and from the
 *	emergency (crash/kexec) path, where it must not sleep or fail.
 * @vm_init: backend per-VM set-up (vm->backend).
 * @vm_destroy: undoes @vm_init.
 * @vcpu_init: build the vCPU's VMCS or VMCB in its reset state.
 * @vcpu_destroy: undoes @vcpu_init; the vCPU is not loaded anywhere.
 * @vcpu_load: the vCPU's thread runs on @cpu now (preemption off).
 * @vcpu_put: the thread leaves the CPU (preemption off).
 * @run: enter the guest once and decode the exit into @exit. Called
 *	loaded, with interrupts off; vcpu->regs holds the GPRs, RIP and
 *	RFLAGS on entry and must hold them again on return. Handles
 *	XVM_REQ_FLUSH_SLPT itself (the core clears nothing).
 * @get_sregs: read segment, control and descriptor-table registers.
 * @set_sregs: write them; -EINVAL for values the hardware would refuse.
 * @get_debugregs: read DR0-3, DR6, DR7.
 * @set_debugregs: write them.
 * @get_msr: MSRs held in the VMCS/VMCB (EFER, STAR, LSTAR, CSTAR, SFMASK,
 *	KERNEL_GS_BASE, FS/GS base, SYSENTER_*, PAT, DEBUGCTL); -ENOENT for
 *	the others.
 * @set_msr: write one of them; the core has refused the values the
 *	architecture refuses (xvm_msr_value_check), so only what depends on
 *	the backend's state is left (e.g. EFER.LME under paging): -EINVAL
 *	for that, -ENOENT as above.
 * @interrupt_allowed: the guest can take an external interrupt now.
 * @nmi_allowed: the guest can take an NMI now.
 * @inject: deliver an event at the next entry. @type is XVM_EVENT_*.
 *	Returns -EBUSY when an event is already being delivered (an event
 *	that an exit interrupted is re-delivered by the backend first).
 * @set_irq_window: exit with XVM_X_IRQ_WINDOW once interrupts are allowed.
 * @kick_cpu: optional: make a guest running on @cpu exit, for a CPU that
 *	might not exit on the IPI the core sends as well.
 * @slpt_entry: the backend's format of a second-level entry mapping
 *	physical address @pa with @perms (XVM_SLPT_*): a leaf at @level (1
 *	for 4 KiB, 2 for 2 MiB), or a table entry where @level is 0.
 * @slpt_present: whether an entry maps anything.
 * @slpt_levels: levels of the second-level table the hardware walks.
 */
struct xvm_backend_ops {
	const char *name;
	u32 backend_id;
	u64 features;
	size_t vcpu_size;
	bool kvm_has_emergency_cb;

	int (*probe)(void);
	int (*setup)(void);
	void (*unsetup)(void);
	int (*cpu_enable)(void);
	void (*cpu_disable)(void);

	int (*vm_init)(struct xvm_vm *vm);
	void (*vm_destroy)(struct xvm_vm *vm);
	int (*vcpu_init)(struct xvm_vcpu *vcpu);
	void (*vcpu_destroy)(struct xvm_vcpu *vcpu);
	void (*vcpu_load)(struct xvm_vcpu *vcpu, int cpu);
	void (*vcpu_put)(struct xvm_vcpu *vcpu);
	void (*run)(struct xvm_vcpu *vcpu, struct xvm_exit *exit);

	void (*get_sregs)(struct xvm_vcpu *vcpu, struct xvm_sregs *sregs);
	int (*set_sregs)(struct xvm_vcpu *vcpu, const struct xvm_sregs *sregs);
	void (*get_debugregs)(struct xvm_vcpu *vcpu, struct xvm_debugregs *dr);
	int (*set_debugregs)(struct xvm_vcpu *vcpu,
			     const struct xvm_debugregs *dr);
	int (*get_msr)(struct xvm_vcpu *vcpu, u32 index, u64 *data);
	int (*set_msr)(struct xvm_vcpu *vcpu, u32 index, u64 data);

	bool (*interrupt_allowed)(struct xvm_vcpu *vcpu);
	bool (*nmi_allowed)(struct xvm_vcpu *vcpu);
	int (*inject)(struct xvm_vcpu *vcpu, u32 type, u8 vector,
		      bool has_error, u32 error);
	void (*set_irq_window)(struct xvm_vcpu *vcpu, bool on);
	void (*kick_cpu)(int cpu);

	u64 (*slpt_entry)(phys_addr_t pa, unsigned int perms,
			  unsigned int level);
	bool (*slpt_present)(u64 entry);
	unsigned int (*slpt_levels)(void);
};

extern const struct xvm_backend_ops xvm_svm_ops;
extern const struct xvm_backend_ops xvm_vmx_ops;

/* Guest CR0/CR4/EFER bits the core checks in set_sregs (x86 architecture). */
int xvm_check_sregs(const struct xvm_sregs *sregs);

#endif /* XVM_BACKEND_H */
