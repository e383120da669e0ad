/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Disk images for the tests of libhv's boot-disk reader (test_ext4,
 * test_partition): trees of files with known bytes for mke2fs -d, images
 * held in memory between inaccessible pages, and hv_disk_boot_files()
 * run on an image file.
 */
#ifndef DISKIMG_H
#define DISKIMG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "libhv.h"

#define KVER		"6.1.192-hv"

/* An image in memory, its end against an inaccessible page */
struct image {
	unsigned char *buf;
	size_t len;
	void *map;
	size_t map_len;
};

/* Little-endian fields, written into an image (le.h reads them) */
void put16(unsigned char *p, uint16_t v);
void put32(unsigned char *p, uint32_t v);
void put64(unsigned char *p, uint64_t v);

/* @len bytes of the pseudo-random pattern @seed */
void pattern(unsigned char *buf, size_t len, uint32_t seed);
/* Run a shell command; the test fails if it does */
void sh(const char *fmt, ...);
/* @len bytes of pattern @seed at @at of @path (at 0: a new file) */
void put_file(const char *path, off_t at, size_t len, uint32_t seed);
void link_at(const char *dir, const char *name, const char *target);
/*
 * A Debian-like tree in @dir: /boot/vmlinuz-KVER with pattern
 * @kernel_seed and the link /vmlinuz to it, and if @initrd_len, the same
 * for /initrd.img.
 */
void debian_tree(const char *dir, size_t kernel_len, uint32_t kernel_seed,
		 size_t initrd_len, uint32_t initrd_seed);
/* @buf holds @want_len bytes of pattern @seed */
void check_file(const void *buf, size_t len, size_t want_len, uint32_t seed);

/* @len zero bytes between inaccessible pages */
void image_alloc(struct image *im, size_t len);
/* The first @max bytes of the file @path, as image_alloc()'s */
void image_load(struct image *im, const char *path, size_t max);
void image_free(struct image *im);

/*
 * hv_disk_boot_files() on the file @path, @why filled with 'x' first.
 * On failure, checks that nothing was returned and @why says something.
 */
int boot_path(const char *path, size_t kmax, size_t imax,
	      struct hv_boot_files *files, char *why, size_t why_len);

/* The process's open descriptors, to find leaks */
int count_fds(void);

#endif /* DISKIMG_H */
