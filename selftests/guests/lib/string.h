/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The few string helpers the guests need.  gcc may also emit calls to
 * memset/memcpy/memmove/memcmp on its own, even when freestanding.
 */
#ifndef GUEST_STRING_H
#define GUEST_STRING_H

#include "types.h"

void *memset(void *s, int c, size_t n);
void *memcpy(void *dst, const void *src, size_t n);
void *memmove(void *dst, const void *src, size_t n);
int memcmp(const void *a, const void *b, size_t n);
size_t strlen(const char *s);
size_t strnlen(const char *s, size_t max);
int strncmp(const char *a, const char *b, size_t n);
/* Append @s to the string @d. */
void str_cat(char *d, const char *s);
/* @v in decimal, with its terminating NUL, at @s (12 bytes at most). */
void u32_to_str(char *s, u32 v);

/* Parse an unsigned number: decimal, or hex with a 0x prefix. */
u32 parse_u32(const char *s, const char **end);

/*
 * Look up "key=value" in the guest's command line (start_info.cmd_line,
 * words separated by spaces).  Returns true and stores the value if the
 * key is there and its value parses.
 */
bool cmdline_u32(const char *key, u32 *val);

#endif /* GUEST_STRING_H */
