/* SPDX-License-Identifier: GPL-2.0 */
/*
 * pio: port I/O of every size against the --test-dev port device:
 * IN/OUT of 1, 2 and 4 bytes (immediate-port and DX forms) to the echo
 * ports 0x500-0x507, reads of an unknown port (all ones), and string I/O
 * (OUTSB, REP OUTSB/INSB, REP OUTSW/INSW, REP OUTSL/INSL) through the
 * FIFO at port 0x508, which hands bytes back in the order written.
 * Run: xvm-run --test-dev pio.elf. Expect: pio.expect on stdout, status 0,
 * and the device log on stderr ("pio w 0x500 1 0x5a", ...).
 */
#include "guest.h"

	.code64
	.section .text.start, "ax"
	.globl _start
_start:
	call idt_init

	/* byte */
	mov $TESTDEV_PORT, %dx
	mov $0x5a, %al
	out %al, (%dx)
	xor %eax, %eax
	in (%dx), %al
	cmp $0x5a, %eax
	jne fail
	PUTS(msg_b)

	/* word at 0x502 */
	mov $(TESTDEV_PORT + 2), %dx
	mov $0xbeef, %ax
	out %ax, (%dx)
	xor %eax, %eax
	in (%dx), %ax
	cmp $0xbeef, %eax
	jne fail
	PUTS(msg_w)

	/* dword at 0x504 */
	mov $(TESTDEV_PORT + 4), %dx
	mov $0x12345678, %eax
	out %eax, (%dx)
	xor %eax, %eax
	in (%dx), %eax
	cmp $0x12345678, %eax
	jne fail
	/* the dword's bytes read back one by one, little-endian */
	mov $(TESTDEV_PORT + 7), %dx
	in (%dx), %al
	cmp $0x12, %al
	jne fail
	PUTS(msg_l)

	/* unknown ports read all ones, immediate and DX forms */
	in $0x80, %al
	cmp $0xff, %al
	jne fail
	mov $0x600, %dx
	in (%dx), %ax
	cmp $0xffff, %ax
	jne fail
	in (%dx), %eax
	cmp $0xffffffff, %eax
	jne fail
	mov $0x77, %al
	out %al, $0x80		/* ignored */
	PUTS(msg_unknown)

	/* single OUTSB, then REP OUTSB; read all back with REP INSB */
	cld
	mov $TESTDEV_FIFO, %dx
	mov $src, %esi
	outsb
	mov $(src_len - 1), %ecx
	rep outsb
	mov $dst, %edi
	mov $src_len, %ecx
	rep insb
	test %ecx, %ecx
	jnz fail
	mov $src, %esi
	mov $dst, %edi
	mov $src_len, %ecx
	repe cmpsb
	jne fail
	in (%dx), %al		/* FIFO empty: all ones */
	cmp $0xff, %al
	jne fail
	PUTS(msg_sb)

	/* REP OUTSW / REP INSW */
	mov $src, %esi
	mov $(src_len / 2), %ecx
	rep outsw
	mov $dst2, %edi
	mov $(src_len / 2), %ecx
	rep insw
	mov $src, %esi
	mov $dst2, %edi
	mov $src_len, %ecx
	repe cmpsb
	jne fail
	PUTS(msg_sw)

	/* REP OUTSL / REP INSL */
	mov $src, %esi
	mov $(src_len / 4), %ecx
	rep outsl
	mov $dst3, %edi
	mov $(src_len / 4), %ecx
	rep insl
	mov $src, %esi
	mov $dst3, %edi
	mov $src_len, %ecx
	repe cmpsb
	jne fail
	PUTS(msg_sl)

	xor %edi, %edi
	call exit
fail:
	PUTS(msg_fail)
	mov $1, %edi
	call exit

	.section .rodata
src:
	.ascii "xvm string I/O!!"
	.set src_len, . - src
msg_b:
	.asciz "pio byte: ok\n"
msg_w:
	.asciz "pio word: ok\n"
msg_l:
	.asciz "pio dword: ok\n"
msg_unknown:
	.asciz "pio unknown port: ok\n"
msg_sb:
	.asciz "pio rep outsb/insb: ok\n"
msg_sw:
	.asciz "pio rep outsw/insw: ok\n"
msg_sl:
	.asciz "pio rep outsl/insl: ok\n"
msg_fail:
	.asciz "pio: FAILED\n"

	.bss
dst:
	.skip 64
dst2:
	.skip 64
dst3:
	.skip 64

	.section .note.GNU-stack, "", @progbits
