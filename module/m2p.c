// SPDX-License-Identifier: GPL-2.0
/*
 * The M2P in the hole (ABI 5.7): an array of 32-bit pseudo-physical frame
 * numbers indexed by machine frame, at 0xF5800000 + 4 * mfn, which guests
 * read to turn the machine frames in their page tables back into their own
 * frame numbers.
 *
 * Xen's M2P is global: every guest can read every domain's entries.  Ours
 * shows a domain only its own frames.  It costs the pages that hold the
 * domain's own entries; every other page of a 2 MiB chunk that holds any
 * of them maps one shared page of 0xFFFFFFFF ("invalid"), and chunks with
 * none of the domain's frames stay unmapped.  Everything is mapped
 * read-only and supervisor-only: ring 1 reads it, ring 3 cannot, nobody
 * writes it.  The page tables involved are the hypervisor's own pages, in
 * the slots 428-511 of the guest's L2 that the guest can never change.
 */

#include <linux/mm.h>
#include <linux/slab.h>
#include <linux/xarray.h>

#include "domain.h"
#include "frames.h"
#include "m2p.h"
#include <linux/hv_pv32.h>

#define HV_M2P_PER_PAGE		(PAGE_SIZE / 4)		/* entries */
#define HV_M2P_PER_CHUNK	(HV_M2P_PER_PAGE * 512)	/* per L2 slot */
#define HV_HOLE_SLOTS		(512 - HV_HOLE_L2_SLOT)
#define HV_M2P_PTE		(PV_PTE_P | PV_PTE_A | PV_PTE_NX)

static struct page *hv_m2p_invalid;

int hv_m2p_init(void)
{
	hv_m2p_invalid = alloc_page(GFP_KERNEL);
	if (!hv_m2p_invalid)
		return -ENOMEM;
	memset(page_address(hv_m2p_invalid), 0xff, PAGE_SIZE);
	return 0;
}

void hv_m2p_exit(void)
{
	__free_page(hv_m2p_invalid);
}

static __always_inline u64 hv_pte(struct page *page, u64 flags)
{
	return (u64)page_to_pfn(page) << PAGE_SHIFT | flags;
}

/* The L1 of hole slot @chunk, made (all "invalid") on first use. */
static u64 *hv_m2p_l1(struct hv_dom *d, unsigned long chunk)
{
	struct page *page = d->m2p_l1[chunk];
	u64 *l1;
	int i;

	if (!page) {
		page = alloc_page(GFP_KERNEL_ACCOUNT);
		if (!page)
			return NULL;
		l1 = page_address(page);
		for (i = 0; i < 512; i++)
			l1[i] = hv_pte(hv_m2p_invalid, HV_M2P_PTE);
		d->m2p_l1[chunk] = page;
	}
	return page_address(page);
}

/* The page of M2P entries around @mfn, made (all 0xFFFFFFFF) on first use. */
static u32 *hv_m2p_page(struct hv_dom *d, unsigned long mfn)
{
	unsigned long index = mfn / HV_M2P_PER_PAGE;
	struct page *page = xa_load(&d->m2p_pages, index);
	u64 *l1;

	if (page)
		return page_address(page);
	l1 = hv_m2p_l1(d, mfn / HV_M2P_PER_CHUNK);
	if (!l1)
		return NULL;
	page = alloc_page(GFP_KERNEL_ACCOUNT);
	if (!page)
		return NULL;
	if (xa_err(xa_store(&d->m2p_pages, index, page, GFP_KERNEL_ACCOUNT))) {
		__free_page(page);
		return NULL;
	}
	memset(page_address(page), 0xff, PAGE_SIZE);
	l1[index % 512] = hv_pte(page, HV_M2P_PTE);
	return page_address(page);
}

int hv_m2p_build(struct hv_dom *d)
{
	unsigned long pfn, mfn;
	u32 *m2p;

	BUILD_BUG_ON(HV_HOLE_SLOTS * HV_M2P_PER_CHUNK <
		     (PV_M2P_END - PV_M2P_START) / 4);
	for (pfn = 0; pfn < d->mem.nr_frames; pfn++) {
		mfn = hv_domain_mfn(d, pfn);
		m2p = hv_m2p_page(d, mfn);
		if (!m2p)
			return -ENOMEM;
		m2p[mfn % HV_M2P_PER_PAGE] = pfn;
	}
	return 0;
}

/*
 * Show the M2P in the hole slots of an L2 that just became the one under
 * L3 slot 3.  Supervisor and read-only: ring 3 cannot read, nobody writes.
 */
noinstr void hv_m2p_install(struct hv_dom *d, u64 *l2)
{
	int i;

	for (i = 0; i < HV_HOLE_SLOTS; i++)
		l2[HV_HOLE_L2_SLOT + i] = d->m2p_l1[i] ?
			hv_pte(d->m2p_l1[i], PV_PTE_P | PV_PTE_A) : 0;
}

/* The L2 stopped being a slot-3 L2: the guest's again, without the hole. */
noinstr void hv_m2p_remove(u64 *l2)
{
	int i;

	/* Not a memset() call, which a KASAN build's compiler would make. */
	for (i = HV_HOLE_L2_SLOT; i < 512; i++)
		WRITE_ONCE(l2[i], 0);
}

/*
 * A guest's MACHPHYS_UPDATE: what it reads for @mfn, one of its own
 * frames, changes; the hypervisor's own record does not.
 */
void hv_m2p_set(struct hv_dom *d, unsigned long mfn, u32 value)
{
	struct page *page = xa_load(&d->m2p_pages, mfn / HV_M2P_PER_PAGE);
	u32 *m2p;

	if (!page)
		return;
	m2p = page_address(page);
	WRITE_ONCE(m2p[mfn % HV_M2P_PER_PAGE], value);
}

void hv_m2p_free(struct hv_dom *d)
{
	struct page *page;
	unsigned long index;
	int i;

	xa_for_each(&d->m2p_pages, index, page)
		__free_page(page);
	xa_destroy(&d->m2p_pages);
	for (i = 0; i < HV_HOLE_SLOTS; i++)
		if (d->m2p_l1[i])
			__free_page(d->m2p_l1[i]);
}
