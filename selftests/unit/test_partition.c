// SPDX-License-Identifier: GPL-2.0
/*
 * libhv's partition tables (partition.c) and hv_disk_boot_files() on
 * partitioned disks: MBR disks, with logical partitions in an extended
 * one or not, and GPT disks built in memory around ext4 file systems made
 * by mke2fs, the partition chosen, and hostile tables and chains of EBRs,
 * each refused with its reason, and random damage that never crashes the
 * reader, hangs it or leaks a descriptor or a child.
 *
 * Disks parsed in memory end against an inaccessible page, so that a
 * read past the end crashes the test instead of passing unseen.
 */
#define _GNU_SOURCE	/* mkdtemp() */
#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <zlib.h>

#include <cmocka.h>

#include "diskimg.h"
#include "ext4.h"
#include "le.h"
#include "partition.h"

#define KERNEL_LEN	(100 * 1024 + 5)
#define INITRD_LEN	(50 * 1024 + 3)
#define A_KERNEL	1	/* the seeds of fs_a's files */
#define A_INITRD	2
#define B_KERNEL	3	/* fs_b's kernel; it has no initrd */
#define MAX		(64 << 20)
#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))

#define SECTOR		512
#define DISK_LEN	(16 << 20)
#define SECTORS		(DISK_LEN / SECTOR)
#define FS_SECTORS	((6 << 20) / SECTOR)
#define P1		2048		/* at 1 MiB, as fdisk puts it */
#define P2		16384		/* at 8 MiB */
#define GPT_ENTRIES	128
/*
 * The extended partition, at 7 MiB to the end: EBR 1 at its start holds
 * partition 5 at P2, EBRs 2 and 3 partitions 6 and 7, 64 sectors after
 * each, 512 sectors long.
 */
#define EXT		14336
#define EXT_SECTORS	(SECTORS - EXT)
#define EBR2		29696
#define EBR3		30720
#define LOG_SECTORS	512
#define GPT_ENTRY_LEN	128

static char tmp[64];
/* File systems: with a kernel and initrd, another kernel, no kernel */
static struct image fs_a, fs_b, fs_none;
/* The disk each test builds */
static struct image disk;
static char why[256];

static int setup_fs(void **state)
{
	char path[256];

	strcpy(tmp, "/tmp/test_partition.XXXXXX");
	if (!mkdtemp(tmp))
		return -1;
	sh("mkdir %s/a %s/b %s/none", tmp, tmp, tmp);
	snprintf(path, sizeof(path), "%s/a", tmp);
	debian_tree(path, KERNEL_LEN, A_KERNEL, INITRD_LEN, A_INITRD);
	snprintf(path, sizeof(path), "%s/b", tmp);
	debian_tree(path, KERNEL_LEN, B_KERNEL, 0, 0);
	sh("mkdir %s/none/etc", tmp);
	sh("for t in a b none; do mke2fs -q -F -t ext4 -O ^has_journal -b 4096 -d %s/$t %s/fs_$t 6M >/dev/null; done",
	   tmp, tmp);
	snprintf(path, sizeof(path), "%s/fs_a", tmp);
	image_load(&fs_a, path, SIZE_MAX);
	snprintf(path, sizeof(path), "%s/fs_b", tmp);
	image_load(&fs_b, path, SIZE_MAX);
	snprintf(path, sizeof(path), "%s/fs_none", tmp);
	image_load(&fs_none, path, SIZE_MAX);
	return 0;
}

static int teardown_fs(void **state)
{
	image_free(&fs_a);
	image_free(&fs_b);
	image_free(&fs_none);
	sh("rm -rf %s", tmp);
	return 0;
}

static int setup_disk(void **state)
{
	image_alloc(&disk, DISK_LEN);
	return 0;
}

static int teardown_disk(void **state)
{
	image_free(&disk);
	return 0;
}

static void put_fs(uint64_t lba, const struct image *fs)
{
	memcpy(disk.buf + lba * SECTOR, fs->buf, fs->len);
}

/* Entry @slot (0 to 3) of the MBR or EBR at @lba, and its signature */
static void entry_set(uint64_t lba, int slot, uint8_t boot, uint8_t type,
		      uint32_t start, uint32_t count)
{
	unsigned char *sector = disk.buf + lba * SECTOR;
	unsigned char *e = sector + 446 + 16 * slot;

	e[0] = boot;
	e[4] = type;
	put32(e + 8, start);
	put32(e + 12, count);
	sector[510] = 0x55;
	sector[511] = 0xaa;
}

static void mbr_set(int slot, uint8_t boot, uint8_t type, uint32_t start,
		    uint32_t count)
{
	entry_set(0, slot, boot, type, start, count);
}

/*
 * The EBR at @lba: a logical partition @start sectors after it, @count
 * long (none if 0), and a link to the EBR @next sectors after EXT, whose
 * part of the extended partition is @next_count long (none if 0).
 */
static void ebr_set(uint64_t lba, uint32_t start, uint32_t count,
		    uint32_t next, uint32_t next_count)
{
	entry_set(lba, 0, 0, count ? 0x83 : 0, start, count);
	entry_set(lba, 1, 0, next_count ? 0x05 : 0, next, next_count);
}

/*
 * Partition 1: fs_none at P1; 2: the extended partition; 3, active: no
 * file system; 5 to 7: logical ones, fs_b in 5 at P2.
 */
static void logical_disk(void)
{
	mbr_set(0, 0, 0x83, P1, FS_SECTORS);
	mbr_set(1, 0, 0x05, EXT, EXT_SECTORS);
	mbr_set(2, 0x80, 0x83, 64, 1024);
	ebr_set(EXT, P2 - EXT, FS_SECTORS, EBR2 - EXT, EBR3 - EBR2);
	ebr_set(EBR2, 64, LOG_SECTORS, EBR3 - EXT, 1024);
	ebr_set(EBR3, 64, LOG_SECTORS, 0, 0);
	put_fs(P1, &fs_none);
	put_fs(P2, &fs_b);
}

/*
 * An extended partition at EXT alone, with a chain of @n EBRs two
 * sectors apart, each with a logical partition of a sector after it.
 */
static void chain_disk(unsigned int n)
{
	unsigned int i;

	memset(disk.buf, 0, SECTOR);
	mbr_set(0, 0, 0x0f, EXT, EXT_SECTORS);
	for (i = 0; i < n; i++)
		ebr_set(EXT + 2 * i, 1, 1, 2 * (i + 1), i + 1 < n ? 2 : 0);
}

static unsigned char *gpt_header(void)
{
	return disk.buf + SECTOR;
}

/* A protective MBR and a GPT header: @count entries of @size at LBA 2 */
static void gpt_new(uint32_t count, uint32_t size)
{
	unsigned char *h = gpt_header();

	mbr_set(0, 0, 0xee, 1, SECTORS - 1);
	memcpy(h, "EFI PART", 8);
	put32(h + 8, 0x10000);
	put32(h + 12, 92);
	put64(h + 24, 1);
	put64(h + 32, SECTORS - 1);
	put64(h + 40, 34);
	put64(h + 48, SECTORS - 34);
	memset(h + 56, 0x5a, 16);
	put64(h + 72, 2);
	put32(h + 80, count);
	put32(h + 84, size);
}

/* Entry @i: a Linux file system from @first to @last */
static void gpt_set(uint32_t i, uint64_t first, uint64_t last,
		    uint64_t attrs)
{
	static const unsigned char linux_fs[16] = {
		0xaf, 0x3d, 0xc6, 0x0f, 0x83, 0x84, 0x72, 0x47,
		0x8e, 0x79, 0x3d, 0x69, 0xd8, 0x47, 0x7d, 0xe4,
	};
	unsigned char *e = disk.buf + 2 * SECTOR +
			   (size_t)i * le32(gpt_header() + 84);

	memcpy(e, linux_fs, 16);
	memset(e + 16, i + 1, 16);
	put64(e + 32, first);
	put64(e + 40, last);
	put64(e + 48, attrs);
}

/*
 * Set both CRCs from what the header says, as a table's writer does,
 * and an attacker can: whatever it says, nothing outside is read.
 */
static void gpt_fix_crcs(void)
{
	unsigned char *h = gpt_header();
	uint32_t size = le32(h + 12);
	uint64_t lba = le64(h + 72);
	uint64_t bytes = (uint64_t)le32(h + 80) * le32(h + 84);

	if (lba < SECTORS && bytes <= DISK_LEN - lba * SECTOR)
		put32(h + 88, crc32(0, disk.buf + lba * SECTOR, bytes));
	if (size >= 20 && size <= SECTOR) {
		put32(h + 16, 0);
		put32(h + 16, crc32(0, h, size));
	}
}

/* The usual GPT: fs_a in entry 0, at 1 MiB */
static void gpt_disk(void)
{
	gpt_new(GPT_ENTRIES, GPT_ENTRY_LEN);
	gpt_set(0, P1, P1 + FS_SECTORS - 1, 0);
	put_fs(P1, &fs_a);
	gpt_fix_crcs();
}

static void save(const char *name)
{
	char path[256];
	int fd;

	snprintf(path, sizeof(path), "%s/%s", tmp, name);
	fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, disk.buf, disk.len), disk.len);
	close(fd);
}

/* hv_disk_boot_files() on the disk, saved as the file @name */
static int boot(const char *name, struct hv_boot_files *files)
{
	char path[256];

	save(name);
	snprintf(path, sizeof(path), "%s/%s", tmp, name);
	return boot_path(path, MAX, MAX, files, why, sizeof(why));
}

/* The disk boots fs_a's kernel and initrd (@a), or fs_b's kernel */
static void boots(const char *name, bool a)
{
	struct hv_boot_files files;

	assert_int_equal(boot(name, &files), 0);
	check_file(files.kernel, files.kernel_len, KERNEL_LEN,
		   a ? A_KERNEL : B_KERNEL);
	if (a)
		check_file(files.initrd, files.initrd_len, INITRD_LEN,
			   A_INITRD);
	else
		assert_null(files.initrd);
	hv_boot_files_free(&files);
}

static void boot_refused(const char *name, int err, const char *words)
{
	struct hv_boot_files files;

	assert_int_equal(boot(name, &files), err);
	if (!strstr(why, words))
		fail_msg("\"%s\" does not say \"%s\"", why, words);
}

static const char *pwhy;
static struct part_table table;

/* part_list() on the disk fails with @err, for a reason that says @words */
static void list_refused(int err, const char *words)
{
	assert_int_equal(part_list(disk.buf, disk.len, &table, &pwhy), err);
	if (!strstr(pwhy, words))
		fail_msg("\"%s\" does not say \"%s\"", pwhy, words);
}

/* part_list() on the disk finds a table of @kind, @count partitions */
static void lists(const char *kind, unsigned int count)
{
	assert_int_equal(part_list(disk.buf, disk.len, &table, &pwhy), 0);
	assert_string_equal(table.kind, kind);
	assert_int_equal(table.count, count);
}

/* Partition @i of the table is number @number, at @lba, @sectors long */
static void listed(unsigned int i, uint32_t number, uint64_t lba,
		   uint64_t sectors)
{
	assert_true(i < table.count);
	assert_int_equal(table.parts[i].number, number);
	assert_int_equal(table.parts[i].off, lba * SECTOR);
	assert_int_equal(table.parts[i].len, sectors * SECTOR);
}

static void test_bare_fs(void **state)
{
	char path[256];
	struct hv_boot_files files;

	snprintf(path, sizeof(path), "%s/fs_a", tmp);
	assert_int_equal(boot_path(path, MAX, MAX, &files, why, sizeof(why)),
			 0);
	check_file(files.kernel, files.kernel_len, KERNEL_LEN, A_KERNEL);
	hv_boot_files_free(&files);
	/* A boot sector that looks like an MBR does not hide the fs. */
	memcpy(disk.buf, fs_a.buf, fs_a.len);
	mbr_set(0, 0x80, 0x83, 1, 1);
	mbr_set(1, 0, 0x83, SECTORS, 1);
	boots("bare", true);
}

/* An ext4 magic by chance on a partitioned disk: the partitions count */
static void test_chance_magic(void **state)
{
	mbr_set(0, 0, 0x83, P1, FS_SECTORS);
	put_fs(P1, &fs_a);
	memcpy(disk.buf + 1024 + 0x38, fs_a.buf + 1024 + 0x38, 2);
	boots("chance", true);
	/* If they fail too, what is wrong with the image's own is said. */
	memset(disk.buf + P1 * SECTOR, 0, SECTOR * 4);
	boot_refused("chancefail", -EINVAL, "bad block or inode counts");
}

static void test_mbr(void **state)
{
	mbr_set(0, 0, 0x83, P1, FS_SECTORS);
	put_fs(P1, &fs_a);
	lists("MBR", 1);
	listed(0, 1, P1, FS_SECTORS);
	boots("mbr", true);
	/* Slot 3 only: partition 4, as Linux names it */
	memset(disk.buf + 446, 0, 16);
	mbr_set(3, 0, 0x83, P1, FS_SECTORS);
	lists("MBR", 1);
	listed(0, 4, P1, FS_SECTORS);
	boots("mbr4", true);
}

static void test_mbr_bootable(void **state)
{
	mbr_set(0, 0, 0x83, P1, FS_SECTORS);
	mbr_set(1, 0x80, 0x83, P2, FS_SECTORS);
	put_fs(P1, &fs_a);
	put_fs(P2, &fs_b);
	lists("MBR", 2);
	listed(0, 2, P2, FS_SECTORS);
	listed(1, 1, P1, FS_SECTORS);
	boots("active2", false);
	/* Without the flag, the first */
	disk.buf[446 + 16] = 0;
	boots("active0", true);
}

/* The first partition that holds /vmlinuz, as pygrub's first kernel */
static void test_mbr_first_kernel(void **state)
{
	mbr_set(0, 0x80, 0x83, P1, FS_SECTORS);
	mbr_set(1, 0, 0x83, P2, FS_SECTORS);
	put_fs(P2, &fs_b);
	/* Partition 1: swap, say */
	boots("swapfirst", false);
	put_fs(P1, &fs_none);
	boots("nokernelfirst", false);
}

static void test_mbr_not_booting(void **state)
{
	mbr_set(0, 0, 0x83, P1, FS_SECTORS);
	boot_refused("notext", -EINVAL, "MBR partition 1: not ext2/3/4");
	put_fs(P1, &fs_none);
	boot_refused("nokernel", -ENOENT,
		     "MBR partition 1: /vmlinuz: no such file");
	/* The error of the first that held a file system */
	mbr_set(1, 0x80, 0x82, P2, FS_SECTORS);
	boot_refused("neither", -ENOENT,
		     "no MBR partition holds /vmlinuz: 2: not ext2/3/4; 1: /vmlinuz: no such file");
}

static void test_gpt(void **state)
{
	gpt_disk();
	lists("GPT", 1);
	listed(0, 1, P1, FS_SECTORS);
	boots("gpt", true);
	/* Entry 6 instead, in a table of 256-byte entries */
	memset(disk.buf + SECTOR, 0, 33 * SECTOR);
	gpt_new(64, 256);
	gpt_set(6, P1, P1 + FS_SECTORS - 1, 0);
	gpt_fix_crcs();
	lists("GPT", 1);
	listed(0, 7, P1, FS_SECTORS);
	boots("gpt256", true);
}

static void test_gpt_legacy_boot(void **state)
{
	gpt_disk();
	gpt_set(1, P2, P2 + FS_SECTORS - 1, 1ULL << 2);
	put_fs(P2, &fs_b);
	gpt_fix_crcs();
	lists("GPT", 2);
	listed(0, 2, P2, FS_SECTORS);
	listed(1, 1, P1, FS_SECTORS);
	boots("legacyboot", false);
	/* Other attributes do not count. */
	gpt_set(1, P2, P2 + FS_SECTORS - 1, ~(1ULL << 2));
	gpt_fix_crcs();
	boots("otherattrs", true);
}

static void test_mbr_hostile(void **state)
{
	unsigned int i;

	list_refused(-ENOENT, "no partition table");
	mbr_set(0, 0, 0x83, SECTORS - 10, 100);
	list_refused(-EINVAL, "past the end");
	boot_refused("pastend", -EINVAL, "MBR: a partition past the end");
	mbr_set(0, 0, 0x83, 0xffffffff, 0xffffffff);
	list_refused(-EINVAL, "past the end");
	mbr_set(0, 0, 0x83, SECTORS, 0);
	list_refused(-EINVAL, "MBR: no partitions");
	/* A boot flag that is not one: a boot sector, as Linux says */
	mbr_set(0, 0x81, 0x83, P1, FS_SECTORS);
	list_refused(-ENOENT, "no partition table");
	/* An extended partition at 0 is left out, as a primary one there. */
	mbr_set(0, 0, 0x05, 0, SECTORS);
	list_refused(-EINVAL, "MBR: no partitions");
	/* An empty extended partition: an EBR with nothing but its magic */
	mbr_set(1, 0, 0x0f, P2, 1);
	entry_set(P2, 0, 0, 0, 0, 0);
	list_refused(-EINVAL, "MBR: no partitions");
	mbr_set(3, 0, 0x83, P1, FS_SECTORS);
	put_fs(P1, &fs_a);
	lists("MBR", 1);
	listed(0, 4, P1, FS_SECTORS);
	/* All four over the MBR: at 0 they are the disk, tried already */
	for (i = 0; i < 4; i++)
		mbr_set(i, 0x80, 0x83, 0, SECTORS);
	list_refused(-EINVAL, "MBR: no partitions");
	for (i = 0; i < 4; i++)
		mbr_set(i, 0x80, 0x83, 1, 8 + i);
	lists("MBR", 4);
	boot_refused("overmbr", -EINVAL,
		     "no MBR partition holds /vmlinuz: 1: not ext2/3/4; 2: not");
	/* Too short for a sector */
	assert_int_equal(part_list(disk.buf, 511, &table, &pwhy), -ENOENT);
}

/* Logical partitions come after the primary ones, numbered from 5. */
static void test_mbr_logical(void **state)
{
	logical_disk();
	lists("MBR", 5);
	listed(0, 3, 64, 1024);
	listed(1, 1, P1, FS_SECTORS);
	listed(2, 5, P2, FS_SECTORS);
	listed(3, 6, EBR2 + 64, LOG_SECTORS);
	listed(4, 7, EBR3 + 64, LOG_SECTORS);
	/* Partition 5 is the first that holds /vmlinuz. */
	boots("logical", false);
	memset(disk.buf + P2 * SECTOR, 0, 4 * SECTOR);
	boot_refused("nological", -ENOENT,
		     "no MBR partition holds /vmlinuz: 3: not ext2/3/4; 1: /vmlinuz: no such file or directory; 5: not ext2/3/4; 6: not");
	/* The other extended types, in slot 4: logical ones alone */
	put_fs(P2, &fs_b);
	memset(disk.buf + 446, 0, 64);
	mbr_set(3, 0, 0x85, EXT, EXT_SECTORS);
	entry_set(EXT, 1, 0, 0x0f, EBR2 - EXT, EBR3 - EBR2);
	lists("MBR", 3);
	listed(0, 5, P2, FS_SECTORS);
	listed(2, 7, EBR3 + 64, LOG_SECTORS);
	boots("logicalonly", false);
}

/* EBRs without a partition, or with one of type 0, as Linux numbers them */
static void test_mbr_logical_numbers(void **state)
{
	logical_disk();
	/* An EBR without a logical partition: 7 becomes 6. */
	ebr_set(EBR2, 0, 0, EBR3 - EXT, 1024);
	lists("MBR", 4);
	listed(3, 6, EBR3 + 64, LOG_SECTORS);
	/* Type 0, with sectors: numbered 6 but not tried */
	entry_set(EBR2, 0, 0, 0, 64, LOG_SECTORS);
	lists("MBR", 4);
	listed(3, 7, EBR3 + 64, LOG_SECTORS);
	/* Flags of logical ones do not put them first. */
	entry_set(EBR3, 0, 0x80, 0x83, 64, LOG_SECTORS);
	lists("MBR", 4);
	listed(3, 7, EBR3 + 64, LOG_SECTORS);
	/* The link in entry 3, as Linux takes the first of an extended type */
	ebr_set(EXT, P2 - EXT, FS_SECTORS, 0, 0);
	entry_set(EXT, 3, 0, 0x85, EBR2 - EXT, EBR3 - EBR2);
	lists("MBR", 4);
	listed(3, 7, EBR3 + 64, LOG_SECTORS);
}

static void test_mbr_logical_loops(void **state)
{
	logical_disk();
	ebr_set(EXT, P2 - EXT, FS_SECTORS, 0, EBR2 - EXT);
	list_refused(-EINVAL, "MBR: an EBR links to itself");
	boot_refused("ebrself", -EINVAL, "MBR: an EBR links to itself");
	logical_disk();
	ebr_set(EBR3, 64, LOG_SECTORS, EBR3 - EXT, 1024);
	list_refused(-EINVAL, "MBR: an EBR links to itself");
	/* Back to the first EBR, or the one before: a loop, ended by the cap */
	ebr_set(EBR3, 64, LOG_SECTORS, 0, 1024);
	list_refused(-EINVAL, "MBR: over 128 EBRs in the chain (or a loop)");
	ebr_set(EBR3, 64, LOG_SECTORS, EBR2 - EXT, 1024);
	list_refused(-EINVAL, "MBR: over 128 EBRs in the chain (or a loop)");
	boot_refused("ebrloop", -EINVAL, "over 128 EBRs in the chain");
	/* A chain that leads backwards and ends is Linux's: 5, 6 at EBR3, 7 */
	logical_disk();
	ebr_set(EXT, P2 - EXT, FS_SECTORS, EBR3 - EXT, 1024);
	ebr_set(EBR3, 64, LOG_SECTORS, EBR2 - EXT, 1024);
	ebr_set(EBR2, 64, LOG_SECTORS, 0, 0);
	lists("MBR", 5);
	listed(2, 5, P2, FS_SECTORS);
	listed(3, 6, EBR3 + 64, LOG_SECTORS);
	listed(4, 7, EBR2 + 64, LOG_SECTORS);
	boots("ebrback", false);
}

static void test_mbr_logical_bounds(void **state)
{
	logical_disk();
	/* The next EBR, or its part, past the extended partition and image */
	ebr_set(EBR3, 64, LOG_SECTORS, EXT_SECTORS, 1);
	list_refused(-EINVAL, "MBR: an EBR outside its extended partition");
	boot_refused("ebrpastend", -EINVAL, "an EBR outside");
	ebr_set(EBR3, 64, LOG_SECTORS, 0xffffffff, 0xffffffff);
	list_refused(-EINVAL, "MBR: an EBR outside its extended partition");
	ebr_set(EBR3, 64, LOG_SECTORS, EXT_SECTORS - 1, 2);
	list_refused(-EINVAL, "MBR: an EBR outside its extended partition");
	ebr_set(EBR3, 64, LOG_SECTORS, EXT_SECTORS - 1, 1);
	entry_set(SECTORS - 1, 0, 0, 0, 0, 0);
	lists("MBR", 5);
	/* The extended partition itself past the end */
	logical_disk();
	mbr_set(1, 0, 0x05, EXT, EXT_SECTORS + 1);
	list_refused(-EINVAL, "MBR: a partition past the end of the image");
	mbr_set(1, 0, 0x05, 0xffffffff, 0xffffffff);
	list_refused(-EINVAL, "MBR: a partition past the end of the image");
	/* A logical partition past the extended one's end, or the image's */
	logical_disk();
	ebr_set(EBR3, 64, SECTORS - EBR3 - 64 + 1, 0, 0);
	list_refused(-EINVAL, "MBR: a logical partition outside its extended");
	boot_refused("logpastend", -EINVAL, "a logical partition outside");
	ebr_set(EBR3, 0xffffffff, 0xffffffff, 0, 0);
	list_refused(-EINVAL, "MBR: a logical partition outside its extended");
	ebr_set(EBR3, 64, LOG_SECTORS, 0, 0);
	ebr_set(EBR2, 64, LOG_SECTORS, EBR3 - EXT, 64 + LOG_SECTORS - 1);
	mbr_set(1, 0, 0x05, EXT, EBR3 + 64 + LOG_SECTORS - 1 - EXT);
	list_refused(-EINVAL, "MBR: a logical partition outside its extended");
	/* The first EBR past a short extended partition's end */
	mbr_set(1, 0, 0x05, EXT, 1);
	list_refused(-EINVAL, "MBR: a logical partition outside its extended");
}

static void test_mbr_logical_hostile(void **state)
{
	/* An EBR without its signature ends the chain there, as in Linux. */
	logical_disk();
	disk.buf[EBR2 * SECTOR + 510] = 0;
	lists("MBR", 3);
	listed(2, 5, P2, FS_SECTORS);
	boots("ebrsig", false);
	logical_disk();
	disk.buf[EXT * SECTOR + 511] = 0x55;
	lists("MBR", 2);
	listed(1, 1, P1, FS_SECTORS);
	/* A second logical partition in an EBR */
	logical_disk();
	entry_set(EBR3, 2, 0, 0x83, 64, 1);
	list_refused(-EINVAL, "a logical partition past its first entry");
	entry_set(EBR3, 2, 0, 0x83, 64, 0);
	lists("MBR", 5);
	entry_set(EBR2, 1, 0, 0x83, EBR3 - EXT, 1024);
	list_refused(-EINVAL, "a logical partition past its first entry");
	/* Two extended partitions, even the same one twice */
	logical_disk();
	mbr_set(3, 0, 0x0f, EXT, EXT_SECTORS);
	list_refused(-EINVAL, "MBR: more than one extended partition");
	boot_refused("twoext", -EINVAL, "more than one extended partition");
	mbr_set(3, 0, 0x85, 0, 1);
	lists("MBR", 5);
}

/* Chains of at most 128 EBRs are read; a longer one is refused. */
static void test_mbr_logical_cap(void **state)
{
	chain_disk(128);
	lists("MBR", 128);
	listed(0, 5, EXT + 1, 1);
	listed(127, 132, EXT + 2 * 127 + 1, 1);
	chain_disk(129);
	list_refused(-EINVAL, "MBR: over 128 EBRs in the chain (or a loop)");
	boot_refused("longchain", -EINVAL, "over 128 EBRs");
	/* One with no partitions counts too. */
	chain_disk(129);
	ebr_set(EXT, 0, 0, 2, 2);
	list_refused(-EINVAL, "MBR: over 128 EBRs in the chain (or a loop)");
	/* Three primary partitions and 128 logical ones fit the table. */
	chain_disk(128);
	mbr_set(1, 0, 0x83, 1, 1);
	mbr_set(2, 0x80, 0x83, 2, 1);
	mbr_set(3, 0, 0x83, 3, 1);
	lists("MBR", 131);
	listed(0, 3, 2, 1);
	listed(3, 5, EXT + 1, 1);
}

static void test_gpt_header_hostile(void **state)
{
	unsigned char *h = gpt_header();
	uint32_t bad_sizes[] = { 0, 7, 120, 132, 4104, 0x80000000 };
	uint32_t bad_hsizes[] = { 0, 91, 513, 0xffffffff };
	size_t i;

	gpt_disk();
	h[16] ^= 1;
	list_refused(-EINVAL, "bad header CRC");
	boot_refused("hdrcrc", -EINVAL, "GPT: bad header CRC");
	gpt_fix_crcs();
	lists("GPT", 1);
	h[40] ^= 1;
	list_refused(-EINVAL, "bad header CRC");
	for (i = 0; i < ARRAY_SIZE(bad_hsizes); i++) {
		gpt_disk();
		put32(h + 12, bad_hsizes[i]);
		gpt_fix_crcs();
		list_refused(-EINVAL, "bad header size");
	}
	for (i = 0; i < ARRAY_SIZE(bad_sizes); i++) {
		gpt_disk();
		put32(h + 84, bad_sizes[i]);
		gpt_fix_crcs();
		list_refused(-EINVAL, "bad entry size");
	}
	gpt_disk();
	put32(h + 80, PART_MAX + 1);
	gpt_fix_crcs();
	list_refused(-EINVAL, "over 1024 entries");
	put32(h + 80, 0xffffffff);
	gpt_fix_crcs();
	list_refused(-EINVAL, "over 1024 entries");
	gpt_disk();
	put64(h + 24, 2);
	gpt_fix_crcs();
	list_refused(-EINVAL, "not at sector 1");
	/* A protective MBR and nothing behind it */
	memset(h, 0, SECTOR);
	list_refused(-EINVAL, "no GPT header");
	boot_refused("nogpt", -EINVAL, "no GPT header");
}

static void test_gpt_entries_hostile(void **state)
{
	unsigned char *h = gpt_header();

	gpt_disk();
	disk.buf[2 * SECTOR + 40] ^= 1;
	list_refused(-EINVAL, "bad entries CRC");
	boot_refused("entcrc", -EINVAL, "GPT: bad entries CRC");
	/* The array, or its end, past the image */
	put64(h + 72, SECTORS);
	gpt_fix_crcs();
	list_refused(-EINVAL, "entries past the end");
	put64(h + 72, 1ULL << 63);
	gpt_fix_crcs();
	list_refused(-EINVAL, "entries past the end");
	gpt_disk();
	put64(h + 72, SECTORS - 1);
	gpt_fix_crcs();
	list_refused(-EINVAL, "entries past the end");
	/* Partitions past the end, backwards, wrapping */
	gpt_disk();
	gpt_set(5, P2, SECTORS, 0);
	gpt_fix_crcs();
	list_refused(-EINVAL, "past the end of the image");
	gpt_set(5, P2, P2 - 1, 0);
	gpt_fix_crcs();
	list_refused(-EINVAL, "ends before it starts");
	gpt_set(5, 0, UINT64_MAX, 0);
	gpt_fix_crcs();
	list_refused(-EINVAL, "past the end of the image");
	gpt_set(5, UINT64_MAX, UINT64_MAX, 0);
	gpt_fix_crcs();
	list_refused(-EINVAL, "past the end of the image");
	boot_refused("gptwrap", -EINVAL, "GPT: a partition past the end");
	/* No entry used */
	gpt_disk();
	memset(disk.buf + 2 * SECTOR, 0, GPT_ENTRIES * GPT_ENTRY_LEN);
	gpt_fix_crcs();
	list_refused(-EINVAL, "no partitions");
	put32(h + 80, 0);
	gpt_fix_crcs();
	list_refused(-EINVAL, "no partitions");
}

/* Whatever part_list() lists lies inside the disk and can be read */
static void check_listed(void)
{
	struct ext4_fs fs;
	const struct part *p;
	unsigned int i;
	uint32_t ino;

	assert_true(table.count >= 1 && table.count <= PART_MAX);
	for (i = 0; i < table.count; i++) {
		p = &table.parts[i];
		assert_true(p->number >= 1 && p->number <= PART_MAX);
		assert_true(p->off >= SECTOR && p->len);
		assert_true(p->off <= disk.len && p->len <= disk.len - p->off);
		if (!ext4_open(&fs, disk.buf + p->off, p->len, &pwhy))
			ext4_lookup(&fs, "/vmlinuz", &ino, &pwhy);
	}
}

/* Random bits flipped in the first @span bytes; CRCs fixed if @fix */
static void fuzz_memory(size_t span, bool fix, int rounds)
{
	size_t off[8];
	unsigned char old[SECTOR * 34];
	int round, i;

	memcpy(old, disk.buf, sizeof(old));
	for (round = 0; round < rounds; round++) {
		for (i = 0; i < 8; i++) {
			off[i] = random() % span;
			disk.buf[off[i]] ^= 1 << (random() % 8);
		}
		if (fix)
			gpt_fix_crcs();
		if (!part_list(disk.buf, disk.len, &table, &pwhy))
			check_listed();
		else
			assert_true(pwhy && *pwhy);
		memcpy(disk.buf, old, sizeof(old));
	}
}

/*
 * Random bits flipped in the entries and signatures of the MBR and the
 * EBRs at @lbas, which are restored after each round
 */
static void fuzz_ebrs(const uint64_t *lbas, unsigned int n, int rounds)
{
	unsigned char old[8][SECTOR];
	unsigned char *sector;
	unsigned int i;
	int round, j;

	assert_true(n <= ARRAY_SIZE(old));
	for (i = 0; i < n; i++)
		memcpy(old[i], disk.buf + lbas[i] * SECTOR, SECTOR);
	for (round = 0; round < rounds; round++) {
		for (j = 0; j < 8; j++) {
			sector = disk.buf + lbas[random() % n] * SECTOR;
			sector[446 + random() % 66] ^= 1 << (random() % 8);
		}
		if (!part_list(disk.buf, disk.len, &table, &pwhy))
			check_listed();
		else
			assert_true(pwhy && *pwhy);
		for (i = 0; i < n; i++)
			memcpy(disk.buf + lbas[i] * SECTOR, old[i], SECTOR);
	}
}

static void test_fuzz_tables(void **state)
{
	const uint64_t lbas[] = { 0, EXT, EBR2, EBR3 };

	srandom(1);
	mbr_set(0, 0, 0x83, P1, FS_SECTORS);
	mbr_set(1, 0x80, 0x83, P2, FS_SECTORS);
	put_fs(P1, &fs_a);
	put_fs(P2, &fs_b);
	fuzz_memory(SECTOR, false, 3000);
	logical_disk();
	fuzz_ebrs(lbas, ARRAY_SIZE(lbas), 3000);
	fuzz_ebrs(lbas + 1, 1, 1000);
	fuzz_ebrs(lbas + 2, 2, 1000);
	memset(disk.buf, 0, SECTOR);
	gpt_disk();
	gpt_set(1, P2, P2 + FS_SECTORS - 1, 4);
	gpt_fix_crcs();
	fuzz_memory(SECTOR * 34, false, 1000);
	/* An attacker computes the CRCs: the fields themselves are hit. */
	fuzz_memory(SECTOR * 2, true, 3000);
	fuzz_memory(SECTOR * 3, true, 3000);
}

static long ms_since(const struct timespec *t0)
{
	struct timespec now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	return (now.tv_sec - t0->tv_sec) * 1000 +
	       (now.tv_nsec - t0->tv_nsec) / 1000000;
}

/*
 * Where round @round of test_fuzz_boot() damages its disk: the MBR's
 * entries, the fs's metadata, or the entries of one of its three EBRs
 */
static off_t fuzz_boot_off(int round)
{
	switch (round % 3) {
	case 0:
		return 446 + random() % (SECTOR - 446);
	case 1:
		return P1 * SECTOR + random() % (256 << 10);
	}
	return (EXT + 2 * (random() % 3)) * SECTOR + 446 +
	       random() % (SECTOR - 446);
}

/*
 * The whole reader on a partitioned disk file with random damage to its
 * table, its EBRs and its file system's first blocks: an answer each
 * time, well within the reader's 20 seconds, nothing left behind.
 */
static void test_fuzz_boot(void **state)
{
	struct hv_boot_files files;
	unsigned char old[8];
	struct timespec t0;
	char path[256];
	off_t off[8];
	int fds, fd, round, i, ok = 0;

	srandom(2);
	mbr_set(0, 0x80, 0x83, P1, FS_SECTORS);
	put_fs(P1, &fs_a);
	/* Logical partitions 5 to 7, of a sector each, after fs_a */
	mbr_set(1, 0, 0x05, EXT, EXT_SECTORS);
	ebr_set(EXT, 1, 1, 2, 2);
	ebr_set(EXT + 2, 1, 1, 4, 2);
	ebr_set(EXT + 4, 1, 1, 0, 0);
	save("fuzz");
	snprintf(path, sizeof(path), "%s/fuzz", tmp);
	fd = open(path, O_RDWR);
	assert_true(fd >= 0);
	fds = count_fds();
	for (round = 0; round < 300; round++) {
		for (i = 0; i < 8; i++) {
			off[i] = fuzz_boot_off(round);
			old[i] = disk.buf[off[i]];
			disk.buf[off[i]] ^= 1 << (random() % 8);
			assert_int_equal(pwrite(fd, &disk.buf[off[i]], 1,
						off[i]), 1);
		}
		clock_gettime(CLOCK_MONOTONIC, &t0);
		if (!boot_path(path, MAX, MAX, &files, why, sizeof(why)))
			ok++;
		hv_boot_files_free(&files);
		assert_true(ms_since(&t0) < 10000);
		for (i = 7; i >= 0; i--) {
			disk.buf[off[i]] = old[i];
			assert_int_equal(pwrite(fd, &old[i], 1, off[i]), 1);
		}
	}
	close(fd);
	assert_int_equal(count_fds(), fds - 1);
	assert_int_equal(waitpid(-1, NULL, WNOHANG), -1);
	assert_int_equal(errno, ECHILD);
	/* Some rounds hit nothing that matters; the disk still boots. */
	assert_true(ok > 0);
	boots("fuzzed", true);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
#define T(fn) cmocka_unit_test_setup_teardown(fn, setup_disk, teardown_disk)
		T(test_bare_fs),
		T(test_chance_magic),
		T(test_mbr),
		T(test_mbr_bootable),
		T(test_mbr_first_kernel),
		T(test_mbr_not_booting),
		T(test_gpt),
		T(test_gpt_legacy_boot),
		T(test_mbr_hostile),
		T(test_mbr_logical),
		T(test_mbr_logical_numbers),
		T(test_mbr_logical_loops),
		T(test_mbr_logical_bounds),
		T(test_mbr_logical_hostile),
		T(test_mbr_logical_cap),
		T(test_gpt_header_hostile),
		T(test_gpt_entries_hostile),
		T(test_fuzz_tables),
		T(test_fuzz_boot),
#undef T
	};

	return cmocka_run_group_tests_name("partition", tests, setup_fs,
					   teardown_fs);
}
