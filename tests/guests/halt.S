/* SPDX-License-Identifier: GPL-2.0 */
/*
 * halt: real mode, flat binary. Prints a line and halts with interrupts
 * off: no interrupt can ever come, so xvm-run reports "xvm-run: guest
 * halted" and exits 0.
 * Run: xvm-run halt.bin. Expect: halt.expect, status 0.
 */
#include "guest.h"

	.code16
	.section .text.start, "ax"
	.globl _start
_start:
	mov $msg, %si
	mov $SERIAL_PORT, %dx
1:	lodsb
	test %al, %al
	jz 2f
	out %al, (%dx)
	jmp 1b
2:	cli
	hlt
	/* Not reached: tell the test. */
	mov $1, %al
	out %al, $EXIT_PORT

msg:
	.asciz "halting with IF=0\n"

	.section .note.GNU-stack, "", @progbits
