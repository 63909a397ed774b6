// SPDX-License-Identifier: GPL-2.0
/*
 * xvm-run: the Linux x86 boot protocol (Documentation/arch/x86/boot.rst
 * of the kernel), 64-bit entry.
 *
 * Guest physical layout:
 *
 *   0x01000  GDT: 0x10 __BOOT_CS (64-bit code), 0x18 __BOOT_DS, 0x20 TSS
 *   0x01800  TSS (zero)
 *   0x02000  page tables: the first 4 GiB identity-mapped, 2 MiB pages
 *   0x0f000  initial stack top (the kernel sets up its own at once)
 *   0x10000  boot_params ("zero page")
 *   0x20000  the command line
 *   0x100000 the protected-mode kernel (code32_start); entry at +0x200
 *   top      the initrd, page aligned, as high as initrd_addr_max allows
 *
 * The e820 map given to the kernel: RAM 0-0x9ffff, a hole for the VGA and
 * BIOS areas (0xa0000-0xfffff, though xvm-run backs it with RAM too), RAM
 * from 1 MiB to the end of --mem.
 */
#include <stdio.h>
#include <string.h>

#include "modes.h"
#include "vmm.h"
#include "pc.h"

#define LX_GDT		0x1000ULL
#define LX_TSS		0x1800ULL
#define LX_PT		0x2000ULL
#define LX_STACK	0xf000ULL
#define LX_ZERO_PAGE	0x10000ULL
#define LX_CMDLINE	0x20000ULL
#define LX_CMDLINE_MAX	0x10000ULL
#define LX_KERNEL	0x100000ULL

#define LX_BOOT_CS	0x10
#define LX_BOOT_DS	0x18
#define LX_TSS_SEL	0x20

/* Offsets in boot_params and its setup header. */
#define BP_EXT_RAMDISK_IMAGE	0x0c0
#define BP_EXT_RAMDISK_SIZE	0x0c4
#define BP_EXT_CMD_LINE_PTR	0x0c8
#define BP_E820_ENTRIES		0x1e8
#define BP_SETUP_SECTS		0x1f1
#define BP_VID_MODE		0x1fa
#define BP_JUMP			0x200
#define BP_HEADER		0x202
#define BP_VERSION		0x206
#define BP_TYPE_OF_LOADER	0x210
#define BP_LOADFLAGS		0x211
#define BP_CODE32_START		0x214
#define BP_RAMDISK_IMAGE	0x218
#define BP_RAMDISK_SIZE		0x21c
#define BP_HEAP_END_PTR		0x224
#define BP_CMD_LINE_PTR		0x228
#define BP_INITRD_ADDR_MAX	0x22c
#define BP_XLOADFLAGS		0x236
#define BP_CMDLINE_SIZE		0x238
#define BP_INIT_SIZE		0x260
#define BP_E820_TABLE		0x2d0

#define LOADED_HIGH		0x01
#define CAN_USE_HEAP		0x80
#define XLF_KERNEL_64		0x01

static uint32_t get32(const uint8_t *p)
{
	uint32_t v;

	memcpy(&v, p, 4);
	return v;
}

static uint16_t get16(const uint8_t *p)
{
	uint16_t v;

	memcpy(&v, p, 2);
	return v;
}

static void put16(uint8_t *p, uint16_t v)
{
	memcpy(p, &v, 2);
}

static void put32(uint8_t *p, uint32_t v)
{
	memcpy(p, &v, 4);
}

static void put64(uint8_t *p, uint64_t v)
{
	memcpy(p, &v, 8);
}

static void e820_add(uint8_t *bp, uint64_t addr, uint64_t size,
		     uint32_t type)
{
	uint8_t n = bp[BP_E820_ENTRIES];
	uint8_t *e = bp + BP_E820_TABLE + n * 20;

	put64(e, addr);
	put64(e + 8, size);
	put32(e + 16, type);
	bp[BP_E820_ENTRIES] = n + 1;
}

/**
 * xvm_linux_load() - lay a bzImage, its initrd and command line out in
 * guest memory, with boot_params, the GDT and page tables.
 * @vm: the VM, guest RAM set up.
 * @kernel: the bzImage.
 * @klen: its size.
 * @initrd: the initrd, or NULL.
 * @ilen: its size.
 * @cmdline: the command line, or NULL for none.
 * @err: a message on failure.
 * @errlen: bytes at @err.
 *
 * Return: 0, or -1 with @err set.
 */
int xvm_linux_load(struct xvm_vm *vm, const uint8_t *kernel, size_t klen,
		   const uint8_t *initrd, size_t ilen, const char *cmdline,
		   char *err, size_t errlen)
{
	uint8_t *mem = vm->mem, *bp = mem + LX_ZERO_PAGE, *gdt;
	uint64_t mem_size = vm->mem_size, setup_size, pm_size, init_size;
	uint64_t cmd_max, initrd_max, initrd_addr = 0, hdr_end;
	uint16_t version;
	unsigned int setup_sects;

	if (klen < 0x1000 || memcmp(kernel + BP_HEADER, "HdrS", 4)) {
		snprintf(err, errlen, "not a bzImage (no HdrS signature)");
		return -1;
	}
	version = get16(kernel + BP_VERSION);
	if (version < 0x20c || !(get16(kernel + BP_XLOADFLAGS) &
				 XLF_KERNEL_64)) {
		snprintf(err, errlen, "boot protocol %u.%02u without the "
			 "64-bit entry (need 2.12 and XLF_KERNEL_64)",
			 version >> 8, version & 0xff);
		return -1;
	}
	setup_sects = kernel[BP_SETUP_SECTS] ? kernel[BP_SETUP_SECTS] : 4;
	setup_size = (setup_sects + 1) * 512ULL;
	if (setup_size >= klen) {
		snprintf(err, errlen, "bzImage truncated");
		return -1;
	}
	pm_size = klen - setup_size;
	init_size = get32(kernel + BP_INIT_SIZE);
	if (init_size < pm_size)
		init_size = pm_size;
	/* The decompressor works at LOAD_PHYSICAL_ADDR (16 MiB) at most. */
	if (mem_size < LX_KERNEL + (16ULL << 20) + init_size) {
		snprintf(err, errlen, "--mem too small for this kernel (it "
			 "needs %llu MiB and more to run)",
			 (unsigned long long)((LX_KERNEL + (16ULL << 20) +
					       init_size) >> 20) + 1);
		return -1;
	}

	/* boot_params: zero, then the setup header as the image has it. */
	memset(bp, 0, 4096);
	hdr_end = BP_HEADER + kernel[BP_JUMP + 1];
	if (hdr_end > 0x290)
		hdr_end = 0x290;
	memcpy(bp + BP_SETUP_SECTS, kernel + BP_SETUP_SECTS,
	       hdr_end - BP_SETUP_SECTS);
	bp[BP_TYPE_OF_LOADER] = 0xff;
	bp[BP_LOADFLAGS] |= LOADED_HIGH | CAN_USE_HEAP;
	put16(bp + BP_HEAP_END_PTR, 0xfe00);
	put16(bp + BP_VID_MODE, 0xffff);	/* "normal" */
	put32(bp + BP_CODE32_START, LX_KERNEL);

	/* The command line. */
	cmd_max = version >= 0x206 ? get32(kernel + BP_CMDLINE_SIZE) : 255;
	if (cmd_max >= LX_CMDLINE_MAX)
		cmd_max = LX_CMDLINE_MAX - 1;
	if (!cmdline)
		cmdline = "";
	if (strlen(cmdline) > cmd_max) {
		snprintf(err, errlen, "command line longer than %llu bytes",
			 (unsigned long long)cmd_max);
		return -1;
	}
	memset(mem + LX_CMDLINE, 0, cmd_max + 1);
	memcpy(mem + LX_CMDLINE, cmdline, strlen(cmdline));
	put32(bp + BP_CMD_LINE_PTR, LX_CMDLINE);
	put32(bp + BP_EXT_CMD_LINE_PTR, 0);

	/* The protected-mode kernel at 1 MiB. */
	memcpy(mem + LX_KERNEL, kernel + setup_size, pm_size);

	/* The initrd, as high as the kernel allows. */
	if (initrd && ilen) {
		initrd_max = get32(kernel + BP_INITRD_ADDR_MAX);
		if (!initrd_max)
			initrd_max = 0x37ffffff;
		if (initrd_max + 1 > mem_size)
			initrd_max = mem_size - 1;
		if (ilen > initrd_max + 1) {
			snprintf(err, errlen, "initrd too large");
			return -1;
		}
		initrd_addr = (initrd_max + 1 - ilen) & ~0xfffULL;
		if (initrd_addr < LX_KERNEL + (16ULL << 20) + init_size) {
			snprintf(err, errlen, "--mem too small for the kernel "
				 "and a %zu KiB initrd", ilen >> 10);
			return -1;
		}
		memcpy(mem + initrd_addr, initrd, ilen);
		put32(bp + BP_RAMDISK_IMAGE, (uint32_t)initrd_addr);
		put32(bp + BP_RAMDISK_SIZE, (uint32_t)ilen);
		put32(bp + BP_EXT_RAMDISK_IMAGE, initrd_addr >> 32);
		put32(bp + BP_EXT_RAMDISK_SIZE, (uint64_t)ilen >> 32);
	}

	/* e820 */
	e820_add(bp, 0, 0xa0000, 1);
	e820_add(bp, LX_KERNEL, mem_size - LX_KERNEL, 1);

	/* GDT: __BOOT_CS = 0x10, __BOOT_DS = 0x18, a TSS for TR. */
	gdt = mem + LX_GDT;
	memset(gdt, 0, 0x30);
	put64(gdt + LX_BOOT_CS, 0x00af9b000000ffffULL);
	put64(gdt + LX_BOOT_DS, 0x00cf93000000ffffULL);
	put64(gdt + LX_TSS_SEL, 0x67 | (LX_TSS & 0xffffff) << 16 |
	      0x8bULL << 40 | ((LX_TSS >> 24) & 0xff) << 56);
	put64(gdt + LX_TSS_SEL + 8, LX_TSS >> 32);
	memset(mem + LX_TSS, 0, 0x68);
	mem[LX_TSS + 0x66] = 0x68;

	if (xvm_build_page_tables(mem, mem_size, LX_PT, XVM_IDMAP_SIZE)) {
		snprintf(err, errlen, "cannot build the page tables");
		return -1;
	}
	if (vm->opts->verbose)
		fprintf(stderr, "xvm-run: bzImage protocol %u.%02u, kernel "
			"%llu KiB at 0x%llx (init_size %llu KiB), initrd %zu "
			"KiB at 0x%llx, %llu MiB RAM\n", version >> 8,
			version & 0xff, (unsigned long long)pm_size >> 10,
			LX_KERNEL, (unsigned long long)init_size >> 10,
			ilen >> 10, (unsigned long long)initrd_addr,
			(unsigned long long)mem_size >> 20);
	return 0;
}

static void seg(struct xvm_segment *s, uint16_t sel, uint8_t type, bool l)
{
	memset(s, 0, sizeof(*s));
	s->selector = sel;
	s->limit = 0xffffffff;
	s->type = type;
	s->present = 1;
	s->s = 1;
	s->g = 1;
	s->l = l;
	s->db = !l;
}

/**
 * xvm_linux_vcpu_state() - the boot protocol's 64-bit entry state.
 * @vm: the VM.
 * @v: vCPU 0, created.
 *
 * Long mode with paging on (the identity map), CS = __BOOT_CS, the data
 * segments __BOOT_DS, interrupts off, RSI = the boot_params address, RIP
 * = the 64-bit entry point (the kernel's load address + 0x200).
 *
 * Return: 0, or -1 (the hypervisor refused; printed).
 */
int xvm_linux_vcpu_state(struct xvm_vm *vm, struct xvm_vcpu_ctx *v)
{
	struct xvm_regs regs;
	struct xvm_sregs sregs;

	memset(&regs, 0, sizeof(regs));
	memset(&sregs, 0, sizeof(sregs));
	regs.rip = LX_KERNEL + 0x200;
	regs.rsi = LX_ZERO_PAGE;
	regs.rsp = LX_STACK;
	regs.rflags = 2;
	seg(&sregs.cs, LX_BOOT_CS, 0xb, true);
	seg(&sregs.ds, LX_BOOT_DS, 0x3, false);
	sregs.es = sregs.fs = sregs.gs = sregs.ss = sregs.ds;
	sregs.tr.selector = LX_TSS_SEL;
	sregs.tr.base = LX_TSS;
	sregs.tr.limit = 0x67;
	sregs.tr.type = 0xb;
	sregs.tr.present = 1;
	sregs.ldt.unusable = 1;
	sregs.gdt.base = LX_GDT;
	sregs.gdt.limit = 0x2f;
	sregs.cr0 = XVM_CR0_PE | XVM_CR0_MP | XVM_CR0_ET | XVM_CR0_NE |
		    XVM_CR0_WP | XVM_CR0_PG;
	sregs.cr3 = LX_PT;
	sregs.cr4 = XVM_CR4_PAE;
	sregs.efer = XVM_EFER_LME | XVM_EFER_LMA;
	if (vm->hv->set_sregs(v, &sregs)) {
		perror("xvm-run: set sregs");
		return -1;
	}
	if (vm->hv->set_regs(v, &regs)) {
		perror("xvm-run: set regs");
		return -1;
	}
	return 0;
}
