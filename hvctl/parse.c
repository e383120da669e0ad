// SPDX-License-Identifier: GPL-2.0
/*
 * Command line values of hvctl.  Written by hand rather than with
 * strtoull(), which takes leading blanks, a sign (and negates!) and
 * base prefixes that have no business in a size or an id.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "parse.h"

static const char units[] = "KMGT";

static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/* Read the decimal digits at *@s into @val and move *@s past them. */
static int parse_digits(const char **s, uint64_t *val)
{
	const char *p = *s;
	uint64_t v = 0;

	if (!is_digit(*p))
		return -EINVAL;
	for (; is_digit(*p); p++) {
		unsigned int d = *p - '0';

		if (v > (UINT64_MAX - d) / 10)
			return -ERANGE;
		v = v * 10 + d;
	}
	*s = p;
	*val = v;
	return 0;
}

/* The shift of the unit suffix @s ("" is bytes), or -1 if it is none */
static int unit_shift(const char *s)
{
	int i;

	if (!s[0])
		return 0;
	if (s[1])
		return -1;
	for (i = 0; units[i]; i++)
		if (s[0] == units[i] || s[0] == units[i] - 'A' + 'a')
			return 10 * (i + 1);
	return -1;
}

int parse_size(const char *s, uint64_t *bytes)
{
	uint64_t val;
	int shift, err;

	err = parse_digits(&s, &val);
	if (err)
		return err;
	shift = unit_shift(s);
	if (shift < 0)
		return -EINVAL;
	if (val > UINT64_MAX >> shift)
		return -ERANGE;
	*bytes = val << shift;
	return 0;
}

int parse_memory(const char *s, uint64_t *bytes)
{
	uint64_t val;
	int err;

	err = parse_size(s, &val);
	if (err)
		return err;
	if (val % 4096)
		return -EINVAL;
	if (val < HV_MEMORY_MIN || val > HV_MEMORY_MAX)
		return -ERANGE;
	*bytes = val;
	return 0;
}

const char *format_size(uint64_t bytes, char buf[SIZE_STR_LEN])
{
	int i = 0;

	while (bytes && !(bytes & 1023) && units[i]) {
		bytes >>= 10;
		i++;
	}
	if (i)
		snprintf(buf, SIZE_STR_LEN, "%" PRIu64 "%c", bytes, units[i - 1]);
	else
		snprintf(buf, SIZE_STR_LEN, "%" PRIu64, bytes);
	return buf;
}

const char *format_ns(uint64_t ns, char buf[NS_STR_LEN])
{
	snprintf(buf, NS_STR_LEN, "%" PRIu64 ".%09" PRIu64 "s",
		 ns / 1000000000, ns % 1000000000);
	return buf;
}

int parse_ref(const char *s, struct hv_domain_ref *ref)
{
	const char *p = s;
	uint64_t id;

	if (s[0] && s[strspn(s, "0123456789")] == '\0') {
		if (parse_digits(&p, &id) || id < 1 || id > HV_DOMID_MAX)
			return -ERANGE;
		ref->id = id;
		ref->name = NULL;
		return 0;
	}
	if (!hv_domain_name_valid(s))
		return -EINVAL;
	ref->id = 0;
	ref->name = s;
	return 0;
}
