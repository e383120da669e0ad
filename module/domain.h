/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Domains: the objects a user creates, lists and destroys.
 */
#ifndef _HV_DOMAIN_H
#define _HV_DOMAIN_H

#include <linux/kref.h>
#include <linux/mm.h>
#include <linux/mutex.h>
#include <linux/spinlock.h>
#include <linux/types.h>
#include <linux/xarray.h>
#include <linux/hv.h>

#include "console.h"
#include "events.h"
#include "memory.h"
#include "frames.h"
#include "gnttab.h"
#include "paging.h"

struct netlink_ext_ack;
struct hv_vcpu;
struct hv_xs_conn;
struct page;

/* How the domain builder laid the guest out (HV_A_BOOT_*). */
struct hv_boot {
	u32 entry, stack, start_info;
	u32 start_info_pfn, pt_pfn, nr_pt_frames, p2m_pfn;
	u32 hypercall_pfn, console_pfn, store_pfn;	/* ~0: none */
};

/* The PV console ring's backend state (consring.c). */
struct hv_consring {
	struct mutex lock;		/* the backend runs one at a time */
	u32 pfn;			/* the ring's frame, ~0: none */
	u32 in_prod;			/* our input index, never read back */
	bool connected;			/* the guest signalled the channel */
	u64 corrupt;			/* rings found with bad indices */
};

struct hv_dom {
	struct kref ref;
	u32 id;
	char name[HV_DOMAIN_NAME_MAX + 1];
	u64 memory;			/* bytes */
	struct hv_memory mem;

	struct mutex lock;		/* state changes, start, destroy */
	enum hv_domain_state state;
	u32 end;			/* enum hv_end, once stopped */
	u32 end_eip;
	char end_reason[96];

	struct hv_frame *ft;		/* the frame table, per pfn */
	u32 l3_pfn;			/* the base pointer (vCPU 0's CR3) */
	struct xarray m2p_pages;	/* M2P pages shown in the hole */
	struct page *m2p_l1[512 - HV_HOLE_L2_SLOT];
	struct page *shared_info;
	struct hv_vcpu *vcpu;		/* set by start, freed by release */
	struct hv_console console;
	struct hv_consring consring;
	struct hv_events events;
	struct hv_gnttab gnttab;
	struct hv_xs_conn *xs;		/* its end of the xenstore */
	struct list_head blks;		/* its disks (blkback.c), d->lock */
	u64 wc_offset;			/* the wallclock last published */
};

struct hv_dom *hv_domain_alloc(const char *name, u64 memory,
			       struct netlink_ext_ack *extack);
struct hv_dom *hv_domain_get_by_id(u32 id);
struct hv_dom *hv_domain_get_by_name(const char *name);
struct hv_dom *hv_domain_get_next(u32 *id);
int hv_domain_remove(struct hv_dom *d);
void hv_domain_put(struct hv_dom *d);
bool hv_domain_name_ok(const char *name);

int hv_domain_copy_in(struct hv_dom *d, u32 pfn, const void *data,
		      size_t len, struct netlink_ext_ack *extack);
int hv_domain_boot(struct hv_dom *d, const struct hv_boot *boot,
		   bool paused, struct netlink_ext_ack *extack);
int hv_domain_set_paused(struct hv_dom *d, bool pause,
			 struct netlink_ext_ack *extack);
void hv_domain_end(struct hv_dom *d, u32 code);
void hv_domain_crash(struct hv_dom *d, u32 eip, const char *fmt, ...)
	__printf(3, 4);

/*
 * The guest frame behind machine frame @mfn, if it is one of @d's: each
 * reserved frame records its index in page->private (memory.c), and the
 * domain's own frame list confirms it.  Its struct page may be read only
 * if it has one: hv_memory_near() says so for any frame that can be the
 * domain's, without pfn_valid()'s section lookup.
 */
static __always_inline int hv_mfn_to_pfn(struct hv_dom *d, u64 mfn,
					 u32 *pfn)
{
	struct page *page;
	unsigned long i;

	if (!hv_memory_near(&d->mem, mfn))
		return -EPERM;
	page = pfn_to_page(mfn);
	i = page_private(page);
	if (i >= d->mem.nr_frames || d->mem.frames[i] != page)
		return -EPERM;
	*pfn = i;
	return 0;
}

/* A frame a guest names that is not its own: a bad frame (ABI -EINVAL). */
static __always_inline int hv_own_frame(struct hv_dom *d, u64 mfn,
					u32 *pfn)
{
	return hv_mfn_to_pfn(d, mfn, pfn) ? -EINVAL : 0;
}

/* The machine frame number behind guest frame @pfn (no check). */
static __always_inline unsigned long hv_domain_mfn(struct hv_dom *d,
						   unsigned long pfn)
{
	return page_to_pfn(d->mem.frames[pfn]);
}

#endif /* _HV_DOMAIN_H */
