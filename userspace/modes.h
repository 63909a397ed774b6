/* SPDX-License-Identifier: GPL-2.0 */
/*
 * xvm-run: mode setup; needs the uapi structs, so apart from xvm-run.h.
 */
#ifndef XVM_RUN_MODES_H
#define XVM_RUN_MODES_H

#include "xvm.h"
#include "xvm-run.h"

#define XVM_CR0_PE		(1ULL << 0)
#define XVM_CR0_MP		(1ULL << 1)
#define XVM_CR0_ET		(1ULL << 4)
#define XVM_CR0_NE		(1ULL << 5)
#define XVM_CR0_WP		(1ULL << 16)
#define XVM_CR0_PG		(1ULL << 31)
#define XVM_CR4_PAE		(1ULL << 5)
#define XVM_CR4_OSFXSR		(1ULL << 9)
#define XVM_CR4_OSXMMEXCPT	(1ULL << 10)
#define XVM_EFER_LME		(1ULL << 8)
#define XVM_EFER_LMA		(1ULL << 10)

#define XVM_PTE_P		(1ULL << 0)
#define XVM_PTE_RW		(1ULL << 1)
#define XVM_PTE_PS		(1ULL << 7)

int xvm_mode_state(enum xvm_mode mode, uint64_t entry, uint64_t load,
		   unsigned int idx, unsigned int ncpus, struct xvm_regs *regs,
		   struct xvm_sregs *sregs);
int xvm_mode_prepare_memory(enum xvm_mode mode, uint8_t *mem,
			    uint64_t mem_size);

#endif /* XVM_RUN_MODES_H */
