/* SPDX-License-Identifier: GPL-2.0 */
/*
 * mmio: MMIO of 1, 2, 4 and 8 bytes against the --test-dev echo page at
 * 0xd0000000, with plain MOV forms (store immediate, store register, load
 * register), and a read of a never-written offset (zero).
 * Run: xvm-run --test-dev mmio.elf. Expect: mmio.expect, status 0, and on
 * stderr e.g. "mmio w 0xd0000008 4 0x12345678".
 */
#include "guest.h"

	.code64
	.section .text.start, "ax"
	.globl _start
_start:
	call idt_init
	mov $TESTDEV_MMIO, %ebx

	movb $0x5a, (%rbx)
	mov (%rbx), %al
	cmp $0x5a, %al
	jne fail
	mov $0xa5, %cl
	mov %cl, 1(%rbx)
	movzbl 1(%rbx), %eax
	cmp $0xa5, %eax
	jne fail
	PUTS(msg_b)

	movw $0x1234, 4(%rbx)
	mov 4(%rbx), %ax
	cmp $0x1234, %ax
	jne fail
	PUTS(msg_w)

	movl $0x12345678, 8(%rbx)
	mov 8(%rbx), %ecx
	cmp $0x12345678, %ecx
	jne fail
	mov $0xcafef00d, %edx
	mov %edx, 0xc(%rbx)
	mov 0xc(%rbx), %esi
	cmp %edx, %esi
	jne fail
	PUTS(msg_l)

	movabs $0x1122334455667788, %rax
	mov %rax, 0x10(%rbx)
	mov 0x10(%rbx), %r9
	cmp %rax, %r9
	jne fail
	movq $-2, 0x18(%rbx)		/* imm32 sign-extended to 8 bytes */
	mov 0x18(%rbx), %rdx
	cmp $-2, %rdx
	jne fail
	/* a byte of the quadword, read alone */
	mov 0x13(%rbx), %al
	cmp $0x55, %al
	jne fail
	PUTS(msg_q)

	mov 0x800(%rbx), %rax		/* never written */
	test %rax, %rax
	jnz fail
	PUTS(msg_zero)

	xor %edi, %edi
	call exit
fail:
	PUTS(msg_fail)
	mov $1, %edi
	call exit

	.section .rodata
msg_b:
	.asciz "mmio byte: ok\n"
msg_w:
	.asciz "mmio word: ok\n"
msg_l:
	.asciz "mmio dword: ok\n"
msg_q:
	.asciz "mmio qword: ok\n"
msg_zero:
	.asciz "mmio unwritten reads zero: ok\n"
msg_fail:
	.asciz "mmio: FAILED\n"

	.section .note.GNU-stack, "", @progbits
