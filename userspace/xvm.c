// SPDX-License-Identifier: GPL-2.0
/*
 * xvm-run: the /dev/xvm backend (hv.h), the default: each operation is
 * one ioctl of uapi/xvm.h.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <unistd.h>

#include "hv.h"
#include "vmm.h"

static int xvm_open(struct xvm_vm *vm)
{
	int api;

	vm->sysfd = open("/dev/xvm", O_RDWR | O_CLOEXEC);
	if (vm->sysfd < 0) {
		perror("xvm-run: /dev/xvm");
		return -1;
	}
	api = ioctl(vm->sysfd, XVM_GET_API_VERSION, 0);
	if (api != XVM_API_VERSION) {
		fprintf(stderr, "xvm-run: API version %d, want %d\n", api,
			XVM_API_VERSION);
		return -1;
	}
	if (ioctl(vm->sysfd, XVM_GET_CAPABILITIES, &vm->caps)) {
		perror("xvm-run: XVM_GET_CAPABILITIES");
		return -1;
	}
	if (vm->caps.run_size < sizeof(struct xvm_run)) {
		fprintf(stderr, "xvm-run: run_size %u too small\n",
			vm->caps.run_size);
		return -1;
	}
	vm->vmfd = ioctl(vm->sysfd, XVM_CREATE_VM, 0);
	if (vm->vmfd < 0) {
		perror("xvm-run: XVM_CREATE_VM");
		return -1;
	}
	return 0;
}

static int xvm_set_memory(struct xvm_vm *vm)
{
	struct xvm_memory_region r = {
		.slot = 0,
		.guest_phys_addr = 0,
		.size = vm->mem_size,
		.userspace_addr = (uintptr_t)vm->mem,
	};

	return ioctl(vm->vmfd, XVM_SET_MEMORY_REGION, &r) ? -1 : 0;
}

static int xvm_supported_cpuid(struct xvm_vm *vm, struct xvm_cpuid_entry *e,
			       unsigned int max)
{
	struct xvm_cpuid c = { .nent = max, .entries = (uintptr_t)e };
	int ret;

	ret = ioctl(vm->sysfd, XVM_GET_SUPPORTED_CPUID, &c);
	if (ret < 0)
		return -1;
	if (!ret)
		ret = c.nent;
	return ret > (int)max ? (int)max : ret;
}

static int xvm_create_vcpu(struct xvm_vcpu_ctx *v)
{
	void *run;

	v->fd = ioctl(v->vm->vmfd, XVM_CREATE_VCPU, v->idx);
	if (v->fd < 0)
		return -1;
	run = mmap(NULL, v->vm->caps.run_size, PROT_READ | PROT_WRITE,
		   MAP_SHARED, v->fd, 0);
	if (run == MAP_FAILED)
		return -1;
	v->run = run;
	return 0;
}

static int xvm_set_cpuid(struct xvm_vcpu_ctx *v,
			 const struct xvm_cpuid_entry *e, unsigned int n)
{
	struct xvm_cpuid c = { .nent = n, .entries = (uintptr_t)e };

	return ioctl(v->fd, XVM_SET_CPUID, &c) ? -1 : 0;
}

static int xvm_get_regs(struct xvm_vcpu_ctx *v, struct xvm_regs *regs)
{
	return ioctl(v->fd, XVM_GET_REGS, regs) ? -1 : 0;
}

static int xvm_set_regs(struct xvm_vcpu_ctx *v, const struct xvm_regs *regs)
{
	return ioctl(v->fd, XVM_SET_REGS, regs) ? -1 : 0;
}

static int xvm_set_sregs(struct xvm_vcpu_ctx *v,
			 const struct xvm_sregs *sregs)
{
	return ioctl(v->fd, XVM_SET_SREGS, sregs) ? -1 : 0;
}

static int xvm_run(struct xvm_vcpu_ctx *v)
{
	return ioctl(v->fd, XVM_RUN, 0) < 0 ? -1 : 0;
}

/* The module holds the interrupt until the guest can take it. */
static int xvm_inject_irq(struct xvm_vcpu_ctx *v, unsigned int vector)
{
	struct xvm_event ev = {
		.type = XVM_EVENT_INTERRUPT,
		.vector = vector,
	};

	return ioctl(v->fd, XVM_INJECT_EVENT, &ev) ? -1 : 0;
}

static void xvm_kick(struct xvm_vcpu_ctx *v)
{
	if (v->fd >= 0)
		ioctl(v->fd, XVM_KICK, 0);
}

const struct xvm_hv_ops xvm_hv_xvm = {
	.name = "XVM_RUN",
	.open = xvm_open,
	.set_memory = xvm_set_memory,
	.supported_cpuid = xvm_supported_cpuid,
	.create_vcpu = xvm_create_vcpu,
	.set_cpuid = xvm_set_cpuid,
	.get_regs = xvm_get_regs,
	.set_regs = xvm_set_regs,
	.set_sregs = xvm_set_sregs,
	.run = xvm_run,
	.inject_irq = xvm_inject_irq,
	.kick = xvm_kick,
};
