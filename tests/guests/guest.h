/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Constants shared by the test guests and xvm-run (see
 * userspace/xvm-run.h and Documentation/xvm-run.rst).
 */
#ifndef XVM_GUEST_H
#define XVM_GUEST_H

#define SERIAL_PORT	0x3f8
#define SERIAL_LSR	0x3fd
#define EXIT_PORT	0xf4
#define TESTDEV_PORT	0x500
#define TESTDEV_FIFO	0x508
#define TESTDEV_MMIO	0xd0000000

/* Exit values the guests use beyond 0 (pass) and 1 (a check failed). */
#define EXIT_UNEXPECTED	99	/* an exception nobody expected */

/* puts $msg, preserving every register. */
#define PUTS(msg)		\
	push %rdi;		\
	mov $msg, %edi;		\
	call puts;		\
	pop %rdi

#endif /* XVM_GUEST_H */
