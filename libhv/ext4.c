// SPDX-License-Identifier: LGPL-2.1
/*
 * Reading files out of an ext2, ext3 or ext4 file system in memory, for
 * hv_disk_boot_files(): the superblock, the group descriptors, inodes,
 * extent trees and the older block maps, linear directories and symbolic
 * links; nothing is ever written.
 *
 * The image is the guest's and hostile (pygrub's readers gave Xen's dom0
 * XSA-443), so:
 * - every number read from it is checked before it is used, in 64-bit
 *   arithmetic that cannot wrap: block numbers against s_blocks_count,
 *   which ext4_open() checked fits in the buffer; inode numbers against
 *   s_inodes_count; every offset against the end of its block;
 * - the trees end: an extent node's depth must be one less than its
 *   parent's, block maps have three levels, a lookup follows at most
 *   EXT4_HOPS_MAX links and goes at most EXT4_DEPTH_MAX directories deep;
 * - the work is counted (struct ext4_fs), so no image keeps it busy long;
 * - nothing is allocated and nothing but @out is called: this runs in a
 *   child under seccomp's strict mode.
 * Fields are read byte by byte, little-endian, since nothing in the image
 * need be aligned.  Checksums are not checked: they guard against decay,
 * not against an attacker, who can compute them.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "ext4.h"
#include "le.h"

/* The superblock, at byte 1024 of the image, and its fields */
#define SB_AT			1024
#define SB_LEN			1024
#define SB_INODES_COUNT		0x00
#define SB_BLOCKS_COUNT_LO	0x04
#define SB_FIRST_DATA_BLOCK	0x14
#define SB_LOG_BLOCK_SIZE	0x18
#define SB_BLOCKS_PER_GROUP	0x20
#define SB_INODES_PER_GROUP	0x28
#define SB_MAGIC		0x38
#define SB_REV_LEVEL		0x4c
#define SB_INODE_SIZE		0x58
#define SB_FEATURE_INCOMPAT	0x60
#define SB_DESC_SIZE		0xfe
#define SB_BLOCKS_COUNT_HI	0x150

#define EXT4_MAGIC		0xef53
#define LOG_BLOCK_SIZE_MAX	6	/* 1024 << 6: 64 KiB */
#define GOOD_OLD_INODE_SIZE	128

#define INCOMPAT_FILETYPE	0x0002
#define INCOMPAT_RECOVER	0x0004
#define INCOMPAT_META_BG	0x0010
#define INCOMPAT_EXTENTS	0x0040
#define INCOMPAT_64BIT		0x0080
#define INCOMPAT_FLEX_BG	0x0200
#define INCOMPAT_CSUM_SEED	0x2000
#define INCOMPAT_INLINE_DATA	0x8000
#define INCOMPAT_ENCRYPT	0x10000

/*
 * What this reader knows.  RECOVER: the journal holds changes not yet
 * written back; what is in place is read, as a kernel booting the image
 * would have had it before its last crash.  CSUM_SEED only changes how
 * checksums are seeded, and they are not checked.
 */
#define INCOMPAT_KNOWN		(INCOMPAT_FILETYPE | INCOMPAT_RECOVER | \
				 INCOMPAT_EXTENTS | INCOMPAT_64BIT | \
				 INCOMPAT_FLEX_BG | INCOMPAT_CSUM_SEED)

/* A group descriptor's inode table, in 32 bits and (64BIT) the top 32 */
#define BG_INODE_TABLE_LO	0x08
#define BG_INODE_TABLE_HI	0x28
#define DESC_SIZE_MIN		32
#define DESC_SIZE_64BIT		64
#define DESC_SIZE_MAX		1024

/* An inode's fields */
#define I_MODE			0x00
#define I_SIZE_LO		0x04
#define I_BLOCKS_LO		0x1c
#define I_FLAGS			0x20
#define I_BLOCK			0x28
#define I_FILE_ACL_LO		0x68
#define I_SIZE_HIGH		0x6c
#define I_BLOCK_LEN		60

#define S_IFMT_			0xf000
#define S_IFREG_		0x8000
#define S_IFDIR_		0x4000
#define S_IFLNK_		0xa000

#define FL_ENCRYPT		0x00000800
#define FL_EXTENTS		0x00080000
#define FL_INLINE_DATA		0x10000000

/* Extent trees: a header, then extents (leaves) or indexes */
#define EXT_MAGIC		0xf30a
#define EXT_DEPTH_MAX		5
#define EXT_HEADER_LEN		12
#define EXT_ENTRY_LEN		12
#define EXT_INIT_MAX_LEN	32768	/* longer: uninitialized, less this */

/* Block maps: 12 direct blocks, then one indirect, double, triple */
#define NDIR_BLOCKS		12

/* A directory entry: inode, rec_len, name_len, file type, name */
#define DIRENT_HEADER_LEN	8

struct inode {
	uint32_t ino;
	uint16_t mode;
	uint32_t flags;
	uint64_t size;
	uint32_t blocks_lo;
	uint32_t file_acl;
	unsigned char block[I_BLOCK_LEN];
};

/*
 * A run of a file's blocks from some logical block on: @count blocks at
 * @phys on, or a hole of @count blocks (@hole) that reads as zeros.
 */
struct run {
	uint64_t phys;
	uint64_t count;
	bool hole;
};

/*
 * Where a walk over a file's data goes: @data is NULL for zeros.  @len
 * is a whole number of blocks except perhaps at the end.
 */
typedef int (*walk_fn)(struct ext4_fs *fs, const unsigned char *data,
		       uint64_t len, void *arg);

static int fail(struct ext4_fs *fs, int err, const char *why)
{
	fs->why = why;
	return err;
}

/* Hand the result of a public call to its caller */
static int done(struct ext4_fs *fs, int err, const char **why)
{
	if (why)
		*why = err ? fs->why : "";
	return err;
}

static int charge(struct ext4_fs *fs, uint64_t units)
{
	fs->work += units;
	if (fs->work > fs->work_max)
		return fail(fs, -EINVAL,
			    "too much work: the file system is crafted or corrupt");
	return 0;
}

/* Block @nr, which the caller checked is below fs->blocks */
static const unsigned char *block_at(const struct ext4_fs *fs, uint64_t nr)
{
	return fs->img + nr * fs->block_size;
}

static bool is_pow2(uint32_t n)
{
	return n && !(n & (n - 1));
}

static int check_features(struct ext4_fs *fs)
{
	if (fs->incompat & INCOMPAT_INLINE_DATA)
		return fail(fs, -EOPNOTSUPP,
			    "inline data (ext4 feature inline_data) is not supported");
	if (fs->incompat & INCOMPAT_ENCRYPT)
		return fail(fs, -EOPNOTSUPP,
			    "encryption (ext4 feature encrypt) is not supported");
	if (fs->incompat & INCOMPAT_META_BG)
		return fail(fs, -EOPNOTSUPP,
			    "meta_bg group descriptors are not supported");
	if (fs->incompat & ~INCOMPAT_KNOWN)
		return fail(fs, -EOPNOTSUPP,
			    "an incompatible ext4 feature this reader does not know");
	return 0;
}

/* The sizes of blocks, inodes and group descriptors */
static int read_sizes(struct ext4_fs *fs, const unsigned char *sb)
{
	uint32_t log = le32(sb + SB_LOG_BLOCK_SIZE);

	if (log > LOG_BLOCK_SIZE_MAX)
		return fail(fs, -EINVAL, "block size above 64 KiB");
	fs->block_size = 1024U << log;
	fs->inode_size = GOOD_OLD_INODE_SIZE;
	if (le32(sb + SB_REV_LEVEL))
		fs->inode_size = le16(sb + SB_INODE_SIZE);
	if (fs->inode_size < GOOD_OLD_INODE_SIZE ||
	    !is_pow2(fs->inode_size) || fs->inode_size > fs->block_size)
		return fail(fs, -EINVAL, "bad inode size");
	fs->desc_size = DESC_SIZE_MIN;
	if (fs->incompat & INCOMPAT_64BIT) {
		fs->desc_size = le16(sb + SB_DESC_SIZE);
		if (fs->desc_size < DESC_SIZE_MIN ||
		    fs->desc_size > DESC_SIZE_MAX || !is_pow2(fs->desc_size))
			return fail(fs, -EINVAL, "bad group descriptor size");
	}
	return 0;
}

/* The counts of blocks, inodes and groups, and that they fit the image */
static int read_counts(struct ext4_fs *fs, const unsigned char *sb)
{
	uint64_t gdt_end;

	fs->blocks = le32(sb + SB_BLOCKS_COUNT_LO);
	if (fs->incompat & INCOMPAT_64BIT)
		fs->blocks |= (uint64_t)le32(sb + SB_BLOCKS_COUNT_HI) << 32;
	if (fs->blocks > fs->len / fs->block_size)
		return fail(fs, -EINVAL,
			    "the image is shorter than its file system");
	fs->first_data_block = le32(sb + SB_FIRST_DATA_BLOCK);
	fs->blocks_per_group = le32(sb + SB_BLOCKS_PER_GROUP);
	fs->inodes = le32(sb + SB_INODES_COUNT);
	fs->inodes_per_group = le32(sb + SB_INODES_PER_GROUP);
	if (fs->first_data_block >= fs->blocks || !fs->blocks_per_group ||
	    !fs->inodes_per_group || fs->inodes < EXT4_ROOT_INO)
		return fail(fs, -EINVAL, "bad block or inode counts");
	fs->groups = (fs->blocks - fs->first_data_block +
		      fs->blocks_per_group - 1) / fs->blocks_per_group;
	if ((fs->inodes - 1) / fs->inodes_per_group >= fs->groups)
		return fail(fs, -EINVAL, "more inodes than the groups hold");
	/* The descriptors follow the superblock's block. */
	gdt_end = ((uint64_t)fs->first_data_block + 1) * fs->block_size +
		  fs->groups * fs->desc_size;
	if (gdt_end > fs->blocks * fs->block_size)
		return fail(fs, -EINVAL,
			    "group descriptors past the end of the image");
	return 0;
}

bool ext4_probe(const void *img, size_t len)
{
	const unsigned char *sb = (const unsigned char *)img + SB_AT;

	return len >= SB_AT + SB_LEN && le16(sb + SB_MAGIC) == EXT4_MAGIC;
}

int ext4_open(struct ext4_fs *fs, const void *img, size_t len,
	      const char **why)
{
	const unsigned char *sb;
	int err;

	memset(fs, 0, sizeof(*fs));
	fs->img = img;
	fs->len = len;
	fs->work_max = EXT4_WORK_MAX;
	if (len < SB_AT + SB_LEN)
		return done(fs, fail(fs, -EINVAL,
				     "too small to hold a file system"), why);
	sb = fs->img + SB_AT;
	if (!ext4_probe(img, len))
		return done(fs, fail(fs, -EINVAL,
				     "not an ext2, ext3 or ext4 file system"),
			    why);
	fs->incompat = le32(sb + SB_FEATURE_INCOMPAT);
	err = check_features(fs);
	if (!err)
		err = read_sizes(fs, sb);
	if (!err)
		err = read_counts(fs, sb);
	return done(fs, err, why);
}

static int inode_offset(struct ext4_fs *fs, uint32_t ino, uint64_t *off)
{
	uint64_t group, index, desc, table;
	const unsigned char *d;

	if (ino < 1 || ino > fs->inodes)
		return fail(fs, -EINVAL, "inode number out of range");
	group = (ino - 1) / fs->inodes_per_group;
	index = (ino - 1) % fs->inodes_per_group;
	if (group >= fs->groups)
		return fail(fs, -EINVAL, "inode in a group past the last");
	/* read_counts() checked that the descriptors are all inside. */
	desc = ((uint64_t)fs->first_data_block + 1) * fs->block_size +
	       group * fs->desc_size;
	d = fs->img + desc;
	table = le32(d + BG_INODE_TABLE_LO);
	if (fs->desc_size >= DESC_SIZE_64BIT)
		table |= (uint64_t)le32(d + BG_INODE_TABLE_HI) << 32;
	if (table >= fs->blocks ||
	    index * fs->inode_size / fs->block_size >= fs->blocks - table)
		return fail(fs, -EINVAL,
			    "inode table past the end of the image");
	*off = table * fs->block_size + index * fs->inode_size;
	return 0;
}

int ext4_inode_offset(struct ext4_fs *fs, uint32_t ino, uint64_t *off,
		      const char **why)
{
	return done(fs, inode_offset(fs, ino, off), why);
}

static int get_inode(struct ext4_fs *fs, uint32_t ino, struct inode *in)
{
	const unsigned char *p;
	uint64_t off;
	int err;

	err = inode_offset(fs, ino, &off);
	if (err)
		return err;
	p = fs->img + off;
	in->ino = ino;
	in->mode = le16(p + I_MODE);
	in->flags = le32(p + I_FLAGS);
	in->size = le32(p + I_SIZE_LO) |
		   (uint64_t)le32(p + I_SIZE_HIGH) << 32;
	in->blocks_lo = le32(p + I_BLOCKS_LO);
	in->file_acl = le32(p + I_FILE_ACL_LO);
	memcpy(in->block, p + I_BLOCK, I_BLOCK_LEN);
	if (in->flags & FL_INLINE_DATA)
		return fail(fs, -EOPNOTSUPP,
			    "inline data (ext4 feature inline_data) is not supported");
	if (in->flags & FL_ENCRYPT)
		return fail(fs, -EOPNOTSUPP, "an encrypted file");
	if ((in->flags & FL_EXTENTS) && !(fs->incompat & INCOMPAT_EXTENTS))
		return fail(fs, -EINVAL,
			    "extents in a file system without the extent feature");
	return 0;
}

/*
 * Check the header of an extent node of @len bytes, whose depth must be
 * @depth (or anything up to EXT_DEPTH_MAX for the root's, @depth < 0).
 */
static int ext_header(struct ext4_fs *fs, const unsigned char *node,
		      uint32_t len, int depth, unsigned int *entries,
		      unsigned int *node_depth)
{
	unsigned int max = le16(node + 4);

	*entries = le16(node + 2);
	*node_depth = le16(node + 6);
	if (le16(node) != EXT_MAGIC)
		return fail(fs, -EINVAL, "bad extent header magic");
	if (*node_depth > EXT_DEPTH_MAX)
		return fail(fs, -EINVAL, "extent tree too deep");
	if (depth >= 0 && *node_depth != (unsigned int)depth)
		return fail(fs, -EINVAL, "extent node at the wrong depth");
	if (max > (len - EXT_HEADER_LEN) / EXT_ENTRY_LEN)
		return fail(fs, -EINVAL, "extent node larger than its block");
	if (*entries > max)
		return fail(fs, -EINVAL, "more extents than the node holds");
	return charge(fs, 1 + *entries);
}

/* The run at @lb in an extent leaf; @next: where the next entry starts */
static int ext_leaf(struct ext4_fs *fs, const unsigned char *e,
		    unsigned int entries, uint64_t lb, uint64_t next,
		    struct run *run)
{
	uint64_t start, len, phys;
	unsigned int i;

	for (i = 0; i < entries; i++, e += EXT_ENTRY_LEN) {
		start = le32(e);
		len = le16(e + 4);
		if (start > lb) {
			if (start < next)
				next = start;
			continue;
		}
		run->hole = len > EXT_INIT_MAX_LEN;
		if (run->hole)
			len -= EXT_INIT_MAX_LEN;
		if (!len)
			return fail(fs, -EINVAL, "an empty extent");
		if (lb >= start + len)
			continue;
		phys = le32(e + 8) | (uint64_t)le16(e + 6) << 32;
		if (phys >= fs->blocks || len > fs->blocks - phys)
			return fail(fs, -EINVAL,
				    "extent past the end of the image");
		run->phys = phys + (lb - start);
		run->count = start + len - lb;
		return 0;
	}
	run->hole = true;
	run->count = next - lb;
	return 0;
}

/* Map @lb through the extent tree of @in */
static int ext_map(struct ext4_fs *fs, const struct inode *in, uint64_t lb,
		   struct run *run)
{
	const unsigned char *node = in->block, *e, *best;
	uint32_t len = I_BLOCK_LEN;
	uint64_t next = UINT64_MAX, start, child;
	unsigned int entries, depth, i;
	int want = -1, err;

	for (;;) {
		err = ext_header(fs, node, len, want, &entries, &depth);
		if (err)
			return err;
		e = node + EXT_HEADER_LEN;
		if (!depth)
			return ext_leaf(fs, e, entries, lb, next, run);
		/* The index whose range holds @lb: the last start <= @lb */
		best = NULL;
		for (i = 0; i < entries; i++, e += EXT_ENTRY_LEN) {
			start = le32(e);
			if (start > lb && start < next)
				next = start;
			else if (start <= lb && (!best || start >= le32(best)))
				best = e;
		}
		if (!best) {
			run->hole = true;
			run->count = next - lb;
			return 0;
		}
		child = le32(best + 4) | (uint64_t)le16(best + 8) << 32;
		if (child >= fs->blocks)
			return fail(fs, -EINVAL,
				    "extent index past the end of the image");
		node = block_at(fs, child);
		len = fs->block_size;
		want = depth - 1;
	}
}

/*
 * The run that starts at entry @i of the @n block pointers at @p: a
 * hole while they are zero, or blocks while they follow one another.
 */
static int ptr_run(struct ext4_fs *fs, const unsigned char *p, uint32_t n,
		   uint32_t i, struct run *run)
{
	uint64_t first = le32(p + 4 * i), count = 1;

	while (i + count < n &&
	       le32(p + 4 * (i + count)) == (first ? first + count : 0))
		count++;
	run->hole = !first;
	run->phys = first;
	run->count = count;
	if (first && (first >= fs->blocks || count > fs->blocks - first))
		return fail(fs, -EINVAL, "block past the end of the image");
	return charge(fs, count);
}

/*
 * Map @lb, the @lb'th block of the @level-deep tree under the pointer
 * @ptr, which maps @span blocks.
 */
static int ind_tree(struct ext4_fs *fs, uint64_t ptr, int level,
		    uint64_t span, uint64_t lb, struct run *run)
{
	uint32_t per = fs->block_size / 4;
	const unsigned char *p;
	int err;

	for (;;) {
		if (!ptr) {
			run->hole = true;
			run->count = span - lb;
			return 0;
		}
		if (ptr >= fs->blocks)
			return fail(fs, -EINVAL,
				    "indirect block past the end of the image");
		err = charge(fs, 1);
		if (err)
			return err;
		p = block_at(fs, ptr);
		span /= per;
		if (level == 1)
			return ptr_run(fs, p, per, lb, run);
		ptr = le32(p + 4 * (lb / span));
		lb %= span;
		level--;
	}
}

/* Map @lb through the direct, indirect, double and triple blocks of @in */
static int ind_map(struct ext4_fs *fs, const struct inode *in, uint64_t lb,
		   struct run *run)
{
	uint64_t per = fs->block_size / 4, span = 1;
	int level;

	if (lb < NDIR_BLOCKS)
		return ptr_run(fs, in->block, NDIR_BLOCKS, lb, run);
	lb -= NDIR_BLOCKS;
	for (level = 1; level <= 3; level++) {
		span *= per;
		if (lb < span)
			return ind_tree(fs, le32(in->block + 4 *
						 (NDIR_BLOCKS + level - 1)),
					level, span, lb, run);
		lb -= span;
	}
	run->hole = true;
	run->count = UINT64_MAX;
	return 0;
}

/*
 * Hand the first @size bytes of @in's data to @fn, a run at a time.
 * ext4_open() checked that every block below fs->blocks is in the image.
 */
static int walk(struct ext4_fs *fs, const struct inode *in, uint64_t size,
		walk_fn fn, void *arg)
{
	uint64_t lb = 0, at = 0, blocks, bytes;
	struct run run;
	int err;

	while (at < size) {
		if (in->flags & FL_EXTENTS)
			err = ext_map(fs, in, lb, &run);
		else
			err = ind_map(fs, in, lb, &run);
		/* A hole costs what its zeros do: a block's worth each */
		if (!err)
			err = charge(fs, run.hole ? run.count : 1);
		if (err)
			return err;
		/* The blocks left, and no more bytes than the file has */
		blocks = (size - at) / fs->block_size +
			 !!((size - at) % fs->block_size);
		if (run.count >= blocks) {
			run.count = blocks;
			bytes = size - at;
		} else {
			bytes = run.count * fs->block_size;
		}
		err = fn(fs, run.hole ? NULL : block_at(fs, run.phys), bytes,
			 arg);
		if (err)
			return err;
		lb += run.count;
		at += bytes;
	}
	return 0;
}

/* ext4_read()'s walk: send the data, and zeros for holes */
struct send {
	ext4_out_fn out;
	void *arg;
};

static int send_data(struct ext4_fs *fs, const unsigned char *data,
		     uint64_t len, void *arg)
{
	/* As large as the records the reader's pipe carries */
	static const unsigned char zeros[65536];
	const struct send *s = arg;
	size_t n;
	int err;

	if (data) {
		err = s->out(s->arg, data, len);
		goto out;
	}
	for (err = 0; len && !err; len -= n) {
		n = len < sizeof(zeros) ? len : sizeof(zeros);
		err = s->out(s->arg, zeros, n);
	}
out:
	if (!err)
		return 0;
	return fail(fs, err < 0 ? err : -EIO, "could not pass the file on");
}

/* A symbolic link's target, into @buf of EXT4_PATH_MAX bytes */
struct target {
	char *buf;
	size_t len;
};

static int copy_target(struct ext4_fs *fs, const unsigned char *data,
		       uint64_t len, void *arg)
{
	struct target *t = arg;

	/* walk() gives no more than the link's size, checked to fit. */
	if (data)
		memcpy(t->buf + t->len, data, len);
	else
		memset(t->buf + t->len, 0, len);
	t->len += len;
	return 0;
}

static bool is_fast_symlink(const struct ext4_fs *fs, const struct inode *in)
{
	uint32_t acl_sectors = in->file_acl ? fs->block_size >> 9 : 0;

	/* Short targets live in i_block, the way ext2 began: no blocks */
	return in->size < I_BLOCK_LEN && !(in->flags & FL_EXTENTS) &&
	       in->blocks_lo <= acl_sectors;
}

static int read_link(struct ext4_fs *fs, const struct inode *in, char *buf)
{
	struct target t = { buf, 0 };
	int err;

	if (!in->size)
		return fail(fs, -ENOENT, "an empty symbolic link");
	if (in->size >= EXT4_PATH_MAX)
		return fail(fs, -ENAMETOOLONG, "symbolic link too long");
	if (is_fast_symlink(fs, in)) {
		memcpy(buf, in->block, in->size);
	} else {
		err = walk(fs, in, in->size, copy_target, &t);
		if (err)
			return err;
	}
	buf[in->size] = '\0';
	if (strlen(buf) != in->size)
		return fail(fs, -EINVAL, "a NUL in a symbolic link");
	return 0;
}

/* A directory's walk, looking for a name */
struct find {
	const char *name;
	size_t len;
	uint32_t ino;
};

/*
 * The length of the directory entry at @p, @left bytes from its block's
 * end, and of its name.
 */
static int rec_len(struct ext4_fs *fs, const unsigned char *p, uint32_t left,
		   uint32_t *len, uint32_t *name_len)
{
	*len = le16(p + 4);
	/* 64 KiB does not fit in 16 bits: ext4 writes 65535 or 0 */
	if (fs->block_size == 65536 && (*len == 65535 || !*len))
		*len = 65536;
	/* Before the file type took its high byte, names had 16 bits */
	*name_len = p[6];
	if (!(fs->incompat & INCOMPAT_FILETYPE))
		*name_len |= p[7] << 8;
	if (!*len)
		return fail(fs, -EINVAL, "a directory entry of length 0");
	if (*len % 4 || *len < DIRENT_HEADER_LEN + *name_len)
		return fail(fs, -EINVAL, "a directory entry of a bad length");
	if (*len > left)
		return fail(fs, -EINVAL,
			    "a directory entry runs past its block");
	return 0;
}

static int find_in_block(struct ext4_fs *fs, const unsigned char *b,
			 struct find *f)
{
	uint32_t off = 0, len, name_len, ino;
	int err;

	while (off <= fs->block_size - DIRENT_HEADER_LEN) {
		err = rec_len(fs, b + off, fs->block_size - off, &len,
			      &name_len);
		if (!err)
			err = charge(fs, 1);
		if (err)
			return err;
		ino = le32(b + off);
		if (ino && name_len == f->len &&
		    !memcmp(b + off + DIRENT_HEADER_LEN, f->name, f->len)) {
			if (ino > fs->inodes)
				return fail(fs, -EINVAL,
					    "a directory entry names an inode past the last");
			f->ino = ino;
			return 1;
		}
		off += len;
	}
	if (off != fs->block_size)
		return fail(fs, -EINVAL, "a directory entry runs past its block");
	return 0;
}

/* Linear, which also reads htree directories: their index hides in gaps */
static int find_in_dir(struct ext4_fs *fs, const unsigned char *data,
		       uint64_t len, void *arg)
{
	uint64_t off;
	int err;

	if (!data)
		return 0;
	for (off = 0; off < len; off += fs->block_size) {
		err = find_in_block(fs, data + off, arg);
		if (err)
			return err;
	}
	return 0;
}

/* The inode @name names in the directory @dir, or -ENOENT */
static int dir_lookup(struct ext4_fs *fs, const struct inode *dir,
		      const char *name, size_t len, uint32_t *ino)
{
	struct find f = { name, len, 0 };
	uint64_t size;
	int err;

	/* Whole blocks: a directory's size is a multiple of the block's */
	size = dir->size + fs->block_size - 1;
	if (size < dir->size)
		return fail(fs, -EINVAL, "a directory of a bad size");
	size -= size % fs->block_size;
	err = walk(fs, dir, size, find_in_dir, &f);
	if (err < 0)
		return err;
	if (!err)
		return fail(fs, -ENOENT, "no such file or directory");
	*ino = f.ino;
	return 0;
}

/*
 * Put the target of the link @in before the rest of the path @rest, in
 * @buf; @tmp is scratch.
 */
static int splice_link(struct ext4_fs *fs, const struct inode *in,
		       const char *rest, char *buf, char *tmp)
{
	size_t tlen, rlen = strlen(rest);
	int err;

	err = read_link(fs, in, tmp);
	if (err)
		return err;
	tlen = strlen(tmp);
	if (tlen + 1 + rlen >= EXT4_PATH_MAX)
		return fail(fs, -ENAMETOOLONG, "path too long");
	tmp[tlen] = '/';
	memcpy(tmp + tlen + 1, rest, rlen + 1);
	memcpy(buf, tmp, tlen + 1 + rlen + 1);
	return 0;
}

/* Where a lookup is: the directories from the root down, and what is left */
struct walker {
	uint32_t dirs[EXT4_DEPTH_MAX + 1];
	unsigned int depth;
	unsigned int hops;
	char buf[EXT4_PATH_MAX];
	char tmp[EXT4_PATH_MAX];
};

/*
 * Take one component @name of @len bytes, @rest following it.  "..": the
 * parent on the walker's own stack, never the image's ".." entries, so
 * that the root's parent is the root.
 */
static int step(struct ext4_fs *fs, struct walker *w, const char *name,
		size_t len, const char **rest)
{
	struct inode dir, in;
	uint32_t ino;
	int err;

	if (len > EXT4_NAME_MAX)
		return fail(fs, -ENAMETOOLONG, "file name too long");
	err = charge(fs, 1);
	if (!err)
		err = get_inode(fs, w->dirs[w->depth], &dir);
	if (err)
		return err;
	if ((dir.mode & S_IFMT_) != S_IFDIR_)
		return fail(fs, -ENOTDIR, "a path goes through a non-directory");
	if (len == 1 && name[0] == '.')
		return 0;
	if (len == 2 && name[0] == '.' && name[1] == '.') {
		if (w->depth)
			w->depth--;
		return 0;
	}
	err = dir_lookup(fs, &dir, name, len, &ino);
	if (!err)
		err = get_inode(fs, ino, &in);
	if (err)
		return err;
	if ((in.mode & S_IFMT_) == S_IFLNK_) {
		if (++w->hops > EXT4_HOPS_MAX)
			return fail(fs, -ELOOP, "too many symbolic links");
		err = splice_link(fs, &in, *rest, w->buf, w->tmp);
		if (err)
			return err;
		/* Relative to the link's directory, or the image's root */
		if (w->buf[0] == '/')
			w->depth = 0;
		*rest = w->buf;
		return 0;
	}
	if (w->depth == EXT4_DEPTH_MAX)
		return fail(fs, -ENAMETOOLONG, "path too deep");
	w->dirs[++w->depth] = ino;
	return 0;
}

static int lookup(struct ext4_fs *fs, const char *path, uint32_t *ino)
{
	struct walker w;
	const char *p, *end;
	int err;

	if (path[0] != '/')
		return fail(fs, -EINVAL, "not an absolute path");
	if (strlen(path) >= EXT4_PATH_MAX)
		return fail(fs, -ENAMETOOLONG, "path too long");
	memset(&w, 0, sizeof(w));
	w.dirs[0] = EXT4_ROOT_INO;
	strcpy(w.buf, path);
	p = w.buf;
	for (;;) {
		while (*p == '/')
			p++;
		if (!*p)
			break;
		for (end = p; *end && *end != '/'; end++)
			;
		err = step(fs, &w, p, end - p, &end);
		if (err)
			return err;
		p = end;
	}
	*ino = w.dirs[w.depth];
	return 0;
}

int ext4_lookup(struct ext4_fs *fs, const char *path, uint32_t *ino,
		const char **why)
{
	return done(fs, lookup(fs, path, ino), why);
}

static int file_size(struct ext4_fs *fs, uint32_t ino, uint64_t max,
		     struct inode *in)
{
	int err;

	err = get_inode(fs, ino, in);
	if (err)
		return err;
	if ((in->mode & S_IFMT_) == S_IFDIR_)
		return fail(fs, -EISDIR, "a directory, not a file");
	if ((in->mode & S_IFMT_) != S_IFREG_)
		return fail(fs, -EINVAL, "not a regular file");
	if (in->size > max)
		return fail(fs, -EFBIG, "file too large");
	return 0;
}

int ext4_file_size(struct ext4_fs *fs, uint32_t ino, uint64_t max,
		   uint64_t *size, const char **why)
{
	struct inode in;
	int err;

	err = file_size(fs, ino, max, &in);
	if (!err)
		*size = in.size;
	return done(fs, err, why);
}

static int read_file(struct ext4_fs *fs, uint32_t ino, uint64_t max,
		     ext4_out_fn out, void *arg)
{
	struct send s = { out, arg };
	struct inode in;
	int err;

	err = file_size(fs, ino, max, &in);
	if (err)
		return err;
	return walk(fs, &in, in.size, send_data, &s);
}

int ext4_read(struct ext4_fs *fs, uint32_t ino, uint64_t max,
	      ext4_out_fn out, void *arg, const char **why)
{
	return done(fs, read_file(fs, ino, max, out, arg), why);
}

int ext4_read_path(struct ext4_fs *fs, const char *path, uint64_t max,
		   ext4_out_fn out, void *arg, const char **why)
{
	uint32_t ino;
	int err;

	err = lookup(fs, path, &ino);
	if (!err)
		err = read_file(fs, ino, max, out, arg);
	return done(fs, err, why);
}
