// SPDX-License-Identifier: LGPL-2.1
/*
 * The Xen ELF notes of a 32-bit PV kernel (section 6.1 of the ABI): where
 * to enter it, where its hypercall page and VIRT_BASE are, and whether it
 * is a kind of guest hv can run at all.
 *
 * A note is a 12-byte header (namesz, descsz, type), then the owner name
 * and the description, each padded to 4 bytes.  All three sizes come from
 * the image: they are checked, in 64-bit arithmetic, before anything is
 * read.
 */
#include <elf.h>
#include <errno.h>
#include <inttypes.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "internal.h"
#include "pvelf.h"

#define NOTE_BIT(type)		(1U << (type))

enum note_kind {
	NOTE_SKIP,		/* valid, but nothing hv needs */
	NOTE_NUMBER,		/* 4 or 8 bytes, little-endian */
	NOTE_STRING,		/* NUL-terminated */
};

struct note_type {
	const char *name;
	enum note_kind kind;
};

static const struct note_type note_types[] = {
	[PV_ELFNOTE_INFO]		= { "INFO", NOTE_SKIP },
	[PV_ELFNOTE_ENTRY]		= { "ENTRY", NOTE_NUMBER },
	[PV_ELFNOTE_HYPERCALL_PAGE]	= { "HYPERCALL_PAGE", NOTE_NUMBER },
	[PV_ELFNOTE_VIRT_BASE]		= { "VIRT_BASE", NOTE_NUMBER },
	[PV_ELFNOTE_PADDR_OFFSET]	= { "PADDR_OFFSET", NOTE_NUMBER },
	[PV_ELFNOTE_XEN_VERSION]	= { "XEN_VERSION", NOTE_STRING },
	[PV_ELFNOTE_GUEST_OS]		= { "GUEST_OS", NOTE_STRING },
	[PV_ELFNOTE_GUEST_VERSION]	= { "GUEST_VERSION", NOTE_SKIP },
	[PV_ELFNOTE_LOADER]		= { "LOADER", NOTE_STRING },
	[PV_ELFNOTE_PAE_MODE]		= { "PAE_MODE", NOTE_STRING },
	[PV_ELFNOTE_FEATURES]		= { "FEATURES", NOTE_STRING },
	[PV_ELFNOTE_BSD_SYMTAB]		= { "BSD_SYMTAB", NOTE_SKIP },
};

/* One note, pointing into the segment */
struct note {
	uint32_t type;
	const char *name;
	uint32_t namesz;
	const unsigned char *desc;
	uint32_t descsz;
};

static uint64_t align4(uint64_t n)
{
	return (n + 3) & ~3ULL;
}

/*
 * Read the note at *@off of the @len bytes at @data and move *@off past
 * it.  The description of the last note may end without its padding.
 */
static int next_note(const unsigned char *data, size_t len, size_t *off,
		     struct note *n, char *why, size_t size)
{
	uint64_t name_off, desc_off, end;
	Elf32_Nhdr h;

	if (len - *off < sizeof(h))
		return hv_elf_refuse(why, size,
				     "note at byte %zu of a note segment: truncated header",
				     *off);
	memcpy(&h, data + *off, sizeof(h));
	name_off = *off + sizeof(h);
	desc_off = name_off + align4(h.n_namesz);
	end = desc_off + h.n_descsz;
	if (desc_off > len || end > len)
		return hv_elf_refuse(why, size,
				     "note at byte %zu of a note segment: its sizes (name %u, description %u) overrun the segment",
				     *off, h.n_namesz, h.n_descsz);
	n->type = h.n_type;
	n->name = (const char *)data + name_off;
	n->namesz = h.n_namesz;
	n->desc = data + desc_off;
	n->descsz = h.n_descsz;
	*off = align4(end) < len ? align4(end) : len;
	return 0;
}

/* The owner name includes its NUL: "Xen" is namesz 4. */
static bool owner_is_xen(const struct note *n)
{
	return n->namesz == 4 && !memcmp(n->name, "Xen", 4);
}

static int read_number(const struct note *n, uint32_t *val, char *why,
		       size_t size)
{
	const char *name = note_types[n->type].name;
	uint64_t v64;
	uint32_t v32;

	if (n->descsz == sizeof(v32)) {
		memcpy(&v32, n->desc, sizeof(v32));
		*val = v32;
		return 0;
	}
	if (n->descsz != sizeof(v64))
		return hv_elf_refuse(why, size,
				     "Xen note %s has %u bytes, want 4 or 8",
				     name, n->descsz);
	memcpy(&v64, n->desc, sizeof(v64));
	if (v64 > UINT32_MAX)
		return hv_elf_refuse(why, size,
				     "Xen note %s is 0x%" PRIx64 ", beyond the 32-bit address space",
				     name, v64);
	*val = v64;
	return 0;
}

static int read_string(const struct note *n, const char **val, char *why,
		       size_t size)
{
	if (!memchr(n->desc, '\0', n->descsz))
		return hv_elf_refuse(why, size,
				     "Xen note %s is not a NUL-terminated string",
				     note_types[n->type].name);
	*val = (const char *)n->desc;
	return 0;
}

/* Where the value of a note goes in @notes */
static void *note_field(struct hv_elf_notes *notes, uint32_t type)
{
	switch (type) {
	case PV_ELFNOTE_ENTRY:
		return &notes->entry;
	case PV_ELFNOTE_HYPERCALL_PAGE:
		return &notes->hypercall_page;
	case PV_ELFNOTE_VIRT_BASE:
		return &notes->virt_base;
	case PV_ELFNOTE_PADDR_OFFSET:
		return &notes->paddr_offset;
	case PV_ELFNOTE_XEN_VERSION:
		return &notes->xen_version;
	case PV_ELFNOTE_GUEST_OS:
		return &notes->guest_os;
	case PV_ELFNOTE_LOADER:
		return &notes->loader;
	case PV_ELFNOTE_PAE_MODE:
		return &notes->pae_mode;
	case PV_ELFNOTE_FEATURES:
		return &notes->features;
	default:
		return NULL;	/* not reached: every note read has a field */
	}
}

static int xen_note(const struct note *n, struct hv_elf_notes *notes,
		    char *why, size_t size)
{
	const struct note_type *t;

	/* Newer notes (HV_START_LOW, INIT_P2M, ...) ask nothing of a domU. */
	if (n->type >= ARRAY_SIZE(note_types))
		return 0;
	t = &note_types[n->type];
	/* Two different answers to one question: trust neither */
	if (notes->seen & NOTE_BIT(n->type))
		return hv_elf_refuse(why, size, "Xen note %s given twice",
				     t->name);
	notes->seen |= NOTE_BIT(n->type);

	switch (t->kind) {
	case NOTE_NUMBER:
		return read_number(n, note_field(notes, n->type), why, size);
	case NOTE_STRING:
		return read_string(n, note_field(notes, n->type), why, size);
	default:
		return 0;
	}
}

int hv_elf_notes(const void *data, size_t len, struct hv_elf_notes *notes,
		 char *why, size_t size)
{
	size_t off = 0;
	struct note n;
	int err;

	while (off < len) {
		err = next_note(data, len, &off, &n, why, size);
		if (!err && owner_is_xen(&n))
			err = xen_note(&n, notes, why, size);
		if (err)
			return err;
	}
	return 0;
}

/* "yes[extended-cr3]" is how older kernels say "yes". */
static bool pae_ok(const char *mode)
{
	return !strcmp(mode, "yes") || !strcmp(mode, "bimodal") ||
	       !strcmp(mode, "yes[extended-cr3]");
}

static int check_abi(const struct hv_elf_notes *notes, char *why,
		     size_t size)
{
	if (!notes->seen)
		return hv_elf_refuse(why, size,
				     "no Xen ELF notes: not a Xen PV kernel");
	if (!notes->xen_version)
		return hv_elf_refuse(why, size, "no Xen note XEN_VERSION");
	if (strncmp(notes->xen_version, "xen-3.0", 7))
		return hv_elf_refuse(why, size,
				     "Xen note XEN_VERSION is \"%.40s\": hv serves the xen-3.0 ABI only",
				     notes->xen_version);
	if (!notes->pae_mode)
		return hv_elf_refuse(why, size,
				     "no Xen note PAE_MODE: the kernel is not built for PAE, and hv runs PAE guests only");
	if (!pae_ok(notes->pae_mode))
		return hv_elf_refuse(why, size,
				     "Xen note PAE_MODE is \"%.40s\": hv runs PAE guests only (want \"yes\" or \"bimodal\")",
				     notes->pae_mode);
	return 0;
}

/* Xen's rule: only Linux may ask for a loader of its own. */
static int check_loader(const struct hv_elf_notes *notes, char *why,
			size_t size)
{
	if (notes->guest_os && !strcmp(notes->guest_os, "linux"))
		return 0;
	if (!notes->loader)
		return hv_elf_refuse(why, size,
				     "no Xen note LOADER: want \"generic\" for a guest that is not Linux");
	if (strcmp(notes->loader, "generic"))
		return hv_elf_refuse(why, size,
				     "Xen note LOADER is \"%.40s\": want \"generic\" for a guest that is not Linux",
				     notes->loader);
	return 0;
}

static int check_addresses(const struct hv_elf_notes *notes, char *why,
			   size_t size)
{
	uint32_t seen = notes->seen;

	if ((seen & NOTE_BIT(PV_ELFNOTE_PADDR_OFFSET)) &&
	    !(seen & NOTE_BIT(PV_ELFNOTE_VIRT_BASE)))
		return hv_elf_refuse(why, size,
				     "Xen note PADDR_OFFSET without VIRT_BASE");
	if (notes->virt_base % HV_PAGE_SIZE)
		return hv_elf_refuse(why, size,
				     "Xen note VIRT_BASE 0x%x is not page-aligned",
				     notes->virt_base);
	if (notes->virt_base >= PV_HOLE_START)
		return hv_elf_refuse(why, size,
				     "Xen note VIRT_BASE 0x%x is in the hypervisor hole",
				     notes->virt_base);
	if (!(seen & NOTE_BIT(PV_ELFNOTE_HYPERCALL_PAGE)))
		return hv_elf_refuse(why, size,
				     "no Xen note HYPERCALL_PAGE: hv needs to know where the hypercall page goes");
	return 0;
}

int hv_elf_check_notes(const struct hv_elf_notes *notes, char *why,
		       size_t size)
{
	int err;

	err = check_abi(notes, why, size);
	if (!err)
		err = check_loader(notes, why, size);
	if (!err)
		err = check_addresses(notes, why, size);
	return err;
}
