// SPDX-License-Identifier: GPL-2.0
/*
 * hvctl output layer: the same calls as text and as JSON.
 */
#include <inttypes.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>

#include <cmocka.h>

#include "print.h"

struct out {
	FILE *f;
	char *buf;
	size_t len;
};

static int setup(void **state)
{
	struct out *o = calloc(1, sizeof(*o));

	if (!o)
		return -1;
	o->f = open_memstream(&o->buf, &o->len);
	if (!o->f) {
		free(o);
		return -1;
	}
	*state = o;
	return 0;
}

static int teardown(void **state)
{
	struct out *o = *state;

	fclose(o->f);
	free(o->buf);
	free(o);
	return 0;
}

static void start(void **state, bool json)
{
	print_init(((struct out *)*state)->f, json);
}

/* Everything printed so far */
static const char *output(void **state)
{
	struct out *o = *state;

	fflush(o->f);
	return o->buf;
}

/* What domain() prints as JSON */
#define WEB	"{\"name\":\"web\",\"id\":7,\"memory\":67108864}"

static void domain(void)
{
	print_open_object(NULL);
	print_string(PRINT_ANY, "name", "%s", "web");
	print_uint(PRINT_ANY, "id", " id %" PRIu64, 7);
	print_uint(PRINT_JSON, "memory", NULL, 67108864);
	print_string(PRINT_TEXT, NULL, " memory %s", "64M");
	print_close_object();
	print_nl();
}

static void test_text(void **state)
{
	start(state, false);
	assert_false(print_is_json());
	domain();
	assert_int_equal(print_end(), 0);
	assert_string_equal(output(state), "web id 7 memory 64M\n");
}

static void test_json_object(void **state)
{
	start(state, true);
	assert_true(print_is_json());
	domain();
	assert_int_equal(print_end(), 0);
	assert_string_equal(output(state), WEB "\n");
}

static void test_json_array(void **state)
{
	start(state, true);
	print_open_array(NULL);
	domain();
	domain();
	print_open_object(NULL);
	print_open_array("empty");
	print_close_array();
	print_uint(PRINT_ANY, "big", "%" PRIu64, UINT64_MAX);
	print_close_object();
	print_close_array();
	assert_int_equal(print_end(), 0);
	assert_string_equal(output(state),
			    "[" WEB "," WEB
			    ",{\"empty\":[],\"big\":18446744073709551615}]\n");
}

static void test_json_empty_array(void **state)
{
	start(state, true);
	print_open_array(NULL);
	print_close_array();
	print_end();
	assert_string_equal(output(state), "[]\n");
}

/* One JSON value per line, as monitor prints them */
static void test_json_lines(void **state)
{
	start(state, true);
	domain();
	print_end();
	domain();
	print_end();
	assert_string_equal(output(state), WEB "\n" WEB "\n");
}

/* @in printed as a JSON string is @want, and so is it as a key */
static void escaped(const char *in, const char *want)
{
	char expect[128];
	size_t len;
	char *buf;
	FILE *f;

	f = open_memstream(&buf, &len);
	assert_non_null(f);
	print_init(f, true);
	print_string(PRINT_ANY, NULL, "%s", in);
	print_open_object(NULL);
	print_string(PRINT_ANY, in, "%s", "");
	print_close_object();
	fclose(f);
	snprintf(expect, sizeof(expect), "%s{%s:\"\"}", want, want);
	assert_string_equal(buf, expect);
	free(buf);
}

static void test_json_escape(void **state)
{
	escaped("", "\"\"");
	escaped("web", "\"web\"");
	escaped("a\"b", "\"a\\\"b\"");
	escaped("a\\b", "\"a\\\\b\"");
	escaped("a/b", "\"a/b\"");
	escaped("\b\f\n\r\t", "\"\\b\\f\\n\\r\\t\"");
	escaped("\x01\x1f\x7f", "\"\\u0001\\u001f\\u007f\"");
	escaped("\x1b[2J", "\"\\u001b[2J\"");
	escaped("caf\xc3\xa9", "\"caf\xc3\xa9\"");
}

/* Text output prints no JSON syntax and JSON output no text */
static void test_text_only(void **state)
{
	start(state, false);
	print_open_array(NULL);
	print_open_object(NULL);
	print_string(PRINT_JSON, "hidden", "%s", "x");
	print_string(PRINT_TEXT, NULL, "[%s]", "shown");
	print_close_object();
	print_close_array();
	print_end();
	assert_string_equal(output(state), "[shown]");
}

static void test_json_only(void **state)
{
	start(state, true);
	print_open_object(NULL);
	print_string(PRINT_TEXT, "hidden", "%s", "x");
	print_uint(PRINT_TEXT, "hidden", "%" PRIu64, 1);
	print_nl();
	print_string(PRINT_JSON, "shown", "%s", "y");
	print_close_object();
	print_end();
	assert_string_equal(output(state), "{\"shown\":\"y\"}\n");
}

static void test_bool(void **state)
{
	start(state, true);
	print_open_object(NULL);
	print_bool(PRINT_JSON, "cut", NULL, false);
	print_bool(PRINT_ANY, "on", " on %s", true);
	print_close_object();
	assert_int_equal(print_end(), 0);
	assert_string_equal(output(state), "{\"cut\":false,\"on\":true}\n");
}

static void test_bool_text(void **state)
{
	start(state, false);
	print_bool(PRINT_JSON, "cut", NULL, false);
	print_bool(PRINT_ANY, "on", "on %s", true);
	assert_int_equal(print_end(), 0);
	assert_string_equal(output(state), "on true");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_text, setup, teardown),
		cmocka_unit_test_setup_teardown(test_json_object, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_json_array, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_json_empty_array, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_json_lines, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_json_escape, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_text_only, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_bool, setup, teardown),
		cmocka_unit_test_setup_teardown(test_bool_text, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_json_only, setup,
						teardown),
	};

	return cmocka_run_group_tests_name("print", tests, NULL, NULL);
}
