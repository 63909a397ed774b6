// SPDX-License-Identifier: GPL-2.0
/*
 * Architectural checks on the control registers a VMM sets: what any x86
 * CPU would refuse with #GP is refused with -EINVAL, before a backend sees
 * it, so that neither backend's entry checks are the first line.
 */
#include <asm/processor-flags.h>
#include <asm/msr-index.h>

#include "xvm.h"
#include "backend.h"

#define XVM_CR4_ALLOWED (X86_CR4_VME | X86_CR4_PVI | X86_CR4_TSD | \
			 X86_CR4_DE | X86_CR4_PSE | X86_CR4_PAE | \
			 X86_CR4_MCE | X86_CR4_PGE | X86_CR4_PCE | \
			 X86_CR4_OSFXSR | X86_CR4_OSXMMEXCPT | X86_CR4_UMIP | \
			 X86_CR4_FSGSBASE | X86_CR4_PCIDE | X86_CR4_OSXSAVE | \
			 X86_CR4_SMEP | X86_CR4_SMAP)
#define XVM_EFER_ALLOWED (EFER_SCE | EFER_LME | EFER_LMA | EFER_NX)

int xvm_check_sregs(const struct xvm_sregs *sregs)
{
	u64 cr0 = sregs->cr0, cr4 = sregs->cr4, efer = sregs->efer;
	bool long_mode = efer & EFER_LMA;

	if (cr0 >> 32 || ((cr0 & X86_CR0_PG) && !(cr0 & X86_CR0_PE)) ||
	    ((cr0 & X86_CR0_NW) && !(cr0 & X86_CR0_CD)))
		return -EINVAL;
	if (cr4 & ~XVM_CR4_ALLOWED)
		return -EINVAL;
	if (efer & ~XVM_EFER_ALLOWED)
		return -EINVAL;
	/* LMA is LME with paging on; long mode needs PAE. */
	if (long_mode != ((efer & EFER_LME) && (cr0 & X86_CR0_PG)))
		return -EINVAL;
	if (long_mode && !(cr4 & X86_CR4_PAE))
		return -EINVAL;
	if ((cr4 & X86_CR4_PCIDE) && !long_mode)
		return -EINVAL;
	if (sregs->cr8 > 15)
		return -EINVAL;
	if (long_mode && sregs->cs.l && sregs->cs.db)
		return -EINVAL;
	return 0;
}

#ifdef XVM_KUNIT
#include "sregs_test.c"
#endif
