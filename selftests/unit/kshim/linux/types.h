/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Kernel shim: the uapi types (__u8...) from the C library's linux/types.h,
 * and the kernel's own names for them on top.
 */
#ifndef _KSHIM_LINUX_TYPES_H
#define _KSHIM_LINUX_TYPES_H

#include_next <linux/types.h>
#include <stdbool.h>

typedef __u8 u8;
typedef __u16 u16;
typedef __u32 u32;
typedef __u64 u64;
typedef __s32 s32;
typedef __s64 s64;

/* The kernel's atomic_t (frames.h counts in one), by its one member */
struct kshim_atomic {
	int counter;
};

#define atomic_t struct kshim_atomic

#endif /* _KSHIM_LINUX_TYPES_H */
