// SPDX-License-Identifier: GPL-2.0
/*
 * The frame table (the paper's section 3.3, ABI 5.6).
 *
 * Every frame of a domain has one type at a time and a count of the
 * references that hold that type:
 *
 *   - a writable mapping (an L1 entry with RW) holds the WRITABLE type;
 *   - an L2 entry holds L1 on its target, an L3 entry L2, a pin or a base
 *     pointer the type it was made with, a GDT the SEG type;
 *   - a frame takes a table type only after every entry in it was checked
 *     (and took the references it implies), and gives them back when the
 *     last type reference goes;
 *   - a type changes only while its count is zero.
 *
 * So a page-table or descriptor frame is never writable by the guest, and
 * a frame mapped writable anywhere never becomes one: the guest cannot
 * change a live table behind the hypervisor's back.  Entries may name only
 * frames of the domain (an L1 may also name its shared_info page and its
 * grant-table frames: hv_is_shared_page()), with no
 * Global bit, no cache attributes, no superpages, no reserved bits; a
 * non-present L1 entry may hold anything but an address in host RAM (L1TF,
 * hv_l1tf_safe()), a non-present L2 or L3 entry must be zero.
 * Linear page tables come out refused: an L2 entry needs an L1.
 *
 * The domain and the machine are reached only through frames_env.h, so
 * that the unit tests (selftests/unit/test_frames.c) build this file
 * unchanged against a fake domain.
 *
 * update_va_mapping runs hv_entry_update() in the guest world (fastpath.c):
 * it and all it calls are noinstr, with the accessors always inlined.
 *
 * Every change of a live table's entry, and every table that stops being
 * one, is reported to hv_kstack_table_changed() (paging.c): the kernel
 * stack cache of the lean bounce must never outlive the translation it
 * caches.
 */

#include <linux/bits.h>
#include <linux/bug.h>
#include <linux/compiler.h>
#include <linux/errno.h>

#include "frames.h"
#include "frames_env.h"		/* the domain, as frames.c sees it */

#define L1_REFUSED	(PV_PTE_PWT | PV_PTE_PCD | PV_PTE_PSE | PV_PTE_G | \
			 BIT_ULL(62))
#define L2_REFUSED	(PV_PTE_PWT | PV_PTE_PCD | PV_PTE_PSE | PV_PTE_G)
#define L3_REFUSED	(PV_PTE_PWT | PV_PTE_PCD | PV_PTE_PSE | PV_PTE_G | \
			 GENMASK_ULL(63, 52))
/* Long mode honours RW and US in the L3; Xen sets both (ABI 5.6). */
#define L3_FORCED	(PV_PTE_RW | PV_PTE_US | PV_PTE_A)

static __always_inline unsigned int hv_table_slots(struct hv_frame *f)
{
	if (f->type == HV_FRAME_L3)
		return 4;
	if (f->type == HV_FRAME_L2 && f->hole)
		return HV_HOLE_L2_SLOT;
	return 512;
}

/* One entry of hv_walk_entries(): an empty one holds nothing. */
static __always_inline int hv_walk_one(struct hv_dom *d, u8 level,
				       unsigned int slot, u64 e, bool get)
{
	if (!e)
		return 0;
	if (!get) {
		hv_entry_put(d, level, slot, e);
		return 0;
	}
	return hv_entry_get(d, level, slot, e);
}

/*
 * Take (@get) or give back every reference the entries of @pfn hold.
 * Most entries are empty (valid at every level, holding nothing): they
 * are passed over four at a time, every table's slot count (4, 512 and
 * HV_HOLE_L2_SLOT) being a multiple of four, and the four are written
 * out by hand (the kernel's flags unroll no loop).  Each entry is read
 * once to check it; a failed get gives back what the entries before it
 * took, reading them again, which is safe: no one can write a frame
 * being made a table (its type count was zero, so no writable mapping,
 * and no back end holds it).
 */
static __always_inline int hv_walk_entries(struct hv_dom *d, u32 pfn,
					   bool get)
{
	struct hv_frame *f = hv_ft(d, pfn);
	unsigned int i, n = hv_table_slots(f);
	u64 *t = hv_table(d, pfn), e0, e1, e2, e3;
	int err;

	BUILD_BUG_ON(HV_HOLE_L2_SLOT % 4);
	for (i = 0; i < n; i += 4) {
		e0 = READ_ONCE(t[i]);
		e1 = READ_ONCE(t[i + 1]);
		e2 = READ_ONCE(t[i + 2]);
		e3 = READ_ONCE(t[i + 3]);
		if (!(e0 | e1 | e2 | e3))
			continue;
		err = hv_walk_one(d, f->type, i, e0, get);
		if (err)
			goto undo;
		err = hv_walk_one(d, f->type, i + 1, e1, get);
		if (err)
			goto undo1;
		err = hv_walk_one(d, f->type, i + 2, e2, get);
		if (err)
			goto undo2;
		err = hv_walk_one(d, f->type, i + 3, e3, get);
		if (err)
			goto undo3;
	}
	return 0;

undo3:
	i++;
undo2:
	i++;
undo1:
	i++;
undo:
	while (i--)
		hv_entry_put(d, f->type, i, READ_ONCE(t[i]));
	return err;
}

/* The two walks, each its own copy (no test of @get an entry). */
static noinstr int hv_walk_get(struct hv_dom *d, u32 pfn)
{
	return hv_walk_entries(d, pfn, true);
}

static noinstr void hv_walk_put(struct hv_dom *d, u32 pfn)
{
	hv_walk_entries(d, pfn, false);
}

/* A new table frame: clean up what the hypervisor owns in it. */
static noinstr void hv_table_made(struct hv_dom *d, u32 pfn)
{
	struct hv_frame *f = hv_ft(d, pfn);
	u64 *t = hv_table(d, pfn);
	int i;

	if (f->type == HV_FRAME_L3) {
		for (i = 0; i < 4; i++)
			if (t[i] & PV_PTE_P)
				t[i] |= L3_FORCED;
		/* ABI 5.6: Xen zeroes them; not a memset() (noinstr) */
		for (i = 4; i < 512; i++)
			WRITE_ONCE(t[i], 0);
	} else if (f->type == HV_FRAME_L2 && f->hole) {
		hv_m2p_install(d, t);
	}
}

noinstr int hv_get_type(struct hv_dom *d, u32 pfn, u8 type, bool hole)
{
	struct hv_frame *f = hv_ft(d, pfn);
	int err;

	/* ABI 5.6: an L3 needs slot 3, the L2 that carries the hole. */
	if (type == HV_FRAME_L3 && !f->type_count &&
	    !(READ_ONCE(hv_table(d, pfn)[3]) & PV_PTE_P))
		return -EINVAL;
	if (f->type_count) {
		/* The slot-3 L2 is used nowhere else (ABI 5.6). */
		if (f->type != type || hole || f->hole)
			return -EINVAL;
		f->type_count++;
		return 0;
	}
	WRITE_ONCE(f->type, type);
	f->hole = hole;
	f->type_count = 1;
	/* A frame a back end may write is never a table (gnttab.c). */
	if (type != HV_FRAME_WRITABLE && hv_frame_backend_writes(d, pfn)) {
		WRITE_ONCE(f->type, HV_FRAME_NONE);
		f->hole = 0;
		f->type_count = 0;
		return -EINVAL;
	}
	if (type == HV_FRAME_L1 || type == HV_FRAME_L2 ||
	    type == HV_FRAME_L3) {
		err = hv_walk_get(d, pfn);
		if (err) {
			WRITE_ONCE(f->type, HV_FRAME_NONE);
			f->hole = 0;
			f->type_count = 0;
			return err;
		}
		hv_table_made(d, pfn);
	}
	return 0;
}

noinstr void hv_put_type(struct hv_dom *d, u32 pfn)
{
	struct hv_frame *f = hv_ft(d, pfn);

	if (WARN_ON_ONCE(!f->type_count))
		return;
	if (--f->type_count)
		return;
	if (f->type == HV_FRAME_L1 || f->type == HV_FRAME_L2 ||
	    f->type == HV_FRAME_L3) {
		hv_walk_put(d, pfn);
		/* No longer a table: what was cached through it goes. */
		hv_kstack_table_changed(d, f->type, pfn, ~0u);
	}
	if (f->hole)
		hv_m2p_remove(hv_table(d, pfn));
	/* After the walk: a back end may write the frame from now on. */
	WRITE_ONCE(f->type, HV_FRAME_NONE);
	f->hole = 0;
}

static __always_inline bool hv_addr_ok(u64 e)
{
	return !((e & PV_PTE_ADDR) >> hv_phys_bits());
}

/*
 * The page walk ignores a non-present entry, but on a CPU with L1TF its
 * address bits can still feed a speculative read of the L1 cache, so they
 * must name no host memory.  Linux keeps PROT_NONE and swap entries in
 * non-present L1 entries and inverts their address bits for this very
 * reason: accept an address of zero or one at or above the end of the
 * host's RAM, judged on the bits below the physical width (higher ones do
 * not reach the cache).  The other bits are the guest's to use.
 */
static __always_inline bool hv_l1tf_safe(u64 e)
{
	u64 addr = e & PV_PTE_ADDR & (BIT_ULL(hv_phys_bits()) - 1);

	return !addr || addr >= hv_ram_end();
}

/*
 * One more reference to type @type of frame @pfn, and its return: in line
 * while the count stays above zero (every writable mapping of a frame but
 * its first and last; every pgd's entry for a kernel L1, which each pin
 * and unpin of a process's tables counts), where hv_get_type() and
 * hv_put_type() would do no more.  Not for the hole's L2, which only
 * hv_get_type() may count.
 */
static __always_inline int hv_type_ref(struct hv_dom *d, u32 pfn, u8 type)
{
	struct hv_frame *f = hv_ft(d, pfn);

	if (f->type_count && f->type == type && !f->hole) {
		f->type_count++;
		return 0;
	}
	return hv_get_type(d, pfn, type, false);
}

static __always_inline void hv_type_unref(struct hv_dom *d, u32 pfn)
{
	struct hv_frame *f = hv_ft(d, pfn);

	if (f->type_count > 1)
		f->type_count--;
	else
		hv_put_type(d, pfn);
}

/*
 * hv_entry_get() and hv_entry_put() for an L1 entry, in line: the one
 * entry every mmu_update batch, update_va_mapping, emulated write and
 * L1 pin checks, mostly.  The domain's own frames are looked up first:
 * the shared pages (a list to scan) are never among them.
 */
static __always_inline int hv_l1e_get(struct hv_dom *d, u64 e)
{
	u32 pfn;
	int err;

	if (!(e & PV_PTE_P))
		return hv_l1tf_safe(e) ? 0 : -EINVAL;
	if ((e & L1_REFUSED) || !hv_addr_ok(e))
		return -EINVAL;
	if (hv_target(d, e, &pfn))
		return hv_is_shared_page(d, e) ? 0 : -EPERM;
	if (e & PV_PTE_RW) {
		err = hv_type_ref(d, pfn, HV_FRAME_WRITABLE);
		if (err)
			return err;
	}
	hv_ft(d, pfn)->refs++;
	return 0;
}

static __always_inline void hv_l1e_put(struct hv_dom *d, u64 e)
{
	u32 pfn;

	if (!(e & PV_PTE_P))
		return;
	if (hv_target(d, e, &pfn)) {
		/* Only a shared page was let in without a reference. */
		WARN_ON_ONCE(!hv_is_shared_page(d, e));
		return;
	}
	hv_ft(d, pfn)->refs--;
	if (e & PV_PTE_RW)
		hv_type_unref(d, pfn);
}

/*
 * Check entry @e of a table of type @level and take the references it
 * implies on its target.  Returns 0 or the ABI's error for the guest.
 */
noinstr int hv_entry_get(struct hv_dom *d, u8 level, unsigned int slot,
			 u64 e)
{
	static const u64 refused[] = {
		[HV_FRAME_L2] = L2_REFUSED,
		[HV_FRAME_L3] = L3_REFUSED,
	};
	u32 pfn;
	int err;

	/* Not present first: the common case of a walk, without a frame. */
	if (!(e & PV_PTE_P)) {
		if (level == HV_FRAME_L1)
			return hv_l1tf_safe(e) ? 0 : -EINVAL;
		return e ? -EINVAL : 0;
	}
	if (level == HV_FRAME_L1)
		return hv_l1e_get(d, e);
	if ((e & refused[level]) || !hv_addr_ok(e))
		return -EINVAL;
	err = hv_target(d, e, &pfn);
	if (err)
		return err;
	if (level == HV_FRAME_L2)
		err = hv_type_ref(d, pfn, HV_FRAME_L1);
	else
		err = hv_get_type(d, pfn, HV_FRAME_L2, slot == 3);
	if (!err)
		hv_ft(d, pfn)->refs++;
	return err;
}

/* Give back what hv_entry_get() took for @e. */
noinstr void hv_entry_put(struct hv_dom *d, u8 level, unsigned int slot,
			  u64 e)
{
	u32 pfn;

	if (!(e & PV_PTE_P))
		return;
	if (level == HV_FRAME_L1) {
		hv_l1e_put(d, e);
		return;
	}
	if (WARN_ON_ONCE(hv_target(d, e, &pfn)))
		return;
	hv_ft(d, pfn)->refs--;
	hv_type_unref(d, pfn);
}

/*
 * An L1 entry's update, told to no one.  One that maps the same frame
 * with the same rights as before (only A, D, NX, US or the guest's own
 * bits change: Linux's ptep_set_access_flags(), mprotect() of a
 * read-only mapping) changes no count, as in Xen's mod_l1_entry(): the
 * old entry's frame was checked when it went in, and frames never change
 * owner.
 */
static __always_inline int hv_l1e_swap(struct hv_dom *d, u64 *t,
				       unsigned int slot, u64 e)
{
	u64 old = READ_ONCE(t[slot]);
	bool same = (e & PV_PTE_P) &&
		    !((e ^ old) & (PV_PTE_ADDR | PV_PTE_P | PV_PTE_RW));
	int err;

	if (same)
		err = e & L1_REFUSED ? -EINVAL : 0;
	else
		err = hv_l1e_get(d, e);
	if (err)
		return err;
	WRITE_ONCE(t[slot], e);
	if (!same)
		hv_l1e_put(d, old);
	return 0;
}

static __always_inline int hv_l1e_update(struct hv_dom *d, u32 pfn,
					 u64 *t, unsigned int slot, u64 e)
{
	int err = hv_l1e_swap(d, t, slot, e);

	if (!err)
		hv_kstack_table_changed(d, HV_FRAME_L1, pfn, slot);
	return err;
}

/*
 * A run of mmu_update requests (@n of them, from the guest's list at @r)
 * writing entries of L1 frame @pfn: a batch's common case (Linux's lazy
 * MMU mode copies or zaps a range of one table), done here without a
 * call and a type dispatch for each.  The run is the requests whose ptr,
 * but for the entry's offset (bits 3-11), is @key; it stops before the
 * first that is not, or at the first that fails, with its error in
 * *@err.  Returns the number done.
 *
 * Each request is read once (the guest may be writing the list).  The
 * frame stays an L1 throughout: an L1 entry's write changes no type but
 * between writable and none, and a table is never mapped writable.  The
 * kernel stack cache is asked once whether it depends on this table:
 * nothing fills it during one mmu_update (it is filled by the vCPU's own
 * bounces, iret, stack_switch and base pointer changes), and if it does
 * depend, each entry is reported as hv_entry_update() would.  Only the
 * host path runs this (not noinstr: the sanitizers may watch it read
 * the guest's list).
 */
u32 hv_l1_update_run(struct hv_dom *d, u32 pfn, u64 key,
		     const struct hv_pte_req *r, u32 n, int *err)
{
	struct hv_frame *f = hv_ft(d, pfn);
	u64 *t = hv_table(d, pfn), ptr;
	int e = 0;
	bool watched;
	u32 i;

	if (!f->type_count || f->type != HV_FRAME_L1)
		n = 0;
	watched = n && hv_kstack_watches(d, pfn);
	for (i = 0; i < n; i++) {
		ptr = READ_ONCE(r[i].ptr);
		if ((ptr & ~HV_PTE_REQ_SLOT) != key)
			break;
		e = hv_l1e_swap(d, t, (ptr & HV_PTE_REQ_SLOT) / 8,
				READ_ONCE(r[i].val));
		if (e)
			break;
		if (unlikely(watched))
			hv_kstack_table_changed(d, HV_FRAME_L1, pfn,
						(ptr & HV_PTE_REQ_SLOT) / 8);
	}
	*err = e;
	return i;
}

/*
 * Write entry @slot of frame @pfn, as mmu_update and update_va_mapping
 * do.  In a live table the new entry is checked and referenced before the
 * old one is let go, so a failure leaves everything as it was.
 */
noinstr int hv_entry_update(struct hv_dom *d, u32 pfn, unsigned int slot,
			    u64 e)
{
	struct hv_frame *f = hv_ft(d, pfn);
	u64 *t = hv_table(d, pfn), old;
	int err;

	switch (f->type_count ? f->type : HV_FRAME_NONE) {
	case HV_FRAME_SEG:
		return -EINVAL;		/* descriptors: update_descriptor */
	case HV_FRAME_L3:
		if (slot >= 3)
			return -EINVAL;	/* slot 3 holds the hole's L2 */
		break;
	case HV_FRAME_L2:
		if (f->hole && slot >= HV_HOLE_L2_SLOT)
			return -EPERM;	/* the hypervisor's */
		break;
	case HV_FRAME_L1:
		return hv_l1e_update(d, pfn, t, slot, e);
	default:
		/* Not a table: just memory, checked if it ever becomes one. */
		WRITE_ONCE(t[slot], e);
		return 0;
	}
	old = READ_ONCE(t[slot]);
	err = hv_entry_get(d, f->type, slot, e);
	if (err)
		return err;
	if (f->type == HV_FRAME_L3 && (e & PV_PTE_P))
		e |= L3_FORCED;
	WRITE_ONCE(t[slot], e);
	hv_kstack_table_changed(d, f->type, pfn, slot);
	hv_entry_put(d, f->type, slot, old);
	return 0;
}

/*
 * Whether a write of an entry of frame @pfn can change no frame's type
 * but between writable and none: an L1's entry, or a word of a frame that
 * is no table.  mmu_update may do those in the fast path (mmu.c).
 */
noinstr bool hv_entry_update_bounded(struct hv_dom *d, u32 pfn)
{
	struct hv_frame *f = hv_ft(d, pfn);
	u8 type = f->type_count ? f->type : HV_FRAME_NONE;

	return type == HV_FRAME_L1 || type == HV_FRAME_WRITABLE ||
	       type == HV_FRAME_NONE;
}

/*
 * Whether entry @slot of frame @pfn is one of an L2 that the guest may
 * write (not the hole's): its write validates or tears down at most one
 * L1, so mmu_update may do it in the fast path (mmu.c).
 */
noinstr bool hv_l2e_update_bounded(struct hv_dom *d, u32 pfn,
				   unsigned int slot)
{
	struct hv_frame *f = hv_ft(d, pfn);

	return f->type_count && f->type == HV_FRAME_L2 &&
	       slot < hv_table_slots(f);
}

noinstr int hv_pin(struct hv_dom *d, u32 pfn, u8 type)
{
	struct hv_frame *f = hv_ft(d, pfn);
	int err;

	if (f->pinned)
		return -EINVAL;
	err = hv_get_type(d, pfn, type, false);
	if (err)
		return err;
	f->pinned = 1;
	f->refs++;
	return 0;
}

noinstr int hv_unpin(struct hv_dom *d, u32 pfn)
{
	struct hv_frame *f = hv_ft(d, pfn);

	if (!f->pinned)
		return -EINVAL;
	f->pinned = 0;
	f->refs--;
	hv_put_type(d, pfn);
	return 0;
}
