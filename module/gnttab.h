/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Grant tables (gnttab.c): the guest's grant_table_op, and the API the
 * back ends inside hv use to reach the frames a guest grants them.
 */
#ifndef _HV_GNTTAB_H
#define _HV_GNTTAB_H

#include <linux/mm.h>
#include <linux/spinlock.h>
#include <linux/types.h>

struct hv_dom;
struct hv_gnt_active;
struct hv_vcpu;

/* Version 1: 512 entries per frame, 2048 in the largest table. */
#define HV_GNT_MAX_FRAMES	4

/* A domain's grant table. */
struct hv_gnttab {
	spinlock_t lock;		/* the active entries, growth, dead */
	unsigned int nr_frames;		/* frames the guest may map */
	struct page *frames[HV_GNT_MAX_FRAMES];
	struct hv_gnt_active *active;	/* per entry: who holds it, how */
	bool dead;			/* destroyed: no new holds */
};

/*
 * A back end's hold on a granted frame (hv_gnttab_map()): @page is the
 * guest's frame, to be read (and written if @write) through the host's
 * direct map until hv_gnttab_unmap().
 */
struct hv_gnt_map {
	struct hv_dom *d;		/* the granting domain, referenced */
	struct page *page;
	u32 ref;
	bool write;
};

/* The host's back ends take grants made to domain 0, as under Xen. */
#define HV_GNT_HOST_DOMID	0

int hv_gnttab_init(struct hv_dom *d);
void hv_gnttab_kill(struct hv_dom *d);
void hv_gnttab_free(struct hv_dom *d);

long hv_grant_table_op(struct hv_vcpu *v, u32 cmd, u32 uop, u32 count);

int hv_gnttab_map(struct hv_dom *d, u32 ref, u16 mapper, bool write,
		  struct hv_gnt_map *map);
void hv_gnttab_unmap(struct hv_gnt_map *map);
int hv_gnttab_copy(struct hv_dom *d, u32 ref, u16 mapper, bool to_guest,
		   unsigned int offset, void *buf, unsigned int len);

/*
 * Whether machine frame @mfn is one of the table's frames, which the
 * guest may map like its shared_info.  Read by the vCPU thread (and its
 * fast path), the only one that grows the table.
 */
static __always_inline bool hv_gnttab_is_frame(struct hv_gnttab *gt,
					       u64 mfn)
{
	unsigned int i, n = READ_ONCE(gt->nr_frames);

	for (i = 0; i < n; i++)
		if (page_to_pfn(gt->frames[i]) == mfn)
			return true;
	return false;
}

#endif /* _HV_GNTTAB_H */
