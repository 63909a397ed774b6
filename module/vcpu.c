// SPDX-License-Identifier: GPL-2.0
/*
 * The vCPU object, its file descriptor, its run page and its state ioctls.
 */
#include <linux/anon_inodes.h>
#include <linux/file.h>
#include <linux/fs.h>
#include <linux/mm.h>
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/uaccess.h>
#include <asm/fpu/xcr.h>

#include "xvm.h"
#include "backend.h"

static inline struct xvm_vcpu *pn_to_vcpu(struct preempt_notifier *pn)
{
	return container_of(pn, struct xvm_vcpu, preempt_notifier);
}

static void xvm_sched_in(struct preempt_notifier *pn, int cpu)
{
	struct xvm_vcpu *vcpu = pn_to_vcpu(pn);

	xvm_ops->vcpu_load(vcpu, cpu);
	WRITE_ONCE(vcpu->cpu, cpu);
}

static void xvm_sched_out(struct preempt_notifier *pn,
			  struct task_struct *next)
{
	struct xvm_vcpu *vcpu = pn_to_vcpu(pn);

	xvm_ops->vcpu_put(vcpu);
	WRITE_ONCE(vcpu->cpu, -1);
}

static struct preempt_ops xvm_preempt_ops = {
	.sched_in = xvm_sched_in,
	.sched_out = xvm_sched_out,
};

/* Make the vCPU's state current on this CPU until xvm_vcpu_put. */
static void xvm_vcpu_load(struct xvm_vcpu *vcpu)
{
	int cpu = get_cpu();

	preempt_notifier_register(&vcpu->preempt_notifier);
	xvm_ops->vcpu_load(vcpu, cpu);
	WRITE_ONCE(vcpu->cpu, cpu);
	put_cpu();
}

static void xvm_vcpu_put(struct xvm_vcpu *vcpu)
{
	preempt_disable();
	xvm_ops->vcpu_put(vcpu);
	WRITE_ONCE(vcpu->cpu, -1);
	preempt_notifier_unregister(&vcpu->preempt_notifier);
	preempt_enable();
}

static void xvm_kick_ipi(void *unused)
{
	/* Arriving was the point: the guest has exited to take this IPI. */
}

/*
 * Make a vCPU that is in the guest exit now; one that is not sees its
 * requests before it enters (see the mode dance in run.c). With @wait, the
 * vCPU has left the guest when this returns (a TLB flush needs that);
 * without, the IPI is only sent, and the caller never blocks on a vCPU.
 */
void xvm_vcpu_kick(struct xvm_vcpu *vcpu, bool wait)
{
	int cpu, me;

	/* Order the caller's set_bit() before reading mode (see run.c). */
	smp_mb__after_atomic();
	if (READ_ONCE(vcpu->mode) != XVM_IN_GUEST)
		return;
	cpu = READ_ONCE(vcpu->cpu);
	me = get_cpu();
	/* On this CPU the vCPU cannot be in the guest: we are running. */
	if (cpu >= 0 && cpu != me && cpu_online(cpu)) {
		if (xvm_ops->kick_cpu)
			xvm_ops->kick_cpu(cpu);
		if (wait)
			smp_call_function_single(cpu, xvm_kick_ipi, NULL, 1);
		else
			smp_send_reschedule(cpu);
	}
	put_cpu();
}

static long xvm_vcpu_get_fpu(struct xvm_vcpu *vcpu, void __user *argp)
{
	struct xvm_fpu *fpu;
	long ret = 0;

	fpu = kzalloc(sizeof(*fpu), GFP_KERNEL);
	if (!fpu)
		return -ENOMEM;
	fpu->xcr0 = vcpu->xcr0;
	fpu_copy_guest_fpstate_to_uabi(&vcpu->fpu, fpu->xsave,
				       sizeof(fpu->xsave), vcpu->fpu.perm, 0);
	if (copy_to_user(argp, fpu, sizeof(*fpu)))
		ret = -EFAULT;
	kfree(fpu);
	return ret;
}

/* The rules of XSETBV for @xcr0, within the components in @allowed. */
static bool xvm_xcr0_check(u64 xcr0, u64 allowed)
{
	if (!(xcr0 & XFEATURE_MASK_FP) || (xcr0 & ~allowed))
		return false;
	/* AVX needs SSE; the AVX-512 parts come all together, with AVX. */
	if ((xcr0 & XFEATURE_MASK_YMM) && !(xcr0 & XFEATURE_MASK_SSE))
		return false;
	if ((xcr0 & XFEATURE_MASK_AVX512) &&
	    ((xcr0 & XFEATURE_MASK_AVX512) != XFEATURE_MASK_AVX512 ||
	     !(xcr0 & XFEATURE_MASK_YMM)))
		return false;
	return true;
}

/*
 * XCR0 values a guest may hold: x87 always on, and of SSE and AVX what the
 * host has (CPUID leaf 0xD offers no more).
 */
bool xvm_xcr0_valid(struct xvm_vcpu *vcpu, u64 xcr0)
{
	return xvm_xcr0_check(xcr0, vcpu->fpu.perm & XVM_XCR0_GUEST &
				    xvm_host_xcr0);
}

static long xvm_vcpu_set_fpu(struct xvm_vcpu *vcpu, void __user *argp)
{
	struct xvm_fpu *fpu;
	u32 pkru = 0;
	long ret;
	int i;

	fpu = memdup_user(argp, sizeof(*fpu));
	if (IS_ERR(fpu))
		return PTR_ERR(fpu);
	ret = -EINVAL;
	for (i = 0; i < ARRAY_SIZE(fpu->reserved); i++)
		if (fpu->reserved[i])
			goto out;
	if (!xvm_xcr0_valid(vcpu, fpu->xcr0))
		goto out;
	ret = fpu_copy_uabi_to_guest_fpstate(&vcpu->fpu, fpu->xsave,
					     vcpu->fpu.perm, &pkru);
	if (!ret)
		vcpu->xcr0 = fpu->xcr0;
out:
	kfree(fpu);
	return ret;
}

static bool xvm_segment_reserved_clear(const struct xvm_segment *s)
{
	return !memchr_inv(s->reserved, 0, sizeof(s->reserved));
}

static long xvm_vcpu_set_sregs(struct xvm_vcpu *vcpu, void __user *argp)
{
	struct xvm_sregs sregs;
	const struct xvm_segment *seg = &sregs.cs;
	int i;

	if (copy_from_user(&sregs, argp, sizeof(sregs)))
		return -EFAULT;
	for (i = 0; i < 8; i++)
		if (!xvm_segment_reserved_clear(&seg[i]))
			return -EINVAL;
	if (memchr_inv(sregs.reserved, 0, sizeof(sregs.reserved)) ||
	    memchr_inv(sregs.gdt.reserved, 0, sizeof(sregs.gdt.reserved)) ||
	    memchr_inv(sregs.idt.reserved, 0, sizeof(sregs.idt.reserved)))
		return -EINVAL;
	if (xvm_check_sregs(&sregs))
		return -EINVAL;
	return xvm_ops->set_sregs(vcpu, &sregs);
}

/* The arguments of XVM_INJECT_EVENT, whatever the vCPU's state. */
static int xvm_event_check(const struct xvm_event *e)
{
	if (e->reserved[0] || e->reserved[1] || e->has_error_code > 1)
		return -EINVAL;
	switch (e->type) {
	case XVM_EVENT_EXCEPTION:
		/* NMI (2) has its own type; 15 and 22-31 are reserved. */
		if (e->vector >= 32 || e->vector == 2 || e->vector == 15 ||
		    e->vector >= 22)
			return -EINVAL;
		return 0;
	case XVM_EVENT_INTERRUPT:
		if (e->vector < 16 || e->vector > 255 || e->has_error_code)
			return -EINVAL;
		return 0;
	case XVM_EVENT_NMI:
		if (e->vector != 2 || e->has_error_code)
			return -EINVAL;
		return 0;
	default:
		return -EINVAL;
	}
}

static long xvm_vcpu_inject(struct xvm_vcpu *vcpu, void __user *argp)
{
	struct xvm_pending_event *ev = &vcpu->events;
	struct xvm_event e;
	int ret;

	if (copy_from_user(&e, argp, sizeof(e)))
		return -EFAULT;
	ret = xvm_event_check(&e);
	if (ret)
		return ret;
	switch (e.type) {
	case XVM_EVENT_EXCEPTION:
		if (ev->exception)
			return -EBUSY;
		ev->exception = true;
		ev->exc_vector = e.vector;
		ev->exc_has_error = e.has_error_code;
		ev->exc_error = e.error_code;
		return 0;
	case XVM_EVENT_INTERRUPT:
		if (ev->irq)
			return -EBUSY;
		ev->irq = true;
		ev->irq_vector = e.vector;
		return 0;
	case XVM_EVENT_NMI:
		if (ev->nmi)
			return -EBUSY;
		ev->nmi = true;
		return 0;
	default:
		return -EINVAL;
	}
}

static long xvm_vcpu_state_ioctl(struct xvm_vcpu *vcpu, unsigned int cmd,
				 void __user *argp)
{
	union {
		struct xvm_regs regs;
		struct xvm_sregs sregs;
		struct xvm_debugregs dr;
	} u;

	switch (cmd) {
	case XVM_RUN:
		return argp ? -EINVAL : xvm_vcpu_run(vcpu);
	case XVM_GET_REGS:
		return copy_to_user(argp, &vcpu->regs, sizeof(vcpu->regs)) ?
			-EFAULT : 0;
	case XVM_SET_REGS:
		if (copy_from_user(&u.regs, argp, sizeof(u.regs)))
			return -EFAULT;
		vcpu->regs = u.regs;
		vcpu->regs.rflags |= X86_EFLAGS_FIXED;
		/* The VMM took over: nothing of the last exit is finished. */
		vcpu->pending = XVM_PIO_NONE;
		return 0;
	case XVM_GET_SREGS:
		memset(&u.sregs, 0, sizeof(u.sregs));
		xvm_ops->get_sregs(vcpu, &u.sregs);
		return copy_to_user(argp, &u.sregs, sizeof(u.sregs)) ?
			-EFAULT : 0;
	case XVM_SET_SREGS:
		return xvm_vcpu_set_sregs(vcpu, argp);
	case XVM_GET_DEBUGREGS:
		memset(&u.dr, 0, sizeof(u.dr));
		xvm_ops->get_debugregs(vcpu, &u.dr);
		return copy_to_user(argp, &u.dr, sizeof(u.dr)) ? -EFAULT : 0;
	case XVM_SET_DEBUGREGS:
		if (copy_from_user(&u.dr, argp, sizeof(u.dr)))
			return -EFAULT;
		if (u.dr.reserved[0] || u.dr.reserved[1] ||
		    (u.dr.dr6 >> 32) || (u.dr.dr7 >> 32))
			return -EINVAL;
		return xvm_ops->set_debugregs(vcpu, &u.dr);
	case XVM_GET_FPU:
		return xvm_vcpu_get_fpu(vcpu, argp);
	case XVM_SET_FPU:
		return xvm_vcpu_set_fpu(vcpu, argp);
	case XVM_GET_MSRS:
		return xvm_msrs_ioctl(vcpu, argp, false);
	case XVM_SET_MSRS:
		return xvm_msrs_ioctl(vcpu, argp, true);
	case XVM_SET_CPUID: {
		struct xvm_cpuid c;

		if (copy_from_user(&c, argp, sizeof(c)))
			return -EFAULT;
		return xvm_cpuid_set(vcpu, &c);
	}
	case XVM_INJECT_EVENT:
		return xvm_vcpu_inject(vcpu, argp);
	default:
		return -ENOTTY;
	}
}

static long xvm_vcpu_ioctl(struct file *file, unsigned int cmd,
			   unsigned long arg)
{
	struct xvm_vcpu *vcpu = file->private_data;
	long ret;

	if (current->mm != vcpu->vm->mm)
		return -EIO;
	/* Any thread may kick, while another runs the vCPU. */
	if (cmd == XVM_KICK) {
		if (arg)
			return -EINVAL;
		set_bit(XVM_REQ_KICK, &vcpu->requests);
		xvm_vcpu_kick(vcpu, false);
		return 0;
	}
	if (mutex_lock_killable(&vcpu->mutex))
		return -EINTR;
	xvm_vcpu_load(vcpu);
	ret = xvm_vcpu_state_ioctl(vcpu, cmd, (void __user *)arg);
	xvm_vcpu_put(vcpu);
	mutex_unlock(&vcpu->mutex);
	return ret;
}

static vm_fault_t xvm_vcpu_fault(struct vm_fault *vmf)
{
	struct xvm_vcpu *vcpu = vmf->vma->vm_file->private_data;

	if (vmf->pgoff != 0)
		return VM_FAULT_SIGBUS;
	vmf->page = virt_to_page(vcpu->run);
	get_page(vmf->page);
	return 0;
}

static const struct vm_operations_struct xvm_vcpu_vm_ops = {
	.fault = xvm_vcpu_fault,
};

static int xvm_vcpu_mmap(struct file *file, struct vm_area_struct *vma)
{
	if (vma->vm_pgoff != 0 || vma->vm_end - vma->vm_start > PAGE_SIZE)
		return -EINVAL;
	vma->vm_flags |= VM_DONTEXPAND;
	vma->vm_ops = &xvm_vcpu_vm_ops;
	return 0;
}

static int xvm_vcpu_release(struct inode *inode, struct file *file)
{
	struct xvm_vcpu *vcpu = file->private_data;

	xvm_vm_put(vcpu->vm);
	return 0;
}

static const struct file_operations xvm_vcpu_fops = {
	.owner = THIS_MODULE,
	.release = xvm_vcpu_release,
	.unlocked_ioctl = xvm_vcpu_ioctl,
	.compat_ioctl = compat_ptr_ioctl,
	.mmap = xvm_vcpu_mmap,
	.llseek = noop_llseek,
};

void xvm_vcpu_free(struct xvm_vcpu *vcpu)
{
	xvm_ops->vcpu_destroy(vcpu);
	fpu_free_guest_fpstate(&vcpu->fpu);
	kfree(vcpu->cpuid);
	free_page((unsigned long)vcpu->run);
	kfree(vcpu);
}

int xvm_vm_create_vcpu(struct xvm_vm *vm, unsigned long id)
{
	struct xvm_vcpu *vcpu;
	int ret;

	if (id >= XVM_MAX_VCPUS)
		return -EINVAL;
	vcpu = kzalloc(xvm_ops->vcpu_size, GFP_KERNEL_ACCOUNT);
	if (!vcpu)
		return -ENOMEM;
	vcpu->vm = vm;
	vcpu->id = id;
	vcpu->cpu = -1;
	mutex_init(&vcpu->mutex);
	preempt_notifier_init(&vcpu->preempt_notifier, &xvm_preempt_ops);
	vcpu->xcr0 = XFEATURE_MASK_FP;
	vcpu->apic_base = APIC_DEFAULT_PHYS_BASE | MSR_IA32_APICBASE_ENABLE |
			  (id == 0 ? MSR_IA32_APICBASE_BSP : 0);
	vcpu->regs.rflags = X86_EFLAGS_FIXED;

	ret = -ENOMEM;
	vcpu->run = (void *)get_zeroed_page(GFP_KERNEL_ACCOUNT);
	if (!vcpu->run)
		goto err_free;
	if (!fpu_alloc_guest_fpstate(&vcpu->fpu))
		goto err_run;
	ret = xvm_ops->vcpu_init(vcpu);
	if (ret)
		goto err_fpu;

	mutex_lock(&vm->lock);
	if (vm->vcpus[id]) {
		ret = -EEXIST;
		goto err_unlock;
	}
	/* The fd holds a VM reference, taken before the fd exists. */
	refcount_inc(&vm->users);
	ret = anon_inode_getfd("xvm-vcpu", &xvm_vcpu_fops, vcpu,
			       O_RDWR | O_CLOEXEC);
	if (ret < 0) {
		refcount_dec(&vm->users);
		goto err_unlock;
	}
	/* Pairs with READ_ONCE in xvm_vm_request_all: a full vCPU or none. */
	smp_store_release(&vm->vcpus[id], vcpu);
	vm->nr_vcpus++;
	mutex_unlock(&vm->lock);
	return ret;

err_unlock:
	mutex_unlock(&vm->lock);
	xvm_ops->vcpu_destroy(vcpu);
err_fpu:
	fpu_free_guest_fpstate(&vcpu->fpu);
err_run:
	free_page((unsigned long)vcpu->run);
err_free:
	kfree(vcpu);
	return ret;
}

#ifdef XVM_KUNIT
#include "vcpu_test.c"
#endif
