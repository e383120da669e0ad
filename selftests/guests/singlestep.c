// SPDX-License-Identifier: GPL-2.0
/*
 * singlestep: EFLAGS.TF works at rings 1 and 3, and leaves nothing behind.
 *
 * A loop of "rounds=N" rounds (default 20), each stepping a countdown of
 * 100 instructions at ring 1 and one at ring 3 with EFLAGS.TF set: every
 * instruction raises a #DB trap, which hv bounces to the lean handler
 * below (it counts and returns with a hardware iret, TF still set in the
 * frame).  Each countdown must give at least one trap per loop step.
 *
 * The point is what the host sees afterwards (83-dr6.sh): the CPU sets
 * DR6.BS for each of these traps, and hv must put DR6 back to its reset
 * value so a host watchpoint on the same CPU does not report a single
 * step that never happened there.
 *
 * Result: "hvtest: singlestep: PASS".
 */
#include "test.h"
#include "traps.h"
#include "user.h"

#define LOOPS	100

u32 db_count;

/*
 * The #DB handler: count, and return with TF as the frame has it.  From
 * ring 3 DS may be the user selector; SS is the flat ring-1 one.
 */
asm(".pushsection .text, \"ax\"\n\t"
	".balign 16\n\t.globl db_entry\n"
	"db_entry:\n\t"
	"incl %ss:db_count\n\t"
	"iret\n\t"
	".popsection");

DECLARE_ASM_LABEL(db_entry);

/* Steps of a countdown of EAX with TF set, then TF clear again. */
#define STEP_LOOP							\
	"pushf\n\torl $0x100, (%esp)\n\tpopf\n"				\
	"1:\tdec %eax\n\tjnz 1b\n\t"					\
	"pushf\n\tandl $~0x100, (%esp)\n\tpopf\n\t"

asm(USER_FUNC(u_step) STEP_LOOP ASM_USER_EXIT USER_END(u_step));
DECLARE_ASM_LABEL(u_step);

/* The same at ring 1, called with the count in EAX. */
asm(".pushsection .text, \"ax\"\n\t"
	".globl k_step\n"
	"k_step:\n\t"
	STEP_LOOP
	"ret\n\t"
	".popsection");

DECLARE_ASM_LABEL(k_step);

static void step_ring1(u32 n)
{
	asm volatile("call k_step" : "+a" (n) : : "memory", "cc");
}

static void set_db_handler(void)
{
	static struct trap_info t[2];

	t[0].vector = X86_TRAP_DB;
	t[0].flags = TI_DPL(0);
	t[0].cs = FLAT_RING1_CS;
	t[0].address = (u32)db_entry;
	/* t[1] stays zero: address 0 ends the table. */
	GUEST_ASSERT_EQ(hypercall_set_trap_table(t), 0);
}

void test_main(void)
{
	u32 rounds = 20, r, total = 0;

	cmdline_u32("rounds", &rounds);
	trap_init();
	user_init();
	set_db_handler();

	for (r = 0; r < rounds; r++) {
		db_count = 0;
		step_ring1(LOOPS);
		GUEST_ASSERT(db_count >= 2 * LOOPS);
		total += db_count;

		db_count = 0;
		exec_user(u_step, LOOPS);
		GUEST_ASSERT(db_count >= 2 * LOOPS);
		total += db_count;
	}
	guest_info("%u single-step traps", total);
	guest_pass();
}
