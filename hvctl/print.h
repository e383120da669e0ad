/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The output layer of hvctl: commands describe what they print once, and
 * it comes out as text or, with -j, as JSON.
 *
 * Each value is printed with a key, used in JSON, and a printf format of
 * one argument, used in text.  PRINT_TEXT or PRINT_JSON limits a value to
 * one of the two outputs, as when text shows "64M" and JSON the bytes.
 */
#ifndef HVCTL_PRINT_H
#define HVCTL_PRINT_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

enum print_to {
	PRINT_TEXT = 1,
	PRINT_JSON = 2,
	PRINT_ANY = PRINT_TEXT | PRINT_JSON,
};

/* Print to @out, as JSON if @json.  Call before anything else. */
void print_init(FILE *out, bool json);
bool print_is_json(void);

/*
 * JSON objects and arrays; nothing in text.  Members of an object need a
 * key, elements of an array and values at the top level take NULL.
 */
void print_open_object(const char *key);
void print_close_object(void);
void print_open_array(const char *key);
void print_close_array(void);

void print_string(enum print_to to, const char *key, const char *fmt,
		  const char *val);
void print_uint(enum print_to to, const char *key, const char *fmt,
		uint64_t val);
/* JSON true or false; in text, @fmt gets "true" or "false" */
void print_bool(enum print_to to, const char *key, const char *fmt,
		bool val);

/* The end of a line of text; nothing in JSON */
void print_nl(void);

/*
 * print_end() - finish a record: a top-level JSON value gets its newline,
 * and the output is flushed so that it is seen at once.
 * Return: 0, or a negative errno if the output failed.
 */
int print_end(void);

#endif /* HVCTL_PRINT_H */
