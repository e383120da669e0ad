/* SPDX-License-Identifier: LGPL-2.1 */
/*
 * The partitions of a disk image's MBR or GPT partition table, for
 * hv_disk_boot_files(): where each lies and in which order to look for
 * the kernel in them.  The table is the guest's and hostile: every field
 * is checked, nothing outside the buffer is read, and nothing is
 * allocated (it runs under seccomp's strict mode, as ext4.c does).
 * Sectors are 512 bytes: a disk of 4 KiB sectors is not read.
 */
#ifndef LIBHV_PARTITION_H
#define LIBHV_PARTITION_H

#include <stddef.h>
#include <stdint.h>

#define PART_SECTOR	512
#define PART_MAX	1024	/* GPT entries in a table at the most */

/* A partition: its bytes in the image, and its number as Linux gives it */
struct part {
	uint64_t off;
	uint64_t len;
	uint32_t number;	/* 1 for xvda1: the slot; logical ones from 5 */
};

struct part_table {
	const char *kind;	/* "MBR" or "GPT" */
	unsigned int count;	/* at least 1 */
	struct part parts[PART_MAX];
};

/*
 * part_list() - the partitions of the table at the start of @img's @len
 * bytes, in the order to try them: the ones marked bootable (MBR's
 * active flag, GPT's legacy BIOS bootable attribute) first, then the
 * rest, each in the table's order; an MBR's logical partitions come
 * last, in the order of their chain of EBRs (their flags not looked at).
 * Partitions that start at sector 0 (the image itself) and the MBR's
 * extended one are left out.
 * Return: 0, -ENOENT (no partition table), or -EINVAL (a corrupt table,
 * or one without partitions), with the reason in *@why.
 */
int part_list(const void *img, size_t len, struct part_table *t,
	      const char **why);

#endif /* LIBHV_PARTITION_H */
