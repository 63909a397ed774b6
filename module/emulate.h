/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The little instruction emulation xvm does in the kernel: decoding the
 * MOV forms that touch MMIO, and walking the guest's page tables to fetch
 * instruction bytes and to find the memory of a string I/O element.
 *
 * Both are pure functions of their inputs (plus a callback that reads guest
 * physical memory), so that KUnit can test them without a VM.
 */
#ifndef XVM_EMULATE_H
#define XVM_EMULATE_H

#include <linux/types.h>

struct xvm_regs;

/* Kinds of struct xvm_mmio_op. */
enum xvm_mmio_kind {
	XVM_MMIO_LOAD,		/* MOV reg, [mem]; MOVZX/MOVSX reg, [mem] */
	XVM_MMIO_STORE_REG,	/* MOV [mem], reg */
	XVM_MMIO_STORE_IMM,	/* MOV [mem], imm */
};

/**
 * struct xvm_mmio_op - a decoded instruction that accesses memory.
 * @kind: enum xvm_mmio_kind.
 * @len: instruction length in bytes.
 * @size: bytes accessed in memory (1, 2, 4, 8).
 * @reg: register index (0 = RAX ... 15 = R15) loaded or stored.
 * @high8: the byte register is AH, CH, DH or BH (encoded 4-7 without
 *	REX): bits 15:8 of @reg, which is then 0-3.
 * @dst_size: bytes of the destination register of a load (1, 2, 4, 8):
 *	@size for a plain MOV, the operand size for MOVZX/MOVSX. A 4-byte
 *	destination zero-extends into the whole register; 1 and 2 bytes
 *	keep the rest of it. Equal to @size for XVM_MMIO_STORE_REG.
 * @sign_extend: MOVSX (else MOVZX or a plain MOV).
 * @imm: the immediate of XVM_MMIO_STORE_IMM, already sign-extended to
 *	@size bytes (imm32 of a 64-bit store) and no wider.
 *
 * @reg and @high8 are zero for XVM_MMIO_STORE_IMM, @imm is zero for the
 * other kinds.
 */
struct xvm_mmio_op {
	u8 kind;
	u8 len;
	u8 size;
	u8 reg;
	bool high8;
	u8 dst_size;
	bool sign_extend;
	u64 imm;
};

/**
 * xvm_mmio_decode() - decode a memory-accessing instruction.
 * @insn: instruction bytes.
 * @avail: bytes available at @insn; no more than 15 are looked at.
 * @mode: 16, 32 or 64: the code size of the guest's CS.
 * @op: the result.
 *
 * The forms: MOV r/m,r (88, 89), MOV r,r/m (8A, 8B), MOV r/m,imm (C6 /0,
 * C7 /0), MOV with a moffs (A0-A3), MOVZX (0F B6, 0F B7) and MOVSX (0F BE,
 * 0F BF), with a memory operand only. Prefixes: 66, 67, segment overrides,
 * F2/F3 (no effect on these) and, in 64-bit mode, REX (the last one, and
 * only right before the opcode). LOCK makes a MOV raise #UD, so it never
 * reaches an MMIO exit: -EINVAL.
 *
 * Return: 0, -EINVAL for an instruction outside the supported forms (or
 * longer than 15 bytes), or -E2BIG when @avail is too short for it.
 */
int xvm_mmio_decode(const u8 *insn, unsigned int avail, unsigned int mode,
		    struct xvm_mmio_op *op);

/* The value a store writes, @op->size bytes wide. */
u64 xvm_mmio_store_value(const struct xvm_mmio_op *op,
			 const struct xvm_regs *regs);

/* Finish a load: put @data (@op->size bytes) into the destination. */
void xvm_mmio_load_complete(const struct xvm_mmio_op *op,
			    struct xvm_regs *regs, u64 data);

/**
 * xvm_decode_mov_to_cr() - decode MOV to a control register (0F 22 /r).
 * @insn: instruction bytes.
 * @avail: bytes available at @insn; no more than 15 are looked at.
 * @mode: 16, 32 or 64: the code size of the guest's CS.
 * @cr: the control register written: ModRM.reg, plus 8 with REX.R or
 *	with a LOCK prefix (AMD's encoding of CR8 outside 64-bit mode).
 * @gpr: the source register (0 = RAX ... 15 = R15): ModRM.rm, plus 8
 *	with REX.B. ModRM.mod is ignored, as the CPU does.
 *
 * Prefixes: the legacy ones (66, 67, segment overrides, F2/F3, F0) and, in
 * 64-bit mode, REX right before the opcode.
 *
 * Return: the instruction length, -EINVAL for another instruction (or
 * more than 15 bytes), -E2BIG when @avail is too short for it.
 */
int xvm_decode_mov_to_cr(const u8 *insn, unsigned int avail,
			 unsigned int mode, unsigned int *cr,
			 unsigned int *gpr);

/**
 * xvm_decode_mov_dr() - decode MOV to or from a debug register (0F 21 /r,
 * 0F 23 /r), as xvm_decode_mov_to_cr() does.
 * @insn: instruction bytes.
 * @avail: bytes available at @insn.
 * @mode: 16, 32 or 64.
 * @to_dr: set for a write of the debug register (0F 23).
 * @dr: ModRM.reg, plus 8 with REX.R or LOCK (both #UD for a debug
 *	register).
 * @gpr: the general register: ModRM.rm, plus 8 with REX.B.
 *
 * Return: the instruction length, -EINVAL or -E2BIG.
 */
int xvm_decode_mov_dr(const u8 *insn, unsigned int avail, unsigned int mode,
		      bool *to_dr, unsigned int *dr, unsigned int *gpr);

/**
 * struct xvm_paging - what a guest page walk depends on.
 * @cr0: CR0 (PG, WP).
 * @cr3: CR3.
 * @cr4: CR4 (PAE, PSE; LA57 is refused).
 * @efer: EFER (LMA, NXE).
 * @read_gpa: reads @size (4 or 8) bytes of guest physical memory at @gpa.
 * @ctx: passed to @read_gpa.
 */
struct xvm_paging {
	u64 cr0, cr3, cr4, efer;
	int (*read_gpa)(void *ctx, u64 gpa, void *buf, unsigned int size);
	void *ctx;
};

/**
 * xvm_paging_walk() - translate a linear address as the guest's MMU would.
 * @pg: the guest's paging state.
 * @gva: linear address.
 * @write: the access is a write (checked against R/W where CR0.WP is set).
 * @gpa: the result.
 *
 * Handles no paging (the identity), 32-bit paging (with 4 MiB pages and
 * PSE-36), PAE and 4-level long-mode paging (with 2 MiB and 1 GiB pages).
 * Outside long mode only the low 32 bits of @gva count. The access is a
 * supervisor one; execute permission is not checked, and no Accessed or
 * Dirty bit is set. Reserved bits checked (MAXPHYADDR taken as 52): XD
 * without EFER.NXE, PS in a PML4E, the low address bits of a large page,
 * bit 21 of a 4 MiB PDE, bits 2:1, 8:5 and 63:52 of a PAE PDPTE and 62:52
 * of the other PAE entries.
 *
 * Return: 0, -EFAULT when the walk hits a not-present entry or a reserved
 * bit, a write meets a read-only entry with CR0.WP set, or @gva is not
 * canonical in long mode (the guest would take #PF or #GP), -EOPNOTSUPP
 * for 5-level paging (CR4.LA57 in long mode), or the error of @read_gpa.
 */
int xvm_paging_walk(const struct xvm_paging *pg, u64 gva, bool write,
		    u64 *gpa);

#endif /* XVM_EMULATE_H */
