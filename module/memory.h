/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A domain's memory reservation: the host frames that back the guest.
 */
#ifndef _HV_MEMORY_H
#define _HV_MEMORY_H

#include <linux/bitops.h>
#include <linux/mmzone.h>
#include <linux/types.h>

struct page;
struct netlink_ext_ack;

/*
 * The host's memory map is valid (pfn_valid()) a whole subsection at a
 * time: a 2 MiB range, or a whole section if the boot found it.  The
 * domain keeps a bitmap of the subsections its frames lie in, so that
 * "may this machine frame be ours?" is one bit test, and a yes means
 * the frame has a struct page to read.  The domain's frames keep those
 * subsections in the memory map: they are unmovable kernel pages, so
 * memory hot-remove cannot take them offline.
 */
#define HV_SUBSECTION_FRAMES	PAGES_PER_SUBSECTION

struct hv_memory {
	unsigned long nr_frames;
	struct page **frames;		/* index: guest pseudo-physical frame */
	unsigned long nr_subsections;
	unsigned long *subsections;	/* bit: a frame lies in that 2 MiB */
};

/*
 * Whether machine frame @mfn lies in a subsection holding one of the
 * domain's frames: if not, it is not the domain's; if so, its struct
 * page exists.  Guest-world code (noinstr): no instrumented test_bit().
 */
static __always_inline bool hv_memory_near(const struct hv_memory *mem,
					   u64 mfn)
{
	u64 sub = mfn / HV_SUBSECTION_FRAMES;

	return sub < mem->nr_subsections &&
	       arch_test_bit(sub, mem->subsections);
}

int hv_memory_reserve(struct hv_memory *mem, u64 bytes,
		      struct netlink_ext_ack *extack);
void hv_memory_release(struct hv_memory *mem);

#endif /* _HV_MEMORY_H */
