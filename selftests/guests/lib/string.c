// SPDX-License-Identifier: GPL-2.0
/*
 * String helpers and command-line parsing.
 */
#include "string.h"
#include "test.h"

void *memset(void *s, int c, size_t n)
{
	u8 *p = s;

	while (n--)
		*p++ = (u8)c;
	return s;
}

void *memcpy(void *dst, const void *src, size_t n)
{
	u8 *d = dst;
	const u8 *s = src;

	while (n--)
		*d++ = *s++;
	return dst;
}

void *memmove(void *dst, const void *src, size_t n)
{
	u8 *d = dst;
	const u8 *s = src;

	if (d <= s || d >= s + n)
		return memcpy(dst, src, n);
	while (n--)
		d[n] = s[n];
	return dst;
}

int memcmp(const void *a, const void *b, size_t n)
{
	const u8 *x = a, *y = b;

	for (; n; n--, x++, y++)
		if (*x != *y)
			return *x < *y ? -1 : 1;
	return 0;
}

size_t strlen(const char *s)
{
	size_t n = 0;

	while (s[n])
		n++;
	return n;
}

size_t strnlen(const char *s, size_t max)
{
	size_t n = 0;

	while (n < max && s[n])
		n++;
	return n;
}

int strncmp(const char *a, const char *b, size_t n)
{
	for (; n; n--, a++, b++) {
		if (*a != *b)
			return (u8)*a < (u8)*b ? -1 : 1;
		if (!*a)
			break;
	}
	return 0;
}

void str_cat(char *d, const char *s)
{
	d += strlen(d);
	while ((*d++ = *s++))
		;
}

void u32_to_str(char *s, u32 v)
{
	char t[12];
	int n = 0;

	do {
		t[n++] = '0' + v % 10;
		v /= 10;
	} while (v);
	while (n)
		*s++ = t[--n];
	*s = 0;
}

static int digit(char c, unsigned int base)
{
	int d;

	if (c >= '0' && c <= '9')
		d = c - '0';
	else if (c >= 'a' && c <= 'f')
		d = c - 'a' + 10;
	else if (c >= 'A' && c <= 'F')
		d = c - 'A' + 10;
	else
		return -1;
	return d < (int)base ? d : -1;
}

u32 parse_u32(const char *s, const char **end)
{
	unsigned int base = 10;
	u32 val = 0;
	int d;

	if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
		base = 16;
		s += 2;
	}
	for (; (d = digit(*s, base)) >= 0; s++)
		val = val * base + d;
	if (end)
		*end = s;
	return val;
}

bool cmdline_u32(const char *key, u32 *val)
{
	const char *p = start_info->cmd_line;
	const char *limit = p + strnlen(p, sizeof(start_info->cmd_line));
	size_t klen = strlen(key);

	while (p < limit) {
		const char *end;

		while (*p == ' ')
			p++;
		if (!strncmp(p, key, klen) && p[klen] == '=') {
			u32 v = parse_u32(p + klen + 1, &end);

			if (end == p + klen + 1 || (*end && *end != ' '))
				return false;
			*val = v;
			return true;
		}
		while (p < limit && *p != ' ')
			p++;
	}
	return false;
}
