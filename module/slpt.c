// SPDX-License-Identifier: GPL-2.0
/*
 * Second-level page tables (NPT, EPT), built lazily from the memory slots
 * on guest faults, and torn down when the slots or their backing change.
 *
 * The format of an entry is the backend's (ops->slpt_entry); the shape, a
 * radix tree of 512-entry tables over a 48-bit guest physical space, is
 * common. Its depth is the backend's too: NPT walks as many levels as the
 * host's own paging (five under LA57), EPT four. Host pages are not held: the MMU notifier zaps and
 * flushes a mapping before the kernel can free or move the page behind it.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/highmem.h>
#include <linux/mm.h>
#include <linux/slab.h>

#include "xvm.h"
#include "backend.h"

#define XVM_SLPT_PA_MASK	GENMASK_ULL(51, 12)
#define XVM_GPA_BITS		48
#define XVM_LARGE_PAGES		512	/* 4 KiB pages in a 2 MiB page */

static unsigned int slpt_index(u64 gfn, unsigned int level)
{
	return (gfn >> (9 * (level - 1))) & 511;
}

/* Leaves at level 1 map 4 KiB, at level 2 2 MiB. */
static bool slpt_is_leaf(u64 entry, unsigned int level)
{
	return level == 1 || (level == 2 && (entry & BIT_ULL(7)));
}

static u64 *slpt_child(u64 entry)
{
	return __va(entry & XVM_SLPT_PA_MASK);
}

int xvm_slpt_init(struct xvm_slpt *slpt)
{
	slpt->levels = xvm_ops->slpt_levels();
	slpt->root = (u64 *)get_zeroed_page(GFP_KERNEL_ACCOUNT);
	if (!slpt->root)
		return -ENOMEM;
	slpt->root_pa = __pa(slpt->root);
	slpt->npages = 1;
	return 0;
}

static void slpt_free_table(u64 *table, unsigned int level)
{
	unsigned int i;

	for (i = 0; level > 1 && i < 512; i++)
		if (xvm_ops->slpt_present(table[i]) &&
		    !slpt_is_leaf(table[i], level))
			slpt_free_table(slpt_child(table[i]), level - 1);
	free_page((unsigned long)table);
}

void xvm_slpt_destroy(struct xvm_slpt *slpt)
{
	unsigned int i;

	if (slpt->root)
		slpt_free_table(slpt->root, slpt->levels);
	for (i = 0; i < slpt->ncache; i++)
		free_page((unsigned long)slpt->cache[i]);
	memset(slpt, 0, sizeof(*slpt));
}

/*
 * Fill the page cache of a table nobody else uses (KUnit); faults, which
 * race with each other, use slpt_topup_locked.
 */
static int __maybe_unused slpt_topup(struct xvm_slpt *slpt)
{
	while (slpt->ncache < ARRAY_SIZE(slpt->cache)) {
		void *page = (void *)get_zeroed_page(GFP_KERNEL_ACCOUNT);

		if (!page)
			return -ENOMEM;
		slpt->cache[slpt->ncache++] = page;
	}
	return 0;
}

/*
 * Take the lock with the page cache full: allocation sleeps, so it happens
 * unlocked, and another fault may have used pages in the meantime. The
 * cache is the VM's and its vCPUs fault concurrently: it is only touched
 * under the lock (a page allocated for nothing is freed).
 */
static int slpt_topup_locked(struct xvm_vm *vm)
	__acquires(&vm->mmu_lock)
{
	struct xvm_slpt *slpt = &vm->slpt;

	for (;;) {
		void *page;

		spin_lock(&vm->mmu_lock);
		if (slpt->ncache == ARRAY_SIZE(slpt->cache))
			return 0;
		spin_unlock(&vm->mmu_lock);

		page = (void *)get_zeroed_page(GFP_KERNEL_ACCOUNT);
		spin_lock(&vm->mmu_lock);
		if (!page)
			return -ENOMEM;
		if (slpt->ncache < ARRAY_SIZE(slpt->cache)) {
			slpt->cache[slpt->ncache++] = page;
			page = NULL;
		}
		spin_unlock(&vm->mmu_lock);
		if (page)
			free_page((unsigned long)page);
	}
}

/* The entry for @gfn at @level, building tables down to it. */
static u64 *slpt_walk_alloc(struct xvm_slpt *slpt, u64 gfn,
			    unsigned int level)
{
	u64 *table = slpt->root;
	unsigned int l;

	for (l = slpt->levels; l > level; l--) {
		u64 *entry = &table[slpt_index(gfn, l)];

		if (!xvm_ops->slpt_present(*entry)) {
			void *page = slpt->cache[--slpt->ncache];

			*entry = xvm_ops->slpt_entry(__pa(page), XVM_SLPT_ALL,
						     0);
			slpt->npages++;
		} else if (slpt_is_leaf(*entry, l)) {
			return NULL;
		}
		table = slpt_child(*entry);
	}
	return &table[slpt_index(gfn, level)];
}

/* Whether the 2 MiB frame around @gfn can be one leaf: same slot, THP. */
static bool slpt_can_map_large(const struct xvm_memslot *slot, u64 gfn,
			       unsigned long hva, struct page *page)
{
	u64 base = gfn & ~(u64)(XVM_LARGE_PAGES - 1);
	struct folio *folio = page_folio(page);

	if (base < slot->gfn || base + XVM_LARGE_PAGES > slot->gfn + slot->npages)
		return false;
	if (((hva >> PAGE_SHIFT) ^ gfn) & (XVM_LARGE_PAGES - 1))
		return false;
	if (folio_order(folio) != PMD_SHIFT - PAGE_SHIFT)
		return false;
	/* The host maps the whole folio at the 2 MiB-aligned hva. */
	return page_to_pfn(page) - ((hva >> PAGE_SHIFT) & 511) ==
	       folio_pfn(folio);
}

/*
 * Map the page behind guest frame @gpa >> PAGE_SHIFT. Returns -ENOENT where
 * no slot backs it (or a write hits a read-only slot): that is MMIO.
 * Returns -EAGAIN when an invalidation raced with the fault: the guest
 * faults again.
 */
int xvm_slpt_fault(struct xvm_vm *vm, u64 gpa, bool write)
{
	struct xvm_slpt *slpt = &vm->slpt;
	const struct xvm_memslot *slot;
	struct xvm_memslot s;
	u64 gfn = gpa >> PAGE_SHIFT;
	unsigned int perms, level = 1;
	unsigned long hva, seq;
	struct page *page;
	u64 *entry;
	int ret;

	if (gpa >> XVM_GPA_BITS)
		return -ENOENT;

	spin_lock(&vm->mmu_lock);
	slot = xvm_gfn_to_slot(vm, gfn);
	if (!slot || (write && (slot->flags & XVM_MEM_READONLY))) {
		spin_unlock(&vm->mmu_lock);
		return -ENOENT;
	}
	s = *slot;
	seq = vm->mmu_inval_seq;
	spin_unlock(&vm->mmu_lock);

	hva = s.hva + ((gfn - s.gfn) << PAGE_SHIFT);
	perms = XVM_SLPT_READ | XVM_SLPT_EXEC;
	if (!(s.flags & XVM_MEM_READONLY))
		perms |= XVM_SLPT_WRITE;

	ret = pin_user_pages_unlocked(hva, 1, &page,
				      (perms & XVM_SLPT_WRITE) ? FOLL_WRITE : 0);
	if (ret != 1)
		return ret < 0 ? ret : -EFAULT;

	ret = slpt_topup_locked(vm);
	if (!ret && (vm->mmu_inval_active || seq != vm->mmu_inval_seq))
		ret = -EAGAIN;
	if (ret)
		goto out;
	if (slpt_can_map_large(&s, gfn, hva, page))
		level = 2;
	entry = slpt_walk_alloc(slpt, level == 2 ? gfn & ~511ULL : gfn, level);
	if (!entry && level == 2)
		entry = slpt_walk_alloc(slpt, gfn, (level = 1));
	if (level == 2 && entry && xvm_ops->slpt_present(*entry) &&
	    !slpt_is_leaf(*entry, 2))
		entry = slpt_walk_alloc(slpt, gfn, (level = 1));
	if (!entry) {
		ret = -EAGAIN;
		goto out;
	}
	if (!xvm_ops->slpt_present(*entry)) {
		phys_addr_t pa = PFN_PHYS(page_to_pfn(page));

		if (level == 2)
			pa &= ~(phys_addr_t)(SZ_2M - 1);
		*entry = xvm_ops->slpt_entry(pa, perms, level);
		slpt->nleaves++;
		pr_debug("slpt map gfn %llx level %u entry %llx\n", gfn, level,
			 *entry);
	}
out:
	spin_unlock(&vm->mmu_lock);
	/* The mapping stays valid until the notifier zaps it: no pin needed. */
	unpin_user_pages_dirty_lock(&page, 1, perms & XVM_SLPT_WRITE);
	return ret;
}

static bool slpt_zap_table(u64 *table, unsigned int level, u64 base,
			   u64 start, u64 end, struct xvm_slpt *slpt)
{
	u64 span = 1ULL << (9 * (level - 1));
	bool zapped = false;
	unsigned int i;

	for (i = 0; i < 512; i++) {
		u64 first = base + i * span, last = first + span;

		if (last <= start || first >= end ||
		    !xvm_ops->slpt_present(table[i]))
			continue;
		if (slpt_is_leaf(table[i], level)) {
			/* A large leaf goes whole: faults rebuild the rest. */
			WRITE_ONCE(table[i], 0);
			slpt->nleaves--;
			zapped = true;
		} else {
			zapped |= slpt_zap_table(slpt_child(table[i]), level - 1,
						 first, start, end, slpt);
		}
	}
	return zapped;
}

/*
 * Unmap guest frames [@gfn, @gfn + @npages) and make every vCPU drop its
 * cached translations before the host page may go. Called with
 * vm->mmu_lock held.
 */
void xvm_slpt_zap_gfn_range(struct xvm_vm *vm, u64 gfn, u64 npages)
{
	lockdep_assert_held(&vm->mmu_lock);
	if (slpt_zap_table(vm->slpt.root, vm->slpt.levels, 0, gfn,
			   gfn + npages, &vm->slpt))
		xvm_vm_request_all(vm, XVM_REQ_FLUSH_SLPT);
}

static struct xvm_vm *mn_to_vm(struct mmu_notifier *mn)
{
	return container_of(mn, struct xvm_vm, mmu_notifier);
}

/* Zap what the slots map of host range [start, end). */
static void xvm_zap_hva_range(struct xvm_vm *vm, unsigned long start,
			      unsigned long end)
{
	unsigned int i;

	for (i = 0; i < XVM_MAX_MEM_SLOTS; i++) {
		const struct xvm_memslot *s = &vm->slots[i];
		unsigned long s_end = s->hva + (s->npages << PAGE_SHIFT);
		unsigned long lo = max(start, s->hva), hi = min(end, s_end);

		if (!s->npages || lo >= hi)
			continue;
		xvm_slpt_zap_gfn_range(vm, s->gfn + ((lo - s->hva) >> PAGE_SHIFT),
				       (hi - lo + PAGE_SIZE - 1) >> PAGE_SHIFT);
	}
}

static int xvm_mn_invalidate_range_start(struct mmu_notifier *mn,
					 const struct mmu_notifier_range *range)
{
	struct xvm_vm *vm = mn_to_vm(mn);

	spin_lock(&vm->mmu_lock);
	vm->mmu_inval_active++;
	xvm_zap_hva_range(vm, range->start, range->end);
	spin_unlock(&vm->mmu_lock);
	return 0;
}

static void xvm_mn_invalidate_range_end(struct mmu_notifier *mn,
					const struct mmu_notifier_range *range)
{
	struct xvm_vm *vm = mn_to_vm(mn);

	spin_lock(&vm->mmu_lock);
	vm->mmu_inval_seq++;
	vm->mmu_inval_active--;
	spin_unlock(&vm->mmu_lock);
}

/* The address space goes away (exit or exec): nothing may stay mapped. */
static void xvm_mn_release(struct mmu_notifier *mn, struct mm_struct *mm)
{
	struct xvm_vm *vm = mn_to_vm(mn);

	spin_lock(&vm->mmu_lock);
	xvm_slpt_zap_gfn_range(vm, 0, 1ULL << (XVM_GPA_BITS - PAGE_SHIFT));
	vm->mmu_inval_seq++;
	spin_unlock(&vm->mmu_lock);
}

static const struct mmu_notifier_ops xvm_mmu_notifier_ops = {
	.invalidate_range_start = xvm_mn_invalidate_range_start,
	.invalidate_range_end = xvm_mn_invalidate_range_end,
	.release = xvm_mn_release,
};

int xvm_mmu_notifier_init(struct xvm_vm *vm)
{
	vm->mmu_notifier.ops = &xvm_mmu_notifier_ops;
	return mmu_notifier_register(&vm->mmu_notifier, vm->mm);
}

#ifdef XVM_KUNIT
#include "slpt_test.c"
#endif
