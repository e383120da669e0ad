// SPDX-License-Identifier: GPL-2.0
/*
 * Disk images for the boot-disk reader's tests, see diskimg.h.
 */
#include <dirent.h>
#include <fcntl.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "diskimg.h"

void put16(unsigned char *p, uint16_t v)
{
	p[0] = v;
	p[1] = v >> 8;
}

void put32(unsigned char *p, uint32_t v)
{
	put16(p, v);
	put16(p + 2, v >> 16);
}

void put64(unsigned char *p, uint64_t v)
{
	put32(p, v);
	put32(p + 4, v >> 32);
}

void pattern(unsigned char *buf, size_t len, uint32_t seed)
{
	uint32_t x = seed * 2654435761U + 1;
	size_t i;

	for (i = 0; i < len; i++) {
		x ^= x << 13;
		x ^= x >> 17;
		x ^= x << 5;
		buf[i] = x;
	}
}

void sh(const char *fmt, ...)
{
	char cmd[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(cmd, sizeof(cmd), fmt, ap);
	va_end(ap);
	if (system(cmd))
		fail_msg("failed: %s", cmd);
}

void put_file(const char *path, off_t at, size_t len, uint32_t seed)
{
	unsigned char *buf = malloc(len);
	int fd;

	assert_non_null(buf);
	pattern(buf, len, seed);
	/* Written at 0: a new file; elsewhere: added to one */
	fd = open(path, O_WRONLY | O_CREAT | (at ? 0 : O_TRUNC), 0644);
	assert_true(fd >= 0);
	assert_int_equal(pwrite(fd, buf, len, at), len);
	close(fd);
	free(buf);
}

void link_at(const char *dir, const char *name, const char *target)
{
	char path[1024];

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	assert_int_equal(symlink(target, path), 0);
}

void debian_tree(const char *dir, size_t kernel_len, uint32_t kernel_seed,
		 size_t initrd_len, uint32_t initrd_seed)
{
	char path[256];

	snprintf(path, sizeof(path), "%s/boot", dir);
	sh("mkdir -p %s", path);
	snprintf(path, sizeof(path), "%s/boot/vmlinuz-" KVER, dir);
	put_file(path, 0, kernel_len, kernel_seed);
	link_at(dir, "vmlinuz", "boot/vmlinuz-" KVER);
	if (!initrd_len)
		return;
	snprintf(path, sizeof(path), "%s/boot/initrd.img-" KVER, dir);
	put_file(path, 0, initrd_len, initrd_seed);
	link_at(dir, "initrd.img", "boot/initrd.img-" KVER);
}

void check_file(const void *buf, size_t len, size_t want_len, uint32_t seed)
{
	unsigned char *want = malloc(want_len);

	assert_non_null(want);
	assert_int_equal(len, want_len);
	pattern(want, want_len, seed);
	assert_memory_equal(buf, want, len);
	free(want);
}

void image_alloc(struct image *im, size_t len)
{
	long page = sysconf(_SC_PAGESIZE);
	size_t room = (len + page - 1) / page * page;

	im->len = len;
	im->map_len = room + 2 * page;
	im->map = mmap(NULL, im->map_len, PROT_NONE,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	assert_true(im->map != MAP_FAILED);
	assert_int_equal(mprotect((char *)im->map + page, room,
				  PROT_READ | PROT_WRITE), 0);
	/* Its end against the guard page after it */
	im->buf = (unsigned char *)im->map + page + room - len;
}

void image_load(struct image *im, const char *path, size_t max)
{
	struct stat st;
	int fd;

	fd = open(path, O_RDONLY);
	assert_true(fd >= 0);
	assert_int_equal(fstat(fd, &st), 0);
	image_alloc(im, (size_t)st.st_size < max ? (size_t)st.st_size : max);
	assert_int_equal(pread(fd, im->buf, im->len, 0), im->len);
	close(fd);
}

void image_free(struct image *im)
{
	if (im->map)
		munmap(im->map, im->map_len);
	memset(im, 0, sizeof(*im));
}

int boot_path(const char *path, size_t kmax, size_t imax,
	      struct hv_boot_files *files, char *why, size_t why_len)
{
	int fd, err;

	fd = open(path, O_RDONLY);
	assert_true(fd >= 0);
	memset(why, 'x', why_len);
	err = hv_disk_boot_files(fd, kmax, imax, files, why, why_len);
	close(fd);
	if (err) {
		assert_null(files->kernel);
		assert_null(files->initrd);
		assert_true(why[0] && strlen(why) < why_len);
	}
	return err;
}

int count_fds(void)
{
	DIR *d = opendir("/proc/self/fd");
	int n = 0;

	assert_non_null(d);
	while (readdir(d))
		n++;
	closedir(d);
	return n;
}
