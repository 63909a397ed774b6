/* SPDX-License-Identifier: GPL-2.0 */
/*
 * triple: loads an empty IDT and executes ud2. #UD cannot be delivered,
 * nor the #DF that follows: a triple fault, which xvm-run reports as
 * "xvm-run: guest shutdown (triple fault)" with exit status 125.
 * Run: xvm-run triple.elf. Expect: triple.expect, status 125.
 */
#include "guest.h"

	.code64
	.section .text.start, "ax"
	.globl _start
_start:
	PUTS(msg)
	lidt null_idtr
	ud2
	/* Not reached. */
	PUTS(msg_fail)
	mov $1, %edi
	call exit

	.section .rodata
msg:
	.asciz "loading an empty IDT, then ud2\n"
msg_fail:
	.asciz "triple: still running after ud2\n"
	.balign 8
null_idtr:
	.word 0
	.quad 0

	.section .note.GNU-stack, "", @progbits
