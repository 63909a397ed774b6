/* SPDX-License-Identifier: GPL-2.0 */
/*
 * migrate: a long computation whose state lives in general registers and
 * in an SSE register, with a port I/O exit every 256 steps, so that the
 * vCPU thread is switched out, moved to another CPU and back many times
 * while the guest runs (the test moves it with taskset). 200000 steps of
 * the 64-bit LCG x = x * 6364136223846793005 + 1442695040888963407 from
 * x = 1 end at 0x2044b8f03f610f41; XMM0 carries a copy that must agree.
 * Run: xvm-run --test-dev migrate.elf. Expect: migrate.expect, status 0.
 */
#include "guest.h"

#define STEPS	200000

	.code64
	.section .text.start, "ax"
	.globl _start
_start:
	mov $1, %rbx
	movq %rbx, %xmm0
	mov $6364136223846793005, %r12
	mov $1442695040888963407, %r13
	mov $STEPS, %r14d
1:
	mov %rbx, %rax
	mul %r12
	add %r13, %rax
	mov %rax, %rbx
	movq %rax, %xmm0
	test $0xff, %r14d
	jnz 2f
	/* An exit to userspace and back: the echo port returns the value. */
	mov $TESTDEV_PORT + 4, %dx
	out %eax, (%dx)
	mov %eax, %ecx
	xor %eax, %eax
	in (%dx), %eax
	cmp %eax, %ecx
	jne fail
2:
	movq %xmm0, %rax
	cmp %rax, %rbx
	jne fail
	dec %r14d
	jnz 1b

	mov $0x2044b8f03f610f41, %rax
	cmp %rax, %rbx
	jne fail
	PUTS(msg_ok)
	xor %edi, %edi
	call exit
fail:
	PUTS(msg_fail)
	mov $1, %edi
	call exit

	.section .rodata
msg_ok:
	.asciz "migrate: state intact\n"
msg_fail:
	.asciz "migrate: FAILED\n"

	.section .note.GNU-stack, "", @progbits
