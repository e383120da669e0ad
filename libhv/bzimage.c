// SPDX-License-Identifier: LGPL-2.1
/*
 * Unwrapping a bzImage (Linux's Documentation/x86/boot.rst).  The setup
 * header at 0x1f1 says, from boot protocol 2.08 on, where the compressed
 * vmlinux lies: payload_offset bytes into the protected-mode code, which
 * follows the setup_sects sectors of real-mode code and the boot sector.
 * A gzip payload is inflated with zlib.  The kernel's build appends the
 * inflated size to it; that is left unread, since the image could lie:
 * the gzip stream ends by itself and the output grows as it comes.
 *
 * The image is hostile: the header is read only once the file is known
 * to hold it, the payload's place is checked in 64-bit arithmetic, and
 * the output is bounded, so that a small stream that would inflate to
 * gigabytes (a "gzip bomb") stops at the bound rather than eat the
 * host's memory.  The host is x86-64, little-endian like the image.
 */
#include <errno.h>
#include <inttypes.h>
#include <limits.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define ZLIB_CONST		/* next_in points to the const image */
#include <zlib.h>

#include "bzimage.h"
#include "internal.h"
#include "pvelf.h"

/* The setup header's fields, by offset in the file */
#define HDR_SETUP_SECTS		0x1f1
#define HDR_MAGIC		0x202
#define HDR_VERSION		0x206
#define HDR_PAYLOAD_OFFSET	0x248
#define HDR_PAYLOAD_LENGTH	0x24c
#define HDR_END			0x250

#define MIN_VERSION		0x0208	/* the first with the payload fields */
#define SECTOR			512
#define DEFAULT_SETUP_SECTS	4	/* what setup_sects 0 stands for */

/* The first output space: a 32-bit kernel inflates to a few MiB. */
#define FIRST_OUT		(4u << 20)

/* Formats the kernel can be built with besides gzip, to name them */
static const struct {
	const char *name;
	unsigned char magic[6];
	size_t len;
} formats[] = {
	{ "xz", { 0xfd, '7', 'z', 'X', 'Z', 0x00 }, 6 },
	{ "bzip2", { 'B', 'Z', 'h' }, 3 },
	{ "lzma", { 0x5d, 0x00, 0x00 }, 3 },
	{ "lzo", { 0x89, 'L', 'Z', 'O' }, 4 },
	{ "lz4", { 0x02, 0x21, 0x4c, 0x18 }, 4 },
	{ "zstd", { 0x28, 0xb5, 0x2f, 0xfd }, 4 },
};

struct payload {
	const unsigned char *data;
	uint32_t len;
};

/* The inflated kernel so far */
struct output {
	unsigned char *buf;
	size_t len;
	size_t cap;		/* bytes at buf */
	size_t max;		/* the most it may grow to */
};

static uint16_t get16(const unsigned char *img, size_t off)
{
	uint16_t v;

	memcpy(&v, img + off, sizeof(v));
	return v;
}

static uint32_t get32(const unsigned char *img, size_t off)
{
	uint32_t v;

	memcpy(&v, img + off, sizeof(v));
	return v;
}

static bool is_bzimage(const unsigned char *img, size_t len)
{
	return len >= HDR_MAGIC + 4 && !memcmp(img + HDR_MAGIC, "HdrS", 4);
}

static int find_payload(const unsigned char *img, size_t len,
			struct payload *p, char *why, size_t size)
{
	unsigned int sects;
	uint16_t version;
	uint64_t code, start;
	uint32_t plen;

	if (len < HDR_END)
		return hv_elf_refuse(why, size,
				     "bzImage: truncated setup header: %zu bytes, want %d",
				     len, HDR_END);
	version = get16(img, HDR_VERSION);
	if (version < MIN_VERSION)
		return hv_elf_refuse(why, size,
				     "bzImage: boot protocol %u.%02u does not say where the kernel is: want 2.08 or later",
				     version >> 8, version & 0xff);
	sects = img[HDR_SETUP_SECTS] ? img[HDR_SETUP_SECTS] :
		DEFAULT_SETUP_SECTS;
	code = (uint64_t)(sects + 1) * SECTOR;
	if (code > len)
		return hv_elf_refuse(why, size,
				     "bzImage: %u setup sectors, past the end of the file (%zu bytes)",
				     sects, len);
	start = code + get32(img, HDR_PAYLOAD_OFFSET);
	plen = get32(img, HDR_PAYLOAD_LENGTH);
	if (!plen)
		return hv_elf_refuse(why, size, "bzImage: no payload");
	if (start + plen > len)
		return hv_elf_refuse(why, size,
				     "bzImage: payload of %u bytes at byte %" PRIu64 ", past the end of the file (%zu bytes)",
				     plen, start, len);
	p->data = img + start;
	p->len = plen;
	return 0;
}

/* gzip, or a refusal that names what the kernel was compressed with */
static int check_gzip(const struct payload *p, char *why, size_t size)
{
	size_t i;

	if (p->len >= 2 && p->data[0] == 0x1f && p->data[1] == 0x8b)
		return 0;
	for (i = 0; i < ARRAY_SIZE(formats); i++)
		if (p->len >= formats[i].len &&
		    !memcmp(p->data, formats[i].magic, formats[i].len))
			return hv_elf_refuse(why, size,
					     "bzImage: the kernel is %s-compressed; hv inflates gzip only (CONFIG_KERNEL_GZIP)",
					     formats[i].name);
	return hv_elf_refuse(why, size,
			     "bzImage: the payload is not gzip-compressed, nor in another format Linux uses");
}

static int too_big(const struct output *out, char *why, size_t size)
{
	snprintf(why, size, "bzImage: the kernel inflates to more than %zu bytes",
		 out->max);
	return -EFBIG;
}

/*
 * Room for more output: double it, up to one byte past the maximum, so
 * that a kernel of exactly @max bytes is told from a larger one without
 * inflating more than that byte.
 */
static int make_room(struct output *out, char *why, size_t size)
{
	size_t limit = out->max + 1;
	unsigned char *buf;
	size_t cap;

	if (out->len < out->cap)
		return 0;
	if (out->len > out->max)
		return too_big(out, why, size);
	cap = out->cap ? out->cap * 2 : FIRST_OUT;
	if (cap > limit || cap < out->cap)
		cap = limit;
	buf = realloc(out->buf, cap);
	if (!buf) {
		snprintf(why, size, "no memory to inflate the kernel into");
		return -ENOMEM;
	}
	out->buf = buf;
	out->cap = cap;
	return 0;
}

static int inflate_some(z_stream *zs, struct output *out)
{
	size_t room = out->cap - out->len;
	int ret;

	if (room > UINT_MAX)
		room = UINT_MAX;
	zs->next_out = out->buf + out->len;
	zs->avail_out = room;
	ret = inflate(zs, Z_NO_FLUSH);
	out->len += room - zs->avail_out;
	return ret;
}

/* What inflate()'s last return @ret means for the image */
static int stream_end(const z_stream *zs, int ret, const struct output *out,
		      char *why, size_t size)
{
	switch (ret) {
	case Z_STREAM_END:
		break;
	case Z_BUF_ERROR:
		/* It always had room: the input ran out. */
		return hv_elf_refuse(why, size,
				     "bzImage: the gzip payload is truncated");
	case Z_MEM_ERROR:
		snprintf(why, size, "no memory for zlib");
		return -ENOMEM;
	default:
		return hv_elf_refuse(why, size,
				     "bzImage: the gzip payload is corrupt: %s",
				     zs->msg ? zs->msg : "zlib error");
	}
	if (out->len > out->max)
		return too_big(out, why, size);
	if (!out->len)
		return hv_elf_refuse(why, size,
				     "bzImage: the payload inflates to nothing");
	return 0;
}

static int inflate_payload(const struct payload *p, struct output *out,
			   char *why, size_t size)
{
	z_stream zs = { .next_in = p->data, .avail_in = p->len };
	int ret = Z_OK;
	int err = 0;

	/* 16 + MAX_WBITS: gzip only, its header and CRC checked */
	if (inflateInit2(&zs, 16 + MAX_WBITS) != Z_OK) {
		snprintf(why, size, "no memory for zlib");
		return -ENOMEM;
	}
	while (ret == Z_OK) {
		err = make_room(out, why, size);
		if (err)
			break;
		ret = inflate_some(&zs, out);
	}
	if (ret != Z_OK)
		err = stream_end(&zs, ret, out, why, size);
	inflateEnd(&zs);
	return err;
}

int hv_bzimage_unwrap(const void *img, size_t len, size_t max, void **elf,
		      size_t *elf_len, char *why, size_t size)
{
	struct output out = { .max = max };
	struct payload p;
	unsigned char *buf;
	int err;

	*elf = NULL;
	*elf_len = 0;
	why[0] = '\0';
	if (!is_bzimage(img, len))
		return 0;
	err = find_payload(img, len, &p, why, size);
	if (!err)
		err = check_gzip(&p, why, size);
	if (!err)
		err = inflate_payload(&p, &out, why, size);
	if (err) {
		free(out.buf);
		return err;
	}
	/* Give back the room that was not needed, if realloc() will. */
	buf = realloc(out.buf, out.len);
	*elf = buf ? buf : out.buf;
	*elf_len = out.len;
	return 0;
}
