// SPDX-License-Identifier: LGPL-2.1
/*
 * The rule for domain names, as include/uapi/linux/hv.h states it.
 */
#include <stddef.h>

#include "libhv.h"

/* ASCII only: the kernel knows no locale, and neither may this rule. */
static bool is_digit(char c)
{
	return c >= '0' && c <= '9';
}

static bool is_alnum(char c)
{
	return is_digit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

bool hv_domain_name_valid(const char *name)
{
	bool digits_only = true;
	size_t i;

	if (!name || !is_alnum(name[0]))
		return false;
	for (i = 0; name[i]; i++) {
		if (i == HV_DOMAIN_NAME_MAX)
			return false;
		if (!is_alnum(name[i]) && name[i] != '.' && name[i] != '_' &&
		    name[i] != '-')
			return false;
		if (!is_digit(name[i]))
			digits_only = false;
	}
	/* An all-digit name could not be told from a domain id. */
	return !digits_only;
}
