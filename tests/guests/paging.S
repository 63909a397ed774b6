/* SPDX-License-Identifier: GPL-2.0 */
/*
 * paging: a long-mode guest that builds its own page tables at 0x400000
 * and checks 4 KiB, 2 MiB and (where CPUID has them) 1 GiB pages: a value
 * written through an alias mapping must read back through the identity
 * map and the other way round; the 4 KiB PTE must get A and D set.
 *
 *   identity: VA 0 - 1 GiB -> PA 0 (2 MiB pages)
 *   4 KiB:    VA 0x40005000 -> PA 0x600000
 *   2 MiB:    VA 0x80200000 -> PA 0x800000
 *   1 GiB:    VA 0x8000000000 -> PA 0 (so VA 0x8000a00000 is PA 0xa00000)
 *
 * Run: xvm-run paging.elf. Expect: paging.expect (the 1g line may say
 * "1g: skip (no PDPE1GB)"), status 0.
 */
#include "guest.h"

#define PML4	0x400000
#define PDPT0	0x401000
#define PD0	0x402000
#define PD1	0x403000
#define PT1	0x404000
#define PD2	0x405000
#define PDPT1	0x406000

#define PA_4K	0x600000
#define VA_4K	0x40005000
#define PA_2M	0x800000
#define VA_2M	0x80200000
#define PA_1G	0xa00000
#define VA_1G	0x8000a00000

	.code64
	.section .text.start, "ax"
	.globl _start
_start:
	call idt_init
	/* Clear the seven table pages. */
	mov $PML4, %edi
	xor %eax, %eax
	mov $(7 * 4096 / 8), %ecx
	rep stosq

	movq $(PDPT0 | 3), PML4
	movq $(PDPT1 | 3), PML4 + 8
	movq $(PD0 | 3), PDPT0
	movq $(PD1 | 3), PDPT0 + 8
	movq $(PD2 | 3), PDPT0 + 16
	/* PD0: identity, 512 x 2 MiB. */
	mov $PD0, %edi
	mov $0x83, %eax
	mov $512, %ecx
1:	mov %rax, (%rdi)
	add $0x200000, %rax
	add $8, %rdi
	loop 1b
	movq $(PT1 | 3), PD1			/* VA 1 GiB: a page table */
	movq $(PA_4K | 3), PT1 + 5 * 8		/* ... its 6th page */
	movq $(PA_2M | 0x83), PD2 + 8		/* VA 2 GiB + 2 MiB */

	mov $PML4, %eax
	mov %rax, %cr3
	PUTS(msg_cr3)

	/* 4 KiB */
	movabs $0x1122334455667788, %rax
	mov %rax, VA_4K
	cmp PA_4K, %rax
	jne fail
	movabs $0x8877665544332211, %rax
	mov %rax, PA_4K + 8
	cmp VA_4K + 8, %rax
	jne fail
	PUTS(msg_4k)
	mov PT1 + 5 * 8, %rax
	and $0x60, %eax
	cmp $0x60, %eax
	jne fail
	PUTS(msg_ad)

	/* 2 MiB */
	mov $VA_2M, %ebx			/* above 2 GiB: via a register */
	movabs $0xa5a5a5a55a5a5a5a, %rax
	mov %rax, 0x1238(%rbx)
	cmp PA_2M + 0x1238, %rax
	jne fail
	not %rax
	mov %rax, PA_2M + 0x1ff000
	cmp 0x1ff000(%rbx), %rax
	jne fail
	PUTS(msg_2m)

	/* 1 GiB, if the CPU has it (CPUID 0x80000001 EDX bit 26). */
	mov $0x80000001, %eax
	cpuid
	bt $26, %edx
	jnc no1g
	movq $0x83, PDPT1			/* VA 512 GiB: PA 0, 1 GiB */
	mov %cr3, %rax
	mov %rax, %cr3
	movabs $VA_1G, %rbx
	movabs $0x0123456789abcdef, %rax
	mov %rax, (%rbx)
	cmp PA_1G, %rax
	jne fail
	not %rax
	mov %rax, PA_1G + 0x10
	cmp 0x10(%rbx), %rax
	jne fail
	PUTS(msg_1g)
	jmp done
no1g:
	PUTS(msg_no1g)
done:
	xor %edi, %edi
	call exit
fail:
	PUTS(msg_fail)
	mov $1, %edi
	call exit

	.section .rodata
msg_cr3:
	.asciz "own page tables loaded\n"
msg_4k:
	.asciz "4k: ok\n"
msg_ad:
	.asciz "4k: accessed and dirty set\n"
msg_2m:
	.asciz "2m: ok\n"
msg_1g:
	.asciz "1g: ok\n"
msg_no1g:
	.asciz "1g: skip (no PDPE1GB)\n"
msg_fail:
	.asciz "paging: FAILED\n"

	.section .note.GNU-stack, "", @progbits
