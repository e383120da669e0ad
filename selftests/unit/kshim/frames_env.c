// SPDX-License-Identifier: GPL-2.0
/*
 * The fake domain of frames_env.h, and the M2P of the hole as far as
 * frames.c sees it: hv_m2p_install() writes a recognisable entry into each
 * hole slot of the slot-3 L2 (m2p.c writes an entry or zero), and
 * hv_m2p_remove() zeroes them as m2p.c does.
 */
#include <stdlib.h>
#include <string.h>

#include "frames_env.h"

unsigned int hv_fake_phys_bits = HV_FAKE_PHYS_BITS;
u64 hv_fake_ram_end = HV_FAKE_RAM_END;
unsigned int hv_fake_m2p_installs, hv_fake_m2p_removes;

struct hv_dom *hv_fake_domain_create(u32 nr_frames)
{
	struct hv_dom *d = calloc(1, sizeof(*d));

	if (!d)
		return NULL;
	d->nr_frames = nr_frames;
	d->mfn_offset = HV_FAKE_MFN_OFFSET;
	d->ft = calloc(nr_frames, sizeof(*d->ft));
	d->mem = aligned_alloc(PAGE_SIZE, nr_frames * PAGE_SIZE);
	if (!d->ft || !d->mem) {
		hv_fake_domain_free(d);
		return NULL;
	}
	memset(d->mem, 0, nr_frames * PAGE_SIZE);
	return d;
}

void hv_fake_domain_free(struct hv_dom *d)
{
	free(d->mem);
	free(d->ft);
	free(d);
}

void hv_m2p_install(struct hv_dom *d, u64 *l2)
{
	unsigned int i;

	hv_fake_m2p_installs++;
	for (i = HV_HOLE_L2_SLOT; i < 512; i++)
		l2[i] = hv_fake_hole_entry(i - HV_HOLE_L2_SLOT);
}

struct hv_fake_changed hv_fake_changed;

void hv_kstack_table_changed(struct hv_dom *d, u8 type, u32 pfn,
			     unsigned int slot)
{
	hv_fake_changed.calls++;
	hv_fake_changed.type = type;
	hv_fake_changed.pfn = pfn;
	hv_fake_changed.slot = slot;
}

void hv_m2p_remove(u64 *l2)
{
	unsigned int i;

	hv_fake_m2p_removes++;
	for (i = HV_HOLE_L2_SLOT; i < 512; i++)
		l2[i] = 0;
}
