// SPDX-License-Identifier: LGPL-2.1
/*
 * Unwrapping a bzImage (Linux's Documentation/x86/boot.rst).  The setup
 * header at 0x1f1 says, from boot protocol 2.08 on, where the compressed
 * vmlinux lies: payload_offset bytes into the protected-mode code, which
 * follows the setup_sects sectors of real-mode code and the boot sector.
 *
 * The payload is in one of the formats the kernel can be built with, told
 * by its magic as the kernel's decompressor and Xen's loader tell it: gzip
 * (zlib), xz and lzma (liblzma), bzip2 (libbz2), zstd (libzstd) and lz4's
 * legacy frames (liblz4 for the blocks).  lzo is named and refused:
 * liblzo2 reads blocks, not lzop's framing around them.  The kernel's
 * build appends the unpacked size to the payload; that is left unread,
 * since the image could lie: every format but lz4 ends by itself, lz4
 * where the input does, and the output grows as it comes.
 *
 * The image is hostile: the header is read only once the file is known
 * to hold it, the payload's place is checked in 64-bit arithmetic, the
 * decoders see the payload and nothing past it, their memory is limited,
 * and the output is bounded, so that a small stream that would unpack to
 * gigabytes (a "bomb") stops at the bound rather than eat the host's
 * memory.  The host is x86-64, little-endian like the image.
 */
#include <errno.h>
#include <inttypes.h>
#include <limits.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <bzlib.h>
#include <lz4.h>
#include <lzma.h>
#define ZLIB_CONST		/* next_in points to the const image */
#include <zlib.h>
#include <zstd.h>
#include <zstd_errors.h>

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

/* The first output space: a 32-bit kernel unpacks to a few MiB. */
#define FIRST_OUT		(4u << 20)

/*
 * liblzma's memory: "lzma -9", as the kernel's build runs it, takes a
 * 64 MiB dictionary, the largest of xz's presets (the kernel's xz takes
 * 32 MiB); the decoder's own state is well under the 8 MiB to spare.
 */
#define LZMA_MEM		(72u << 20)
/* zstd's window: "zstd -22 --ultra", as the kernel's build runs it, 2^27 */
#define ZSTD_WINDOW_LOG		27
/* lz4 -l: a magic, then blocks that each unpack to at most 8 MiB */
#define LZ4_MAGIC		0x184c2102
#define LZ4_BLOCK		(8u << 20)

/* decoder steps: go on, or the stream is over */
#define MORE			0
#define STREAM_END		1

/* The unpacked kernel so far */
struct output {
	unsigned char *buf;
	size_t len;
	size_t cap;		/* bytes at buf */
	size_t max;		/* the most it may grow to */
};

struct format;

/* A payload being unpacked, with the state of its format's decoder */
struct unpack {
	const struct format *fmt;
	const unsigned char *in;
	uint32_t in_len;
	struct output out;
	char *why;
	size_t size;
	union {
		z_stream zs;
		lzma_stream ls;
		bz_stream bs;
		struct {
			ZSTD_DCtx *dctx;
			ZSTD_inBuffer zin;
		};
		uint32_t at;	/* lz4: where the next block is */
	};
};

/*
 * A compression format, by the magic its stream starts with.  The
 * decoder's begin() and end() set it up and free it; step() unpacks what
 * fits into the room make_room() left, at least @want bytes of it (but for
 * the bound), and returns MORE, STREAM_END or -errno with @why set.  No
 * decoder: refused by name.
 */
struct format {
	const char *name;
	unsigned char magic[6];
	size_t len;
	size_t want;
	int (*begin)(struct unpack *u);
	int (*step)(struct unpack *u);
	void (*end)(struct unpack *u);
};

struct payload {
	const unsigned char *data;
	uint32_t len;
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

static int too_big(const struct output *out, char *why, size_t size)
{
	snprintf(why, size, "bzImage: the kernel unpacks to more than %zu bytes",
		 out->max);
	return -EFBIG;
}

/*
 * Room for @want more bytes of output, or for as many as the bound leaves.
 * The space doubles, up to one byte past the maximum, so that a kernel of
 * exactly @max bytes is told from a larger one without unpacking more
 * than that byte.  This is the only place the output grows.
 */
static int make_room(struct output *out, size_t want, char *why, size_t size)
{
	size_t limit = out->max + 1;
	unsigned char *buf;
	size_t cap;

	if (out->len > out->max)
		return too_big(out, why, size);
	if (want > limit - out->len)
		want = limit - out->len;
	if (out->cap - out->len >= want)
		return 0;
	cap = out->cap ? out->cap : FIRST_OUT / 2;
	do
		cap = cap >= limit / 2 ? limit : cap * 2;
	while (cap - out->len < want);
	buf = realloc(out->buf, cap);
	if (!buf) {
		snprintf(why, size, "no memory to unpack the kernel into");
		return -ENOMEM;
	}
	out->buf = buf;
	out->cap = cap;
	return 0;
}

/* Where the next output goes, and how much of it fits, up to @most */
static unsigned char *out_at(const struct output *out)
{
	return out->buf + out->len;
}

static size_t out_room(const struct output *out, size_t most)
{
	size_t room = out->cap - out->len;

	return room < most ? room : most;
}

static int refuse_truncated(const struct unpack *u)
{
	return hv_elf_refuse(u->why, u->size,
			     "bzImage: the %s payload is truncated",
			     u->fmt->name);
}

static int refuse_corrupt(const struct unpack *u, const char *detail)
{
	return hv_elf_refuse(u->why, u->size,
			     "bzImage: the %s payload is corrupt: %s",
			     u->fmt->name, detail);
}

static int no_memory(const struct unpack *u, const char *lib)
{
	snprintf(u->why, u->size, "no memory for %s", lib);
	return -ENOMEM;
}

/* More than the decoder may have: a hostile header, or not Linux's */
static int too_much_memory(const struct unpack *u, unsigned int mib)
{
	return hv_elf_refuse(u->why, u->size,
			     "bzImage: the %s payload needs more than %u MiB to unpack",
			     u->fmt->name, mib);
}

/*
 * Each begin() sets its part of the union whole, to the zeroes or the
 * initializer its library wants.
 */
static int gzip_begin(struct unpack *u)
{
	u->zs = (z_stream){ .next_in = u->in, .avail_in = u->in_len };
	/* 16 + MAX_WBITS: gzip only, its header and CRC checked */
	if (inflateInit2(&u->zs, 16 + MAX_WBITS) != Z_OK)
		return no_memory(u, "zlib");
	return MORE;
}

static int gzip_step(struct unpack *u)
{
	size_t room = out_room(&u->out, UINT_MAX);
	z_stream *zs = &u->zs;
	int ret;

	zs->next_out = out_at(&u->out);
	zs->avail_out = room;
	ret = inflate(zs, Z_NO_FLUSH);
	u->out.len += room - zs->avail_out;
	switch (ret) {
	case Z_OK:
		return MORE;
	case Z_STREAM_END:
		return STREAM_END;
	case Z_BUF_ERROR:
		/* It always had room: the input ran out. */
		return refuse_truncated(u);
	case Z_MEM_ERROR:
		return no_memory(u, "zlib");
	default:
		return refuse_corrupt(u, zs->msg ? zs->msg : "zlib error");
	}
}

static void gzip_end(struct unpack *u)
{
	inflateEnd(&u->zs);
}

/* The input for a liblzma decoder that @ret says was set up, or not */
static int lzma_input(struct unpack *u, lzma_ret ret)
{
	if (ret != LZMA_OK)
		return no_memory(u, "liblzma");
	u->ls.next_in = u->in;
	u->ls.avail_in = u->in_len;
	return MORE;
}

/* One xz stream: the kernel's is one, its CRC32 checked */
static int xz_begin(struct unpack *u)
{
	u->ls = (lzma_stream)LZMA_STREAM_INIT;
	return lzma_input(u, lzma_stream_decoder(&u->ls, LZMA_MEM, 0));
}

static int lzma_begin(struct unpack *u)
{
	u->ls = (lzma_stream)LZMA_STREAM_INIT;
	return lzma_input(u, lzma_alone_decoder(&u->ls, LZMA_MEM));
}

static const char *lzma_error(lzma_ret ret)
{
	switch (ret) {
	case LZMA_FORMAT_ERROR:
		return "not in the format";
	case LZMA_OPTIONS_ERROR:
		return "unsupported options";
	case LZMA_DATA_ERROR:
		return "bad data";
	default:
		return "liblzma error";
	}
}

/* xz and lzma: liblzma tells them apart by how it was set up */
static int lzma_step(struct unpack *u)
{
	size_t room = out_room(&u->out, SIZE_MAX);
	lzma_stream *ls = &u->ls;
	lzma_ret ret;

	ls->next_out = out_at(&u->out);
	ls->avail_out = room;
	/* LZMA_FINISH: all the input is there, the end must be too. */
	ret = lzma_code(ls, LZMA_FINISH);
	u->out.len += room - ls->avail_out;
	switch (ret) {
	case LZMA_OK:
		return MORE;
	case LZMA_STREAM_END:
		return STREAM_END;
	case LZMA_BUF_ERROR:
		/* It always had room: the input ran out. */
		return refuse_truncated(u);
	case LZMA_MEM_ERROR:
		return no_memory(u, "liblzma");
	case LZMA_MEMLIMIT_ERROR:
		return too_much_memory(u, LZMA_MEM >> 20);
	default:
		return refuse_corrupt(u, lzma_error(ret));
	}
}

static void lzma_stop(struct unpack *u)
{
	lzma_end(&u->ls);
}

/*
 * libbz2 needs at most some 3.6 MiB, for the 900 kB blocks of bzip2 -9,
 * whatever the stream says: small = 0, the faster way, is affordable.
 */
static int bzip2_begin(struct unpack *u)
{
	u->bs = (bz_stream){ 0 };
	if (BZ2_bzDecompressInit(&u->bs, 0, 0) != BZ_OK)
		return no_memory(u, "libbz2");
	/* libbz2 does not write to its input; its API is older than const. */
	u->bs.next_in = (char *)u->in;
	u->bs.avail_in = u->in_len;
	return MORE;
}

static int bzip2_step(struct unpack *u)
{
	size_t room = out_room(&u->out, UINT_MAX);
	bz_stream *bs = &u->bs;
	int ret;

	bs->next_out = (char *)out_at(&u->out);
	bs->avail_out = room;
	ret = BZ2_bzDecompress(bs);
	u->out.len += room - bs->avail_out;
	switch (ret) {
	case BZ_OK:
		/* Room left, and it wants input: there is no more. */
		if (!bs->avail_in && bs->avail_out)
			return refuse_truncated(u);
		return MORE;
	case BZ_STREAM_END:
		return STREAM_END;
	case BZ_MEM_ERROR:
		return no_memory(u, "libbz2");
	case BZ_DATA_ERROR_MAGIC:
		return refuse_corrupt(u, "bad magic");
	default:
		return refuse_corrupt(u, "bad data");
	}
}

static void bzip2_end(struct unpack *u)
{
	BZ2_bzDecompressEnd(&u->bs);
}

/* The window bounded, so a frame cannot ask for gigabytes of it */
static int zstd_begin(struct unpack *u)
{
	u->zin = (ZSTD_inBuffer){ .src = u->in, .size = u->in_len };
	u->dctx = ZSTD_createDCtx();
	if (!u->dctx)
		return no_memory(u, "libzstd");
	if (ZSTD_isError(ZSTD_DCtx_setParameter(u->dctx, ZSTD_d_windowLogMax,
						ZSTD_WINDOW_LOG)))
		return no_memory(u, "libzstd");
	return MORE;
}

static int zstd_error(const struct unpack *u, size_t ret)
{
	switch (ZSTD_getErrorCode(ret)) {
	case ZSTD_error_memory_allocation:
		return no_memory(u, "libzstd");
	case ZSTD_error_frameParameter_windowTooLarge:
		return too_much_memory(u, 1u << (ZSTD_WINDOW_LOG - 20));
	default:
		return refuse_corrupt(u, ZSTD_getErrorName(ret));
	}
}

/* One frame: the kernel's is one; what follows it is left unread. */
static int zstd_step(struct unpack *u)
{
	ZSTD_outBuffer zout = {
		.dst = out_at(&u->out),
		.size = out_room(&u->out, SIZE_MAX),
	};
	size_t ret;

	ret = ZSTD_decompressStream(u->dctx, &zout, &u->zin);
	u->out.len += zout.pos;
	if (ZSTD_isError(ret))
		return zstd_error(u, ret);
	if (!ret)
		return STREAM_END;
	/* Room left, and all the input taken: there is no more. */
	if (u->zin.pos == u->zin.size && zout.pos < zout.size)
		return refuse_truncated(u);
	return MORE;
}

static void zstd_end(struct unpack *u)
{
	ZSTD_freeDCtx(u->dctx);
}

static int lz4_begin(struct unpack *u)
{
	u->at = 4;		/* past the magic */
	return MORE;
}

/*
 * One block of @n bytes at @src into the room make_room() left, a whole
 * block's but near the bound.  There a failure may be the bound's: if the
 * block's first bytes fill the room, it is, and the output is too big.
 */
static int lz4_block(struct unpack *u, const char *src, uint32_t n)
{
	int room = out_room(&u->out, LZ4_BLOCK);
	char *dst = (char *)out_at(&u->out);
	int got;

	got = LZ4_decompress_safe(src, dst, n, room);
	if (got < 0 && room < (int)LZ4_BLOCK &&
	    LZ4_decompress_safe_partial(src, dst, n, room, room) == room)
		got = room;
	if (got < 0)
		return refuse_corrupt(u, "bad block");
	u->out.len += got;
	return MORE;
}

/*
 * lz4 -l: blocks, each after its length, to the end of the input, but for
 * the 4 bytes of size the kernel's build appends.  Like the kernel's
 * decoder, take a magic again (concatenated files) and a 0 as the end.
 */
static int lz4_step(struct unpack *u)
{
	uint32_t left = u->in_len - u->at;
	uint32_t n;

	if (!left)
		return STREAM_END;
	if (left < 4)
		return refuse_truncated(u);
	n = get32(u->in, u->at);
	if (left == 4 || !n)
		return STREAM_END;
	u->at += 4;
	left -= 4;
	if (n == LZ4_MAGIC)
		return MORE;
	if (n > LZ4_COMPRESSBOUND(LZ4_BLOCK))
		return refuse_corrupt(u, "block longer than 8 MiB unpacked");
	if (n > left)
		return refuse_truncated(u);
	u->at += n;
	return lz4_block(u, (const char *)u->in + u->at - n, n);
}

static void lz4_end(struct unpack *u)
{
}

/* The formats by the magic the kernel's decompressor and Xen's know */
static const struct format formats[] = {
	{ "gzip", { 0x1f, 0x8b }, 2, 1, gzip_begin, gzip_step, gzip_end },
	{ "xz", { 0xfd, '7', 'z', 'X', 'Z', 0x00 }, 6, 1,
	  xz_begin, lzma_step, lzma_stop },
	{ "bzip2", { 'B', 'Z', 'h' }, 3, 1,
	  bzip2_begin, bzip2_step, bzip2_end },
	{ "lzma", { 0x5d, 0x00 }, 2, 1, lzma_begin, lzma_step, lzma_stop },
	/* lzop's framing, no decoder: refused by name */
	{ .name = "lzo", .magic = { 0x89, 'L', 'Z', 'O' }, .len = 4 },
	{ "lz4", { 0x02, 0x21, 0x4c, 0x18 }, 4, LZ4_BLOCK,
	  lz4_begin, lz4_step, lz4_end },
	{ "zstd", { 0x28, 0xb5, 0x2f, 0xfd }, 4, 1,
	  zstd_begin, zstd_step, zstd_end },
};

/* The payload's format, or a refusal that names what hv cannot unpack */
static const struct format *find_format(const struct payload *p, char *why,
					size_t size)
{
	const struct format *f;

	for (f = formats; f < formats + ARRAY_SIZE(formats); f++)
		if (p->len >= f->len && !memcmp(p->data, f->magic, f->len))
			break;
	if (f == formats + ARRAY_SIZE(formats))
		hv_elf_refuse(why, size,
			      "bzImage: the payload is in none of the compression formats Linux uses");
	else if (!f->step)
		hv_elf_refuse(why, size,
			      "bzImage: the kernel is %s-compressed; hv unpacks gzip, xz, lzma, bzip2, lz4 and zstd",
			      f->name);
	else
		return f;
	return NULL;
}

/* What the decoder made of a whole stream */
static int check_output(const struct unpack *u)
{
	if (u->out.len > u->out.max)
		return too_big(&u->out, u->why, u->size);
	if (!u->out.len)
		return hv_elf_refuse(u->why, u->size,
				     "bzImage: the %s payload unpacks to nothing",
				     u->fmt->name);
	return 0;
}

static int unpack(struct unpack *u)
{
	const struct format *f = u->fmt;
	int err;

	err = f->begin(u);
	while (err == MORE) {
		err = make_room(&u->out, f->want, u->why, u->size);
		if (!err)
			err = f->step(u);
	}
	f->end(u);
	return err < 0 ? err : check_output(u);
}

int hv_bzimage_unwrap(const void *img, size_t len, size_t max, void **elf,
		      size_t *elf_len, char *why, size_t size)
{
	struct unpack u = { .out.max = max, .why = why, .size = size };
	struct payload p;
	unsigned char *buf;
	int err;

	*elf = NULL;
	*elf_len = 0;
	why[0] = '\0';
	if (!is_bzimage(img, len))
		return 0;
	err = find_payload(img, len, &p, why, size);
	if (err)
		return err;
	u.fmt = find_format(&p, why, size);
	if (!u.fmt)
		return -ENOEXEC;
	u.in = p.data;
	u.in_len = p.len;
	err = unpack(&u);
	if (err) {
		free(u.out.buf);
		return err;
	}
	/* Give back the room that was not needed, if realloc() will. */
	buf = realloc(u.out.buf, u.out.len);
	*elf = buf ? buf : u.out.buf;
	*elf_len = u.out.len;
	return 0;
}
