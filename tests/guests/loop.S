/* SPDX-License-Identifier: GPL-2.0 */
/*
 * loop: prints a line and spins forever without an exit; only xvm-run's
 * --timeout ends it (status 124, "xvm-run: timeout").
 * Run: xvm-run --timeout 3 loop.elf. Expect: loop.expect, status 124.
 */
#include "guest.h"

	.code64
	.section .text.start, "ax"
	.globl _start
_start:
	PUTS(msg)
	jmp .

	.section .rodata
msg:
	.asciz "spinning forever\n"

	.section .note.GNU-stack, "", @progbits
