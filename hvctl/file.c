// SPDX-License-Identifier: GPL-2.0
/*
 * Reading a whole file into memory, see file.h.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <unistd.h>

#include "file.h"

/* The first buffer; it doubles from there */
#define FIRST_SIZE	(1024 * 1024)

/* Make room for more at the end of *@buf, up to @max + 1 bytes in all */
static int grow(char **buf, size_t *size, size_t max)
{
	size_t want = *size ? *size * 2 : FIRST_SIZE;
	char *p;

	/* One byte over the limit tells a file of @max bytes from a longer one */
	if (*size > max)
		return -EFBIG;
	if (want > max + 1 || want < *size)
		want = max + 1;
	p = realloc(*buf, want);
	if (!p)
		return -ENOMEM;
	*buf = p;
	*size = want;
	return 0;
}

static int read_all(int fd, size_t max, char **buf, size_t *len)
{
	size_t size = 0;
	ssize_t n;
	int err;

	*len = 0;
	for (;;) {
		if (*len == size) {
			err = grow(buf, &size, max);
			if (err)
				return err;
		}
		n = read(fd, *buf + *len, size - *len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -errno;
		if (!n)
			return 0;
		*len += n;
	}
}

int read_file(const char *path, size_t max, void **data, size_t *len)
{
	char *buf = NULL;
	int fd, err;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	err = read_all(fd, max, &buf, len);
	close(fd);
	if (err) {
		free(buf);
		return err;
	}
	*data = buf;
	return 0;
}
