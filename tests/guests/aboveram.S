/* SPDX-License-Identifier: GPL-2.0 */
/*
 * aboveram: with --mem 64M, guest physical addresses from 64 MiB up have
 * no memory: accesses become MMIO exits that xvm-run answers like an
 * empty bus (reads all ones, writes dropped). Reads of 1, 2, 4 and 8
 * bytes at the first byte past RAM and further up, and a write that must
 * not stick. RAM just below the end still works.
 * Run: xvm-run --mem 64M aboveram.elf. Expect: aboveram.expect, status 0.
 */
#include "guest.h"

#define RAM_END	0x4000000

	.code64
	.section .text.start, "ax"
	.globl _start
_start:
	call idt_init
	mov $RAM_END, %ebx

	/* last quadword of RAM is RAM */
	movabs $0x0123456789abcdef, %rax
	mov %rax, -8(%rbx)
	cmp -8(%rbx), %rax
	jne fail
	PUTS(msg_ram)

	mov (%rbx), %rax
	cmp $-1, %rax
	jne fail
	mov 0x1000(%rbx), %eax
	cmp $0xffffffff, %eax
	jne fail
	mov $0x8000000, %ecx
	mov (%rcx), %ax
	cmp $0xffff, %ax
	jne fail
	mov $0xcffff000, %ecx
	mov (%rcx), %al
	cmp $0xff, %al
	jne fail
	PUTS(msg_reads)

	movl $0x12345678, 0x40(%rbx)
	mov 0x40(%rbx), %eax
	cmp $0xffffffff, %eax
	jne fail
	PUTS(msg_write)

	xor %edi, %edi
	call exit
fail:
	PUTS(msg_fail)
	mov $1, %edi
	call exit

	.section .rodata
msg_ram:
	.asciz "last quadword of RAM: ok\n"
msg_reads:
	.asciz "reads above RAM: all ones\n"
msg_write:
	.asciz "write above RAM: dropped\n"
msg_fail:
	.asciz "aboveram: FAILED\n"

	.section .note.GNU-stack, "", @progbits
