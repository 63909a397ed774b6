// SPDX-License-Identifier: GPL-2.0
/*
 * The run loop: enter the guest through the backend, handle in the kernel
 * what can be handled there, and hand the rest to userspace through the
 * run page. The exit that went to userspace is finished at the next
 * XVM_RUN, with what the VMM wrote into the run page.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/sched/signal.h>
#include <asm/fpu/api.h>
#include <asm/fpu/xcr.h>
#include <asm/traps.h>

#include "xvm.h"
#include "backend.h"
#include "hw.h"

/* Run loop results: go on in the kernel, or return to userspace. */
#define XVM_RESUME	0
#define XVM_TO_USER	1

static void xvm_queue_exception(struct xvm_vcpu *vcpu, u8 vector,
				bool has_error, u32 error)
{
	struct xvm_pending_event *ev = &vcpu->events;

	ev->exception = true;
	ev->exc_vector = vector;
	ev->exc_has_error = has_error;
	ev->exc_error = error;
}

static void xvm_queue_gp(struct xvm_vcpu *vcpu)
{
	xvm_queue_exception(vcpu, X86_TRAP_GP, true, 0);
}

static u64 xvm_addr_mask(unsigned int bytes)
{
	return bytes == 8 ? ~0ULL : (1ULL << (bytes * 8)) - 1;
}

/* Write @val into the low @bytes of a register, as IN and MOV would. */
static void xvm_set_reg_sized(u64 *reg, u64 val, unsigned int bytes)
{
	if (bytes >= 4)
		*reg = val & xvm_addr_mask(bytes);
	else
		*reg = (*reg & ~xvm_addr_mask(bytes)) |
		       (val & xvm_addr_mask(bytes));
}

/* Advance RSI or RDI by one element and count RCX down for REP. */
static bool xvm_string_step(struct xvm_vcpu *vcpu, u64 *index,
			    unsigned int size)
{
	struct xvm_string_io *sio = &vcpu->sio;
	u64 mask = xvm_addr_mask(sio->addr_size);
	s64 delta = (vcpu->regs.rflags & X86_EFLAGS_DF) ? -(s64)size : size;

	*index = (*index & ~mask) | ((*index + delta) & mask);
	if (!sio->rep)
		return true;
	vcpu->regs.rcx = (vcpu->regs.rcx & ~mask) | ((vcpu->regs.rcx - 1) & mask);
	return (vcpu->regs.rcx & mask) == 0;
}

/* Finish the instruction whose exit went to userspace. */
static int xvm_complete_user_exit(struct xvm_vcpu *vcpu)
{
	struct xvm_run *run = vcpu->run;
	enum xvm_pending_io pending = vcpu->pending;
	u8 buf[8];
	u64 data;

	vcpu->pending = XVM_PIO_NONE;
	switch (pending) {
	case XVM_PIO_NONE:
		return 0;
	case XVM_PIO_IN:
		xvm_set_reg_sized(&vcpu->regs.rax, READ_ONCE(run->io.data),
				  vcpu->sio.addr_size);
		fallthrough;
	case XVM_PIO_OUT:
		vcpu->regs.rip = vcpu->next_rip;
		return 0;
	case XVM_PIO_INS:
		data = READ_ONCE(run->io.data);
		memcpy(buf, &data, sizeof(data));
		/* The size is the kernel's own: the run page is the VMM's. */
		if (xvm_write_guest_phys(vcpu->vm, vcpu->pio_gpa, buf,
					 vcpu->sio.size))
			return -EFAULT;
		if (xvm_string_step(vcpu, &vcpu->regs.rdi, vcpu->sio.size))
			vcpu->regs.rip = vcpu->next_rip;
		return 0;
	case XVM_PIO_OUTS:
		if (xvm_string_step(vcpu, &vcpu->regs.rsi, vcpu->sio.size))
			vcpu->regs.rip = vcpu->next_rip;
		return 0;
	case XVM_PMMIO_READ:
		memcpy(&data, run->mmio.data, sizeof(data));
		xvm_mmio_load_complete(&vcpu->mmio, &vcpu->regs, data);
		vcpu->regs.rip = vcpu->next_rip;
		return 0;
	case XVM_PMMIO_WRITE:
		vcpu->regs.rip = vcpu->next_rip;
		return 0;
	case XVM_PMSR_READ:
		if (READ_ONCE(run->msr.error)) {
			xvm_queue_gp(vcpu);
			return 0;
		}
		data = READ_ONCE(run->msr.data);
		vcpu->regs.rax = lower_32_bits(data);
		vcpu->regs.rdx = upper_32_bits(data);
		vcpu->regs.rip = vcpu->next_rip;
		return 0;
	case XVM_PMSR_WRITE:
		if (READ_ONCE(run->msr.error))
			xvm_queue_gp(vcpu);
		else
			vcpu->regs.rip = vcpu->next_rip;
		return 0;
	}
	return 0;
}

static void xvm_inject_events(struct xvm_vcpu *vcpu)
{
	struct xvm_pending_event *ev = &vcpu->events;

	if (ev->exception) {
		if (!xvm_ops->inject(vcpu, XVM_EVENT_EXCEPTION, ev->exc_vector,
				     ev->exc_has_error, ev->exc_error))
			ev->exception = false;
	} else if (ev->nmi && xvm_ops->nmi_allowed(vcpu)) {
		if (!xvm_ops->inject(vcpu, XVM_EVENT_NMI, 2, false, 0))
			ev->nmi = false;
	}
	if (ev->irq) {
		if (xvm_ops->interrupt_allowed(vcpu) &&
		    !xvm_ops->inject(vcpu, XVM_EVENT_INTERRUPT, ev->irq_vector,
				     false, 0))
			ev->irq = false;
		else
			xvm_ops->set_irq_window(vcpu, true);
	} else if (READ_ONCE(vcpu->run->request_interrupt_window)) {
		xvm_ops->set_irq_window(vcpu, true);
	}
}

static int xvm_exit_internal(struct xvm_vcpu *vcpu, u32 suberror,
			     u64 data0, u64 data1)
{
	struct xvm_run *run = vcpu->run;

	run->exit_reason = XVM_EXIT_INTERNAL_ERROR;
	run->internal.suberror = suberror;
	run->internal.ndata = 2;
	run->internal.data[0] = data0;
	run->internal.data[1] = data1;
	return XVM_TO_USER;
}

static int xvm_handle_cpuid(struct xvm_vcpu *vcpu, struct xvm_exit *exit)
{
	u32 eax, ebx, ecx, edx;

	xvm_cpuid_lookup(vcpu, vcpu->regs.rax, vcpu->regs.rcx,
			 &eax, &ebx, &ecx, &edx);
	vcpu->regs.rax = eax;
	vcpu->regs.rbx = ebx;
	vcpu->regs.rcx = ecx;
	vcpu->regs.rdx = edx;
	vcpu->regs.rip += exit->insn_len;
	return XVM_RESUME;
}

static int xvm_handle_msr(struct xvm_vcpu *vcpu, struct xvm_exit *exit,
			  bool write)
{
	struct xvm_run *run = vcpu->run;
	u32 index = vcpu->regs.rcx;
	u64 data = (vcpu->regs.rdx << 32) | lower_32_bits(vcpu->regs.rax);
	int ret;

	if (write)
		ret = xvm_msr_set(vcpu, index, data, false);
	else
		ret = xvm_msr_get(vcpu, index, &data, false);
	if (ret == -ENOENT) {
		/* Not the kernel's: the VMM answers, or refuses with #GP. */
		run->exit_reason = XVM_EXIT_MSR;
		memset(&run->msr, 0, sizeof(run->msr));
		run->msr.index = index;
		run->msr.is_write = write;
		run->msr.data = write ? data : 0;
		vcpu->next_rip = vcpu->regs.rip + exit->insn_len;
		vcpu->pending = write ? XVM_PMSR_WRITE : XVM_PMSR_READ;
		return XVM_TO_USER;
	}
	if (ret) {
		xvm_queue_gp(vcpu);
		return XVM_RESUME;
	}
	if (!write) {
		vcpu->regs.rax = lower_32_bits(data);
		vcpu->regs.rdx = upper_32_bits(data);
	}
	vcpu->regs.rip += exit->insn_len;
	return XVM_RESUME;
}

static int xvm_handle_xsetbv(struct xvm_vcpu *vcpu, struct xvm_exit *exit)
{
	u64 val = (vcpu->regs.rdx << 32) | lower_32_bits(vcpu->regs.rax);

	/* The host kernel runs without XSAVE: the guest has none either. */
	if (!boot_cpu_has(X86_FEATURE_OSXSAVE)) {
		xvm_queue_exception(vcpu, X86_TRAP_UD, false, 0);
		return XVM_RESUME;
	}
	if (lower_32_bits(vcpu->regs.rcx) != XCR_XFEATURE_ENABLED_MASK ||
	    !xvm_xcr0_valid(vcpu, val)) {
		xvm_queue_gp(vcpu);
		return XVM_RESUME;
	}
	vcpu->xcr0 = val;
	vcpu->regs.rip += exit->insn_len;
	return XVM_RESUME;
}

static int xvm_handle_hlt(struct xvm_vcpu *vcpu, struct xvm_exit *exit)
{
	vcpu->regs.rip += exit->insn_len;
	/* An interrupt is waiting for the guest: HLT ends at once. */
	if (vcpu->events.irq && (vcpu->regs.rflags & X86_EFLAGS_IF))
		return XVM_RESUME;
	vcpu->run->exit_reason = XVM_EXIT_HLT;
	return XVM_TO_USER;
}

/* Linear address of seg:offset for a string element. */
static u64 xvm_seg_linear(const struct xvm_sregs *sregs, unsigned int seg,
			  u64 offset)
{
	const struct xvm_segment *s = &sregs->cs + seg;
	bool long64 = (sregs->efer & EFER_LMA) && sregs->cs.l;

	if (long64 && seg != XVM_SEG_FS && seg != XVM_SEG_GS)
		return offset;
	return long64 ? s->base + offset : (u32)(s->base + offset);
}

/*
 * The address size of a string instruction, as the hardware reported it
 * where that fits the code size (a 0x67 prefix toggles it), else the code
 * size's own: emulated CPUs have been seen to report it wrongly.
 */
static u8 xvm_string_addr_size(const struct xvm_sregs *sregs, u8 reported)
{
	unsigned int code = xvm_code_size(sregs) / 8;

	switch (code) {
	case 8:
		return (reported == 4 || reported == 8) ? reported : 8;
	default:
		return (reported == 2 || reported == 4) ? reported : code;
	}
}

static int xvm_handle_io(struct xvm_vcpu *vcpu, struct xvm_exit *exit)
{
	struct xvm_run *run = vcpu->run;
	struct xvm_sregs sregs;
	u64 mask, gva, gpa, data = 0;
	bool in = exit->io.in;

	run->exit_reason = XVM_EXIT_IO;
	memset(&run->io, 0, sizeof(run->io));
	run->io.direction = in ? XVM_EXIT_IO_IN : XVM_EXIT_IO_OUT;
	run->io.size = exit->io.size;
	run->io.port = exit->io.port;
	vcpu->next_rip = vcpu->regs.rip + exit->insn_len;

	vcpu->sio.size = exit->io.size;
	if (!exit->io.string) {
		vcpu->sio.addr_size = exit->io.size;
		if (in) {
			vcpu->pending = XVM_PIO_IN;
		} else {
			run->io.data = vcpu->regs.rax &
				       xvm_addr_mask(exit->io.size);
			vcpu->pending = XVM_PIO_OUT;
		}
		return XVM_TO_USER;
	}

	xvm_ops->get_sregs(vcpu, &sregs);
	vcpu->sio.rep = exit->io.rep;
	vcpu->sio.addr_size = xvm_string_addr_size(&sregs, exit->io.addr_size);
	vcpu->sio.seg = in ? XVM_SEG_ES : exit->io.seg;
	mask = xvm_addr_mask(vcpu->sio.addr_size);
	if (exit->io.rep && !(vcpu->regs.rcx & mask)) {
		vcpu->regs.rip = vcpu->next_rip;
		return XVM_RESUME;
	}
	gva = xvm_seg_linear(&sregs, vcpu->sio.seg,
			     (in ? vcpu->regs.rdi : vcpu->regs.rsi) & mask);
	if ((gva & ~PAGE_MASK) + exit->io.size > PAGE_SIZE)
		return xvm_exit_internal(vcpu, XVM_INTERNAL_EMULATION,
					 exit->io.port, gva);
	if (xvm_gva_to_gpa(vcpu, &sregs, gva, in, &gpa)) {
		/* The guest's own page fault, as the CPU would raise it. */
		sregs.cr2 = gva;
		xvm_ops->set_sregs(vcpu, &sregs);
		xvm_queue_exception(vcpu, X86_TRAP_PF, true, in ? 2 : 0);
		return XVM_RESUME;
	}
	if (in) {
		vcpu->pio_gpa = gpa;
		vcpu->pending = XVM_PIO_INS;
		return XVM_TO_USER;
	}
	if (xvm_read_guest_phys(vcpu->vm, gpa, &data, exit->io.size))
		return xvm_exit_internal(vcpu, XVM_INTERNAL_EMULATION,
					 exit->io.port, gpa);
	run->io.data = data;
	vcpu->pending = XVM_PIO_OUTS;
	return XVM_TO_USER;
}

static int xvm_handle_mmio(struct xvm_vcpu *vcpu, struct xvm_exit *exit)
{
	struct xvm_run *run = vcpu->run;
	struct xvm_mmio_op *op = &vcpu->mmio;
	struct xvm_sregs sregs;
	unsigned int len;
	u64 data;
	int ret;

	if (exit->fault.fetch)
		return xvm_exit_internal(vcpu, XVM_INTERNAL_EMULATION,
					 exit->fault.gpa, vcpu->regs.rip);

	run->exit_reason = XVM_EXIT_MMIO;
	memset(&run->mmio, 0, sizeof(run->mmio));
	run->mmio.phys_addr = exit->fault.gpa;
	run->mmio.is_write = exit->fault.write;

	xvm_ops->get_sregs(vcpu, &sregs);
	len = exit->fault.insn_len;
	memcpy(run->mmio.insn, exit->fault.insn, len);
	ret = len ? xvm_mmio_decode(run->mmio.insn, len, xvm_code_size(&sregs),
				    op) : -E2BIG;
	/* Too few bytes from the hardware (or none): read them ourselves. */
	if (ret == -E2BIG) {
		len = xvm_fetch_insn(vcpu, &sregs, run->mmio.insn);
		ret = len ? xvm_mmio_decode(run->mmio.insn, len,
					    xvm_code_size(&sregs), op) : -EFAULT;
	}
	run->mmio.insn_len = len;

	if (ret) {
		/* Left to the VMM, which sees the bytes and may emulate. */
		run->mmio.decoded = 0;
		vcpu->pending = XVM_PIO_NONE;
		return XVM_TO_USER;
	}
	run->mmio.decoded = 1;
	run->mmio.len = op->size;
	vcpu->next_rip = vcpu->regs.rip + op->len;
	if (op->kind == XVM_MMIO_LOAD) {
		run->mmio.is_write = 0;
		vcpu->pending = XVM_PMMIO_READ;
	} else {
		run->mmio.is_write = 1;
		data = xvm_mmio_store_value(op, &vcpu->regs);
		memcpy(run->mmio.data, &data, sizeof(data));
		vcpu->pending = XVM_PMMIO_WRITE;
	}
	return XVM_TO_USER;
}

static int xvm_handle_slpt_fault(struct xvm_vcpu *vcpu, struct xvm_exit *exit)
{
	int ret = xvm_slpt_fault(vcpu->vm, exit->fault.gpa, exit->fault.write);

	pr_debug("slpt fault %llx write %d: %d\n", exit->fault.gpa,
		 exit->fault.write, ret);

	if (ret == -ENOENT)
		return xvm_handle_mmio(vcpu, exit);
	if (ret == -EAGAIN)
		return XVM_RESUME;
	return ret;
}

/*
 * MOV to CR8 that the backend intercepted (SVM, while an interrupt window
 * is open): the new TPR, or #GP for a value above 15.
 */
static int xvm_handle_cr8_write(struct xvm_vcpu *vcpu)
{
	struct xvm_sregs sregs;
	unsigned int cr, gpr, mode;
	u8 insn[15];
	u64 val;
	int len;

	xvm_ops->get_sregs(vcpu, &sregs);
	mode = xvm_code_size(&sregs);
	len = xvm_decode_mov_to_cr(insn, xvm_fetch_insn(vcpu, &sregs, insn),
				   mode, &cr, &gpr);
	if (len < 0 || cr != 8)
		return xvm_exit_internal(vcpu, XVM_INTERNAL_EMULATION,
					 vcpu->regs.rip, len);
	val = *xvm_gpr(vcpu, gpr);
	if (mode != 64)
		val = (u32)val;
	if (val > 15) {
		xvm_queue_gp(vcpu);
		return XVM_RESUME;
	}
	sregs.cr8 = val;
	xvm_ops->set_sregs(vcpu, &sregs);
	vcpu->regs.rip += len;
	return XVM_RESUME;
}

/*
 * MOV to or from a debug register that the backend could not leave to the
 * guest (SVM under QEMU's TCG: svm_set_debugregs()). The CPU checked CPL
 * and DR7.GD before the exit.
 */
static int xvm_handle_dr_access(struct xvm_vcpu *vcpu)
{
	struct xvm_debugregs dr;
	struct xvm_sregs sregs;
	unsigned int n, gpr, mode;
	bool to_dr;
	u8 insn[15];
	u64 *val, *reg;
	int len;

	xvm_ops->get_sregs(vcpu, &sregs);
	mode = xvm_code_size(&sregs);
	len = xvm_decode_mov_dr(insn, xvm_fetch_insn(vcpu, &sregs, insn), mode,
				&to_dr, &n, &gpr);
	if (len < 0)
		return xvm_exit_internal(vcpu, XVM_INTERNAL_EMULATION,
					 vcpu->regs.rip, len);
	if ((n == 4 || n == 5) && !(sregs.cr4 & X86_CR4_DE))
		n += 2;
	if (n == 4 || n == 5 || n > 7) {
		xvm_queue_exception(vcpu, X86_TRAP_UD, false, 0);
		return XVM_RESUME;
	}
	xvm_ops->get_debugregs(vcpu, &dr);
	val = n < 4 ? &dr.db[n] : n == 6 ? &dr.dr6 : &dr.dr7;
	reg = xvm_gpr(vcpu, gpr);
	if (!to_dr) {
		*reg = mode == 64 ? *val : (u32)*val;
	} else {
		u64 v = mode == 64 ? *reg : (u32)*reg;

		if (n >= 6 && (v >> 32)) {
			xvm_queue_gp(vcpu);
			return XVM_RESUME;
		}
		*val = v;
		xvm_ops->set_debugregs(vcpu, &dr);
	}
	vcpu->regs.rip += len;
	return XVM_RESUME;
}

static int xvm_handle_exit(struct xvm_vcpu *vcpu, struct xvm_exit *exit)
{
	struct xvm_run *run = vcpu->run;

	/* insmod xvm.ko dyndbg=+p traces every exit. */
	pr_debug("vcpu %u exit %u rip %llx len %u info %llx %llx\n", vcpu->id,
		 exit->kind, vcpu->regs.rip, exit->insn_len, exit->hw.reason,
		 exit->hw.qual);

	switch (exit->kind) {
	case XVM_X_NONE:
	case XVM_X_HOST_INTR:
		return XVM_RESUME;
	case XVM_X_IO:
		return xvm_handle_io(vcpu, exit);
	case XVM_X_SLPT_FAULT:
		return xvm_handle_slpt_fault(vcpu, exit);
	case XVM_X_CPUID:
		return xvm_handle_cpuid(vcpu, exit);
	case XVM_X_RDMSR:
		return xvm_handle_msr(vcpu, exit, false);
	case XVM_X_WRMSR:
		return xvm_handle_msr(vcpu, exit, true);
	case XVM_X_HLT:
		return xvm_handle_hlt(vcpu, exit);
	case XVM_X_XSETBV:
		return xvm_handle_xsetbv(vcpu, exit);
	case XVM_X_CR8_WRITE:
		return xvm_handle_cr8_write(vcpu);
	case XVM_X_DR_ACCESS:
		return xvm_handle_dr_access(vcpu);
	case XVM_X_SHUTDOWN:
		run->exit_reason = XVM_EXIT_SHUTDOWN;
		return XVM_TO_USER;
	case XVM_X_IRQ_WINDOW:
		xvm_ops->set_irq_window(vcpu, false);
		if (vcpu->events.irq ||
		    !READ_ONCE(run->request_interrupt_window))
			return XVM_RESUME;
		run->exit_reason = XVM_EXIT_IRQ_WINDOW;
		return XVM_TO_USER;
	case XVM_X_FAIL_ENTRY:
		run->exit_reason = XVM_EXIT_FAIL_ENTRY;
		memset(&run->fail_entry, 0, sizeof(run->fail_entry));
		run->fail_entry.reason = exit->hw.reason;
		run->fail_entry.qualification = exit->hw.qual;
		run->fail_entry.cpu = raw_smp_processor_id();
		return XVM_TO_USER;
	default:
		return xvm_exit_internal(vcpu, XVM_INTERNAL_UNEXPECTED,
					 exit->hw.reason, exit->hw.qual);
	}
}

/*
 * Back from the guest: the host's XCR0 again. XSETBV always exits on
 * hardware, but QEMU's SVM (7.2) lets it through, so what the guest left
 * in XCR0 is read back: a valid value is the guest's from now on, any
 * other is replaced by the last valid one on the next entry.
 */
static void xvm_restore_host_xcr0(struct xvm_vcpu *vcpu)
{
	u64 xcr0 = xgetbv(XCR_XFEATURE_ENABLED_MASK);

	if (unlikely(xcr0 != vcpu->xcr0) && xvm_xcr0_valid(vcpu, xcr0))
		vcpu->xcr0 = xcr0;
	if (xcr0 != xvm_host_xcr0)
		xsetbv(XCR_XFEATURE_ENABLED_MASK, xvm_host_xcr0);
}

/* Enter the guest once, unless something asks the thread to stop first. */
static int xvm_enter(struct xvm_vcpu *vcpu, struct xvm_exit *exit)
{
	bool xsave = boot_cpu_has(X86_FEATURE_OSXSAVE);

	xvm_inject_events(vcpu);

	local_irq_disable();
	if (test_thread_flag(TIF_NEED_FPU_LOAD))
		switch_fpu_return();

	/* Pairs with the barrier in xvm_vcpu_kick(): see requests or IPI. */
	smp_store_mb(vcpu->mode, XVM_IN_GUEST);
	if (unlikely(READ_ONCE(xvm_rebooting))) {
		WRITE_ONCE(vcpu->mode, XVM_OUTSIDE_GUEST);
		local_irq_enable();
		return -EIO;
	}
	if (test_bit(XVM_REQ_KICK, &vcpu->requests) ||
	    signal_pending(current) || need_resched()) {
		WRITE_ONCE(vcpu->mode, XVM_OUTSIDE_GUEST);
		local_irq_enable();
		exit->kind = XVM_X_NONE;
		return XVM_RESUME;
	}

	if (xsave && vcpu->xcr0 != xvm_host_xcr0)
		xsetbv(XCR_XFEATURE_ENABLED_MASK, vcpu->xcr0);

	xvm_ops->run(vcpu, exit);

	if (xsave)
		xvm_restore_host_xcr0(vcpu);

	WRITE_ONCE(vcpu->mode, XVM_OUTSIDE_GUEST);
	/* Host interrupts that made the guest exit are taken here. */
	local_irq_enable();

	return xvm_handle_exit(vcpu, exit);
}

static void xvm_fill_exit_state(struct xvm_vcpu *vcpu)
{
	struct xvm_run *run = vcpu->run;

	run->rip = vcpu->regs.rip;
	run->if_flag = !!(vcpu->regs.rflags & X86_EFLAGS_IF);
	run->ready_for_interrupt = !vcpu->events.irq &&
				   xvm_ops->interrupt_allowed(vcpu);
}

int xvm_vcpu_run(struct xvm_vcpu *vcpu)
{
	struct xvm_run *run = vcpu->run;
	struct xvm_exit exit;
	int ret;

	run->exit_reason = XVM_EXIT_NONE;
	if (READ_ONCE(run->immediate_exit)) {
		run->exit_reason = XVM_EXIT_INTR;
		return -EINTR;
	}
	ret = xvm_complete_user_exit(vcpu);
	if (ret)
		return ret;

	fpu_swap_kvm_fpstate(&vcpu->fpu, true);
	for (;;) {
		if (xvm_request_test_clear(vcpu, XVM_REQ_KICK)) {
			run->exit_reason = XVM_EXIT_INTR;
			ret = 0;
			break;
		}
		if (signal_pending(current)) {
			run->exit_reason = XVM_EXIT_INTR;
			ret = -EINTR;
			break;
		}
		cond_resched();
		ret = xvm_enter(vcpu, &exit);
		if (ret < 0)
			break;
		if (ret == XVM_TO_USER) {
			ret = 0;
			break;
		}
	}
	fpu_swap_kvm_fpstate(&vcpu->fpu, false);
	xvm_fill_exit_state(vcpu);
	return ret;
}

#ifdef XVM_KUNIT
#include "run_test.c"
#endif
