// SPDX-License-Identifier: LGPL-2.1
/*
 * Reading a 32-bit Xen PV kernel image: its ELF header, its program
 * headers and where its PT_LOAD segments go (section 6.1 of the ABI).
 *
 * The image is hostile: every offset and size in it is checked against
 * the file, in 64-bit arithmetic so that nothing wraps, before it is
 * used; headers are copied out with memcpy() since nothing in the file
 * need be aligned.  The host is x86-64, little-endian like the image.
 */
#include <elf.h>
#include <errno.h>
#include <inttypes.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "pvelf.h"

/* The image being read, and where a refusal says why */
struct reader {
	const unsigned char *image;
	size_t len;
	struct hv_elf *elf;
	char *why;
	size_t size;
};

void hv_elf_printable(char *why)
{
	/* Quoted strings of the image end up on a terminal. */
	for (; *why; why++)
		if ((unsigned char)*why < ' ' || (unsigned char)*why >= 0x7f)
			*why = '?';
}

static int check_ident(const struct reader *r, const Elf32_Ehdr *eh)
{
	if (memcmp(eh->e_ident, ELFMAG, SELFMAG))
		return hv_elf_refuse(r->why, r->size, "not an ELF file");
	if (eh->e_ident[EI_CLASS] != ELFCLASS32)
		return hv_elf_refuse(r->why, r->size,
				     "not a 32-bit ELF file: hv runs 32-bit PV guests only");
	if (eh->e_ident[EI_DATA] != ELFDATA2LSB)
		return hv_elf_refuse(r->why, r->size,
				     "not a little-endian ELF file");
	if (eh->e_ident[EI_VERSION] != EV_CURRENT)
		return hv_elf_refuse(r->why, r->size,
				     "unknown ELF version %u",
				     eh->e_ident[EI_VERSION]);
	return 0;
}

static int check_header(const struct reader *r, Elf32_Ehdr *eh)
{
	uint64_t end;
	int err;

	if (r->len < sizeof(*eh))
		return hv_elf_refuse(r->why, r->size,
				     "truncated ELF header: %zu bytes, want %zu",
				     r->len, sizeof(*eh));
	memcpy(eh, r->image, sizeof(*eh));
	err = check_ident(r, eh);
	if (err)
		return err;
	if (eh->e_type != ET_EXEC)
		return hv_elf_refuse(r->why, r->size,
				     "ELF type %u, want an executable (ET_EXEC)",
				     eh->e_type);
	if (eh->e_machine != EM_386)
		return hv_elf_refuse(r->why, r->size,
				     "ELF machine %u, want i386 (EM_386)",
				     eh->e_machine);
	if (eh->e_phentsize != sizeof(Elf32_Phdr))
		return hv_elf_refuse(r->why, r->size,
				     "program header size %u, want %zu",
				     eh->e_phentsize, sizeof(Elf32_Phdr));
	if (!eh->e_phnum || eh->e_phnum > HV_ELF_MAX_PHDRS)
		return hv_elf_refuse(r->why, r->size,
				     "%u program headers, want 1 to %d",
				     eh->e_phnum, HV_ELF_MAX_PHDRS);
	end = (uint64_t)eh->e_phoff + (uint64_t)eh->e_phnum * eh->e_phentsize;
	if (end > r->len)
		return hv_elf_refuse(r->why, r->size,
				     "program headers end at byte %" PRIu64 ", past the end of the file (%zu bytes)",
				     end, r->len);
	return 0;
}

static void get_phdr(const struct reader *r, const Elf32_Ehdr *eh,
		     unsigned int i, Elf32_Phdr *ph)
{
	memcpy(ph, r->image + eh->e_phoff + (size_t)i * sizeof(*ph),
	       sizeof(*ph));
}

/* Whether the @filesz bytes at @offset lie within the file */
static bool in_file(const struct reader *r, uint32_t offset, uint32_t filesz)
{
	return (uint64_t)offset + filesz <= r->len;
}

/* The notes come first: VIRT_BASE and PADDR_OFFSET place the segments. */
static int read_notes(struct reader *r, const Elf32_Ehdr *eh)
{
	struct hv_elf_notes *notes = &r->elf->notes;
	Elf32_Phdr ph;
	unsigned int i;
	int err;

	for (i = 0; i < eh->e_phnum; i++) {
		get_phdr(r, eh, i, &ph);
		if (ph.p_type != PT_NOTE)
			continue;
		if (!in_file(r, ph.p_offset, ph.p_filesz))
			return hv_elf_refuse(r->why, r->size,
					     "note segment %u is past the end of the file",
					     i);
		err = hv_elf_notes(r->image + ph.p_offset, ph.p_filesz, notes,
				   r->why, r->size);
		if (err)
			return err;
	}
	return hv_elf_check_notes(notes, r->why, r->size);
}

/* Place one PT_LOAD segment: check it and compute its VA */
static int place_segment(struct reader *r, unsigned int i,
			 const Elf32_Phdr *ph, struct hv_elf_seg *seg)
{
	const struct hv_elf_notes *notes = &r->elf->notes;
	uint64_t va;

	if (ph->p_filesz > ph->p_memsz)
		return hv_elf_refuse(r->why, r->size,
				     "segment %u: file size 0x%x exceeds its memory size 0x%x",
				     i, ph->p_filesz, ph->p_memsz);
	if (!in_file(r, ph->p_offset, ph->p_filesz))
		return hv_elf_refuse(r->why, r->size,
				     "segment %u: its bytes are past the end of the file",
				     i);
	if (ph->p_paddr < notes->paddr_offset)
		return hv_elf_refuse(r->why, r->size,
				     "segment %u: address 0x%x is below PADDR_OFFSET 0x%x",
				     i, ph->p_paddr, notes->paddr_offset);
	va = (uint64_t)ph->p_paddr - notes->paddr_offset + notes->virt_base;
	if (va + ph->p_memsz > PV_HOLE_START)
		return hv_elf_refuse(r->why, r->size,
				     "segment %u: 0x%" PRIx64 "-0x%" PRIx64 " reaches into the hypervisor hole at 0x%x",
				     i, va, va + ph->p_memsz, PV_HOLE_START);
	seg->va = va;
	seg->offset = ph->p_offset;
	seg->filesz = ph->p_filesz;
	seg->memsz = ph->p_memsz;
	return 0;
}

static bool overlap(const struct hv_elf_seg *a, const struct hv_elf_seg *b)
{
	return (uint64_t)a->va < (uint64_t)b->va + b->memsz &&
	       (uint64_t)b->va < (uint64_t)a->va + a->memsz;
}

/* Segments load in any order, so none may write over another. */
static int check_overlaps(const struct reader *r)
{
	const struct hv_elf *elf = r->elf;
	unsigned int i, j;

	for (i = 0; i < elf->nr_segs; i++)
		for (j = i + 1; j < elf->nr_segs; j++)
			if (overlap(&elf->segs[i], &elf->segs[j]))
				return hv_elf_refuse(r->why, r->size,
						     "segments at 0x%x and 0x%x overlap",
						     elf->segs[i].va,
						     elf->segs[j].va);
	return 0;
}

static int read_segments(struct reader *r, const Elf32_Ehdr *eh)
{
	struct hv_elf *elf = r->elf;
	Elf32_Phdr ph;
	unsigned int i;
	int err;

	for (i = 0; i < eh->e_phnum; i++) {
		get_phdr(r, eh, i, &ph);
		/* An empty segment occupies nothing: nothing to load. */
		if (ph.p_type != PT_LOAD || !ph.p_memsz)
			continue;
		if (elf->nr_segs == HV_ELF_MAX_SEGS)
			return hv_elf_refuse(r->why, r->size,
					     "more than %d loadable segments",
					     HV_ELF_MAX_SEGS);
		err = place_segment(r, i, &ph, &elf->segs[elf->nr_segs]);
		if (err)
			return err;
		elf->nr_segs++;
	}
	if (!elf->nr_segs)
		return hv_elf_refuse(r->why, r->size, "no loadable segment");
	return check_overlaps(r);
}

static void image_bounds(struct hv_elf *elf)
{
	const struct hv_elf_seg *seg;
	unsigned int i;

	elf->image_start = UINT32_MAX;
	elf->image_end = 0;
	for (i = 0; i < elf->nr_segs; i++) {
		seg = &elf->segs[i];
		if (seg->va < elf->image_start)
			elf->image_start = seg->va;
		/* place_segment() kept the end below the hole: no wrap */
		if (seg->va + seg->memsz > elf->image_end)
			elf->image_end = seg->va + seg->memsz;
	}
}

/* Entry and hypercall page must be in what is loaded. */
static int check_inside(const struct reader *r, const Elf32_Ehdr *eh)
{
	struct hv_elf *elf = r->elf;
	uint64_t pages_start, pages_end;

	elf->entry = elf->notes.seen & (1U << PV_ELFNOTE_ENTRY) ?
		     elf->notes.entry : eh->e_entry;
	if (elf->entry < elf->image_start || elf->entry >= elf->image_end)
		return hv_elf_refuse(r->why, r->size,
				     "entry point 0x%x is outside the image 0x%x-0x%x",
				     elf->entry, elf->image_start,
				     elf->image_end);
	elf->hypercall_page = elf->notes.hypercall_page;
	if (elf->hypercall_page % HV_PAGE_SIZE)
		return hv_elf_refuse(r->why, r->size,
				     "hypercall page 0x%x is not page-aligned",
				     elf->hypercall_page);
	/* The image's first and last pages are all the guest's. */
	pages_start = elf->image_start & ~(HV_PAGE_SIZE - 1);
	pages_end = ((uint64_t)elf->image_end + HV_PAGE_SIZE - 1) &
		    ~(uint64_t)(HV_PAGE_SIZE - 1);
	/* Both page-aligned: below the end, the whole page is inside. */
	if (elf->hypercall_page < pages_start ||
	    elf->hypercall_page >= pages_end)
		return hv_elf_refuse(r->why, r->size,
				     "hypercall page 0x%x is outside the image 0x%x-0x%x",
				     elf->hypercall_page, elf->image_start,
				     elf->image_end);
	return 0;
}

int hv_elf_parse(const void *image, size_t len, struct hv_elf *elf,
		 char *why, size_t size)
{
	struct reader r = {
		.image = image, .len = len, .elf = elf,
		.why = why, .size = size,
	};
	Elf32_Ehdr eh;
	int err;

	memset(elf, 0, sizeof(*elf));
	why[0] = '\0';
	err = check_header(&r, &eh);
	if (!err)
		err = read_notes(&r, &eh);
	if (!err)
		err = read_segments(&r, &eh);
	if (err)
		return err;
	elf->virt_base = elf->notes.virt_base;
	image_bounds(elf);
	err = check_inside(&r, &eh);
	if (err)
		return err;
	return hv_elf_symtab(image, len, elf, why, size);
}
