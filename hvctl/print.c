// SPDX-License-Identifier: GPL-2.0
/*
 * Text and JSON output of hvctl, see print.h.
 */
#include <assert.h>
#include <errno.h>
#include <inttypes.h>

#include "print.h"

/* hvctl nests no deeper than an array of objects */
#define MAX_DEPTH	8

static struct {
	FILE *out;
	bool json;
	unsigned int depth;
	bool empty[MAX_DEPTH];	/* nothing printed yet at this level */
} pr;

void print_init(FILE *out, bool json)
{
	pr.out = out;
	pr.json = json;
	pr.depth = 0;
}

bool print_is_json(void)
{
	return pr.json;
}

static void json_char(unsigned char c)
{
	switch (c) {
	case '"':
		fputs("\\\"", pr.out);
		break;
	case '\\':
		fputs("\\\\", pr.out);
		break;
	case '\b':
		fputs("\\b", pr.out);
		break;
	case '\f':
		fputs("\\f", pr.out);
		break;
	case '\n':
		fputs("\\n", pr.out);
		break;
	case '\r':
		fputs("\\r", pr.out);
		break;
	case '\t':
		fputs("\\t", pr.out);
		break;
	default:
		if (c < 0x20 || c == 0x7f)
			fprintf(pr.out, "\\u%04x", c);
		else
			fputc(c, pr.out);
	}
}

/*
 * JSON strings are UTF-8 with '"', '\' and control characters escaped.
 * Other bytes pass as they are: hvctl prints only ASCII names and what
 * the caller vouches is UTF-8.
 */
static void json_string(const char *s)
{
	fputc('"', pr.out);
	for (; *s; s++)
		json_char(*s);
	fputc('"', pr.out);
}

/* Start a value: the comma before it, and its key inside an object */
static void json_value(const char *key)
{
	if (pr.depth) {
		if (!pr.empty[pr.depth - 1])
			fputc(',', pr.out);
		pr.empty[pr.depth - 1] = false;
	}
	if (key) {
		json_string(key);
		fputc(':', pr.out);
	}
}

static void json_open(const char *key, char c)
{
	if (!pr.json)
		return;
	assert(pr.depth < MAX_DEPTH);
	json_value(key);
	fputc(c, pr.out);
	pr.empty[pr.depth++] = true;
}

static void json_close(char c)
{
	if (!pr.json)
		return;
	assert(pr.depth > 0);
	pr.depth--;
	fputc(c, pr.out);
}

void print_open_object(const char *key)
{
	json_open(key, '{');
}

void print_close_object(void)
{
	json_close('}');
}

void print_open_array(const char *key)
{
	json_open(key, '[');
}

void print_close_array(void)
{
	json_close(']');
}

void print_string(enum print_to to, const char *key, const char *fmt,
		  const char *val)
{
	if (pr.json && (to & PRINT_JSON)) {
		json_value(key);
		json_string(val);
	} else if (!pr.json && (to & PRINT_TEXT)) {
		fprintf(pr.out, fmt, val);
	}
}

void print_uint(enum print_to to, const char *key, const char *fmt,
		uint64_t val)
{
	if (pr.json && (to & PRINT_JSON)) {
		json_value(key);
		fprintf(pr.out, "%" PRIu64, val);
	} else if (!pr.json && (to & PRINT_TEXT)) {
		fprintf(pr.out, fmt, val);
	}
}

void print_bool(enum print_to to, const char *key, const char *fmt,
		bool val)
{
	const char *word = val ? "true" : "false";

	if (pr.json && (to & PRINT_JSON)) {
		json_value(key);
		fputs(word, pr.out);
	} else if (!pr.json && (to & PRINT_TEXT)) {
		fprintf(pr.out, fmt, word);
	}
}

void print_nl(void)
{
	if (!pr.json)
		fputc('\n', pr.out);
}

int print_end(void)
{
	if (pr.json && !pr.depth)
		fputc('\n', pr.out);
	if (fflush(pr.out) || ferror(pr.out))
		return errno ? -errno : -EIO;
	return 0;
}
