// SPDX-License-Identifier: GPL-2.0
/*
 * xvm-run --kvm: the same VMM on the kernel's own KVM (/dev/kvm), to
 * compare xvm with it on the same guest and devices (make bench).
 *
 * - No in-kernel irqchip (no KVM_CREATE_IRQCHIP): the PIC, PIT and the
 *   rest stay in xvm-run (pc.c), as with xvm; an interrupt goes in with
 *   KVM_INTERRUPT when KVM says the guest is ready for one, otherwise the
 *   loop asks for the window, as with xvm.
 * - Each vCPU keeps a &struct xvm_run of its own (v->run, what the loop
 *   reads), filled from &struct kvm_run after each KVM_RUN; the data of an
 *   IN or an MMIO read is copied back before the next. A string I/O exit
 *   (count > 1) is handed to the loop one element at a time, as xvm does.
 * - CPUID: KVM's supported table cut down to xvm's allow-list (mirrored
 *   from module/cpuid.c), so that the guest sees the same machine: no
 *   APIC (its base MSR is disabled too), x2APIC or TSC deadline timer, no
 *   AVX-512, no KVM paravirtual leaves (0x40000000 on: no kvmclock).
 * - MSRs are KVM's (it emulates the MTRRs itself): no MSR exits.
 * - Kick: immediate_exit in the kvm_run page, and SIGUSR1 (an empty
 *   handler) to the vCPU's thread to end a KVM_RUN under way.
 * - RIP is read (KVM_GET_REGS) only at the exits that end the VM, so that
 *   KVM's exits cost no more ioctls than xvm's; elsewhere run->rip is 0.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <unistd.h>
#include <linux/kvm.h>

#include "hv.h"
#include "vmm.h"

/* KVM_SET_TSS_ADDR (VMX): three pages below the BIOS, as QEMU puts them. */
#define KVM_TSS_ADDR	0xfffbd000ULL
#define KVM_MAX_CPUID	256
#define KICK_SIGNAL	SIGUSR1

enum kvm_pending { PEND_NONE, PEND_IO, PEND_MMIO_READ };

/**
 * struct kvm_vcpu_state - what kvm.c keeps per vCPU (v->hv_priv).
 * @run: the xvm_run the loop sees (v->run points here).
 * @kr: KVM's run page.
 * @pending: an exit whose data goes back to @kr before the next KVM_RUN.
 * @io_elem: the element of a string I/O exit the loop has now.
 * @injected: KVM_INTERRUPT done since the last KVM_RUN.
 * @tid: the vCPU's thread, once @have_tid.
 */
struct kvm_vcpu_state {
	struct xvm_run run;
	struct kvm_run *kr;
	enum kvm_pending pending;
	unsigned int io_elem;
	bool injected;
	pthread_t tid;
	atomic_bool have_tid;
};

static int kvm_mmap_size;

static void kick_handler(int sig)
{
	(void)sig;	/* only there to make KVM_RUN return -EINTR */
}

static int kvm_open(struct xvm_vm *vm)
{
	struct sigaction sa = { .sa_handler = kick_handler,
				.sa_flags = SA_RESTART };
	int n;

	vm->sysfd = open("/dev/kvm", O_RDWR | O_CLOEXEC);
	if (vm->sysfd < 0) {
		perror("xvm-run: /dev/kvm");
		return -1;
	}
	if (ioctl(vm->sysfd, KVM_GET_API_VERSION, 0) != KVM_API_VERSION ||
	    ioctl(vm->sysfd, KVM_CHECK_EXTENSION, KVM_CAP_IMMEDIATE_EXIT) <= 0) {
		fprintf(stderr, "xvm-run: /dev/kvm: not API %d with "
			"KVM_CAP_IMMEDIATE_EXIT\n", KVM_API_VERSION);
		return -1;
	}
	kvm_mmap_size = ioctl(vm->sysfd, KVM_GET_VCPU_MMAP_SIZE, 0);
	if (kvm_mmap_size < (int)sizeof(struct kvm_run)) {
		perror("xvm-run: KVM_GET_VCPU_MMAP_SIZE");
		return -1;
	}
	n = ioctl(vm->sysfd, KVM_CHECK_EXTENSION, KVM_CAP_MAX_VCPUS);
	if (n <= 0)
		n = ioctl(vm->sysfd, KVM_CHECK_EXTENSION, KVM_CAP_NR_VCPUS);
	if (n <= 0)
		n = 1;
	vm->caps.max_vcpus = n > XVM_MAX_CPUS ? XVM_MAX_CPUS : n;
	vm->caps.max_cpuid_entries = KVM_MAX_CPUID;
	vm->caps.run_size = sizeof(struct xvm_run);
	vm->vmfd = ioctl(vm->sysfd, KVM_CREATE_VM, 0);
	if (vm->vmfd < 0) {
		perror("xvm-run: KVM_CREATE_VM");
		return -1;
	}
	/* VMX needs it for real mode without unrestricted guest; SVM: no-op. */
	if (vm->mem_size <= KVM_TSS_ADDR &&
	    ioctl(vm->vmfd, KVM_SET_TSS_ADDR, (unsigned long)KVM_TSS_ADDR)) {
		perror("xvm-run: KVM_SET_TSS_ADDR");
		return -1;
	}
	if (sigaction(KICK_SIGNAL, &sa, NULL)) {
		perror("xvm-run: sigaction");
		return -1;
	}
	return 0;
}

static int kvm_set_memory(struct xvm_vm *vm)
{
	struct kvm_userspace_memory_region r = {
		.slot = 0,
		.guest_phys_addr = 0,
		.memory_size = vm->mem_size,
		.userspace_addr = (uintptr_t)vm->mem,
	};

	return ioctl(vm->vmfd, KVM_SET_USER_MEMORY_REGION, &r) ? -1 : 0;
}

/* ----------------------------------------------------------------- CPUID */

#define BIT(n)	(1U << (n))
#define ALL	0xffffffffU

/* module/cpuid.c's allow-list: leaf, subleaf, the bits passed through. */
static const struct {
	uint32_t function, index;
	bool indexed;
	uint32_t eax, ebx, ecx, edx;
} xvm_masks[] = {
	{ 0x0, 0, false, ALL, ALL, ALL, ALL },
	{ 0x1, 0, false, ALL, 0x0000ffff,
	  BIT(0) | BIT(1) | BIT(9) | BIT(12) | BIT(13) | BIT(19) | BIT(20) |
	  BIT(22) | BIT(23) | BIT(25) | BIT(26) | BIT(28) | BIT(29) |
	  BIT(30) | BIT(31),
	  BIT(0) | BIT(1) | BIT(2) | BIT(3) | BIT(4) | BIT(5) | BIT(6) |
	  BIT(7) | BIT(8) | BIT(11) | BIT(12) | BIT(13) | BIT(14) | BIT(15) |
	  BIT(16) | BIT(17) | BIT(19) | BIT(23) | BIT(24) | BIT(25) |
	  BIT(26) },
	{ 0x7, 0, true, 0,
	  BIT(0) | BIT(3) | BIT(5) | BIT(7) | BIT(8) | BIT(9) | BIT(10) |
	  BIT(18) | BIT(19) | BIT(20) | BIT(23) | BIT(24) | BIT(29),
	  BIT(2) | BIT(8) | BIT(9) | BIT(10), BIT(4) },
	{ 0xd, 0, true, BIT(0) | BIT(1) | BIT(2), ALL, ALL, 0 },
	{ 0xd, 1, true, BIT(0) | BIT(1) | BIT(2), 0, 0, 0 },
	{ 0xd, 2, true, ALL, ALL, ALL, ALL },
	{ 0x80000000, 0, false, ALL, ALL, ALL, ALL },
	{ 0x80000001, 0, false, ALL, 0,
	  BIT(0) | BIT(5) | BIT(6) | BIT(7) | BIT(8),
	  BIT(11) | BIT(20) | BIT(22) | BIT(25) | BIT(26) | BIT(29) },
	{ 0x80000002, 0, false, ALL, ALL, ALL, ALL },
	{ 0x80000003, 0, false, ALL, ALL, ALL, ALL },
	{ 0x80000004, 0, false, ALL, ALL, ALL, ALL },
	{ 0x80000008, 0, false, 0x0000ffff, 0, 0, 0 },
};

/* Cut a KVM entry down to xvm's; false: xvm gives no such leaf. */
static bool xvm_filter(const struct kvm_cpuid_entry2 *k,
		       struct xvm_cpuid_entry *e)
{
	unsigned int i;

	for (i = 0; i < sizeof(xvm_masks) / sizeof(xvm_masks[0]); i++)
		if (xvm_masks[i].function == k->function &&
		    (!xvm_masks[i].indexed || xvm_masks[i].index == k->index))
			break;
	if (i == sizeof(xvm_masks) / sizeof(xvm_masks[0]))
		return false;
	memset(e, 0, sizeof(*e));
	e->function = k->function;
	e->index = xvm_masks[i].indexed ? k->index : 0;
	e->flags = xvm_masks[i].indexed ? XVM_CPUID_INDEXED : 0;
	e->eax = k->eax & xvm_masks[i].eax;
	e->ebx = k->ebx & xvm_masks[i].ebx;
	e->ecx = k->ecx & xvm_masks[i].ecx;
	e->edx = k->edx & xvm_masks[i].edx;
	if (e->function == 0 && e->eax > 0xd)
		e->eax = 0xd;
	if (e->function == 0x80000000 && e->eax > 0x80000008)
		e->eax = 0x80000008;
	if (e->function == 1)
		e->ecx |= BIT(31);	/* a hypervisor, as xvm says */
	/* XSAVE sizes for x87, SSE and AVX only (KVM recomputes EBX). */
	if (e->function == 0xd && e->index == 0)
		e->ebx = e->ecx = (e->eax & BIT(2)) ? 576 + 256 : 576;
	return true;
}

static int kvm_supported_cpuid(struct xvm_vm *vm, struct xvm_cpuid_entry *e,
			       unsigned int max)
{
	struct kvm_cpuid2 *c;
	unsigned int i, n = 0;

	c = calloc(1, sizeof(*c) + KVM_MAX_CPUID * sizeof(c->entries[0]));
	if (!c)
		return -1;
	c->nent = KVM_MAX_CPUID;
	if (ioctl(vm->sysfd, KVM_GET_SUPPORTED_CPUID, c)) {
		free(c);
		return -1;
	}
	for (i = 0; i < c->nent && n < max; i++)
		if (xvm_filter(&c->entries[i], &e[n]))
			n++;
	free(c);
	return n;
}

static int kvm_set_cpuid(struct xvm_vcpu_ctx *v,
			 const struct xvm_cpuid_entry *e, unsigned int n)
{
	struct kvm_cpuid2 *c;
	unsigned int i;
	int ret;

	c = calloc(1, sizeof(*c) + n * sizeof(c->entries[0]));
	if (!c)
		return -1;
	c->nent = n;
	for (i = 0; i < n; i++) {
		c->entries[i].function = e[i].function;
		c->entries[i].index = e[i].index;
		c->entries[i].flags = (e[i].flags & XVM_CPUID_INDEXED) ?
				      KVM_CPUID_FLAG_SIGNIFCANT_INDEX : 0;
		c->entries[i].eax = e[i].eax;
		c->entries[i].ebx = e[i].ebx;
		c->entries[i].ecx = e[i].ecx;
		c->entries[i].edx = e[i].edx;
	}
	ret = ioctl(v->fd, KVM_SET_CPUID2, c);
	free(c);
	return ret ? -1 : 0;
}

/* ------------------------------------------------------------ registers */

static int kvm_create_vcpu(struct xvm_vcpu_ctx *v)
{
	struct kvm_vcpu_state *k;
	void *kr;

	k = calloc(1, sizeof(*k));
	if (!k)
		return -1;
	v->fd = ioctl(v->vm->vmfd, KVM_CREATE_VCPU, v->idx);
	if (v->fd < 0)
		return -1;
	kr = mmap(NULL, kvm_mmap_size, PROT_READ | PROT_WRITE, MAP_SHARED,
		  v->fd, 0);
	if (kr == MAP_FAILED)
		return -1;
	k->kr = kr;
	v->hv_priv = k;
	v->run = &k->run;
	return 0;
}

static int kvm_get_regs(struct xvm_vcpu_ctx *v, struct xvm_regs *r)
{
	struct kvm_regs k;

	if (ioctl(v->fd, KVM_GET_REGS, &k))
		return -1;
	r->rax = k.rax;
	r->rcx = k.rcx;
	r->rdx = k.rdx;
	r->rbx = k.rbx;
	r->rsp = k.rsp;
	r->rbp = k.rbp;
	r->rsi = k.rsi;
	r->rdi = k.rdi;
	r->r8 = k.r8;
	r->r9 = k.r9;
	r->r10 = k.r10;
	r->r11 = k.r11;
	r->r12 = k.r12;
	r->r13 = k.r13;
	r->r14 = k.r14;
	r->r15 = k.r15;
	r->rip = k.rip;
	r->rflags = k.rflags;
	return 0;
}

static int kvm_set_regs(struct xvm_vcpu_ctx *v, const struct xvm_regs *r)
{
	struct kvm_regs k = {
		.rax = r->rax, .rcx = r->rcx, .rdx = r->rdx, .rbx = r->rbx,
		.rsp = r->rsp, .rbp = r->rbp, .rsi = r->rsi, .rdi = r->rdi,
		.r8 = r->r8, .r9 = r->r9, .r10 = r->r10, .r11 = r->r11,
		.r12 = r->r12, .r13 = r->r13, .r14 = r->r14, .r15 = r->r15,
		.rip = r->rip, .rflags = r->rflags,
	};

	return ioctl(v->fd, KVM_SET_REGS, &k) ? -1 : 0;
}

static void seg_to_kvm(struct kvm_segment *k, const struct xvm_segment *s)
{
	memset(k, 0, sizeof(*k));
	k->base = s->base;
	k->limit = s->limit;
	k->selector = s->selector;
	k->type = s->type;
	k->present = s->present;
	k->dpl = s->dpl;
	k->db = s->db;
	k->s = s->s;
	k->l = s->l;
	k->g = s->g;
	k->avl = s->avl;
	k->unusable = s->unusable;
}

/*
 * The APIC base is 0: xvm has no local APIC, and without an in-kernel
 * irqchip KVM has none either, but it would still show CPUID's APIC bit
 * while the base says enabled (its reset value). The pending interrupt
 * bitmap stays KVM's.
 */
static int kvm_set_sregs(struct xvm_vcpu_ctx *v, const struct xvm_sregs *s)
{
	struct kvm_sregs k;

	if (ioctl(v->fd, KVM_GET_SREGS, &k))
		return -1;
	seg_to_kvm(&k.cs, &s->cs);
	seg_to_kvm(&k.ds, &s->ds);
	seg_to_kvm(&k.es, &s->es);
	seg_to_kvm(&k.fs, &s->fs);
	seg_to_kvm(&k.gs, &s->gs);
	seg_to_kvm(&k.ss, &s->ss);
	seg_to_kvm(&k.tr, &s->tr);
	seg_to_kvm(&k.ldt, &s->ldt);
	k.gdt.base = s->gdt.base;
	k.gdt.limit = s->gdt.limit;
	k.idt.base = s->idt.base;
	k.idt.limit = s->idt.limit;
	k.cr0 = s->cr0;
	k.cr2 = s->cr2;
	k.cr3 = s->cr3;
	k.cr4 = s->cr4;
	k.cr8 = s->cr8;
	k.efer = s->efer;
	k.apic_base = 0;
	return ioctl(v->fd, KVM_SET_SREGS, &k) ? -1 : 0;
}

/* ------------------------------------------------------------------ run */

/* Element @k->io_elem of KVM's I/O exit into the xvm_run. */
static void io_element(struct kvm_vcpu_state *k)
{
	struct kvm_run *kr = k->kr;
	struct xvm_run *run = &k->run;
	uint8_t *data = (uint8_t *)kr + kr->io.data_offset +
			k->io_elem * kr->io.size;

	run->exit_reason = XVM_EXIT_IO;
	run->io.direction = kr->io.direction == KVM_EXIT_IO_OUT ?
			    XVM_EXIT_IO_OUT : XVM_EXIT_IO_IN;
	run->io.size = kr->io.size;
	run->io.port = kr->io.port;
	run->io.data = 0;
	if (kr->io.direction == KVM_EXIT_IO_OUT && kr->io.size <= 4)
		memcpy(&run->io.data, data, kr->io.size);
}

/*
 * Before entering: give KVM what the loop answered to the last exit.
 * Returns true when the loop has another element of a string I/O exit
 * to handle first (in k->run), without entering.
 */
static bool finish_exit(struct kvm_vcpu_state *k)
{
	struct kvm_run *kr = k->kr;
	struct xvm_run *run = &k->run;

	if (k->pending == PEND_MMIO_READ)
		memcpy(kr->mmio.data, run->mmio.data, 8);
	if (k->pending != PEND_IO) {
		k->pending = PEND_NONE;
		return false;
	}
	if (kr->io.direction == KVM_EXIT_IO_IN && kr->io.size <= 4)
		memcpy((uint8_t *)kr + kr->io.data_offset +
		       k->io_elem * kr->io.size, &run->io.data, kr->io.size);
	if (++k->io_elem < kr->io.count) {
		io_element(k);
		return true;
	}
	k->pending = PEND_NONE;
	return false;
}

static void exit_rip(struct xvm_vcpu_ctx *v)
{
	struct xvm_regs regs;

	if (!kvm_get_regs(v, &regs))
		v->run->rip = regs.rip;
}

/* KVM's exit in the xvm_run, as xvm would have described it. */
static void translate_exit(struct xvm_vcpu_ctx *v)
{
	struct kvm_vcpu_state *k = v->hv_priv;
	struct kvm_run *kr = k->kr;
	struct xvm_run *run = &k->run;
	unsigned int i;

	run->rip = 0;
	switch (kr->exit_reason) {
	case KVM_EXIT_IO:
		k->io_elem = 0;
		k->pending = PEND_IO;
		io_element(k);
		break;
	case KVM_EXIT_MMIO:
		run->exit_reason = XVM_EXIT_MMIO;
		run->mmio.phys_addr = kr->mmio.phys_addr;
		run->mmio.len = kr->mmio.len;
		run->mmio.is_write = kr->mmio.is_write;
		run->mmio.decoded = 1;
		run->mmio.insn_len = 0;
		memcpy(run->mmio.data, kr->mmio.data, 8);
		if (!kr->mmio.is_write) {
			memset(run->mmio.data, 0, 8);
			k->pending = PEND_MMIO_READ;
		}
		break;
	case KVM_EXIT_HLT:
		run->exit_reason = XVM_EXIT_HLT;
		break;
	case KVM_EXIT_IRQ_WINDOW_OPEN:
		run->exit_reason = XVM_EXIT_IRQ_WINDOW;
		break;
	case KVM_EXIT_INTR:
		run->exit_reason = XVM_EXIT_INTR;
		break;
	case KVM_EXIT_SHUTDOWN:
		run->exit_reason = XVM_EXIT_SHUTDOWN;
		exit_rip(v);
		break;
	case KVM_EXIT_FAIL_ENTRY:
		run->exit_reason = XVM_EXIT_FAIL_ENTRY;
		run->fail_entry.reason =
			kr->fail_entry.hardware_entry_failure_reason;
		run->fail_entry.qualification = 0;
		run->fail_entry.cpu = kr->fail_entry.cpu;
		exit_rip(v);
		break;
	case KVM_EXIT_INTERNAL_ERROR:
		run->exit_reason = XVM_EXIT_INTERNAL_ERROR;
		run->internal.suberror = kr->internal.suberror;
		run->internal.ndata = kr->internal.ndata < 6 ?
				      kr->internal.ndata : 6;
		for (i = 0; i < run->internal.ndata; i++)
			run->internal.data[i] = kr->internal.data[i];
		exit_rip(v);
		break;
	default:
		/* Not one the loop knows: an internal error naming it. */
		run->exit_reason = XVM_EXIT_INTERNAL_ERROR;
		run->internal.suberror = XVM_INTERNAL_UNEXPECTED;
		run->internal.ndata = 1;
		run->internal.data[0] = kr->exit_reason;
		exit_rip(v);
		break;
	}
}

static int kvm_run_vcpu(struct xvm_vcpu_ctx *v)
{
	struct kvm_vcpu_state *k = v->hv_priv;
	struct kvm_run *kr = k->kr;
	struct xvm_run *run = &k->run;
	int ret;

	if (!atomic_load(&k->have_tid)) {
		k->tid = pthread_self();
		atomic_store(&k->have_tid, true);
	}
	if (finish_exit(k))
		return 0;
	if (run->immediate_exit) {
		errno = EINTR;
		return -1;
	}
	kr->request_interrupt_window = run->request_interrupt_window;
	k->injected = false;
	ret = ioctl(v->fd, KVM_RUN, 0);
	/* A kick from now on is seen by the loop before the next entry. */
	__atomic_store_n(&kr->immediate_exit, 0, __ATOMIC_SEQ_CST);
	run->ready_for_interrupt = kr->ready_for_interrupt_injection;
	run->if_flag = kr->if_flag;
	if (ret < 0)
		return -1;
	translate_exit(v);
	return 0;
}

/* KVM queues what it is given: only when the guest can take it. */
static int kvm_inject_irq(struct xvm_vcpu_ctx *v, unsigned int vector)
{
	struct kvm_vcpu_state *k = v->hv_priv;
	struct kvm_interrupt irq = { .irq = vector };

	if (!k->kr->ready_for_interrupt_injection || k->injected) {
		errno = EBUSY;
		return -1;
	}
	if (ioctl(v->fd, KVM_INTERRUPT, &irq))
		return -1;
	k->injected = true;
	return 0;
}

static void kvm_kick(struct xvm_vcpu_ctx *v)
{
	struct kvm_vcpu_state *k = v->hv_priv;

	if (!k)
		return;
	__atomic_store_n(&k->kr->immediate_exit, 1, __ATOMIC_SEQ_CST);
	if (atomic_load(&k->have_tid))
		pthread_kill(k->tid, KICK_SIGNAL);
}

const struct xvm_hv_ops xvm_hv_kvm = {
	.name = "KVM_RUN",
	.open = kvm_open,
	.set_memory = kvm_set_memory,
	.supported_cpuid = kvm_supported_cpuid,
	.create_vcpu = kvm_create_vcpu,
	.set_cpuid = kvm_set_cpuid,
	.get_regs = kvm_get_regs,
	.set_regs = kvm_set_regs,
	.set_sregs = kvm_set_sregs,
	.run = kvm_run_vcpu,
	.inject_irq = kvm_inject_irq,
	.kick = kvm_kick,
};
