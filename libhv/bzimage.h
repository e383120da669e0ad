/* SPDX-License-Identifier: LGPL-2.1 */
/*
 * The x86 bzImage, as Debian's kernel packages install it in /boot: a
 * real-mode setup, then a compressed vmlinux, which is the ELF that the
 * domain builder reads.  Xen's loader takes these too.
 */
#ifndef LIBHV_BZIMAGE_H
#define LIBHV_BZIMAGE_H

#include <stddef.h>

/* The most a kernel may unpack to: 32-bit guests are far smaller. */
#define HV_BZIMAGE_MAX		(128u << 20)

/*
 * hv_bzimage_unwrap() - the ELF kernel inside a bzImage.
 * @img: the whole file, @len bytes, hostile.
 * @max: the most bytes the payload may inflate to, less than SIZE_MAX.
 * @elf, @elf_len: get the inflated payload, malloc()ed: the caller frees
 *	it; or NULL and 0 when @img is not a bzImage (no "HdrS" in a setup
 *	header), which the caller then reads as it is.
 * @why: gets the reason of a failure, @size > 0 bytes.
 *
 * The payload may be gzip, xz, lzma, bzip2, lz4 (legacy frames) or zstd,
 * as the kernel's build makes them, not lzo; what it unpacks to is not
 * checked.  Return: 0, -ENOEXEC for a bzImage hv cannot read (a payload
 * truncated or corrupt, or one asking for more decoder memory than hv
 * gives), -EFBIG when the payload unpacks past @max bytes, or -ENOMEM.
 */
int hv_bzimage_unwrap(const void *img, size_t len, size_t max, void **elf,
		      size_t *elf_len, char *why, size_t size);

#endif /* LIBHV_BZIMAGE_H */
