/* SPDX-License-Identifier: GPL-2.0 */
/*
 * xvm-run: the hypervisor under the VMM. The run loop, the devices and the
 * Linux loader call these operations, never ioctl() directly, so that the
 * same VMM drives /dev/xvm (xvm.c, the default) and, with --kvm, the
 * kernel's own KVM through /dev/kvm (kvm.c) for comparison.
 *
 * Both speak xvm's vocabulary (uapi/xvm.h): each vCPU's v->run is a
 * &struct xvm_run, the registers are &struct xvm_regs and xvm_sregs, the
 * CPUID table is &struct xvm_cpuid_entry. kvm.c translates.
 */
#ifndef XVM_RUN_HV_H
#define XVM_RUN_HV_H

#include "xvm.h"

struct xvm_vm;
struct xvm_vcpu_ctx;

/**
 * struct xvm_hv_ops - one hypervisor. Unless said otherwise an operation
 * returns 0, or -1 with errno set and nothing printed.
 * @name: the run ioctl's name, for messages ("XVM_RUN", "KVM_RUN").
 * @open: open the device, check its version, fill vm->caps (max_vcpus,
 *	max_cpuid_entries at least), create the VM (vm->sysfd, vm->vmfd).
 *	Prints its own error.
 * @set_memory: map vm->mem, vm->mem_size bytes, at guest physical 0.
 * @supported_cpuid: the CPUID table a guest may have, at most @max entries
 *	at @e; returns their number, or -1.
 * @create_vcpu: create vCPU v->idx; sets v->fd and v->run.
 * @set_cpuid: the vCPU's CPUID table (before its first run).
 * @get_regs: the general registers.
 * @set_regs: the general registers.
 * @set_sregs: the segment and control registers.
 * @run: run the vCPU until the next exit, described in v->run; -1 with
 *	errno EINTR when a kick or a signal ended it before any exit.
 * @inject_irq: an external interrupt @vector for the vCPU to take; -1 with
 *	EBUSY while the vCPU cannot take one yet (v->run->ready_for_interrupt
 *	was clear) or one is still held.
 * @kick: make the vCPU leave @run soon (any thread; also before the vCPU's
 *	thread runs it for the first time).
 */
struct xvm_hv_ops {
	const char *name;
	int (*open)(struct xvm_vm *vm);
	int (*set_memory)(struct xvm_vm *vm);
	int (*supported_cpuid)(struct xvm_vm *vm, struct xvm_cpuid_entry *e,
			       unsigned int max);
	int (*create_vcpu)(struct xvm_vcpu_ctx *v);
	int (*set_cpuid)(struct xvm_vcpu_ctx *v,
			 const struct xvm_cpuid_entry *e, unsigned int n);
	int (*get_regs)(struct xvm_vcpu_ctx *v, struct xvm_regs *regs);
	int (*set_regs)(struct xvm_vcpu_ctx *v, const struct xvm_regs *regs);
	int (*set_sregs)(struct xvm_vcpu_ctx *v,
			 const struct xvm_sregs *sregs);
	int (*run)(struct xvm_vcpu_ctx *v);
	int (*inject_irq)(struct xvm_vcpu_ctx *v, unsigned int vector);
	void (*kick)(struct xvm_vcpu_ctx *v);
};

extern const struct xvm_hv_ops xvm_hv_xvm;	/* xvm.c: /dev/xvm */
extern const struct xvm_hv_ops xvm_hv_kvm;	/* kvm.c: /dev/kvm */

#endif /* XVM_RUN_HV_H */
