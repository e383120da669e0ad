/* SPDX-License-Identifier: LGPL-2.1 */
/*
 * A read-only reader of ext2, ext3 and ext4 file systems held in memory,
 * for hv_disk_boot_files().  The image is the guest's and hostile: every
 * field is checked before use, nothing outside the buffer is read, the
 * work done is bounded, and nothing is allocated (it runs under seccomp's
 * strict mode).  Errors are negative errnos with a short static reason.
 */
#ifndef LIBHV_EXT4_H
#define LIBHV_EXT4_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define EXT4_ROOT_INO		2
#define EXT4_NAME_MAX		255
#define EXT4_PATH_MAX		4096	/* with its NUL, as Linux's PATH_MAX */
#define EXT4_DEPTH_MAX		32	/* directories deep a path may go */
#define EXT4_HOPS_MAX		8	/* symbolic links followed in a lookup */
#define EXT4_WORK_MAX		(64ULL * 1024 * 1024)	/* see struct ext4_fs */

/* A file system opened by ext4_open() */
struct ext4_fs {
	const unsigned char *img;
	size_t len;
	uint32_t block_size;
	uint64_t blocks;		/* s_blocks_count, all inside img */
	uint32_t first_data_block;
	uint32_t blocks_per_group;
	uint32_t inodes;		/* s_inodes_count */
	uint32_t inodes_per_group;
	uint64_t groups;
	uint32_t inode_size;
	uint32_t desc_size;
	uint32_t incompat;
	/*
	 * What reading has cost so far: blocks of metadata visited, entries
	 * looked at, runs of data sent.  Past work_max (EXT4_WORK_MAX unless
	 * the caller lowers it after ext4_open()) every call fails, so that
	 * a crafted image cannot keep the reader busy.
	 */
	uint64_t work;
	uint64_t work_max;
	const char *why;		/* the last failure's reason */
};

/* Where a file's bytes go; nonzero (a negative errno) stops the read */
typedef int (*ext4_out_fn)(void *arg, const void *buf, size_t len);

/*
 * ext4_probe() - whether @img's @len bytes begin as an ext2/3/4 file
 * system does: the superblock's magic, nothing more.  What tells a bare
 * file system from a partitioned disk.
 */
bool ext4_probe(const void *img, size_t len);

/*
 * ext4_open() - check the superblock of the file system in @img's @len
 * bytes and set @fs up to read it.  @img must stay mapped while @fs is used.
 * Return: 0, -EINVAL (not an ext2/3/4 file system, or a corrupt one) or
 * -EOPNOTSUPP (an incompatible feature this reader does not know), with
 * the reason in *@why.
 */
int ext4_open(struct ext4_fs *fs, const void *img, size_t len,
	      const char **why);

/*
 * ext4_lookup() - the inode of the absolute @path, following symbolic
 * links (the last component's too) inside the file system.
 * Return: 0, -ENOENT, -ENOTDIR, -ELOOP, -ENAMETOOLONG, -EINVAL,
 * -EOPNOTSUPP.
 */
int ext4_lookup(struct ext4_fs *fs, const char *path, uint32_t *ino,
		const char **why);

/*
 * ext4_file_size() - the size of the regular file @ino, checked against
 * @max.  Return: 0, -EISDIR, -EINVAL (not a regular file, or corrupt),
 * -EFBIG (more than @max bytes), -EOPNOTSUPP.
 */
int ext4_file_size(struct ext4_fs *fs, uint32_t ino, uint64_t max,
		   uint64_t *size, const char **why);

/*
 * ext4_read() - send the bytes of the regular file @ino, at most @max of
 * them, to @out in order; holes come as zeros.
 * Return: ext4_file_size()'s errors, -EINVAL for corrupt metadata, or
 * what @out stopped with.
 */
int ext4_read(struct ext4_fs *fs, uint32_t ino, uint64_t max,
	      ext4_out_fn out, void *arg, const char **why);

/* ext4_lookup() then ext4_read() */
int ext4_read_path(struct ext4_fs *fs, const char *path, uint64_t max,
		   ext4_out_fn out, void *arg, const char **why);

/*
 * ext4_inode_offset() - where the inode @ino lies in the image: for tests,
 * which corrupt inodes on purpose.  Return: 0 or -EINVAL.
 */
int ext4_inode_offset(struct ext4_fs *fs, uint32_t ino, uint64_t *off,
		      const char **why);

#endif /* LIBHV_EXT4_H */
