/* SPDX-License-Identifier: GPL-2.0 */
/*
 * shim: a multiboot kernel that starts one test guest the way xvm-run
 * does, so that guests can be checked under plain QEMU (TCG) on a machine
 * without /dev/xvm. It copies the guest image (GUEST, a flat binary made
 * by objcopy, .incbin'd) to its load address and enters it in MODE:
 *   MODE_REAL:   at 0x1000:0000 with DS = ES = 0x1000, SS = 0, SP = 0
 *   MODE_PROT32: at 0x100000, flat segments 0x08/0x10, paging off
 *   MODE_LONG64: at 0x100000, identity map of 4 GiB at 0x2000, CS 0x18
 * with RSI = 0, RDI = 1 and the stack at 0x10000, as on vCPU 0.
 * Only the start state is the same: QEMU has no xvm-run test devices.
 */
#define MODE_REAL	1
#define MODE_PROT32	2
#define MODE_LONG64	3

	.section .multiboot, "a"
	.balign 4
	.long 0x1badb002, 0, -0x1badb002

	.text
	.code32
	.globl _start
_start:
	cli
	lgdt gdtr
	ljmp $0x08, $1f
1:	mov $0x10, %ax
	mov %ax, %ds
	mov %ax, %es
	mov %ax, %ss
	mov %ax, %fs
	mov %ax, %gs
	mov $0x10000, %esp
	cld

#if MODE == MODE_REAL
	mov $image, %esi
	mov $0x10000, %edi
	mov $(image_end - image), %ecx
	rep movsb
	mov $tramp, %esi
	mov $0x8000, %edi
	mov $(tramp_end - tramp), %ecx
	rep movsb
	ljmp $0x20, $0x8000
#else
	mov $image, %esi
	mov $0x100000, %edi
	mov $(image_end - image), %ecx
	rep movsb
	xor %eax, %eax			/* bss, generously */
	mov $0x100000, %ecx
	rep stosb
#if MODE == MODE_PROT32
	xor %esi, %esi
	mov $1, %edi
	mov $0x100000, %eax
	jmp *%eax
#else
	/* PML4 0x2000, PDPT 0x3000, PDs 0x4000-0x7fff: 4 GiB of 2 MiB. */
	mov $0x2000, %edi
	xor %eax, %eax
	mov $(6 * 4096 / 4), %ecx
	rep stosl
	movl $0x3003, 0x2000
	movl $0x4003, 0x3000
	movl $0x5003, 0x3008
	movl $0x6003, 0x3010
	movl $0x7003, 0x3018
	mov $0x4000, %edi
	xor %ebx, %ebx			/* physical address >> 21 */
2:	mov %ebx, %eax
	shl $21, %eax
	or $0x83, %eax
	mov %eax, (%edi)
	mov %ebx, %eax
	shr $11, %eax
	mov %eax, 4(%edi)
	add $8, %edi
	inc %ebx
	cmp $2048, %ebx
	jb 2b
	mov $0x620, %eax
	mov %eax, %cr4
	mov $0x2000, %eax
	mov %eax, %cr3
	mov $0xc0000080, %ecx
	rdmsr
	or $0x100, %eax
	wrmsr
	mov $0x80010033, %eax
	mov %eax, %cr0
	ljmp $0x18, $3f
	.code64
3:	mov $0x10, %ax
	mov %ax, %ds
	mov %ax, %ss
	mov $0x10000, %rsp
	xor %esi, %esi
	mov $1, %edi
	mov $0x100000, %eax
	jmp *%rax
	.code32
#endif
#endif

/* Copied to 0x8000 and entered in a 16-bit segment: leave protected mode. */
	.code16
tramp:
	mov $0x28, %ax
	mov %ax, %ds
	mov %ax, %es
	mov %ax, %ss
	mov %cr0, %eax
	and $0xfffffffe, %eax
	mov %eax, %cr0
	ljmp $0x0, $(0x8000 + 4f - tramp)
4:	xor %ax, %ax
	mov %ax, %ss
	xor %sp, %sp
	mov $0x1000, %ax
	mov %ax, %ds
	mov %ax, %es
	mov %ax, %fs
	mov %ax, %gs
	xor %esi, %esi
	mov $1, %edi
	ljmp $0x1000, $0
tramp_end:
	.code32

	.section .rodata
	.balign 8
gdt:
	.quad 0
	.quad 0x00cf9b000000ffff	/* 0x08 code32 */
	.quad 0x00cf93000000ffff	/* 0x10 data */
	.quad 0x00af9b000000ffff	/* 0x18 code64 */
	.quad 0x00009b000000ffff	/* 0x20 code16, base 0 */
	.quad 0x000093000000ffff	/* 0x28 data16 */
gdt_end:
gdtr:
	.word gdt_end - gdt - 1
	.long gdt

	.balign 16
image:
	.incbin GUEST
image_end:

	.section .note.GNU-stack, "", @progbits
