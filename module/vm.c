// SPDX-License-Identifier: GPL-2.0
/*
 * The VM object and its file descriptor.
 *
 * A VM lives as long as its fd or any of its vCPU fds: each holds a
 * reference in vm->users, so fds can be closed in any order.
 */
#include <linux/anon_inodes.h>
#include <linux/file.h>
#include <linux/fs.h>
#include <linux/module.h>
#include <linux/sched/mm.h>
#include <linux/slab.h>
#include <linux/uaccess.h>

#include "xvm.h"
#include "backend.h"

static void xvm_vm_free(struct xvm_vm *vm)
{
	unsigned int i;

	/* First, so that no invalidation runs while the tables go away. */
	mmu_notifier_unregister(&vm->mmu_notifier, vm->mm);
	/* vCPUs live as long as their VM: vm->vcpus[] needs no lock to read. */
	for (i = 0; i < XVM_MAX_VCPUS; i++)
		if (vm->vcpus[i])
			xvm_vcpu_free(vm->vcpus[i]);
	xvm_slpt_destroy(&vm->slpt);
	xvm_ops->vm_destroy(vm);
	mmdrop(vm->mm);
	kfree(vm);
}

void xvm_vm_put(struct xvm_vm *vm)
{
	if (refcount_dec_and_test(&vm->users))
		xvm_vm_free(vm);
}

/* Ask every vCPU for @req and make those in the guest leave it now. */
void xvm_vm_request_all(struct xvm_vm *vm, unsigned int req)
{
	unsigned int i;

	for (i = 0; i < XVM_MAX_VCPUS; i++) {
		struct xvm_vcpu *vcpu = READ_ONCE(vm->vcpus[i]);

		if (!vcpu)
			continue;
		set_bit(req, &vcpu->requests);
		xvm_vcpu_kick(vcpu, true);
	}
}

static long xvm_vm_set_memory_region(struct xvm_vm *vm, void __user *argp)
{
	struct xvm_memory_region mr;

	if (copy_from_user(&mr, argp, sizeof(mr)))
		return -EFAULT;
	if (mr.reserved[0] || mr.reserved[1])
		return -EINVAL;
	return xvm_set_memory_region(vm, &mr);
}

static long xvm_vm_ioctl(struct file *file, unsigned int cmd,
			 unsigned long arg)
{
	struct xvm_vm *vm = file->private_data;

	/* A VM belongs to the process that made it, as its memory does. */
	if (current->mm != vm->mm)
		return -EIO;

	switch (cmd) {
	case XVM_CREATE_VCPU:
		return xvm_vm_create_vcpu(vm, arg);
	case XVM_SET_MEMORY_REGION:
		return xvm_vm_set_memory_region(vm, (void __user *)arg);
	default:
		return -ENOTTY;
	}
}

static int xvm_vm_release(struct inode *inode, struct file *file)
{
	xvm_vm_put(file->private_data);
	return 0;
}

static const struct file_operations xvm_vm_fops = {
	.owner = THIS_MODULE,
	.release = xvm_vm_release,
	.unlocked_ioctl = xvm_vm_ioctl,
	.compat_ioctl = compat_ptr_ioctl,
	.llseek = noop_llseek,
};

int xvm_dev_create_vm(unsigned long arg)
{
	struct xvm_vm *vm;
	int ret;

	if (arg)
		return -EINVAL;
	vm = kzalloc(sizeof(*vm), GFP_KERNEL_ACCOUNT);
	if (!vm)
		return -ENOMEM;
	refcount_set(&vm->users, 1);
	mutex_init(&vm->lock);
	spin_lock_init(&vm->mmu_lock);
	vm->mm = current->mm;
	mmgrab(vm->mm);

	ret = xvm_slpt_init(&vm->slpt);
	if (ret)
		goto err_mm;
	ret = xvm_ops->vm_init(vm);
	if (ret)
		goto err_slpt;
	ret = xvm_mmu_notifier_init(vm);
	if (ret)
		goto err_backend;

	ret = anon_inode_getfd("xvm-vm", &xvm_vm_fops, vm, O_RDWR | O_CLOEXEC);
	if (ret < 0)
		xvm_vm_put(vm);
	return ret;

err_backend:
	xvm_ops->vm_destroy(vm);
err_slpt:
	xvm_slpt_destroy(&vm->slpt);
err_mm:
	mmdrop(vm->mm);
	kfree(vm);
	return ret;
}
