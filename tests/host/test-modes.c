// SPDX-License-Identifier: GPL-2.0
/* GDT, page tables and initial registers (userspace/modes.c). */
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "modes.h"

#define MEM_SIZE (1u << 20)

static uint64_t get64(const uint8_t *mem, uint64_t addr)
{
	uint64_t v;

	memcpy(&v, mem + addr, 8);
	return v;
}

/*
 * A 4-level walk as the CPU does it (no permission checks). Returns the
 * physical address, or ~0 if not present.
 */
static uint64_t walk(const uint8_t *mem, uint64_t cr3, uint64_t va)
{
	const uint64_t addr_mask = 0x000ffffffffff000ULL;
	uint64_t table = cr3 & addr_mask, e = 0;
	int level;

	for (level = 3; level >= 0; level--) {
		unsigned int idx = (va >> (12 + 9 * level)) & 511;

		e = get64(mem, table + idx * 8);
		if (!(e & XVM_PTE_P))
			return ~0ULL;
		if (level > 0 && (e & XVM_PTE_PS)) {
			uint64_t size = 1ULL << (12 + 9 * level);

			return (e & addr_mask & ~(size - 1)) |
			       (va & (size - 1));
		}
		table = e & addr_mask;
	}
	return (e & addr_mask) | (va & 0xfff);
}

/* Decode the GDT descriptor at @sel and compare with @s. */
static bool seg_matches_gdt(const uint8_t *mem, const struct xvm_segment *s)
{
	uint64_t d = get64(mem, XVM_GDT_ADDR + (s->selector & ~7));
	uint32_t limit = (d & 0xffff) | ((d >> 32) & 0xf0000);
	uint64_t base = ((d >> 16) & 0xffffff) | ((d >> 32) & 0xff000000);
	bool g = (d >> 55) & 1;

	if (g)
		limit = (limit << 12) | 0xfff;
	if (!s->s)	/* system descriptor: 16 bytes in long mode */
		base |= get64(mem, XVM_GDT_ADDR + (s->selector & ~7) + 8)
			<< 32;
	return base == s->base && limit == s->limit &&
	       ((d >> 40) & 0xf) == s->type && ((d >> 44) & 1) == s->s &&
	       ((d >> 45) & 3) == s->dpl && ((d >> 47) & 1) == s->present &&
	       ((d >> 53) & 1) == s->l && ((d >> 54) & 1) == s->db &&
	       g == s->g;
}

static void test_page_tables(uint8_t *mem)
{
	uint64_t base = XVM_PT_ADDR, i;
	bool ok = true;

	memset(mem, 0xaa, MEM_SIZE);
	CHECK(xvm_build_page_tables(mem, MEM_SIZE, base, 4ULL << 30) == 0,
	      "page tables for 4 GiB");
	CHECK(get64(mem, base) == ((base + 0x1000) | 3),
	      "PML4[0] -> PDPT, present and writable");
	for (i = 1; i < 512; i++)
		ok &= get64(mem, base + i * 8) == 0;
	CHECK(ok, "PML4[1..511] empty");
	ok = true;
	for (i = 0; i < 4; i++)
		ok &= get64(mem, base + 0x1000 + i * 8) ==
		      ((base + 0x2000 + i * 0x1000) | 3);
	CHECK(ok, "PDPT[0..3] -> four page directories");
	CHECK(get64(mem, base + 0x1000 + 4 * 8) == 0, "PDPT[4] empty");
	ok = true;
	for (i = 0; i < 4 * 512; i++)
		ok &= get64(mem, base + 0x2000 + i * 8) ==
		      ((i << 21) | 0x83);
	CHECK(ok, "2048 PDEs: 2 MiB pages, present, writable, identity");
	CHECK(mem[base + 0x6000] == 0xaa, "nothing written past the tables");
	CHECK(walk(mem, base, 0) == 0 &&
	      walk(mem, base, 0x12345678) == 0x12345678 &&
	      walk(mem, base, 0xd0000008) == 0xd0000008 &&
	      walk(mem, base, 0xffffffff) == 0xffffffff,
	      "walk: identity below 4 GiB");
	CHECK(walk(mem, base, 0x100000000ULL) == ~0ULL &&
	      walk(mem, base, 0x8000000000ULL) == ~0ULL,
	      "walk: nothing at 4 GiB and above");

	CHECK(xvm_build_page_tables(mem, MEM_SIZE, base + 8, 1ULL << 30),
	      "unaligned base refused");
	CHECK(xvm_build_page_tables(mem, MEM_SIZE, base, 0),
	      "empty map refused");
	CHECK(xvm_build_page_tables(mem, MEM_SIZE, base, 3ULL << 29),
	      "map not a multiple of 1 GiB refused");
	CHECK(xvm_build_page_tables(mem, MEM_SIZE, base, 513ULL << 30),
	      "map over 512 GiB refused");
	CHECK(xvm_build_page_tables(mem, MEM_SIZE, MEM_SIZE - 0x3000,
				    2ULL << 30),
	      "tables past the end of RAM refused");
	CHECK(xvm_build_page_tables(mem, MEM_SIZE, MEM_SIZE - 0x3000,
				    1ULL << 30) == 0,
	      "tables ending at the end of RAM");
}

void test_modes(void)
{
	uint8_t *mem = malloc(MEM_SIZE);
	struct xvm_regs r;
	struct xvm_sregs s;
	int ret;

	test_page_tables(mem);

	memset(mem, 0xaa, MEM_SIZE);
	CHECK(xvm_mode_prepare_memory(XVM_MODE_REAL, mem, MEM_SIZE) == 0 &&
	      mem[XVM_GDT_ADDR] == 0xaa, "real mode writes no tables");
	CHECK(xvm_mode_prepare_memory(XVM_MODE_LONG64, mem, MEM_SIZE) == 0,
	      "long64 memory prepared");
	CHECK(get64(mem, XVM_GDT_ADDR) == 0, "GDT[0] null");
	CHECK(mem[XVM_TSS_ADDR + 0x66] == 0x68, "TSS has no I/O bitmap");
	CHECK(xvm_mode_prepare_memory(XVM_MODE_LONG64, mem, 0x8000) != 0,
	      "long64 needs more than 32 KiB");

	/* real */
	ret = xvm_mode_state(XVM_MODE_REAL, 0x10000, 0x10000, 0, 1, &r, &s);
	CHECK(ret == 0 && s.cs.selector == 0x1000 && s.cs.base == 0x10000 &&
	      r.rip == 0, "real: CS:IP 1000:0000 for entry 0x10000");
	CHECK(s.ds.base == 0x10000 && s.es.base == 0x10000 &&
	      s.ss.base == 0 && s.cs.limit == 0xffff && s.cs.type == 0xb &&
	      s.ds.type == 3, "real: data segments = CS, SS = 0");
	CHECK(!(s.cr0 & XVM_CR0_PE) && !s.efer && s.idt.limit == 0x3ff,
	      "real: PE clear, IVT at 0");
	CHECK(s.tr.present && s.tr.type == 0xb && s.ldt.type == 2,
	      "real: TR and LDTR usable as after reset");
	CHECK(r.rsp == 0 && r.rsi == 0 && r.rdi == 1 && r.rflags == 2,
	      "real: SP 0 (top of 64 KiB), RSI 0, RDI 1, RFLAGS 2");
	ret = xvm_mode_state(XVM_MODE_REAL, 0x10123, 0x10000, 2, 4, &r, &s);
	CHECK(ret == 0 && s.cs.selector == 0x1000 && r.rip == 0x123 &&
	      r.rsp == 0xf000 && r.rsi == 2 && r.rdi == 4,
	      "real: vCPU 2 of 4: IP 0x123, SP 0xf000");
	ret = xvm_mode_state(XVM_MODE_REAL, 0x7c00, 0x10000, 0, 1, &r, &s);
	CHECK(ret == 0 && s.cs.selector == 0x7c0 && r.rip == 0,
	      "real: entry below the load address: CS 0x7c0");
	CHECK(xvm_mode_state(XVM_MODE_REAL, 0x100000, 0x10000, 0, 1, &r,
			     &s) < 0, "real: entry at 1 MiB refused");

	/* prot32 */
	ret = xvm_mode_state(XVM_MODE_PROT32, 0x100000, 0x10000, 1, 2, &r,
			     &s);
	CHECK(ret == 0 && r.rip == 0x100000 && r.rsp == 0xf800 &&
	      r.rsi == 1, "prot32: entry, stack of vCPU 1");
	CHECK((s.cr0 & XVM_CR0_PE) && !(s.cr0 & XVM_CR0_PG) && !s.efer &&
	      !s.cr4, "prot32: PE, no paging");
	CHECK(s.cs.selector == XVM_SEL_CODE32 && s.cs.db && !s.cs.l &&
	      seg_matches_gdt(mem, &s.cs), "prot32: CS is the GDT's code32");
	CHECK(s.ss.selector == XVM_SEL_DATA && seg_matches_gdt(mem, &s.ss) &&
	      seg_matches_gdt(mem, &s.ds), "prot32: SS/DS match the GDT");
	CHECK(s.gdt.base == XVM_GDT_ADDR && s.gdt.limit == XVM_GDT_LIMIT &&
	      s.idt.limit == 0, "prot32: GDTR set, IDTR empty");
	CHECK(xvm_mode_state(XVM_MODE_PROT32, 0x100000000ULL, 0, 0, 1, &r,
			     &s) < 0, "prot32: entry above 4 GiB refused");

	/* long64 */
	ret = xvm_mode_state(XVM_MODE_LONG64, 0x100000, 0x10000, 0, 1, &r,
			     &s);
	CHECK(ret == 0 && r.rip == 0x100000 && r.rsp == 0x10000,
	      "long64: entry, stack");
	CHECK((s.cr0 & (XVM_CR0_PE | XVM_CR0_PG)) ==
	      (XVM_CR0_PE | XVM_CR0_PG) && (s.cr4 & XVM_CR4_PAE) &&
	      s.efer == (XVM_EFER_LME | XVM_EFER_LMA) &&
	      s.cr3 == XVM_PT_ADDR, "long64: PG, PAE, LME+LMA, CR3");
	CHECK(s.cs.selector == XVM_SEL_CODE64 && s.cs.l && !s.cs.db &&
	      seg_matches_gdt(mem, &s.cs), "long64: CS is the GDT's code64");
	CHECK(s.tr.selector == XVM_SEL_TSS && s.tr.type == 0xb &&
	      !s.tr.s && seg_matches_gdt(mem, &s.tr),
	      "long64: TR is the GDT's busy TSS");
	CHECK(s.ldt.unusable, "long64: LDTR unusable");
	CHECK(walk(mem, s.cr3, r.rip) == r.rip &&
	      walk(mem, s.cr3, r.rsp - 8) == r.rsp - 8 &&
	      walk(mem, s.cr3, s.gdt.base) == s.gdt.base,
	      "long64: entry, stack and GDT identity mapped");
	CHECK(xvm_mode_state(XVM_MODE_LONG64, XVM_IDMAP_SIZE, 0, 0, 1, &r,
			     &s) < 0, "long64: entry outside the map refused");
	CHECK(xvm_mode_state(XVM_MODE_AUTO, 0, 0, 0, 1, &r, &s) < 0,
	      "mode auto is not a start mode");
	free(mem);
}
