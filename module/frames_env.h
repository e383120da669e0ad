/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Everything frames.c knows of a domain and of the machine: the frame
 * table, the memory of a frame, the M2P lookup, the pages shared with the
 * guest (shared_info, grant table), the back ends' write holds, the M2P of
 * the hypervisor hole, the physical address width and the kernel stack
 * cache, which depends on the tables.
 *
 * Only frames.c includes this.  The unit tests (selftests/unit/kshim/)
 * build frames.c against their own version of this header, over a fake
 * domain, and force it in first: the include guard below must stay the
 * same in both, and so must the accessors' names and meaning.
 */
#ifndef _HV_FRAMES_ENV_H
#define _HV_FRAMES_ENV_H

#include <linux/mm.h>
#include <linux/processor.h>
#include <linux/xarray.h>

#include "domain.h"
#include "frames.h"
#include "m2p.h"	/* hv_m2p_install(), hv_m2p_remove() */
#include "paging.h"	/* hv_kstack_forget() */
#include "vcpu.h"	/* the kernel stack cache */

/* The frame table entry of guest frame @pfn. */
static __always_inline struct hv_frame *hv_ft(struct hv_dom *d, u32 pfn)
{
	return &d->ft[pfn];
}

/* The contents of guest frame @pfn, as 512 entries. */
static __always_inline u64 *hv_table(struct hv_dom *d, u32 pfn)
{
	return page_address(d->mem.frames[pfn]);
}

/* The guest frame that entry @e names, or -EPERM: not this domain's. */
static __always_inline int hv_target(struct hv_dom *d, u64 e, u32 *pfn)
{
	return hv_mfn_to_pfn(d, (e & PV_PTE_ADDR) >> PAGE_SHIFT, pfn);
}

/*
 * Whether entry @e names a page the hypervisor shares with the domain:
 * its shared_info or a frame of its grant table.  Not the domain's
 * frames: they take no type and no reference.
 */
static __always_inline bool hv_is_shared_page(struct hv_dom *d, u64 e)
{
	u64 mfn = (e & PV_PTE_ADDR) >> PAGE_SHIFT;

	return (d->shared_info && mfn == page_to_pfn(d->shared_info)) ||
	       hv_gnttab_is_frame(&d->gnttab, mfn);
}

/*
 * Whether a back end holds frame @pfn for writing (gnttab.c), asked right
 * after a table or descriptor type was stored into it: the full barrier
 * orders that store before this read, as gnttab.c orders its count
 * before its read of the type, so they never both miss the other.
 */
static __always_inline bool hv_frame_backend_writes(struct hv_dom *d,
						    u32 pfn)
{
	smp_mb();	/* the type stored before, the count read after */
	return arch_atomic_read(&d->ft[pfn].gnt_writers);
}

/* Address bits at and above this one must be zero in an entry. */
static __always_inline unsigned int hv_phys_bits(void)
{
	return boot_cpu_data.x86_phys_bits;
}

/*
 * Where the host's RAM ends (memory hotplug moves it up).  Not __pa(): with
 * DEBUG_VIRTUAL it is an instrumented function, and this runs in the guest
 * world.
 */
static __always_inline u64 hv_ram_end(void)
{
	return __phys_addr_nodebug((unsigned long)high_memory - 1) + 1;
}

/* Whether cache entry @k depends on entry @slot of table @pfn (@type). */
static __always_inline bool hv_kstack_on(struct hv_kstack *k, u8 type,
					 u32 pfn, unsigned int slot)
{
	return READ_ONCE(k->tag) &&
	       (type != HV_FRAME_L1 ||
		(pfn == k->l1_pfn && (slot == ~0u || slot == k->l1_slot)));
}

/*
 * Entry @slot of table @pfn (of @type) changed, or with slot ~0 the whole
 * table stopped being one.  Only the one L1 entry that maps the cached
 * page matters among L1 entries; any L2 or L3 change may move it.
 * (paging.c, "The kernel stack cache").
 */
static __always_inline void hv_kstack_table_changed(struct hv_dom *d, u8 type,
						    u32 pfn, unsigned int slot)
{
	struct hv_vcpu *v = READ_ONCE(d->vcpu);

	if (v && (hv_kstack_on(&v->kstack[HV_KSTACK_KERNEL], type, pfn, slot) ||
		  hv_kstack_on(&v->kstack[HV_KSTACK_RING1], type, pfn, slot)))
		hv_kstack_forget(v);
}

/*
 * Whether a cache entry depends on an entry of L1 table @pfn: if not, a
 * run of writes to that table's entries need not report each one.
 */
static __always_inline bool hv_kstack_watches(struct hv_dom *d, u32 pfn)
{
	struct hv_vcpu *v = READ_ONCE(d->vcpu);

	return v && (hv_kstack_on(&v->kstack[HV_KSTACK_KERNEL], HV_FRAME_L1,
				  pfn, ~0u) ||
		     hv_kstack_on(&v->kstack[HV_KSTACK_RING1], HV_FRAME_L1,
				  pfn, ~0u));
}

#endif /* _HV_FRAMES_ENV_H */
