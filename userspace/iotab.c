// SPDX-License-Identifier: GPL-2.0
/*
 * xvm-run: tables of port and MMIO handlers. A handler owns [start,
 * start + len); an access is dispatched on its first byte. Tables are
 * filled before the vCPUs start and only read afterwards, so lookups need
 * no lock (handlers lock their own state).
 */
#include <errno.h>

#include "xvm-run.h"

/**
 * xvm_io_register() - add a handler.
 * @t: the table.
 * @start: first address (port or guest physical).
 * @len: addresses covered, non-zero.
 * @fn: called for each access.
 * @ctx: passed to @fn.
 *
 * Return: 0, -EINVAL for an empty or wrapping range, -EEXIST if it
 * overlaps a handler, -ENOSPC if the table is full.
 */
int xvm_io_register(struct xvm_io_table *t, uint64_t start, uint64_t len,
		    xvm_io_fn fn, void *ctx)
{
	unsigned int i;

	if (!len || start + len < start || !fn)
		return -EINVAL;
	for (i = 0; i < t->n; i++) {
		const struct xvm_io_handler *h = &t->h[i];

		if (start < h->start + h->len && h->start < start + len)
			return -EEXIST;
	}
	if (t->n >= XVM_MAX_HANDLERS)
		return -ENOSPC;
	t->h[t->n++] = (struct xvm_io_handler){ start, len, fn, ctx };
	return 0;
}

const struct xvm_io_handler *xvm_io_find(const struct xvm_io_table *t,
					 uint64_t addr)
{
	unsigned int i;

	for (i = 0; i < t->n; i++)
		if (addr >= t->h[i].start && addr - t->h[i].start < t->h[i].len)
			return &t->h[i];
	return NULL;
}

/**
 * xvm_io_dispatch() - run the handler for one access.
 * @t: the table.
 * @addr: port or guest physical address.
 * @size: bytes, 1-8.
 * @is_write: direction.
 * @data: the bytes written, or where the bytes read go.
 * @handled: set to whether a handler took it. Unhandled reads fill @data
 *	with all-ones, like an empty bus; unhandled writes are dropped.
 */
void xvm_io_dispatch(const struct xvm_io_table *t, uint64_t addr,
		     unsigned int size, bool is_write, uint8_t *data,
		     bool *handled)
{
	const struct xvm_io_handler *h = xvm_io_find(t, addr);
	unsigned int i;

	*handled = h != NULL;
	if (h) {
		h->fn(h->ctx, addr, size, is_write, data);
		return;
	}
	if (!is_write)
		for (i = 0; i < size; i++)
			data[i] = 0xff;
}
