/* SPDX-License-Identifier: GPL-2.0 */
/*
 * smp: every vCPU starts here (RSI = its index, RDI = the vCPU count,
 * its own stack). Each adds one to a shared counter with LOCK XADD and
 * marks its slot; the APs then halt for good, vCPU 0 waits until all have
 * checked in, checks the slots and prints the count.
 * Run: xvm-run --cpus 4 --timeout 60 smp.elf. Expect: smp.expect (for
 * 4 vCPUs), status 0.
 */
#include "guest.h"

	.code64
	.section .text.start, "ax"
	.globl _start
_start:
	mov $1, %eax
	lock xadd %eax, counter
	cmp $64, %esi
	jae ap
	movb $1, slots(%rsi)
	mov %rsp, stacks(, %rsi, 8)
	test %esi, %esi
	jnz ap

	call idt_init
	mov %edi, %r12d
1:	pause
	cmp counter, %r12d
	jne 1b
	/* each index exactly once, each stack its own */
	xor %ecx, %ecx
2:	cmpb $1, slots(%rcx)
	jne fail
	mov stacks(, %rcx, 8), %rax
	mov $0x10000, %edx
	mov %ecx, %r8d
	shl $11, %r8d
	sub %r8, %rdx
	cmp %rdx, %rax
	jne fail
	inc %ecx
	cmp %r12d, %ecx
	jb 2b
	PUTS(msg)
	mov %r12, %rdi
	call putdec
	mov $'\n', %edi
	call putc
	xor %edi, %edi
	call exit
fail:
	PUTS(msg_fail)
	mov $1, %edi
	call exit

ap:
	cli
	hlt
	jmp ap

	.section .rodata
msg:
	.asciz "vCPUs checked in: "
msg_fail:
	.asciz "smp: FAILED\n"

	.data
	.balign 64
counter:
	.long 0
	.balign 64
slots:
	.skip 64
stacks:
	.skip 64 * 8

	.section .note.GNU-stack, "", @progbits
