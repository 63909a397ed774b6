// SPDX-License-Identifier: GPL-2.0
/*
 * xvm: module load and unload, the backend choice, and /dev/xvm.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/module.h>
#include <linux/preempt.h>
#include <linux/miscdevice.h>
#include <linux/fs.h>
#include <linux/slab.h>
#include <linux/uaccess.h>
#include <asm/cpufeature.h>
#include <asm/fpu/xcr.h>
#include <asm/virtext.h>

#include "xvm.h"
#include "backend.h"
#include "hw.h"

const struct xvm_backend_ops *xvm_ops;
u64 xvm_host_xcr0 __read_mostly;

/* A hole in the table is a bug of the backend: refuse it at load. */
static int xvm_backend_check(const struct xvm_backend_ops *ops)
{
	const void *const hooks[] = {
		ops->probe, ops->setup, ops->unsetup, ops->cpu_enable,
		ops->cpu_disable, ops->vm_init, ops->vm_destroy,
		ops->vcpu_init, ops->vcpu_destroy, ops->vcpu_load,
		ops->vcpu_put, ops->run, ops->get_sregs, ops->set_sregs,
		ops->get_debugregs, ops->set_debugregs, ops->get_msr,
		ops->set_msr, ops->interrupt_allowed, ops->nmi_allowed,
		ops->inject, ops->set_irq_window, ops->slpt_entry,
		ops->slpt_present, ops->slpt_levels,
	};
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(hooks); i++) {
		if (!hooks[i]) {
			pr_err("backend %s lacks hook %u\n", ops->name, i);
			return -EINVAL;
		}
	}
	if (ops->vcpu_size < sizeof(struct xvm_vcpu))
		return -EINVAL;
	return 0;
}

/*
 * The raw CPUID bits, not the kernel's feature flags: the kernel clears
 * X86_FEATURE_VMX when the firmware locked VMX off, and the backend's probe
 * is what says so in the log.
 */
static const struct xvm_backend_ops *xvm_pick_backend(void)
{
#ifdef XVM_HAVE_VMX
	if (cpu_has_vmx())
		return &xvm_vmx_ops;
#endif
	if (cpuid_eax(0x80000000) >= 0x80000001 &&
	    (cpuid_ecx(0x80000001) & BIT(X86_FEATURE_SVM & 31)))
		return &xvm_svm_ops;
	return NULL;
}

static long xvm_get_capabilities(void __user *argp)
{
	struct xvm_capabilities caps = {
		.api_version = XVM_API_VERSION,
		.backend = xvm_ops->backend_id,
		.features = xvm_ops->features | XVM_FEAT_READONLY_MEM |
			    XVM_FEAT_KICK | XVM_FEAT_MMIO_DECODE |
			    XVM_FEAT_STRING_IO |
			    (boot_cpu_has(X86_FEATURE_OSXSAVE) ? XVM_FEAT_XSAVE : 0),
		.max_vcpus = XVM_MAX_VCPUS,
		.max_mem_slots = XVM_MAX_MEM_SLOTS,
		.max_cpuid_entries = XVM_MAX_CPUID_ENTRIES,
		.max_msrs = XVM_MAX_MSRS,
		.run_size = PAGE_SIZE,
		.fpu_size = sizeof(struct xvm_fpu),
	};

	if (copy_to_user(argp, &caps, sizeof(caps)))
		return -EFAULT;
	return 0;
}

static long xvm_get_supported_cpuid(void __user *argp)
{
	struct xvm_cpuid arg;
	struct xvm_cpuid_entry *table;
	long ret;
	int n;

	if (copy_from_user(&arg, argp, sizeof(arg)))
		return -EFAULT;
	if (arg.reserved)
		return -EINVAL;
	table = kcalloc(XVM_MAX_CPUID_ENTRIES, sizeof(*table), GFP_KERNEL);
	if (!table)
		return -ENOMEM;
	n = xvm_cpuid_supported(table, XVM_MAX_CPUID_ENTRIES);
	if (n < 0) {
		ret = n;
	} else if (arg.nent < n) {
		arg.nent = n;
		ret = copy_to_user(argp, &arg, sizeof(arg)) ? -EFAULT : -E2BIG;
	} else if (copy_to_user(u64_to_user_ptr(arg.entries), table,
				n * sizeof(*table))) {
		ret = -EFAULT;
	} else {
		arg.nent = n;
		ret = copy_to_user(argp, &arg, sizeof(arg)) ? -EFAULT : n;
	}
	kfree(table);
	return ret;
}

static long xvm_dev_ioctl(struct file *file, unsigned int cmd,
			  unsigned long arg)
{
	void __user *argp = (void __user *)arg;

	switch (cmd) {
	case XVM_GET_API_VERSION:
		return arg ? -EINVAL : XVM_API_VERSION;
	case XVM_GET_CAPABILITIES:
		return xvm_get_capabilities(argp);
	case XVM_GET_SUPPORTED_CPUID:
		return xvm_get_supported_cpuid(argp);
	case XVM_CREATE_VM:
		return xvm_dev_create_vm(arg);
	default:
		return -ENOTTY;
	}
}

static const struct file_operations xvm_dev_fops = {
	.owner = THIS_MODULE,
	.unlocked_ioctl = xvm_dev_ioctl,
	.compat_ioctl = compat_ptr_ioctl,
	.llseek = noop_llseek,
};

/* Root only by default; packaging/udev/ gives a group access. */
static struct miscdevice xvm_dev = {
	.minor = MISC_DYNAMIC_MINOR,
	.name = "xvm",
	.fops = &xvm_dev_fops,
	.mode = 0600,
};

static int __init xvm_init(void)
{
	const struct xvm_backend_ops *ops;
	int ret;

	xvm_host_xcr0 = boot_cpu_has(X86_FEATURE_OSXSAVE) ?
			xgetbv(XCR_XFEATURE_ENABLED_MASK) : XFEATURE_MASK_FP;
	ops = xvm_pick_backend();
	if (!ops) {
		pr_err("no hardware virtualization: the CPU has neither VMX nor SVM\n");
		return -ENODEV;
	}
	ret = xvm_backend_check(ops);
	if (ret)
		return ret;
	ret = ops->probe();
	if (ret)
		return ret;
	ret = ops->setup();
	if (ret)
		return ret;
	xvm_ops = ops;
	/* The vCPU threads' preempt notifiers load and put VMCS/VMCB state. */
	preempt_notifier_inc();

	ret = xvm_hw_enable_all();
	if (ret)
		goto err_unsetup;
	ret = misc_register(&xvm_dev);
	if (ret) {
		pr_err("cannot register /dev/xvm (%d)\n", ret);
		goto err_hw;
	}
	pr_info("ready: %s backend, ABI version %d\n", ops->name,
		XVM_API_VERSION);
	return 0;

err_hw:
	xvm_hw_disable_all();
err_unsetup:
	preempt_notifier_dec();
	ops->unsetup();
	xvm_ops = NULL;
	return ret;
}

static void __exit xvm_exit(void)
{
	misc_deregister(&xvm_dev);
	xvm_hw_disable_all();
	preempt_notifier_dec();
	xvm_ops->unsetup();
	pr_info("unloaded\n");
}

module_init(xvm_init);
module_exit(xvm_exit);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("xvm: a type 2 hypervisor for Intel VT-x and AMD-V");
MODULE_AUTHOR("The xvm developers");
