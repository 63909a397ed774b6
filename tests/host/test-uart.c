// SPDX-License-Identifier: GPL-2.0
/* The 16550 model (userspace/uart.c) and the handler table (iotab.c). */
#include <errno.h>
#include <stdbool.h>
#include <string.h>

#include "check.h"
#include "xvm-run.h"

static char outbuf[64];
static unsigned int outlen;

static void out(void *ctx, uint8_t c)
{
	(void)ctx;
	if (outlen < sizeof(outbuf) - 1)
		outbuf[outlen++] = c;
}

void test_uart(void)
{
	struct xvm_uart u;
	const char *s = "hi\n";

	xvm_uart_init(&u, out, NULL);
	CHECK(xvm_uart_read(&u, 5) == 0x60, "LSR: THR empty and idle");
	while (*s)
		xvm_uart_write(&u, 0, *s++);
	CHECK(outlen == 3 && !memcmp(outbuf, "hi\n", 3),
	      "THR writes reach the output in order");
	CHECK(xvm_uart_read(&u, 2) == 0x01, "IIR: no interrupt pending");
	CHECK(xvm_uart_read(&u, 0) == 0, "RBR reads 0: nothing received");

	xvm_uart_write(&u, 3, 0x80);		/* DLAB */
	xvm_uart_write(&u, 0, 0x0c);
	xvm_uart_write(&u, 1, 0x00);
	CHECK(outlen == 3, "divisor latch writes are not output");
	CHECK(xvm_uart_read(&u, 0) == 0x0c && xvm_uart_read(&u, 1) == 0,
	      "divisor latch reads back");
	xvm_uart_write(&u, 3, 0x03);
	CHECK(xvm_uart_read(&u, 3) == 0x03, "LCR reads back");
	xvm_uart_write(&u, 0, 'x');
	CHECK(outlen == 4 && outbuf[3] == 'x', "output again after DLAB off");

	xvm_uart_write(&u, 7, 0x5a);
	CHECK(xvm_uart_read(&u, 7) == 0x5a, "scratch register");
	xvm_uart_write(&u, 1, 0xff);
	CHECK(xvm_uart_read(&u, 1) == 0x0f, "IER keeps its 4 bits");
	xvm_uart_write(&u, 5, 0);
	CHECK(xvm_uart_read(&u, 5) == 0x60, "LSR is read-only");
	xvm_uart_write(&u, 4, 0x10);		/* loopback */
	xvm_uart_write(&u, 0, 'y');
	CHECK(outlen == 4, "loopback: nothing output");
	CHECK(xvm_uart_read(&u, 4) == 0x10 && xvm_uart_read(&u, 8 + 4) ==
	      0x10, "MCR reads back; registers repeat every 8");
}

struct rec {
	unsigned int calls;
	uint64_t addr;
	unsigned int size;
	bool is_write;
};

static void rec_fn(void *ctx, uint64_t addr, unsigned int size,
		   bool is_write, uint8_t *data)
{
	struct rec *r = ctx;

	r->calls++;
	r->addr = addr;
	r->size = size;
	r->is_write = is_write;
	if (!is_write)
		memset(data, 0x42, size);
}

void test_iotab(void)
{
	struct xvm_io_table t = { 0 };
	struct rec a = { 0 }, b = { 0 };
	uint8_t data[8];
	bool handled;
	int i, ret = 0;

	CHECK(xvm_io_register(&t, 0x3f8, 8, rec_fn, &a) == 0,
	      "register 0x3f8-0x3ff");
	CHECK(xvm_io_register(&t, 0xd0000000, 0x1000, rec_fn, &b) == 0,
	      "register a 4 KiB MMIO range");
	CHECK(xvm_io_register(&t, 0x3ff, 1, rec_fn, &a) == -EEXIST,
	      "overlap at the last byte refused");
	CHECK(xvm_io_register(&t, 0x3f0, 9, rec_fn, &a) == -EEXIST,
	      "overlap at the first byte refused");
	CHECK(xvm_io_register(&t, 0x3f0, 8, rec_fn, &a) == 0,
	      "adjacent range accepted");
	CHECK(xvm_io_register(&t, 0x10, 0, rec_fn, &a) == -EINVAL,
	      "empty range refused");
	CHECK(xvm_io_register(&t, ~0ULL - 2, 8, rec_fn, &a) == -EINVAL,
	      "wrapping range refused");
	CHECK(xvm_io_find(&t, 0x3ff) && xvm_io_find(&t, 0x3ff)->ctx == &a &&
	      !xvm_io_find(&t, 0x400) && !xvm_io_find(&t, 0x3ef),
	      "lookup at the edges");

	xvm_io_dispatch(&t, 0xd0000ffc, 4, false, data, &handled);
	CHECK(handled && b.calls == 1 && b.addr == 0xd0000ffc &&
	      b.size == 4 && !b.is_write && data[3] == 0x42,
	      "dispatch a read to its handler");
	memset(data, 0, sizeof(data));
	xvm_io_dispatch(&t, 0xe0000000, 8, false, data, &handled);
	CHECK(!handled && data[0] == 0xff && data[7] == 0xff,
	      "unhandled read: all ones");
	data[0] = 0x12;
	xvm_io_dispatch(&t, 0xe0000000, 1, true, data, &handled);
	CHECK(!handled && data[0] == 0x12, "unhandled write dropped");

	for (i = 0; i < XVM_MAX_HANDLERS; i++)
		ret = xvm_io_register(&t, 0x1000 + i * 16, 16, rec_fn, &a);
	CHECK(ret == -ENOSPC, "table full: -ENOSPC");
}
