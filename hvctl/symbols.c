// SPDX-License-Identifier: GPL-2.0
/*
 * System.map reading and address lookup, see symbols.h.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "file.h"
#include "symbols.h"

/* How far past a symbol an address may be and still be named by it */
#define SYMBOL_REACH	0x100000U	/* 1 MiB */

struct symbol {
	uint32_t addr;
	uint32_t line;		/* keeps the map's order among equal addresses */
	char type;
	char name[];		/* NUL-terminated */
};

struct symbols {
	size_t nr, cap;
	struct symbol **sym;	/* sorted by address */
};

/* One field of a line: its start and length */
struct field {
	const char *s;
	size_t len;
};

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* nm writes 8 or 16 digits; a 32-bit guest's addresses fit 32 bits. */
static const char *parse_addr(struct field f, uint32_t *addr)
{
	uint64_t v = 0;
	size_t i;

	if (!f.len || f.len > 16)
		return "the address is not 1 to 16 hex digits";
	for (i = 0; i < f.len; i++) {
		if (hexval(f.s[i]) < 0)
			return "the address is not hex";
		v = v << 4 | hexval(f.s[i]);
	}
	if (v > UINT32_MAX)
		return "an address above 4 GiB: not a 32-bit guest's map";
	*addr = v;
	return NULL;
}

static bool type_ok(struct field f)
{
	char c = *f.s;

	return f.len == 1 && ((c >= 'a' && c <= 'z') ||
			      (c >= 'A' && c <= 'Z') || c == '?');
}

static bool name_ok(struct field f)
{
	size_t i;

	if (!f.len || f.len > SYMBOLS_NAME_MAX)
		return false;
	for (i = 0; i < f.len; i++)
		if (f.s[i] <= ' ' || f.s[i] >= 0x7f)
			return false;
	return true;
}

/* Split @line of @len bytes at single spaces into exactly three fields */
static bool split(const char *line, size_t len, struct field f[3])
{
	const char *end = line + len, *sp;
	int i;

	for (i = 0; i < 3; i++) {
		sp = i < 2 ? memchr(line, ' ', end - line) : end;
		if (!sp)
			return false;
		f[i].s = line;
		f[i].len = sp - line;
		line = sp + 1;
	}
	return true;
}

/* Absolute and undefined symbols name no place in the image. */
static bool worth_keeping(char type)
{
	return type != 'a' && type != 'A' && type != 'U' && type != 'u' &&
	       type != 'v' && type != 'w' && type != '?';
}

static int add(struct symbols *syms, struct field f[3], uint32_t addr,
	       uint32_t line)
{
	struct symbol **grown, *sym;

	if (!worth_keeping(*f[1].s))
		return 0;
	if (syms->nr == SYMBOLS_MAX)
		return -E2BIG;
	if (syms->nr == syms->cap) {
		syms->cap = syms->cap ? syms->cap * 2 : 1024;
		grown = realloc(syms->sym, syms->cap * sizeof(*grown));
		if (!grown)
			return -ENOMEM;
		syms->sym = grown;
	}
	sym = malloc(sizeof(*sym) + f[2].len + 1);
	if (!sym)
		return -ENOMEM;
	sym->addr = addr;
	sym->line = line;
	sym->type = *f[1].s;
	memcpy(sym->name, f[2].s, f[2].len);
	sym->name[f[2].len] = '\0';
	syms->sym[syms->nr++] = sym;
	return 0;
}

static const char *check_line(const char *line, size_t len, struct field f[3],
			      uint32_t *addr)
{
	const char *why;

	if (memchr(line, '\0', len))
		return "a NUL byte: not a text file";
	if (!split(line, len, f))
		return "not \"ADDRESS TYPE NAME\"";
	why = parse_addr(f[0], addr);
	if (why)
		return why;
	if (!type_ok(f[1]))
		return "the type is not one letter";
	if (!name_ok(f[2]))
		return "the name is empty, too long or not printable ASCII";
	return NULL;
}

static int parse_lines(struct symbols *syms, const char *text, size_t len,
		       char why[SYMBOLS_WHY_LEN])
{
	const char *end = text + len, *nl, *msg;
	struct field f[3];
	uint32_t line, addr;
	int err;

	for (line = 1; text < end; line++, text = nl + 1) {
		nl = memchr(text, '\n', end - text);
		if (!nl)
			nl = end;
		msg = check_line(text, nl - text, f, &addr);
		if (msg) {
			snprintf(why, SYMBOLS_WHY_LEN, "line %u: %s", line, msg);
			return -EINVAL;
		}
		err = add(syms, f, addr, line);
		if (err) {
			snprintf(why, SYMBOLS_WHY_LEN, "line %u: %s", line,
				 err == -E2BIG ? "too many symbols" :
				 "out of memory");
			return err;
		}
	}
	return 0;
}

static int by_addr(const void *a, const void *b)
{
	const struct symbol *x = *(struct symbol *const *)a;
	const struct symbol *y = *(struct symbol *const *)b;

	if (x->addr != y->addr)
		return x->addr < y->addr ? -1 : 1;
	return x->line < y->line ? -1 : x->line > y->line;
}

int symbols_parse(const char *text, size_t len, struct symbols **out,
		  char why[SYMBOLS_WHY_LEN])
{
	struct symbols *syms;
	int err;

	*out = NULL;
	why[0] = '\0';
	syms = calloc(1, sizeof(*syms));
	if (!syms)
		return -ENOMEM;
	err = parse_lines(syms, text, len, why);
	if (!err && !syms->nr) {
		snprintf(why, SYMBOLS_WHY_LEN, "no symbols in it");
		err = -EINVAL;
	}
	if (err) {
		symbols_free(syms);
		return err;
	}
	qsort(syms->sym, syms->nr, sizeof(*syms->sym), by_addr);
	*out = syms;
	return 0;
}

int symbols_load(const char *path, struct symbols **out,
		 char why[SYMBOLS_WHY_LEN])
{
	void *data;
	size_t len;
	int err;

	*out = NULL;
	err = read_file(path, SYMBOLS_FILE_MAX, &data, &len);
	if (err) {
		snprintf(why, SYMBOLS_WHY_LEN, "%s", err == -EFBIG ?
			 "larger than 64 MiB: not a System.map" :
			 strerror(-err));
		return err;
	}
	err = symbols_parse(data, len, out, why);
	free(data);
	return err;
}

void symbols_free(struct symbols *syms)
{
	size_t i;

	if (!syms)
		return;
	for (i = 0; i < syms->nr; i++)
		free(syms->sym[i]);
	free(syms->sym);
	free(syms);
}

static bool is_text(char type)
{
	return type == 't' || type == 'T' || type == 'w' || type == 'W';
}

/* The last symbol at or below @addr (the first in the map of equals) */
static const struct symbol *find(const struct symbols *syms, uint32_t addr)
{
	size_t lo = 0, hi = syms->nr, mid;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (syms->sym[mid]->addr <= addr)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (!lo)
		return NULL;
	/* Back to the first of the symbols at that address */
	while (lo > 1 && syms->sym[lo - 2]->addr == syms->sym[lo - 1]->addr)
		lo--;
	return syms->sym[lo - 1];
}

const char *symbols_format(const struct symbols *syms, uint32_t addr,
			   bool text_only, char buf[SYMBOL_STR_LEN])
{
	const struct symbol *sym = syms ? find(syms, addr) : NULL;
	uint32_t off;

	if (!sym || (text_only && !is_text(sym->type)))
		return NULL;
	off = addr - sym->addr;
	if (off >= SYMBOL_REACH)
		return NULL;
	if (off)
		snprintf(buf, SYMBOL_STR_LEN, "%s+0x%x", sym->name, off);
	else
		snprintf(buf, SYMBOL_STR_LEN, "%s", sym->name);
	return buf;
}
