/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Guest code of the xvm/KVM benchmark (tests/bench/bench.c): one real-mode
 * image, loaded at guest physical 0x1000 with CS = 0, so that every entry
 * point below runs at 0x1000 + (label - bench_guest).  The host puts the
 * iteration count in ESI and starts the vCPU at the entry point; each one
 * ends with `out %al, $0xf1` (the "done" port).  Ports and addresses:
 *   0xf0      port-I/O benchmark port (OUT, to userspace)
 *   0xf1      done
 *   0x10000   MMIO (outside the 64 KiB RAM slot), through FS = 0x1000
 *   vector 0x20  interrupt injected by the host to wake HLT (IRET only)
 *
 * bench_native_compute is the compute loop for the host itself (64-bit),
 * the same instructions as bench_g_compute.
 */
	.section .rodata
	.globl bench_guest, bench_guest_end
	.globl bench_g_first, bench_g_cpuid, bench_g_pio, bench_g_mmio
	.globl bench_g_hlt, bench_g_irq, bench_g_compute
	.code16
bench_guest:
bench_g_first:			/* the guest's first instruction exits */
	outb	%al, $0xf1
	hlt

bench_g_cpuid:			/* CPUID, answered in the kernel */
1:	xorl	%eax, %eax
	cpuid
	decl	%esi
	jnz	1b
	outb	%al, $0xf1
	hlt

bench_g_pio:			/* OUT to port 0xf0: exit to userspace */
1:	outb	%al, $0xf0
	decl	%esi
	jnz	1b
	outb	%al, $0xf1
	hlt

bench_g_mmio:			/* a byte write to unbacked 0x10000 */
	movw	$0x1000, %ax
	movw	%ax, %fs
1:	movb	%al, %fs:0
	decl	%esi
	jnz	1b
	outb	%al, $0xf1
	hlt

bench_g_hlt:			/* HLT, woken by an injected interrupt */
	sti
1:	hlt
	decl	%esi
	jnz	1b
	cli
	outb	%al, $0xf1
	hlt

bench_g_irq:			/* vector 0x20 */
	iret

bench_g_compute:		/* no exits: ESI iterations, 6 instructions */
	xorl	%eax, %eax
	xorl	%ebx, %ebx
1:	imull	$0x5bd1e995, %eax, %eax
	xorl	%ebx, %eax
	addl	$0x9e3779b9, %ebx
	roll	$13, %eax
	decl	%esi
	jnz	1b
	outb	%al, $0xf1
	hlt
bench_guest_end:

	.code64
	.text
	/* unsigned int bench_native_compute(unsigned int iterations) */
	.globl bench_native_compute
	.type bench_native_compute, @function
bench_native_compute:
	pushq	%rbx
	movl	%edi, %esi
	xorl	%eax, %eax
	xorl	%ebx, %ebx
1:	imull	$0x5bd1e995, %eax, %eax
	xorl	%ebx, %eax
	addl	$0x9e3779b9, %ebx
	roll	$13, %eax
	decl	%esi
	jnz	1b
	popq	%rbx
	ret
	.size bench_native_compute, . - bench_native_compute

	.section .note.GNU-stack, "", @progbits
