/* SPDX-License-Identifier: GPL-2.0 */
/*
 * cpuid: prints what CPUID answers for a few leaves, so that the test can
 * compare with the values it gave xvm-run with --cpuid. Each line is
 * "cpuid LEAF: EAX EBX ECX EDX", then the vendor and brand strings.
 * Run (see t-25-cpuid.sh for the exact values):
 *   xvm-run --cpuid 0:0x7:0x546d7658:0x72646e65:0x56747365 \
 *	--cpuid 1:0xf00:0:0x80000000:1 --cpuid 0x80000002:... cpuid.elf
 * Expect: cpuid.expect, status 0.
 */
#include "guest.h"

	.code64
	.section .text.start, "ax"
	.globl _start
_start:
	call idt_init
	mov $leaves, %ebp
1:	mov (%rbp), %eax
	cmp $0xffffffff, %eax
	je 2f
	PUTS(msg_cpuid)
	mov %eax, %edi
	mov $8, %esi
	call puthex
	mov $':', %edi
	call putc
	xor %ecx, %ecx
	cpuid
	mov $8, %esi
	mov %eax, %edi
	call space_hex
	mov %ebx, %edi
	call space_hex
	mov %ecx, %edi
	call space_hex
	mov %edx, %edi
	call space_hex
	mov $'\n', %edi
	call putc
	add $4, %rbp
	jmp 1b

2:	xor %eax, %eax
	cpuid
	mov %ebx, vendor
	mov %edx, vendor + 4
	mov %ecx, vendor + 8
	PUTS(msg_vendor)
	PUTS(vendor)
	mov $'\n', %edi
	call putc

	mov $brand, %ebp
	mov $0x80000002, %r8d
3:	mov %r8d, %eax
	cpuid
	mov %eax, (%rbp)
	mov %ebx, 4(%rbp)
	mov %ecx, 8(%rbp)
	mov %edx, 12(%rbp)
	add $16, %rbp
	inc %r8d
	cmp $0x80000005, %r8d
	jb 3b
	PUTS(msg_brand)
	PUTS(brand)
	mov $'\n', %edi
	call putc

	xor %edi, %edi
	call exit

space_hex:
	push %rdi
	mov $' ', %edi
	call putc
	pop %rdi
	jmp puthex

	.section .rodata
	.balign 4
leaves:
	.long 0, 1, 0x80000002, 0x80000003, 0x80000004, 0x4fff0000
	.long 0xffffffff
msg_cpuid:
	.asciz "cpuid "
msg_vendor:
	.asciz "vendor: "
msg_brand:
	.asciz "brand: "

	.bss
vendor:
	.skip 16
brand:
	.skip 52

	.section .note.GNU-stack, "", @progbits
