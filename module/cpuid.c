// SPDX-License-Identifier: GPL-2.0
/*
 * CPUID for guests: the table a VMM may set is filtered to what the host
 * has and what xvm virtualizes. Features are allowed by list, never by
 * exclusion, so that a new host feature never reaches a guest unchecked.
 */
#include <linux/slab.h>
#include <linux/uaccess.h>
#include <asm/processor.h>
#include <asm/fpu/types.h>
#include <asm/fpu/xcr.h>

#include "xvm.h"
#include "backend.h"

/**
 * struct xvm_cpuid_mask - the bits of one leaf a guest may see.
 * @function: the leaf.
 * @index: the subleaf, with @indexed.
 * @indexed: ECX selects a subleaf.
 * @eax: bits of EAX passed through.
 * @ebx: bits of EBX passed through.
 * @ecx: bits of ECX passed through.
 * @edx: bits of EDX passed through.
 */
struct xvm_cpuid_mask {
	u32 function;
	u32 index;
	bool indexed;
	u32 eax, ebx, ecx, edx;
};

#define ALL 0xffffffffU

/*
 * Leaf 1 ECX: SSE3 PCLMULQDQ SSSE3 FMA CX16 SSE4.1 SSE4.2 MOVBE POPCNT AES
 * XSAVE OSXSAVE(dynamic) AVX F16C RDRAND, and the hypervisor bit (31).
 * Leaf 1 EDX: FPU VME DE PSE TSC MSR PAE MCE CX8 SEP MTRR PGE MCA CMOV PAT
 * PSE36 CLFSH MMX FXSR SSE SSE2. (No APIC, x2APIC, MONITOR, VMX, SMX,
 * PDCM, DS, ACPI, TM: not virtualized.)
 */
#define LEAF1_ECX (BIT(0) | BIT(1) | BIT(9) | BIT(12) | BIT(13) | BIT(19) | \
		   BIT(20) | BIT(22) | BIT(23) | BIT(25) | BIT(26) | \
		   BIT(28) | BIT(29) | BIT(30) | BIT(31))
#define LEAF1_EDX (BIT(0) | BIT(1) | BIT(2) | BIT(3) | BIT(4) | BIT(5) | \
		   BIT(6) | BIT(7) | BIT(8) | BIT(11) | BIT(12) | BIT(13) | \
		   BIT(14) | BIT(15) | BIT(16) | BIT(17) | BIT(19) | \
		   BIT(23) | BIT(24) | BIT(25) | BIT(26))
/*
 * Leaf 7.0 EBX: FSGSBASE BMI1 AVX2 SMEP BMI2 ERMS INVPCID RDSEED ADX SMAP
 * CLFLUSHOPT CLWB SHA. ECX: UMIP VAES VPCLMULQDQ GFNI. EDX: FSRM.
 * (No AVX-512: the guest's XCR0 is limited to x87, SSE and AVX; no RDPID:
 * TSC_AUX is not virtualized.)
 */
#define LEAF7_EBX (BIT(0) | BIT(3) | BIT(5) | BIT(7) | BIT(8) | BIT(9) | \
		   BIT(10) | BIT(18) | BIT(19) | BIT(20) | BIT(23) | \
		   BIT(24) | BIT(29))
#define LEAF7_ECX (BIT(2) | BIT(9) | BIT(10) | BIT(8))
#define LEAF7_EDX BIT(4)
/* Leaf 0xD.0 EAX: the XCR0 bits a guest may set: x87, SSE, AVX. */
#define LEAF_D_XCR0 (BIT(0) | BIT(1) | BIT(2))
/* 0x80000001 ECX: LAHF/SAHF ABM SSE4A MISALIGNSSE 3DNOWPREFETCH. */
#define EXT1_ECX (BIT(0) | BIT(5) | BIT(6) | BIT(7) | BIT(8))
/* 0x80000001 EDX: SYSCALL NX MMXEXT FXSR_OPT PDPE1GB LM (no RDTSCP). */
#define EXT1_EDX (BIT(11) | BIT(20) | BIT(22) | BIT(25) | BIT(26) | BIT(29))

static const struct xvm_cpuid_mask xvm_cpuid_masks[] = {
	{ 0x0, 0, false, ALL, ALL, ALL, ALL },
	{ 0x1, 0, false, ALL, 0x0000ffff, LEAF1_ECX, LEAF1_EDX },
	{ 0x7, 0, true, 0, LEAF7_EBX, LEAF7_ECX, LEAF7_EDX },
	{ 0xd, 0, true, LEAF_D_XCR0, ALL, ALL, 0 },
	{ 0xd, 1, true, BIT(0) | BIT(1) | BIT(2), 0, 0, 0 }, /* XSAVEOPT XSAVEC XGETBV1 */
	{ 0xd, 2, true, ALL, ALL, ALL, ALL },
	{ 0x80000000, 0, false, ALL, ALL, ALL, ALL },
	{ 0x80000001, 0, false, ALL, 0, EXT1_ECX, EXT1_EDX },
	{ 0x80000002, 0, false, ALL, ALL, ALL, ALL },
	{ 0x80000003, 0, false, ALL, ALL, ALL, ALL },
	{ 0x80000004, 0, false, ALL, ALL, ALL, ALL },
	{ 0x80000008, 0, false, 0x0000ffff, 0, 0, 0 }, /* address sizes */
};

/*
 * Bytes of a standard-format XSAVE area holding @xcr0's components: the
 * legacy area and header (576), then AVX's upper halves (256 at 576).
 */
static u32 xvm_xsave_size(u64 xcr0)
{
	return (xcr0 & XFEATURE_MASK_YMM) ? 576 + 256 : 576;
}

static const struct xvm_cpuid_mask *xvm_cpuid_find_mask(u32 function,
							u32 index)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(xvm_cpuid_masks); i++) {
		const struct xvm_cpuid_mask *m = &xvm_cpuid_masks[i];

		if (m->function == function && (!m->indexed || m->index == index))
			return m;
	}
	return NULL;
}

/*
 * Clear in @e what the guest may not see, against @host, what the host
 * has at that leaf. Returns false where the leaf is not given at all.
 * Pure, for KUnit.
 */
bool xvm_cpuid_filter(struct xvm_cpuid_entry *e,
		      const struct xvm_cpuid_entry *host)
{
	const struct xvm_cpuid_mask *m = xvm_cpuid_find_mask(e->function,
							     e->index);

	if (!m)
		return false;
	e->eax &= m->eax;
	e->ebx &= m->ebx;
	e->ecx &= m->ecx;
	e->edx &= m->edx;
	/* Feature leaves: nothing the host lacks. Others are values. */
	if (e->function == 1 || e->function == 7 ||
	    e->function == 0x80000001) {
		e->ecx &= host->ecx | (e->function == 1 ? BIT(31) : 0);
		e->edx &= host->edx;
		if (e->function == 7)
			e->ebx &= host->ebx;
	}
	/* XSAVE area sizes for the components offered, not the host's. */
	if (e->function == 0xd && e->index == 0) {
		e->eax &= host->eax;
		e->ebx = xvm_xsave_size(e->eax);
		e->ecx = xvm_xsave_size(e->eax);
	}
	/* Limit the basic and extended ranges to what the table holds. */
	if (e->function == 0)
		e->eax = min_t(u32, e->eax, 0xd);
	if (e->function == 0x80000000)
		e->eax = min_t(u32, e->eax, 0x80000008);
	e->flags = m->indexed ? XVM_CPUID_INDEXED : 0;
	memset(e->reserved, 0, sizeof(e->reserved));
	return true;
}

static void xvm_cpuid_host(u32 function, u32 index,
			   struct xvm_cpuid_entry *e)
{
	memset(e, 0, sizeof(*e));
	e->function = function;
	e->index = index;
	cpuid_count(function, index, &e->eax, &e->ebx, &e->ecx, &e->edx);
	/*
	 * What the host kernel turned off is not the host's to give: without
	 * OSXSAVE there is no XSAVE, AVX or XSAVE leaf for a guest.
	 */
	if (!boot_cpu_has(X86_FEATURE_OSXSAVE)) {
		if (function == 1)
			e->ecx &= ~(BIT(26) | BIT(27) | BIT(28) | BIT(12) |
				    BIT(29));
		if (function == 7 && index == 0)
			e->ebx &= ~BIT(5);
		if (function == 0xd)
			e->eax = e->ebx = e->ecx = e->edx = 0;
	}
}

int xvm_cpuid_supported(struct xvm_cpuid_entry *out, unsigned int max)
{
	u32 basic = cpuid_eax(0), ext = cpuid_eax(0x80000000);
	unsigned int i, n = 0;

	for (i = 0; i < ARRAY_SIZE(xvm_cpuid_masks) && n < max; i++) {
		const struct xvm_cpuid_mask *m = &xvm_cpuid_masks[i];
		struct xvm_cpuid_entry host;

		if (m->function < 0x80000000 ? m->function > basic :
					       m->function > ext)
			continue;
		xvm_cpuid_host(m->function, m->index, &host);
		out[n] = host;
		if (m->function == 1)
			out[n].ecx |= BIT(31);	/* we are a hypervisor */
		if (xvm_cpuid_filter(&out[n], &host))
			n++;
	}
	return n;
}

int xvm_cpuid_set(struct xvm_vcpu *vcpu, const struct xvm_cpuid *arg)
{
	struct xvm_cpuid_entry *table;
	unsigned int i;

	if (arg->reserved || arg->nent > XVM_MAX_CPUID_ENTRIES)
		return -EINVAL;
	table = vmemdup_user(u64_to_user_ptr(arg->entries),
			     array_size(arg->nent, sizeof(*table)));
	if (IS_ERR(table))
		return PTR_ERR(table);
	for (i = 0; i < arg->nent; i++) {
		struct xvm_cpuid_entry host, *e = &table[i];

		if (e->flags & ~XVM_CPUID_INDEXED ||
		    memchr_inv(e->reserved, 0, sizeof(e->reserved))) {
			kvfree(table);
			return -EINVAL;
		}
		xvm_cpuid_host(e->function, e->index, &host);
		if (e->function == 1)
			host.ecx |= BIT(31);
		if (!xvm_cpuid_filter(e, &host))
			e->eax = e->ebx = e->ecx = e->edx = 0;
	}
	kvfree(vcpu->cpuid);
	vcpu->cpuid = table;
	vcpu->ncpuid = arg->nent;
	return 0;
}

void xvm_cpuid_lookup(struct xvm_vcpu *vcpu, u32 function, u32 index,
		      u32 *eax, u32 *ebx, u32 *ecx, u32 *edx)
{
	unsigned int i;

	*eax = *ebx = *ecx = *edx = 0;
	for (i = 0; i < vcpu->ncpuid; i++) {
		const struct xvm_cpuid_entry *e = &vcpu->cpuid[i];

		if (e->function != function ||
		    ((e->flags & XVM_CPUID_INDEXED) && e->index != index))
			continue;
		*eax = e->eax;
		*ebx = e->ebx;
		*ecx = e->ecx;
		*edx = e->edx;
		break;
	}
	/*
	 * The size XSAVE needs follows the guest's XCR0; so does XSAVEC's,
	 * the same here: AVX, the one extended component, comes first.
	 */
	if (function == 0xd && ((index == 0 && *eax) ||
				(index == 1 && (*eax & BIT(1)))))
		*ebx = xvm_xsave_size(vcpu->xcr0);
	/* What only the vCPU knows: its APIC id, and OSXSAVE from CR4. */
	if (function == 1) {
		struct xvm_sregs sregs;

		xvm_ops->get_sregs(vcpu, &sregs);
		*ebx = (*ebx & 0x00ffffff) | (vcpu->id << 24);
		*ecx &= ~BIT(27);
		if (sregs.cr4 & X86_CR4_OSXSAVE)
			*ecx |= BIT(27);
	}
}


#ifdef XVM_KUNIT
#include "cpuid_test.c"
#endif
