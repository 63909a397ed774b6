// SPDX-License-Identifier: GPL-2.0
/*
 * The PC device models of xvm-run --kernel: i8259 pair (pic.c), i8254
 * (pit.c), CMOS RTC (rtc.c), i8042 (i8042.c), and the UART's receive
 * side and interrupt (uart.c).
 */
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "pc.h"
#include "xvm-run.h"

/* Linux's init_8259A(): ICW1-4 on both chips, then all masked. */
static void linux_init(struct xvm_pic *p)
{
	xvm_pic_write(p, 0x21, 0xff);
	xvm_pic_write(p, 0xa1, 0xff);
	xvm_pic_write(p, 0x20, 0x11);
	xvm_pic_write(p, 0x21, 0x30);
	xvm_pic_write(p, 0x21, 0x04);
	xvm_pic_write(p, 0x21, 0x01);
	xvm_pic_write(p, 0xa0, 0x11);
	xvm_pic_write(p, 0xa1, 0x38);
	xvm_pic_write(p, 0xa1, 0x02);
	xvm_pic_write(p, 0xa1, 0x01);
}

static void test_pic(void)
{
	struct xvm_pic p;

	xvm_pic_init(&p);
	linux_init(&p);
	CHECK(xvm_pic_read(&p, 0x21) == 0 && xvm_pic_read(&p, 0xa1) == 0,
	      "pic: ICW1 clears the IMR");
	xvm_pic_write(&p, 0x21, 0xfa);		/* IRQ 0 and 2 open */
	xvm_pic_write(&p, 0xa1, 0xef);		/* IRQ 12 open */
	CHECK(xvm_pic_read(&p, 0x21) == 0xfa, "pic: IMR reads back");
	xvm_pic_set_irq(&p, 1, 1);
	CHECK(!xvm_pic_pending(&p), "pic: masked IRQ 1 does not interrupt");
	xvm_pic_set_irq(&p, 1, 0);
	xvm_pic_set_irq(&p, 0, 1);
	xvm_pic_set_irq(&p, 0, 0);
	CHECK(xvm_pic_pending(&p), "pic: an IRQ 0 edge is pending");
	CHECK(xvm_pic_ack(&p) == 0x30, "pic: IRQ 0 acks as vector 0x30");
	CHECK(!xvm_pic_pending(&p), "pic: nothing left after the ack");
	xvm_pic_write(&p, 0x20, 0x0b);		/* OCW3: read ISR */
	CHECK(xvm_pic_read(&p, 0x20) == 0x01, "pic: ISR holds IRQ 0");
	xvm_pic_set_irq(&p, 12, 1);
	CHECK(!xvm_pic_pending(&p),
	      "pic: IRQ 12 (via IRQ 2) waits for IRQ 0's EOI");
	xvm_pic_write(&p, 0x20, 0x20);		/* non-specific EOI */
	CHECK(xvm_pic_read(&p, 0x20) == 0x00, "pic: EOI clears ISR");
	CHECK(xvm_pic_pending(&p), "pic: IRQ 12 now pending");
	CHECK(xvm_pic_ack(&p) == 0x3c, "pic: IRQ 12 acks as vector 0x3c");
	xvm_pic_write(&p, 0xa0, 0x20);
	xvm_pic_write(&p, 0x20, 0x20);
	CHECK(!xvm_pic_pending(&p), "pic: a held edge line does not repeat");
	xvm_pic_set_irq(&p, 12, 0);
	xvm_pic_set_irq(&p, 12, 1);
	CHECK(xvm_pic_pending(&p), "pic: a new edge does");
	xvm_pic_write(&p, 0x20, 0x0a);		/* OCW3: read IRR */
	CHECK(xvm_pic_read(&p, 0x20) & 0x04, "pic: IRR shows IRQ 2");
}

#define MS 1000000ULL

static void test_pit(void)
{
	struct xvm_pit t;
	uint64_t now = 1000 * MS;
	uint8_t lo, hi;

	xvm_pit_init(&t, now);
	/* Linux's periodic clockevent: mode 2, LATCH for HZ=250. */
	xvm_pit_write(&t, 0x43, 0x34, now);
	xvm_pit_write(&t, 0x40, 4772 & 0xff, now);
	xvm_pit_write(&t, 0x40, 4772 >> 8, now);
	CHECK(!xvm_pit_expire(&t, now + 3 * MS), "pit: no IRQ 0 before 4 ms");
	CHECK(xvm_pit_expire(&t, now + 4 * MS + 100000),
	      "pit: IRQ 0 after 4 ms");
	CHECK(!xvm_pit_expire(&t, now + 5 * MS), "pit: once per period");
	CHECK(xvm_pit_expire(&t, now + 100 * MS),
	      "pit: late: one edge, not a burst");
	CHECK(!xvm_pit_expire(&t, now + 100 * MS + 1000), "pit: ... and no more");
	/* One-shot (mode 0), as Linux's oneshot clockevent. */
	xvm_pit_write(&t, 0x43, 0x30, now);
	xvm_pit_write(&t, 0x40, 0x9c, now);	/* 1180 ticks: ~0.99 ms */
	xvm_pit_write(&t, 0x40, 0x04, now);
	CHECK(xvm_pit_expire(&t, now + MS) &&
	      !xvm_pit_expire(&t, now + 50 * MS), "pit: mode 0 fires once");
	/* Channel 2 as pit_calibrate_tsc() uses it. */
	xvm_pit_write(&t, 0x61, (xvm_pit_read(&t, 0x61, now) & ~2) | 1, now);
	xvm_pit_write(&t, 0x43, 0xb0, now);
	xvm_pit_write(&t, 0x42, 11932 & 0xff, now);
	xvm_pit_write(&t, 0x42, 11932 >> 8, now);
	CHECK(!(xvm_pit_read(&t, 0x61, now + 5 * MS) & 0x20),
	      "pit: OUT2 low while counting");
	CHECK(xvm_pit_read(&t, 0x61, now + 11 * MS) & 0x20,
	      "pit: OUT2 high after 10 ms");
	xvm_pit_write(&t, 0x43, 0x80, now + 5 * MS);	/* latch channel 2 */
	lo = xvm_pit_read(&t, 0x42, now + 9 * MS);
	hi = xvm_pit_read(&t, 0x42, now + 9 * MS);
	CHECK(abs((int)(lo | hi << 8) - (11932 - 5966)) < 3,
	      "pit: latched count at 5 ms (%u)", lo | hi << 8);
}

static void test_rtc(void)
{
	struct xvm_rtc r;
	int64_t t = 1700000000;	/* 2023-11-14 22:13:20 UTC, a Tuesday */

	xvm_rtc_init(&r);
	xvm_rtc_write(&r, 0x70, 0x00);
	CHECK(xvm_rtc_read(&r, 0x71, t) == 0x20, "rtc: seconds in BCD");
	xvm_rtc_write(&r, 0x70, 0x04);
	CHECK(xvm_rtc_read(&r, 0x71, t) == 0x22, "rtc: hours in BCD");
	xvm_rtc_write(&r, 0x70, 0x09);
	CHECK(xvm_rtc_read(&r, 0x71, t) == 0x23, "rtc: year");
	xvm_rtc_write(&r, 0x70, 0x32);
	CHECK(xvm_rtc_read(&r, 0x71, t) == 0x20, "rtc: century");
	xvm_rtc_write(&r, 0x70, 0x8a);		/* NMI masked, register A */
	CHECK(!(xvm_rtc_read(&r, 0x71, t) & 0x80), "rtc: no update in progress");
	xvm_rtc_write(&r, 0x70, 0x0b);
	xvm_rtc_write(&r, 0x71, 0x06);		/* binary, 24 h */
	xvm_rtc_write(&r, 0x70, 0x08);
	CHECK(xvm_rtc_read(&r, 0x71, t) == 11, "rtc: month in binary");
	xvm_rtc_write(&r, 0x70, 0x0b);
	xvm_rtc_write(&r, 0x71, 0x04);		/* binary, 12 h */
	xvm_rtc_write(&r, 0x70, 0x04);
	CHECK(xvm_rtc_read(&r, 0x71, t) == (0x80 | 10), "rtc: 10 pm, 12 h");
	xvm_rtc_write(&r, 0x70, 0x40);
	xvm_rtc_write(&r, 0x71, 0x5a);
	CHECK(xvm_rtc_read(&r, 0x71, t) == 0x5a, "rtc: CMOS RAM");
}

static void test_i8042(void)
{
	struct xvm_i8042 k;

	xvm_i8042_init(&k);
	CHECK(!(xvm_i8042_read(&k, 0x64) & 0x03), "i8042: buffers empty");
	xvm_i8042_write(&k, 0x64, 0xaa);
	CHECK((xvm_i8042_read(&k, 0x64) & 1) && xvm_i8042_read(&k, 0x60) ==
	      0x55, "i8042: self test passes");
	xvm_i8042_write(&k, 0x64, 0x60);
	xvm_i8042_write(&k, 0x60, 0x47);
	xvm_i8042_write(&k, 0x64, 0x20);
	CHECK(xvm_i8042_read(&k, 0x60) == 0x47, "i8042: command byte");
	xvm_i8042_write(&k, 0x64, 0xd3);
	xvm_i8042_write(&k, 0x60, 0x5a);
	CHECK(xvm_i8042_irqs(&k) == 2 && (xvm_i8042_read(&k, 0x64) & 0x20) &&
	      xvm_i8042_read(&k, 0x60) == 0x5a, "i8042: aux loopback, IRQ 12");
	CHECK(!k.reset, "i8042: no reset yet");
	xvm_i8042_write(&k, 0x64, 0xfe);
	CHECK(k.reset, "i8042: 0xfe pulses the reset line");
}

static int irq_level = -1, irq_changes;

static void uart_irq(void *ctx, int level)
{
	(void)ctx;
	irq_level = level;
	irq_changes++;
}

static void test_uart_rx(void)
{
	struct xvm_uart u;

	xvm_uart_init(&u, NULL, NULL);
	u.irq = uart_irq;
	xvm_uart_write(&u, 4, 0x0b);		/* DTR RTS OUT2 */
	xvm_uart_write(&u, 2, 0x07);		/* FIFO on, cleared */
	CHECK(xvm_uart_read(&u, 2) == 0xc1, "uart: 16550A FIFO bits in IIR");
	xvm_uart_write(&u, 1, 0x01);		/* RDI */
	CHECK(irq_changes == 0, "uart: no interrupt with nothing received");
	xvm_uart_rx(&u, 'a');
	xvm_uart_rx(&u, 'b');
	CHECK(irq_level == 1 && (xvm_uart_read(&u, 2) & 0x0f) == 0x04,
	      "uart: received data raises IRQ, IIR 0x04");
	CHECK(xvm_uart_read(&u, 5) & 1, "uart: LSR.DR");
	CHECK(xvm_uart_read(&u, 0) == 'a' && xvm_uart_read(&u, 0) == 'b',
	      "uart: bytes in order");
	CHECK(irq_level == 0 && !(xvm_uart_read(&u, 5) & 1),
	      "uart: drained: line low, DR clear");
	xvm_uart_write(&u, 1, 0x03);		/* + THRI */
	CHECK(irq_level == 1 && (xvm_uart_read(&u, 2) & 0x0f) == 0x02 &&
	      irq_level == 0, "uart: THRI on enable, cleared by reading IIR");
	irq_changes = 0;
	xvm_uart_write(&u, 0, 'x');
	CHECK(irq_level == 1 && irq_changes >= 1,
	      "uart: THR write gives a new THRE interrupt");
	xvm_uart_write(&u, 4, 0x1a);		/* loopback, RTS, OUT2 */
	CHECK((xvm_uart_read(&u, 6) & 0xf0) == 0x90,
	      "uart: loopback reflects MCR in MSR");
}

void test_pc(void)
{
	test_pic();
	test_pit();
	test_rtc();
	test_i8042();
	test_uart_rx();
}
