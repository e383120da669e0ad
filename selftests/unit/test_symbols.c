// SPDX-License-Identifier: GPL-2.0
/*
 * hvctl's System.map reader: lookups in a good map, and every kind of
 * garbage a user may hand it refused with the line and the reason.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "symbols.h"

static const char good_map[] =
	"00100000 T _start\n"
	"00100000 T __text_start\n"
	"00100020 t helper\n"
	"00100100 T test_main\n"
	"00100200 W weak_fn\n"
	"00100000 A _image_start\n"
	"00104000 D some_data\n"
	"00104010 b bss_thing\n"
	"00000000c0000000 T high_but_32bit\n";

static struct symbols *parse_ok(const char *text)
{
	char why[SYMBOLS_WHY_LEN];
	struct symbols *syms;

	assert_int_equal(symbols_parse(text, strlen(text), &syms, why), 0);
	assert_non_null(syms);
	return syms;
}

static const char *fmt(const struct symbols *syms, uint32_t addr,
		       bool text_only)
{
	static char buf[SYMBOL_STR_LEN];

	return symbols_format(syms, addr, text_only, buf);
}

static void test_lookup(void **state)
{
	struct symbols *syms = parse_ok(good_map);

	/* The first of equal addresses, in the map's order */
	assert_string_equal(fmt(syms, 0x100000, false), "_start");
	assert_string_equal(fmt(syms, 0x100004, false), "_start+0x4");
	assert_string_equal(fmt(syms, 0x100020, false), "helper");
	assert_string_equal(fmt(syms, 0x1000ff, false), "helper+0xdf");
	assert_string_equal(fmt(syms, 0x100150, false), "test_main+0x50");
	assert_string_equal(fmt(syms, 0x100210, true), "weak_fn+0x10");
	assert_string_equal(fmt(syms, 0xc0000001, false),
			    "high_but_32bit+0x1");
	/* Below the first symbol; absolute symbols are no place */
	assert_null(fmt(syms, 0xfffff, false));
	/* Data is named, but not as a return address */
	assert_string_equal(fmt(syms, 0x104004, false), "some_data+0x4");
	assert_null(fmt(syms, 0x104004, true));
	assert_string_equal(fmt(syms, 0x104010, false), "bss_thing");
	/* Far past the nearest symbol: a number, not a place */
	assert_null(fmt(syms, 0x104010 + (1U << 20), false));
	assert_string_equal(fmt(syms, 0x104010 + (1U << 20) - 1, false),
			    "bss_thing+0xfffff");
	assert_null(fmt(NULL, 0x100000, false));
	symbols_free(syms);
}

/* @text is refused with -EINVAL and a reason that starts with @why */
static void refused(const char *text, size_t len, const char *why)
{
	char buf[SYMBOLS_WHY_LEN];
	struct symbols *syms = (void *)1;

	assert_int_equal(symbols_parse(text, len, &syms, buf), -EINVAL);
	assert_null(syms);
	if (strncmp(buf, why, strlen(why)))
		fail_msg("\"%s\" does not start with \"%s\"", buf, why);
}

static void test_garbage(void **state)
{
	static const char nul[] = "00100000 T a\n0010\0000 T b\n";
	char longname[SYMBOLS_NAME_MAX + 32], *copy;

	refused("", 0, "no symbols");
	refused("00100000 A abs\n", 15, "no symbols");
	refused("hello\n", 6, "line 1: not \"ADDRESS TYPE NAME\"");
	refused("00100000 T ok\n\n", 15, "line 2: not");
	refused("00100000 T ok\n00100000  T two_spaces\n", 38, "line 2:");
	refused("00100000\tT tab\n", 15, "line 1: not");
	refused("0010000g T x\n", 13, "line 1: the address is not hex");
	refused("12345678901234567 T x\n", 22, "line 1: the address is not 1");
	refused(" T x\n", 4, "line 1: the address is not 1");
	refused("ffffffff81000000 T _stext\n", 26,
		"line 1: an address above 4 GiB");
	refused("0000000100000000 T x\n", 21, "line 1: an address above");
	refused("00100000 TT x\n", 14, "line 1: the type");
	refused("00100000 1 x\n", 13, "line 1: the type");
	refused("00100000 T \033[2J\n", 16, "line 1: the name");
	refused("00100000 T a b\n", 15, "line 1: the name");
	refused("00100000 T \xc3\xa9t\xc3\xa9\n", 17, "line 1: the name");
	refused("00100000 T x\r\n", 14, "line 1: the name");
	refused("00100000 T\x20\n", 12, "line 1: the name");
	refused(nul, sizeof(nul) - 1, "line 2: a NUL byte");

	/* A name of the longest length passes, one more does not */
	memset(longname, 'n', sizeof(longname));
	memcpy(longname, "00100000 T ", 11);
	assert_int_equal(11 + SYMBOLS_NAME_MAX, 522);
	longname[11 + SYMBOLS_NAME_MAX] = '\n';
	copy = strndup(longname, 12 + SYMBOLS_NAME_MAX);
	symbols_free(parse_ok(copy));
	free(copy);
	longname[11 + SYMBOLS_NAME_MAX] = 'n';
	refused(longname, 12 + SYMBOLS_NAME_MAX, "line 1: the name");
}

/* The last line needs no newline; a random blob is refused, not trusted */
static void test_edges(void **state)
{
	char why[SYMBOLS_WHY_LEN], blob[4096];
	struct symbols *syms;
	unsigned int seed, i;

	syms = parse_ok("00100000 T no_newline");
	assert_string_equal(fmt(syms, 0x100001, false), "no_newline+0x1");
	symbols_free(syms);

	for (seed = 1; seed <= 200; seed++) {
		srand(seed);
		for (i = 0; i < sizeof(blob); i++)
			blob[i] = rand();
		assert_int_equal(symbols_parse(blob, sizeof(blob), &syms, why),
				 -EINVAL);
		assert_null(syms);
		assert_true(!strncmp(why, "line ", 5));
	}
}

static void test_load(void **state)
{
	char path[] = "/tmp/test_symbols.XXXXXX", why[SYMBOLS_WHY_LEN];
	struct symbols *syms;
	int fd = mkstemp(path);

	assert_true(fd >= 0);
	assert_int_equal(write(fd, good_map, strlen(good_map)),
			 (int)strlen(good_map));
	assert_int_equal(symbols_load(path, &syms, why), 0);
	assert_string_equal(fmt(syms, 0x100101, false), "test_main+0x1");
	symbols_free(syms);
	/* Sparse: one byte past the limit */
	assert_int_equal(ftruncate(fd, SYMBOLS_FILE_MAX + 1), 0);
	close(fd);
	assert_int_equal(symbols_load(path, &syms, why), -EFBIG);
	assert_string_equal(why, "larger than 64 MiB: not a System.map");
	unlink(path);
	assert_int_equal(symbols_load(path, &syms, why), -ENOENT);
	assert_null(syms);
}

int main(void)
{
	static const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_lookup),
		cmocka_unit_test(test_garbage),
		cmocka_unit_test(test_edges),
		cmocka_unit_test(test_load),
	};

	return cmocka_run_group_tests_name("symbols", tests, NULL, NULL);
}
