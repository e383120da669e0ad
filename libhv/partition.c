// SPDX-License-Identifier: LGPL-2.1
/*
 * Listing the partitions of a disk image, for hv_disk_boot_files(), as
 * Xen's pygrub does before it looks for a kernel: an MBR's four primary
 * partitions, the active one first, or a GPT's behind a protective MBR.
 *
 * What a table is follows Linux's block/partitions/ (msdos.c, efi.c),
 * since the guest's kernel must see the same partitions for its root=:
 * an MBR with a boot flag other than 0 or 0x80 is a boot sector, not a
 * table; any entry of type 0xEE makes the disk GPT; partitions are
 * numbered by their slot.  Linux skips an entry that lies past the end
 * of the disk; here the whole table is refused instead, with the reason,
 * since an image cut short is better named than half booted.  The
 * primary GPT is read, never the backup at the end of the disk, and its
 * entries may be 128 to 4096 bytes, a multiple of 8 (Linux: 128 only).
 *
 * The table is the guest's and hostile: every number is checked against
 * the image's length in 64-bit arithmetic that cannot wrap, and the work
 * is bounded by PART_MAX entries.  Checksums are checked here, unlike
 * ext4.c's, because GPT says a table with a bad one is not a table.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <string.h>
#include <zlib.h>

#include "le.h"
#include "partition.h"

/* The MBR, sector 0: four 16-byte entries, then 0x55 0xAA */
#define MBR_ENTRIES_AT		446
#define MBR_ENTRY_LEN		16
#define MBR_ENTRIES		4
#define MBR_SIG_AT		510
#define MBR_BOOT		0x00	/* 0x80: active */
#define MBR_TYPE		0x04
#define MBR_START		0x08	/* in sectors */
#define MBR_SECTORS		0x0c
#define MBR_ACTIVE		0x80

#define TYPE_EMPTY		0x00
#define TYPE_EXTENDED		0x05
#define TYPE_EXTENDED_LBA	0x0f
#define TYPE_LINUX_EXTENDED	0x85
#define TYPE_GPT		0xee

/* The GPT header, at sector 1 */
#define GPT_LBA			1
#define GPT_SIG			"EFI PART"
#define GPT_SIG_LEN		8
#define GPT_HDR_SIZE		12
#define GPT_HDR_CRC		16
#define GPT_MY_LBA		24
#define GPT_ENTRIES_LBA		72
#define GPT_NUM_ENTRIES		80
#define GPT_ENTRY_SIZE		84
#define GPT_ENTRIES_CRC		88
#define GPT_HDR_MIN		92
#define GPT_ENTRY_MIN		128
#define GPT_ENTRY_MAX		4096

/* A GPT entry */
#define GPTE_TYPE		0
#define GPTE_TYPE_LEN		16
#define GPTE_FIRST		32
#define GPTE_LAST		40	/* inclusive */
#define GPTE_ATTRS		48
#define GPTE_LEGACY_BOOT	0x4ULL	/* bit 2: legacy BIOS bootable */

/* Where a GPT's entries are, from its header */
struct gpt {
	const unsigned char *entries;
	uint32_t count;
	uint32_t size;
};

static int fail(const char **why, int err, const char *reason)
{
	*why = reason;
	return err;
}

/* Tables are read twice: pass 0 takes the bootable partitions, 1 the rest */
static bool in_pass(bool boot, int pass)
{
	return boot == !pass;
}

/*
 * Add @count sectors from @first as partition @number, unless it starts
 * at sector 0: that is the whole image, which the caller reads first
 * (pygrub too takes such an entry for an unused one).
 * Return: 0, or -EINVAL if it does not lie inside the image.
 */
static int add(struct part_table *t, size_t len, uint64_t first,
	       uint64_t count, uint32_t number)
{
	uint64_t sectors = len / PART_SECTOR;
	struct part *p;

	if (first >= sectors || count > sectors - first)
		return -EINVAL;
	if (!first)
		return 0;
	p = &t->parts[t->count++];
	p->off = first * PART_SECTOR;
	p->len = count * PART_SECTOR;
	p->number = number;
	return 0;
}

static const unsigned char *mbr_entry(const unsigned char *img, int i)
{
	return img + MBR_ENTRIES_AT + i * MBR_ENTRY_LEN;
}

/* Whether the MBR entry @e is one to look into */
static bool mbr_used(const unsigned char *e)
{
	switch (e[MBR_TYPE]) {
	case TYPE_EMPTY:
	case TYPE_EXTENDED:
	case TYPE_EXTENDED_LBA:
	case TYPE_LINUX_EXTENDED:
		return false;
	}
	return le32(e + MBR_SECTORS);
}

static int mbr_list(const unsigned char *img, size_t len,
		    struct part_table *t, const char **why)
{
	const unsigned char *e;
	int pass, i;

	for (pass = 0; pass < 2; pass++) {
		for (i = 0; i < MBR_ENTRIES; i++) {
			e = mbr_entry(img, i);
			if (!mbr_used(e) ||
			    !in_pass(e[MBR_BOOT] == MBR_ACTIVE, pass))
				continue;
			if (add(t, len, le32(e + MBR_START),
				le32(e + MBR_SECTORS), i + 1))
				return fail(why, -EINVAL,
					    "MBR: a partition past the end of the image");
		}
	}
	if (!t->count)
		return fail(why, -EINVAL,
			    "MBR: no primary partition (logical ones are not read)");
	return 0;
}

/* The CRC32 of the GPT header's @size bytes, its own CRC taken as 0 */
static uint32_t gpt_header_crc(const unsigned char *h, uint32_t size)
{
	static const unsigned char zero[4];
	uLong crc;

	crc = crc32(0, h, GPT_HDR_CRC);
	crc = crc32(crc, zero, sizeof(zero));
	return crc32(crc, h + GPT_HDR_CRC + sizeof(zero),
		     size - GPT_HDR_CRC - sizeof(zero));
}

static int gpt_header(const unsigned char *img, size_t len, struct gpt *g,
		      const char **why)
{
	const unsigned char *h = img + GPT_LBA * PART_SECTOR;
	uint32_t size;

	if (len < (GPT_LBA + 1) * PART_SECTOR ||
	    memcmp(h, GPT_SIG, GPT_SIG_LEN))
		return fail(why, -EINVAL,
			    "GPT: a protective MBR but no GPT header");
	size = le32(h + GPT_HDR_SIZE);
	if (size < GPT_HDR_MIN || size > PART_SECTOR)
		return fail(why, -EINVAL, "GPT: bad header size");
	if (gpt_header_crc(h, size) != le32(h + GPT_HDR_CRC))
		return fail(why, -EINVAL, "GPT: bad header CRC");
	if (le64(h + GPT_MY_LBA) != GPT_LBA)
		return fail(why, -EINVAL, "GPT: the header is not at sector 1");
	g->count = le32(h + GPT_NUM_ENTRIES);
	g->size = le32(h + GPT_ENTRY_SIZE);
	if (g->size < GPT_ENTRY_MIN || g->size % 8 || g->size > GPT_ENTRY_MAX)
		return fail(why, -EINVAL, "GPT: bad entry size");
	if (g->count > PART_MAX)
		return fail(why, -EINVAL, "GPT: over 1024 entries");
	return 0;
}

/* The entries the header @h points at, inside the image, and their CRC */
static int gpt_entries(const unsigned char *img, size_t len, struct gpt *g,
		       const char **why)
{
	const unsigned char *h = img + GPT_LBA * PART_SECTOR;
	uint64_t lba = le64(h + GPT_ENTRIES_LBA);
	/* At most PART_MAX * GPT_ENTRY_MAX: 4 MiB */
	uint64_t bytes = (uint64_t)g->count * g->size;

	if (lba >= len / PART_SECTOR || bytes > len - lba * PART_SECTOR)
		return fail(why, -EINVAL,
			    "GPT: entries past the end of the image");
	g->entries = img + lba * PART_SECTOR;
	if (crc32(0, g->entries, bytes) != le32(h + GPT_ENTRIES_CRC))
		return fail(why, -EINVAL, "GPT: bad entries CRC");
	return 0;
}

static bool gpte_used(const unsigned char *e)
{
	static const unsigned char unused[GPTE_TYPE_LEN];

	return memcmp(e + GPTE_TYPE, unused, GPTE_TYPE_LEN);
}

/* Check the used entry @e, and add it if it is one of @pass's */
static int gpte_add(struct part_table *t, size_t len, const unsigned char *e,
		    uint32_t number, int pass, const char **why)
{
	uint64_t first = le64(e + GPTE_FIRST), last = le64(e + GPTE_LAST);
	bool boot = le64(e + GPTE_ATTRS) & GPTE_LEGACY_BOOT;

	if (first > last)
		return fail(why, -EINVAL, "GPT: a partition ends before it starts");
	/* So that last - first + 1 cannot wrap */
	if (last >= len / PART_SECTOR)
		return fail(why, -EINVAL,
			    "GPT: a partition past the end of the image");
	if (!in_pass(boot, pass))
		return 0;
	return add(t, len, first, last - first + 1, number);
}

static int gpt_list(const unsigned char *img, size_t len,
		    struct part_table *t, const char **why)
{
	const unsigned char *e;
	struct gpt g;
	uint32_t i;
	int pass, err;

	err = gpt_header(img, len, &g, why);
	if (!err)
		err = gpt_entries(img, len, &g, why);
	if (err)
		return err;
	t->kind = "GPT";
	for (pass = 0; pass < 2; pass++) {
		for (i = 0; i < g.count; i++) {
			e = g.entries + (size_t)i * g.size;
			if (!gpte_used(e))
				continue;
			err = gpte_add(t, len, e, i + 1, pass, why);
			if (err)
				return err;
		}
	}
	if (!t->count)
		return fail(why, -EINVAL, "GPT: no partitions");
	return 0;
}

int part_list(const void *img, size_t len, struct part_table *t,
	      const char **why)
{
	const unsigned char *p = img;
	bool gpt = false;
	int i;

	t->kind = "MBR";
	t->count = 0;
	*why = "no partition table";
	if (len < PART_SECTOR || p[MBR_SIG_AT] != 0x55 ||
	    p[MBR_SIG_AT + 1] != 0xaa)
		return -ENOENT;
	for (i = 0; i < MBR_ENTRIES; i++) {
		/* As Linux: a boot sector (a FAT's, say), not a table */
		if (mbr_entry(p, i)[MBR_BOOT] & ~MBR_ACTIVE)
			return -ENOENT;
		if (mbr_entry(p, i)[MBR_TYPE] == TYPE_GPT)
			gpt = true;
	}
	return gpt ? gpt_list(p, len, t, why) : mbr_list(p, len, t, why);
}
