// SPDX-License-Identifier: GPL-2.0
/*
 * api-test: the ioctl ABI of /dev/xvm (uapi/xvm.h), checked through the
 * real module. One line per check, then "N passed, N failed"; the exit
 * status is non-zero if any check failed. Needs the module loaded.
 * $XVM_BACKEND (svm or vmx), when set, must match the reported backend.
 */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <unistd.h>

#include "modes.h"

static int passed, failed;

static void check(bool ok, const char *fmt, ...)
{
	va_list ap;

	printf("%s ", ok ? "ok  " : "FAIL");
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
	fflush(stdout);
	if (ok)
		passed++;
	else
		failed++;
}

/* ioctl that must fail with @err. */
static void check_err(int fd, unsigned long req, unsigned long arg, int err,
		      const char *what)
{
	int ret;

	errno = 0;
	ret = ioctl(fd, req, arg);
	check(ret == -1 && errno == err, "%s -> %s (got %d, %s)", what,
	      strerrorname_np(err), ret, ret == -1 ?
	      strerrorname_np(errno) : "no error");
}

static void check_ok(int ret, const char *what)
{
	check(ret >= 0, "%s (got %d%s%s)", what, ret, ret < 0 ? ", " : "",
	      ret < 0 ? strerrorname_np(errno) : "");
}

static int open_dev(void)
{
	int fd = open("/dev/xvm", O_RDWR | O_CLOEXEC);

	if (fd < 0) {
		perror("/dev/xvm");
		exit(2);
	}
	return fd;
}

static struct xvm_capabilities caps;
/* A page that faults, for -EFAULT checks. */
static void *bad_ptr;

static void test_system(int sys)
{
	struct xvm_capabilities c;
	const char *be = getenv("XVM_BACKEND");
	unsigned int i;
	bool zero = true;
	int ret;

	ret = ioctl(sys, XVM_GET_API_VERSION, 0);
	check(ret == XVM_API_VERSION, "XVM_GET_API_VERSION == %d (got %d)",
	      XVM_API_VERSION, ret);

	memset(&c, 0xa5, sizeof(c));
	ret = ioctl(sys, XVM_GET_CAPABILITIES, &c);
	check_ok(ret, "XVM_GET_CAPABILITIES");
	caps = c;
	check(c.api_version == XVM_API_VERSION, "capabilities.api_version %u",
	      c.api_version);
	for (i = 0; i < sizeof(c.reserved) / sizeof(c.reserved[0]); i++)
		zero &= c.reserved[i] == 0;
	check(zero, "capabilities.reserved all zero");
	check(c.backend == XVM_BACKEND_VMX || c.backend == XVM_BACKEND_SVM,
	      "capabilities.backend %u is VMX or SVM", c.backend);
	if (be && *be) {
		unsigned int want = !strcmp(be, "vmx") ? XVM_BACKEND_VMX :
				    !strcmp(be, "svm") ? XVM_BACKEND_SVM : 0;

		check(c.backend == want, "backend matches XVM_BACKEND=%s",
		      be);
	}
	check(c.max_vcpus >= 1, "max_vcpus %u >= 1", c.max_vcpus);
	check(c.max_mem_slots >= 1, "max_mem_slots %u >= 1", c.max_mem_slots);
	check(c.max_cpuid_entries >= 1, "max_cpuid_entries %u >= 1",
	      c.max_cpuid_entries);
	check(c.max_msrs >= 1, "max_msrs %u >= 1", c.max_msrs);
	check(c.run_size >= sizeof(struct xvm_run), "run_size %u >= %zu",
	      c.run_size, sizeof(struct xvm_run));
	check(c.fpu_size == sizeof(struct xvm_fpu), "fpu_size %u == %zu",
	      c.fpu_size, sizeof(struct xvm_fpu));
	check((c.features & XVM_FEAT_KICK) != 0, "XVM_FEAT_KICK offered");

	check_err(sys, XVM_GET_CAPABILITIES, (unsigned long)bad_ptr, EFAULT,
		  "XVM_GET_CAPABILITIES to a bad pointer");
	check_err(sys, XVM_CREATE_VM, 1, EINVAL, "XVM_CREATE_VM arg 1");
	check_err(sys, _IO(XVMIO, 0x7f), 0, ENOTTY, "unknown ioctl on /dev/xvm");
	check_err(sys, XVM_RUN, 0, ENOTTY, "XVM_RUN on /dev/xvm");
	check_err(sys, XVM_CREATE_VCPU, 0, ENOTTY,
		  "XVM_CREATE_VCPU on /dev/xvm");
}

static void test_cpuid(int sys)
{
	struct xvm_cpuid_entry *e = calloc(caps.max_cpuid_entries + 1,
					   sizeof(*e));
	struct xvm_cpuid c = { .nent = caps.max_cpuid_entries,
			       .entries = (uintptr_t)e };
	unsigned int i, n;
	bool ok = true;
	int ret;

	ret = ioctl(sys, XVM_GET_SUPPORTED_CPUID, &c);
	check_ok(ret, "XVM_GET_SUPPORTED_CPUID");
	n = ret > 0 ? (unsigned int)ret : c.nent;
	check(n >= 2, "supported CPUID has %u entries", n);
	for (i = 0; i < n && i < caps.max_cpuid_entries; i++)
		ok &= !e[i].reserved[0] && !e[i].reserved[1] &&
		      !e[i].reserved[2];
	check(ok, "supported CPUID entries have reserved fields zero");
	if (n >= 2) {
		c.nent = 1;
		errno = 0;
		ret = ioctl(sys, XVM_GET_SUPPORTED_CPUID, &c);
		check(ret == -1 && errno == E2BIG && c.nent == n,
		      "XVM_GET_SUPPORTED_CPUID with nent 1 -> E2BIG, nent %u "
		      "(got %d, nent %u)", n, ret, c.nent);
	}
	c.nent = caps.max_cpuid_entries;
	c.entries = (uintptr_t)bad_ptr;
	check_err(sys, XVM_GET_SUPPORTED_CPUID, (unsigned long)&c, EFAULT,
		  "XVM_GET_SUPPORTED_CPUID to a bad entries pointer");
	c.entries = (uintptr_t)e;
	c.reserved = 1;
	check_err(sys, XVM_GET_SUPPORTED_CPUID, (unsigned long)&c, EINVAL,
		  "XVM_GET_SUPPORTED_CPUID with reserved set");
	free(e);
}

/* Every order of closing /dev/xvm, VM and vCPU fds. */
static void test_lifetimes(void)
{
	struct xvm_regs regs;
	int sys, vm, v0, v1, ret;

	sys = open_dev();
	vm = ioctl(sys, XVM_CREATE_VM, 0);
	check_ok(vm, "XVM_CREATE_VM");
	close(sys);
	v0 = ioctl(vm, XVM_CREATE_VCPU, 0);
	check_ok(v0, "XVM_CREATE_VCPU after /dev/xvm was closed");
	close(v0);
	close(vm);
	check(true, "closed /dev/xvm, vCPU, VM in that order");

	sys = open_dev();
	vm = ioctl(sys, XVM_CREATE_VM, 0);
	v0 = ioctl(vm, XVM_CREATE_VCPU, 0);
	v1 = ioctl(vm, XVM_CREATE_VCPU, 1 % caps.max_vcpus);
	close(vm);
	close(sys);
	ret = ioctl(v0, XVM_GET_REGS, &regs);
	check_ok(ret, "XVM_GET_REGS on a vCPU whose VM fd is closed");
	close(v0);
	if (v1 >= 0)
		close(v1);
	check(true, "closed VM, /dev/xvm, vCPUs in that order");

	sys = open_dev();
	vm = ioctl(sys, XVM_CREATE_VM, 0);
	v0 = ioctl(vm, XVM_CREATE_VCPU, 0);
	close(v0);
	v0 = ioctl(vm, XVM_CREATE_VCPU, caps.max_vcpus - 1);
	check_ok(v0, "XVM_CREATE_VCPU with the last id");
	close(sys);
	close(vm);
	close(v0);

	/* Many VMs at once. */
	{
		int vms[8], i, ok = 0;

		sys = open_dev();
		for (i = 0; i < 8; i++) {
			vms[i] = ioctl(sys, XVM_CREATE_VM, 0);
			ok += vms[i] >= 0;
		}
		for (i = 0; i < 8; i += 2)
			close(vms[i]);
		for (i = 1; i < 8; i += 2)
			close(vms[i]);
		close(sys);
		check(ok == 8, "8 VMs at once (%d created)", ok);
	}
}

static void test_vm(int sys)
{
	struct xvm_memory_region r;
	uint8_t *mem;
	int vm, v0, v, ret;

	vm = ioctl(sys, XVM_CREATE_VM, 0);
	check_ok(vm, "XVM_CREATE_VM for VM checks");
	if (vm < 0)
		return;
	v0 = ioctl(vm, XVM_CREATE_VCPU, 0);
	check_ok(v0, "XVM_CREATE_VCPU 0");
	check_err(vm, XVM_CREATE_VCPU, 0, EEXIST, "XVM_CREATE_VCPU 0 again");
	check_err(vm, XVM_CREATE_VCPU, caps.max_vcpus, EINVAL,
		  "XVM_CREATE_VCPU id max_vcpus");
	check_err(vm, XVM_CREATE_VCPU, 1UL << 32, EINVAL,
		  "XVM_CREATE_VCPU id 1 << 32");
	check_err(vm, _IO(XVMIO, 0x1f), 0, ENOTTY, "unknown ioctl on a VM");
	check_err(vm, XVM_RUN, 0, ENOTTY, "XVM_RUN on a VM");
	check_err(vm, XVM_GET_API_VERSION, 0, ENOTTY,
		  "XVM_GET_API_VERSION on a VM");

	mem = mmap(NULL, 4 << 20, PROT_READ | PROT_WRITE,
		   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	memset(&r, 0, sizeof(r));
	r.slot = 0;
	r.guest_phys_addr = 0;
	r.size = 1 << 20;
	r.userspace_addr = (uintptr_t)mem;
	ret = ioctl(vm, XVM_SET_MEMORY_REGION, &r);
	check_ok(ret, "XVM_SET_MEMORY_REGION slot 0, 1 MiB at 0");

	r.slot = 1;
	r.guest_phys_addr = 0x100001;
	check_err(vm, XVM_SET_MEMORY_REGION, (unsigned long)&r, EINVAL,
		  "memory region at an unaligned guest address");
	r.guest_phys_addr = 0x100000;
	r.size = 0x1001;
	check_err(vm, XVM_SET_MEMORY_REGION, (unsigned long)&r, EINVAL,
		  "memory region of unaligned size");
	r.size = 0x1000;
	r.userspace_addr = (uintptr_t)mem + (1 << 20) + 8;
	check_err(vm, XVM_SET_MEMORY_REGION, (unsigned long)&r, EINVAL,
		  "memory region at an unaligned user address");
	r.userspace_addr = (uintptr_t)mem + (1 << 20);
	r.reserved[1] = 1;
	check_err(vm, XVM_SET_MEMORY_REGION, (unsigned long)&r, EINVAL,
		  "memory region with reserved set");
	r.reserved[1] = 0;
	r.flags = 0x80;
	check_err(vm, XVM_SET_MEMORY_REGION, (unsigned long)&r, EINVAL,
		  "memory region with an unknown flag");
	r.flags = 0;
	r.slot = caps.max_mem_slots;
	check_err(vm, XVM_SET_MEMORY_REGION, (unsigned long)&r, EINVAL,
		  "memory region slot max_mem_slots");
	r.slot = 1;
	r.guest_phys_addr = 0xff000;
	check_err(vm, XVM_SET_MEMORY_REGION, (unsigned long)&r, EEXIST,
		  "memory region overlapping slot 0");
	r.guest_phys_addr = 0x100000;
	r.size = 1 << 20;
	ret = ioctl(vm, XVM_SET_MEMORY_REGION, &r);
	check_ok(ret, "memory region slot 1 right after slot 0");
	r.size = 0;
	ret = ioctl(vm, XVM_SET_MEMORY_REGION, &r);
	check_ok(ret, "memory region slot 1 deleted (size 0)");
	r.slot = 0;
	r.size = 2 << 20;
	ret = ioctl(vm, XVM_SET_MEMORY_REGION, &r);
	check_ok(ret, "memory region slot 0 resized to 2 MiB");
	check_err(vm, XVM_SET_MEMORY_REGION, (unsigned long)bad_ptr, EFAULT,
		  "XVM_SET_MEMORY_REGION from a bad pointer");

	/* A second VM may use the same guest physical range. */
	v = ioctl(sys, XVM_CREATE_VM, 0);
	r.slot = 0;
	r.guest_phys_addr = 0;
	r.size = 1 << 20;
	ret = v < 0 ? -1 : ioctl(v, XVM_SET_MEMORY_REGION, &r);
	check_ok(ret, "a second VM maps the same memory at the same address");
	if (v >= 0)
		close(v);

	close(v0);
	close(vm);
	munmap(mem, 4 << 20);
}

static void test_vcpu(int sys)
{
	struct xvm_regs regs, regs2;
	struct xvm_sregs sregs, sregs2;
	struct xvm_debugregs dr;
	struct xvm_event ev;
	struct xvm_msr_entry me;
	struct xvm_msrs msrs;
	struct xvm_cpuid cpuid;
	struct xvm_fpu *fpu;
	void *run;
	int vm, v, ret;
	bool same;

	vm = ioctl(sys, XVM_CREATE_VM, 0);
	v = ioctl(vm, XVM_CREATE_VCPU, 0);
	check_ok(v, "XVM_CREATE_VCPU for vCPU checks");
	if (v < 0)
		return;
	check_err(v, _IO(XVMIO, 0x3f), 0, ENOTTY, "unknown ioctl on a vCPU");
	check_err(v, XVM_CREATE_VM, 0, ENOTTY, "XVM_CREATE_VM on a vCPU");
	check_err(v, XVM_CREATE_VCPU, 1, ENOTTY, "XVM_CREATE_VCPU on a vCPU");

	run = mmap(NULL, caps.run_size, PROT_READ | PROT_WRITE, MAP_SHARED,
		   v, 0);
	check(run != MAP_FAILED, "mmap of run_size bytes of the vCPU");
	if (run != MAP_FAILED) {
		struct xvm_run *r = run;

		check(r->exit_reason == XVM_EXIT_NONE,
		      "run page exit_reason NONE before any run (got %u)",
		      r->exit_reason);
		munmap(run, caps.run_size);
	}
	run = mmap(NULL, caps.run_size + 4096, PROT_READ | PROT_WRITE,
		   MAP_SHARED, v, 0);
	check(run == MAP_FAILED, "mmap larger than run_size fails");
	if (run != MAP_FAILED)
		munmap(run, caps.run_size + 4096);
	run = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED, v, 4096);
	check(run == MAP_FAILED, "mmap at offset 4096 fails");
	if (run != MAP_FAILED)
		munmap(run, 4096);

	/* Registers: what is set is what is read. */
	memset(&regs, 0, sizeof(regs));
	regs.rax = 0x1111111111111111ULL;
	regs.rbx = 0x2222222222222222ULL;
	regs.rcx = 3;
	regs.rdx = 4;
	regs.rsi = 5;
	regs.rdi = 6;
	regs.rsp = 0x8000;
	regs.rbp = 0x7000;
	regs.r8 = 8;
	regs.r15 = 0xf0f0f0f0f0f0f0f0ULL;
	regs.rip = 0x123456;
	regs.rflags = 0x202;
	ret = ioctl(v, XVM_SET_REGS, &regs);
	check_ok(ret, "XVM_SET_REGS");
	memset(&regs2, 0xcc, sizeof(regs2));
	ret = ioctl(v, XVM_GET_REGS, &regs2);
	check(ret == 0 && !memcmp(&regs, &regs2, sizeof(regs)),
	      "XVM_GET_REGS returns what XVM_SET_REGS set");
	regs.rflags = 0;
	ioctl(v, XVM_SET_REGS, &regs);
	ioctl(v, XVM_GET_REGS, &regs2);
	check(regs2.rflags == 2, "rflags bit 1 reads as one (got 0x%llx)",
	      (unsigned long long)regs2.rflags);
	check_err(v, XVM_SET_REGS, (unsigned long)bad_ptr, EFAULT,
		  "XVM_SET_REGS from a bad pointer");
	check_err(v, XVM_GET_REGS, (unsigned long)bad_ptr, EFAULT,
		  "XVM_GET_REGS to a bad pointer");

	/* Segment registers: long mode, then real mode, round trip. */
	xvm_mode_state(XVM_MODE_LONG64, 0x100000, 0x10000, 0, 1, &regs,
		       &sregs);
	ret = ioctl(v, XVM_SET_SREGS, &sregs);
	check_ok(ret, "XVM_SET_SREGS long mode");
	memset(&sregs2, 0, sizeof(sregs2));
	ret = ioctl(v, XVM_GET_SREGS, &sregs2);
	same = ret == 0 && sregs2.cr0 == sregs.cr0 &&
	       sregs2.cr3 == sregs.cr3 && sregs2.cr4 == sregs.cr4 &&
	       sregs2.efer == sregs.efer &&
	       sregs2.cs.selector == sregs.cs.selector &&
	       sregs2.cs.l == 1 && sregs2.cs.db == 0 &&
	       sregs2.cs.present == 1 && sregs2.cs.base == 0 &&
	       sregs2.ss.selector == sregs.ss.selector &&
	       sregs2.tr.selector == sregs.tr.selector &&
	       sregs2.tr.base == sregs.tr.base &&
	       sregs2.gdt.base == sregs.gdt.base &&
	       sregs2.gdt.limit == sregs.gdt.limit &&
	       sregs2.idt.base == sregs.idt.base &&
	       sregs2.idt.limit == sregs.idt.limit;
	check(same, "XVM_GET_SREGS returns the long-mode state set "
	      "(cr0 0x%llx cr4 0x%llx efer 0x%llx cs 0x%x l %u)",
	      (unsigned long long)sregs2.cr0, (unsigned long long)sregs2.cr4,
	      (unsigned long long)sregs2.efer, sregs2.cs.selector,
	      sregs2.cs.l);
	xvm_mode_state(XVM_MODE_REAL, 0x10000, 0x10000, 0, 1, &regs, &sregs);
	ret = ioctl(v, XVM_SET_SREGS, &sregs);
	check_ok(ret, "XVM_SET_SREGS real mode");
	ret = ioctl(v, XVM_GET_SREGS, &sregs2);
	check(ret == 0 && sregs2.cs.selector == 0x1000 &&
	      sregs2.cs.base == 0x10000 && sregs2.cs.limit == 0xffff &&
	      sregs2.ds.base == 0x10000 && !(sregs2.cr0 & 1) &&
	      !(sregs2.efer & XVM_EFER_LMA),
	      "XVM_GET_SREGS returns the real-mode state set");
	sregs.reserved[0] = 1;
	check_err(v, XVM_SET_SREGS, (unsigned long)&sregs, EINVAL,
		  "XVM_SET_SREGS with reserved set");
	sregs.reserved[0] = 0;
	sregs.ds.reserved[0] = 1;
	check_err(v, XVM_SET_SREGS, (unsigned long)&sregs, EINVAL,
		  "XVM_SET_SREGS with a segment's reserved set");
	sregs.ds.reserved[0] = 0;
	sregs.idt.reserved[0] = 1;
	check_err(v, XVM_SET_SREGS, (unsigned long)&sregs, EINVAL,
		  "XVM_SET_SREGS with the IDT's reserved set");
	sregs.idt.reserved[0] = 0;
	sregs.cr4 |= 1 << 13;	/* VMXE */
	check_err(v, XVM_SET_SREGS, (unsigned long)&sregs, EINVAL,
		  "XVM_SET_SREGS with CR4.VMXE");
	sregs.cr4 &= ~(1ULL << 13);
	sregs.efer |= 1 << 12;	/* SVME */
	check_err(v, XVM_SET_SREGS, (unsigned long)&sregs, EINVAL,
		  "XVM_SET_SREGS with EFER.SVME");
	check_err(v, XVM_SET_SREGS, (unsigned long)bad_ptr, EFAULT,
		  "XVM_SET_SREGS from a bad pointer");
	check_err(v, XVM_GET_SREGS, (unsigned long)bad_ptr, EFAULT,
		  "XVM_GET_SREGS to a bad pointer");

	/* Debug registers, FPU, MSRs, CPUID, events: reserved fields. */
	memset(&dr, 0, sizeof(dr));
	ret = ioctl(v, XVM_GET_DEBUGREGS, &dr);
	check_ok(ret, "XVM_GET_DEBUGREGS");
	dr.reserved[0] = 1;
	check_err(v, XVM_SET_DEBUGREGS, (unsigned long)&dr, EINVAL,
		  "XVM_SET_DEBUGREGS with reserved set");

	fpu = calloc(1, sizeof(*fpu));
	ret = ioctl(v, XVM_GET_FPU, fpu);
	check_ok(ret, "XVM_GET_FPU");
	check(fpu->xcr0 & 1, "XVM_GET_FPU xcr0 has x87 (0x%llx)",
	      (unsigned long long)fpu->xcr0);
	fpu->reserved[3] = 1;
	check_err(v, XVM_SET_FPU, (unsigned long)fpu, EINVAL,
		  "XVM_SET_FPU with reserved set");
	free(fpu);

	memset(&me, 0, sizeof(me));
	me.index = 0xc0000081;	/* STAR */
	me.data = 0x0023001000000000ULL;
	msrs.nmsrs = 1;
	msrs.reserved = 0;
	msrs.entries = (uintptr_t)&me;
	ret = ioctl(v, XVM_SET_MSRS, &msrs);
	check(ret == 1, "XVM_SET_MSRS of STAR processes 1 entry (got %d)",
	      ret);
	me.data = 0;
	ret = ioctl(v, XVM_GET_MSRS, &msrs);
	check(ret == 1 && me.data == 0x0023001000000000ULL,
	      "XVM_GET_MSRS of STAR reads back (got %d, 0x%llx)", ret,
	      (unsigned long long)me.data);
	me.index = 0xdeadbeef;
	ret = ioctl(v, XVM_GET_MSRS, &msrs);
	check(ret == 0, "XVM_GET_MSRS of MSR 0xdeadbeef processes 0 (got %d)",
	      ret);
	me.index = 0xc0000081;
	me.reserved = 1;
	check_err(v, XVM_GET_MSRS, (unsigned long)&msrs, EINVAL,
		  "XVM_GET_MSRS entry with reserved set");
	me.reserved = 0;
	msrs.reserved = 1;
	check_err(v, XVM_GET_MSRS, (unsigned long)&msrs, EINVAL,
		  "XVM_GET_MSRS with reserved set");
	msrs.reserved = 0;
	msrs.nmsrs = caps.max_msrs + 1;
	check_err(v, XVM_GET_MSRS, (unsigned long)&msrs, EINVAL,
		  "XVM_GET_MSRS of max_msrs + 1 entries");
	msrs.nmsrs = 1;
	msrs.entries = (uintptr_t)bad_ptr;
	check_err(v, XVM_GET_MSRS, (unsigned long)&msrs, EFAULT,
		  "XVM_GET_MSRS with a bad entries pointer");

	{
		struct xvm_cpuid_entry e = { .function = 0 };

		cpuid.nent = 1;
		cpuid.reserved = 0;
		cpuid.entries = (uintptr_t)&e;
		ret = ioctl(v, XVM_SET_CPUID, &cpuid);
		check_ok(ret, "XVM_SET_CPUID of one leaf");
		e.reserved[2] = 1;
		check_err(v, XVM_SET_CPUID, (unsigned long)&cpuid, EINVAL,
			  "XVM_SET_CPUID entry with reserved set");
		e.reserved[2] = 0;
		cpuid.nent = caps.max_cpuid_entries + 1;
		check_err(v, XVM_SET_CPUID, (unsigned long)&cpuid, EINVAL,
			  "XVM_SET_CPUID of max_cpuid_entries + 1");
		cpuid.nent = 1;
		cpuid.entries = (uintptr_t)bad_ptr;
		check_err(v, XVM_SET_CPUID, (unsigned long)&cpuid, EFAULT,
			  "XVM_SET_CPUID with a bad entries pointer");
	}

	memset(&ev, 0, sizeof(ev));
	ev.type = XVM_EVENT_INTERRUPT;
	ev.vector = 0x20;
	ev.reserved[1] = 1;
	check_err(v, XVM_INJECT_EVENT, (unsigned long)&ev, EINVAL,
		  "XVM_INJECT_EVENT with reserved set");
	ev.reserved[1] = 0;
	ev.type = 7;
	check_err(v, XVM_INJECT_EVENT, (unsigned long)&ev, EINVAL,
		  "XVM_INJECT_EVENT of an unknown type");
	ev.type = XVM_EVENT_EXCEPTION;
	ev.vector = 32;
	check_err(v, XVM_INJECT_EVENT, (unsigned long)&ev, EINVAL,
		  "XVM_INJECT_EVENT of exception vector 32");
	ev.type = XVM_EVENT_INTERRUPT;
	ev.vector = 0x20;
	ret = ioctl(v, XVM_INJECT_EVENT, &ev);
	check_ok(ret, "XVM_INJECT_EVENT of interrupt 0x20");
	check_err(v, XVM_INJECT_EVENT, (unsigned long)&ev, EBUSY,
		  "XVM_INJECT_EVENT of a second interrupt while one is held");
	check_err(v, XVM_INJECT_EVENT, (unsigned long)bad_ptr, EFAULT,
		  "XVM_INJECT_EVENT from a bad pointer");
	ret = ioctl(v, XVM_KICK, 0);
	check_ok(ret, "XVM_KICK of a vCPU that is not running");

	close(v);
	close(vm);
}

static void *kicker(void *arg)
{
	int fd = *(int *)arg;

	usleep(200 * 1000);
	ioctl(fd, XVM_KICK, 0);
	return NULL;
}

/* The guest is spinning at 0100:000e; @vec must reach the IVT handler. */
static void run_event(int v, struct xvm_run *run, const struct xvm_event *ev,
		      uint16_t port, const char *what)
{
	struct xvm_regs regs;
	int ret;

	ret = ioctl(v, XVM_INJECT_EVENT, ev);
	check(ret == 0, "inject %s", what);
	ret = ioctl(v, XVM_RUN, 0);
	check(ret == 0 && run->exit_reason == XVM_EXIT_IO &&
	      run->io.port == port,
	      "%s delivered through the IVT (exit %u port 0x%x)", what,
	      run->exit_reason, run->io.port);
	/* Back to the spin loop for the next one. */
	ioctl(v, XVM_GET_REGS, &regs);
	regs.rip = 0xe;
	regs.rsp = 0xfff0;
	ioctl(v, XVM_SET_REGS, &regs);
}

/*
 * XVM_INJECT_EVENT: an exception (#UD), an NMI and an external interrupt
 * reach the real-mode handlers that the IVT names; each handler reports
 * itself with an OUT. A held interrupt waits for IF.
 */
static void test_run_events(int v, struct xvm_run *run, uint8_t *mem)
{
	static const uint8_t handler[] = { 0xe6, 0x00, 0xf4 }; /* out; hlt */
	struct xvm_event ev = { 0 };
	struct xvm_regs regs;
	pthread_t thr;
	unsigned int i;
	int ret;

	/* Handlers at 0100:0020 + 0x10 * i report on port 0x90 + i. */
	for (i = 0; i < 3; i++) {
		memcpy(mem + 0x1020 + 0x10 * i, handler, sizeof(handler));
		mem[0x1020 + 0x10 * i + 1] = 0x90 + i;
	}
	/* IVT entries: offset, then segment. */
	mem[6 * 4] = 0x20;
	mem[6 * 4 + 2] = 0x00;
	mem[6 * 4 + 3] = 0x01;
	mem[2 * 4] = 0x30;
	mem[2 * 4 + 3] = 0x01;
	mem[0x20 * 4] = 0x40;
	mem[0x20 * 4 + 3] = 0x01;

	ev.type = XVM_EVENT_EXCEPTION;
	ev.vector = 6;
	run_event(v, run, &ev, 0x90, "exception #UD");
	ev.type = XVM_EVENT_NMI;
	ev.vector = 2;
	run_event(v, run, &ev, 0x91, "NMI");

	/* IF clear: the interrupt is held and the guest spins on. */
	ev.type = XVM_EVENT_INTERRUPT;
	ev.vector = 0x20;
	ret = ioctl(v, XVM_INJECT_EVENT, &ev);
	pthread_create(&thr, NULL, kicker, &v);
	ret |= ioctl(v, XVM_RUN, 0);
	pthread_join(thr, NULL);
	check(ret == 0 && run->exit_reason == XVM_EXIT_INTR,
	      "interrupt held while IF is clear (exit %u)", run->exit_reason);
	ioctl(v, XVM_GET_REGS, &regs);
	regs.rflags |= 0x200;
	ioctl(v, XVM_SET_REGS, &regs);
	ret = ioctl(v, XVM_RUN, 0);
	check(ret == 0 && run->exit_reason == XVM_EXIT_IO &&
	      run->io.port == 0x92,
	      "held interrupt delivered once IF is set (exit %u port 0x%x)",
	      run->exit_reason, run->io.port);
}

/*
 * XVM_RUN on a tiny real-mode guest at 0x1000 (CS = DS = 0x100): port
 * I/O both ways, an MMIO read past the only slot, HLT, immediate_exit,
 * and XVM_KICK from another thread while the guest spins.
 */
static void test_run(int sys)
{
	static const uint8_t code[] = {
		0xb0, 0x42,		/* 0: mov $0x42, %al */
		0xe6, 0x80,		/* 2: out %al, $0x80 */
		0xe4, 0x81,		/* 4: in $0x81, %al */
		0xe6, 0x82,		/* 6: out %al, $0x82 */
		0xa0, 0x00, 0xf0,	/* 8: mov 0xf000, %al (MMIO) */
		0xe6, 0x83,		/* b: out %al, $0x83 */
		0xf4,			/* d: hlt */
		0xeb, 0xfe,		/* e: jmp . */
	};
	struct xvm_memory_region r = { 0 };
	struct xvm_regs regs;
	struct xvm_sregs sregs;
	struct xvm_run *run;
	pthread_t thr;
	uint8_t *mem;
	int vm, v, ret;

	vm = ioctl(sys, XVM_CREATE_VM, 0);
	v = vm < 0 ? -1 : ioctl(vm, XVM_CREATE_VCPU, 0);
	mem = mmap(NULL, 0x10000, PROT_READ | PROT_WRITE,
		   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	run = mmap(NULL, caps.run_size, PROT_READ | PROT_WRITE, MAP_SHARED,
		   v, 0);
	check(v >= 0 && run != MAP_FAILED, "run: VM, vCPU and run page");
	if (v < 0 || run == MAP_FAILED)
		return;
	memcpy(mem + 0x1000, code, sizeof(code));
	r.size = 0x10000;
	r.userspace_addr = (uintptr_t)mem;
	ret = ioctl(vm, XVM_SET_MEMORY_REGION, &r);
	xvm_mode_state(XVM_MODE_REAL, 0x1000, 0x1000, 0, 1, &regs, &sregs);
	ret |= ioctl(v, XVM_SET_SREGS, &sregs);
	ret |= ioctl(v, XVM_SET_REGS, &regs);
	check(ret == 0, "run: 64 KiB slot, real mode at 0100:0000");

	ret = ioctl(v, XVM_RUN, 0);
	check(ret == 0 && run->exit_reason == XVM_EXIT_IO &&
	      run->io.direction == XVM_EXIT_IO_OUT && run->io.port == 0x80 &&
	      run->io.size == 1 && run->io.data == 0x42 && run->rip == 2,
	      "run: OUT exit, port 0x80, data 0x42, rip 2 (got %d, exit %u, "
	      "port 0x%x, data 0x%x, rip 0x%llx)", ret, run->exit_reason,
	      run->io.port, run->io.data, (unsigned long long)run->rip);
	ret = ioctl(v, XVM_RUN, 0);
	check(ret == 0 && run->exit_reason == XVM_EXIT_IO &&
	      run->io.direction == XVM_EXIT_IO_IN && run->io.port == 0x81,
	      "run: IN exit, port 0x81");
	run->io.data = 0x5a;
	ret = ioctl(v, XVM_RUN, 0);
	check(ret == 0 && run->exit_reason == XVM_EXIT_IO &&
	      run->io.port == 0x82 && run->io.data == 0x5a,
	      "run: the IN got the VMM's 0x5a (out 0x%x)", run->io.data);
	ret = ioctl(v, XVM_RUN, 0);
	check(ret == 0 && run->exit_reason == XVM_EXIT_MMIO &&
	      run->mmio.phys_addr == 0x10000 && run->mmio.len == 1 &&
	      !run->mmio.is_write && run->mmio.decoded,
	      "run: MMIO read exit at 0x10000, 1 byte, decoded (exit %u "
	      "addr 0x%llx len %u)", run->exit_reason,
	      (unsigned long long)run->mmio.phys_addr, run->mmio.len);
	run->mmio.data[0] = 0x77;
	ret = ioctl(v, XVM_RUN, 0);
	check(ret == 0 && run->exit_reason == XVM_EXIT_IO &&
	      run->io.port == 0x83 && run->io.data == 0x77,
	      "run: the MMIO read got the VMM's 0x77 (out 0x%x)",
	      run->io.data);
	ret = ioctl(v, XVM_RUN, 0);
	check(ret == 0 && run->exit_reason == XVM_EXIT_HLT && run->rip == 0xe,
	      "run: HLT exit, rip past the HLT (exit %u rip 0x%llx)",
	      run->exit_reason, (unsigned long long)run->rip);

	run->immediate_exit = 1;
	errno = 0;
	ret = ioctl(v, XVM_RUN, 0);
	check(ret == -1 && errno == EINTR &&
	      run->exit_reason == XVM_EXIT_INTR,
	      "run: immediate_exit -> EINTR, exit INTR");
	run->immediate_exit = 0;

	pthread_create(&thr, NULL, kicker, &v);
	ret = ioctl(v, XVM_RUN, 0);
	pthread_join(thr, NULL);
	check((ret == 0 || errno == EINTR) &&
	      run->exit_reason == XVM_EXIT_INTR && run->rip == 0xe,
	      "run: XVM_KICK from another thread ends a spinning guest "
	      "(exit %u rip 0x%llx)", run->exit_reason,
	      (unsigned long long)run->rip);
	ret = ioctl(v, XVM_GET_REGS, &regs);
	check(ret == 0 && regs.rip == 0xe, "run: GET_REGS rip 0xe");
	test_run_events(v, run, mem);

	munmap(run, caps.run_size);
	close(v);
	close(vm);
	munmap(mem, 0x10000);
}

int main(void)
{
	int sys;

	setvbuf(stdout, NULL, _IOLBF, 0);
	bad_ptr = mmap(NULL, 4096, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS,
		       -1, 0);
	sys = open_dev();
	test_system(sys);
	test_cpuid(sys);
	test_lifetimes();
	test_vm(sys);
	test_vcpu(sys);
	test_run(sys);
	close(sys);
	printf("%d passed, %d failed\n", passed, failed);
	return failed ? 1 : 0;
}
