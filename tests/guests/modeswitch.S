/* SPDX-License-Identifier: GPL-2.0 */
/*
 * modeswitch: starts in real mode (flat binary at 0x10000, CS = 0x1000)
 * and switches itself to 32-bit protected mode, then to 64-bit long mode
 * with its own GDT and identity page tables (2 MiB pages, at 0x70000),
 * printing one line per mode and checking EFER.LMA at the end.
 * Run: xvm-run modeswitch.bin. Expect: modeswitch.expect, status 0.
 */
#include "guest.h"

#define LOAD	0x10000		/* where xvm-run loads flat binaries */
#define PML4	0x70000
#define PDPT	0x71000
#define PD	0x72000
#define LIN(x)	((x) + LOAD)

	.code16
	.section .text.start, "ax"
	.globl _start
_start:
	cli
	mov $msg_real, %si
	call puts16
	lgdtl gdtr
	mov %cr0, %eax
	or $1, %eax
	mov %eax, %cr0
	ljmpl $0x08, $LIN(pm32)

puts16:
	push %ax
	push %dx
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
3:	pop %dx
	pop %ax
	ret

	.code32
pm32:
	mov $0x10, %ax
	mov %ax, %ds
	mov %ax, %es
	mov %ax, %ss
	mov %ax, %fs
	mov %ax, %gs
	mov $0x9000, %esp
	mov %cr0, %eax
	test $1, %al
	jz fail32
	mov $LIN(msg_prot), %esi
	call puts32

	/* Identity map of the first GiB: PML4 -> PDPT -> PD of 2 MiB pages. */
	mov $PML4, %edi
	xor %eax, %eax
	mov $(3 * 4096 / 4), %ecx
	rep stosl
	movl $(PDPT | 3), PML4
	movl $(PD | 3), PDPT
	mov $PD, %edi
	mov $0x83, %eax
	mov $512, %ecx
1:	mov %eax, (%edi)
	movl $0, 4(%edi)
	add $0x200000, %eax
	add $8, %edi
	loop 1b

	mov %cr4, %eax
	or $0x20, %eax		/* PAE */
	mov %eax, %cr4
	mov $PML4, %eax
	mov %eax, %cr3
	mov $0xc0000080, %ecx	/* EFER.LME */
	rdmsr
	or $0x100, %eax
	wrmsr
	mov %cr0, %eax
	or $0x80000000, %eax	/* PG: now in compatibility mode */
	mov %eax, %cr0
	ljmp $0x18, $LIN(lm64)

fail32:
	mov $1, %al
	out %al, $EXIT_PORT
	hlt

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

	.code64
lm64:
	mov $0x10, %ax
	mov %ax, %ds
	mov %ax, %ss
	mov $0x9000, %rsp
	mov $0xc0000080, %ecx
	rdmsr
	test $0x400, %eax	/* EFER.LMA */
	jz 1f
	mov $LIN(msg_long), %esi
	call puts64
	xor %al, %al
	out %al, $EXIT_PORT
1:	mov $LIN(msg_fail), %esi
	call puts64
	mov $1, %al
	out %al, $EXIT_PORT
	hlt

puts64:
	push %rax
	push %rdx
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
3:	pop %rdx
	pop %rax
	ret

	.balign 8
gdt:
	.quad 0
	.quad 0x00cf9b000000ffff	/* 0x08: 32-bit code */
	.quad 0x00cf93000000ffff	/* 0x10: data */
	.quad 0x00af9b000000ffff	/* 0x18: 64-bit code */
gdt_end:
gdtr:
	.word gdt_end - gdt - 1
	.long LIN(gdt)

msg_real:
	.asciz "real mode\n"
msg_prot:
	.asciz "protected mode\n"
msg_long:
	.asciz "long mode (EFER.LMA set)\n"
msg_fail:
	.asciz "modeswitch: FAILED\n"

	.section .note.GNU-stack, "", @progbits
