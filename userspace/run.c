// SPDX-License-Identifier: GPL-2.0
/*
 * xvm-run: the run loop. Each vCPU has its own thread running it (XVM_RUN,
 * or KVM_RUN with --kvm: vm->hv, hv.h) and handling the exits; the main thread waits for the end (a debug exit,
 * shutdown, error, every vCPU halted, or --timeout) and a timer thread
 * drives --tick-irq.
 *
 * Ending: xvm_vm_stop() records the first status, sets immediate_exit in
 * every run page and kicks every vCPU, so a thread inside XVM_RUN comes
 * back with XVM_EXIT_INTR (or -EINTR) and sees @stopping.
 *
 * HLT: vCPU 0 with --tick-irq and RFLAGS.IF set sleeps until the next tick
 * and resumes with the interrupt injected. Any other HLT can never end
 * (no other interrupt source exists), so the vCPU parks; once every vCPU
 * has parked xvm-run prints "xvm-run: guest halted" and exits 0.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "vmm.h"
#include "pc.h"

void xvm_msg(struct xvm_vm *vm, const char *fmt, ...)
{
	va_list ap;

	xvm_serial_flush(vm);
	fputs("xvm-run: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
}

/**
 * xvm_vm_stop() - end the VM with @status, unless it is already ending.
 * @vm: the VM.
 * @status: exit status of xvm-run.
 *
 * Callable from any thread, including a vCPU thread in an exit handler.
 */
void xvm_vm_stop(struct xvm_vm *vm, int status)
{
	unsigned int i;

	pthread_mutex_lock(&vm->lock);
	if (!atomic_load(&vm->stopping)) {
		vm->status = status;
		atomic_store(&vm->stopping, true);
	}
	pthread_cond_broadcast(&vm->cond);
	pthread_mutex_unlock(&vm->lock);
	for (i = 0; i < vm->ncpus; i++) {
		struct xvm_vcpu_ctx *v = &vm->vcpus[i];

		if (v->run)
			__atomic_store_n(&v->run->immediate_exit, 1,
					 __ATOMIC_SEQ_CST);
		vm->hv->kick(v);
	}
	if (vm->pc)
		xvm_pc_wake(vm);	/* a vCPU halted in xvm_pc_hlt() */
}

static void io_exit(struct xvm_vcpu_ctx *v)
{
	struct xvm_vm *vm = v->vm;
	struct xvm_run *run = v->run;
	bool is_write = run->io.direction == XVM_EXIT_IO_OUT;
	unsigned int size = run->io.size;
	uint8_t data[4];
	bool handled;

	if (size != 1 && size != 2 && size != 4) {
		xvm_msg(vm, "bad I/O exit size %u\n", size);
		xvm_vm_stop(vm, XVM_RUN_EXIT_INTERNAL);
		return;
	}
	memcpy(data, &run->io.data, 4);
	xvm_io_dispatch(&vm->pio, run->io.port, size, is_write, data,
			&handled);
	if (!handled)
		xvm_log(vm, 1, "vcpu%u: unhandled %s port 0x%x size %u 0x%x\n",
			v->idx, is_write ? "out" : "in", run->io.port, size,
			is_write ? run->io.data : 0xffffffffu >>
			(32 - 8 * size));
	if (!is_write) {
		uint32_t val = 0;

		memcpy(&val, data, size);
		run->io.data = val;
	}
}

static void mmio_exit(struct xvm_vcpu_ctx *v)
{
	struct xvm_vm *vm = v->vm;
	struct xvm_run *run = v->run;
	unsigned int len = run->mmio.len;
	bool handled;

	if (!run->mmio.decoded) {
		unsigned int i;

		xvm_serial_flush(vm);
		fprintf(stderr, "xvm-run: vcpu%u: undecoded MMIO %s at 0x%llx "
			"rip 0x%llx insn", v->idx,
			run->mmio.is_write ? "write" : "read",
			(unsigned long long)run->mmio.phys_addr,
			(unsigned long long)run->rip);
		for (i = 0; i < run->mmio.insn_len && i < 15; i++)
			fprintf(stderr, " %02x", run->mmio.insn[i]);
		fputc('\n', stderr);
		xvm_vm_stop(vm, XVM_RUN_EXIT_INTERNAL);
		return;
	}
	if (len != 1 && len != 2 && len != 4 && len != 8) {
		xvm_msg(vm, "bad MMIO exit length %u\n", len);
		xvm_vm_stop(vm, XVM_RUN_EXIT_INTERNAL);
		return;
	}
	xvm_io_dispatch(&vm->mmio, run->mmio.phys_addr, len,
			run->mmio.is_write, run->mmio.data, &handled);
	if (!handled)
		xvm_log(vm, 1, "vcpu%u: unhandled MMIO %s 0x%llx len %u\n",
			v->idx, run->mmio.is_write ? "write" : "read",
			(unsigned long long)run->mmio.phys_addr, len);
}

/* Inject a pending tick, or ask for the window in which it fits. */
static int deliver_tick(struct xvm_vcpu_ctx *v)
{
	struct xvm_vm *vm = v->vm;
	unsigned int vector = vm->opts->tick_vector;
	bool pending;

	pthread_mutex_lock(&vm->lock);
	pending = v->tick_pending;
	pthread_mutex_unlock(&vm->lock);
	if (!pending) {
		v->run->request_interrupt_window = 0;
		return 0;
	}
	if (vm->hv->inject_irq(v, vector) == 0) {
		pthread_mutex_lock(&vm->lock);
		v->tick_pending = false;
		pthread_mutex_unlock(&vm->lock);
		v->run->request_interrupt_window = 0;
		xvm_log(vm, 2, "vcpu%u: injected vector %u\n", v->idx,
			vector);
		return 0;
	}
	if (errno == EBUSY) {
		/* One is still held: retry once the guest took it. */
		v->run->request_interrupt_window = 1;
		return 0;
	}
	xvm_msg(vm, "inject interrupt: %s\n", strerror(errno));
	return -1;
}

/* HLT: wait for a tick, or park. Returns false when the thread ends. */
static bool hlt_exit(struct xvm_vcpu_ctx *v)
{
	struct xvm_vm *vm = v->vm;
	bool wakeable = v->idx == 0 && vm->opts->tick_ms && v->run->if_flag;

	pthread_mutex_lock(&vm->lock);
	if (wakeable) {
		while (!v->tick_pending && !atomic_load(&vm->stopping))
			pthread_cond_wait(&vm->cond, &vm->lock);
		pthread_mutex_unlock(&vm->lock);
		return true;
	}
	v->parked = true;
	vm->nparked++;
	xvm_log(vm, 1, "vcpu%u: halted at rip 0x%llx with IF=%u, parked\n",
		v->idx, (unsigned long long)v->run->rip, v->run->if_flag);
	if (vm->nparked == vm->ncpus && !atomic_load(&vm->stopping)) {
		pthread_mutex_unlock(&vm->lock);
		xvm_msg(vm, "guest halted\n");
		xvm_vm_stop(vm, XVM_RUN_EXIT_HALTED);
		return false;
	}
	pthread_mutex_unlock(&vm->lock);
	return false;
}

static void *vcpu_thread(void *arg)
{
	struct xvm_vcpu_ctx *v = arg;
	struct xvm_vm *vm = v->vm;
	struct xvm_run *run = v->run;
	unsigned int reason;

	while (!atomic_load(&vm->stopping)) {
		if (vm->opts->tick_ms && v->idx == 0 && deliver_tick(v)) {
			xvm_vm_stop(vm, XVM_RUN_EXIT_INTERNAL);
			break;
		}
		if (vm->pc && v->idx == 0) {
			xvm_pc_deliver(v);	/* PIC -> vCPU 0 (pc.c) */
			if (atomic_load(&vm->stopping))
				break;
		}
		if (vm->hv->run(v) < 0) {
			if (errno == EINTR || errno == EAGAIN)
				continue;
			xvm_msg(vm, "vcpu%u: %s: %s\n", v->idx, vm->hv->name,
				strerror(errno));
			xvm_vm_stop(vm, XVM_RUN_EXIT_INTERNAL);
			break;
		}
		xvm_log(vm, 3, "vcpu%u: exit %u rip 0x%llx\n", v->idx,
			run->exit_reason, (unsigned long long)run->rip);
		reason = run->exit_reason <= XVM_EXIT_MSR ?
			 run->exit_reason : XVM_EXIT_MSR + 1;
		v->exits[reason]++;
		v->last[v->nlast % XVM_LAST_EXITS].rip = run->rip;
		v->last[v->nlast++ % XVM_LAST_EXITS].reason = reason;
		switch (run->exit_reason) {
		case XVM_EXIT_IO:
			io_exit(v);
			break;
		case XVM_EXIT_MMIO:
			mmio_exit(v);
			break;
		case XVM_EXIT_HLT:
			if (vm->pc && v->idx == 0) {
				if (!xvm_pc_hlt(v))
					goto out;
				break;
			}
			if (!hlt_exit(v))
				goto out;
			break;
		case XVM_EXIT_SHUTDOWN:
			xvm_msg(vm, "guest shutdown (triple fault) on vcpu%u "
				"at rip 0x%llx\n", v->idx,
				(unsigned long long)run->rip);
			xvm_vm_stop(vm, XVM_RUN_EXIT_SHUTDOWN);
			break;
		case XVM_EXIT_FAIL_ENTRY:
			xvm_msg(vm, "vcpu%u: entry failed: reason 0x%llx "
				"qualification 0x%llx cpu %u\n", v->idx,
				(unsigned long long)run->fail_entry.reason,
				(unsigned long long)
				run->fail_entry.qualification,
				run->fail_entry.cpu);
			xvm_vm_stop(vm, XVM_RUN_EXIT_INTERNAL);
			break;
		case XVM_EXIT_INTERNAL_ERROR: {
			unsigned int i;

			xvm_serial_flush(vm);
			fprintf(stderr, "xvm-run: vcpu%u: internal error: "
				"suberror %u rip 0x%llx data", v->idx,
				run->internal.suberror,
				(unsigned long long)run->rip);
			for (i = 0; i < run->internal.ndata && i < 6; i++)
				fprintf(stderr, " 0x%llx", (unsigned long long)
					run->internal.data[i]);
			fputc('\n', stderr);
			xvm_vm_stop(vm, XVM_RUN_EXIT_INTERNAL);
			break;
		}
		case XVM_EXIT_INTR:
		case XVM_EXIT_IRQ_WINDOW:
			break;	/* ticks and stops are looked at on top */
		case XVM_EXIT_MSR:
			if (vm->pc) {
				xvm_pc_msr(v);	/* what Linux reads */
				break;
			}
			xvm_log(vm, 1, "vcpu%u: %s of MSR 0x%x refused\n",
				v->idx, run->msr.is_write ? "wrmsr" : "rdmsr",
				run->msr.index);
			/* xvm-run emulates no MSR: #GP. */
			if (!run->msr.is_write)
				run->msr.data = 0;
			run->msr.error = 1;
			break;
		default:
			xvm_msg(vm, "vcpu%u: unknown exit reason %u\n", v->idx,
				run->exit_reason);
			xvm_vm_stop(vm, XVM_RUN_EXIT_INTERNAL);
			break;
		}
	}
out:
	pthread_mutex_lock(&vm->lock);
	v->done = true;
	pthread_cond_broadcast(&vm->cond);
	pthread_mutex_unlock(&vm->lock);
	return NULL;
}

static void *tick_thread(void *arg)
{
	struct xvm_vm *vm = arg;
	struct xvm_vcpu_ctx *v = &vm->vcpus[0];
	struct timespec next;
	long ns = vm->opts->tick_ms * 1000000L;

	clock_gettime(CLOCK_MONOTONIC, &next);
	while (!atomic_load(&vm->stopping)) {
		next.tv_nsec += ns;
		while (next.tv_nsec >= 1000000000L) {
			next.tv_nsec -= 1000000000L;
			next.tv_sec++;
		}
		while (clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &next,
				       NULL) == EINTR)
			;
		pthread_mutex_lock(&vm->lock);
		v->tick_pending = true;
		pthread_cond_broadcast(&vm->cond);
		pthread_mutex_unlock(&vm->lock);
		/* Make a running vCPU 0 exit so that the tick goes in now. */
		vm->hv->kick(v);
	}
	return NULL;
}

static bool all_done(struct xvm_vm *vm)
{
	unsigned int i;

	for (i = 0; i < vm->ncpus; i++)
		if (vm->vcpus[i].started && !vm->vcpus[i].done)
			return false;
	return true;
}

/*
 * The general registers, and for those that point into a Linux guest's
 * kernel image or direct map (at 0xffffffff80000000 and 0xffff888000000000
 * plus the physical address, without KASLR) the 8 bytes there: the lock
 * or flag a stalled guest spins on.
 */
static void report_gprs(struct xvm_vm *vm, unsigned int idx,
			const struct xvm_regs *regs)
{
	static const char *const names[] = {
		"rax", "rcx", "rdx", "rbx", "rsp", "rbp", "rsi", "rdi",
		"r8", "r9", "r10", "r11", "r12", "r13", "r14", "r15",
	};
	const __u64 *r = &regs->rax;
	unsigned int i;

	fprintf(stderr, "\nxvm-run: vcpu%u:", idx);
	for (i = 0; i < 16; i++) {
		uint64_t pa = r[i] >= 0xffffffff80000000ULL ?
			      r[i] - 0xffffffff80000000ULL :
			      r[i] - 0xffff888000000000ULL;

		fprintf(stderr, " %s 0x%llx", names[i],
			(unsigned long long)r[i]);
		if (vm->pc && r[i] >= 0xffff888000000000ULL &&
		    pa + 8 <= vm->mem_size) {
			uint64_t val;

			memcpy(&val, vm->mem + pa, 8);
			fprintf(stderr, " [0x%llx]", (unsigned long long)val);
		}
	}
}

static const char *const exit_names[XVM_EXIT_MSR + 2] = {
	"none", "io", "mmio", "hlt", "shutdown", "fail-entry",
	"internal", "intr", "irq-window", "msr", "other",
};

/* The exits vCPU @v saw, by reason: " io 123 hlt 4 ...". */
static void print_exits(struct xvm_vcpu_ctx *v)
{
	unsigned int r;

	for (r = 0; r <= XVM_EXIT_MSR + 1; r++)
		if (v->exits[r])
			fprintf(stderr, " %s %lu", exit_names[r], v->exits[r]);
}

/*
 * After --timeout: where each vCPU was and what it did, and the PC's
 * interrupt state, so that a guest that stalled can be understood from
 * the output alone.
 */
static void report_stall(struct xvm_vm *vm)
{
	unsigned int i, r;

	for (i = 0; i < vm->ncpus; i++) {
		struct xvm_vcpu_ctx *v = &vm->vcpus[i];
		struct xvm_regs regs;

		fprintf(stderr, "xvm-run: vcpu%u:", i);
		if (!v->done) {
			fprintf(stderr, " still in %s\n", vm->hv->name);
			continue;
		}
		if (!vm->hv->get_regs(v, &regs)) {
			fprintf(stderr, " rip 0x%llx rflags 0x%llx",
				(unsigned long long)regs.rip,
				(unsigned long long)regs.rflags);
			report_gprs(vm, i, &regs);
		}
		fprintf(stderr, "%s; exits:", v->parked ? " parked" : "");
		print_exits(v);
		fprintf(stderr, "\nxvm-run: vcpu%u: last exits (oldest first):",
			i);
		r = v->nlast < XVM_LAST_EXITS ? 0 : v->nlast - XVM_LAST_EXITS;
		for (; r < v->nlast; r++)
			fprintf(stderr, " %s@0x%llx",
				exit_names[v->last[r % XVM_LAST_EXITS].reason],
				(unsigned long long)
				v->last[r % XVM_LAST_EXITS].rip);
		fputc('\n', stderr);
	}
	if (vm->pc)
		xvm_pc_report(vm);
}

/**
 * xvm_vm_run() - start the vCPU threads and wait for the end.
 * @vm: the VM, with every vCPU set up.
 *
 * Return: the exit status of xvm-run.
 */
int xvm_vm_run(struct xvm_vm *vm)
{
	struct timespec deadline;
	pthread_t ticker;
	bool ticking = false;
	unsigned int i;
	int ret;

	clock_gettime(CLOCK_MONOTONIC, &deadline);
	deadline.tv_sec += vm->opts->timeout;

	for (i = 0; i < vm->ncpus; i++) {
		ret = pthread_create(&vm->vcpus[i].thread, NULL, vcpu_thread,
				     &vm->vcpus[i]);
		if (ret) {
			xvm_msg(vm, "pthread_create: %s\n", strerror(ret));
			xvm_vm_stop(vm, XVM_RUN_EXIT_SETUP);
			break;
		}
		vm->vcpus[i].started = true;
	}
	if (vm->opts->tick_ms && !atomic_load(&vm->stopping)) {
		ret = pthread_create(&ticker, NULL, tick_thread, vm);
		if (ret) {
			xvm_msg(vm, "pthread_create: %s\n", strerror(ret));
			xvm_vm_stop(vm, XVM_RUN_EXIT_SETUP);
		} else {
			ticking = true;
		}
	}

	pthread_mutex_lock(&vm->lock);
	while (!atomic_load(&vm->stopping)) {
		if (!vm->opts->timeout) {
			pthread_cond_wait(&vm->cond, &vm->lock);
			continue;
		}
		if (pthread_cond_timedwait(&vm->cond, &vm->lock,
					   &deadline) == ETIMEDOUT &&
		    !atomic_load(&vm->stopping)) {
			pthread_mutex_unlock(&vm->lock);
			xvm_msg(vm, "timeout\n");
			xvm_vm_stop(vm, XVM_RUN_EXIT_TIMEOUT);
			pthread_mutex_lock(&vm->lock);
		}
	}

	/*
	 * Give the vCPU threads a moment to leave XVM_RUN, so that --dump
	 * sees the final memory; one stuck in the kernel is left to exit().
	 */
	clock_gettime(CLOCK_MONOTONIC, &deadline);
	deadline.tv_sec += 2;
	while (!all_done(vm))
		if (pthread_cond_timedwait(&vm->cond, &vm->lock,
					   &deadline) == ETIMEDOUT)
			break;
	ret = vm->status;
	if (!all_done(vm))
		xvm_log(vm, 1, "some vCPU did not stop\n");
	pthread_mutex_unlock(&vm->lock);
	if (ret == XVM_RUN_EXIT_TIMEOUT) {
		report_stall(vm);
	} else if (vm->opts->verbose) {
		for (i = 0; i < vm->ncpus; i++) {
			fprintf(stderr, "xvm-run: vcpu%u: exits to userspace:",
				i);
			print_exits(&vm->vcpus[i]);
			fputc('\n', stderr);
		}
	}
	if (ticking)
		pthread_join(ticker, NULL);
	return ret;
}
