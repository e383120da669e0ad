/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Kernel shim: WARN_ON_ONCE() records every hit (kshim.c) instead of
 * printing once, so that a test can check that none happened.  It still
 * gives back the condition, as the kernel's does.
 */
#ifndef _KSHIM_LINUX_BUG_H
#define _KSHIM_LINUX_BUG_H

#include <stdbool.h>

/* Hits so far, and the latest one ("file:line: condition"). */
extern unsigned int kshim_warnings;
extern char kshim_last_warning[256];
/* Set by a test that means to hit one: not reported. */
extern bool kshim_warn_expected;

void kshim_warn(const char *file, int line, const char *condition);

#define WARN_ON_ONCE(condition) ({					\
	int __warn_on = !!(condition);					\
									\
	if (__warn_on)							\
		kshim_warn(__FILE__, __LINE__, #condition);		\
	__warn_on;							\
})

/* As the kernel's (linux/bug.h brings linux/build_bug.h in). */
#define BUILD_BUG_ON(condition)	_Static_assert(!(condition), #condition)

/* A broken assumption of the test environment itself: abort. */
void kshim_die(const char *file, int line, const char *what);

#endif /* _KSHIM_LINUX_BUG_H */
