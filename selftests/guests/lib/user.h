/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Ring 3.
 *
 * Ring-3 code is assembly in section .text.user; its data goes in
 * .data.user and .bss.user.  The linker script gives each its own pages,
 * and user_init() sets the U bit on exactly those pages, so ring-3 code
 * can touch nothing else, and ring-1 code never runs from a U page (SMEP
 * stays meaningful).  Ring-3 code cannot call the runtime: everything it
 * needs is in registers.
 *
 * exec_user(fn, arg) enters fn at ring 3 with EAX = arg, ESP = the top of
 * a user stack and every other register 0.  fn ends with USER_EXIT (an
 * "int $0x80" with EAX = USER_EXIT_NR), and exec_user() returns the EBX
 * it had then.  Other traps taken at ring 3 are recorded and resumed like
 * ring-1 ones, through the exception table.  exec_user_at() is the same
 * on ring-3 selectors and a stack of the caller's choosing.
 */
#ifndef GUEST_USER_H
#define GUEST_USER_H

#define USER_EXIT_NR	0x68767578	/* "xuvh" */

#ifndef __ASSEMBLY__

#include "traps.h"
#include "types.h"

/* For top-level (basic) asm in .text.user: single % signs. */
#define ASM_USER_EXIT							\
	"mov $" __stringify(USER_EXIT_NR) ", %eax\n\tint $0x80\n\t"

/*
 * A ring-3 probe for top-level asm: function NAME runs @setup, then the
 * one instruction @insn (label NAME_insn, followed by label NAME_next)
 * with an exception-table entry, then returns to ring 1.  Declare it in C
 * with DECLARE_USER_PROBE(NAME).
 */
#define USER_PROBE(name, setup, insn)					\
	USER_FUNC(name) setup "\n"					\
	#name "_insn:\n\t" insn "\n" #name "_next:\n\t"			\
	ASM_USER_EXIT _ASM_EXTABLE(name##_insn, name##_next)		\
	USER_END(name)

/* The probe and its labels, as code addresses. */
#define DECLARE_USER_PROBE(name)					\
	void name(void), name##_insn(void), name##_next(void)

/* Start of a ring-3 function in top-level asm; end it with USER_END. */
#define USER_FUNC(name)							\
	".pushsection .text.user, \"ax\"\n\t.globl " #name "\n\t"	\
	".type " #name ", @function\n" #name ":\n\t"
#define USER_END(name)							\
	".size " #name ", . - " #name "\n\t.popsection\n"

extern char user_stack_top[];
extern u32 user_saved_esp;

void user_init(void);
u32 exec_user(void (*fn)(void), u32 arg);
u32 exec_user_at(void (*fn)(void), u32 arg, u32 cs, u32 ss, u32 esp);

/* Runtime internals: the linker script, user.S, traps.c. */
extern char __user_text_start[], __user_text_end[];
extern char __user_data_start[], __user_data_end[];
extern char __user_bss_start[], __user_bss_end[];

u32 __exec_user_at(u32 eip, u32 arg, u32 cs, u32 ss, u32 esp);
void __noreturn user_return(u32 ret);

/* Ring 3 at any address, on hv's flat selectors and the user stack. */
static inline u32 __exec_user(u32 eip, u32 arg)
{
	return __exec_user_at(eip, arg, FLAT_RING3_CS, FLAT_RING3_SS,
			      (u32)user_stack_top);
}

#endif /* !__ASSEMBLY__ */
#endif /* GUEST_USER_H */
