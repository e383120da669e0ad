/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Command line values of hvctl: sizes and domain references.  Pure
 * functions, unit tested in selftests/unit.
 */
#ifndef HVCTL_PARSE_H
#define HVCTL_PARSE_H

#include <stddef.h>
#include <stdint.h>

#include "libhv.h"

/* Enough for any size format_size() writes, "18446744073709551615" */
#define SIZE_STR_LEN	24

/*
 * parse_size() - read a size: decimal digits, then optionally one of the
 * binary suffixes K, M, G, T (either case).  "64M", "4096", "1g".
 * Return: 0, -EINVAL for anything else, -ERANGE if it exceeds 64 bits.
 */
int parse_size(const char *s, uint64_t *bytes);

/*
 * parse_memory() - read a domain memory size: parse_size() and then a
 * multiple of 4 KiB within HV_MEMORY_MIN..HV_MEMORY_MAX.
 * Return: 0, -EINVAL or -ERANGE.
 */
int parse_memory(const char *s, uint64_t *bytes);

/*
 * format_size() - write @bytes to @buf as parse_size() reads it, in the
 * largest unit that divides it: 67108864 is "64M", 1536K stays "1536K".
 * Return: @buf.
 */
const char *format_size(uint64_t bytes, char buf[SIZE_STR_LEN]);

/* Enough for any time format_ns() writes, "18446744073.709551615s" */
#define NS_STR_LEN	32

/*
 * format_ns() - write @ns nanoseconds to @buf as seconds with all nine
 * decimals: 1500000 is "0.001500000s".
 * Return: @buf.
 */
const char *format_ns(uint64_t ns, char buf[NS_STR_LEN]);

/*
 * parse_ref() - read NAME|ID: all digits is a domain id (1..HV_DOMID_MAX),
 * anything else must be a valid domain name.  @ref->name points into @s.
 * Return: 0, -EINVAL for an invalid name, -ERANGE for an invalid id.
 */
int parse_ref(const char *s, struct hv_domain_ref *ref);

#endif /* HVCTL_PARSE_H */
