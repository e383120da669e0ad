/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Reading the files hvctl hands to hv: kernel images and ramdisks.
 */
#ifndef HVCTL_FILE_H
#define HVCTL_FILE_H

#include <stddef.h>

/*
 * read_file() - read all of @path into memory of its own.
 * @max: the most bytes it may have.
 * @data: set to the bytes, to free(); @len: set to their number.
 *
 * Takes pipes too ("--kernel <(zcat vmlinux.gz)"), so the size is known
 * only at the end.  Return: 0, -EFBIG when it holds more than @max bytes,
 * or another negative errno.
 */
int read_file(const char *path, size_t max, void **data, size_t *len);

#endif /* HVCTL_FILE_H */
