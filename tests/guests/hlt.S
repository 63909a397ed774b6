/* SPDX-License-Identifier: GPL-2.0 */
/*
 * hlt: HLT woken by interrupts that xvm-run injects (--tick-irq). The
 * guest takes vector 0x20, enables interrupts and halts until three ticks
 * came; HLT must really wait, so it may run at most four times.
 * Run: xvm-run --tick-irq 0x20:10 hlt.elf. Expect: hlt.expect, status 0.
 */
#include "guest.h"

	.code64
	.section .text.start, "ax"
	.globl _start
_start:
	call idt_init
	mov $0x20, %edi
	mov $tick_handler, %esi
	call set_gate
	PUTS(msg_start)
	xor %ebx, %ebx			/* HLTs executed */
	sti
1:	inc %ebx
	hlt
	cmpl $3, ticks
	jb 1b
	cli
	cmp $4, %ebx
	ja fail
	PUTS(msg_ok)
	xor %edi, %edi
	call exit
fail:
	PUTS(msg_fail)
	mov %rbx, %rdi
	call putdec
	mov $'\n', %edi
	call putc
	mov $1, %edi
	call exit

tick_handler:
	incl ticks
	iretq

	.section .rodata
msg_start:
	.asciz "halting until 3 ticks\n"
msg_ok:
	.asciz "hlt: woken by 3 ticks\n"
msg_fail:
	.asciz "hlt: FAILED, HLT executed times: "

	.data
ticks:
	.long 0

	.section .note.GNU-stack, "", @progbits
