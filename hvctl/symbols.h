/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A guest kernel's System.map, to show guest addresses as symbol+offset
 * (hvctl regs and trace --symbols).  Pure functions, unit tested in
 * selftests/unit.
 *
 * The map is whatever file the user named: hostile input.  Every line
 * must be "ADDRESS TYPE NAME" as nm writes it, the address in hex and
 * below 4 GiB (a 32-bit guest's), the type one letter or '?', the name
 * printable ASCII without blanks; anything else refuses the whole file
 * with the line number and why.
 */
#ifndef HVCTL_SYMBOLS_H
#define HVCTL_SYMBOLS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* The most a map may hold: Linux's has about 100,000 lines, 4 MiB */
#define SYMBOLS_FILE_MAX	(64U << 20)
#define SYMBOLS_MAX		(4U << 20)
/* Longest name (Linux's KSYM_NAME_LEN is 512 with the NUL) */
#define SYMBOLS_NAME_MAX	511
/* Enough for "NAME+0xffffffff" */
#define SYMBOL_STR_LEN		(SYMBOLS_NAME_MAX + 16)
/* Why a map was refused */
#define SYMBOLS_WHY_LEN		128

struct symbols;

/*
 * symbols_parse() - read a map from @len bytes at @text.
 * @out: set to the symbols, to symbols_free().
 * @why: says what is wrong, and on which line, when it fails.
 *
 * Return: 0, -EINVAL for a malformed map, -E2BIG for one with more than
 * SYMBOLS_MAX symbols, -ENOMEM.
 */
int symbols_parse(const char *text, size_t len, struct symbols **out,
		  char why[SYMBOLS_WHY_LEN]);

/* symbols_parse() of the file @path (at most SYMBOLS_FILE_MAX bytes) */
int symbols_load(const char *path, struct symbols **out,
		 char why[SYMBOLS_WHY_LEN]);

void symbols_free(struct symbols *syms);

/*
 * symbols_format() - write "NAME+0xOFF" (or "NAME" at offset 0) for the
 * symbol at or below @addr to @buf.  No name (returns NULL) below the
 * first symbol, more than a megabyte past the nearest, or, with
 * @text_only, when the nearest is not code (nm types t, T, w, W): so a
 * stack word that is a number or a data pointer is not made a function.
 * Return: @buf, or NULL.
 */
const char *symbols_format(const struct symbols *syms, uint32_t addr,
			   bool text_only, char buf[SYMBOL_STR_LEN]);

#endif /* HVCTL_SYMBOLS_H */
