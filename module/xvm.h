/* SPDX-License-Identifier: GPL-2.0 */
/*
 * xvm core: the VM and vCPU objects shared by the core and the backends.
 *
 * Locking, outermost first (Documentation/design.rst has the full story):
 *   vm->lock       (mutex)  the vCPU table and the memory slots
 *   vcpu->mutex    (mutex)  everything of one vCPU used by its ioctls
 *   vm->mmu_lock   (spin)   the second-level page tables, the slots' contents
 *                           as the fault path reads them, and mmu_inval_*
 */
#ifndef XVM_XVM_H
#define XVM_XVM_H

#include <linux/kernel.h>
#include <linux/mutex.h>
#include <linux/mmu_notifier.h>
#include <linux/preempt.h>
#include <linux/refcount.h>
#include <linux/sched.h>
#include <linux/spinlock.h>
#include <asm/fpu/api.h>
#include <asm/fpu/types.h>

#include "../uapi/xvm.h"
#include "emulate.h"

#define XVM_MAX_VCPUS		64
#define XVM_MAX_MEM_SLOTS	32
#define XVM_MAX_CPUID_ENTRIES	256
#define XVM_MAX_MSRS		256

/* XCR0 components a guest may enable: x87, SSE and AVX (CPUID leaf 0xD). */
#define XVM_XCR0_GUEST	(XFEATURE_MASK_FP | XFEATURE_MASK_SSE | \
			 XFEATURE_MASK_YMM)

struct xvm_backend_ops;
extern const struct xvm_backend_ops *xvm_ops;

/*
 * Debug register bits the kernel's headers leave unnamed. The FIXED1
 * values are also the registers' reset values.
 */
#define XVM_DR6_FIXED1		0xffff0ff0ULL	/* set; RTM (16) is active low */
#define XVM_DR6_BD		BIT(13)		/* MOV DR with DR7.GD set */
#define XVM_DR6_RTM		BIT(16)
#define XVM_DR7_FIXED1		0x400ULL
#define XVM_DR7_MBZ		0xd800ULL	/* bits 11, 12, 14, 15 */
#define XVM_DR7_GD		BIT(13)		/* general detect */

/* The host kernel's XCR0, read at load (x87 alone without OSXSAVE). */
extern u64 xvm_host_xcr0;

/**
 * struct xvm_memslot - guest physical memory backed by user memory.
 * @gfn: first guest frame.
 * @npages: frames in the slot; zero marks an unused slot.
 * @hva: user address backing @gfn.
 * @flags: XVM_MEM_* flags.
 */
struct xvm_memslot {
	u64 gfn;
	u64 npages;
	unsigned long hva;
	u32 flags;
};

/**
 * struct xvm_slpt - a second-level page table (NPT or EPT): levels of 512
 * entries, in the backend's entry format.
 * @levels: 4 or 5, as the backend walks it.
 * @root: the top-level table page.
 * @root_pa: its physical address.
 * @npages: table pages allocated (root included).
 * @nleaves: leaf entries installed.
 * @cache: table pages allocated ahead, for use under the spinlock.
 * @ncache: pages in @cache.
 */
struct xvm_slpt {
	unsigned int levels;
	u64 *root;
	phys_addr_t root_pa;
	unsigned long npages;
	unsigned long nleaves;
	void *cache[4];
	unsigned int ncache;
};

/**
 * struct xvm_vm - one virtual machine, owned by its file descriptor.
 * @users: the VM fd and each vCPU fd hold a reference.
 * @lock: guards @vcpus, @nr_vcpus and @slots.
 * @vcpus: vCPUs by id; set once under @lock (release), then stable until
 *	the VM is freed, so readers need no lock (acquire).
 * @nr_vcpus: vCPUs created.
 * @slots: memory slots by id; written with @lock and @mmu_lock held, read
 *	with either.
 * @mm: the VMM's address space, which the slots point into.
 * @mmu_notifier: follows unmaps and migrations of the slots' backing.
 * @mmu_lock: guards @slpt and the invalidation counters.
 * @slpt: the second-level page table.
 * @mmu_inval_seq: bumped at the end of every invalidation.
 * @mmu_inval_active: invalidations in progress.
 * @backend: the backend's per-VM data.
 */
struct xvm_vm {
	refcount_t users;
	struct mutex lock;
	struct xvm_vcpu *vcpus[XVM_MAX_VCPUS];
	unsigned int nr_vcpus;
	struct xvm_memslot slots[XVM_MAX_MEM_SLOTS];

	struct mm_struct *mm;
	struct mmu_notifier mmu_notifier;
	spinlock_t mmu_lock;
	struct xvm_slpt slpt;
	unsigned long mmu_inval_seq;
	unsigned int mmu_inval_active;

	void *backend;
};

/* Where a vCPU's thread is, for kicks and remote TLB flushes. */
enum xvm_vcpu_mode {
	XVM_OUTSIDE_GUEST = 0,
	XVM_IN_GUEST = 1,
};

/* Requests to a vCPU, bits of vcpu->requests. */
#define XVM_REQ_KICK		0 /* leave XVM_RUN with XVM_EXIT_INTR */
#define XVM_REQ_FLUSH_SLPT	1 /* flush guest-physical TLB entries */

/* What the next XVM_RUN must finish of the instruction that exited. */
enum xvm_pending_io {
	XVM_PIO_NONE = 0,
	XVM_PIO_IN,		/* IN: data into RAX, skip instruction */
	XVM_PIO_OUT,		/* OUT: skip instruction */
	XVM_PIO_INS,		/* INS: data to ES:RDI, step the string */
	XVM_PIO_OUTS,		/* OUTS: step the string */
	XVM_PMMIO_READ,		/* MMIO read: data into the register */
	XVM_PMMIO_WRITE,	/* MMIO write: skip instruction */
	XVM_PMSR_READ,		/* RDMSR by the VMM: EDX:EAX, or #GP */
	XVM_PMSR_WRITE,		/* WRMSR by the VMM: skip, or #GP */
};

/**
 * struct xvm_pending_event - events waiting for entry.
 * @exception: an exception is waiting.
 * @exc_vector: its vector.
 * @exc_has_error: it pushes an error code.
 * @exc_error: the error code.
 * @nmi: an NMI is waiting.
 * @irq: an external interrupt is waiting for the guest to take it.
 * @irq_vector: its vector.
 */
struct xvm_pending_event {
	bool exception;
	u8 exc_vector;
	bool exc_has_error;
	u32 exc_error;
	bool nmi;
	bool irq;
	u8 irq_vector;
};

/**
 * struct xvm_string_io - state of the port I/O that exited to userspace.
 * @size: bytes of one element (1, 2, 4).
 * @rep: a REP prefix is present.
 * @addr_size: 2, 4 or 8 bytes of address (SI/DI/CX width).
 * @seg: the source segment of OUTS (an XVM_SEG_* index).
 */
struct xvm_string_io {
	u8 size;
	bool rep;
	u8 addr_size;
	u8 seg;
};

/**
 * struct xvm_vcpu - one virtual CPU, owned by its file descriptor.
 *
 * The backend allocates ops->vcpu_size bytes with this struct first.
 * @vm: the VM (a reference is held).
 * @id: vCPU id.
 * @mutex: held by every vCPU ioctl but XVM_KICK.
 * @run: the shared run page.
 * @regs: the general registers, RIP and RFLAGS; while the vCPU is outside
 *	the backend's run hook these are the truth.
 * @mode: enum xvm_vcpu_mode, for remote requests.
 * @requests: XVM_REQ_* bits.
 * @cpu: the CPU the vCPU is loaded on, or -1.
 * @preempt_notifier: puts and loads the vCPU when its thread is switched.
 * @fpu: the guest's FPU state (host state is kept by fpu_swap_kvm_fpstate).
 * @xcr0: the guest's XCR0.
 * @events: events waiting for entry.
 * @pending: what the next XVM_RUN must finish.
 * @next_rip: RIP after the instruction that exited to userspace.
 * @mmio: the decoded instruction of the MMIO exit being finished.
 * @sio: string I/O state, with @pending XVM_PIO_INS or XVM_PIO_OUTS.
 * @pio_gpa: guest physical address of the INS element.
 * @cpuid: the guest's CPUID table.
 * @ncpuid: entries in @cpuid.
 * @apic_base: IA32_APIC_BASE as the guest wrote it.
 * @misc_enable: IA32_MISC_ENABLE as the guest wrote it.
 * @tsc_aux: IA32_TSC_AUX.
 */
struct xvm_vcpu {
	struct xvm_vm *vm;
	u32 id;
	struct mutex mutex;
	struct xvm_run *run;
	struct xvm_regs regs;

	int mode;
	unsigned long requests;
	int cpu;
	struct preempt_notifier preempt_notifier;

	struct fpu_guest fpu;
	u64 xcr0;

	struct xvm_pending_event events;
	enum xvm_pending_io pending;
	u64 next_rip;
	struct xvm_mmio_op mmio;
	struct xvm_string_io sio;
	u64 pio_gpa;

	struct xvm_cpuid_entry *cpuid;
	unsigned int ncpuid;
	u64 apic_base;
	u64 misc_enable;
	u64 tsc_aux;
};

/* Segment indices, in the order of struct xvm_sregs. */
enum xvm_seg {
	XVM_SEG_CS, XVM_SEG_DS, XVM_SEG_ES, XVM_SEG_FS,
	XVM_SEG_GS, XVM_SEG_SS, XVM_SEG_TR, XVM_SEG_LDTR,
};

/* Kinds of struct xvm_exit, decoded by the backend from its exit code. */
enum xvm_exit_kind {
	XVM_X_NONE,		/* handled by the backend: enter again */
	XVM_X_HOST_INTR,	/* a host interrupt or NMI was taken */
	XVM_X_IO,		/* IN, OUT, INS, OUTS */
	XVM_X_SLPT_FAULT,	/* NPT/EPT violation */
	XVM_X_CPUID,
	XVM_X_RDMSR,
	XVM_X_WRMSR,
	XVM_X_HLT,
	XVM_X_XSETBV,
	XVM_X_SHUTDOWN,		/* triple fault */
	XVM_X_IRQ_WINDOW,	/* the guest can take an interrupt */
	XVM_X_CR8_WRITE,	/* MOV to CR8, for the core to do */
	XVM_X_DR_ACCESS,	/* MOV to/from DRn, for the core to do */
	XVM_X_FAIL_ENTRY,	/* the hardware refused the guest state */
	XVM_X_UNHANDLED,	/* an exit the backend did not expect */
};

/**
 * struct xvm_exit - an exit, decoded by the backend for the core.
 * @kind: enum xvm_exit_kind.
 * @insn_len: length of the instruction that exited (0 where unknown).
 * @io: XVM_X_IO: @port, @size (1, 2, 4), @in, @string, @rep, @addr_size
 *	(2, 4, 8) and @seg (segment of OUTS, XVM_SEG_*).
 * @fault: XVM_X_SLPT_FAULT: guest physical @gpa, @write, @fetch, and
 *	@insn_len bytes of the instruction in @insn where the hardware gave
 *	them (zero otherwise: the core fetches them itself).
 * @hw: XVM_X_FAIL_ENTRY and XVM_X_UNHANDLED: the backend's @reason and
 *	@qual.
 */
struct xvm_exit {
	u32 kind;
	u32 insn_len;
	union {
		struct {
			u16 port;
			u8 size;
			bool in;
			bool string;
			bool rep;
			u8 addr_size;
			u8 seg;
		} io;
		struct {
			u64 gpa;
			bool write;
			bool fetch;
			u8 insn_len;
			u8 insn[15];
		} fault;
		struct {
			u64 reason;
			u64 qual;
		} hw;
	};
};

/* vm.c */
void xvm_vm_put(struct xvm_vm *vm);
int xvm_dev_create_vm(unsigned long arg);
void xvm_vm_request_all(struct xvm_vm *vm, unsigned int req);

/* vcpu.c */
int xvm_vm_create_vcpu(struct xvm_vm *vm, unsigned long id);
void xvm_vcpu_free(struct xvm_vcpu *vcpu);
bool xvm_xcr0_valid(struct xvm_vcpu *vcpu, u64 xcr0);
void xvm_vcpu_kick(struct xvm_vcpu *vcpu, bool wait);

/* run.c */
int xvm_vcpu_run(struct xvm_vcpu *vcpu);

/* memslot.c */
int xvm_set_memory_region(struct xvm_vm *vm,
			  const struct xvm_memory_region *mr);
const struct xvm_memslot *xvm_gfn_to_slot(struct xvm_vm *vm, u64 gfn);
int xvm_memslot_check(const struct xvm_memslot *slots, unsigned int nslots,
		      unsigned int id, const struct xvm_memory_region *mr);
int xvm_read_guest_phys(struct xvm_vm *vm, u64 gpa, void *buf, size_t len);
int xvm_write_guest_phys(struct xvm_vm *vm, u64 gpa, const void *buf,
			 size_t len);

/* slpt.c */
int xvm_slpt_init(struct xvm_slpt *slpt);
void xvm_slpt_destroy(struct xvm_slpt *slpt);
int xvm_slpt_fault(struct xvm_vm *vm, u64 gpa, bool write);
void xvm_slpt_zap_gfn_range(struct xvm_vm *vm, u64 gfn, u64 npages);
int xvm_mmu_notifier_init(struct xvm_vm *vm);

/* cpuid.c */
int xvm_cpuid_supported(struct xvm_cpuid_entry *out, unsigned int max);
bool xvm_cpuid_filter(struct xvm_cpuid_entry *e,
		      const struct xvm_cpuid_entry *host);
int xvm_cpuid_set(struct xvm_vcpu *vcpu, const struct xvm_cpuid *arg);
void xvm_cpuid_lookup(struct xvm_vcpu *vcpu, u32 function, u32 index,
		      u32 *eax, u32 *ebx, u32 *ecx, u32 *edx);

/* msr.c */
int xvm_msr_get(struct xvm_vcpu *vcpu, u32 index, u64 *data, bool host);
int xvm_msr_set(struct xvm_vcpu *vcpu, u32 index, u64 data, bool host);
int xvm_msr_value_check(u32 index, u64 data);
int xvm_msrs_ioctl(struct xvm_vcpu *vcpu, void __user *argp, bool set);

/* guest.c: guest memory as the vCPU sees it */
unsigned int xvm_code_size(const struct xvm_sregs *sregs);
int xvm_gva_to_gpa(struct xvm_vcpu *vcpu, const struct xvm_sregs *sregs,
		   u64 gva, bool write, u64 *gpa);
unsigned int xvm_fetch_insn(struct xvm_vcpu *vcpu,
			    const struct xvm_sregs *sregs, u8 *insn);

/* Register access by index (0 = RAX ... 15 = R15), in struct xvm_regs order. */
static inline u64 *xvm_gpr(struct xvm_vcpu *vcpu, unsigned int reg)
{
	return &vcpu->regs.rax + reg;
}

static inline bool xvm_request_test_clear(struct xvm_vcpu *vcpu,
					  unsigned int req)
{
	return test_and_clear_bit(req, &vcpu->requests);
}

#endif /* XVM_XVM_H */
