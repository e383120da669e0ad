// SPDX-License-Identifier: LGPL-2.1
/*
 * The initial memory of a 32-bit PV guest, frame by frame: the kernel
 * image, the ramdisk, start_info and the bootstrap page tables, placed
 * as layout.c decided.  Frames that would be all zero are not produced:
 * the module gives a domain zeroed memory, so they need not be sent.
 */
#include <assert.h>
#include <string.h>

#include "build.h"

/* Section 4.4: the i386 layout, which the header's types give on x86-64 */
static_assert(sizeof(struct pv_start_info) == 1112, "start_info layout");

#define FRAME_WORDS	(HV_PAGE_SIZE / sizeof(uint64_t))

/* One run of hv_build_pages() */
struct stream {
	const struct hv_build_input *in;
	const struct hv_layout *lay;
	int (*fn)(uint32_t pfn, const void *page, void *arg);
	void *arg;
	/* The frame being made; uint64_t for the page-table entries */
	uint64_t frame[FRAME_WORDS];
};

static int emit(struct stream *s, uint32_t pfn)
{
	size_t i;

	for (i = 0; i < FRAME_WORDS; i++)
		if (s->frame[i])
			return s->fn(pfn, s->frame, s->arg);
	return 0;
}

static uint32_t pfn_va(const struct hv_layout *lay, uint32_t pfn)
{
	return lay->virt_base + (pfn << HV_PAGE_SHIFT);
}

/* Copy into the frame at @va what the segments have for it from the file */
static void fill_kernel_frame(struct stream *s, uint64_t va)
{
	const struct hv_elf *elf = s->in->elf;
	const unsigned char *file = s->in->kernel;
	unsigned char *frame = (unsigned char *)s->frame;
	const struct hv_elf_seg *seg;
	uint64_t lo, hi;
	unsigned int i;

	memset(s->frame, 0, sizeof(s->frame));
	for (i = 0; i < elf->nr_segs; i++) {
		seg = &elf->segs[i];
		/* Past filesz the segment is zero, as the frame already is. */
		lo = seg->va > va ? seg->va : va;
		hi = (uint64_t)seg->va + seg->filesz;
		if (hi > va + HV_PAGE_SIZE)
			hi = va + HV_PAGE_SIZE;
		if (lo < hi)
			memcpy(frame + (lo - va),
			       file + seg->offset + (lo - seg->va), hi - lo);
	}
	hv_elf_symtab_fill(elf, file, va, frame);
}

static int kernel_frames(struct stream *s)
{
	const struct hv_layout *lay = s->lay;
	uint32_t pfn;
	int err;

	for (pfn = lay->kernel_pfn; pfn < lay->ramdisk_pfn; pfn++) {
		fill_kernel_frame(s, pfn_va(lay, pfn));
		err = emit(s, pfn);
		if (err)
			return err;
	}
	return 0;
}

static int ramdisk_frames(struct stream *s)
{
	const unsigned char *ramdisk = s->in->ramdisk;
	const struct hv_layout *lay = s->lay;
	size_t off = 0, n;
	uint32_t pfn;
	int err;

	for (pfn = lay->ramdisk_pfn; pfn < lay->p2m_pfn; pfn++) {
		n = s->in->ramdisk_len - off;
		if (n > HV_PAGE_SIZE)
			n = HV_PAGE_SIZE;
		memset(s->frame, 0, sizeof(s->frame));
		memcpy(s->frame, ramdisk + off, n);
		off += n;
		err = emit(s, pfn);
		if (err)
			return err;
	}
	return 0;
}

/*
 * Section 4.4.  shared_info, console_mfn and store_mfn are machine
 * addresses and frames: the module fills them in.
 */
static int start_info_frame(struct stream *s)
{
	struct pv_start_info *si = (struct pv_start_info *)s->frame;
	const struct hv_layout *lay = s->lay;
	const char *cmdline = s->in->cmdline;

	memset(s->frame, 0, sizeof(s->frame));
	memcpy(si->magic, PV_START_INFO_MAGIC, sizeof(PV_START_INFO_MAGIC));
	si->nr_pages = lay->nr_pages;
	si->pt_base = pfn_va(lay, lay->pt_pfn);
	si->nr_pt_frames = lay->nr_pt_frames;
	si->mfn_list = pfn_va(lay, lay->p2m_pfn);
	if (s->in->ramdisk_len) {
		si->mod_start = pfn_va(lay, lay->ramdisk_pfn);
		si->mod_len = s->in->ramdisk_len;
	}
	/* hv_build_layout() checked that it fits with its NUL. */
	if (cmdline)
		memcpy(si->cmd_line, cmdline, strlen(cmdline));
	return emit(s, lay->start_info_pfn);
}

static int page_table_frames(struct stream *s)
{
	const struct hv_layout *lay = s->lay;
	uint32_t i;
	int err;

	for (i = 0; i < lay->nr_pt_frames; i++) {
		hv_pt_frame(lay, i, s->frame);
		err = emit(s, lay->pt_pfn + i);
		if (err)
			return err;
	}
	return 0;
}

int hv_build_pages(const struct hv_build_input *in,
		   const struct hv_layout *lay,
		   int (*fn)(uint32_t pfn, const void *page, void *arg),
		   void *arg)
{
	struct stream s = { .in = in, .lay = lay, .fn = fn, .arg = arg };
	int err;

	/* In increasing frame order, as the layout has them */
	err = kernel_frames(&s);
	if (!err)
		err = ramdisk_frames(&s);
	if (!err)
		err = start_info_frame(&s);
	if (!err)
		err = page_table_frames(&s);
	return err;
}
