/* SPDX-License-Identifier: GPL-2.0 */
/* Kernel shim: bit and mask helpers, with the kernel's meaning. */
#ifndef _KSHIM_LINUX_BITS_H
#define _KSHIM_LINUX_BITS_H

#define BIT(nr)			(1UL << (nr))
#define BIT_ULL(nr)		(1ULL << (nr))
#define GENMASK_ULL(h, l)	((~0ULL << (l)) & (~0ULL >> (63 - (h))))

#endif /* _KSHIM_LINUX_BITS_H */
