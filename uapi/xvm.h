/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/*
 * xvm: the user ABI of the xvm hypervisor module, version 1.
 *
 * /dev/xvm answers the system ioctls (XVM_GET_API_VERSION,
 * XVM_GET_CAPABILITIES, XVM_GET_SUPPORTED_CPUID, XVM_CREATE_VM).
 * XVM_CREATE_VM returns a VM file descriptor; XVM_CREATE_VCPU on it returns
 * a vCPU file descriptor, whose first page (struct xvm_run) is mmap'd by
 * the VMM and tells why XVM_RUN returned.
 *
 * Every struct is of fixed size, holds only __u8/__u16/__u32/__u64 fields,
 * carries addresses as __u64, and has reserved fields that must be zero
 * (-EINVAL otherwise). Unknown ioctls get -ENOTTY.
 *
 * Documentation/api.rst is the reference.
 */
#ifndef _UAPI_XVM_H
#define _UAPI_XVM_H

#include <linux/types.h>
#include <linux/ioctl.h>

#ifndef __KERNEL__
#include <assert.h>
#endif

#ifndef static_assert
#define static_assert _Static_assert
#endif

/** XVM_API_VERSION - the ABI version described by this header. */
#define XVM_API_VERSION 1

/** XVMIO - the ioctl type byte of xvm. */
#define XVMIO 0xE7

/* Backends reported in &struct xvm_capabilities.backend. */
#define XVM_BACKEND_VMX 1	/* Intel VT-x with EPT */
#define XVM_BACKEND_SVM 2	/* AMD-V with NPT */

/* Feature bits reported in &struct xvm_capabilities.features. */
#define XVM_FEAT_READONLY_MEM	(1ULL << 0) /* XVM_MEM_READONLY slots */
#define XVM_FEAT_UNRESTRICTED	(1ULL << 1) /* real mode runs natively */
#define XVM_FEAT_LARGE_PAGES	(1ULL << 2) /* 2 MiB second-level pages */
#define XVM_FEAT_XSAVE		(1ULL << 3) /* XVM_GET_FPU carries XSAVE */
#define XVM_FEAT_KICK		(1ULL << 4) /* XVM_KICK */
#define XVM_FEAT_MMIO_DECODE	(1ULL << 5) /* MMIO exits are decoded */
#define XVM_FEAT_STRING_IO	(1ULL << 6) /* INS/OUTS done in the kernel */

/**
 * struct xvm_capabilities - what this module and this CPU support.
 * @api_version: XVM_API_VERSION of the module.
 * @backend: XVM_BACKEND_VMX or XVM_BACKEND_SVM.
 * @features: XVM_FEAT_* bits.
 * @max_vcpus: vCPUs per VM; vCPU ids run from 0 to @max_vcpus - 1.
 * @max_mem_slots: memory slots per VM; slot ids run from 0.
 * @max_cpuid_entries: entries accepted by XVM_SET_CPUID.
 * @max_msrs: entries accepted by one XVM_GET_MSRS or XVM_SET_MSRS.
 * @run_size: bytes to mmap from a vCPU file descriptor.
 * @fpu_size: bytes of &struct xvm_fpu.
 * @reserved: zero.
 */
struct xvm_capabilities {
	__u32 api_version;
	__u32 backend;
	__u64 features;
	__u32 max_vcpus;
	__u32 max_mem_slots;
	__u32 max_cpuid_entries;
	__u32 max_msrs;
	__u32 run_size;
	__u32 fpu_size;
	__u64 reserved[4];
};
static_assert(sizeof(struct xvm_capabilities) == 72, "xvm_capabilities");

/* Flags of &struct xvm_memory_region. */
#define XVM_MEM_READONLY (1U << 0) /* guest writes exit as MMIO */

/**
 * struct xvm_memory_region - map user memory into guest physical space.
 * @slot: slot number, below max_mem_slots.
 * @flags: XVM_MEM_* flags.
 * @guest_phys_addr: guest physical address of the first byte; page aligned.
 * @size: bytes; page aligned. Zero deletes the slot.
 * @userspace_addr: address of the backing memory in the caller; page
 *	aligned. 2 MiB alignment of both addresses allows 2 MiB pages.
 * @reserved: zero.
 *
 * Setting a slot that exists replaces it (a move or a resize); slots may not
 * overlap in guest physical space (-EEXIST).
 */
struct xvm_memory_region {
	__u32 slot;
	__u32 flags;
	__u64 guest_phys_addr;
	__u64 size;
	__u64 userspace_addr;
	__u64 reserved[2];
};
static_assert(sizeof(struct xvm_memory_region) == 48, "xvm_memory_region");

/**
 * struct xvm_regs - general registers of a vCPU.
 * @rax: and the fifteen that follow, by name.
 * @rip: instruction pointer.
 * @rflags: flags; bit 1 always reads as one.
 */
struct xvm_regs {
	__u64 rax, rcx, rdx, rbx, rsp, rbp, rsi, rdi;
	__u64 r8, r9, r10, r11, r12, r13, r14, r15;
	__u64 rip, rflags;
};
static_assert(sizeof(struct xvm_regs) == 144, "xvm_regs");

/**
 * struct xvm_segment - a segment register with its hidden part.
 * @base: base address.
 * @limit: limit in bytes (already scaled by the granularity bit).
 * @selector: visible selector.
 * @type: descriptor type (4 bits).
 * @present: P bit.
 * @dpl: privilege level.
 * @db: D/B bit.
 * @s: S bit (code or data, not system).
 * @l: L bit (64-bit code).
 * @g: granularity bit.
 * @avl: available bit.
 * @unusable: the register holds no usable segment (a null selector).
 * @reserved: zero.
 */
struct xvm_segment {
	__u64 base;
	__u32 limit;
	__u16 selector;
	__u8 type;
	__u8 present, dpl, db, s, l, g, avl, unusable;
	__u8 reserved[1];
};
static_assert(sizeof(struct xvm_segment) == 24, "xvm_segment");

/**
 * struct xvm_dtable - a descriptor-table register (GDTR, IDTR).
 * @base: linear base address.
 * @limit: limit in bytes.
 * @reserved: zero.
 */
struct xvm_dtable {
	__u64 base;
	__u16 limit;
	__u16 reserved[3];
};
static_assert(sizeof(struct xvm_dtable) == 16, "xvm_dtable");

/**
 * struct xvm_sregs - segment, control and descriptor-table registers.
 * @cs: and the seven that follow, the segment registers.
 * @gdt: GDTR.
 * @idt: IDTR.
 * @cr0: CR0. Bits the CPU requires (CD/NW clear) are checked on set.
 * @cr2: CR2.
 * @cr3: CR3.
 * @cr4: CR4. VMXE/SMXE may not be set.
 * @cr8: task priority (CR8).
 * @efer: IA32_EFER. SVME may not be set.
 * @reserved: zero.
 */
struct xvm_sregs {
	struct xvm_segment cs, ds, es, fs, gs, ss, tr, ldt;
	struct xvm_dtable gdt, idt;
	__u64 cr0, cr2, cr3, cr4, cr8, efer;
	__u64 reserved[4];
};
static_assert(sizeof(struct xvm_sregs) == 8 * 24 + 2 * 16 + 10 * 8,
	      "xvm_sregs");

/**
 * struct xvm_debugregs - debug registers.
 * @db: DR0-DR3.
 * @dr6: DR6.
 * @dr7: DR7.
 * @reserved: zero.
 */
struct xvm_debugregs {
	__u64 db[4];
	__u64 dr6;
	__u64 dr7;
	__u64 reserved[2];
};
static_assert(sizeof(struct xvm_debugregs) == 64, "xvm_debugregs");

/**
 * struct xvm_fpu - x87, SSE and AVX state in the standard XSAVE format.
 * @xcr0: the guest's XCR0 (XFEATURE_MASK bits; bit 0 always set).
 * @reserved: zero.
 * @xsave: the XSAVE image, non-compacted: legacy area (512 bytes), XSAVE
 *	header (64 bytes), extended components at their standard offsets.
 */
struct xvm_fpu {
	__u64 xcr0;
	__u64 reserved[7];
	__u8 xsave[4096 - 64];
};
static_assert(sizeof(struct xvm_fpu) == 4096, "xvm_fpu");

/**
 * struct xvm_msr_entry - one MSR.
 * @index: MSR number.
 * @reserved: zero.
 * @data: value.
 */
struct xvm_msr_entry {
	__u32 index;
	__u32 reserved;
	__u64 data;
};
static_assert(sizeof(struct xvm_msr_entry) == 16, "xvm_msr_entry");

/**
 * struct xvm_msrs - a list of MSRs to get or set.
 * @nmsrs: entries at @entries; at most max_msrs.
 * @reserved: zero.
 * @entries: user address of an array of &struct xvm_msr_entry.
 *
 * XVM_GET_MSRS and XVM_SET_MSRS return the number of entries processed; a
 * short count means the entry at that index is not supported (or its value
 * is invalid, for a set).
 */
struct xvm_msrs {
	__u32 nmsrs;
	__u32 reserved;
	__u64 entries;
};
static_assert(sizeof(struct xvm_msrs) == 16, "xvm_msrs");

/* Flags of &struct xvm_cpuid_entry. */
#define XVM_CPUID_INDEXED (1U << 0) /* @index (ECX on input) is significant */

/**
 * struct xvm_cpuid_entry - the answer to one CPUID leaf.
 * @function: EAX on input.
 * @index: ECX on input, where XVM_CPUID_INDEXED is set.
 * @flags: XVM_CPUID_* flags.
 * @eax: output EAX, and the three that follow.
 * @reserved: zero.
 */
struct xvm_cpuid_entry {
	__u32 function;
	__u32 index;
	__u32 flags;
	__u32 eax, ebx, ecx, edx;
	__u32 reserved[3];
};
static_assert(sizeof(struct xvm_cpuid_entry) == 40, "xvm_cpuid_entry");

/**
 * struct xvm_cpuid - a CPUID table.
 * @nent: entries at @entries; at most max_cpuid_entries.
 * @reserved: zero.
 * @entries: user address of an array of &struct xvm_cpuid_entry.
 *
 * XVM_GET_SUPPORTED_CPUID fills it with the leaves and bits the module can
 * give a guest (returning the count; -E2BIG with @nent updated if too
 * small). XVM_SET_CPUID sets a vCPU's table: bits outside the supported
 * table are cleared. A leaf not in the table reads as zero.
 */
struct xvm_cpuid {
	__u32 nent;
	__u32 reserved;
	__u64 entries;
};
static_assert(sizeof(struct xvm_cpuid) == 16, "xvm_cpuid");

/* Types of &struct xvm_event. */
#define XVM_EVENT_EXCEPTION 0	/* a hardware exception, @vector < 32 */
#define XVM_EVENT_INTERRUPT 1	/* an external interrupt */
#define XVM_EVENT_NMI	    2	/* a non-maskable interrupt */

/**
 * struct xvm_event - an event for the vCPU to take.
 * @type: XVM_EVENT_*.
 * @vector: exception or interrupt vector.
 * @has_error_code: an exception with an error code.
 * @error_code: pushed where @has_error_code.
 * @reserved: zero.
 *
 * Exceptions and NMIs are delivered at the next entry. An interrupt is
 * delivered once the guest can take it (RFLAGS.IF set, no interrupt
 * shadow); until then it is held. XVM_INJECT_EVENT fails with -EBUSY while
 * an event of the same kind is still held.
 */
struct xvm_event {
	__u32 type;
	__u32 vector;
	__u32 has_error_code;
	__u32 error_code;
	__u64 reserved[2];
};
static_assert(sizeof(struct xvm_event) == 32, "xvm_event");

/* Exit reasons, in &struct xvm_run.exit_reason. */
#define XVM_EXIT_NONE		0 /* no exit yet */
#define XVM_EXIT_IO		1 /* port I/O; see @io */
#define XVM_EXIT_MMIO		2 /* access outside the slots; see @mmio */
#define XVM_EXIT_HLT		3 /* HLT with no event to deliver */
#define XVM_EXIT_SHUTDOWN	4 /* triple fault; the vCPU must be reset */
#define XVM_EXIT_FAIL_ENTRY	5 /* the hardware refused entry; @fail_entry */
#define XVM_EXIT_INTERNAL_ERROR 6 /* the module cannot go on; @internal */
#define XVM_EXIT_INTR		7 /* a signal or XVM_KICK ended the run */
#define XVM_EXIT_IRQ_WINDOW	8 /* the guest can take an interrupt now */
#define XVM_EXIT_MSR		9 /* RDMSR/WRMSR of an MSR left to the VMM */

/* Directions of I/O and MMIO exits. */
#define XVM_EXIT_IO_IN	0
#define XVM_EXIT_IO_OUT 1

/* Suberrors of XVM_EXIT_INTERNAL_ERROR. */
#define XVM_INTERNAL_EMULATION	1 /* an instruction could not be emulated */
#define XVM_INTERNAL_UNEXPECTED 2 /* an exit the module does not handle */
#define XVM_INTERNAL_EVENT	3 /* an event could not be delivered */

/**
 * struct xvm_run - the shared run page of a vCPU (mmap'd, run_size bytes).
 * @request_interrupt_window: in: exit with XVM_EXIT_IRQ_WINDOW as soon as
 *	the guest can take an interrupt and none is held.
 * @immediate_exit: in: XVM_RUN returns -EINTR at once, before entry.
 * @reserved0: zero.
 * @exit_reason: out: XVM_EXIT_*.
 * @ready_for_interrupt: out: the guest could take an interrupt now.
 * @if_flag: out: the guest's RFLAGS.IF.
 * @reserved1: zero.
 * @rip: out: the guest's RIP at the exit.
 * @io: out, XVM_EXIT_IO: one port access. @size is 1, 2 or 4 bytes. For
 *	an OUT, @data holds the value written. For an IN, the VMM stores the
 *	value read in @data before the next XVM_RUN, which completes the
 *	instruction. String forms (INS/OUTS, with or without REP) exit once
 *	per element, and the module moves the data to and from guest memory.
 * @mmio: out, XVM_EXIT_MMIO: one access to guest physical @phys_addr that
 *	no slot backs (or a write to a read-only slot). @len is 1, 2, 4 or 8
 *	bytes; for a write, @data holds the bytes written. For a read, the
 *	VMM stores the bytes read in @data before the next XVM_RUN. @insn_len
 *	bytes of the instruction are in @insn. Where @decoded is zero the
 *	module could not decode the instruction: the VMM must emulate it
 *	itself (and set RIP) or fail.
 * @fail_entry: out, XVM_EXIT_FAIL_ENTRY: the backend's reason code
 *	(VMX: basic exit reason with bit 31 set, or the VM-instruction error;
 *	SVM: VMEXIT_INVALID) and a qualification.
 * @internal: out, XVM_EXIT_INTERNAL_ERROR: @suberror and @ndata words.
 * @msr: out, XVM_EXIT_MSR: RDMSR (@is_write 0) or WRMSR of @index. The VMM
 *	sets @data (for a read) and @error (non-zero raises #GP) before the
 *	next XVM_RUN.
 * @padding: the size of the union.
 */
struct xvm_run {
	__u8 request_interrupt_window;
	__u8 immediate_exit;
	__u8 reserved0[6];

	__u32 exit_reason;
	__u8 ready_for_interrupt;
	__u8 if_flag;
	__u8 reserved1[2];
	__u64 rip;

	union {
		struct {
			__u8 direction;
			__u8 size;
			__u16 port;
			__u32 data;
		} io;
		struct {
			__u64 phys_addr;
			__u8 data[8];
			__u32 len;
			__u8 is_write;
			__u8 decoded;
			__u8 insn_len;
			__u8 insn[15];
		} mmio;
		struct {
			__u64 reason;
			__u64 qualification;
			__u32 cpu;
			__u32 pad;
		} fail_entry;
		struct {
			__u32 suberror;
			__u32 ndata;
			__u64 data[6];
		} internal;
		struct {
			__u32 index;
			__u8 is_write;
			__u8 error;
			__u8 pad[2];
			__u64 data;
		} msr;
		__u8 padding[256];
	};
};
static_assert(sizeof(struct xvm_run) == 280, "xvm_run");

/* ioctls of /dev/xvm */
#define XVM_GET_API_VERSION	_IO(XVMIO, 0x00)
#define XVM_GET_CAPABILITIES	_IOR(XVMIO, 0x01, struct xvm_capabilities)
#define XVM_CREATE_VM		_IO(XVMIO, 0x02) /* arg 0; returns a VM fd */
#define XVM_GET_SUPPORTED_CPUID _IOWR(XVMIO, 0x03, struct xvm_cpuid)

/* ioctls of a VM fd */
#define XVM_CREATE_VCPU		_IO(XVMIO, 0x10) /* arg: id; returns a vCPU fd */
#define XVM_SET_MEMORY_REGION	_IOW(XVMIO, 0x11, struct xvm_memory_region)

/* ioctls of a vCPU fd */
#define XVM_RUN			_IO(XVMIO, 0x20)
#define XVM_GET_REGS		_IOR(XVMIO, 0x21, struct xvm_regs)
#define XVM_SET_REGS		_IOW(XVMIO, 0x22, struct xvm_regs)
#define XVM_GET_SREGS		_IOR(XVMIO, 0x23, struct xvm_sregs)
#define XVM_SET_SREGS		_IOW(XVMIO, 0x24, struct xvm_sregs)
#define XVM_GET_DEBUGREGS	_IOR(XVMIO, 0x25, struct xvm_debugregs)
#define XVM_SET_DEBUGREGS	_IOW(XVMIO, 0x26, struct xvm_debugregs)
#define XVM_GET_FPU		_IOR(XVMIO, 0x27, struct xvm_fpu)
#define XVM_SET_FPU		_IOW(XVMIO, 0x28, struct xvm_fpu)
#define XVM_GET_MSRS		_IOWR(XVMIO, 0x29, struct xvm_msrs)
#define XVM_SET_MSRS		_IOW(XVMIO, 0x2a, struct xvm_msrs)
#define XVM_SET_CPUID		_IOW(XVMIO, 0x2b, struct xvm_cpuid)
#define XVM_INJECT_EVENT	_IOW(XVMIO, 0x2c, struct xvm_event)
#define XVM_KICK		_IO(XVMIO, 0x2d) /* end a run, from any thread */

#endif /* _UAPI_XVM_H */
