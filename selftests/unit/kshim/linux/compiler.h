/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Kernel shim: single, untorn accesses to scalars.  Relaxed atomics are
 * what READ_ONCE() and WRITE_ONCE() are to the C memory model.
 */
#ifndef _KSHIM_LINUX_COMPILER_H
#define _KSHIM_LINUX_COMPILER_H

#define READ_ONCE(x)		__atomic_load_n(&(x), __ATOMIC_RELAXED)
#define WRITE_ONCE(x, val)	__atomic_store_n(&(x), (val), __ATOMIC_RELAXED)

#define likely(x)		__builtin_expect(!!(x), 1)
#define unlikely(x)		__builtin_expect(!!(x), 0)

/* No tracer here: what runs in the guest world is plain code. */
#define noinstr
#ifndef __always_inline
#define __always_inline		inline
#endif

#endif /* _KSHIM_LINUX_COMPILER_H */
