// SPDX-License-Identifier: GPL-2.0
/*
 * The little instruction emulation xvm does in the kernel: decoding the MOV
 * forms that access MMIO, and walking the guest's page tables. See
 * emulate.h; both are pure functions of their inputs.
 */
#include <linux/bitops.h>
#include <linux/bits.h>
#include <linux/errno.h>
#include <linux/kernel.h>
#include <linux/string.h>
#include <asm/msr-index.h>
#include <asm/processor-flags.h>

#include "../uapi/xvm.h"
#include "emulate.h"

/* The architectural limit on the length of an instruction. */
#define XVM_INSN_MAX	15

/* REX.X extends a register of the address, which is never needed. */
#define REX_B		BIT(0)
#define REX_R		BIT(2)
#define REX_W		BIT(3)

struct xvm_decoder {
	const u8 *insn;
	unsigned int avail;
	unsigned int pos;
};

/*
 * Consume @n bytes of the instruction. Running past the bytes the caller
 * has is -E2BIG (more bytes would help) unless it already gave the most an
 * instruction can have: then the instruction is too long, -EINVAL.
 */
static int dec_take(struct xvm_decoder *d, unsigned int n, const u8 **p)
{
	if (d->pos + n > d->avail)
		return d->avail < XVM_INSN_MAX ? -E2BIG : -EINVAL;
	*p = d->insn + d->pos;
	d->pos += n;
	return 0;
}

static int dec_byte(struct xvm_decoder *d, u8 *b)
{
	const u8 *p;
	int ret;

	ret = dec_take(d, 1, &p);
	if (!ret)
		*b = *p;
	return ret;
}

/* Consume a little-endian immediate or displacement of @n bytes (1-8). */
static int dec_le(struct xvm_decoder *d, unsigned int n, u64 *val)
{
	const u8 *p;
	u64 v = 0;
	int ret;

	ret = dec_take(d, n, &p);
	if (ret)
		return ret;
	while (n--)
		v = (v << 8) | p[n];
	*val = v;
	return 0;
}

/*
 * Consume what follows a ModRM byte that names memory: the SIB byte and the
 * displacement. The addressing itself does not matter (the exit gives the
 * physical address), only the length. The special cases (SIB, no base) go by
 * the raw ModRM and SIB bits, so REX.B and REX.X do not change them.
 */
static int dec_ea(struct xvm_decoder *d, u8 modrm, unsigned int addr_size)
{
	unsigned int mod = modrm >> 6, rm = modrm & 7, disp = 0;
	const u8 *p;
	u8 sib;
	int ret;

	if (addr_size == 2) {
		if (mod == 1)
			disp = 1;
		else if (mod == 2 || rm == 6)
			disp = 2;
		return dec_take(d, disp, &p);
	}

	if (rm == 4) {
		ret = dec_byte(d, &sib);
		if (ret)
			return ret;
		if (mod == 0 && (sib & 7) == 5)
			disp = 4;
	}
	if (mod == 1)
		disp = 1;
	else if (mod == 2 || (mod == 0 && rm == 5))
		disp = 4;	/* mod 0, rm 5: disp32 or RIP + disp32 */
	return dec_take(d, disp, &p);
}

static bool is_legacy_prefix(u8 b)
{
	switch (b) {
	case 0x26: case 0x2e: case 0x36: case 0x3e: case 0x64: case 0x65:
	case 0x66: case 0x67: case 0xf0: case 0xf2: case 0xf3:
		return true;
	default:
		return false;
	}
}

int xvm_mmio_decode(const u8 *insn, unsigned int avail, unsigned int mode,
		    struct xvm_mmio_op *op)
{
	struct xvm_decoder d = {
		.insn = insn,
		.avail = min_t(unsigned int, avail, XVM_INSN_MAX),
	};
	bool opsize_pfx = false, addrsize_pfx = false, lock = false;
	bool byte_reg = false, imm_form = false;
	unsigned int op_size, addr_size, imm_size = 0;
	u8 rex = 0, b, modrm;
	u64 val;
	int ret;

	memset(op, 0, sizeof(*op));
	if (mode != 16 && mode != 32 && mode != 64)
		return -EINVAL;

	/*
	 * Legacy prefixes in any order and number, then REX in 64-bit mode.
	 * A REX counts only right before the opcode: one followed by a legacy
	 * prefix is ignored, and of several the last wins.
	 */
	for (;;) {
		ret = dec_byte(&d, &b);
		if (ret)
			return ret;
		if (mode == 64 && (b & 0xf0) == 0x40) {
			rex = b;
			continue;
		}
		if (!is_legacy_prefix(b))
			break;
		rex = 0;
		if (b == 0x66)
			opsize_pfx = true;
		else if (b == 0x67)
			addrsize_pfx = true;
		else if (b == 0xf0)
			lock = true;
		/* Segment overrides, REP/REPNE: nothing to do for a MOV. */
	}

	/* LOCK MOV raises #UD before any access: never an MMIO exit. */
	if (lock)
		return -EINVAL;

	if (rex & REX_W)
		op_size = 8;
	else if (mode == 16)
		op_size = opsize_pfx ? 4 : 2;
	else
		op_size = opsize_pfx ? 2 : 4;

	if (mode == 64)
		addr_size = addrsize_pfx ? 4 : 8;
	else if (mode == 32)
		addr_size = addrsize_pfx ? 2 : 4;
	else
		addr_size = addrsize_pfx ? 4 : 2;

	switch (b) {
	case 0x88:		/* MOV r/m8, r8 */
		op->kind = XVM_MMIO_STORE_REG;
		op->size = 1;
		byte_reg = true;
		break;
	case 0x89:		/* MOV r/m, r */
		op->kind = XVM_MMIO_STORE_REG;
		op->size = op_size;
		break;
	case 0x8a:		/* MOV r8, r/m8 */
		op->kind = XVM_MMIO_LOAD;
		op->size = 1;
		byte_reg = true;
		break;
	case 0x8b:		/* MOV r, r/m */
		op->kind = XVM_MMIO_LOAD;
		op->size = op_size;
		break;
	case 0xc6:		/* MOV r/m8, imm8 */
		op->kind = XVM_MMIO_STORE_IMM;
		op->size = 1;
		imm_size = 1;
		imm_form = true;
		break;
	case 0xc7:		/* MOV r/m, imm16/imm32 */
		op->kind = XVM_MMIO_STORE_IMM;
		op->size = op_size;
		imm_size = min(op_size, 4U);
		imm_form = true;
		break;
	case 0xa0:		/* MOV AL, moffs8 */
	case 0xa1:		/* MOV eAX, moffs */
	case 0xa2:		/* MOV moffs8, AL */
	case 0xa3:		/* MOV moffs, eAX */
		op->kind = b & 2 ? XVM_MMIO_STORE_REG : XVM_MMIO_LOAD;
		op->size = b & 1 ? op_size : 1;
		op->dst_size = op->size;
		ret = dec_le(&d, addr_size, &val);
		if (ret)
			return ret;
		op->len = d.pos;
		return 0;
	case 0x0f:
		ret = dec_byte(&d, &b);
		if (ret)
			return ret;
		switch (b) {
		case 0xb6:	/* MOVZX r, r/m8 */
		case 0xb7:	/* MOVZX r, r/m16 */
		case 0xbe:	/* MOVSX r, r/m8 */
		case 0xbf:	/* MOVSX r, r/m16 */
			op->kind = XVM_MMIO_LOAD;
			op->size = b & 1 ? 2 : 1;
			op->dst_size = op_size;
			op->sign_extend = b & 8;
			break;
		default:
			return -EINVAL;
		}
		break;
	default:
		return -EINVAL;
	}

	ret = dec_byte(&d, &modrm);
	if (ret)
		return ret;
	if (modrm >> 6 == 3)	/* a register operand, no memory */
		return -EINVAL;
	if (imm_form && ((modrm >> 3) & 7))	/* only /0 is MOV */
		return -EINVAL;
	ret = dec_ea(&d, modrm, addr_size);
	if (ret)
		return ret;

	if (imm_form) {
		ret = dec_le(&d, imm_size, &val);
		if (ret)
			return ret;
		if (imm_size < op->size)	/* imm32 to 64 bits */
			val = sign_extend64(val, imm_size * 8 - 1);
		op->imm = val;
	} else {
		op->reg = ((modrm >> 3) & 7) | (rex & REX_R ? 8 : 0);
		if (byte_reg && !rex && op->reg >= 4) {
			op->reg -= 4;	/* AH, CH, DH, BH */
			op->high8 = true;
		}
		if (!op->dst_size)
			op->dst_size = op->size;
	}
	op->len = d.pos;
	return 0;
}

/* MOV to or from CRn or DRn (0F 20-23 /r): the opcode's low byte. */
static int decode_mov_crdr(const u8 *insn, unsigned int avail,
			   unsigned int mode, u8 *op, unsigned int *reg,
			   unsigned int *gpr)
{
	struct xvm_decoder d = {
		.insn = insn,
		.avail = min_t(unsigned int, avail, XVM_INSN_MAX),
	};
	bool lock = false;
	u8 rex = 0, b, modrm;
	int ret;

	for (;;) {
		ret = dec_byte(&d, &b);
		if (ret)
			return ret;
		if (is_legacy_prefix(b)) {
			lock |= b == 0xf0;
			rex = 0;	/* a REX before a prefix is ignored */
		} else if (mode == 64 && (b & 0xf0) == 0x40) {
			rex = b;
		} else {
			break;
		}
	}
	if (b != 0x0f)
		return -EINVAL;
	ret = dec_byte(&d, op);
	if (!ret)
		ret = *op >= 0x20 && *op <= 0x23 ? dec_byte(&d, &modrm) :
						   -EINVAL;
	if (ret)
		return ret;
	*reg = ((modrm >> 3) & 7) | (((rex & REX_R) || lock) ? 8 : 0);
	*gpr = (modrm & 7) | (rex & REX_B ? 8 : 0);
	return d.pos;
}

int xvm_decode_mov_to_cr(const u8 *insn, unsigned int avail,
			 unsigned int mode, unsigned int *cr,
			 unsigned int *gpr)
{
	u8 op;
	int ret = decode_mov_crdr(insn, avail, mode, &op, cr, gpr);

	return ret >= 0 && op != 0x22 ? -EINVAL : ret;
}

int xvm_decode_mov_dr(const u8 *insn, unsigned int avail, unsigned int mode,
		      bool *to_dr, unsigned int *dr, unsigned int *gpr)
{
	u8 op;
	int ret = decode_mov_crdr(insn, avail, mode, &op, dr, gpr);

	if (ret < 0)
		return ret;
	if (op != 0x21 && op != 0x23)
		return -EINVAL;
	*to_dr = op == 0x23;
	return ret;
}

static u64 size_mask(unsigned int size)
{
	return size >= 8 ? ~0ULL : BIT_ULL(size * 8) - 1;
}

static u64 *gpr(struct xvm_regs *regs, unsigned int reg)
{
	return &(&regs->rax)[reg & 15];
}

u64 xvm_mmio_store_value(const struct xvm_mmio_op *op,
			 const struct xvm_regs *regs)
{
	u64 val;

	if (op->kind == XVM_MMIO_STORE_IMM) {
		val = op->imm;
	} else {
		val = (&regs->rax)[op->reg & 15];
		if (op->high8)
			val >>= 8;
	}
	return val & size_mask(op->size);
}

void xvm_mmio_load_complete(const struct xvm_mmio_op *op,
			    struct xvm_regs *regs, u64 data)
{
	u64 *dst = gpr(regs, op->reg);
	u64 keep;

	data &= size_mask(op->size);
	if (op->sign_extend && op->size < 8)
		data = sign_extend64(data, op->size * 8 - 1);

	if (op->high8) {
		*dst = (*dst & ~0xff00ULL) | (data & 0xff) << 8;
		return;
	}
	switch (op->dst_size) {
	case 1:
	case 2:
		keep = ~size_mask(op->dst_size);
		*dst = (*dst & keep) | (data & ~keep);
		break;
	case 4:			/* a 32-bit destination zero-extends */
		*dst = (u32)data;
		break;
	default:
		*dst = data;
		break;
	}
}

/* Page-table entry bits. */
#define PTE_P		BIT_ULL(0)
#define PTE_RW		BIT_ULL(1)
#define PTE_PS		BIT_ULL(7)
#define PTE_XD		BIT_ULL(63)
#define PTE_ADDR	GENMASK_ULL(51, 12)

/* Reserved bits of a PAE PDPTE (MAXPHYADDR 52); bit 63 too. */
#define PDPTE_PAE_RSVD	(GENMASK_ULL(63, 52) | GENMASK_ULL(8, 5) | \
			 GENMASK_ULL(2, 1))
/* Bits 62:52 of the other PAE entries are reserved (ignored in 4-level). */
#define PTE_PAE_RSVD	GENMASK_ULL(62, 52)
/* The low address bits of a 2 MiB and a 1 GiB page must be zero. */
#define PDE_2M_RSVD	GENMASK_ULL(20, 13)
#define PDPTE_1G_RSVD	GENMASK_ULL(29, 13)
/* Of a 32-bit 4 MiB PDE: bits 20:13 are address bits 39:32, 21 reserved. */
#define PDE_4M_RSVD	BIT_ULL(21)

struct xvm_walk {
	const struct xvm_paging *pg;
	bool write;
};

/*
 * Read the entry at @table (a physical address) index @idx, of @size 4 or
 * 8 bytes, and check it is present, has no reserved bit set and allows
 * the access. @rsvd names the reserved bits of this kind of entry.
 */
static int walk_entry(const struct xvm_walk *w, u64 table, unsigned int idx,
		      unsigned int size, u64 rsvd, bool has_rw, u64 *entry)
{
	const struct xvm_paging *pg = w->pg;
	u64 e = 0;
	u32 e32;
	int ret;

	if (size == 4) {
		ret = pg->read_gpa(pg->ctx, table + idx * 4, &e32, 4);
		e = e32;
	} else {
		ret = pg->read_gpa(pg->ctx, table + idx * 8, &e, 8);
	}
	if (ret)
		return ret;
	if (!(e & PTE_P))
		return -EFAULT;
	if (size == 8 && !(pg->efer & EFER_NX))
		rsvd |= PTE_XD;
	if (e & rsvd)
		return -EFAULT;
	/* Supervisor access: R/W only counts where CR0.WP is set. */
	if (has_rw && w->write && (pg->cr0 & X86_CR0_WP) && !(e & PTE_RW))
		return -EFAULT;
	*entry = e;
	return 0;
}

static int walk_32bit(const struct xvm_walk *w, u32 gva, u64 *gpa)
{
	const struct xvm_paging *pg = w->pg;
	u64 pde, pte;
	int ret;

	ret = walk_entry(w, pg->cr3 & GENMASK_ULL(31, 12), gva >> 22, 4, 0,
			 true, &pde);
	if (ret)
		return ret;
	if ((pg->cr4 & X86_CR4_PSE) && (pde & PTE_PS)) {
		if (pde & PDE_4M_RSVD)
			return -EFAULT;
		*gpa = (pde & GENMASK_ULL(31, 22)) |
		       ((pde >> 13) & 0xff) << 32 | (gva & GENMASK(21, 0));
		return 0;
	}
	ret = walk_entry(w, pde & GENMASK_ULL(31, 12), (gva >> 12) & 0x3ff, 4,
			 0, true, &pte);
	if (ret)
		return ret;
	*gpa = (pte & GENMASK_ULL(31, 12)) | (gva & 0xfff);
	return 0;
}

static int walk_pae(const struct xvm_walk *w, u32 gva, u64 *gpa)
{
	const struct xvm_paging *pg = w->pg;
	u64 pdpte, pde, pte;
	int ret;

	ret = walk_entry(w, pg->cr3 & GENMASK_ULL(31, 5), gva >> 30, 8,
			 PDPTE_PAE_RSVD, false, &pdpte);
	if (ret)
		return ret;
	ret = walk_entry(w, pdpte & PTE_ADDR, (gva >> 21) & 0x1ff, 8,
			 PTE_PAE_RSVD, true, &pde);
	if (ret)
		return ret;
	if (pde & PTE_PS) {
		if (pde & PDE_2M_RSVD)
			return -EFAULT;
		*gpa = (pde & PTE_ADDR & ~GENMASK_ULL(20, 0)) |
		       (gva & GENMASK(20, 0));
		return 0;
	}
	ret = walk_entry(w, pde & PTE_ADDR, (gva >> 12) & 0x1ff, 8,
			 PTE_PAE_RSVD, true, &pte);
	if (ret)
		return ret;
	*gpa = (pte & PTE_ADDR) | (gva & 0xfff);
	return 0;
}

static int walk_4level(const struct xvm_walk *w, u64 gva, u64 *gpa)
{
	const struct xvm_paging *pg = w->pg;
	u64 e;
	int ret;

	if (pg->cr4 & X86_CR4_LA57)
		return -EOPNOTSUPP;
	/* Bits 63:47 must all be equal: a non-canonical access faults. */
	if (sign_extend64(gva, 47) != gva)
		return -EFAULT;

	/* PML4E: PS is reserved. */
	ret = walk_entry(w, pg->cr3 & PTE_ADDR, (gva >> 39) & 0x1ff, 8, PTE_PS,
			 true, &e);
	if (ret)
		return ret;
	ret = walk_entry(w, e & PTE_ADDR, (gva >> 30) & 0x1ff, 8, 0, true, &e);
	if (ret)
		return ret;
	if (e & PTE_PS) {
		if (e & PDPTE_1G_RSVD)
			return -EFAULT;
		*gpa = (e & PTE_ADDR & ~GENMASK_ULL(29, 0)) |
		       (gva & GENMASK_ULL(29, 0));
		return 0;
	}
	ret = walk_entry(w, e & PTE_ADDR, (gva >> 21) & 0x1ff, 8, 0, true, &e);
	if (ret)
		return ret;
	if (e & PTE_PS) {
		if (e & PDE_2M_RSVD)
			return -EFAULT;
		*gpa = (e & PTE_ADDR & ~GENMASK_ULL(20, 0)) |
		       (gva & GENMASK_ULL(20, 0));
		return 0;
	}
	ret = walk_entry(w, e & PTE_ADDR, (gva >> 12) & 0x1ff, 8, 0, true, &e);
	if (ret)
		return ret;
	*gpa = (e & PTE_ADDR) | (gva & 0xfff);
	return 0;
}

int xvm_paging_walk(const struct xvm_paging *pg, u64 gva, bool write,
		    u64 *gpa)
{
	struct xvm_walk w = { .pg = pg, .write = write };

	/* Long mode needs paging; outside it a linear address has 32 bits. */
	if (!(pg->cr0 & X86_CR0_PG)) {
		*gpa = (u32)gva;
		return 0;
	}
	if (pg->efer & EFER_LMA)
		return walk_4level(&w, gva, gpa);
	if (pg->cr4 & X86_CR4_PAE)
		return walk_pae(&w, gva, gpa);
	return walk_32bit(&w, gva, gpa);
}

#ifdef XVM_KUNIT
#include "emulate_test.c"
#endif
