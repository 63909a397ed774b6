/* SPDX-License-Identifier: GPL-2.0 */
/*
 * hello32: an ELF32 image, started by xvm-run in 32-bit protected mode
 * (flat segments, paging off). Checks that it is in protected mode with
 * paging off, prints its greeting and exits 0.
 * Run: xvm-run hello32.elf. Expect: hello32.expect, status 0.
 */
#include "guest.h"

	.code32
	.section .text.start, "ax"
	.globl _start
_start:
	mov $msg_hello, %esi
	call puts32
	mov %cr0, %eax
	and $0x80000001, %eax
	cmp $1, %eax		/* PE set, PG clear */
	jne fail
	mov %cs, %ax
	test $3, %ax		/* ring 0 */
	jnz fail
	mov $msg_ok, %esi
	call puts32
	xor %al, %al
	out %al, $EXIT_PORT
fail:
	mov $msg_fail, %esi
	call puts32
	mov $1, %al
	out %al, $EXIT_PORT
1:	cli
	hlt
	jmp 1b

puts32:
	push %eax
	push %edx
1:	mov $SERIAL_LSR, %dx
2:	in (%dx), %al
	test $0x20, %al
	jz 2b
	lodsb
	test %al, %al
	jz 3f
	mov $SERIAL_PORT, %dx
	out %al, (%dx)
	jmp 1b
3:	pop %edx
	pop %eax
	ret

	.section .rodata
msg_hello:
	.asciz "Hello from 32-bit protected mode\n"
msg_ok:
	.asciz "cr0: PE set, PG clear\n"
msg_fail:
	.asciz "hello32: FAILED\n"

	.section .note.GNU-stack, "", @progbits
