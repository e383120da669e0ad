/* SPDX-License-Identifier: GPL-2.0 */
/*
 * module/frames_env.h for the unit tests: the same accessors over a fake
 * domain.  The Makefile forces this header in ahead of module/frames.c,
 * and its include guard is the one of module/frames_env.h, so the
 * kernel's version, when frames.c includes it, comes out empty.
 *
 * The fake domain: nr_frames frames of 4 KiB, machine frame = guest frame
 * + mfn_offset (never equal, so that a frame number used as the other
 * kind names no frame of the domain), an optional shared_info machine
 * frame outside the domain, and a physical address width the test sets.
 */
#ifndef _HV_FRAMES_ENV_H
#define _HV_FRAMES_ENV_H

#include <asm/page.h>
#include <linux/bits.h>
#include <linux/bug.h>
#include <linux/errno.h>
#include <linux/types.h>

#include "frames.h"

#define HV_FAKE_MFN_OFFSET	0x40000	/* the default mfn_offset */
#define HV_FAKE_PHYS_BITS	46	/* the default hv_fake_phys_bits */
#define HV_FAKE_RAM_END		BIT_ULL(36)	/* the default hv_fake_ram_end */

struct hv_dom {
	u32 nr_frames;
	u64 mfn_offset;			/* machine frame = pfn + this */
	struct hv_frame *ft;		/* the frame table, per pfn */
	u64 (*mem)[PAGE_SIZE / 8];	/* the frames, 512 entries each */
	bool shared_info;		/* it has one */
	u64 shared_info_mfn;
};

/* What hv_phys_bits() and hv_ram_end() answer; any domain. */
extern unsigned int hv_fake_phys_bits;
extern u64 hv_fake_ram_end;

/* Calls of hv_m2p_install() and hv_m2p_remove() so far. */
extern unsigned int hv_fake_m2p_installs, hv_fake_m2p_removes;

struct hv_dom *hv_fake_domain_create(u32 nr_frames);
void hv_fake_domain_free(struct hv_dom *d);

/* What hv_m2p_install() writes into hole slot @i (0..83) of an L2. */
static inline u64 hv_fake_hole_entry(unsigned int i)
{
	return (0xfee00ULL + i) << PAGE_SHIFT | PV_PTE_P | PV_PTE_A;
}

/* As m2p.c: fill the hole slots of a new slot-3 L2, or empty them. */
void hv_m2p_install(struct hv_dom *d, u64 *l2);
void hv_m2p_remove(u64 *l2);

/*
 * As paging.c: a table entry changed (slot ~0: the whole table stopped
 * being one).  The fake counts the calls and keeps the last.
 */
struct hv_fake_changed {
	unsigned int calls;
	u8 type;
	u32 pfn;
	unsigned int slot;
	bool unwatched;		/* hv_kstack_watches() says no */
};

extern struct hv_fake_changed hv_fake_changed;
void hv_kstack_table_changed(struct hv_dom *d, u8 type, u32 pfn,
			     unsigned int slot);

static inline bool hv_kstack_watches(struct hv_dom *d, u32 pfn)
{
	return !hv_fake_changed.unwatched;
}

/* frames.c asks only for frames of the domain, or the test is void */
static inline void hv_fake_check_pfn(struct hv_dom *d, u32 pfn)
{
	if (pfn >= d->nr_frames)
		kshim_die(__FILE__, __LINE__, "a frame outside the domain");
}

static inline struct hv_frame *hv_ft(struct hv_dom *d, u32 pfn)
{
	hv_fake_check_pfn(d, pfn);
	return &d->ft[pfn];
}

static inline u64 *hv_table(struct hv_dom *d, u32 pfn)
{
	hv_fake_check_pfn(d, pfn);
	return d->mem[pfn];
}

static inline int hv_target(struct hv_dom *d, u64 e, u32 *pfn)
{
	u64 mfn = (e & PV_PTE_ADDR) >> PAGE_SHIFT;

	if (mfn < d->mfn_offset || mfn - d->mfn_offset >= d->nr_frames)
		return -EPERM;
	*pfn = mfn - d->mfn_offset;
	return 0;
}

static inline bool hv_is_shared_page(struct hv_dom *d, u64 e)
{
	return d->shared_info &&
	       (e & PV_PTE_ADDR) >> PAGE_SHIFT == d->shared_info_mfn;
}

/* A back end's write hold: the test sets the count itself. */
static inline bool hv_frame_backend_writes(struct hv_dom *d, u32 pfn)
{
	hv_fake_check_pfn(d, pfn);
	return d->ft[pfn].gnt_writers.counter;
}

static inline unsigned int hv_phys_bits(void)
{
	return hv_fake_phys_bits;
}

static inline u64 hv_ram_end(void)
{
	return hv_fake_ram_end;
}

#endif /* _HV_FRAMES_ENV_H */
