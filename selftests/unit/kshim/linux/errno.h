/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Kernel shim: the error numbers.  The uapi header of the C library has
 * the kernel's values (EPERM, EINVAL...); the kernel-internal ones
 * (above 511) are not needed.
 */
#ifndef _KSHIM_LINUX_ERRNO_H
#define _KSHIM_LINUX_ERRNO_H

#include_next <linux/errno.h>

#endif /* _KSHIM_LINUX_ERRNO_H */
