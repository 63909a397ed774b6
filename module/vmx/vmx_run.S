/* SPDX-License-Identifier: GPL-2.0 */
/*
 * VM entry and exit, after KVM's vmenter.S: callee-saved host registers on
 * the stack, HOST_RSP written from here, guest GPRs from struct xvm_regs
 * (RSP, RIP and RFLAGS are in the VMCS), VERW before entry where the host
 * clears CPU buffers, and after exit the RSB filled and branch history
 * cleared as the host's mitigations ask, before the first RET.
 */
#include <linux/linkage.h>
#include <asm/asm.h>
#include <asm/nospec-branch.h>
#include <asm/segment.h>
#include <asm/unwind_hints.h>

/* Offsets in struct xvm_regs (checked by static_assert in vmx.c). */
#define REGS_RAX	0
#define REGS_RCX	8
#define REGS_RDX	16
#define REGS_RBX	24
#define REGS_RBP	40
#define REGS_RSI	48
#define REGS_RDI	56
#define REGS_R8		64
#define REGS_R9		72
#define REGS_R10	80
#define REGS_R11	88
#define REGS_R12	96
#define REGS_R13	104
#define REGS_R14	112
#define REGS_R15	120

/* VMCS field encoding of HOST_RSP (checked in vmx.c). */
#define VMCS_HOST_RSP	0x6c14

#ifdef VM_CLEAR_CPU_BUFFERS
#define XVM_CLEAR_CPU_BUFFERS	VM_CLEAR_CPU_BUFFERS
#else
#define XVM_CLEAR_CPU_BUFFERS	CLEAR_CPU_BUFFERS
#endif

.section .text, "ax"

/**
 * __xvm_vmx_vcpu_run - enter the guest once.
 * @regs:	struct xvm_regs * (RDI)
 * @launched:	VMRESUME if true, else VMLAUNCH (RSI)
 *
 * Returns 0 after a VM exit, 1 if VMLAUNCH/VMRESUME failed (or faulted).
 */
SYM_FUNC_START(__xvm_vmx_vcpu_run)
	push %rbp
	mov  %rsp, %rbp
	push %r15
	push %r14
	push %r13
	push %r12
	push %rbx

	/* @regs, for after the exit. */
	push %rdi

	/* The exit lands with this RSP. */
	mov $VMCS_HOST_RSP, %eax
	vmwrite %rsp, %rax
	jbe .Lvmfail

	/* CF = @launched; nothing below changes CF until the jump. */
	mov %rdi, %rax
	bt $0, %esi

	mov REGS_RCX(%rax), %rcx
	mov REGS_RDX(%rax), %rdx
	mov REGS_RBX(%rax), %rbx
	mov REGS_RBP(%rax), %rbp
	mov REGS_RSI(%rax), %rsi
	mov REGS_RDI(%rax), %rdi
	mov REGS_R8(%rax),  %r8
	mov REGS_R9(%rax),  %r9
	mov REGS_R10(%rax), %r10
	mov REGS_R11(%rax), %r11
	mov REGS_R12(%rax), %r12
	mov REGS_R13(%rax), %r13
	mov REGS_R14(%rax), %r14
	mov REGS_R15(%rax), %r15
	mov REGS_RAX(%rax), %rax

	/* VERW, where the host mitigates MDS-like leaks; clobbers ZF only. */
	XVM_CLEAR_CPU_BUFFERS

	jnc .Lvmlaunch

	/*
	 * A successful entry comes back at xvm_vmx_vmexit with the stack as
	 * it is here: tell objtool to carry the unwind state over.
	 */
	UNWIND_HINT_SAVE

.Lvmresume:
	vmresume
	jmp .Lvmfail

.Lvmlaunch:
	vmlaunch
	jmp .Lvmfail

	_ASM_EXTABLE(.Lvmresume, .Lvmfail)
	_ASM_EXTABLE(.Lvmlaunch, .Lvmfail)

SYM_INNER_LABEL(xvm_vmx_vmexit, SYM_L_GLOBAL)
	UNWIND_HINT_RESTORE
	ENDBR

	/* Guest RAX aside, @regs back in RAX. */
	push %rax
	mov 8(%rsp), %rax

	pop           REGS_RAX(%rax)
	mov %rcx, REGS_RCX(%rax)
	mov %rdx, REGS_RDX(%rax)
	mov %rbx, REGS_RBX(%rax)
	mov %rbp, REGS_RBP(%rax)
	mov %rsi, REGS_RSI(%rax)
	mov %rdi, REGS_RDI(%rax)
	mov %r8,  REGS_R8(%rax)
	mov %r9,  REGS_R9(%rax)
	mov %r10, REGS_R10(%rax)
	mov %r11, REGS_R11(%rax)
	mov %r12, REGS_R12(%rax)
	mov %r13, REGS_R13(%rax)
	mov %r14, REGS_R14(%rax)
	mov %r15, REGS_R15(%rax)

	xor %ebx, %ebx

.Lclear_regs:
	/* Drop @regs. */
	pop %rax

	/* No guest value may steer speculation in the host. */
	xor %eax, %eax
	xor %ecx, %ecx
	xor %edx, %edx
	xor %ebp, %ebp
	xor %esi, %esi
	xor %edi, %edi
	xor %r8d,  %r8d
	xor %r9d,  %r9d
	xor %r10d, %r10d
	xor %r11d, %r11d
	xor %r12d, %r12d
	xor %r13d, %r13d
	xor %r14d, %r14d
	xor %r15d, %r15d

	/* Before the first unbalanced RET: as KVM does on this kernel. */
	FILL_RETURN_BUFFER %rcx, RSB_CLEAR_LOOPS, X86_FEATURE_RSB_VMEXIT,\
			   X86_FEATURE_RSB_VMEXIT_LITE

	CLEAR_BRANCH_HISTORY_VMEXIT

	mov %rbx, %rax

	pop %rbx
	pop %r12
	pop %r13
	pop %r14
	pop %r15
	pop %rbp
	RET

.Lvmfail:
	mov $1, %ebx
	jmp .Lclear_regs

SYM_FUNC_END(__xvm_vmx_vcpu_run)

/**
 * xvm_vmx_do_nmi_irqoff - hand an NMI that exited to the host's handler.
 * @entry:	the NMI entry point (RDI)
 *
 * Builds the interrupt frame the CPU would have pushed, so the handler's
 * IRET returns here and unblocks NMIs (as KVM's vmx_do_interrupt_nmi_irqoff).
 */
SYM_FUNC_START(xvm_vmx_do_nmi_irqoff)
	push %rbp
	mov %rsp, %rbp

	and  $-16, %rsp
	push $__KERNEL_DS
	push %rbp
	pushf
	push $__KERNEL_CS
	CALL_NOSPEC rdi

	mov %rbp, %rsp
	pop %rbp
	RET
SYM_FUNC_END(xvm_vmx_do_nmi_irqoff)
