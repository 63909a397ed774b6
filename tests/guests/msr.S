/* SPDX-License-Identifier: GPL-2.0 */
/*
 * msr: RDMSR/WRMSR. MSRs a guest owns (IA32_SYSENTER_CS, STAR, LSTAR,
 * KERNEL_GS_BASE) must read back what was written; an MSR nobody has
 * (0xdeadbeef, which xvm-run answers with #GP) and one the host keeps
 * (VM_HSAVE_PA, 0xc0010117) must raise #GP, caught by the guest's IDT.
 * Run: xvm-run msr.elf. Expect: msr.expect, status 0.
 */
#include "guest.h"

/* wrmsr %ecx <- \val, then rdmsr and compare; jne fail */
	.macro roundtrip msr, val
	mov $\msr, %ecx
	movabs $\val, %rax
	mov %rax, %rdx
	shr $32, %rdx
	wrmsr
	xor %eax, %eax
	xor %edx, %edx
	rdmsr
	shl $32, %rdx
	or %rdx, %rax
	movabs $\val, %rbx
	cmp %rbx, %rax
	jne fail
	.endm

/* \insn (rdmsr or wrmsr) of \msr must #GP exactly once. */
	.macro expect_gp insn, msr
	mov gp_count, %ebx
	mov $\msr, %ecx
	xor %eax, %eax
	xor %edx, %edx
	\insn
	inc %ebx
	cmp gp_count, %ebx
	jne fail
	.endm

	.code64
	.section .text.start, "ax"
	.globl _start
_start:
	call idt_init
	mov $13, %edi
	mov $gp_handler, %esi
	call set_gate

	roundtrip 0x174, 0x10
	PUTS(msg_sysenter)
	roundtrip 0xc0000081, 0x0023001000000000
	PUTS(msg_star)
	roundtrip 0xc0000082, 0xffffffff81000000
	PUTS(msg_lstar)
	roundtrip 0xc0000102, 0x12345000
	PUTS(msg_kgs)

	expect_gp rdmsr, 0xdeadbeef
	PUTS(msg_rd_unknown)
	expect_gp wrmsr, 0xdeadbeef
	PUTS(msg_wr_unknown)
	expect_gp rdmsr, 0xc0010117
	PUTS(msg_rd_host)
	expect_gp wrmsr, 0xc0010117
	PUTS(msg_wr_host)

	xor %edi, %edi
	call exit
fail:
	PUTS(msg_fail)
	mov $1, %edi
	call exit

/* #GP: count it and skip the 2-byte RDMSR/WRMSR. */
gp_handler:
	incl gp_count
	addq $2, 8(%rsp)
	add $8, %rsp		/* error code */
	iretq

	.section .rodata
msg_sysenter:
	.asciz "msr IA32_SYSENTER_CS: ok\n"
msg_star:
	.asciz "msr STAR: ok\n"
msg_lstar:
	.asciz "msr LSTAR: ok\n"
msg_kgs:
	.asciz "msr KERNEL_GS_BASE: ok\n"
msg_rd_unknown:
	.asciz "rdmsr 0xdeadbeef: #GP\n"
msg_wr_unknown:
	.asciz "wrmsr 0xdeadbeef: #GP\n"
msg_rd_host:
	.asciz "rdmsr VM_HSAVE_PA: #GP\n"
msg_wr_host:
	.asciz "wrmsr VM_HSAVE_PA: #GP\n"
msg_fail:
	.asciz "msr: FAILED\n"

	.data
gp_count:
	.long 0

	.section .note.GNU-stack, "", @progbits
