/* SPDX-License-Identifier: GPL-2.0 */
/*
 * xvm-run: a minimal VMM for the xvm module. Shared declarations.
 *
 * The files split by concern: options.c (command line), loader.c (flat and
 * ELF images), modes.c (GDT, page tables, initial registers), devices.c
 * (UART, debug exit, test devices, the I/O handler table), uart.c (the
 * 16550 model), run.c (vCPU threads, timers, the run loop), main.c;
 * xvm.c and kvm.c are the two hypervisors under it (hv.h).
 * options.c, loader.c, modes.c (the table builders), uart.c and iotab.c
 * touch no /dev/xvm so that tests/host can unit-test them.
 */
#ifndef XVM_RUN_H
#define XVM_RUN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/*
 * Exit statuses of xvm-run. A guest's debug-exit value v (OUT to port
 * 0xf4) becomes the status v & 0xff; guests should keep below 120.
 */
#define XVM_RUN_EXIT_HALTED	0	/* every vCPU halted for good */
#define XVM_RUN_EXIT_SETUP	1	/* could not set the VM up */
#define XVM_RUN_EXIT_USAGE	2	/* bad command line */
#define XVM_RUN_EXIT_TIMEOUT	124	/* --timeout expired */
#define XVM_RUN_EXIT_SHUTDOWN	125	/* triple fault */
#define XVM_RUN_EXIT_INTERNAL	126	/* fail entry, internal error, ... */

/* Guest physical layout used by xvm-run in prot32 and long64 modes. */
#define XVM_GDT_ADDR		0x1000ULL /* GDT, 0x80 bytes */
#define XVM_TSS_ADDR		0x1800ULL /* a zeroed 0x68-byte TSS */
#define XVM_PT_ADDR		0x2000ULL /* PML4, PDPT, then 4 PDs */
#define XVM_PT_END		0x8000ULL
#define XVM_STACK_TOP		0x10000ULL /* vCPU n: top - n * 0x800 */
#define XVM_STACK_PER_CPU	0x800ULL
#define XVM_DEFAULT_LOAD	0x10000ULL /* flat binaries */
#define XVM_IDMAP_SIZE		(4ULL << 30) /* identity map in long64 */
#define XVM_MAX_CPUS		16

/* Selectors of the GDT that xvm-run builds. */
#define XVM_SEL_CODE32		0x08
#define XVM_SEL_DATA		0x10
#define XVM_SEL_CODE64		0x18
#define XVM_SEL_TSS		0x20	/* 16-byte descriptor */
#define XVM_GDT_LIMIT		0x2f

/* Test devices of --test-dev. */
#define XVM_TESTDEV_MMIO	0xd0000000ULL
#define XVM_TESTDEV_MMIO_SIZE	0x1000ULL
#define XVM_TESTDEV_PORT	0x500
#define XVM_TESTDEV_PORTS	0x10
#define XVM_TESTDEV_FIFO	0x508	/* byte FIFO for string I/O */
#define XVM_TESTDEV_FIFO_SIZE	4096

#define XVM_SERIAL_PORT		0x3f8
#define XVM_DEBUG_EXIT_PORT	0xf4

enum xvm_mode {
	XVM_MODE_AUTO = 0,
	XVM_MODE_REAL,
	XVM_MODE_PROT32,
	XVM_MODE_LONG64,
};

#define XVM_MAX_POKES	16
#define XVM_MAX_DUMPS	16
#define XVM_MAX_CPUIDS	16

struct xvm_range_opt {
	uint64_t addr;
	uint64_t len;
	uint8_t *bytes;		/* --poke only */
};

struct xvm_cpuid_opt {
	uint32_t leaf, index;
	bool indexed;
	uint32_t eax, ebx, ecx, edx;
};

/**
 * struct xvm_opts - the parsed command line.
 * @entry_set, @load_set: whether --entry / --load were given.
 * @tick_vector, @tick_ms: --tick-irq; @tick_ms 0 means none.
 */
struct xvm_opts {
	uint64_t mem_size;
	unsigned int cpus;
	unsigned int timeout;	/* seconds, 0 = none */
	enum xvm_mode mode;
	uint64_t entry;
	bool entry_set;
	uint64_t load;
	bool load_set;
	bool test_dev;
	int verbose;
	unsigned int tick_vector;
	unsigned int tick_ms;
	unsigned int npokes, ndumps, ncpuids;
	struct xvm_range_opt pokes[XVM_MAX_POKES];
	struct xvm_range_opt dumps[XVM_MAX_DUMPS];
	struct xvm_cpuid_opt cpuids[XVM_MAX_CPUIDS];
	const char *image;
	/* Linux boot (linux.c): --kernel instead of IMAGE. */
	const char *kernel;	/* bzImage */
	const char *initrd;
	const char *append;	/* kernel command line */
	bool mem_set;		/* --mem given (--kernel defaults to 256M) */
	bool kvm;		/* --kvm: /dev/kvm instead of /dev/xvm */
};

/* options.c */
int xvm_parse_size(const char *s, uint64_t *out);
int xvm_parse_u64(const char *s, uint64_t *out);
int xvm_parse_args(int argc, char **argv, struct xvm_opts *o, char *err,
		   size_t errlen);
void xvm_opts_free(struct xvm_opts *o);
extern const char xvm_usage_text[];

/* loader.c */
enum xvm_image_kind {
	XVM_IMAGE_FLAT,
	XVM_IMAGE_ELF32,
	XVM_IMAGE_ELF64,
};

struct xvm_image {
	enum xvm_image_kind kind;
	uint64_t entry;		/* guest physical */
	uint64_t lowest;	/* lowest byte loaded */
	uint64_t highest;	/* one past the highest byte loaded */
};

int xvm_load_image(const uint8_t *buf, size_t len, uint8_t *mem,
		   uint64_t mem_size, uint64_t flat_load, struct xvm_image *img,
		   char *err, size_t errlen);

/* modes.c: table builders (pure) */
void xvm_build_gdt(uint8_t *mem);
int xvm_build_page_tables(uint8_t *mem, uint64_t mem_size, uint64_t base,
			  uint64_t map_size);

/* uart.c: the 16550 model */
#define XVM_UART_RX_SIZE 256	/* receive FIFO (larger than a 16550's) */

struct xvm_uart {
	uint8_t ier, lcr, mcr, scr, dll, dlm;
	void (*out)(void *ctx, uint8_t c);
	void *ctx;
	/* Receiving and the interrupt line (used by --kernel, see pc.c). */
	uint8_t fcr;
	bool thr_ipending;	/* THR-empty interrupt not yet seen in IIR */
	bool overrun;
	uint8_t rx[XVM_UART_RX_SIZE];
	unsigned int rx_head, rx_count;
	void (*irq)(void *ctx, int level);	/* NULL: no interrupt line */
	int irq_level;
};

void xvm_uart_init(struct xvm_uart *u, void (*out)(void *, uint8_t),
		   void *ctx);
uint8_t xvm_uart_read(struct xvm_uart *u, unsigned int reg);
void xvm_uart_write(struct xvm_uart *u, unsigned int reg, uint8_t val);
bool xvm_uart_rx(struct xvm_uart *u, uint8_t c);
unsigned int xvm_uart_rx_room(const struct xvm_uart *u);

/* iotab.c: port and MMIO handler tables */
typedef void (*xvm_io_fn)(void *ctx, uint64_t addr, unsigned int size,
			  bool is_write, uint8_t *data);

struct xvm_io_handler {
	uint64_t start, len;
	xvm_io_fn fn;
	void *ctx;
};

#define XVM_MAX_HANDLERS 16

struct xvm_io_table {
	unsigned int n;
	struct xvm_io_handler h[XVM_MAX_HANDLERS];
};

int xvm_io_register(struct xvm_io_table *t, uint64_t start, uint64_t len,
		    xvm_io_fn fn, void *ctx);
const struct xvm_io_handler *xvm_io_find(const struct xvm_io_table *t,
					 uint64_t addr);
void xvm_io_dispatch(const struct xvm_io_table *t, uint64_t addr,
		     unsigned int size, bool is_write, uint8_t *data,
		     bool *handled);

#endif /* XVM_RUN_H */
