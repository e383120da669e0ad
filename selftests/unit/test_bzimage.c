// SPDX-License-Identifier: GPL-2.0
/*
 * libhv's unwrapping of a bzImage: a good one made in memory around the
 * gzip-compressed ELF of elfimg.c gives that ELF back, byte for byte;
 * what is not a bzImage passes through; every field of a hostile one is
 * refused with a reason, and a gzip bomb stops at the bound.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cmocka.h>
#include <zlib.h>

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

/* gzip @len bytes of @data into a new buffer, the way the kernel does */
static unsigned char *gzip(const void *data, size_t len, size_t *out_len)
{
	z_stream zs = { 0 };
	unsigned char *out;
	uint32_t size = len;
	size_t cap;

	assert_int_equal(deflateInit2(&zs, 9, Z_DEFLATED, 16 + MAX_WBITS, 8,
				      Z_DEFAULT_STRATEGY), Z_OK);
	cap = deflateBound(&zs, len) + sizeof(size);
	out = malloc(cap);
	assert_non_null(out);
	zs.next_in = (unsigned char *)data;
	zs.avail_in = len;
	zs.next_out = out;
	zs.avail_out = cap;
	assert_int_equal(deflate(&zs, Z_FINISH), Z_STREAM_END);
	*out_len = zs.total_out;
	deflateEnd(&zs);
	/* The kernel's build appends the inflated size. */
	memcpy(out + *out_len, &size, sizeof(size));
	*out_len += sizeof(size);
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
	refused("not gzip-compressed");
	/* Half a gzip magic */
	put32(0x24c, 1);
	bz[CODE_AT + PAYLOAD_OFFSET] = 0x1f;
	refused("not gzip-compressed");
}

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
		snprintf(words, sizeof(words), "the kernel is %s-compressed",
			 formats[i].name);
		refused(words);
		assert_non_null(strstr(why, "gzip only"));
	}
	/* The xz magic cut short is no format at all. */
	make_bz(formats[0].magic, 5);
	refused("not gzip-compressed");
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
	refused("inflates to nothing");
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

static void test_gzip_bomb(void **state)
{
	struct timespec t0, t1;
	unsigned char *payload;
	size_t len;
	double secs;

	/* 4 GiB of zeros, in a few MiB: inflating it all would not fit. */
	payload = bomb(4096, &len);
	assert_true(len < 16 << 20);
	make_bz(payload, len);
	free(payload);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	refused_with(-EFBIG, "more than 134217728 bytes");
	clock_gettime(CLOCK_MONOTONIC, &t1);
	secs = t1.tv_sec - t0.tv_sec + (t1.tv_nsec - t0.tv_nsec) / 1e9;
	/* 128 MiB takes a fraction of a second; 4 GiB would take many. */
	if (secs > 5)
		fail_msg("the bomb took %.1f s to refuse", secs);
	/* A small bound stops it sooner still. */
	assert_int_equal(unwrap_max(1 << 20), -EFBIG);
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

int main(void)
{
	const struct CMUnitTest tests[] = {
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
		cmocka_unit_test_setup_teardown(test_gzip_bomb, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_real_bzimage, setup,
						teardown),
	};

	return cmocka_run_group_tests_name("bzimage", tests, NULL, NULL);
}
