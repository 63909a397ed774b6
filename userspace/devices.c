// SPDX-License-Identifier: GPL-2.0
/*
 * xvm-run: the devices. A 16550 UART at 0x3f8 (output to stdout), the
 * debug-exit port 0xf4, and with --test-dev an echo MMIO page at
 * 0xd0000000, echo ports 0x500-0x50f and a byte FIFO at port 0x508.
 */
#include <stdio.h>
#include <string.h>

#include "vmm.h"
#include "pc.h"

static uint64_t le_value(const uint8_t *data, unsigned int size)
{
	uint64_t v = 0;

	memcpy(&v, data, size > 8 ? 8 : size);
	return v;
}

static void serial_out(void *ctx, uint8_t c)
{
	struct xvm_vm *vm = ctx;

	/* Called with vm->lock held (see serial_io). */
	putchar(c);
	if (c == '\n' || (vm->pc && vm->pc->tty))
		fflush(stdout);
	if (vm->pc)
		xvm_pc_console_out(vm, c);	/* boot time, panic */
}

/* Flush serial output, so that a message to stderr comes after it. */
void xvm_serial_flush(struct xvm_vm *vm)
{
	(void)vm;
	fflush(stdout);
}

static void serial_io(void *ctx, uint64_t port, unsigned int size,
		      bool is_write, uint8_t *data)
{
	struct xvm_vm *vm = ctx;
	unsigned int i;

	pthread_mutex_lock(&vm->lock);
	for (i = 0; i < size; i++) {
		unsigned int reg = (port + i - XVM_SERIAL_PORT) & 7;

		if (is_write)
			xvm_uart_write(&vm->uart, reg, data[i]);
		else
			data[i] = xvm_uart_read(&vm->uart, reg);
	}
	pthread_mutex_unlock(&vm->lock);
}

static void debug_exit_io(void *ctx, uint64_t port, unsigned int size,
			  bool is_write, uint8_t *data)
{
	struct xvm_vm *vm = ctx;
	uint64_t v = le_value(data, size);

	(void)port;
	if (!is_write) {
		memset(data, 0xff, size);
		return;
	}
	xvm_log(vm, 1, "debug exit 0x%llx\n", (unsigned long long)v);
	xvm_vm_stop(vm, v & 0xff);
}

static void log_access(struct xvm_vm *vm, const char *kind, uint64_t addr,
		       unsigned int size, bool is_write, const uint8_t *data)
{
	xvm_serial_flush(vm);
	fprintf(stderr, "%s %c 0x%llx %u 0x%llx\n", kind, is_write ? 'w' : 'r',
		(unsigned long long)addr, size,
		(unsigned long long)le_value(data, size));
}

static void testdev_mmio_io(void *ctx, uint64_t addr, unsigned int size,
			    bool is_write, uint8_t *data)
{
	struct xvm_vm *vm = ctx;
	uint64_t off = addr - XVM_TESTDEV_MMIO;
	unsigned int i;

	pthread_mutex_lock(&vm->dev_lock);
	for (i = 0; i < size; i++) {
		if (off + i >= XVM_TESTDEV_MMIO_SIZE) {
			if (!is_write)
				data[i] = 0xff;
			continue;
		}
		if (is_write)
			vm->testdev_mmio[off + i] = data[i];
		else
			data[i] = vm->testdev_mmio[off + i];
	}
	log_access(vm, "mmio", addr, size, is_write, data);
	pthread_mutex_unlock(&vm->dev_lock);
}

static void fifo_io(struct xvm_vm *vm, unsigned int size, bool is_write,
		    uint8_t *data)
{
	unsigned int i;

	for (i = 0; i < size; i++) {
		if (is_write) {
			if (vm->fifo_count < XVM_TESTDEV_FIFO_SIZE) {
				vm->fifo[(vm->fifo_head + vm->fifo_count) %
					 XVM_TESTDEV_FIFO_SIZE] = data[i];
				vm->fifo_count++;
			}
		} else if (vm->fifo_count) {
			data[i] = vm->fifo[vm->fifo_head];
			vm->fifo_head = (vm->fifo_head + 1) %
					XVM_TESTDEV_FIFO_SIZE;
			vm->fifo_count--;
		} else {
			data[i] = 0xff;
		}
	}
}

static void testdev_port_io(void *ctx, uint64_t port, unsigned int size,
			    bool is_write, uint8_t *data)
{
	struct xvm_vm *vm = ctx;
	unsigned int off = port - XVM_TESTDEV_PORT, i;

	pthread_mutex_lock(&vm->dev_lock);
	if (port == XVM_TESTDEV_FIFO) {
		fifo_io(vm, size, is_write, data);
	} else {
		for (i = 0; i < size; i++) {
			if (off + i >= XVM_TESTDEV_PORTS) {
				if (!is_write)
					data[i] = 0xff;
				continue;
			}
			if (is_write)
				vm->testdev_ports[off + i] = data[i];
			else
				data[i] = vm->testdev_ports[off + i];
		}
	}
	log_access(vm, "pio", port, size, is_write, data);
	pthread_mutex_unlock(&vm->dev_lock);
}

int xvm_devices_init(struct xvm_vm *vm)
{
	int ret;

	xvm_uart_init(&vm->uart, serial_out, vm);
	ret = xvm_io_register(&vm->pio, XVM_SERIAL_PORT, 8, serial_io, vm);
	if (!ret)
		ret = xvm_io_register(&vm->pio, XVM_DEBUG_EXIT_PORT, 1,
				      debug_exit_io, vm);
	if (ret || !vm->opts->test_dev)
		return ret;
	ret = xvm_io_register(&vm->pio, XVM_TESTDEV_PORT, XVM_TESTDEV_PORTS,
			      testdev_port_io, vm);
	if (!ret)
		ret = xvm_io_register(&vm->mmio, XVM_TESTDEV_MMIO,
				      XVM_TESTDEV_MMIO_SIZE, testdev_mmio_io,
				      vm);
	return ret;
}
