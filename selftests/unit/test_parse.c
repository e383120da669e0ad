// SPDX-License-Identifier: GPL-2.0
/*
 * hvctl command line values: sizes, domain names, NAME|ID references.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "parse.h"

#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))

static void size_ok(const char *s, uint64_t want)
{
	uint64_t got = 0;

	assert_int_equal(parse_size(s, &got), 0);
	assert_true(got == want);
}

static void size_bad(const char *s, int want)
{
	uint64_t got = 12345;

	assert_int_equal(parse_size(s, &got), want);
	assert_true(got == 12345);	/* left alone on error */
}

static void test_size_good(void **state)
{
	size_ok("0", 0);
	size_ok("4096", 4096);
	size_ok("512K", 512ULL << 10);
	size_ok("512k", 512ULL << 10);
	size_ok("64M", 64ULL << 20);
	size_ok("64m", 64ULL << 20);
	size_ok("1G", 1ULL << 30);
	size_ok("2t", 2ULL << 40);
	size_ok("0064M", 64ULL << 20);
	size_ok("18446744073709551615", UINT64_MAX);
	size_ok("16777215T", 16777215ULL << 40);
}

static void test_size_bad(void **state)
{
	size_bad("", -EINVAL);
	size_bad("M", -EINVAL);
	size_bad("12Q", -EINVAL);
	size_bad("-5", -EINVAL);
	size_bad("+5", -EINVAL);
	size_bad(" 5", -EINVAL);
	size_bad("5 ", -EINVAL);
	size_bad("1.5G", -EINVAL);
	size_bad("16E", -EINVAL);
	size_bad("64MiB", -EINVAL);
	size_bad("64MM", -EINVAL);
	size_bad("0x10", -EINVAL);
	size_bad("1\n", -EINVAL);
	size_bad("99999999999999999999", -ERANGE);
	size_bad("18446744073709551616", -ERANGE);
	size_bad("16777216T", -ERANGE);
	size_bad("18446744073709551615K", -ERANGE);
}

static void test_memory(void **state)
{
	uint64_t got = 0;

	assert_int_equal(parse_memory("4M", &got), 0);
	assert_true(got == HV_MEMORY_MIN);
	assert_int_equal(parse_memory("16G", &got), 0);
	assert_true(got == HV_MEMORY_MAX);
	assert_int_equal(parse_memory("4100K", &got), 0);
	assert_true(got == 4100ULL << 10);

	assert_int_equal(parse_memory("0", &got), -ERANGE);
	assert_int_equal(parse_memory("4092K", &got), -ERANGE);
	assert_int_equal(parse_memory("16777220K", &got), -ERANGE);
	assert_int_equal(parse_memory("4194305", &got), -EINVAL);
	assert_int_equal(parse_memory("", &got), -EINVAL);
	assert_int_equal(parse_memory("12Q", &got), -EINVAL);
	assert_int_equal(parse_memory("99999999999999999999", &got), -ERANGE);
}

static void test_format_size(void **state)
{
	static const struct {
		uint64_t bytes;
		const char *text;
	} cases[] = {
		{ 0, "0" },
		{ 1000, "1000" },
		{ 1024, "1K" },
		{ 1536 << 10, "1536K" },
		{ 64ULL << 20, "64M" },
		{ 16ULL << 30, "16G" },
		{ 3ULL << 40, "3T" },
		{ 1ULL << 50, "1024T" },
		{ UINT64_MAX, "18446744073709551615" },
	};
	char buf[SIZE_STR_LEN];
	uint64_t back;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		assert_string_equal(format_size(cases[i].bytes, buf),
				    cases[i].text);
		/* what it writes, parse_size() reads back */
		assert_int_equal(parse_size(buf, &back), 0);
		assert_true(back == cases[i].bytes);
	}
}

static void test_format_ns(void **state)
{
	char buf[NS_STR_LEN];

	assert_string_equal(format_ns(0, buf), "0.000000000s");
	assert_string_equal(format_ns(1500000, buf), "0.001500000s");
	assert_string_equal(format_ns(61000000001ULL, buf), "61.000000001s");
	assert_string_equal(format_ns(UINT64_MAX, buf),
			    "18446744073.709551615s");
}

static void test_name(void **state)
{
	assert_true(hv_domain_name_valid("web"));
	assert_true(hv_domain_name_valid("a"));
	assert_true(hv_domain_name_valid("1a"));
	assert_true(hv_domain_name_valid("9-"));
	assert_true(hv_domain_name_valid("db.prod_2-a"));
	assert_true(hv_domain_name_valid("0123456789abcdefghij0123456789a"));

	assert_false(hv_domain_name_valid(NULL));
	assert_false(hv_domain_name_valid(""));
	assert_false(hv_domain_name_valid("0123456789abcdefghij0123456789ab"));
	assert_false(hv_domain_name_valid("a b"));
	assert_false(hv_domain_name_valid("a/b"));
	assert_false(hv_domain_name_valid("a:b"));
	assert_false(hv_domain_name_valid("a\tb"));
	assert_false(hv_domain_name_valid("caf\xc3\xa9"));
	assert_false(hv_domain_name_valid("-web"));
	assert_false(hv_domain_name_valid(".web"));
	assert_false(hv_domain_name_valid("_web"));
	assert_false(hv_domain_name_valid("123"));
	assert_false(hv_domain_name_valid("0"));
}

static void test_ref(void **state)
{
	struct hv_domain_ref ref;
	char max[16], over[16];

	assert_int_equal(parse_ref("1", &ref), 0);
	assert_int_equal(ref.id, 1);
	assert_null(ref.name);

	snprintf(max, sizeof(max), "%u", HV_DOMID_MAX);
	assert_int_equal(parse_ref(max, &ref), 0);
	assert_int_equal(ref.id, HV_DOMID_MAX);

	assert_int_equal(parse_ref("007", &ref), 0);
	assert_int_equal(ref.id, 7);

	assert_int_equal(parse_ref("web", &ref), 0);
	assert_int_equal(ref.id, 0);
	assert_string_equal(ref.name, "web");

	assert_int_equal(parse_ref("1a", &ref), 0);
	assert_int_equal(ref.id, 0);
	assert_string_equal(ref.name, "1a");

	snprintf(over, sizeof(over), "%u", HV_DOMID_MAX + 1);
	assert_int_equal(parse_ref(over, &ref), -ERANGE);
	assert_int_equal(parse_ref("0", &ref), -ERANGE);
	assert_int_equal(parse_ref("000", &ref), -ERANGE);
	assert_int_equal(parse_ref("99999999999999999999", &ref), -ERANGE);
	assert_int_equal(parse_ref("", &ref), -EINVAL);
	assert_int_equal(parse_ref("-1", &ref), -EINVAL);
	assert_int_equal(parse_ref("a b", &ref), -EINVAL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_size_good),
		cmocka_unit_test(test_size_bad),
		cmocka_unit_test(test_memory),
		cmocka_unit_test(test_format_size),
		cmocka_unit_test(test_format_ns),
		cmocka_unit_test(test_name),
		cmocka_unit_test(test_ref),
	};

	return cmocka_run_group_tests_name("parse", tests, NULL, NULL);
}
