// SPDX-License-Identifier: GPL-2.0
/*
 * badstack: a fault whose bounce frame cannot be written kills the domain,
 * and nothing else.
 *
 * With a trap table registered, ESP is pointed at an unmapped address
 * (default 0xf0000000, or esp=ADDR on the command line, e.g. esp=0xfbadc0de
 * to aim inside the read-only M2P) and UD2 runs at ring 1.  The hypervisor
 * must fail to write the #UD frame below ESP and crash the domain.  If the
 * guest ever runs again it reports FAIL.
 *
 * Result: "hvtest: badstack: EXPECT-KILL ..." and then a crashed domain.
 */
#include "mm.h"
#include "test.h"
#include "traps.h"

u32 saved_esp;

/* The frame (EIP, CS, EFLAGS) would go in the 12 bytes below @esp. */
static void check_unmapped(u32 esp)
{
	u32 lo = esp - 12, hi = esp - 1;

	if (lo < HYPERVISOR_VIRT_START)
		GUEST_ASSERT(!va_mapped(lo));
	if (hi < HYPERVISOR_VIRT_START)
		GUEST_ASSERT(!va_mapped(hi));
}

void test_main(void)
{
	u32 esp = 0xf0000000;

	trap_init();
	cmdline_u32("esp", &esp);
	check_unmapped(esp);

	trap_reset();
	guest_expect_kill("bounce frame to an unmapped stack");
	console_flush();
	asm volatile("mov %%esp, saved_esp\n\t"
		     "mov %[esp], %%esp\n\t"
		     "1:\tud2\n"
		     "2:\tmov saved_esp, %%esp\n\t"
		     _ASM_EXTABLE(1b, 2b)
		     : : [esp] "r" (esp) : "memory");

	guest_fail("survived a bounce to esp %08x: %u traps, vector 0x%x",
		   esp, last_trap.count, last_trap.vector);
}
