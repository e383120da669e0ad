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
#define _GNU_SOURCE	/* memmem() */
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
	NOTE_STRING,		/* up to a NUL or the note's end */
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
	[PV_ELFNOTE_BSD_SYMTAB]		= { "BSD_SYMTAB", NOTE_STRING },
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

/*
 * Xen reads a string note up to its NUL and does not insist on one (some
 * kernels' notes have none, their length is the note's); so the string
 * ends at the first NUL or at the note's end, never beyond.
 */
static int read_string(const struct note *n, struct hv_note_str *val)
{
	val->s = (const char *)n->desc;
	val->len = strnlen(val->s, n->descsz);
	return 0;
}

bool hv_note_is(const struct hv_note_str *n, const char *want)
{
	return n->s && n->len == strlen(want) && !memcmp(n->s, want, n->len);
}

static bool note_has(const struct hv_note_str *n, const char *part)
{
	return n->s && memmem(n->s, n->len, part, strlen(part));
}

/* At most 40 bytes of a note, for "%.*s" in a refusal */
static int quote_len(const struct hv_note_str *n)
{
	return n->len < 40 ? n->len : 40;
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
	case PV_ELFNOTE_BSD_SYMTAB:
		return &notes->bsd_symtab;
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
		return read_string(n, note_field(notes, n->type));
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

/*
 * Xen's rule: "yes", or anything with "bimodal" in it ("bimodal",
 * "yes,bimodal"); "yes[extended-cr3]" is how older kernels say "yes".
 */
static bool pae_ok(const struct hv_note_str *mode)
{
	return hv_note_is(mode, "yes") || hv_note_is(mode, "yes[extended-cr3]") ||
	       note_has(mode, "bimodal");
}

static int check_abi(const struct hv_elf_notes *notes, char *why,
		     size_t size)
{
	if (!notes->seen)
		return hv_elf_refuse(why, size,
				     "no Xen ELF notes: not a Xen PV kernel");
	const struct hv_note_str *ver = &notes->xen_version;
	const struct hv_note_str *pae = &notes->pae_mode;

	if (!ver->s)
		return hv_elf_refuse(why, size, "no Xen note XEN_VERSION");
	if (ver->len < 7 || memcmp(ver->s, "xen-3.0", 7))
		return hv_elf_refuse(why, size,
				     "Xen note XEN_VERSION is \"%.*s\": hv serves the xen-3.0 ABI only",
				     quote_len(ver), ver->s);
	if (!pae->s)
		return hv_elf_refuse(why, size,
				     "no Xen note PAE_MODE: the kernel is not built for PAE, and hv runs PAE guests only");
	if (!pae_ok(pae))
		return hv_elf_refuse(why, size,
				     "Xen note PAE_MODE is \"%.*s\": hv runs PAE guests only (want \"yes\" or \"bimodal\")",
				     quote_len(pae), pae->s);
	return 0;
}

/* Xen's rule: only Linux may ask for a loader of its own. */
static int check_loader(const struct hv_elf_notes *notes, char *why,
			size_t size)
{
	const struct hv_note_str *loader = &notes->loader;

	if (hv_note_is(&notes->guest_os, "linux"))
		return 0;
	if (!loader->s)
		return hv_elf_refuse(why, size,
				     "no Xen note LOADER: want \"generic\" for a guest that is not Linux");
	if (!hv_note_is(loader, "generic"))
		return hv_elf_refuse(why, size,
				     "Xen note LOADER is \"%.*s\": want \"generic\" for a guest that is not Linux",
				     quote_len(loader), loader->s);
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
