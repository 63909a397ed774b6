/* SPDX-License-Identifier: GPL-2.0 */
/*
 * exceptions: faults delivered through the guest's own IDT. Each handler
 * records the vector, error code and CR2, and resumes after the faulting
 * instruction (whose length the test sets in "skip"): #UD (ud2), #DE
 * (div by zero), #BP (int3, a trap: nothing to skip), #GP (non-canonical
 * address) and #PF (an address beyond xvm-run's 4 GiB identity map).
 * Run: xvm-run exceptions.elf. Expect: exceptions.expect, status 0.
 */
#include "guest.h"

	.macro handler name, vec, has_err
\name:
	.if \has_err == 0
	push $0
	.endif
	push %rax
	movl $\vec, last_vector
	mov 8(%rsp), %rax
	mov %rax, last_err
	mov %cr2, %rax
	mov %rax, last_cr2
	mov skip, %rax
	add %rax, 16(%rsp)
	incl count
	pop %rax
	add $8, %rsp
	iretq
	.endm

/* Arm the handlers for a faulting instruction of \len bytes. */
	.macro arm len
	movq $\len, skip
	movl $-1, last_vector
	.endm

	.code64
	.section .text.start, "ax"
	.globl _start
_start:
	call idt_init
	mov $0, %edi
	mov $h_de, %esi
	call set_gate
	mov $3, %edi
	mov $h_bp, %esi
	call set_gate
	mov $6, %edi
	mov $h_ud, %esi
	call set_gate
	mov $13, %edi
	mov $h_gp, %esi
	call set_gate
	mov $14, %edi
	mov $h_pf, %esi
	call set_gate

	arm 2
	ud2
	cmpl $6, last_vector
	jne fail
	PUTS(msg_ud)

	arm 2
	xor %edx, %edx
	mov $1234, %eax
	xor %ecx, %ecx
	div %ecx			/* f7 f1 */
	cmpl $0, last_vector
	jne fail
	PUTS(msg_de)

	arm 0
	int3
	cmpl $3, last_vector
	jne fail
	PUTS(msg_bp)

	arm 3
	movabs $0x8000000000000000, %rax
	mov (%rax), %rbx		/* 48 8b 18 */
	cmpl $13, last_vector
	jne fail
	cmpq $0, last_err
	jne fail
	PUTS(msg_gp)

	arm 3
	movabs $0x200000000, %rax
	mov (%rax), %rbx		/* 48 8b 18 */
	cmpl $14, last_vector
	jne fail
	cmpq $0, last_err		/* not present, read, supervisor */
	jne fail
	movabs $0x200000000, %rax
	cmp last_cr2, %rax
	jne fail
	PUTS(msg_pf)

	cmpl $5, count
	jne fail
	PUTS(msg_done)
	xor %edi, %edi
	call exit
fail:
	PUTS(msg_fail)
	mov last_vector, %edi
	call putdec
	mov $'\n', %edi
	call putc
	mov $1, %edi
	call exit

	handler h_de, 0, 0
	handler h_bp, 3, 0
	handler h_ud, 6, 0
	handler h_gp, 13, 1
	handler h_pf, 14, 1

	.section .rodata
msg_ud:
	.asciz "#UD handled\n"
msg_de:
	.asciz "#DE handled\n"
msg_bp:
	.asciz "#BP handled\n"
msg_gp:
	.asciz "#GP handled (error code 0)\n"
msg_pf:
	.asciz "#PF handled (cr2 0x200000000, error code 0)\n"
msg_done:
	.asciz "5 exceptions, all resumed\n"
msg_fail:
	.asciz "exceptions: FAILED, last vector "

	.data
	.balign 8
skip:
	.quad 0
last_err:
	.quad 0
last_cr2:
	.quad 0
last_vector:
	.long 0
count:
	.long 0

	.section .note.GNU-stack, "", @progbits
