// SPDX-License-Identifier: GPL-2.0
/*
 * libhv's ext2/3/4 reader and hv_disk_boot_files(): real images made by
 * mke2fs read back byte for byte, and hostile ones, built by mke2fs from
 * crafted trees or corrupted in memory, each refused with its error.
 *
 * Images parsed in memory sit between two inaccessible pages, so that a
 * read outside the buffer crashes the test instead of passing unseen.
 */
#define _GNU_SOURCE	/* mkdtemp() */
#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>

#include "libhv.h"
#include "diskimg.h"
#include "ext4.h"
#include "le.h"

#define KERNEL_LEN	(300 * 1024 + 123)	/* double indirect at 1 KiB */
#define INITRD_LEN	(1536 * 1024 + 7)
#define KERNEL_SEED	1
#define INITRD_SEED	2
#define BIG_LEN		(5ULL << 30)
#define FAR_AT		(70 << 20)	/* triple indirect at 1 KiB */
#define FAR_LEN		8192
#define LARGE_LEN	(5 << 20)	/* double indirect at 4 KiB */
#define DEEP		33
#define MAX		(64 << 20)

static char tmp[64];
static struct image img4, img1k, img3;
static char img4_path[128];

/* debian_tree() with this test's kernel and, if @initrd, initrd */
static void boot_tree(const char *dir, bool initrd)
{
	debian_tree(dir, KERNEL_LEN, KERNEL_SEED, initrd ? INITRD_LEN : 0,
		    INITRD_SEED);
}

/* The hostile links and odd files of the 4 KiB ext4 image */
static void hostile_tree(const char *dir)
{
	char path[512], name[16], target[128];
	int i;

	link_at(dir, "loop", "loop");
	link_at(dir, "a", "b");
	link_at(dir, "b", "a");
	link_at(dir, "todir", "boot");
	link_at(dir, "missing", "boot/nothere");
	link_at(dir, "up", "../../../../boot/vmlinuz-" KVER);
	link_at(dir, "boot/abs", "/initrd.img");
	/* Over 60 bytes: a slow link, its target in a block */
	target[0] = '\0';
	for (i = 0; i < 30; i++)
		strcat(target, "./");
	strcat(target, "boot/../boot/vmlinuz-" KVER);
	link_at(dir, "slow", target);
	/* hop1 -> hop2 ... -> hop9 -> vmlinuz -> the kernel: ten links */
	for (i = 1; i <= 9; i++) {
		snprintf(name, sizeof(name), "hop%d", i);
		if (i < 9)
			snprintf(target, sizeof(target), "hop%d", i + 1);
		else
			snprintf(target, sizeof(target), "vmlinuz");
		link_at(dir, name, target);
	}
	snprintf(path, sizeof(path), "%s/big", dir);
	put_file(path, BIG_LEN, 3, 4);
	snprintf(path, sizeof(path), "%s/holey", dir);
	put_file(path, 0, 10, 5);
	put_file(path, 1 << 20, 10, 5);
	snprintf(path, sizeof(path), "%s/fifo", dir);
	assert_int_equal(mkfifo(path, 0600), 0);
	snprintf(path, sizeof(path), "%s", dir);
	for (i = 0; i < DEEP; i++)
		strcat(path, "/n");
	sh("mkdir -p %s", path);
}

/* mke2fs @opts over the tree @sub of tmp, into the image @name */
static void mkfs(const char *sub, const char *name, const char *opts,
		 const char *size)
{
	sh("mke2fs -q -F %s -d %s/%s %s/%s %s", opts, tmp, sub, tmp, name,
	   size);
}

static int setup_images(void **state)
{
	char path[256];

	strcpy(tmp, "/tmp/test_ext4.XXXXXX");
	if (!mkdtemp(tmp))
		return -1;
	sh("mkdir %s/t4 %s/t1k %s/t3", tmp, tmp, tmp);
	snprintf(path, sizeof(path), "%s/t4", tmp);
	boot_tree(path, true);
	hostile_tree(path);
	mkfs("t4", "img4", "-t ext4 -b 4096", "16M");
	snprintf(path, sizeof(path), "%s/t1k", tmp);
	boot_tree(path, true);
	snprintf(path, sizeof(path), "%s/t1k/far", tmp);
	put_file(path, FAR_AT, FAR_LEN, 6);
	mkfs("t1k", "img1k", "-t ext2 -b 1024", "8M");
	snprintf(path, sizeof(path), "%s/t3", tmp);
	boot_tree(path, true);
	snprintf(path, sizeof(path), "%s/t3/large", tmp);
	put_file(path, 0, LARGE_LEN, 7);
	mkfs("t3", "img3", "-t ext4 -O ^extent,^64bit,^flex_bg -b 4096",
	     "16M");
	snprintf(img4_path, sizeof(img4_path), "%s/img4", tmp);
	image_load(&img4, img4_path, SIZE_MAX);
	snprintf(path, sizeof(path), "%s/img1k", tmp);
	image_load(&img1k, path, SIZE_MAX);
	snprintf(path, sizeof(path), "%s/img3", tmp);
	image_load(&img3, path, SIZE_MAX);
	return 0;
}

static int teardown_images(void **state)
{
	image_free(&img4);
	image_free(&img1k);
	image_free(&img3);
	sh("rm -rf %s", tmp);
	return 0;
}

/* What ext4_read() sends: collected, up to @cap bytes */
struct sink {
	unsigned char *buf;
	size_t len, cap;
	size_t calls;
};

static int collect(void *arg, const void *buf, size_t len)
{
	struct sink *s = arg;

	s->calls++;
	if (s->buf) {
		if (len > s->cap - s->len)
			return -ENOSPC;
		memcpy(s->buf + s->len, buf, len);
	}
	s->len += len;
	return 0;
}

static const char *why;

/* Read @path of @im into a new buffer: the error, *@out, *@len */
static int read_path(const struct image *im, const char *path, uint64_t max,
		     unsigned char **out, size_t *len)
{
	struct sink s = { .cap = 128 << 20 };
	struct ext4_fs fs;
	int err;

	s.buf = malloc(s.cap);
	assert_non_null(s.buf);
	why = NULL;
	err = ext4_open(&fs, im->buf, im->len, &why);
	if (!err)
		err = ext4_read_path(&fs, path, max, collect, &s, &why);
	assert_non_null(why);
	if (err) {
		assert_true(*why);
		free(s.buf);
		return err;
	}
	assert_string_equal(why, "");
	*out = s.buf;
	*len = s.len;
	return 0;
}

/* @path of @im has the pattern @seed, @len bytes */
static void reads(const struct image *im, const char *path, size_t len,
		  uint32_t seed)
{
	unsigned char *buf, *want;
	size_t got;

	assert_int_equal(read_path(im, path, MAX, &buf, &got), 0);
	assert_int_equal(got, len);
	want = malloc(len);
	assert_non_null(want);
	pattern(want, len, seed);
	assert_memory_equal(buf, want, len);
	free(want);
	free(buf);
}

/* @path of @im is refused with @err, for a reason that says @words */
static void refused(const struct image *im, const char *path, uint64_t max,
		    int err, const char *words)
{
	unsigned char *buf;
	size_t len;

	assert_int_equal(read_path(im, path, max, &buf, &len), err);
	if (words && !strstr(why, words))
		fail_msg("\"%s\" does not say \"%s\"", why, words);
}

static void test_ext4_files(void **state)
{
	reads(&img4, "/vmlinuz", KERNEL_LEN, KERNEL_SEED);
	reads(&img4, "/initrd.img", INITRD_LEN, INITRD_SEED);
	reads(&img4, "/boot/vmlinuz-" KVER, KERNEL_LEN, KERNEL_SEED);
	reads(&img4, "//boot/./vmlinuz-" KVER, KERNEL_LEN, KERNEL_SEED);
	reads(&img4, "/../../boot/../vmlinuz", KERNEL_LEN, KERNEL_SEED);
}

static void test_ext2_1k(void **state)
{
	unsigned char *buf, *want;
	size_t len;

	reads(&img1k, "/vmlinuz", KERNEL_LEN, KERNEL_SEED);
	reads(&img1k, "/initrd.img", INITRD_LEN, INITRD_SEED);
	/* A hole, then blocks under the triple indirect block */
	assert_int_equal(read_path(&img1k, "/far", MAX + FAR_AT, &buf, &len),
			 0);
	assert_int_equal(len, FAR_AT + FAR_LEN);
	want = calloc(1, len);
	assert_non_null(want);
	pattern(want + FAR_AT, FAR_LEN, 6);
	assert_memory_equal(buf, want, len);
	free(want);
	free(buf);
}

static void test_ext3_block_maps(void **state)
{
	reads(&img3, "/vmlinuz", KERNEL_LEN, KERNEL_SEED);
	reads(&img3, "/initrd.img", INITRD_LEN, INITRD_SEED);
	reads(&img3, "/large", LARGE_LEN, 7);
}

static void test_holes(void **state)
{
	unsigned char *buf, *want;
	size_t len;

	assert_int_equal(read_path(&img4, "/holey", MAX, &buf, &len), 0);
	assert_int_equal(len, (1 << 20) + 10);
	want = calloc(1, len);
	assert_non_null(want);
	pattern(want, 10, 5);
	pattern(want + (1 << 20), 10, 5);
	assert_memory_equal(buf, want, len);
	free(want);
	free(buf);
}

static void test_symlinks(void **state)
{
	reads(&img4, "/up", KERNEL_LEN, KERNEL_SEED);
	reads(&img4, "/slow", KERNEL_LEN, KERNEL_SEED);
	reads(&img4, "/boot/abs", INITRD_LEN, INITRD_SEED);
	/* hop3 .. hop9 and vmlinuz: eight links, the most followed */
	reads(&img4, "/hop3", KERNEL_LEN, KERNEL_SEED);
	refused(&img4, "/hop2", MAX, -ELOOP, "symbolic links");
	refused(&img4, "/hop1", MAX, -ELOOP, "symbolic links");
	refused(&img4, "/loop", MAX, -ELOOP, "symbolic links");
	refused(&img4, "/a", MAX, -ELOOP, "symbolic links");
	refused(&img4, "/todir", MAX, -EISDIR, "directory");
	refused(&img4, "/boot", MAX, -EISDIR, "directory");
	refused(&img4, "/missing", MAX, -ENOENT, "no such");
	refused(&img4, "/nothere", MAX, -ENOENT, "no such");
	refused(&img4, "/vmlinuz/x", MAX, -ENOTDIR, "non-directory");
	refused(&img4, "/fifo", MAX, -EINVAL, "regular");
}

static void test_paths(void **state)
{
	char path[EXT4_PATH_MAX + 8];
	struct ext4_fs fs;
	uint32_t ino;
	int i;

	assert_int_equal(ext4_open(&fs, img4.buf, img4.len, &why), 0);
	assert_int_equal(ext4_lookup(&fs, "vmlinuz", &ino, &why), -EINVAL);
	path[0] = '\0';
	for (i = 0; i < EXT4_DEPTH_MAX; i++)
		strcat(path, "/n");
	assert_int_equal(ext4_lookup(&fs, path, &ino, &why), 0);
	strcat(path, "/n");
	assert_int_equal(ext4_lookup(&fs, path, &ino, &why), -ENAMETOOLONG);
	assert_non_null(strstr(why, "deep"));
	path[0] = '/';
	memset(path + 1, 'x', EXT4_NAME_MAX + 1);
	path[EXT4_NAME_MAX + 2] = '\0';
	assert_int_equal(ext4_lookup(&fs, path, &ino, &why), -ENAMETOOLONG);
	memset(path + 1, 'x', EXT4_PATH_MAX);
	path[EXT4_PATH_MAX + 1] = '\0';
	assert_int_equal(ext4_lookup(&fs, path, &ino, &why), -ENAMETOOLONG);
}

static void test_sizes(void **state)
{
	struct sink s = { 0 };
	struct ext4_fs fs;
	uint32_t ino;
	uint64_t size;

	refused(&img4, "/vmlinuz", KERNEL_LEN - 1, -EFBIG, "too large");
	reads(&img4, "/vmlinuz", KERNEL_LEN, KERNEL_SEED);
	refused(&img4, "/big", 1 << 30, -EFBIG, "too large");
	/* 5 GiB of holes: zeros, a unit of work a block as their bytes cost */
	assert_int_equal(ext4_open(&fs, img4.buf, img4.len, &why), 0);
	assert_int_equal(ext4_lookup(&fs, "/big", &ino, &why), 0);
	assert_int_equal(ext4_file_size(&fs, ino, UINT64_MAX, &size, &why), 0);
	assert_int_equal(size, BIG_LEN + 3);
	assert_int_equal(ext4_read(&fs, ino, UINT64_MAX, collect, &s, &why),
			 0);
	assert_int_equal(s.len, BIG_LEN + 3);
	assert_true(fs.work >= BIG_LEN / 4096 &&
		    fs.work < BIG_LEN / 4096 + 1000);
}

/* A copy of img4 to corrupt, between guard pages too */
static struct image bad;

static int setup_bad(void **state)
{
	image_load(&bad, img4_path, SIZE_MAX);
	return 0;
}

static int teardown_bad(void **state)
{
	image_free(&bad);
	return 0;
}

/* The inode of @path in the image @bad, and its fs */
static unsigned char *inode_of(const char *path, struct ext4_fs *fs)
{
	uint32_t ino;
	uint64_t off;

	assert_int_equal(ext4_open(fs, bad.buf, bad.len, &why), 0);
	assert_int_equal(ext4_lookup(fs, path, &ino, &why), 0);
	assert_int_equal(ext4_inode_offset(fs, ino, &off, &why), 0);
	return bad.buf + off;
}

#define I_BLOCK		0x28
#define EH(in)		((in) + I_BLOCK)
#define EXTENT(in, i)	((in) + I_BLOCK + 12 + 12 * (i))

static void test_extent_past_image(void **state)
{
	struct ext4_fs fs;
	unsigned char *in = inode_of("/boot/vmlinuz-" KVER, &fs);

	put32(EXTENT(in, 0) + 8, fs.blocks + 10);
	refused(&bad, "/vmlinuz", MAX, -EINVAL, "extent past the end");
	/* Its start inside, its end not */
	put32(EXTENT(in, 0) + 8, fs.blocks - 1);
	refused(&bad, "/vmlinuz", MAX, -EINVAL, "extent past the end");
	put32(EXTENT(in, 0) + 8, 0);
	put16(EXTENT(in, 0) + 6, 1);
	refused(&bad, "/vmlinuz", MAX, -EINVAL, "extent past the end");
}

static void test_extent_headers(void **state)
{
	struct ext4_fs fs;
	unsigned char *in = inode_of("/boot/vmlinuz-" KVER, &fs);
	unsigned char save[60];

	memcpy(save, EH(in), sizeof(save));
	put16(EH(in), 0xf30b);
	refused(&bad, "/vmlinuz", MAX, -EINVAL, "magic");
	memcpy(EH(in), save, sizeof(save));
	put16(EH(in) + 6, 6);
	refused(&bad, "/vmlinuz", MAX, -EINVAL, "too deep");
	memcpy(EH(in), save, sizeof(save));
	put16(EH(in) + 2, 5);
	refused(&bad, "/vmlinuz", MAX, -EINVAL, "");
	memcpy(EH(in), save, sizeof(save));
	put16(EH(in) + 4, 5);
	refused(&bad, "/vmlinuz", MAX, -EINVAL, "larger than its block");
	memcpy(EH(in), save, sizeof(save));
	put16(EH(in) + 2, 3);
	put16(EH(in) + 4, 2);
	refused(&bad, "/vmlinuz", MAX, -EINVAL, "more extents");
	memcpy(EH(in), save, sizeof(save));
	put16(EXTENT(in, 0) + 4, 0);
	refused(&bad, "/vmlinuz", MAX, -EINVAL, "empty extent");
	/* Uninitialized: zeros */
	memcpy(EH(in), save, sizeof(save));
	put16(EXTENT(in, 0) + 4, 32768 + 1);
	put32(EXTENT(in, 0) + 8, 0);
	put16(EH(in) + 2, 1);
	{
		unsigned char *buf;
		size_t len, i;

		assert_int_equal(read_path(&bad, "/vmlinuz", MAX, &buf, &len),
				 0);
		assert_int_equal(len, KERNEL_LEN);
		for (i = 0; i < len; i++)
			assert_int_equal(buf[i], 0);
		free(buf);
	}
}

/* An index that points at itself: the depths catch the loop */
static void test_extent_loop(void **state)
{
	struct ext4_fs fs;
	unsigned char *in = inode_of("/boot/vmlinuz-" KVER, &fs);
	uint32_t blk = le32(EXTENT(in, 0) + 8);
	unsigned char *node = bad.buf + (size_t)blk * fs.block_size;

	/* The root: depth 2, one index to blk; blk: depth 1, index to blk */
	put16(EH(in) + 2, 1);
	put16(EH(in) + 6, 2);
	put32(EXTENT(in, 0), 0);
	put32(EXTENT(in, 0) + 4, blk);
	put32(EXTENT(in, 0) + 8, 0);
	put16(node, 0xf30a);
	put16(node + 2, 1);
	put16(node + 4, 4);
	put16(node + 6, 1);
	memcpy(node + 12, EXTENT(in, 0), 12);
	refused(&bad, "/vmlinuz", MAX, -EINVAL, "wrong depth");
	/* And an index past the image */
	put32(EXTENT(in, 0) + 4, fs.blocks);
	refused(&bad, "/vmlinuz", MAX, -EINVAL, "past the end");
}

/* The entry named @name in the root directory of @bad */
static unsigned char *dirent_of(const char *name)
{
	struct ext4_fs fs;
	unsigned char *root = inode_of("/", &fs);
	uint32_t blk = le32(EXTENT(root, 0) + 8);
	unsigned char *b = bad.buf + (size_t)blk * fs.block_size;
	size_t off, len = strlen(name);

	for (off = 0; off + 8 + len <= fs.block_size; off += 4)
		if (b[off + 6] == len && !memcmp(b + off + 8, name, len))
			return b + off;
	fail_msg("no entry %s", name);
	return NULL;
}

static void test_dirents(void **state)
{
	unsigned char *d = dirent_of("vmlinuz");
	unsigned char save[8];
	struct ext4_fs fs;

	memcpy(save, d, 8);
	put16(d + 4, 0);
	refused(&bad, "/vmlinuz", MAX, -EINVAL, "length 0");
	put16(d + 4, 0xfffc);
	refused(&bad, "/vmlinuz", MAX, -EINVAL, "past its block");
	put16(d + 4, 10);
	refused(&bad, "/vmlinuz", MAX, -EINVAL, "bad length");
	put16(d + 4, 12);
	refused(&bad, "/vmlinuz", MAX, -EINVAL, "bad length");
	memcpy(d, save, 8);
	inode_of("/", &fs);
	put32(d, fs.inodes + 1);
	refused(&bad, "/vmlinuz", MAX, -EINVAL, "inode past the last");
	put32(d, 0);
	refused(&bad, "/vmlinuz", MAX, -ENOENT, "no such");
	memcpy(d, save, 8);
	reads(&bad, "/vmlinuz", KERNEL_LEN, KERNEL_SEED);
}

static void test_inodes(void **state)
{
	struct ext4_fs fs;
	unsigned char *in = inode_of("/boot/vmlinuz-" KVER, &fs);
	unsigned char *gd;

	/* Inline data and encryption, which the reader does not do */
	put32(in + 0x20, le32(in + 0x20) | 0x10000000);
	refused(&bad, "/vmlinuz", MAX, -EOPNOTSUPP, "inline");
	put32(in + 0x20, (le32(in + 0x20) & ~0x10000000) | 0x800);
	refused(&bad, "/vmlinuz", MAX, -EOPNOTSUPP, "encrypted");
	put32(in + 0x20, le32(in + 0x20) & ~0x800);
	/* A directory's mode */
	put16(in, 0x41ed);
	refused(&bad, "/vmlinuz", MAX, -EISDIR, "directory");
	put16(in, 0x11a4);
	refused(&bad, "/vmlinuz", MAX, -EINVAL, "regular");
	put16(in, 0x81a4);
	/* The first group's inode table past the image */
	gd = bad.buf + fs.block_size * (fs.first_data_block + 1);
	put32(gd + 8, fs.blocks);
	refused(&bad, "/vmlinuz", MAX, -EINVAL, "inode table");
}

static void test_superblock(void **state)
{
	unsigned char *sb = bad.buf + 1024;
	uint32_t incompat = le32(sb + 0x60), ipg;

	put32(sb + 0x60, incompat | 0x80000000);
	refused(&bad, "/vmlinuz", MAX, -EOPNOTSUPP, "does not know");
	put32(sb + 0x60, incompat | 0x8000);
	refused(&bad, "/vmlinuz", MAX, -EOPNOTSUPP, "inline");
	put32(sb + 0x60, incompat | 0x10000);
	refused(&bad, "/vmlinuz", MAX, -EOPNOTSUPP, "encrypt");
	put32(sb + 0x60, incompat | 0x10);
	refused(&bad, "/vmlinuz", MAX, -EOPNOTSUPP, "meta_bg");
	/* RECOVER: a journal to replay, read as it is */
	put32(sb + 0x60, incompat | 0x4);
	reads(&bad, "/vmlinuz", KERNEL_LEN, KERNEL_SEED);
	put32(sb + 0x60, incompat);
	put32(sb + 0x18, 7);
	refused(&bad, "/vmlinuz", MAX, -EINVAL, "block size");
	put32(sb + 0x18, 2);
	put32(sb + 0x4, le32(sb + 0x4) + 1);
	refused(&bad, "/vmlinuz", MAX, -EINVAL, "shorter");
	put32(sb + 0x4, le32(sb + 0x4) - 1);
	ipg = le32(sb + 0x28);
	put32(sb + 0x28, 0);
	refused(&bad, "/vmlinuz", MAX, -EINVAL, "counts");
	/* Fewer inodes per group than s_inodes_count needs */
	put32(sb + 0x28, 1);
	refused(&bad, "/vmlinuz", MAX, -EINVAL, "more inodes");
	put32(sb + 0x28, ipg);
	put16(sb + 0x58, 100);
	refused(&bad, "/vmlinuz", MAX, -EINVAL, "inode size");
	put16(sb + 0x58, 256);
	put16(sb + 0x38, 0);
	refused(&bad, "/vmlinuz", MAX, -EINVAL, "not an ext2");
}

static void test_short_images(void **state)
{
	struct image im;
	char path[256];

	snprintf(path, sizeof(path), "%s/img4", tmp);
	image_load(&im, path, 64 * 1024);
	refused(&im, "/vmlinuz", MAX, -EINVAL, "shorter");
	image_free(&im);
	image_load(&im, path, 1500);
	refused(&im, "/vmlinuz", MAX, -EINVAL, "too small");
	image_free(&im);
	memset(bad.buf, 0, bad.len);
	refused(&bad, "/vmlinuz", MAX, -EINVAL, "not an ext2");
}

static void test_work_limit(void **state)
{
	struct sink s = { 0 };
	struct ext4_fs fs;

	assert_int_equal(ext4_open(&fs, img1k.buf, img1k.len, &why), 0);
	fs.work_max = 100;
	assert_int_equal(ext4_read_path(&fs, "/vmlinuz", MAX, collect, &s,
					&why), -EINVAL);
	assert_non_null(strstr(why, "too much work"));
}

/*
 * Random bytes in the metadata, many times over: whatever comes out, an
 * error or bytes, nothing crashes or reads outside (the guard pages).
 */
static void test_fuzz(void **state)
{
	size_t meta = 2 << 20, off[8];
	unsigned char old[8];
	struct ext4_fs fs;
	struct sink s;
	int round, i;

	srandom(1);
	for (round = 0; round < 3000; round++) {
		for (i = 0; i < 8; i++) {
			off[i] = random() % meta;
			old[i] = bad.buf[off[i]];
			bad.buf[off[i]] ^= 1 << (random() % 8);
		}
		memset(&s, 0, sizeof(s));
		if (!ext4_open(&fs, bad.buf, bad.len, &why)) {
			ext4_read_path(&fs, "/vmlinuz", MAX, collect, &s, &why);
			ext4_read_path(&fs, "/initrd.img", MAX, collect, &s,
				       &why);
		}
		for (i = 7; i >= 0; i--)
			bad.buf[off[i]] = old[i];
	}
	reads(&bad, "/vmlinuz", KERNEL_LEN, KERNEL_SEED);
}

/* hv_disk_boot_files(), end to end, on image files */

static char bwhy[256];

/* An image whose /vmlinuz is a link to @kernel (NULL: the real one) */
static void boot_image(const char *name, const char *kernel, bool initrd)
{
	char dir[256];

	snprintf(dir, sizeof(dir), "%s/%s.d", tmp, name);
	sh("rm -rf %s && mkdir %s", dir, dir);
	boot_tree(dir, initrd);
	if (kernel) {
		sh("rm %s/vmlinuz", dir);
		link_at(dir, "vmlinuz", kernel);
	}
	snprintf(dir, sizeof(dir), "%s.d", name);
	mkfs(dir, name, "-t ext4 -b 4096", "8M");
}

static int boot(const char *name, size_t kmax, size_t imax,
		struct hv_boot_files *files)
{
	char path[256];

	snprintf(path, sizeof(path), "%s/%s", tmp, name);
	return boot_path(path, kmax, imax, files, bwhy, sizeof(bwhy));
}

static void boot_refused(const char *name, size_t kmax, int err,
			 const char *words)
{
	struct hv_boot_files files;

	assert_int_equal(boot(name, kmax, MAX, &files), err);
	if (!strstr(bwhy, words))
		fail_msg("\"%s\" does not say \"%s\"", bwhy, words);
}

static void test_boot_files(void **state)
{
	struct hv_boot_files files;

	assert_int_equal(boot("img4", MAX, MAX, &files), 0);
	check_file(files.kernel, files.kernel_len, KERNEL_LEN, KERNEL_SEED);
	check_file(files.initrd, files.initrd_len, INITRD_LEN, INITRD_SEED);
	hv_boot_files_free(&files);
	assert_null(files.kernel);
	assert_int_equal(boot("img1k", MAX, MAX, &files), 0);
	check_file(files.kernel, files.kernel_len, KERNEL_LEN, KERNEL_SEED);
	check_file(files.initrd, files.initrd_len, INITRD_LEN, INITRD_SEED);
	hv_boot_files_free(&files);
	assert_int_equal(boot("img3", MAX, MAX, &files), 0);
	check_file(files.kernel, files.kernel_len, KERNEL_LEN, KERNEL_SEED);
	hv_boot_files_free(&files);
}

static void test_boot_no_initrd(void **state)
{
	struct hv_boot_files files;

	boot_image("noinitrd", NULL, false);
	assert_int_equal(boot("noinitrd", MAX, MAX, &files), 0);
	check_file(files.kernel, files.kernel_len, KERNEL_LEN, KERNEL_SEED);
	assert_null(files.initrd);
	assert_int_equal(files.initrd_len, 0);
	assert_string_equal(bwhy, "");
	hv_boot_files_free(&files);
}

static void test_boot_hostile(void **state)
{
	char dir[256];

	boot_image("selfloop", "vmlinuz", true);
	boot_refused("selfloop", MAX, -ELOOP, "/vmlinuz: too many");
	boot_image("todir", "boot", true);
	boot_refused("todir", MAX, -EISDIR, "/vmlinuz: a directory");
	boot_image("missing", "boot/vmlinuz-none", true);
	boot_refused("missing", MAX, -ENOENT, "/vmlinuz: no such");
	boot_refused("img4", KERNEL_LEN - 1, -EFBIG, "/vmlinuz: file too");
	/* A broken initrd is an error, not "no initrd" */
	boot_image("badinitrd", NULL, false);
	snprintf(dir, sizeof(dir), "%s/badinitrd.d", tmp);
	link_at(dir, "initrd.img", "initrd.img");
	mkfs("badinitrd.d", "badinitrd", "-t ext4 -b 4096", "8M");
	boot_refused("badinitrd", MAX, -ELOOP, "/initrd.img: too many");
}

static void test_boot_bad_images(void **state)
{
	sh("head -c 65536 %s/img4 > %s/trunc", tmp, tmp);
	boot_refused("trunc", MAX, -EINVAL, "shorter than its file system");
	sh("head -c 8M /dev/zero > %s/zeros", tmp);
	boot_refused("zeros", MAX, -EINVAL, "not an ext2");
	sh("head -c 100 %s/img4 > %s/tiny", tmp, tmp);
	boot_refused("tiny", MAX, -EINVAL, "holds no file system");
	sh("touch %s/empty", tmp);
	boot_refused("empty", MAX, -EINVAL, "holds no file system");
	/* An unknown incompatible feature: byte 0x63 of the superblock */
	sh("cp %s/img4 %s/incompat", tmp, tmp);
	sh("printf '\\200' | dd of=%s/incompat bs=1 seek=%d conv=notrunc status=none",
	   tmp, 1024 + 0x63);
	boot_refused("incompat", MAX, -EOPNOTSUPP, "does not know");
}

static void test_boot_not_a_file(void **state)
{
	struct hv_boot_files files;
	int fd = open("/dev/null", O_RDONLY);

	assert_true(fd >= 0);
	assert_int_equal(hv_disk_boot_files(fd, MAX, MAX, &files, bwhy,
					    sizeof(bwhy)), -EINVAL);
	close(fd);
	assert_non_null(strstr(bwhy, "not a regular file"));
}

/* No child, descriptor or mapping left behind, on success or failure */
static void test_boot_no_leaks(void **state)
{
	struct hv_boot_files files;
	int fds = count_fds(), i;

	for (i = 0; i < 3; i++) {
		assert_int_equal(boot("img4", MAX, MAX, &files), 0);
		hv_boot_files_free(&files);
		assert_int_equal(boot("selfloop", MAX, MAX, &files), -ELOOP);
		assert_int_equal(boot("img4", 10, MAX, &files), -EFBIG);
		assert_int_equal(boot("trunc", MAX, MAX, &files), -EINVAL);
	}
	assert_int_equal(count_fds(), fds);
	assert_int_equal(waitpid(-1, NULL, WNOHANG), -1);
	assert_int_equal(errno, ECHILD);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_ext4_files),
		cmocka_unit_test(test_ext2_1k),
		cmocka_unit_test(test_ext3_block_maps),
		cmocka_unit_test(test_holes),
		cmocka_unit_test(test_symlinks),
		cmocka_unit_test(test_paths),
		cmocka_unit_test(test_sizes),
		cmocka_unit_test_setup_teardown(test_extent_past_image,
						setup_bad, teardown_bad),
		cmocka_unit_test_setup_teardown(test_extent_headers,
						setup_bad, teardown_bad),
		cmocka_unit_test_setup_teardown(test_extent_loop,
						setup_bad, teardown_bad),
		cmocka_unit_test_setup_teardown(test_dirents,
						setup_bad, teardown_bad),
		cmocka_unit_test_setup_teardown(test_inodes,
						setup_bad, teardown_bad),
		cmocka_unit_test_setup_teardown(test_superblock,
						setup_bad, teardown_bad),
		cmocka_unit_test_setup_teardown(test_short_images,
						setup_bad, teardown_bad),
		cmocka_unit_test(test_work_limit),
		cmocka_unit_test_setup_teardown(test_fuzz,
						setup_bad, teardown_bad),
		cmocka_unit_test(test_boot_files),
		cmocka_unit_test(test_boot_no_initrd),
		cmocka_unit_test(test_boot_hostile),
		cmocka_unit_test(test_boot_bad_images),
		cmocka_unit_test(test_boot_not_a_file),
		cmocka_unit_test(test_boot_no_leaks),
	};

	return cmocka_run_group_tests_name("ext4", tests, setup_images,
					   teardown_images);
}
