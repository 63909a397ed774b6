/* SPDX-License-Identifier: GPL-2.0 */
/*
 * hello64: a long-mode guest with two entry points, built both as ELF64
 * (hello64.elf) and as a flat binary (hello64.bin, the same bytes from
 * 0x100000), for xvm-run's --mode, --load and --entry:
 *   xvm-run hello64.elf                                  -> entry 1
 *   xvm-run --mode long64 --load 0x100000 hello64.bin    -> entry 1
 *   xvm-run --entry 0x100100 hello64.elf                 -> entry 2
 * Each prints which entry ran and its RSI/RDI, and exits 0.
 * Expect: hello64.expect (entry 1), status 0.
 */
#include "guest.h"

	.code64
	.section .text.start, "ax"
	.globl _start
_start:
	mov $msg1, %ebx
	jmp common

	.org 0x100
entry2:
	mov $msg2, %ebx

common:
	mov %rsi, %r12
	mov %rdi, %r13
	mov %rbx, %rdi
	call puts
	PUTS(msg_rsi)
	mov %r12, %rdi
	call putdec
	PUTS(msg_rdi)
	mov %r13, %rdi
	call putdec
	mov $'\n', %edi
	call putc
	xor %edi, %edi
	call exit

	.section .rodata
msg1:
	.asciz "hello from long mode, entry 1"
msg2:
	.asciz "hello from long mode, entry 2"
msg_rsi:
	.asciz ", rsi "
msg_rdi:
	.asciz ", rdi "

	.section .note.GNU-stack, "", @progbits
