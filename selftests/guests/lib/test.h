/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What every guest sees: the start of day, the result line and asserts.
 *
 * A guest provides test_main() and ends by calling guest_pass(); every way
 * out prints exactly one result line, which the host harness matches:
 *
 *	hvtest: NAME: PASS
 *	hvtest: NAME: FAIL: file:line: expr (got 0x..., want 0x...)
 *	hvtest: NAME: EXPECT-KILL what
 *
 * PASS shuts the domain down with SHUTDOWN_poweroff, FAIL with
 * SHUTDOWN_crash.  EXPECT-KILL is printed right before an action after
 * which the hypervisor must kill the domain; a guest that survives it
 * prints FAIL.  Informational lines start with "NAME: ", never with
 * "hvtest:".  NAME comes from the per-guest TEST_NAME define (lib/name.c).
 */
#ifndef GUEST_TEST_H
#define GUEST_TEST_H

#include "abi.h"
#include "console.h"
#include "hypercall.h"
#include "string.h"

extern const char test_name[];
extern struct start_info *start_info;
/* ESP at entry: the top of the hypervisor's one-page bootstrap stack. */
extern u32 boot_stack_top;

/* Each guest's body; the runtime calls it once the console works. */
void test_main(void);

void __noreturn guest_shutdown(u32 reason);
void __noreturn guest_pass(void);
void __noreturn guest_fail(const char *fmt, ...) __printf(1, 2);
void guest_expect_kill(const char *what);
void guest_info(const char *fmt, ...) __printf(1, 2);

void __noreturn __guest_assert_fail(const char *file, int line,
				    const char *expr);
void __noreturn __guest_assert_eq_fail(const char *file, int line,
				       const char *expr, u64 got, u64 want);

#define GUEST_ASSERT(cond)						\
do {									\
	if (!(cond))							\
		__guest_assert_fail(__FILE__, __LINE__, #cond);		\
} while (0)

/* Both sides are widened to 64 bits; cast pointers to u32 first. */
#define GUEST_ASSERT_EQ(a, b)						\
do {									\
	u64 __a = (u64)(a), __b = (u64)(b);				\
									\
	if (__a != __b)							\
		__guest_assert_eq_fail(__FILE__, __LINE__, #a " == " #b,	\
				       __a, __b);			\
} while (0)

#endif /* GUEST_TEST_H */
