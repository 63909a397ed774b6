// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests of cpuid.c: what xvm_cpuid_filter() lets a guest see of the
 * table a VMM sets, against what the host has; the supported table; the
 * lookup of the leaves that do not depend on vCPU state. Included by cpuid.c
 * when XVM_KUNIT is defined.
 */
#include <kunit/test.h>

static struct xvm_cpuid_entry cpuid_entry(u32 function, u32 index, u32 v)
{
	struct xvm_cpuid_entry e = {
		.function = function,
		.index = index,
		.eax = v, .ebx = v, .ecx = v, .edx = v,
	};

	return e;
}

/* The host has everything: what the guest may still not see. */
static void cpuid_leaf1_hidden(struct kunit *test)
{
	struct xvm_cpuid_entry e = cpuid_entry(1, 0, ALL);
	struct xvm_cpuid_entry host = cpuid_entry(1, 0, ALL);

	KUNIT_ASSERT_TRUE(test, xvm_cpuid_filter(&e, &host));
	KUNIT_EXPECT_EQ(test, e.eax, ALL);
	/* no initial APIC id, no logical processor count */
	KUNIT_EXPECT_EQ(test, e.ebx, 0x0000ffffU);
	KUNIT_EXPECT_EQ(test, e.ecx & BIT(3), 0U);	/* MONITOR */
	KUNIT_EXPECT_EQ(test, e.ecx & BIT(4), 0U);	/* DS-CPL */
	KUNIT_EXPECT_EQ(test, e.ecx & BIT(5), 0U);	/* VMX */
	KUNIT_EXPECT_EQ(test, e.ecx & BIT(6), 0U);	/* SMX */
	KUNIT_EXPECT_EQ(test, e.ecx & BIT(15), 0U);	/* PDCM */
	KUNIT_EXPECT_EQ(test, e.ecx & BIT(21), 0U);	/* x2APIC */
	KUNIT_EXPECT_EQ(test, e.ecx & BIT(24), 0U);	/* TSC deadline */
	KUNIT_EXPECT_EQ(test, e.ecx & BIT(27), 0U);	/* OSXSAVE: from CR4 */
	KUNIT_EXPECT_EQ(test, e.edx & BIT(9), 0U);	/* APIC */
	KUNIT_EXPECT_EQ(test, e.edx & BIT(21), 0U);	/* DS */
	KUNIT_EXPECT_EQ(test, e.edx & BIT(22), 0U);	/* ACPI */
	KUNIT_EXPECT_EQ(test, e.edx & BIT(28), 0U);	/* HTT */
	KUNIT_EXPECT_EQ(test, e.edx & BIT(29), 0U);	/* TM */
	/* and the rest is the allowed list exactly */
	KUNIT_EXPECT_EQ(test, e.ecx & ~BIT(31), (u32)(LEAF1_ECX & ~BIT(31)));
	KUNIT_EXPECT_EQ(test, e.edx, (u32)LEAF1_EDX);
	/* the basic features a 64-bit guest needs are there */
	KUNIT_EXPECT_EQ(test, e.edx & (BIT(0) | BIT(5) | BIT(6) | BIT(8) |
				       BIT(13) | BIT(15) | BIT(24) | BIT(25) |
				       BIT(26)),
			BIT(0) | BIT(5) | BIT(6) | BIT(8) | BIT(13) | BIT(15) |
			BIT(24) | BIT(25) | BIT(26));
}

/*
 * The hypervisor bit is the VMM's to give (cpuid.c: "and the hypervisor
 * bit (31)"), whatever the host says; XVM_GET_SUPPORTED_CPUID offers it.
 */
static void cpuid_leaf1_hypervisor_bit(struct kunit *test)
{
	struct xvm_cpuid_entry e = cpuid_entry(1, 0, 0);
	struct xvm_cpuid_entry host = cpuid_entry(1, 0, 0);

	e.ecx = BIT(31);
	KUNIT_ASSERT_TRUE(test, xvm_cpuid_filter(&e, &host));
	KUNIT_EXPECT_EQ(test, e.ecx, (u32)BIT(31));

	e = cpuid_entry(1, 0, ALL);
	host = cpuid_entry(1, 0, ALL);
	KUNIT_ASSERT_TRUE(test, xvm_cpuid_filter(&e, &host));
	KUNIT_EXPECT_EQ(test, e.ecx & BIT(31), (u32)BIT(31));

	/* a VMM that does not set it does not get it */
	e = cpuid_entry(1, 0, ALL);
	e.ecx &= ~BIT(31);
	KUNIT_ASSERT_TRUE(test, xvm_cpuid_filter(&e, &host));
	KUNIT_EXPECT_EQ(test, e.ecx & BIT(31), 0U);
}

/* The VMM asks for everything; the host has nothing. */
static void cpuid_host_lacks(struct kunit *test)
{
	struct xvm_cpuid_entry host, e;

	host = cpuid_entry(1, 0, 0);
	e = cpuid_entry(1, 0, ALL);
	KUNIT_ASSERT_TRUE(test, xvm_cpuid_filter(&e, &host));
	KUNIT_EXPECT_EQ(test, e.ecx & ~BIT(31), 0U);
	KUNIT_EXPECT_EQ(test, e.edx, 0U);
	/* EAX and EBX are values, not features */
	KUNIT_EXPECT_EQ(test, e.eax, ALL);
	KUNIT_EXPECT_EQ(test, e.ebx, 0x0000ffffU);

	host = cpuid_entry(7, 0, 0);
	e = cpuid_entry(7, 0, ALL);
	KUNIT_ASSERT_TRUE(test, xvm_cpuid_filter(&e, &host));
	KUNIT_EXPECT_EQ(test, e.ebx, 0U);
	KUNIT_EXPECT_EQ(test, e.ecx, 0U);
	KUNIT_EXPECT_EQ(test, e.edx, 0U);

	host = cpuid_entry(0x80000001, 0, 0);
	e = cpuid_entry(0x80000001, 0, ALL);
	KUNIT_ASSERT_TRUE(test, xvm_cpuid_filter(&e, &host));
	KUNIT_EXPECT_EQ(test, e.eax, ALL);
	KUNIT_EXPECT_EQ(test, e.ecx, 0U);
	KUNIT_EXPECT_EQ(test, e.edx, 0U);

	/* a host with some features: the guest gets those it asks for */
	host = cpuid_entry(1, 0, 0);
	host.edx = BIT(0) | BIT(4) | BIT(9);	/* FPU TSC APIC */
	host.ecx = BIT(0) | BIT(5) | BIT(28);	/* SSE3 VMX AVX */
	e = cpuid_entry(1, 0, 0);
	e.edx = BIT(0) | BIT(4) | BIT(6) | BIT(9);	/* FPU TSC PAE APIC */
	e.ecx = BIT(5) | BIT(28) | BIT(31);
	KUNIT_ASSERT_TRUE(test, xvm_cpuid_filter(&e, &host));
	KUNIT_EXPECT_EQ(test, e.edx, (u32)(BIT(0) | BIT(4)));
	KUNIT_EXPECT_EQ(test, e.ecx & ~BIT(31), (u32)BIT(28));

	/* leaves of values are not checked against the host */
	host = cpuid_entry(0x80000002, 0, 0);
	e = cpuid_entry(0x80000002, 0, 0x64636261);
	KUNIT_ASSERT_TRUE(test, xvm_cpuid_filter(&e, &host));
	KUNIT_EXPECT_EQ(test, e.eax, 0x64636261U);
	KUNIT_EXPECT_EQ(test, e.edx, 0x64636261U);
	host = cpuid_entry(0, 0, 0);
	e = cpuid_entry(0, 0, 0x5);
	KUNIT_ASSERT_TRUE(test, xvm_cpuid_filter(&e, &host));
	KUNIT_EXPECT_EQ(test, e.eax, 5U);
	KUNIT_EXPECT_EQ(test, e.ebx, 5U);
}

static void cpuid_leaf7(struct kunit *test)
{
	struct xvm_cpuid_entry e = cpuid_entry(7, 0, ALL);
	struct xvm_cpuid_entry host = cpuid_entry(7, 0, ALL);

	KUNIT_ASSERT_TRUE(test, xvm_cpuid_filter(&e, &host));
	/* no subleaf beyond 0 is announced */
	KUNIT_EXPECT_EQ(test, e.eax, 0U);
	KUNIT_EXPECT_EQ(test, e.ebx & BIT(2), 0U);	/* SGX */
	KUNIT_EXPECT_EQ(test, e.ebx & BIT(4), 0U);	/* HLE */
	KUNIT_EXPECT_EQ(test, e.ebx & BIT(11), 0U);	/* RTM */
	KUNIT_EXPECT_EQ(test, e.ebx & BIT(14), 0U);	/* MPX */
	KUNIT_EXPECT_EQ(test, e.ebx & BIT(16), 0U);	/* AVX512F */
	KUNIT_EXPECT_EQ(test, e.ebx & BIT(25), 0U);	/* Intel PT */
	KUNIT_EXPECT_EQ(test, e.ecx & BIT(3), 0U);	/* PKU */
	KUNIT_EXPECT_EQ(test, e.ecx & BIT(4), 0U);	/* OSPKE */
	KUNIT_EXPECT_EQ(test, e.ecx & BIT(5), 0U);	/* WAITPKG */
	KUNIT_EXPECT_EQ(test, e.ecx & BIT(16), 0U);	/* LA57 */
	KUNIT_EXPECT_EQ(test, e.ecx & BIT(22), 0U);	/* RDPID */
	KUNIT_EXPECT_EQ(test, e.edx & BIT(26), 0U);	/* IBRS/IBPB */
	KUNIT_EXPECT_EQ(test, e.ebx, (u32)LEAF7_EBX);
	KUNIT_EXPECT_EQ(test, e.ecx, (u32)LEAF7_ECX);
	KUNIT_EXPECT_EQ(test, e.edx, (u32)LEAF7_EDX);
	KUNIT_EXPECT_EQ(test, e.flags, (u32)XVM_CPUID_INDEXED);

	/* subleaf 1 and up are not given */
	e = cpuid_entry(7, 1, ALL);
	KUNIT_EXPECT_FALSE(test, xvm_cpuid_filter(&e, &host));
	e = cpuid_entry(7, 2, ALL);
	KUNIT_EXPECT_FALSE(test, xvm_cpuid_filter(&e, &host));
}

static void cpuid_ext1(struct kunit *test)
{
	struct xvm_cpuid_entry e = cpuid_entry(0x80000001, 0, ALL);
	struct xvm_cpuid_entry host = cpuid_entry(0x80000001, 0, ALL);

	KUNIT_ASSERT_TRUE(test, xvm_cpuid_filter(&e, &host));
	KUNIT_EXPECT_EQ(test, e.ebx, 0U);
	KUNIT_EXPECT_EQ(test, e.ecx & BIT(1), 0U);	/* CmpLegacy */
	KUNIT_EXPECT_EQ(test, e.ecx & BIT(2), 0U);	/* SVM */
	KUNIT_EXPECT_EQ(test, e.ecx & BIT(3), 0U);	/* ExtApicSpace */
	KUNIT_EXPECT_EQ(test, e.ecx & BIT(22), 0U);	/* TopologyExtensions */
	KUNIT_EXPECT_EQ(test, e.edx & BIT(27), 0U);	/* RDTSCP */
	/* long mode, NX, SYSCALL, 1 GiB pages are given */
	KUNIT_EXPECT_EQ(test, e.edx & (BIT(11) | BIT(20) | BIT(26) | BIT(29)),
			BIT(11) | BIT(20) | BIT(26) | BIT(29));
	KUNIT_EXPECT_EQ(test, e.ecx, (u32)EXT1_ECX);
	KUNIT_EXPECT_EQ(test, e.edx, (u32)EXT1_EDX);
	KUNIT_EXPECT_EQ(test, e.flags, 0U);
}

static void cpuid_xsave_leaf(struct kunit *test)
{
	struct xvm_cpuid_entry host = cpuid_entry(0xd, 0, ALL);
	struct xvm_cpuid_entry e;
	unsigned int i;

	/*
	 * the XCR0 bits offered: x87, SSE, AVX; the sizes are those of the
	 * offered components (576 + 256), not the host's (0x988 here)
	 */
	e = cpuid_entry(0xd, 0, ALL);
	e.ebx = 0x988;
	e.ecx = 0x988;
	KUNIT_ASSERT_TRUE(test, xvm_cpuid_filter(&e, &host));
	KUNIT_EXPECT_EQ(test, e.eax, 7U);
	KUNIT_EXPECT_EQ(test, e.ebx, 0x340U);
	KUNIT_EXPECT_EQ(test, e.ecx, 0x340U);
	KUNIT_EXPECT_EQ(test, e.edx, 0U);	/* XCR0 bits 63:32 */
	KUNIT_EXPECT_EQ(test, e.flags, (u32)XVM_CPUID_INDEXED);
	KUNIT_EXPECT_EQ(test, (u64)e.eax, (u64)XVM_XCR0_GUEST);
	e = cpuid_entry(0xd, 0, 0);
	e.eax = 0x2e7;		/* x87 SSE AVX, AVX-512, PKRU */
	KUNIT_ASSERT_TRUE(test, xvm_cpuid_filter(&e, &host));
	KUNIT_EXPECT_EQ(test, e.eax, 7U);
	/* a host without AVX: x87 and SSE, 576 bytes */
	host.eax = 3;
	e = cpuid_entry(0xd, 0, ALL);
	KUNIT_ASSERT_TRUE(test, xvm_cpuid_filter(&e, &host));
	KUNIT_EXPECT_EQ(test, e.eax, 3U);
	KUNIT_EXPECT_EQ(test, e.ecx, 576U);
	host.eax = ALL;

	/* XSAVEOPT XSAVEC XGETBV1; no XSAVES, no XSS bits */
	e = cpuid_entry(0xd, 1, ALL);
	KUNIT_ASSERT_TRUE(test, xvm_cpuid_filter(&e, &host));
	KUNIT_EXPECT_EQ(test, e.eax, 7U);
	KUNIT_EXPECT_EQ(test, e.ebx, 0U);
	KUNIT_EXPECT_EQ(test, e.ecx, 0U);
	KUNIT_EXPECT_EQ(test, e.edx, 0U);

	/* the AVX state component */
	e = cpuid_entry(0xd, 2, 0x240);
	KUNIT_ASSERT_TRUE(test, xvm_cpuid_filter(&e, &host));
	KUNIT_EXPECT_EQ(test, e.eax, 0x240U);
	KUNIT_EXPECT_EQ(test, e.ebx, 0x240U);

	for (i = 3; i < 64; i++) {
		e = cpuid_entry(0xd, i, ALL);
		KUNIT_EXPECT_FALSE_MSG(test, xvm_cpuid_filter(&e, &host),
				       "leaf 0xd index %u", i);
	}
}

static void cpuid_unknown_leaves(struct kunit *test)
{
	static const u32 leaves[] = {
		0x2, 0x3, 0x4, 0x5, 0x6, 0x8, 0x9, 0xa, 0xb, 0xe, 0xf, 0x10,
		0x12, 0x14, 0x15, 0x16, 0x1f, 0x20,
		0x40000000, 0x40000001, 0x40000010,
		0x80000005, 0x80000006, 0x80000007, 0x80000009, 0x8000000a,
		0x8000001f, 0x80000020, 0x80000021,
		0xc0000000, 0xffffffff,
	};
	struct xvm_cpuid_entry host, e, before;
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(leaves); i++) {
		host = cpuid_entry(leaves[i], 0, ALL);
		e = cpuid_entry(leaves[i], 0, 0xa5a5a5a5);
		e.flags = XVM_CPUID_INDEXED;
		before = e;
		KUNIT_EXPECT_FALSE_MSG(test, xvm_cpuid_filter(&e, &host),
				       "leaf %x", leaves[i]);
		/* refused leaves are left to the caller as they were */
		KUNIT_EXPECT_EQ_MSG(test, memcmp(&e, &before, sizeof(e)), 0,
				    "leaf %x", leaves[i]);
	}
}

static void cpuid_ranges(struct kunit *test)
{
	struct xvm_cpuid_entry host = cpuid_entry(0, 0, ALL);
	struct xvm_cpuid_entry e;

	/* the basic range ends at 0xd, the last leaf of the table */
	e = cpuid_entry(0, 0, 0);
	e.eax = 0x1f;
	e.ebx = 0x68747541;	/* "AuthenticAMD" */
	e.edx = 0x69746e65;
	e.ecx = 0x444d4163;
	KUNIT_ASSERT_TRUE(test, xvm_cpuid_filter(&e, &host));
	KUNIT_EXPECT_EQ(test, e.eax, 0xdU);
	KUNIT_EXPECT_EQ(test, e.ebx, 0x68747541U);
	KUNIT_EXPECT_EQ(test, e.edx, 0x69746e65U);
	KUNIT_EXPECT_EQ(test, e.ecx, 0x444d4163U);
	e.eax = 0xd;
	KUNIT_ASSERT_TRUE(test, xvm_cpuid_filter(&e, &host));
	KUNIT_EXPECT_EQ(test, e.eax, 0xdU);
	/* a smaller range stays as the VMM set it */
	e.eax = 7;
	KUNIT_ASSERT_TRUE(test, xvm_cpuid_filter(&e, &host));
	KUNIT_EXPECT_EQ(test, e.eax, 7U);
	e.eax = ALL;
	KUNIT_ASSERT_TRUE(test, xvm_cpuid_filter(&e, &host));
	KUNIT_EXPECT_EQ(test, e.eax, 0xdU);

	/* the extended range ends at 0x80000008 */
	host = cpuid_entry(0x80000000, 0, ALL);
	e = cpuid_entry(0x80000000, 0, 0);
	e.eax = 0x80000021;
	KUNIT_ASSERT_TRUE(test, xvm_cpuid_filter(&e, &host));
	KUNIT_EXPECT_EQ(test, e.eax, 0x80000008U);
	e.eax = 0x80000004;
	KUNIT_ASSERT_TRUE(test, xvm_cpuid_filter(&e, &host));
	KUNIT_EXPECT_EQ(test, e.eax, 0x80000004U);

	/* address sizes: physical and linear bits only */
	host = cpuid_entry(0x80000008, 0, ALL);
	e = cpuid_entry(0x80000008, 0, ALL);
	e.eax = 0x00003028;
	KUNIT_ASSERT_TRUE(test, xvm_cpuid_filter(&e, &host));
	KUNIT_EXPECT_EQ(test, e.eax, 0x3028U);
	e.eax = ALL;
	KUNIT_ASSERT_TRUE(test, xvm_cpuid_filter(&e, &host));
	KUNIT_EXPECT_EQ(test, e.eax, 0xffffU);
	KUNIT_EXPECT_EQ(test, e.ebx, 0U);
	KUNIT_EXPECT_EQ(test, e.ecx, 0U);
	KUNIT_EXPECT_EQ(test, e.edx, 0U);
}

static void cpuid_flags(struct kunit *test)
{
	static const struct {
		u32 function, index, flags;
	} cases[] = {
		{ 0x0, 0, 0 },
		{ 0x1, 0, 0 },
		{ 0x7, 0, XVM_CPUID_INDEXED },
		{ 0xd, 0, XVM_CPUID_INDEXED },
		{ 0xd, 1, XVM_CPUID_INDEXED },
		{ 0xd, 2, XVM_CPUID_INDEXED },
		{ 0x80000000, 0, 0 },
		{ 0x80000001, 0, 0 },
		{ 0x80000004, 0, 0 },
		{ 0x80000008, 0, 0 },
		/* the index of a leaf that has no subleaves is not looked at */
		{ 0x1, 5, 0 },
		{ 0x80000002, 0xffffffff, 0 },
	};
	struct xvm_cpuid_entry host, e;
	unsigned int i, in;

	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		for (in = 0; in < 2; in++) {
			host = cpuid_entry(cases[i].function, cases[i].index,
					   ALL);
			e = host;
			e.flags = in ? XVM_CPUID_INDEXED : 0;
			e.reserved[0] = 1;
			e.reserved[2] = ALL;
			KUNIT_ASSERT_TRUE_MSG(test, xvm_cpuid_filter(&e, &host),
					      "leaf %x.%u", cases[i].function,
					      cases[i].index);
			KUNIT_EXPECT_EQ_MSG(test, e.flags, cases[i].flags,
					    "leaf %x.%u flags %u",
					    cases[i].function, cases[i].index,
					    in);
			KUNIT_EXPECT_EQ(test, e.function, cases[i].function);
			KUNIT_EXPECT_EQ(test, e.index, cases[i].index);
			KUNIT_EXPECT_EQ(test, e.reserved[0], 0U);
			KUNIT_EXPECT_EQ(test, e.reserved[1], 0U);
			KUNIT_EXPECT_EQ(test, e.reserved[2], 0U);
		}
	}
}

/* Filtering what was filtered changes nothing. */
static void cpuid_idempotent(struct kunit *test)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(xvm_cpuid_masks); i++) {
		const struct xvm_cpuid_mask *m = &xvm_cpuid_masks[i];
		struct xvm_cpuid_entry host = cpuid_entry(m->function,
							  m->index, ALL);
		struct xvm_cpuid_entry e = host, again;

		KUNIT_ASSERT_TRUE(test, xvm_cpuid_filter(&e, &host));
		again = e;
		KUNIT_ASSERT_TRUE(test, xvm_cpuid_filter(&again, &host));
		KUNIT_EXPECT_EQ_MSG(test, memcmp(&e, &again, sizeof(e)), 0,
				    "leaf %x.%u", m->function, m->index);
	}
}

/* XVM_GET_SUPPORTED_CPUID on this host. */
static void cpuid_supported(struct kunit *test)
{
	struct xvm_cpuid_entry *out, again;
	int n, i;
	bool leaf0 = false, leaf1 = false;

	out = kunit_kcalloc(test, ARRAY_SIZE(xvm_cpuid_masks), sizeof(*out),
			    GFP_KERNEL);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, out);
	n = xvm_cpuid_supported(out, ARRAY_SIZE(xvm_cpuid_masks));
	KUNIT_EXPECT_GE(test, n, 2);
	KUNIT_EXPECT_LE(test, n, (int)ARRAY_SIZE(xvm_cpuid_masks));
	for (i = 0; i < n; i++) {
		const struct xvm_cpuid_entry *e = &out[i];

		/* what the module offers passes its own filter unchanged */
		again = *e;
		KUNIT_EXPECT_TRUE(test, xvm_cpuid_filter(&again, e));
		KUNIT_EXPECT_EQ_MSG(test, memcmp(&again, e, sizeof(again)), 0,
				    "leaf %x.%u", e->function, e->index);
		if (e->function == 0) {
			leaf0 = true;
			KUNIT_EXPECT_LE(test, e->eax, 0xdU);
			KUNIT_EXPECT_GE(test, e->eax, 1U);
		}
		if (e->function == 1) {
			leaf1 = true;
			KUNIT_EXPECT_EQ(test, e->ecx & BIT(31), (u32)BIT(31));
			KUNIT_EXPECT_EQ(test, e->ecx & (BIT(3) | BIT(5) |
							BIT(21)), 0U);
			/* every x86-64 CPU has these */
			KUNIT_EXPECT_EQ(test, e->edx & (BIT(0) | BIT(25) |
							BIT(26)),
					BIT(0) | BIT(25) | BIT(26));
		}
		if (e->function == 0x80000001) {
			KUNIT_EXPECT_EQ(test, e->ecx & BIT(2), 0U);
			KUNIT_EXPECT_EQ(test, e->edx & BIT(27), 0U);
			KUNIT_EXPECT_EQ(test, e->edx & BIT(29), (u32)BIT(29));
		}
	}
	KUNIT_EXPECT_TRUE(test, leaf0);
	KUNIT_EXPECT_TRUE(test, leaf1);

	/* the caller's limit is kept */
	memset(out, 0, ARRAY_SIZE(xvm_cpuid_masks) * sizeof(*out));
	KUNIT_EXPECT_EQ(test, xvm_cpuid_supported(out, 1), 1);
	KUNIT_EXPECT_EQ(test, out[0].function, 0U);
	KUNIT_EXPECT_EQ(test, out[1].function, 0U);
	KUNIT_EXPECT_EQ(test, out[1].eax, 0U);
	KUNIT_EXPECT_EQ(test, xvm_cpuid_supported(out, 0), 0);
}

/* Lookup of leaves that need no vCPU state (leaf 1 asks the backend). */
static void cpuid_lookup(struct kunit *test)
{
	static const struct xvm_cpuid_entry table[] = {
		{ .function = 0, .eax = 0xd, .ebx = 1, .ecx = 2, .edx = 3 },
		{ .function = 7, .index = 0, .flags = XVM_CPUID_INDEXED,
		  .ebx = 0x70 },
		{ .function = 0xd, .index = 0, .flags = XVM_CPUID_INDEXED,
		  .eax = 0xd0 },
		{ .function = 0xd, .index = 1, .flags = XVM_CPUID_INDEXED,
		  .eax = 0xd1 },
		{ .function = 0x80000000, .index = 9, .eax = 0x80000008 },
	};
	struct xvm_vcpu *vcpu = kunit_kzalloc(test, sizeof(*vcpu), GFP_KERNEL);
	struct xvm_cpuid_entry *copy;
	u32 eax, ebx, ecx, edx;

	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, vcpu);
	copy = kunit_kcalloc(test, ARRAY_SIZE(table), sizeof(*copy),
			     GFP_KERNEL);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, copy);
	memcpy(copy, table, sizeof(table));
	/* no table: everything reads as zero */
	eax = ebx = ecx = edx = ALL;
	xvm_cpuid_lookup(vcpu, 0, 0, &eax, &ebx, &ecx, &edx);
	KUNIT_EXPECT_EQ(test, eax | ebx | ecx | edx, 0U);

	vcpu->cpuid = copy;
	vcpu->ncpuid = ARRAY_SIZE(table);
	xvm_cpuid_lookup(vcpu, 0, 0x55, &eax, &ebx, &ecx, &edx);
	KUNIT_EXPECT_EQ(test, eax, 0xdU);
	KUNIT_EXPECT_EQ(test, ebx, 1U);
	KUNIT_EXPECT_EQ(test, ecx, 2U);
	KUNIT_EXPECT_EQ(test, edx, 3U);
	xvm_cpuid_lookup(vcpu, 7, 0, &eax, &ebx, &ecx, &edx);
	KUNIT_EXPECT_EQ(test, ebx, 0x70U);
	xvm_cpuid_lookup(vcpu, 7, 1, &eax, &ebx, &ecx, &edx);
	KUNIT_EXPECT_EQ(test, eax | ebx | ecx | edx, 0U);
	xvm_cpuid_lookup(vcpu, 0xd, 1, &eax, &ebx, &ecx, &edx);
	KUNIT_EXPECT_EQ(test, eax, 0xd1U);
	xvm_cpuid_lookup(vcpu, 0xd, 0, &eax, &ebx, &ecx, &edx);
	KUNIT_EXPECT_EQ(test, eax, 0xd0U);
	/* not indexed: the index the guest gives does not matter */
	xvm_cpuid_lookup(vcpu, 0x80000000, 0, &eax, &ebx, &ecx, &edx);
	KUNIT_EXPECT_EQ(test, eax, 0x80000008U);
	xvm_cpuid_lookup(vcpu, 0x80000001, 0, &eax, &ebx, &ecx, &edx);
	KUNIT_EXPECT_EQ(test, eax | ebx | ecx | edx, 0U);
	vcpu->cpuid = NULL;
	vcpu->ncpuid = 0;
}

static struct kunit_case cpuid_test_cases[] = {
	KUNIT_CASE(cpuid_leaf1_hidden),
	KUNIT_CASE(cpuid_leaf1_hypervisor_bit),
	KUNIT_CASE(cpuid_host_lacks),
	KUNIT_CASE(cpuid_leaf7),
	KUNIT_CASE(cpuid_ext1),
	KUNIT_CASE(cpuid_xsave_leaf),
	KUNIT_CASE(cpuid_unknown_leaves),
	KUNIT_CASE(cpuid_ranges),
	KUNIT_CASE(cpuid_flags),
	KUNIT_CASE(cpuid_idempotent),
	KUNIT_CASE(cpuid_supported),
	KUNIT_CASE(cpuid_lookup),
	{}
};

static struct kunit_suite cpuid_test_suite = {
	.name = "xvm-cpuid",
	.test_cases = cpuid_test_cases,
};

kunit_test_suite(cpuid_test_suite);
