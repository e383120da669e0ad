// SPDX-License-Identifier: GPL-2.0
/*
 * Kernel shim: what the shim headers declare.  Warnings are counted, and
 * unless expected go to stderr as TAP comments.
 */
#include <stdio.h>
#include <stdlib.h>

#include <linux/bug.h>

unsigned int kshim_warnings;
char kshim_last_warning[256];
bool kshim_warn_expected;

void kshim_warn(const char *file, int line, const char *condition)
{
	kshim_warnings++;
	snprintf(kshim_last_warning, sizeof(kshim_last_warning), "%s:%d: %s",
		 file, line, condition);
	if (!kshim_warn_expected)
		fprintf(stderr, "# WARN_ON_ONCE(%s) at %s:%d\n", condition,
			file, line);
}

void kshim_die(const char *file, int line, const char *what)
{
	fprintf(stderr, "# %s:%d: %s\n", file, line, what);
	abort();
}
