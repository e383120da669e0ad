// SPDX-License-Identifier: GPL-2.0
/*
 * spin: a guest that never stops on its own.
 *
 * It prints its line and then loops forever with events masked, making no
 * hypercall, so the host can only stop it from outside: the harness
 * pauses, resumes and destroys it, and checks the host CPU is not wedged.
 *
 * Result: "hvtest: spin: SPINNING" (and no PASS or FAIL, ever).
 */
#include "test.h"

/* Visible progress for whoever looks at the guest's memory. */
u32 spin_count;

void test_main(void)
{
	printf("hvtest: %s: SPINNING\n", test_name);
	for (;;)
		asm volatile("incl %0\n\tpause" : "+m" (spin_count));
}
