/* SPDX-License-Identifier: GPL-2.0 */
/* Kernel shim: x86's base page. */
#ifndef _KSHIM_ASM_PAGE_H
#define _KSHIM_ASM_PAGE_H

#define PAGE_SHIFT		12
#define PAGE_SIZE		4096UL
#define PAGE_MASK		(~(PAGE_SIZE - 1))

#endif /* _KSHIM_ASM_PAGE_H */
