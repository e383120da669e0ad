// SPDX-License-Identifier: LGPL-2.1
/*
 * Where a 32-bit PV guest's pieces go (section 6.2 of the ABI), and the
 * initial vCPU state that follows from it (section 6.3).
 *
 * The number of page-table frames depends on how far the region reaches,
 * which depends on the page tables, which come before the stack and the
 * slack: the two are settled by iterating, as Xen's builder does.
 * Everything is computed in 64 bits and checked against the domain's
 * memory and the hypervisor hole before it is stored in 32.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "build.h"

/* Frames to hold @bytes; a ramdisk's size_t must not wrap here. */
static uint64_t pages(uint64_t bytes)
{
	return (bytes >> HV_PAGE_SHIFT) + !!(bytes % HV_PAGE_SIZE);
}

static uint64_t round_up(uint64_t n, uint64_t align)
{
	return (n + align - 1) / align * align;
}

/* The VA where the region ends when the stack is frame @stack_pfn */
static uint64_t region_end(uint32_t virt_base, uint64_t stack_pfn)
{
	uint64_t stack_top = virt_base + ((stack_pfn + 1) << HV_PAGE_SHIFT);

	return round_up(stack_top + HV_BUILD_SLACK, HV_BUILD_ALIGN);
}

static int too_big(const struct hv_layout *lay, uint64_t end, char *why,
		   size_t size)
{
	if (end > PV_HOLE_START)
		snprintf(why, size,
			 "the guest does not fit between VIRT_BASE 0x%x and the hypervisor hole at 0x%x",
			 lay->virt_base, PV_HOLE_START);
	else
		snprintf(why, size,
			 "the guest needs %llu KiB of memory (kernel, ramdisk, P2M list, page tables, stack and 512 KiB more) but the domain has %u KiB",
			 (unsigned long long)(end - lay->virt_base) >> 10,
			 lay->nr_pages * 4);
	return -ENOSPC;
}

/* The pieces up to the page tables, each on its own frames */
static uint64_t place_data(const struct hv_build_input *in,
			   struct hv_layout *lay)
{
	const struct hv_elf *elf = in->elf;
	uint64_t pfn;

	lay->kernel_pfn = (elf->image_start - elf->virt_base) >> HV_PAGE_SHIFT;
	pfn = pages(elf->image_end - elf->virt_base);
	lay->ramdisk_pfn = pfn;
	pfn += pages(in->ramdisk_len);
	lay->p2m_pfn = pfn;
	lay->nr_p2m_frames = pages((uint64_t)lay->nr_pages * sizeof(uint32_t));
	pfn += lay->nr_p2m_frames;
	lay->start_info_pfn = pfn++;
	lay->store_pfn = pfn++;
	lay->console_pfn = pfn++;
	return pfn;
}

/*
 * Grow the page tables until they map everything up to the end they
 * themselves push out.  hv_pt_count() only grows with the end, so from
 * below this stops at the least count that suffices.
 */
static int place_tables(struct hv_layout *lay, uint64_t pt_pfn, char *why,
			size_t size)
{
	uint64_t end, limit;
	uint32_t nr = 0, need;

	limit = lay->virt_base + ((uint64_t)lay->nr_pages << HV_PAGE_SHIFT);
	/* A huge ramdisk would make the shifts below overflow. */
	if (pt_pfn > PV_HOLE_START >> HV_PAGE_SHIFT)
		return too_big(lay, UINT64_MAX, why, size);
	for (;;) {
		end = region_end(lay->virt_base, pt_pfn + nr);
		if (end > PV_HOLE_START || end > limit)
			return too_big(lay, end, why, size);
		need = hv_pt_count(lay->virt_base, end);
		if (need <= nr)
			break;
		nr = need;
	}
	lay->pt_pfn = pt_pfn;
	lay->nr_pt_frames = nr;
	lay->stack_pfn = pt_pfn + nr;
	lay->end_pfn = (end - lay->virt_base) >> HV_PAGE_SHIFT;
	return 0;
}

int hv_build_layout(const struct hv_build_input *in, struct hv_layout *lay,
		    char *why, size_t size)
{
	size_t cmdline_len = in->cmdline ? strlen(in->cmdline) : 0;

	memset(lay, 0, sizeof(*lay));
	why[0] = '\0';
	if (cmdline_len >= PV_MAX_GUEST_CMDLINE) {
		snprintf(why, size,
			 "the command line has %zu bytes; at most %d fit",
			 cmdline_len, PV_MAX_GUEST_CMDLINE - 1);
		return -EINVAL;
	}
	if (in->memory % HV_PAGE_SIZE || in->memory > HV_MEMORY_MAX) {
		snprintf(why, size,
			 "the domain's memory is not whole pages up to 16 GiB");
		return -EINVAL;
	}
	lay->virt_base = in->elf->virt_base;
	lay->nr_pages = in->memory >> HV_PAGE_SHIFT;
	return place_tables(lay, place_data(in, lay), why, size);
}

void hv_build_boot(const struct hv_build_input *in,
		   const struct hv_layout *lay, struct hv_boot *boot)
{
	uint32_t vb = lay->virt_base;

	boot->entry = in->elf->entry;
	/* The stack grows down from the end of its page. */
	boot->stack = vb + ((lay->stack_pfn + 1) << HV_PAGE_SHIFT);
	boot->start_info = vb + (lay->start_info_pfn << HV_PAGE_SHIFT);
	boot->start_info_pfn = lay->start_info_pfn;
	boot->pt_pfn = lay->pt_pfn;
	boot->nr_pt_frames = lay->nr_pt_frames;
	boot->p2m_pfn = lay->p2m_pfn;
	boot->hypercall_pfn = (in->elf->hypercall_page - vb) >> HV_PAGE_SHIFT;
	boot->console_pfn = lay->console_pfn;
	boot->store_pfn = lay->store_pfn;
}
