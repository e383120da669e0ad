// SPDX-License-Identifier: GPL-2.0
/*
 * libhv's unwrapping of a bzImage: a good one made in memory around the
 * ELF of elfimg.c, compressed in each format hv unpacks (gzip, xz, lzma,
 * bzip2, lz4 and zstd: with their libraries here, and with the tools the
 * way the kernel's build runs them, where they are installed), gives that
 * ELF back, byte for byte; what is not a bzImage passes through; every
 * field of a hostile one is refused with a reason; a truncated or damaged
 * stream is refused with one that names its format, lzo by name; and a
 * bomb in each format stops at the bound.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <bzlib.h>
#include <cmocka.h>
#include <lz4.h>
#include <lzma.h>
#include <zlib.h>
#include <zstd.h>

#include "bzimage.h"
#include "pvelf.h"
#include "elfimg.h"

#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))

/* Where the test's bzImage puts things */
#define SETUP_SECTS	3
#define CODE_AT		((SETUP_SECTS + 1) * 512)
#define PAYLOAD_OFFSET	0x1234		/* from CODE_AT */
#define TAIL		100		/* bytes after the payload */

#define REAL_BZIMAGE	"../../build/guest/linux-obj/arch/x86/boot/bzImage"

static struct img img;
static unsigned char *gz;		/* img, gzip-compressed, size appended */
static size_t gz_len;
static unsigned char *bz;		/* the bzImage */
static size_t bz_len;
static void *elf;
static size_t elf_len;
static char why[256];

static void put16(size_t off, uint16_t v)
{
	memcpy(bz + off, &v, sizeof(v));
}

static void put32(size_t off, uint32_t v)
{
	memcpy(bz + off, &v, sizeof(v));
}

/* The kernel's build appends the unpacked size, 32 bits, to the stream. */
static void append_size(unsigned char *out, size_t *out_len, size_t size)
{
	uint32_t v = size;

	memcpy(out + *out_len, &v, sizeof(v));
	*out_len += sizeof(v);
}

/* gzip @len bytes of @data into a new buffer, the way the kernel does */
static unsigned char *gzip(const void *data, size_t len, size_t *out_len)
{
	z_stream zs = { 0 };
	unsigned char *out;
	size_t cap;

	assert_int_equal(deflateInit2(&zs, 9, Z_DEFLATED, 16 + MAX_WBITS, 8,
				      Z_DEFAULT_STRATEGY), Z_OK);
	cap = deflateBound(&zs, len) + 4;
	out = malloc(cap);
	assert_non_null(out);
	zs.next_in = (unsigned char *)data;
	zs.avail_in = len;
	zs.next_out = out;
	zs.avail_out = cap;
	assert_int_equal(deflate(&zs, Z_FINISH), Z_STREAM_END);
	*out_len = zs.total_out;
	deflateEnd(&zs);
	append_size(out, out_len, len);
	return out;
}

/* A bzImage around @plen bytes of @payload, its header good */
static void make_bz(const void *payload, size_t plen)
{
	free(bz);
	bz_len = CODE_AT + PAYLOAD_OFFSET + plen + TAIL;
	bz = calloc(1, bz_len);
	assert_non_null(bz);
	bz[0x1f1] = SETUP_SECTS;
	memcpy(bz + 0x202, "HdrS", 4);
	put16(0x206, 0x020f);
	put32(0x248, PAYLOAD_OFFSET);
	put32(0x24c, plen);
	memcpy(bz + CODE_AT + PAYLOAD_OFFSET, payload, plen);
	memset(bz + bz_len - TAIL, 0xee, TAIL);
}

static int setup(void **state)
{
	img_init(&img);
	gz = gzip(img.buf, img.len, &gz_len);
	make_bz(gz, gz_len);
	return 0;
}

static int teardown(void **state)
{
	free(gz);
	free(bz);
	free(elf);
	gz = NULL;
	bz = NULL;
	elf = NULL;
	return 0;
}

static int unwrap_max(size_t max)
{
	free(elf);
	memset(why, 'x', sizeof(why));
	return hv_bzimage_unwrap(bz, bz_len, max, &elf, &elf_len, why,
				 sizeof(why));
}

static int unwrap(void)
{
	return unwrap_max(HV_BZIMAGE_MAX);
}

/* Unwrapped to exactly the ELF of elfimg.c, which the ELF reader takes */
static void gives_img(void)
{
	struct hv_elf parsed;

	assert_int_equal(unwrap(), 0);
	assert_string_equal(why, "");
	assert_non_null(elf);
	assert_int_equal(elf_len, img.len);
	assert_memory_equal(elf, img.buf, img.len);
	assert_int_equal(hv_elf_parse(elf, elf_len, &parsed, why,
				      sizeof(why)), 0);
	assert_int_equal(parsed.entry, IMG_TEXT_PADDR);
}

/* Not a bzImage: the caller is to read it as it is */
static void passes_through(void)
{
	assert_int_equal(unwrap(), 0);
	assert_null(elf);
	assert_int_equal(elf_len, 0);
	assert_string_equal(why, "");
}

/* Refused with @err, with a reason that says @words */
static void refused_with(int err, const char *words)
{
	assert_int_equal(unwrap(), err);
	assert_null(elf);
	assert_int_equal(elf_len, 0);
	if (!strstr(why, words))
		fail_msg("\"%s\" does not say \"%s\"", why, words);
}

static void refused(const char *words)
{
	refused_with(-ENOEXEC, words);
}

static void test_good(void **state)
{
	gives_img();
}

/* The appended size is not needed: the stream ends by itself. */
static void test_no_size_appended(void **state)
{
	put32(0x24c, gz_len - 4);
	gives_img();
}

static void test_setup_sects_zero(void **state)
{
	/* 0 stands for 4: the code starts a sector later than with 3. */
	bz[0x1f1] = 0;
	put32(0x248, PAYLOAD_OFFSET - 512);
	gives_img();
}

static void test_not_bzimage(void **state)
{
	/* The ELF itself */
	free(bz);
	bz_len = img.len;
	bz = malloc(bz_len);
	assert_non_null(bz);
	memcpy(bz, img.buf, bz_len);
	passes_through();

	/* One letter of the magic off */
	make_bz(gz, gz_len);
	bz[0x205] = 'T';
	passes_through();

	/* Too short to hold the magic, down to nothing */
	make_bz(gz, gz_len);
	bz_len = 0x205;
	passes_through();
	bz_len = 0;
	passes_through();
}

static void test_truncated_header(void **state)
{
	bz_len = 0x24f;
	refused("truncated setup header");
	bz_len = 0x206;
	refused("truncated setup header");
}

static void test_old_protocol(void **state)
{
	put16(0x206, 0x0207);
	refused("boot protocol 2.07");
	put16(0x206, 0x0100);
	refused("want 2.08 or later");
	put16(0x206, 0x0208);
	gives_img();
}

static void test_setup_sects_past_end(void **state)
{
	bz_len = 0x300;
	bz[0x1f1] = 1;
	refused("past the end");
	bz[0x1f1] = 255;
	refused("255 setup sectors, past the end");
	bz_len = 255 * 512;
	refused("255 setup sectors, past the end");
}

static void test_payload_past_end(void **state)
{
	size_t room = bz_len - CODE_AT - PAYLOAD_OFFSET;

	/* The tail is part of the file: up to its end is fine. */
	put32(0x24c, room);
	gives_img();
	put32(0x24c, room + 1);
	refused("past the end of the file");
	put32(0x248, bz_len);
	put32(0x24c, 1);
	refused("past the end of the file");
	/* They wrap around in 32 bits, and together in 33. */
	put32(0x248, 0xffffffff);
	put32(0x24c, 0xffffffff);
	refused("past the end of the file");
	put32(0x248, 0x10);
	put32(0x24c, 0xfffffff0);
	refused("past the end of the file");
	put32(0x248, PAYLOAD_OFFSET);
	put32(0x24c, 0);
	refused("no payload");
}

static void test_truncated_gzip(void **state)
{
	put32(0x24c, gz_len / 2);
	refused("truncated");
	/* Short of the last byte of gzip's own trailer */
	put32(0x24c, gz_len - 4 - 1);
	refused("truncated");
	/* Only the header */
	put32(0x24c, 10);
	refused("truncated");
	put32(0x24c, 2);
	refused("truncated");
}

static void test_corrupt_gzip(void **state)
{
	size_t at = CODE_AT + PAYLOAD_OFFSET;

	/* A bit of the compressed data: the CRC, if nothing else, says so */
	bz[at + gz_len / 2] ^= 0x10;
	refused("corrupt");
	/* gzip's trailer (before the appended size): CRC, then length */
	make_bz(gz, gz_len);
	bz[at + gz_len - 12] ^= 1;
	refused("corrupt");
	make_bz(gz, gz_len);
	bz[at + gz_len - 8] ^= 1;
	refused("corrupt");
	/* The magic, then garbage */
	make_bz(gz, gz_len);
	memset(bz + at + 2, 0xa5, gz_len - 2);
	refused("corrupt");
}

static void test_garbage(void **state)
{
	memset(bz + CODE_AT + PAYLOAD_OFFSET, 0xa5, gz_len);
	refused("none of the compression formats");
	/* Half a gzip magic */
	put32(0x24c, 1);
	bz[CODE_AT + PAYLOAD_OFFSET] = 0x1f;
	refused("none of the compression formats");
}

/* Each format's magic, then garbage: its decoder says so; lzo by name. */
static void test_other_formats(void **state)
{
	static const struct {
		const char *name;
		unsigned char magic[6];
	} formats[] = {
		{ "xz", { 0xfd, '7', 'z', 'X', 'Z', 0x00 } },
		{ "bzip2", { 'B', 'Z', 'h', '9' } },
		{ "lzma", { 0x5d, 0x00, 0x00, 0x80 } },
		{ "lzo", { 0x89, 'L', 'Z', 'O', 0x00 } },
		{ "lz4", { 0x02, 0x21, 0x4c, 0x18 } },
		{ "zstd", { 0x28, 0xb5, 0x2f, 0xfd } },
	};
	unsigned char payload[64];
	char words[64];
	size_t i;

	for (i = 0; i < ARRAY_SIZE(formats); i++) {
		memset(payload, 0x42, sizeof(payload));
		memcpy(payload, formats[i].magic, sizeof(formats[i].magic));
		make_bz(payload, sizeof(payload));
		snprintf(words, sizeof(words), "the %s payload",
			 formats[i].name);
		if (!strcmp(formats[i].name, "lzo"))
			refused("the kernel is lzo-compressed; hv unpacks gzip");
		else
			refused(words);
	}
	/* The xz magic cut short is no format at all. */
	make_bz(formats[0].magic, 5);
	refused("none of the compression formats");
}

static void test_max(void **state)
{
	char words[64];

	assert_int_equal(unwrap_max(img.len), 0);
	assert_int_equal(elf_len, img.len);
	assert_int_equal(unwrap_max(img.len - 1), -EFBIG);
	assert_null(elf);
	snprintf(words, sizeof(words), "more than %zu bytes", img.len - 1);
	assert_non_null(strstr(why, words));
	assert_int_equal(unwrap_max(1), -EFBIG);
	assert_int_equal(unwrap_max(0), -EFBIG);
}

static void test_inflates_to_nothing(void **state)
{
	unsigned char *empty;
	size_t len;

	empty = gzip("", 0, &len);
	make_bz(empty, len);
	free(empty);
	refused("the gzip payload unpacks to nothing");
}

/* Inflated fine, but no ELF: the ELF reader says so, not this. */
static void test_not_elf_inside(void **state)
{
	static const char text[] =
		"Just some text, long enough to hold an ELF header, but no kernel.";
	unsigned char *payload;
	struct hv_elf parsed;
	size_t len;

	payload = gzip(text, sizeof(text), &len);
	make_bz(payload, len);
	free(payload);
	assert_int_equal(unwrap(), 0);
	assert_int_equal(elf_len, sizeof(text));
	assert_int_equal(hv_elf_parse(elf, elf_len, &parsed, why,
				      sizeof(why)), -ENOEXEC);
	assert_non_null(strstr(why, "not an ELF file"));
}

/*
 * A gzip stream of @n MiB of zeros without its trailer, made cheaply:
 * after a full flush deflate starts afresh, so every MiB after the
 * first compresses to the same bytes, which are repeated instead.
 */
static unsigned char *bomb(unsigned int n, size_t *len)
{
	size_t chunk = 1 << 20, cap = 1 << 16, first = 0, step, i;
	unsigned char *zeros, *out;
	z_stream zs = { 0 };

	zeros = calloc(1, chunk);
	out = malloc(3 * cap);
	assert_non_null(zeros);
	assert_non_null(out);
	assert_int_equal(deflateInit2(&zs, 9, Z_DEFLATED, 16 + MAX_WBITS, 8,
				      Z_DEFAULT_STRATEGY), Z_OK);
	zs.next_out = out;
	zs.avail_out = 3 * cap;
	for (i = 0; i < 3; i++) {
		zs.next_in = zeros;
		zs.avail_in = chunk;
		assert_int_equal(deflate(&zs, Z_FULL_FLUSH), Z_OK);
		assert_int_equal(zs.avail_in, 0);
		if (i == 0)
			first = zs.total_out;
	}
	step = (zs.total_out - first) / 2;
	deflateEnd(&zs);
	free(zeros);
	/* The trick holds: the second and third MiB came out the same. */
	assert_memory_equal(out + first, out + first + step, step);
	out = realloc(out, first + (n - 1) * step);
	assert_non_null(out);
	for (i = 2; i < n; i++)
		memcpy(out + first + (i - 1) * step, out + first, step);
	*len = first + (n - 1) * step;
	return out;
}

static unsigned char *lzma_run(lzma_stream *ls, const void *data, size_t len,
			       size_t *out_len)
{
	size_t cap = lzma_stream_buffer_bound(len) + 4;
	unsigned char *out = malloc(cap);

	assert_non_null(out);
	ls->next_in = data;
	ls->avail_in = len;
	ls->next_out = out;
	ls->avail_out = cap - 4;
	assert_int_equal(lzma_code(ls, LZMA_FINISH), LZMA_STREAM_END);
	*out_len = ls->total_out;
	lzma_end(ls);
	append_size(out, out_len, len);
	return out;
}

/* xz as the kernel's build packs it: the x86 BCJ filter, LZMA2, CRC32 */
static unsigned char *xz(const void *data, size_t len, size_t *out_len)
{
	lzma_stream ls = LZMA_STREAM_INIT;
	lzma_options_lzma opt;
	lzma_filter filters[] = {
		{ .id = LZMA_FILTER_X86 },
		{ .id = LZMA_FILTER_LZMA2, .options = &opt },
		{ .id = LZMA_VLI_UNKNOWN },
	};

	assert_false(lzma_lzma_preset(&opt, 6));
	assert_int_equal(lzma_stream_encoder(&ls, filters, LZMA_CHECK_CRC32),
			 LZMA_OK);
	return lzma_run(&ls, data, len, out_len);
}

/* "lzma alone", as the kernel's "lzma -9" packs it, with less memory */
static unsigned char *lzma(const void *data, size_t len, size_t *out_len)
{
	lzma_stream ls = LZMA_STREAM_INIT;
	lzma_options_lzma opt;

	assert_false(lzma_lzma_preset(&opt, 6));
	assert_int_equal(lzma_alone_encoder(&ls, &opt), LZMA_OK);
	return lzma_run(&ls, data, len, out_len);
}

static unsigned char *bzip2(const void *data, size_t len, size_t *out_len)
{
	unsigned int n = len + len / 100 + 600;
	unsigned char *out = malloc(n + 4);

	assert_non_null(out);
	assert_int_equal(BZ2_bzBuffToBuffCompress((char *)out, &n,
						  (char *)data, len, 9, 0, 0),
			 BZ_OK);
	*out_len = n;
	append_size(out, out_len, len);
	return out;
}

static void zstd_set(ZSTD_CCtx *cctx, ZSTD_cParameter param, int value)
{
	assert_false(ZSTD_isError(ZSTD_CCtx_setParameter(cctx, param, value)));
}

/* zstd with its checksum, which the zstd tool writes by default */
static unsigned char *zstd(const void *data, size_t len, size_t *out_len)
{
	size_t cap = ZSTD_compressBound(len);
	unsigned char *out = malloc(cap + 4);
	ZSTD_CCtx *cctx = ZSTD_createCCtx();

	assert_non_null(out);
	assert_non_null(cctx);
	zstd_set(cctx, ZSTD_c_compressionLevel, 19);
	zstd_set(cctx, ZSTD_c_checksumFlag, 1);
	*out_len = ZSTD_compress2(cctx, out, cap, data, len);
	assert_false(ZSTD_isError(*out_len));
	ZSTD_freeCCtx(cctx);
	append_size(out, out_len, len);
	return out;
}

#define LZ4_MAGIC	0x184c2102
#define LZ4_BLOCK	(8 << 20)

/* lz4 -l: the legacy frame, a magic then blocks of 8 MiB, each sized */
static unsigned char *lz4(const void *data, size_t len, size_t *out_len)
{
	size_t blocks = len / LZ4_BLOCK + 1, at = 4, done, n;
	unsigned char *out;
	uint32_t v;

	out = malloc(4 + blocks * (4 + LZ4_COMPRESSBOUND(LZ4_BLOCK)) + 4);
	assert_non_null(out);
	v = LZ4_MAGIC;
	memcpy(out, &v, 4);
	for (done = 0; done < len; done += n) {
		n = len - done < LZ4_BLOCK ? len - done : LZ4_BLOCK;
		v = LZ4_compress_default((const char *)data + done,
					 (char *)out + at + 4, n,
					 LZ4_COMPRESSBOUND(LZ4_BLOCK));
		assert_true(v > 0);
		memcpy(out + at, &v, 4);
		at += 4 + v;
	}
	*out_len = at;
	append_size(out, out_len, len);
	return out;
}

/* @n copies of the @len bytes at @unit after the @head_len at @head */
static unsigned char *repeat(const void *head, size_t head_len,
			     const void *unit, size_t len, size_t n,
			     size_t *out_len)
{
	unsigned char *out = malloc(head_len + n * len);
	size_t i;

	assert_non_null(out);
	memcpy(out, head, head_len);
	for (i = 0; i < n; i++)
		memcpy(out + head_len + i * len, unit, len);
	*out_len = head_len + n * len;
	return out;
}

/* The bombs: each of 4 GiB of zeros but lzma's, and of a few MiB at most */
#define BOMB_MIB	4096

static unsigned char *gzip_bomb(size_t *len)
{
	return bomb(BOMB_MIB, len);
}

/*
 * An xz stream may hold many blocks, each on its own: one block of a MiB
 * of zeros, repeated.  The index that should follow is never reached.
 */
static unsigned char *xz_bomb(size_t *len)
{
	unsigned char *zeros = calloc(1, 1 << 20), *one, *out;
	lzma_stream ls = LZMA_STREAM_INIT;
	size_t one_len, index_len;
	uint32_t backward;

	assert_non_null(zeros);
	assert_int_equal(lzma_easy_encoder(&ls, 0, LZMA_CHECK_CRC32), LZMA_OK);
	one = lzma_run(&ls, zeros, 1 << 20, &one_len);
	free(zeros);
	/* Less the size appended and the footer, which sizes the index */
	one_len -= 4 + 12;
	memcpy(&backward, one + one_len + 4, 4);
	index_len = (backward + 1) * 4;
	out = repeat(one, 12, one + 12, one_len - index_len - 12, BOMB_MIB,
		     len);
	free(one);
	return out;
}

/*
 * lzma alone is one stream, nothing in it repeats: just past the bound,
 * packed fast a MiB at a time.
 */
static unsigned char *lzma_bomb(size_t *len)
{
	size_t cap = 1 << 20, mib = (HV_BZIMAGE_MAX >> 20) + 1, i;
	unsigned char *zeros = calloc(1, 1 << 20), *out = malloc(cap);
	lzma_stream ls = LZMA_STREAM_INIT;
	lzma_options_lzma opt;

	assert_non_null(zeros);
	assert_non_null(out);
	assert_false(lzma_lzma_preset(&opt, 0));
	assert_int_equal(lzma_alone_encoder(&ls, &opt), LZMA_OK);
	ls.next_out = out;
	ls.avail_out = cap;
	for (i = 0; i < mib; i++) {
		ls.next_in = zeros;
		ls.avail_in = 1 << 20;
		assert_int_equal(lzma_code(&ls, LZMA_RUN), LZMA_OK);
		assert_int_equal(ls.avail_in, 0);
	}
	assert_int_equal(lzma_code(&ls, LZMA_FINISH), LZMA_STREAM_END);
	*len = ls.total_out;
	lzma_end(&ls);
	free(zeros);
	return out;
}

/* bzip2 a MiB of zeros into a block of its own: BZ_FLUSH ends the block */
static size_t bzip2_block(bz_stream *bs, const unsigned char *zeros)
{
	bs->next_in = (char *)zeros;
	bs->avail_in = 1 << 20;
	while (BZ2_bzCompress(bs, BZ_FLUSH) == BZ_FLUSH_OK)
		;
	assert_int_equal(bs->avail_in, 0);
	return bs->total_out_lo32;
}

/*
 * bzip2's blocks are of bits, not bytes: eight alike take whole bytes,
 * which repeat, after the 4 bytes of the stream's header.
 */
static unsigned char *bzip2_bomb(size_t *len)
{
	unsigned char *zeros = calloc(1, 1 << 20), *buf = malloc(1 << 20);
	size_t out_at[17], unit, i;
	bz_stream bs = { 0 };
	unsigned char *out;

	assert_non_null(zeros);
	assert_non_null(buf);
	assert_int_equal(BZ2_bzCompressInit(&bs, 1, 0, 0), BZ_OK);
	bs.next_out = (char *)buf;
	bs.avail_out = 1 << 20;
	/* The last byte of a block may wait for the next: one block more */
	for (i = 0; i < ARRAY_SIZE(out_at); i++)
		out_at[i] = bzip2_block(&bs, zeros);
	unit = out_at[15] - out_at[7];
	BZ2_bzCompressEnd(&bs);
	free(zeros);
	assert_memory_equal(buf + 4, buf + 4 + unit, unit);
	out = repeat(buf, 4, buf + 4, unit, BOMB_MIB / 8, len);
	free(buf);
	return out;
}

/* zstd's RLE blocks: one byte said 128 KiB times, in 4 bytes */
static unsigned char *zstd_bomb(size_t *len)
{
	/* The magic; no size, no checksum; a window of 2^17 bytes */
	static const unsigned char head[] = {
		0x28, 0xb5, 0x2f, 0xfd, 0, (17 - 10) << 3,
	};
	/* Block_Size 128 KiB << 3, Block_Type RLE << 1, not the last; a 0 */
	static const unsigned char block[] = { 0x02, 0x00, 0x10, 0x00 };

	return repeat(head, sizeof(head), block, sizeof(block), BOMB_MIB * 8,
		      len);
}

/* lz4's blocks are all alike, each on its own: 8 MiB of zeros repeated */
static unsigned char *lz4_bomb(size_t *len)
{
	unsigned char *zeros = calloc(1, LZ4_BLOCK), *one, *out;
	size_t one_len;

	assert_non_null(zeros);
	one = lz4(zeros, LZ4_BLOCK, &one_len);
	free(zeros);
	out = repeat(one, 4, one + 4, one_len - 8, BOMB_MIB / 8, len);
	free(one);
	return out;
}

/*
 * A format hv unpacks: how the test packs it and makes a bomb of it, how
 * the kernel's build packs it with a tool, and whether it checks what it
 * unpacks to (a CRC, a checksum), so that damage cannot go unnoticed.
 */
struct format {
	const char *name;
	unsigned char *(*pack)(const void *data, size_t len, size_t *out_len);
	unsigned char *(*bomb)(size_t *len);
	const char *tool;
	bool checked;
};

static const struct format formats[] = {
	{ "gzip", gzip, gzip_bomb, "gzip -9", true },
	{ "xz", xz, xz_bomb, "xz --check=crc32 --x86 --lzma2=dict=32MiB", true },
	{ "lzma", lzma, lzma_bomb, "lzma -9", false },
	{ "bzip2", bzip2, bzip2_bomb, "bzip2 -9", true },
	{ "lz4", lz4, lz4_bomb, "lz4 -l -9 - -", false },
	{ "zstd", zstd, zstd_bomb, "zstd -22 --ultra", true },
};

static const struct format *fmt;	/* the format under test */
static unsigned char *pk;		/* img in it, its size appended */
static size_t pk_len;

static int setup_format(void **state)
{
	fmt = *state;
	setup(state);
	pk = fmt->pack(img.buf, img.len, &pk_len);
	make_bz(pk, pk_len);
	return 0;
}

static int teardown_format(void **state)
{
	free(pk);
	pk = NULL;
	return teardown(state);
}

/* Refused cleanly, for what was done to a stream of the format's */
static void refused_cleanly(void)
{
	char words[64];

	assert_int_equal(unwrap(), -ENOEXEC);
	assert_null(elf);
	snprintf(words, sizeof(words), "the %s payload", fmt->name);
	if (!strstr(why, words) && !strstr(why, "none of the compression"))
		fail_msg("\"%s\" does not say \"%s\"", why, words);
}

static void test_format_good(void **state)
{
	gives_img();
	/* The size appended is not read. */
	put32(0x24c, pk_len - 4);
	gives_img();
}

static void test_format_max(void **state)
{
	assert_int_equal(unwrap_max(img.len), 0);
	assert_int_equal(elf_len, img.len);
	assert_int_equal(unwrap_max(img.len - 1), -EFBIG);
	assert_null(elf);
	assert_int_equal(unwrap_max(0), -EFBIG);
}

static void test_format_empty(void **state)
{
	unsigned char *empty;
	size_t len;
	char words[64];

	empty = fmt->pack("", 0, &len);
	make_bz(empty, len);
	free(empty);
	snprintf(words, sizeof(words), "the %s payload unpacks to nothing",
		 fmt->name);
	refused(words);
}

static void test_format_truncated(void **state)
{
	size_t end = pk_len - 4;	/* the stream's own end */
	unsigned int seed = 1, i;

	put32(0x24c, end - 1);
	refused("truncated");
	put32(0x24c, end / 2);
	refused("truncated");
	for (i = 0; i < 100; i++) {
		put32(0x24c, 1 + rand_r(&seed) % (end - 1));
		refused_cleanly();
	}
}

/*
 * Random bits flipped: refused with a reason, or, where the format checks
 * nothing or the bit was one it does not need, unpacked within bounds.
 */
static void test_format_damaged(void **state)
{
	size_t at = CODE_AT + PAYLOAD_OFFSET, end = pk_len - 4, off;
	unsigned int seed = 2, i, j;
	int err;

	for (i = 0; i < 300; i++) {
		make_bz(pk, pk_len);
		for (j = 0; j <= i % 3; j++) {
			off = rand_r(&seed) % end;
			bz[at + off] ^= 1 << rand_r(&seed) % 8;
		}
		err = unwrap();
		if (err == -ENOEXEC)
			refused_cleanly();
		else if (err || (fmt->checked &&
				 memcmp(elf, img.buf, img.len)))
			fail_msg("round %u: %d, %s", i, err, why);
	}
}

static void test_format_bomb(void **state)
{
	struct timespec t0, t1;
	unsigned char *payload;
	size_t len;
	double secs;

	payload = fmt->bomb(&len);
	/* Small: at a ratio of 200 at least (lz4's is 255 at most) */
	assert_true(len < ((size_t)BOMB_MIB << 20) / 200);
	make_bz(payload, len);
	free(payload);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	refused_with(-EFBIG, "more than 134217728 bytes");
	clock_gettime(CLOCK_MONOTONIC, &t1);
	secs = t1.tv_sec - t0.tv_sec + (t1.tv_nsec - t0.tv_nsec) / 1e9;
	/* 128 MiB takes a second at most; 4 GiB would take many. */
	if (secs > 10)
		fail_msg("the %s bomb took %.1f s to refuse", fmt->name, secs);
	/* A small bound stops it sooner still. */
	assert_int_equal(unwrap_max(1 << 20), -EFBIG);
}

/* Read what @cmd writes into a new buffer with room for 4 more bytes */
static unsigned char *run(const char *cmd, size_t *len)
{
	size_t cap = 1 << 16, n;
	unsigned char *out = malloc(cap);
	FILE *f = popen(cmd, "r");

	assert_non_null(f);
	assert_non_null(out);
	*len = 0;
	while ((n = fread(out + *len, 1, cap - 4 - *len, f)) > 0) {
		*len += n;
		if (cap - 4 - *len == 0) {
			cap *= 2;
			out = realloc(out, cap);
			assert_non_null(out);
		}
	}
	assert_int_equal(pclose(f), 0);
	return out;
}

/* The tool, as the kernel's build runs it, if it is installed */
static void test_format_tool(void **state)
{
	char path[] = "/tmp/test_bzimage.XXXXXX", cmd[256];
	int name = strcspn(fmt->tool, " ");
	unsigned char *out;
	size_t len;
	int fd;

	snprintf(cmd, sizeof(cmd), "command -v %.*s >/dev/null", name,
		 fmt->tool);
	if (system(cmd))
		skip();
	fd = mkstemp(path);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, img.buf, img.len), img.len);
	close(fd);
	/* From a pipe, as the kernel's build feeds it */
	snprintf(cmd, sizeof(cmd), "cat %s | %s", path, fmt->tool);
	out = run(cmd, &len);
	unlink(path);
	append_size(out, &len, img.len);
	make_bz(out, len);
	free(out);
	gives_img();
}

/* The block header's LZMA2 dictionary, after the x86 filter, made 4 GiB */
static void test_xz_memory(void **state)
{
	unsigned char *p, *bh;
	size_t len, bh_len;
	uint32_t crc;

	p = xz(img.buf, img.len, &len);
	bh = p + 12;
	bh_len = (bh[0] + 1) * 4;
	/* Two filters, no sizes; x86 without properties; LZMA2 with one */
	assert_int_equal(bh[1], 0x01);
	assert_int_equal(bh[2], 0x04);
	assert_int_equal(bh[3], 0x00);
	assert_int_equal(bh[4], 0x21);
	assert_int_equal(bh[5], 0x01);
	bh[6] = 40;
	crc = lzma_crc32(bh, bh_len - 4, 0);
	memcpy(bh + bh_len - 4, &crc, 4);
	make_bz(p, len);
	free(p);
	refused("the xz payload needs more than 72 MiB");
}

/* lzma alone's header says the dictionary's size: 1 GiB */
static void test_lzma_memory(void **state)
{
	uint32_t dict = 1 << 30;
	unsigned char *p;
	size_t len;

	p = lzma(img.buf, img.len, &len);
	memcpy(p + 1, &dict, 4);
	make_bz(p, len);
	free(p);
	refused("the lzma payload needs more than 72 MiB");
}

/* A frame of one byte in a window of 2^@log bytes */
static void zstd_window(unsigned int log)
{
	unsigned char frame[] = {
		0x28, 0xb5, 0x2f, 0xfd, 0, (log - 10) << 3,
		/* Block_Size 1 << 3, Block_Type RLE << 1, the last; an 'A' */
		0x0b, 0x00, 0x00, 'A',
	};

	make_bz(frame, sizeof(frame));
}

static void test_zstd_window(void **state)
{
	zstd_window(27);
	assert_int_equal(unwrap(), 0);
	assert_int_equal(elf_len, 1);
	assert_memory_equal(elf, "A", 1);
	zstd_window(28);
	refused("the zstd payload needs more than 128 MiB");
	zstd_window(41);
	refused("the zstd payload needs more than 128 MiB");
}

/* lz4 blocks after the first, a magic between them, the bound in one */
static void test_lz4_blocks(void **state)
{
	size_t n = 2 * LZ4_BLOCK + 12345, len, i;
	unsigned char *data = malloc(n), *p;

	assert_non_null(data);
	for (i = 0; i < n; i++)
		data[i] = i / 3 + (i >> 14);
	p = lz4(data, n, &len);
	make_bz(p, len);
	assert_int_equal(unwrap_max(n), 0);
	assert_int_equal(elf_len, n);
	assert_memory_equal(elf, data, n);
	assert_int_equal(unwrap_max(n - 1), -EFBIG);
	assert_int_equal(unwrap_max(LZ4_BLOCK + 100), -EFBIG);
	assert_int_equal(unwrap_max(LZ4_BLOCK), -EFBIG);
	/* The magic again, as lz4 -l writes between files */
	p = realloc(p, len + 4);
	assert_non_null(p);
	memmove(p + 8, p + 4, len - 4);
	memcpy(p + 4, p, 4);
	make_bz(p, len + 4);
	assert_int_equal(unwrap(), 0);
	assert_int_equal(elf_len, n);
	/* A block longer than 8 MiB unpacked can be */
	memset(p + 8, 0xff, 4);
	make_bz(p, len + 4);
	refused("the lz4 payload is corrupt");
	free(p);
	free(data);
}

static unsigned char *read_file(const char *path, size_t *len)
{
	unsigned char *buf;
	FILE *f;
	long n;

	f = fopen(path, "rb");
	if (!f)
		return NULL;
	assert_int_equal(fseek(f, 0, SEEK_END), 0);
	n = ftell(f);
	assert_true(n > 0);
	rewind(f);
	buf = malloc(n);
	assert_non_null(buf);
	assert_int_equal(fread(buf, 1, n, f), n);
	fclose(f);
	*len = n;
	return buf;
}

/* The guest kernel that make guest-linux builds, if it did */
static void test_real_bzimage(void **state)
{
	struct hv_elf parsed;
	unsigned char *file;
	size_t len = 0;

	file = read_file(REAL_BZIMAGE, &len);
	if (!file)
		skip();
	free(bz);
	bz = file;
	bz_len = len;
	assert_int_equal(unwrap(), 0);
	if (!elf)
		fail_msg("%s is no bzImage", REAL_BZIMAGE);
	if (hv_elf_parse(elf, elf_len, &parsed, why, sizeof(why)))
		fail_msg("its kernel is refused: %s", why);
}

/* What each format goes through, with it as the state */
static const struct CMUnitTest format_tests[] = {
	cmocka_unit_test_setup_teardown(test_format_good, setup_format,
					teardown_format),
	cmocka_unit_test_setup_teardown(test_format_max, setup_format,
					teardown_format),
	cmocka_unit_test_setup_teardown(test_format_empty, setup_format,
					teardown_format),
	cmocka_unit_test_setup_teardown(test_format_truncated, setup_format,
					teardown_format),
	cmocka_unit_test_setup_teardown(test_format_damaged, setup_format,
					teardown_format),
	cmocka_unit_test_setup_teardown(test_format_bomb, setup_format,
					teardown_format),
	cmocka_unit_test_setup_teardown(test_format_tool, setup_format,
					teardown_format),
};

#define NFORMAT_TESTS	(ARRAY_SIZE(formats) * ARRAY_SIZE(format_tests))

int main(void)
{
	static const struct CMUnitTest common[] = {
		cmocka_unit_test_setup_teardown(test_good, setup, teardown),
		cmocka_unit_test_setup_teardown(test_no_size_appended, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_setup_sects_zero, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_not_bzimage, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_truncated_header, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_old_protocol, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_setup_sects_past_end,
						setup, teardown),
		cmocka_unit_test_setup_teardown(test_payload_past_end, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_truncated_gzip, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_corrupt_gzip, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_garbage, setup, teardown),
		cmocka_unit_test_setup_teardown(test_other_formats, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_max, setup, teardown),
		cmocka_unit_test_setup_teardown(test_inflates_to_nothing, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_not_elf_inside, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_xz_memory, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_lzma_memory, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_zstd_window, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_lz4_blocks, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_real_bzimage, setup,
						teardown),
	};
	static char names[NFORMAT_TESTS][64];
	struct CMUnitTest tests[ARRAY_SIZE(common) + NFORMAT_TESTS];
	struct CMUnitTest *t;
	size_t i, j, k = 0;

	memcpy(tests, common, sizeof(common));
	/* Each named for its format: "test_format_good(xz)" */
	for (i = 0; i < ARRAY_SIZE(formats); i++)
		for (j = 0; j < ARRAY_SIZE(format_tests); j++, k++) {
			t = &tests[ARRAY_SIZE(common) + k];
			*t = format_tests[j];
			snprintf(names[k], sizeof(names[k]), "%s(%s)",
				 format_tests[j].name, formats[i].name);
			t->name = names[k];
			t->initial_state = (void *)&formats[i];
		}
	return cmocka_run_group_tests_name("bzimage", tests, NULL, NULL);
}
