// SPDX-License-Identifier: GPL-2.0
/*
 * xvm-run: the initial state of a vCPU for each start mode.
 *
 * real:   CS = DS = ES = FS = GS = load >> 4, IP = entry - load (a flat
 *         binary is linked at offset 0 of its segment), SS = 0. Nothing
 *         is written to guest memory.
 * prot32: flat 4 GiB segments from a GDT at 0x1000, paging off.
 * long64: the same GDT, a 64-bit code segment, identity page tables at
 *         0x2000 mapping the first 4 GiB with 2 MiB pages (the MMIO test
 *         device at 0xd0000000 included).
 *
 * In every mode vCPU n starts with RSI = n, RDI = number of vCPUs and the
 * stack pointer at 0x10000 - n * 0x800. The guest owns the IDT: IDTR is
 * empty in the protected modes, so a fault before the guest loads its own
 * IDT is a triple fault.
 */
#include <errno.h>
#include <string.h>

#include "xvm-run.h"
#include "modes.h"

static void put64(uint8_t *p, uint64_t v)
{
	memcpy(p, &v, sizeof(v));
}

/**
 * xvm_build_gdt() - write the GDT and the TSS into guest memory.
 * @mem: guest RAM (at least XVM_PT_ADDR bytes).
 *
 * The TSS descriptor is 64-bit style (16 bytes) and marked busy: VMX
 * requires a busy TSS in TR at entry, and the first 8 bytes read the same
 * as a 32-bit busy TSS descriptor in prot32.
 */
void xvm_build_gdt(uint8_t *mem)
{
	uint8_t *gdt = mem + XVM_GDT_ADDR;
	uint64_t tss = XVM_TSS_ADDR, limit = 0x67;

	memset(gdt, 0, XVM_GDT_LIMIT + 1);
	put64(gdt + XVM_SEL_CODE32, 0x00cf9b000000ffffULL);
	put64(gdt + XVM_SEL_DATA, 0x00cf93000000ffffULL);
	put64(gdt + XVM_SEL_CODE64, 0x00af9b000000ffffULL);
	put64(gdt + XVM_SEL_TSS, (limit & 0xffff) |
	      (tss & 0xffffff) << 16 | 0x8bULL << 40 |
	      ((limit >> 16) & 0xf) << 48 | ((tss >> 24) & 0xff) << 56);
	put64(gdt + XVM_SEL_TSS + 8, tss >> 32);
	memset(mem + XVM_TSS_ADDR, 0, 0x68);
	/* No I/O bitmap: its offset points past the limit. */
	mem[XVM_TSS_ADDR + 0x66] = 0x68;
}

/**
 * xvm_build_page_tables() - identity-map the low guest physical space.
 * @mem: guest RAM.
 * @mem_size: bytes of guest RAM.
 * @base: guest physical address of the PML4 (4 KiB aligned); the PDPT
 *	follows, then one page directory per GiB.
 * @map_size: bytes to map, a multiple of 1 GiB, at most 512 GiB.
 *
 * 2 MiB pages only, so that the map works whether or not the CPU has
 * 1 GiB pages. Entries are present, writable, supervisor.
 *
 * Return: 0, or -EINVAL if the arguments are off or the tables do not
 * fit in RAM.
 */
int xvm_build_page_tables(uint8_t *mem, uint64_t mem_size, uint64_t base,
			  uint64_t map_size)
{
	uint64_t ngb = map_size >> 30, i, j;
	uint64_t pml4 = base, pdpt = base + 0x1000, pd = base + 0x2000;

	if (base % 4096 || map_size % (1ULL << 30) || !ngb || ngb > 512)
		return -EINVAL;
	if (base > mem_size || mem_size - base < (2 + ngb) * 4096)
		return -EINVAL;
	memset(mem + base, 0, (2 + ngb) * 4096);
	put64(mem + pml4, pdpt | XVM_PTE_P | XVM_PTE_RW);
	for (i = 0; i < ngb; i++) {
		uint64_t dir = pd + i * 4096;

		put64(mem + pdpt + i * 8, dir | XVM_PTE_P | XVM_PTE_RW);
		for (j = 0; j < 512; j++)
			put64(mem + dir + j * 8,
			      (i << 30 | j << 21) | XVM_PTE_P | XVM_PTE_RW |
			      XVM_PTE_PS);
	}
	return 0;
}

static void seg_flat(struct xvm_segment *s, uint16_t sel, uint8_t type)
{
	memset(s, 0, sizeof(*s));
	s->selector = sel;
	s->base = 0;
	s->limit = 0xffffffff;
	s->type = type;
	s->present = 1;
	s->s = 1;
	s->db = 1;
	s->g = 1;
}

static void seg_real(struct xvm_segment *s, uint16_t sel, uint8_t type)
{
	memset(s, 0, sizeof(*s));
	s->selector = sel;
	s->base = (uint64_t)sel << 4;
	s->limit = 0xffff;
	s->type = type;
	s->present = 1;
	s->s = 1;
}

/**
 * xvm_mode_state() - the registers a vCPU starts with.
 * @mode: XVM_MODE_REAL, _PROT32 or _LONG64.
 * @entry: guest physical entry point.
 * @load: load address (real mode: the code segment base).
 * @idx: vCPU index.
 * @ncpus: number of vCPUs.
 * @regs: result.
 * @sregs: result.
 *
 * Return: 0, or -EINVAL if the entry cannot be reached in @mode.
 */
int xvm_mode_state(enum xvm_mode mode, uint64_t entry, uint64_t load,
		   unsigned int idx, unsigned int ncpus, struct xvm_regs *regs,
		   struct xvm_sregs *sregs)
{
	uint64_t sp = XVM_STACK_TOP - idx * XVM_STACK_PER_CPU;
	uint16_t seg;

	memset(regs, 0, sizeof(*regs));
	memset(sregs, 0, sizeof(*sregs));
	regs->rflags = 2;
	regs->rsi = idx;
	regs->rdi = ncpus;
	regs->rsp = sp;

	switch (mode) {
	case XVM_MODE_REAL:
		if (entry >= load && entry - load < 0x10000 &&
		    load < 0x100000) {
			seg = load >> 4;
			regs->rip = entry - load;
		} else if (entry < 0x100000) {
			seg = entry >> 4;
			regs->rip = entry & 0xf;
		} else {
			return -EINVAL;
		}
		regs->rsp = sp & 0xffff;
		seg_real(&sregs->cs, seg, 0xb);
		seg_real(&sregs->ds, seg, 0x3);
		seg_real(&sregs->es, seg, 0x3);
		seg_real(&sregs->fs, seg, 0x3);
		seg_real(&sregs->gs, seg, 0x3);
		seg_real(&sregs->ss, 0, 0x3);
		sregs->tr.limit = 0xffff;
		sregs->tr.type = 0xb;
		sregs->tr.present = 1;
		sregs->ldt.limit = 0xffff;
		sregs->ldt.type = 0x2;
		sregs->ldt.present = 1;
		sregs->gdt.limit = 0xffff;
		sregs->idt.limit = 0x3ff;
		sregs->cr0 = XVM_CR0_ET;
		return 0;
	case XVM_MODE_PROT32:
		if (entry > 0xffffffffULL)
			return -EINVAL;
		seg_flat(&sregs->cs, XVM_SEL_CODE32, 0xb);
		sregs->cr0 = XVM_CR0_PE | XVM_CR0_ET | XVM_CR0_NE;
		break;
	case XVM_MODE_LONG64:
		if (entry >= XVM_IDMAP_SIZE)
			return -EINVAL;
		seg_flat(&sregs->cs, XVM_SEL_CODE64, 0xb);
		sregs->cs.db = 0;
		sregs->cs.l = 1;
		sregs->cr0 = XVM_CR0_PE | XVM_CR0_MP | XVM_CR0_ET |
			     XVM_CR0_NE | XVM_CR0_WP | XVM_CR0_PG;
		sregs->cr3 = XVM_PT_ADDR;
		sregs->cr4 = XVM_CR4_PAE | XVM_CR4_OSFXSR | XVM_CR4_OSXMMEXCPT;
		sregs->efer = XVM_EFER_LME | XVM_EFER_LMA;
		break;
	default:
		return -EINVAL;
	}
	regs->rip = entry;
	seg_flat(&sregs->ds, XVM_SEL_DATA, 0x3);
	seg_flat(&sregs->es, XVM_SEL_DATA, 0x3);
	seg_flat(&sregs->fs, XVM_SEL_DATA, 0x3);
	seg_flat(&sregs->gs, XVM_SEL_DATA, 0x3);
	seg_flat(&sregs->ss, XVM_SEL_DATA, 0x3);
	sregs->tr.selector = XVM_SEL_TSS;
	sregs->tr.base = XVM_TSS_ADDR;
	sregs->tr.limit = 0x67;
	sregs->tr.type = 0xb;
	sregs->tr.present = 1;
	sregs->ldt.unusable = 1;
	sregs->gdt.base = XVM_GDT_ADDR;
	sregs->gdt.limit = XVM_GDT_LIMIT;
	return 0;
}

/**
 * xvm_mode_prepare_memory() - write what @mode needs into guest memory.
 * @mode: the start mode.
 * @mem: guest RAM.
 * @mem_size: bytes of it.
 *
 * Return: 0 or -EINVAL (RAM too small for the tables).
 */
int xvm_mode_prepare_memory(enum xvm_mode mode, uint8_t *mem,
			    uint64_t mem_size)
{
	if (mode == XVM_MODE_REAL)
		return 0;
	if (mem_size < XVM_STACK_TOP)
		return -EINVAL;
	xvm_build_gdt(mem);
	if (mode == XVM_MODE_LONG64)
		return xvm_build_page_tables(mem, mem_size, XVM_PT_ADDR,
					     XVM_IDMAP_SIZE);
	return 0;
}
