// SPDX-License-Identifier: GPL-2.0
/*
 * Memory reservation: every frame a domain will ever own is allocated when
 * the domain is created, zeroed, and charged to the memory cgroup of the
 * process that asked for it.  This file owns that reservation and nothing
 * else; page types and validation build on it later.
 *
 * Guests see machine frame numbers (the paper's "real" resources), so the
 * frames must never move or be swapped: they are plain unmovable kernel
 * pages, not page cache or anonymous memory.  Each records its guest
 * frame number in page->private, which makes "is this machine frame one
 * of the domain's?" a constant-time question (hv_mfn_to_pfn()), with the
 * bitmap of the 2 MiB ranges the frames lie in (hv_memory_near()).
 */

#include <linux/bitmap.h>
#include <linux/gfp.h>
#include <linux/highmem.h>
#include <linux/mm.h>
#include <linux/sched/signal.h>
#include <linux/slab.h>
#include <linux/vmalloc.h>
#include <net/netlink.h>

#include "memory.h"

/*
 * The M2P table that guests read in the hypervisor hole holds 4-byte entries
 * between 0xF5800000 and 0xFFE00000, so it can describe machine frames below
 * 166 GiB only.  A guest frame above that line would have no M2P entry.
 */
#define HV_MFN_LIMIT	((0xFFE00000UL - 0xF5800000UL) / 4)

/*
 * Creation must fail with ENOMEM rather than push the host into the OOM
 * killer: keep this much of the host's available memory for the host.
 */
static unsigned long hv_host_reserve_pages(void)
{
	return max(totalram_pages() / 16, 16UL << (20 - PAGE_SHIFT));
}

/*
 * __GFP_NORETRY and __GFP_NOWARN: a failed allocation is an answer to the
 * user ("not enough memory"), not an emergency for the host.
 */
#define HV_FRAME_GFP	(GFP_KERNEL_ACCOUNT | __GFP_ZERO | __GFP_NORETRY | \
			 __GFP_NOWARN)

static struct page *hv_alloc_frame(struct list_head *rejects)
{
	struct page *page;

	/*
	 * On hosts with more than 166 GiB the allocator may hand out frames
	 * the M2P cannot describe.  Keep those aside until the reservation is
	 * done, so the allocator does not offer them again.
	 */
	while ((page = alloc_page(HV_FRAME_GFP))) {
		if (page_to_pfn(page) < HV_MFN_LIMIT)
			return page;
		list_add(&page->lru, rejects);
	}
	return NULL;
}

static void hv_free_rejects(struct list_head *rejects)
{
	struct page *page, *tmp;

	list_for_each_entry_safe(page, tmp, rejects, lru) {
		list_del(&page->lru);
		__free_page(page);
	}
}

/*
 * Zero a frame with 8-byte stores, with a chance to reschedule every
 * HV_SCRUB_CHUNK bytes.  Under QEMU TCG the first stores to a page that
 * held a guest's translated code can take milliseconds each (status.rst):
 * clear_page()'s byte stores once spent 26 s on one page, past the
 * soft-lockup watchdog.  WRITE_ONCE() keeps the compiler from making the
 * loop a memset() of byte stores again.
 */
#define HV_SCRUB_CHUNK	512

static void hv_scrub_frame(struct page *page)
{
	u64 *p = kmap_local_page(page);
	unsigned int i;

	for (i = 0; i < PAGE_SIZE / sizeof(*p); i++) {
		WRITE_ONCE(p[i], 0);
		if ((i + 1) % (HV_SCRUB_CHUNK / sizeof(*p)) == 0)
			cond_resched();
	}
	kunmap_local(p);
}

/*
 * Give the frames back to the host, each scrubbed first: what a guest
 * left in its memory is not for the host's next user (Xen scrubs a dead
 * domain's pages too).  The slow first stores of TCG (above) are taken
 * here, a page at a time, not in whichever allocation gets the page
 * next, where the page allocator clears a whole high-order block at
 * once (init_on_alloc) and the watchdog saw hvctl create stuck for 26 s.
 */
static void hv_free_frames(struct page **frames, unsigned long n)
{
	while (n--) {
		hv_scrub_frame(frames[n]);
		set_page_private(frames[n], 0);
		__free_page(frames[n]);
	}
}

/*
 * The bitmap of hv_memory_near(), once every frame is there.  Two passes
 * over the frame list: a chance to reschedule every HV_SUBSECTION_FRAMES
 * frames (a 16 GiB domain has 4M of them).
 */
static int hv_memory_map_subsections(struct hv_memory *mem)
{
	unsigned long i, last = 0, n;

	for (i = 0; i < mem->nr_frames; i++) {
		last = max(last, page_to_pfn(mem->frames[i]));
		if (i % HV_SUBSECTION_FRAMES == 0)
			cond_resched();
	}
	n = last / HV_SUBSECTION_FRAMES + 1;
	mem->subsections = bitmap_zalloc(n, GFP_KERNEL_ACCOUNT);
	if (!mem->subsections)
		return -ENOMEM;
	for (i = 0; i < mem->nr_frames; i++) {
		__set_bit(page_to_pfn(mem->frames[i]) / HV_SUBSECTION_FRAMES,
			  mem->subsections);
		if (i % HV_SUBSECTION_FRAMES == 0)
			cond_resched();
	}
	mem->nr_subsections = n;
	return 0;
}

int hv_memory_reserve(struct hv_memory *mem, u64 bytes,
		      struct netlink_ext_ack *extack)
{
	unsigned long nr = bytes >> PAGE_SHIFT, i;
	long avail = si_mem_available() - hv_host_reserve_pages();
	LIST_HEAD(rejects);
	int err = -ENOMEM;

	if (avail < 0 || nr > avail) {
		NL_SET_ERR_MSG_MOD(extack,
				   "not enough free host memory for this domain");
		return -ENOMEM;
	}

	mem->frames = kvcalloc(nr, sizeof(*mem->frames), GFP_KERNEL_ACCOUNT);
	if (!mem->frames) {
		NL_SET_ERR_MSG_MOD(extack, "cannot allocate the frame list");
		return -ENOMEM;
	}

	for (i = 0; i < nr; i++) {
		if (fatal_signal_pending(current)) {
			NL_SET_ERR_MSG_MOD(extack, "interrupted by a signal");
			err = -EINTR;
			goto err_free;
		}
		mem->frames[i] = hv_alloc_frame(&rejects);
		if (mem->frames[i])
			set_page_private(mem->frames[i], i);
		if (!mem->frames[i]) {
			NL_SET_ERR_MSG_MOD(extack,
					   "out of memory reserving guest frames (host or memory cgroup limit)");
			goto err_free;
		}
		cond_resched();
	}
	hv_free_rejects(&rejects);
	mem->nr_frames = nr;
	if (hv_memory_map_subsections(mem)) {
		NL_SET_ERR_MSG_MOD(extack, "cannot allocate the frame map");
		err = -ENOMEM;
		goto err_free;
	}
	return 0;

err_free:
	hv_free_rejects(&rejects);
	hv_free_frames(mem->frames, i);
	mem->nr_frames = 0;
	kvfree(mem->frames);
	mem->frames = NULL;
	return err;
}

void hv_memory_release(struct hv_memory *mem)
{
	bitmap_free(mem->subsections);
	mem->subsections = NULL;
	mem->nr_subsections = 0;
	hv_free_frames(mem->frames, mem->nr_frames);
	kvfree(mem->frames);
	mem->frames = NULL;
	mem->nr_frames = 0;
}
