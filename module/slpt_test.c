// SPDX-License-Identifier: GPL-2.0
/*
 * KUnit tests of slpt.c: building the second-level table down to a 4 KiB or
 * a 2 MiB leaf, zapping ranges of it, and freeing it. Included by slpt.c
 * when XVM_KUNIT is defined, so it calls the static helpers; the fault path
 * (which needs the VMM's address space) is left to the in-VM tests.
 *
 * The code under test reaches the entry format through xvm_ops. Each case
 * points xvm_ops at a table of its own for its duration: the entry format of
 * a real backend (NPT, and EPT where the VMX backend is built), at the depth
 * the case picks, whatever the CPU the tests run on. Nothing else may use
 * the module while the suite runs (it runs at insmod, before any VM).
 */
#include <kunit/test.h>

struct slpt_test_param {
	const char *name;
	const struct xvm_backend_ops *format;
	unsigned int levels;
};

static const struct slpt_test_param slpt_test_params[] = {
	{ "npt-4", &xvm_svm_ops, 4 },
	{ "npt-5", &xvm_svm_ops, 5 },
#ifdef XVM_HAVE_VMX
	{ "ept-4", &xvm_vmx_ops, 4 },
#endif
};

static void slpt_test_param_desc(const struct slpt_test_param *p, char *desc)
{
	strscpy(desc, p->name, KUNIT_PARAM_DESC_SIZE);
}

KUNIT_ARRAY_PARAM(slpt_test, slpt_test_params, slpt_test_param_desc);

static struct xvm_backend_ops slpt_test_ops;
static unsigned int slpt_test_levels_value;
static const struct xvm_backend_ops *slpt_test_saved_ops;

static unsigned int slpt_test_levels(void)
{
	return slpt_test_levels_value;
}

static int slpt_test_init(struct kunit *test)
{
	const struct slpt_test_param *p = test->param_value;

	slpt_test_saved_ops = xvm_ops;
	if (!p)
		return 0;
	memset(&slpt_test_ops, 0, sizeof(slpt_test_ops));
	slpt_test_ops.name = p->name;
	slpt_test_ops.slpt_entry = p->format->slpt_entry;
	slpt_test_ops.slpt_present = p->format->slpt_present;
	slpt_test_ops.slpt_levels = slpt_test_levels;
	slpt_test_levels_value = p->levels;
	xvm_ops = &slpt_test_ops;
	return 0;
}

static void slpt_test_exit(struct kunit *test)
{
	xvm_ops = slpt_test_saved_ops;
}

/* A VM with just what the table code uses: the table and its lock. */
static struct xvm_vm *slpt_test_vm(struct kunit *test)
{
	struct xvm_vm *vm = kunit_kzalloc(test, sizeof(*vm), GFP_KERNEL);

	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, vm);
	spin_lock_init(&vm->mmu_lock);
	KUNIT_ASSERT_EQ(test, xvm_slpt_init(&vm->slpt), 0);
	return vm;
}

/* Map @gfn (a 2 MiB frame at @level 2) to host address @pa, as a fault does. */
static u64 *slpt_test_map(struct kunit *test, struct xvm_slpt *slpt, u64 gfn,
			  unsigned int level, phys_addr_t pa)
{
	u64 *entry;

	KUNIT_ASSERT_EQ(test, slpt_topup(slpt), 0);
	KUNIT_ASSERT_EQ(test, slpt->ncache,
			(unsigned int)ARRAY_SIZE(slpt->cache));
	entry = slpt_walk_alloc(slpt, gfn, level);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, entry);
	KUNIT_ASSERT_FALSE(test, xvm_ops->slpt_present(*entry));
	*entry = xvm_ops->slpt_entry(pa, XVM_SLPT_ALL, level);
	slpt->nleaves++;
	return entry;
}

/* The leaf that maps @gfn, walking without building; 0 if none. */
static u64 slpt_test_lookup(struct xvm_slpt *slpt, u64 gfn)
{
	u64 *table = slpt->root;
	unsigned int l;

	for (l = slpt->levels; l >= 1; l--) {
		u64 e = table[slpt_index(gfn, l)];

		if (!xvm_ops->slpt_present(e))
			return 0;
		if (slpt_is_leaf(e, l))
			return e;
		table = slpt_child(e);
	}
	return 0;
}

static void slpt_init_destroy(struct kunit *test)
{
	const struct slpt_test_param *p = test->param_value;
	struct xvm_slpt slpt = {};

	KUNIT_ASSERT_EQ(test, xvm_slpt_init(&slpt), 0);
	KUNIT_EXPECT_EQ(test, slpt.levels, p->levels);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, slpt.root);
	KUNIT_EXPECT_EQ(test, slpt.root_pa, __pa(slpt.root));
	KUNIT_EXPECT_TRUE(test, PAGE_ALIGNED(slpt.root_pa));
	KUNIT_EXPECT_NULL(test, memchr_inv(slpt.root, 0, PAGE_SIZE));
	KUNIT_EXPECT_EQ(test, slpt.npages, 1UL);
	KUNIT_EXPECT_EQ(test, slpt.nleaves, 0UL);
	KUNIT_EXPECT_EQ(test, slpt.ncache, 0U);

	/* pages taken ahead and never used are freed too */
	KUNIT_ASSERT_EQ(test, slpt_topup(&slpt), 0);
	KUNIT_EXPECT_EQ(test, slpt.ncache,
			(unsigned int)ARRAY_SIZE(slpt.cache));
	KUNIT_EXPECT_NULL(test, memchr_inv(slpt.cache[0], 0, PAGE_SIZE));
	/* a second top-up of a full cache takes nothing */
	KUNIT_ASSERT_EQ(test, slpt_topup(&slpt), 0);
	KUNIT_EXPECT_EQ(test, slpt.ncache,
			(unsigned int)ARRAY_SIZE(slpt.cache));

	xvm_slpt_destroy(&slpt);
	KUNIT_EXPECT_NULL(test, slpt.root);
	KUNIT_EXPECT_EQ(test, slpt.root_pa, 0ULL);
	KUNIT_EXPECT_EQ(test, slpt.npages, 0UL);
	KUNIT_EXPECT_EQ(test, slpt.ncache, 0U);
	KUNIT_EXPECT_EQ(test, slpt.levels, 0U);
	/* destroying twice (or a table never set up) is harmless */
	xvm_slpt_destroy(&slpt);
}

/* The path to a 4 KiB leaf: one table per level, entries in the format. */
static void slpt_walk_4k(struct kunit *test)
{
	const struct slpt_test_param *p = test->param_value;
	/* a different index at every level */
	const u64 gfn = (3ULL << 27) | (5ULL << 18) | (7ULL << 9) | 11;
	struct xvm_slpt slpt = {};
	u64 *entry, *table;
	unsigned int l;

	KUNIT_ASSERT_EQ(test, xvm_slpt_init(&slpt), 0);
	KUNIT_ASSERT_EQ(test, slpt_topup(&slpt), 0);
	entry = slpt_walk_alloc(&slpt, gfn, 1);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, entry);
	KUNIT_EXPECT_EQ(test, slpt.npages, (unsigned long)p->levels);
	KUNIT_EXPECT_EQ(test, slpt.ncache,
			(unsigned int)ARRAY_SIZE(slpt.cache) - (p->levels - 1));
	KUNIT_EXPECT_EQ(test, slpt.nleaves, 0UL);

	/* walk it by hand */
	table = slpt.root;
	for (l = p->levels; l > 1; l--) {
		unsigned int idx = slpt_index(gfn, l);
		u64 e = table[idx];
		u64 *child = slpt_child(e);

		KUNIT_EXPECT_EQ_MSG(test, idx,
				    (unsigned int)(gfn >> (9 * (l - 1))) & 511,
				    "level %u", l);
		KUNIT_ASSERT_TRUE_MSG(test, xvm_ops->slpt_present(e),
				      "level %u", l);
		KUNIT_EXPECT_FALSE_MSG(test, slpt_is_leaf(e, l), "level %u", l);
		/* a table entry: the child's address, every permission */
		KUNIT_EXPECT_EQ_MSG(test, e,
				    xvm_ops->slpt_entry(__pa(child),
							XVM_SLPT_ALL, 0),
				    "level %u", l);
		/* the only entry of its table */
		KUNIT_EXPECT_NULL_MSG(test, memchr_inv(table, 0, idx * 8),
				      "level %u", l);
		KUNIT_EXPECT_NULL_MSG(test, memchr_inv(table + idx + 1, 0,
						       (511 - idx) * 8),
				      "level %u", l);
		table = child;
	}
	KUNIT_EXPECT_PTR_EQ(test, entry, &table[gfn & 511]);
	KUNIT_EXPECT_NULL(test, memchr_inv(table, 0, PAGE_SIZE));

	/* the same frame and its neighbours take no new table */
	KUNIT_EXPECT_PTR_EQ(test, slpt_walk_alloc(&slpt, gfn, 1), entry);
	KUNIT_EXPECT_PTR_EQ(test, slpt_walk_alloc(&slpt, gfn ^ 1, 1),
			    &table[(gfn ^ 1) & 511]);
	KUNIT_EXPECT_PTR_EQ(test, slpt_walk_alloc(&slpt, gfn | 511, 1),
			    &table[511]);
	KUNIT_EXPECT_EQ(test, slpt.npages, (unsigned long)p->levels);

	/* the next 2 MiB frame: a new last-level table */
	KUNIT_ASSERT_EQ(test, slpt_topup(&slpt), 0);
	entry = slpt_walk_alloc(&slpt, gfn + 512, 1);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, entry);
	KUNIT_EXPECT_EQ(test, slpt.npages, (unsigned long)p->levels + 1);
	/* the next 1 GiB frame: two */
	KUNIT_ASSERT_EQ(test, slpt_topup(&slpt), 0);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test,
				     slpt_walk_alloc(&slpt, gfn + (1 << 18), 1));
	KUNIT_EXPECT_EQ(test, slpt.npages, (unsigned long)p->levels + 3);
	/* the last frame below 2^48: a whole new path under the root */
	KUNIT_ASSERT_EQ(test, slpt_topup(&slpt), 0);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test,
				     slpt_walk_alloc(&slpt, (1ULL << 36) - 1, 1));
	KUNIT_EXPECT_EQ(test, slpt.npages, (unsigned long)p->levels + 6);
	/* with 5 levels, every gfn below 2^36 is under root entry 0 */
	if (p->levels == 5) {
		KUNIT_EXPECT_TRUE(test, xvm_ops->slpt_present(slpt.root[0]));
		KUNIT_EXPECT_NULL(test, memchr_inv(slpt.root + 1, 0,
						   PAGE_SIZE - 8));
	} else {
		KUNIT_EXPECT_TRUE(test, xvm_ops->slpt_present(slpt.root[3]));
		KUNIT_EXPECT_TRUE(test, xvm_ops->slpt_present(slpt.root[511]));
	}
	KUNIT_EXPECT_EQ(test, slpt.nleaves, 0UL);
	xvm_slpt_destroy(&slpt);
}

/* Leaves: the format of each, and lookups through them. */
static void slpt_leaves(struct kunit *test)
{
	struct xvm_vm *vm = slpt_test_vm(test);
	struct xvm_slpt *slpt = &vm->slpt;
	u64 *e;

	e = slpt_test_map(test, slpt, 0x12345, 1, 0xabcd000);
	KUNIT_EXPECT_EQ(test, *e, xvm_ops->slpt_entry(0xabcd000, XVM_SLPT_ALL,
						      1));
	KUNIT_EXPECT_TRUE(test, slpt_is_leaf(*e, 1));
	KUNIT_EXPECT_EQ(test, *e & XVM_SLPT_PA_MASK, 0xabcd000ULL);
	KUNIT_EXPECT_EQ(test, slpt_test_lookup(slpt, 0x12345), *e);
	KUNIT_EXPECT_EQ(test, slpt_test_lookup(slpt, 0x12344), 0ULL);
	KUNIT_EXPECT_EQ(test, slpt_test_lookup(slpt, 0x12346), 0ULL);
	KUNIT_EXPECT_EQ(test, slpt->nleaves, 1UL);

	/* a read-only, non-executable leaf is still present */
	e = slpt_test_map(test, slpt, 0x12346, 1, 0x5000);
	*e = xvm_ops->slpt_entry(0x5000, XVM_SLPT_READ, 1);
	KUNIT_EXPECT_TRUE(test, xvm_ops->slpt_present(*e));
	KUNIT_EXPECT_EQ(test, *e & XVM_SLPT_PA_MASK, 0x5000ULL);
	KUNIT_EXPECT_NE(test, *e, xvm_ops->slpt_entry(0x5000, XVM_SLPT_ALL,
						      1));
	KUNIT_EXPECT_EQ(test, slpt_test_lookup(slpt, 0x12346), *e);
	KUNIT_EXPECT_EQ(test, slpt->nleaves, 2UL);
	xvm_slpt_destroy(slpt);
}

/* A 2 MiB leaf at level 2, and how 4 KiB and 2 MiB mappings meet. */
static void slpt_walk_2m(struct kunit *test)
{
	const struct slpt_test_param *p = test->param_value;
	struct xvm_vm *vm = slpt_test_vm(test);
	struct xvm_slpt *slpt = &vm->slpt;
	const u64 gfn = 0x40000 + 0x600;	/* 1 GiB + 6 MiB */
	u64 *big, *e;
	unsigned int i;

	big = slpt_test_map(test, slpt, gfn, 2, 0x40000000);
	/* no last-level table for it */
	KUNIT_EXPECT_EQ(test, slpt->npages, (unsigned long)p->levels - 1);
	KUNIT_EXPECT_EQ(test, *big, xvm_ops->slpt_entry(0x40000000,
							XVM_SLPT_ALL, 2));
	KUNIT_EXPECT_TRUE(test, slpt_is_leaf(*big, 2));
	KUNIT_EXPECT_FALSE(test, slpt_is_leaf(xvm_ops->slpt_entry(0x40000000,
								  XVM_SLPT_ALL,
								  0), 2));
	/* every frame of it finds the leaf; its neighbours do not */
	for (i = 0; i < 512; i += 73)
		KUNIT_EXPECT_EQ(test, slpt_test_lookup(slpt, gfn + i), *big);
	KUNIT_EXPECT_EQ(test, slpt_test_lookup(slpt, gfn + 511), *big);
	KUNIT_EXPECT_EQ(test, slpt_test_lookup(slpt, gfn - 1), 0ULL);
	KUNIT_EXPECT_EQ(test, slpt_test_lookup(slpt, gfn + 512), 0ULL);
	/* the same entry for any frame of it */
	KUNIT_EXPECT_PTR_EQ(test, slpt_walk_alloc(slpt, gfn, 2), big);
	/* a 4 KiB walk into it stops at the large leaf */
	KUNIT_ASSERT_EQ(test, slpt_topup(slpt), 0);
	KUNIT_EXPECT_NULL(test, slpt_walk_alloc(slpt, gfn + 5, 1));
	KUNIT_EXPECT_NULL(test, slpt_walk_alloc(slpt, gfn + 511, 1));
	KUNIT_EXPECT_EQ(test, slpt->npages, (unsigned long)p->levels - 1);

	/* the frame next to it, with 4 KiB pages first */
	e = slpt_test_map(test, slpt, gfn + 512 + 3, 1, 0x7000);
	KUNIT_EXPECT_EQ(test, slpt->npages, (unsigned long)p->levels);
	/* its level-2 entry is a table, which a fault must not overwrite */
	e = slpt_walk_alloc(slpt, gfn + 512, 2);
	KUNIT_ASSERT_NOT_ERR_OR_NULL(test, e);
	KUNIT_EXPECT_PTR_EQ(test, e, big + 1);
	KUNIT_EXPECT_TRUE(test, xvm_ops->slpt_present(*e));
	KUNIT_EXPECT_FALSE(test, slpt_is_leaf(*e, 2));
	KUNIT_EXPECT_EQ(test, slpt->nleaves, 2UL);

	/* destroy must not take the large leaf for a table */
	xvm_slpt_destroy(slpt);
}

static void slpt_zap(struct xvm_vm *vm, u64 gfn, u64 npages)
{
	spin_lock(&vm->mmu_lock);
	xvm_slpt_zap_gfn_range(vm, gfn, npages);
	spin_unlock(&vm->mmu_lock);
}

static void slpt_zap_ranges(struct kunit *test)
{
	static const u64 small[] = {
		0x100, 0x1ff, 0x200, 0x3ff, 0x400, 0x40000, 0xfffffffffULL,
	};
	struct xvm_vm *vm = slpt_test_vm(test);
	struct xvm_slpt *slpt = &vm->slpt;
	unsigned long npages;
	unsigned int i;
	u64 *e[ARRAY_SIZE(small)], *big;

	for (i = 0; i < ARRAY_SIZE(small); i++)
		e[i] = slpt_test_map(test, slpt, small[i], 1,
				     0x100000 + i * PAGE_SIZE);
	big = slpt_test_map(test, slpt, 0x800, 2, 0x200000);
	KUNIT_ASSERT_EQ(test, slpt->nleaves, 8UL);
	npages = slpt->npages;

	/* [0x1ff, 0x400): the three leaves inside, none outside */
	KUNIT_EXPECT_TRUE(test, slpt_zap_table(slpt->root, slpt->levels, 0,
					       0x1ff, 0x400, slpt));
	KUNIT_EXPECT_EQ(test, slpt->nleaves, 5UL);
	KUNIT_EXPECT_TRUE(test, xvm_ops->slpt_present(*e[0]));
	KUNIT_EXPECT_EQ(test, *e[1], 0ULL);
	KUNIT_EXPECT_EQ(test, *e[2], 0ULL);
	KUNIT_EXPECT_EQ(test, *e[3], 0ULL);
	KUNIT_EXPECT_TRUE(test, xvm_ops->slpt_present(*e[4]));
	KUNIT_EXPECT_TRUE(test, xvm_ops->slpt_present(*big));
	/* tables stay: faults fill them again */
	KUNIT_EXPECT_EQ(test, slpt->npages, npages);

	/* again: nothing left there */
	KUNIT_EXPECT_FALSE(test, slpt_zap_table(slpt->root, slpt->levels, 0,
						0x1ff, 0x400, slpt));
	/* an empty range, and a range with no leaf */
	KUNIT_EXPECT_FALSE(test, slpt_zap_table(slpt->root, slpt->levels, 0,
						0x100, 0x100, slpt));
	KUNIT_EXPECT_FALSE(test, slpt_zap_table(slpt->root, slpt->levels, 0,
						0x401, 0x800, slpt));
	KUNIT_EXPECT_FALSE(test, slpt_zap_table(slpt->root, slpt->levels, 0,
						0xa00, 0x40000, slpt));
	KUNIT_EXPECT_EQ(test, slpt->nleaves, 5UL);

	/* one frame of a 2 MiB leaf takes the whole leaf */
	KUNIT_EXPECT_TRUE(test, slpt_zap_table(slpt->root, slpt->levels, 0,
					       0x9ff, 0xa00, slpt));
	KUNIT_EXPECT_EQ(test, *big, 0ULL);
	KUNIT_EXPECT_EQ(test, slpt->nleaves, 4UL);

	/* the last frame, through the core's entry point */
	slpt_zap(vm, 0xfffffffffULL, 1);
	KUNIT_EXPECT_EQ(test, *e[6], 0ULL);
	KUNIT_EXPECT_EQ(test, slpt->nleaves, 3UL);
	KUNIT_EXPECT_TRUE(test, xvm_ops->slpt_present(*e[5]));

	/* everything, as the notifier's release does */
	slpt_zap(vm, 0, 1ULL << 36);
	KUNIT_EXPECT_EQ(test, slpt->nleaves, 0UL);
	for (i = 0; i < ARRAY_SIZE(small); i++)
		KUNIT_EXPECT_EQ_MSG(test, *e[i], 0ULL, "gfn %llx", small[i]);
	KUNIT_EXPECT_EQ(test, slpt->npages, npages);

	/* the paths are there to be used again */
	for (i = 0; i < ARRAY_SIZE(small); i++)
		KUNIT_EXPECT_PTR_EQ(test, slpt_test_map(test, slpt, small[i], 1,
							0x100000),
				    e[i]);
	KUNIT_EXPECT_EQ(test, slpt->npages, npages);
	KUNIT_EXPECT_EQ(test, slpt->nleaves, (unsigned long)ARRAY_SIZE(small));
	xvm_slpt_destroy(slpt);
}

/* Zap by slot, as xvm_set_memory_region does on a replace or delete. */
static void slpt_zap_slot(struct kunit *test)
{
	struct xvm_vm *vm = slpt_test_vm(test);
	struct xvm_slpt *slpt = &vm->slpt;
	u64 gfn;

	/* a 4 MiB slot at 1 MiB: 4 KiB pages, then a 2 MiB page, then 4 KiB */
	for (gfn = 0x100; gfn < 0x200; gfn += 0x10)
		slpt_test_map(test, slpt, gfn, 1, gfn << PAGE_SHIFT);
	slpt_test_map(test, slpt, 0x200, 2, 0x200000);
	for (gfn = 0x400; gfn < 0x500; gfn += 0x10)
		slpt_test_map(test, slpt, gfn, 1, gfn << PAGE_SHIFT);
	/* and the page right after it, of another slot */
	slpt_test_map(test, slpt, 0x500, 1, 0x500000);
	KUNIT_ASSERT_EQ(test, slpt->nleaves, 16UL + 1 + 16 + 1);

	slpt_zap(vm, 0x100, 0x400);
	KUNIT_EXPECT_EQ(test, slpt->nleaves, 1UL);
	KUNIT_EXPECT_EQ(test, slpt_test_lookup(slpt, 0x100), 0ULL);
	KUNIT_EXPECT_EQ(test, slpt_test_lookup(slpt, 0x300), 0ULL);
	KUNIT_EXPECT_EQ(test, slpt_test_lookup(slpt, 0x4f0), 0ULL);
	KUNIT_EXPECT_NE(test, slpt_test_lookup(slpt, 0x500), 0ULL);
	xvm_slpt_destroy(slpt);
}

/* The fault path's top-up: returns locked, with the cache full. */
static void slpt_topup_under_lock(struct kunit *test)
{
	struct xvm_vm *vm = slpt_test_vm(test);
	struct xvm_slpt *slpt = &vm->slpt;
	void *kept;

	KUNIT_ASSERT_EQ(test, slpt_topup_locked(vm), 0);
	lockdep_assert_held(&vm->mmu_lock);
	KUNIT_EXPECT_EQ(test, slpt->ncache,
			(unsigned int)ARRAY_SIZE(slpt->cache));
	spin_unlock(&vm->mmu_lock);

	/* a partly used cache is filled up; the pages left stay */
	slpt->ncache = 1;
	kept = slpt->cache[0];
	free_page((unsigned long)slpt->cache[1]);
	free_page((unsigned long)slpt->cache[2]);
	free_page((unsigned long)slpt->cache[3]);
	KUNIT_ASSERT_EQ(test, slpt_topup_locked(vm), 0);
	KUNIT_EXPECT_EQ(test, slpt->ncache,
			(unsigned int)ARRAY_SIZE(slpt->cache));
	KUNIT_EXPECT_PTR_EQ(test, slpt->cache[0], kept);
	KUNIT_EXPECT_NULL(test, memchr_inv(slpt->cache[3], 0, PAGE_SIZE));
	spin_unlock(&vm->mmu_lock);

	/* a full cache: just the lock */
	KUNIT_ASSERT_EQ(test, slpt_topup_locked(vm), 0);
	KUNIT_EXPECT_PTR_EQ(test, slpt->cache[0], kept);
	spin_unlock(&vm->mmu_lock);
	KUNIT_EXPECT_EQ(test, slpt->npages, 1UL);
	xvm_slpt_destroy(slpt);
}

static struct kunit_case slpt_test_cases[] = {
	KUNIT_CASE_PARAM(slpt_init_destroy, slpt_test_gen_params),
	KUNIT_CASE_PARAM(slpt_walk_4k, slpt_test_gen_params),
	KUNIT_CASE_PARAM(slpt_leaves, slpt_test_gen_params),
	KUNIT_CASE_PARAM(slpt_walk_2m, slpt_test_gen_params),
	KUNIT_CASE_PARAM(slpt_zap_ranges, slpt_test_gen_params),
	KUNIT_CASE_PARAM(slpt_zap_slot, slpt_test_gen_params),
	KUNIT_CASE_PARAM(slpt_topup_under_lock, slpt_test_gen_params),
	{}
};

static struct kunit_suite slpt_test_suite = {
	.name = "xvm-slpt",
	.init = slpt_test_init,
	.exit = slpt_test_exit,
	.test_cases = slpt_test_cases,
};

kunit_test_suite(slpt_test_suite);
