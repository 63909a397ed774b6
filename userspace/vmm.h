/* SPDX-License-Identifier: GPL-2.0 */
/*
 * xvm-run: the VM and vCPU objects of the running VMM.
 */
#ifndef XVM_RUN_VMM_H
#define XVM_RUN_VMM_H

#include <pthread.h>
#include <stdatomic.h>

#include "xvm.h"
#include "xvm-run.h"
#include "hv.h"

struct xvm_vm;
struct xvm_pc;

#define XVM_LAST_EXITS	8

/**
 * struct xvm_vcpu_ctx - one vCPU and the thread running it.
 * @tick_pending: a --tick-irq interrupt waits to be injected (vCPU 0).
 * @parked: halted with nothing to wake it; the thread has ended.
 * @exits: exits seen, by reason (XVM_EXIT_MSR + 1: any other), for the
 *	report of a stalled guest.
 * @last: the guest's RIP and reason (as in @exits) at the last
 *	XVM_LAST_EXITS exits, a ring; @nlast counts every exit.
 * @hv_priv: the hypervisor backend's own state of this vCPU (kvm.c).
 */
struct xvm_vcpu_ctx {
	struct xvm_vm *vm;
	unsigned int idx;
	int fd;
	struct xvm_run *run;
	pthread_t thread;
	bool started;
	bool tick_pending;
	bool parked;
	bool done;
	unsigned long exits[XVM_EXIT_MSR + 2];
	struct { uint64_t rip; unsigned int reason; } last[XVM_LAST_EXITS];
	unsigned int nlast;
	void *hv_priv;
};

/**
 * struct xvm_vm - the VM.
 * @lock: guards @stopping, @status, @nparked, the vCPU tick/park flags
 *	and serial output; @cond is signalled on each change.
 * @stopping: the VM is ending with @status; vCPU threads leave.
 * @hv: the hypervisor: /dev/xvm, or /dev/kvm with --kvm (hv.h).
 */
struct xvm_vm {
	const struct xvm_opts *opts;
	const struct xvm_hv_ops *hv;
	int sysfd, vmfd;
	struct xvm_capabilities caps;
	uint8_t *mem;
	uint64_t mem_size;
	struct xvm_io_table pio, mmio;
	struct xvm_uart uart;
	struct xvm_pc *pc;		/* --kernel: the PC devices (pc.h) */
	unsigned int ncpus;
	struct xvm_vcpu_ctx vcpus[XVM_MAX_CPUS];

	pthread_mutex_t lock;
	pthread_cond_t cond;
	atomic_bool stopping;
	int status;
	unsigned int nparked;

	pthread_mutex_t dev_lock;	/* test device state */
	uint8_t testdev_mmio[XVM_TESTDEV_MMIO_SIZE];
	uint8_t testdev_ports[XVM_TESTDEV_PORTS];
	uint8_t fifo[XVM_TESTDEV_FIFO_SIZE];
	unsigned int fifo_head, fifo_count;
};

/* devices.c */
int xvm_devices_init(struct xvm_vm *vm);
void xvm_serial_flush(struct xvm_vm *vm);

/* run.c */
void xvm_vm_stop(struct xvm_vm *vm, int status);
int xvm_vm_run(struct xvm_vm *vm);

#define xvm_log(vm, level, ...)					\
	do {								\
		if ((vm)->opts->verbose >= (level))			\
			xvm_msg(vm, __VA_ARGS__);			\
	} while (0)

void xvm_msg(struct xvm_vm *vm, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

#endif /* XVM_RUN_VMM_H */
