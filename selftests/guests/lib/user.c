// SPDX-License-Identifier: GPL-2.0
/*
 * Making the .user sections reachable from ring 3.
 *
 * The bootstrap page tables map the whole image P|RW|A without U (ABI
 * 6.2); L2 and L3 entries already carry U, so setting U in the L1 entries
 * of the user pages is enough.
 */
#include "mm.h"
#include "test.h"
#include "user.h"

static bool user_ready;

static void make_user(const char *start, const char *end)
{
	u32 va;

	for (va = (u32)start; va < (u32)end; va += PAGE_SIZE) {
		const u64 *pte = pte_of(va);

		GUEST_ASSERT(pte && (*pte & _PAGE_PRESENT));
		set_pte(va, *pte | _PAGE_USER);
	}
}

void user_init(void)
{
	if (user_ready)
		return;
	make_user(__user_text_start, __user_text_end);
	make_user(__user_data_start, __user_data_end);
	make_user(__user_bss_start, __user_bss_end);
	user_ready = true;
}

/*
 * exec_user() on other ring-3 selectors and stack: @cs, @ss and @esp go
 * into the iret frame as they are, for the tests of what hv makes of them.
 * DS, ES, FS and GS get hv's flat ring-3 selector all the same.
 */
u32 exec_user_at(void (*fn)(void), u32 arg, u32 cs, u32 ss, u32 esp)
{
	user_init();
	/* Ring-3 code outside .text.user would just #PF; say so instead. */
	GUEST_ASSERT((u32)fn >= (u32)__user_text_start &&
		     (u32)fn < (u32)__user_text_end);
	return __exec_user_at((u32)fn, arg, cs, ss, esp);
}

u32 exec_user(void (*fn)(void), u32 arg)
{
	return exec_user_at(fn, arg, FLAT_RING3_CS, FLAT_RING3_SS,
			    (u32)user_stack_top);
}
