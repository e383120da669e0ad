// SPDX-License-Identifier: LGPL-2.1
/*
 * Listing the partitions of a disk image, for hv_disk_boot_files(), as
 * Xen's pygrub does before it looks for a kernel: an MBR's four primary
 * partitions, the active one first, then the logical ones inside its
 * extended partition, or a GPT's behind a protective MBR.
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
 * Logical partitions are numbered from 5 in the order of their chain of
 * EBRs, as Linux numbers them, and the chain ends where Linux ends it (no
 * link, or an EBR without its signature).  Where Linux skips a logical
 * partition or EBR out of bounds, the table is refused here; so are
 * shapes fdisk and parted never write and Linux would number otherwise
 * than this reader (a second extended partition, a logical one past an
 * EBR's first entry), and chains that loop.
 *
 * The table is the guest's and hostile: every number is checked against
 * the image's length in 64-bit arithmetic that cannot wrap, and the work
 * is bounded by PART_MAX entries and EBR_MAX EBRs.  Checksums are checked
 * here, unlike ext4.c's, because GPT says a table with a bad one is not a
 * table.
 */
#include <assert.h>
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

/*
 * An EBR, the first sector of each link of the chain inside the extended
 * partition, has an MBR's layout: entry 0 is a logical partition, from
 * the EBR's own sector, and the first entry of an extended type links to
 * the next EBR, from the extended partition's start.  Linux follows at
 * most 100 links without a partition; EBR_MAX bounds the chain outright.
 */
#define EBR_MAX			128
#define LOGICAL_FIRST		5	/* xvda5: the first logical one */

/* Every primary and logical partition fits in a part_table */
static_assert(MBR_ENTRIES + EBR_MAX <= PART_MAX, "part_table too small");

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

/* The extended partition's sectors, whose EBRs chain the logical ones */
struct ext {
	uint64_t first;
	uint64_t end;		/* 0: none */
};

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

static bool mbr_extended(const unsigned char *e)
{
	switch (e[MBR_TYPE]) {
	case TYPE_EXTENDED:
	case TYPE_EXTENDED_LBA:
	case TYPE_LINUX_EXTENDED:
		return true;
	}
	return false;
}

/* Whether the MBR or EBR entry @e is one to look into */
static bool mbr_used(const unsigned char *e)
{
	return e[MBR_TYPE] != TYPE_EMPTY && !mbr_extended(e) &&
	       le32(e + MBR_SECTORS);
}

/* Whether @count sectors from @first, at least one, lie in [@lo, @end) */
static bool inside(uint64_t first, uint64_t count, uint64_t lo,
		   uint64_t end)
{
	return first >= lo && first < end && count <= end - first;
}

static int mbr_primaries(const unsigned char *img, size_t len,
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
	return 0;
}

/*
 * The MBR's extended partition in @x, if it has one.  Linux reads every
 * extended partition of the MBR in turn, numbering their logical ones on;
 * fdisk and parted never make a second one, so a table with two is
 * refused rather than half read.  One at sector 0 would make the MBR its
 * own EBR: it is left out, as a primary partition there is.
 */
static int mbr_ext(const unsigned char *img, size_t len, struct ext *x,
		   const char **why)
{
	const unsigned char *e;
	uint64_t first, count;
	int i;

	for (i = 0; i < MBR_ENTRIES; i++) {
		e = mbr_entry(img, i);
		first = le32(e + MBR_START);
		count = le32(e + MBR_SECTORS);
		if (!mbr_extended(e) || !count)
			continue;
		if (!inside(first, count, 0, len / PART_SECTOR))
			return fail(why, -EINVAL,
				    "MBR: a partition past the end of the image");
		if (!first)
			continue;
		if (x->end)
			return fail(why, -EINVAL,
				    "MBR: more than one extended partition");
		x->first = first;
		x->end = first + count;
	}
	return 0;
}

/*
 * The logical partition of the EBR at @ebr, its entry @e, numbered
 * *@number.  One of type 0 takes its number, as in Linux, but is not
 * tried, as a primary one of type 0 is not.
 */
static int ebr_logical(struct part_table *t, size_t len,
		       const struct ext *x, uint64_t ebr,
		       const unsigned char *e, uint32_t *number,
		       const char **why)
{
	uint64_t first = ebr + le32(e + MBR_START);
	uint64_t count = le32(e + MBR_SECTORS);

	if (!inside(first, count, x->first, x->end))
		return fail(why, -EINVAL,
			    "MBR: a logical partition outside its extended partition");
	if (mbr_used(e) && add(t, len, first, count, *number))
		return fail(why, -EINVAL,
			    "MBR: a partition past the end of the image");
	(*number)++;
	return 0;
}

/*
 * Move @ebr to the EBR the link @e points at, inside the extended
 * partition.  A link may lead backwards (fdisk writes one when a logical
 * partition is made below the last one, and Linux follows it), so a
 * loop is only ended by EBR_MAX; a link to its own EBR is named at once.
 */
static int ebr_next(const struct ext *x, const unsigned char *e,
		    uint64_t *ebr, const char **why)
{
	uint64_t next = x->first + le32(e + MBR_START);

	if (next == *ebr)
		return fail(why, -EINVAL, "MBR: an EBR links to itself");
	if (!inside(next, le32(e + MBR_SECTORS), x->first, x->end))
		return fail(why, -EINVAL,
			    "MBR: an EBR outside its extended partition");
	*ebr = next;
	return 0;
}

/*
 * Read the EBR at @ebr, inside the extended partition and so the image:
 * its logical partition, and in *@link its link (NULL at the chain's
 * end, or for an EBR without its signature).  As Linux, the first entry
 * of an extended type is the link, and one of another type with sectors
 * a logical partition; but a logical one past entry 0 is refused, since
 * Linux would number it (when inside the extended partition) and the
 * numbers after it would differ.
 */
static int ebr_read(const unsigned char *img, size_t len,
		    const struct ext *x, uint64_t ebr, struct part_table *t,
		    uint32_t *number, const unsigned char **link,
		    const char **why)
{
	const unsigned char *p = img + ebr * PART_SECTOR, *e;
	int i, err;

	*link = NULL;
	/* Linux ends the chain there, keeping the partitions before it. */
	if (p[MBR_SIG_AT] != 0x55 || p[MBR_SIG_AT + 1] != 0xaa)
		return 0;
	for (i = 0; i < MBR_ENTRIES; i++) {
		e = mbr_entry(p, i);
		if (!le32(e + MBR_SECTORS))
			continue;
		if (mbr_extended(e)) {
			if (!*link)
				*link = e;
			continue;
		}
		if (i)
			return fail(why, -EINVAL,
				    "MBR: an EBR with a logical partition past its first entry");
		err = ebr_logical(t, len, x, ebr, e, number, why);
		if (err)
			return err;
	}
	return 0;
}

/* The logical partitions, after the primary ones, in the chain's order */
static int ebr_list(const unsigned char *img, size_t len,
		    const struct ext *x, struct part_table *t, const char **why)
{
	uint32_t number = LOGICAL_FIRST;
	const unsigned char *link;
	uint64_t ebr = x->first;
	int i, err;

	for (i = 0; i < EBR_MAX; i++) {
		err = ebr_read(img, len, x, ebr, t, &number, &link, why);
		if (err || !link)
			return err;
		err = ebr_next(x, link, &ebr, why);
		if (err)
			return err;
	}
	return fail(why, -EINVAL,
		    "MBR: over 128 EBRs in the chain (or a loop)");
}

static int mbr_list(const unsigned char *img, size_t len,
		    struct part_table *t, const char **why)
{
	struct ext x = { .end = 0 };
	int err;

	err = mbr_primaries(img, len, t, why);
	if (!err)
		err = mbr_ext(img, len, &x, why);
	if (!err && x.end)
		err = ebr_list(img, len, &x, t, why);
	if (err)
		return err;
	if (!t->count)
		return fail(why, -EINVAL, "MBR: no partitions");
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
