/* SPDX-License-Identifier: GPL-2.0 */
/*
 * hello: real mode, flat binary. Prints "Hello from xvm guest" and exits
 * with status 0 through the debug-exit port.
 * Run: xvm-run hello.bin. Expect: hello.expect, status 0.
 */
#include "guest.h"

	.code16
	.section .text.start, "ax"
	.globl _start
_start:
	mov $msg, %si
1:	lodsb
	test %al, %al
	jz 2f
	call putc16
	jmp 1b
2:	xor %al, %al
	out %al, $EXIT_PORT
3:	cli
	hlt
	jmp 3b

putc16:
	push %ax
	push %dx
	mov %al, %ah
	mov $SERIAL_LSR, %dx
1:	in (%dx), %al
	test $0x20, %al
	jz 1b
	mov %ah, %al
	mov $SERIAL_PORT, %dx
	out %al, (%dx)
	pop %dx
	pop %ax
	ret

msg:
	.asciz "Hello from xvm guest\n"

	.section .note.GNU-stack, "", @progbits
