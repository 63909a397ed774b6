/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Entering an SVM guest and coming back.
 *
 * void __svm_vcpu_run(u64 vmcb_pa, struct xvm_regs *regs, u64 host_save_pa)
 *
 * Called with GIF clear (CLGI) and interrupts off: RFLAGS.IF is set only
 * around VMRUN so that a host interrupt makes the guest exit, and is taken
 * once the caller sets GIF again and enables interrupts.
 */
#include <linux/linkage.h>
#include <asm/asm.h>
#include <asm/nospec-branch.h>

/* Offsets in struct xvm_regs (uapi/xvm.h). */
#define REG_RCX	8
#define REG_RDX	16
#define REG_RBX	24
#define REG_RBP	40
#define REG_RSI	48
#define REG_RDI	56
#define REG_R8	64
#define REG_R9	72
#define REG_R10	80
#define REG_R11	88
#define REG_R12	96
#define REG_R13	104
#define REG_R14	112
#define REG_R15	120

	.text
SYM_FUNC_START(__svm_vcpu_run)
	push %rbp
	mov  %rsp, %rbp
	push %r15
	push %r14
	push %r13
	push %r12
	push %rbx

	/* Kept for after VMRUN, when every register holds a guest value. */
	push %rdx
	push %rsi
	push %rdi

	/* The host's FS/GS/TR/LDTR and syscall MSRs: VMRUN keeps none. */
	mov %rdx, %rax
	vmsave %rax

	/* The guest's GPRs; RAX and RSP travel in the VMCB. */
	mov %rsi, %rax
	mov REG_RCX(%rax), %rcx
	mov REG_RDX(%rax), %rdx
	mov REG_RBX(%rax), %rbx
	mov REG_RBP(%rax), %rbp
	mov REG_RSI(%rax), %rsi
	mov REG_RDI(%rax), %rdi
	mov REG_R8(%rax),  %r8
	mov REG_R9(%rax),  %r9
	mov REG_R10(%rax), %r10
	mov REG_R11(%rax), %r11
	mov REG_R12(%rax), %r12
	mov REG_R13(%rax), %r13
	mov REG_R14(%rax), %r14
	mov REG_R15(%rax), %r15

	mov (%rsp), %rax
	vmload %rax
	VM_CLEAR_CPU_BUFFERS
	sti
	vmrun %rax
	cli
	/* RAX is the VMCB address again: VMRUN restored the host's. */
	vmsave %rax

	/* Drop @vmcb_pa; @regs to RAX, the one free register. */
	add $8, %rsp
	pop %rax
	mov %rcx, REG_RCX(%rax)
	mov %rdx, REG_RDX(%rax)
	mov %rbx, REG_RBX(%rax)
	mov %rbp, REG_RBP(%rax)
	mov %rsi, REG_RSI(%rax)
	mov %rdi, REG_RDI(%rax)
	mov %r8,  REG_R8(%rax)
	mov %r9,  REG_R9(%rax)
	mov %r10, REG_R10(%rax)
	mov %r11, REG_R11(%rax)
	mov %r12, REG_R12(%rax)
	mov %r13, REG_R13(%rax)
	mov %r14, REG_R14(%rax)
	mov %r15, REG_R15(%rax)

	/* The host's state back before anything uses GS. */
	pop %rax
	vmload %rax

	/* The guest may have poisoned the return stack: refill it first. */
	FILL_RETURN_BUFFER %rax, RSB_CLEAR_LOOPS, X86_FEATURE_RSB_VMEXIT
	UNTRAIN_RET

	/* No guest value lingers in a register to be used speculatively. */
	xor %ecx, %ecx
	xor %edx, %edx
	xor %esi, %esi
	xor %edi, %edi
	xor %r8d, %r8d
	xor %r9d, %r9d
	xor %r10d, %r10d
	xor %r11d, %r11d

	pop %rbx
	pop %r12
	pop %r13
	pop %r14
	pop %r15
	pop %rbp
	RET
SYM_FUNC_END(__svm_vcpu_run)
