/* SPDX-License-Identifier: LGPL-2.1 */
/*
 * The pure part of the domain builder: where a 32-bit PV guest's pieces
 * go in its memory and what its first pages hold.  No I/O, no netlink:
 * the pages come out through a callback, which load.c sends to the
 * kernel and the unit tests keep in a buffer.
 *
 * The layout is the one of section 6.2 of the ABI, one virtually
 * contiguous region from VIRT_BASE, with VA = VIRT_BASE + PFN * 4096:
 * kernel image, ramdisk, P2M list, start_info, xenstore page, console
 * page, page tables (L3, L2s, L1s), stack page; then at least 512 KiB
 * more, up to a 4 MiB boundary.  Everything the builder writes names
 * PSEUDO-PHYSICAL frames; the module turns them into machine frames.
 */
#ifndef LIBHV_BUILD_H
#define LIBHV_BUILD_H

#include <stddef.h>
#include <stdint.h>

#include "pvelf.h"
#include "libhv.h"

/* Section 6.2: the slack after the last element, the region's alignment */
#define HV_BUILD_SLACK		(512u << 10)
#define HV_BUILD_ALIGN		(4u << 20)

/* What goes into the guest */
struct hv_build_input {
	const struct hv_elf *elf;	/* from hv_elf_parse() of @kernel */
	const void *kernel;
	const void *ramdisk;
	size_t ramdisk_len;		/* 0: no ramdisk */
	const char *cmdline;		/* NULL: empty */
	uint64_t memory;		/* bytes the domain has */
};

/* Where it goes, in pseudo-physical frame numbers */
struct hv_layout {
	uint32_t virt_base;		/* VA of frame 0 */
	uint32_t nr_pages;		/* frames the domain has */
	uint32_t kernel_pfn;		/* first frame of the image */
	uint32_t ramdisk_pfn;		/* first frame after the image */
	uint32_t p2m_pfn;		/* the ramdisk ends here */
	uint32_t nr_p2m_frames;
	uint32_t start_info_pfn;
	uint32_t store_pfn;
	uint32_t console_pfn;
	uint32_t pt_pfn;		/* the L3, then the L2s, then the L1s */
	uint32_t nr_pt_frames;
	uint32_t stack_pfn;
	uint32_t end_pfn;		/* first frame past the mapped region */
};

/*
 * hv_build_layout() - place every piece.
 * @why: gets the reason of a refusal, @size > 0 bytes.
 *
 * Return: 0, -EINVAL when the command line is too long, or -ENOSPC when
 * the region does not fit the domain's memory or the space below the
 * hypervisor hole; then @lay is not to be used.
 */
int hv_build_layout(const struct hv_build_input *in, struct hv_layout *lay,
		    char *why, size_t size);

/* The initial vCPU state and frames the module needs (section 6.3) */
void hv_build_boot(const struct hv_build_input *in,
		   const struct hv_layout *lay, struct hv_boot *boot);

/*
 * hv_build_pages() - produce the guest's initial memory.
 * @fn: called with each frame that is not all zero, in increasing frame
 *	order, with its 4096 bytes and @arg; returns 0 to go on, anything
 *	else to stop.  Frames it is not called for stay zero.
 *
 * The P2M list, the hypercall page and the console and xenstore pages are
 * the module's to fill; they are left zero here, as are start_info's
 * shared_info, console_mfn and store_mfn.
 *
 * Return: 0, or the value @fn stopped with.
 */
int hv_build_pages(const struct hv_build_input *in,
		   const struct hv_layout *lay,
		   int (*fn)(uint32_t pfn, const void *page, void *arg),
		   void *arg);

/*
 * hv_pt_count() - page-table frames that map the region @virt_base up to
 * @end (exclusive, both page-aligned, @end at most PV_HOLE_START): one L3,
 * an L2 per GiB touched and always the one for L3 slot 3, an L1 per 2 MiB
 * touched.
 */
uint32_t hv_pt_count(uint32_t virt_base, uint64_t end);

/*
 * hv_pt_frame() - the contents of page-table frame @i of @lay (0 is the
 * L3) as 512 PAE entries, with pseudo-physical frame numbers.
 */
void hv_pt_frame(const struct hv_layout *lay, uint32_t i, uint64_t *frame);

#endif /* LIBHV_BUILD_H */
