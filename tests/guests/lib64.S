/* SPDX-License-Identifier: GPL-2.0 */
/*
 * lib64.S: serial output, debug exit and an IDT for 64-bit test guests.
 * Every function preserves every register (so that tests can print
 * between checks without care) and takes its argument in %rdi (and
 * %rsi), like the SysV ABI. The guest is linked below 2 GiB, so absolute
 * 32-bit addresses are fine.
 */
#include "guest.h"

	.code64
	.text

/* putc(%dil): wait for THR empty, then write the byte to COM1. */
	.globl putc
putc:
	push %rax
	push %rdx
	mov $SERIAL_LSR, %dx
1:	in (%dx), %al
	test $0x20, %al
	jz 1b
	mov %edi, %eax
	mov $SERIAL_PORT, %dx
	out %al, (%dx)
	pop %rdx
	pop %rax
	ret

/* puts(%rdi): a NUL-terminated string. */
	.globl puts
puts:
	push %rdi
	push %rsi
	mov %rdi, %rsi
1:	movzbl (%rsi), %edi
	test %edi, %edi
	jz 2f
	call putc
	inc %rsi
	jmp 1b
2:	pop %rsi
	pop %rdi
	ret

/* puthex(%rdi = value, %esi = digits): the low %esi hex digits. */
	.globl puthex
puthex:
	push %rax
	push %rcx
	push %rdi
	mov %rdi, %rax
	mov %esi, %ecx
	shl $2, %ecx
1:	sub $4, %ecx
	mov %rax, %rdi
	shr %cl, %rdi
	and $0xf, %edi
	movzbl hexdigits(%rdi), %edi
	call putc
	test %ecx, %ecx
	jnz 1b
	pop %rdi
	pop %rcx
	pop %rax
	ret

/* puthex64(%rdi): 16 digits. */
	.globl puthex64
puthex64:
	push %rsi
	mov $16, %esi
	call puthex
	pop %rsi
	ret

/* putdec(%rdi): unsigned decimal. */
	.globl putdec
putdec:
	push %rax
	push %rcx
	push %rdx
	push %rdi
	push %rsi
	mov %rdi, %rax
	xor %ecx, %ecx
	mov $10, %esi
1:	xor %edx, %edx
	div %rsi
	push %rdx
	inc %ecx
	test %rax, %rax
	jnz 1b
2:	pop %rdi
	add $'0', %edi
	call putc
	dec %ecx
	jnz 2b
	pop %rsi
	pop %rdi
	pop %rdx
	pop %rcx
	pop %rax
	ret

/* exit(%dil): end the VM with that status; never returns. */
	.globl exit
exit:
	mov %edi, %eax
	out %al, $EXIT_PORT
1:	cli
	hlt
	jmp 1b

/*
 * set_gate(%edi = vector, %rsi = handler): a present DPL 0 64-bit
 * interrupt gate with the current CS.
 */
	.globl set_gate
set_gate:
	push %rax
	push %rbx
	push %rdx
	mov %edi, %ebx
	and $0xff, %ebx
	shl $4, %ebx
	add $idt, %rbx
	mov %rsi, %rax
	mov %ax, (%rbx)
	mov %cs, %dx
	mov %dx, 2(%rbx)
	movw $0x8e00, 4(%rbx)
	shr $16, %rax
	mov %ax, 6(%rbx)
	shr $16, %rax
	mov %eax, 8(%rbx)
	movl $0, 12(%rbx)
	pop %rdx
	pop %rbx
	pop %rax
	ret

/* idt_init(): every vector to a stub that reports it and exits 99. */
	.globl idt_init
idt_init:
	push %rcx
	push %rdi
	push %rsi
	xor %ecx, %ecx
1:	mov %ecx, %edi
	mov %rcx, %rsi
	shl $4, %rsi
	add $stubs, %rsi
	call set_gate
	inc %ecx
	cmp $256, %ecx
	jb 1b
	lidt idtr
	pop %rsi
	pop %rdi
	pop %rcx
	ret

/* Stubs: push a dummy error code where the CPU does not, then the vector. */
	.balign 16
stubs:
	.set vec, 0
	.rept 256
	.balign 16
	.if (vec == 8) || ((vec >= 10) && (vec <= 14)) || (vec == 17) || (vec == 21) || (vec == 29) || (vec == 30)
	.else
	push $0
	.endif
	push $vec
	jmp stub_common
	.set vec, vec + 1
	.endr

stub_common:
	PUTS(msg_unexpected)
	mov (%rsp), %rdi
	mov $2, %esi
	call puthex
	PUTS(msg_err)
	mov 8(%rsp), %rdi
	call puthex64
	PUTS(msg_rip)
	mov 16(%rsp), %rdi
	call puthex64
	mov $'\n', %edi
	call putc
	mov $EXIT_UNEXPECTED, %edi
	jmp exit

	.section .rodata
hexdigits:
	.ascii "0123456789abcdef"
msg_unexpected:
	.asciz "unexpected vector 0x"
msg_err:
	.asciz " error 0x"
msg_rip:
	.asciz " rip 0x"

	.data
	.balign 16
	.globl idtr
idtr:
	.word 256 * 16 - 1
	.quad idt

	.bss
	.balign 4096
	.globl idt
idt:
	.skip 256 * 16

	.section .note.GNU-stack, "", @progbits
