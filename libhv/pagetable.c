// SPDX-License-Identifier: LGPL-2.1
/*
 * The bootstrap page tables of a 32-bit PAE PV guest (sections 5.6 and
 * 6.2 of the ABI): one L3 with four slots of 1 GiB, an L2 per slot the
 * region touches, an L1 per 2 MiB it touches.  They map the region
 * VIRT_BASE + PFN * 4096 -> PFN and nothing else.
 *
 * The entries hold PSEUDO-PHYSICAL frame numbers: the module checks each
 * one and puts in the machine frame before the guest runs.  What it
 * accepts, and so what is written here:
 * - L3 and L2 entries P|RW|US|A|D (Xen adds RW and US to L3 entries in
 *   any case: the L3 really serves as a long-mode table);
 * - L1 entries P|RW|A, but P|A for the page-table frames themselves: a
 *   frame in use as a page table may not be mapped writable;
 * - no PSE, no G, and not-present entries all zero (a stale frame number
 *   in one is an L1TF risk);
 * - L3 slot 3 always present, with an L2 of its own, since Xen puts the
 *   hypervisor hole (0xF5800000 up) into that L2 and needs it to exist.
 */
#include <string.h>

#include "build.h"

#define PT_ENTRIES	512
#define L1_SPAN		0x200000ULL	/* what one L1 maps: 2 MiB */
#define L2_SPAN		0x40000000ULL	/* what one L2 maps: 1 GiB */
#define HOLE_SLOT	3		/* the L3 slot of the hypervisor hole */

#define L3_FLAGS	(PV_PTE_P | PV_PTE_RW | PV_PTE_US | PV_PTE_A | PV_PTE_D)
#define L2_FLAGS	(PV_PTE_P | PV_PTE_RW | PV_PTE_US | PV_PTE_A | PV_PTE_D)
#define L1_FLAGS	(PV_PTE_P | PV_PTE_RW | PV_PTE_A)
#define L1_RO_FLAGS	(PV_PTE_P | PV_PTE_A)

/* Which tables map the region [virt_base, end) */
struct geometry {
	uint32_t first_slot;	/* L3 slots the region touches */
	uint32_t last_slot;
	uint32_t nr_l2;		/* those, and HOLE_SLOT if not among them */
	uint64_t l1_base;	/* VA of the first 2 MiB the region touches */
	uint32_t nr_l1;
};

static void geometry(uint32_t virt_base, uint64_t end, struct geometry *g)
{
	uint64_t l1_end = (end + L1_SPAN - 1) & ~(L1_SPAN - 1);

	g->first_slot = virt_base / L2_SPAN;
	g->last_slot = (end - 1) / L2_SPAN;
	g->nr_l2 = g->last_slot - g->first_slot + 1;
	/* The region ends below the hole, so HOLE_SLOT can only come last */
	if (g->last_slot < HOLE_SLOT)
		g->nr_l2++;
	g->l1_base = virt_base & ~(L1_SPAN - 1);
	g->nr_l1 = (l1_end - g->l1_base) / L1_SPAN;
}

uint32_t hv_pt_count(uint32_t virt_base, uint64_t end)
{
	struct geometry g;

	geometry(virt_base, end, &g);
	return 1 + g.nr_l2 + g.nr_l1;
}

/* The L3 slot that the L2 number @i serves; they are in slot order */
static uint32_t l2_slot(const struct geometry *g, uint32_t i)
{
	if (i <= g->last_slot - g->first_slot)
		return g->first_slot + i;
	return HOLE_SLOT;
}

static uint64_t pte(uint64_t pfn, uint64_t flags)
{
	return (pfn << HV_PAGE_SHIFT) | flags;
}

static void make_l3(const struct hv_layout *lay, const struct geometry *g,
		    uint64_t *l3)
{
	uint32_t i;

	for (i = 0; i < g->nr_l2; i++)
		l3[l2_slot(g, i)] = pte(lay->pt_pfn + 1 + i, L3_FLAGS);
}

/* The L2 of L3 slot @slot points at the L1s of its part of the region. */
static void make_l2(const struct hv_layout *lay, const struct geometry *g,
		    uint32_t slot, uint64_t *l2)
{
	uint32_t first_l1 = lay->pt_pfn + 1 + g->nr_l2;
	uint64_t va;
	uint32_t j;

	for (j = 0; j < g->nr_l1; j++) {
		va = g->l1_base + j * L1_SPAN;
		if (va / L2_SPAN == slot)
			l2[(va / L1_SPAN) % PT_ENTRIES] =
				pte(first_l1 + j, L2_FLAGS);
	}
}

/* The L1 number @j maps the region's pages in its 2 MiB. */
static void make_l1(const struct hv_layout *lay, const struct geometry *g,
		    uint32_t j, uint64_t *l1)
{
	uint64_t start = lay->virt_base;
	uint64_t end = start + ((uint64_t)lay->end_pfn << HV_PAGE_SHIFT);
	uint64_t va, pfn;
	uint32_t k;

	for (k = 0; k < PT_ENTRIES; k++) {
		va = g->l1_base + j * L1_SPAN + ((uint64_t)k << HV_PAGE_SHIFT);
		if (va < start || va >= end)
			continue;
		pfn = (va - start) >> HV_PAGE_SHIFT;
		if (pfn >= lay->pt_pfn && pfn < lay->pt_pfn + lay->nr_pt_frames)
			l1[k] = pte(pfn, L1_RO_FLAGS);
		else
			l1[k] = pte(pfn, L1_FLAGS);
	}
}

void hv_pt_frame(const struct hv_layout *lay, uint32_t i, uint64_t *frame)
{
	uint64_t end = lay->virt_base +
		       ((uint64_t)lay->end_pfn << HV_PAGE_SHIFT);
	struct geometry g;

	memset(frame, 0, PT_ENTRIES * sizeof(*frame));
	geometry(lay->virt_base, end, &g);
	if (i == 0)
		make_l3(lay, &g, frame);
	else if (i <= g.nr_l2)
		make_l2(lay, &g, l2_slot(&g, i - 1), frame);
	else
		make_l1(lay, &g, i - 1 - g.nr_l2, frame);
}
