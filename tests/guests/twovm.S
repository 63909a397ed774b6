/* SPDX-License-Identifier: GPL-2.0 */
/*
 * twovm: run twice at once in two VMs, each given its own seed byte at
 * 0x300000 by --poke. Fills 1 MiB at 0x400000 with a pattern made from
 * the seed, then checks it 128 times over, with port exits in between so
 * that the other VM runs meanwhile. Same guest physical addresses in both
 * VMs: each must only ever see its own pattern.
 * Run: xvm-run --poke 0x300000:SS --dump 0x400000:16 twovm.elf, twice.
 * Expect: "vm SS: pattern intact" and the dump of the pattern, status 0.
 */
#include "guest.h"

#define BUF	0x400000
#define WORDS	(0x100000 / 8)
#define ROUNDS	128

	.code64
	.section .text.start, "ax"
	.globl _start
_start:
	call idt_init
	movzbl 0x300000, %r12d
	movabs $0x0101010101010101, %r13
	imul %r12, %r13			/* seed in every byte */

	xor %ecx, %ecx
1:	mov %r13, %rax
	xor %rcx, %rax
	mov %rax, BUF(, %rcx, 8)
	inc %ecx
	cmp $WORDS, %ecx
	jb 1b

	mov $ROUNDS, %r14d
2:	xor %ecx, %ecx
3:	mov %r13, %rax
	xor %rcx, %rax
	cmp BUF(, %rcx, 8), %rax
	jne fail
	inc %ecx
	cmp $WORDS, %ecx
	jb 3b
	out %al, $0x80			/* exit to the VMM */
	dec %r14d
	jnz 2b

	PUTS(msg_vm)
	mov %r12, %rdi
	mov $2, %esi
	call puthex
	PUTS(msg_ok)
	xor %edi, %edi
	call exit
fail:
	PUTS(msg_vm)
	mov %r12, %rdi
	mov $2, %esi
	call puthex
	PUTS(msg_fail)
	mov %rcx, %rdi
	call puthex64
	mov $'\n', %edi
	call putc
	mov $1, %edi
	call exit

	.section .rodata
msg_vm:
	.asciz "vm "
msg_ok:
	.asciz ": pattern intact\n"
msg_fail:
	.asciz ": MISMATCH at word 0x"

	.section .note.GNU-stack, "", @progbits
