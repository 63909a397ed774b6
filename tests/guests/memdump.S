/* SPDX-License-Identifier: GPL-2.0 */
/*
 * memdump: guest memory seen from both sides. Prints the NUL-terminated
 * string that xvm-run's --poke put at 0x300000 before start, then writes
 * bytes 0x00-0x1f at 0x200000 and the quadword 0xdeadbeefcafef00d at
 * 0x200020 for --dump to show after exit.
 * Run: xvm-run --poke 0x300000:<hex of "poked by the VMM\n\0">
 *	--dump 0x200000:40 memdump.elf
 * Expect: memdump.expect (guest line, then the dump), status 0.
 */
#include "guest.h"

	.code64
	.section .text.start, "ax"
	.globl _start
_start:
	call idt_init
	PUTS(msg)
	mov $0x300000, %edi
	call puts

	mov $0x200000, %edi
	xor %eax, %eax
1:	mov %al, (%rdi, %rax)
	inc %eax
	cmp $32, %eax
	jb 1b
	movabs $0xdeadbeefcafef00d, %rax
	mov %rax, 0x200020
	xor %edi, %edi
	call exit

	.section .rodata
msg:
	.asciz "guest read: "

	.section .note.GNU-stack, "", @progbits
