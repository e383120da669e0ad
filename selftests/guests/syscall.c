// SPDX-License-Identifier: GPL-2.0
/*
 * syscall: SYSCALL and SYSENTER from the guest never reach the host's
 * system-call entry; they end up in the guest, and only where the ABI says.
 *
 * Both instructions run from ring 1 and from ring 3 with every general
 * register set to a known value (for SYSENTER, ECX = ESP and EDX = where
 * to resume, the Linux convention), first with no syscall32/sysenter
 * callback registered, then with both registered through callback_op:
 *
 *  - no callback: #UD or #GP for SYSCALL, #GP for SYSENTER, EIP at the
 *    instruction (a Xen-style SYSENTER #GP with EIP 0, CS 3 is accepted);
 *  - ring 3 with callbacks: the syscall32 callback with EIP after SYSCALL,
 *    CS 0xe02b, the user ESP and SS 0xe033; the sysenter callback with the
 *    ABI frame EIP 0, CS 3, ESP 0, SS 0xe033;
 *  - ring 1 with callbacks: either the callback (as above) or the fault
 *    of the no-callback case.
 *
 * In every case exactly one trap is taken and the registers arrive as
 * passed (but ECX after a SYSCALL delivered to the callback, which the
 * instruction defines as the return address).
 *
 * Result: "hvtest: syscall: PASS".
 */
#include "test.h"
#include "traps.h"
#include "user.h"

#define PAT_EAX		0x0a0a0a0a
#define PAT_EBX		0x0b0b0b0b
#define PAT_ECX		0x0c0c0c0c
#define PAT_EDX		0x0d0d0d0d
#define PAT_ESI		0x51515151
#define PAT_EDI		0xd1d1d1d1
#define PAT_EBP		0xb9b9b9b9

#define S(x)		__stringify(x)
#define SET_REGS							\
	"mov $" S(PAT_EAX) ", %eax\n\tmov $" S(PAT_EBX) ", %ebx\n\t"	\
	"mov $" S(PAT_ECX) ", %ecx\n\tmov $" S(PAT_EDX) ", %edx\n\t"	\
	"mov $" S(PAT_ESI) ", %esi\n\tmov $" S(PAT_EDI) ", %edi\n\t"	\
	"mov $" S(PAT_EBP) ", %ebp\n\t"

/* Ring 1: plain functions that keep the callee-saved registers. */
#define R1_FUNC(name)							\
	".pushsection .text, \"ax\"\n\t.globl " #name "\n" #name ":\n\t" \
	"push %ebp\n\tpush %ebx\n\tpush %esi\n\tpush %edi\n\t"
#define R1_END								\
	"pop %edi\n\tpop %esi\n\tpop %ebx\n\tpop %ebp\n\tret\n\t"	\
	".popsection\n"

asm(R1_FUNC(r1_syscall) SET_REGS
	"r1_syscall_insn:\n\tsyscall\nr1_syscall_next:\n\t"
	_ASM_EXTABLE(r1_syscall_insn, r1_syscall_next)
	R1_END);

asm(R1_FUNC(r1_sysenter) SET_REGS
	"mov %esp, %ecx\n\tmov %ecx, r1_sysenter_esp\n\t"
	"mov $r1_sysenter_next, %edx\n\t"
	"r1_sysenter_insn:\n\tsysenter\nr1_sysenter_next:\n\t"
	_ASM_EXTABLE(r1_sysenter_insn, r1_sysenter_next)
	R1_END);

/* Ring 3: the same, ending with the exit to ring 1. */
asm(USER_PROBE(u_syscall, SET_REGS, "syscall"));
asm(USER_PROBE(u_sysenter,
	       SET_REGS "mov %esp, %ecx\n\tmov $u_sysenter_next, %edx",
	       "sysenter"));

DECLARE_ASM_LABEL(r1_syscall);
DECLARE_ASM_LABEL(r1_syscall_insn);
DECLARE_ASM_LABEL(r1_syscall_next);
DECLARE_ASM_LABEL(r1_sysenter);
DECLARE_ASM_LABEL(r1_sysenter_insn);
DECLARE_ASM_LABEL(r1_sysenter_next);
DECLARE_USER_PROBE(u_syscall);
DECLARE_USER_PROBE(u_sysenter);

/* ESP that r1_sysenter passed in ECX. */
u32 r1_sysenter_esp;

struct outcome {
	u32 vector;
	u32 error;
	u32 eip;
	u32 cs;
};

static bool matches(const struct outcome *o)
{
	return last_trap.vector == o->vector && last_trap.error == o->error &&
	       last_trap.eip == o->eip && last_trap.cs == o->cs;
}

/* Exactly one trap, and it is one of @ok; returns its index. */
static unsigned int check_outcome(const char *what,
				  const struct outcome *ok, unsigned int n)
{
	unsigned int i;

	GUEST_ASSERT_EQ(last_trap.count, 1);
	for (i = 0; i < n; i++)
		if (matches(&ok[i]))
			return i;
	guest_fail("%s: vector 0x%x error 0x%x at %04x:%08x not allowed", what,
		   last_trap.vector, last_trap.error, last_trap.cs,
		   last_trap.eip);
}

static void check_regs(u32 ecx, u32 edx)
{
	GUEST_ASSERT_EQ(last_trap.eax, PAT_EAX);
	GUEST_ASSERT_EQ(last_trap.ebx, PAT_EBX);
	GUEST_ASSERT_EQ(last_trap.esi, PAT_ESI);
	GUEST_ASSERT_EQ(last_trap.edi, PAT_EDI);
	GUEST_ASSERT_EQ(last_trap.ebp, PAT_EBP);
	if (ecx)
		GUEST_ASSERT_EQ(last_trap.ecx, ecx);
	GUEST_ASSERT_EQ(last_trap.edx, edx);
}

/* The frame SYSENTER gives its callback (ABI 5.3). */
#define SYSENTER_FRAME(vec, err)	{ vec, err, 0, 3 }

static void syscall_ring1(bool cb)
{
	const u32 at = (u32)r1_syscall_insn, next = (u32)r1_syscall_next;
	const struct outcome ok[] = {
		{ X86_TRAP_UD, TRAP_NO_ERROR, at, FLAT_RING1_CS },
		{ X86_TRAP_GP, 0, at, FLAT_RING1_CS },
		{ TRAP_CB_SYSCALL, TRAP_NO_ERROR, next, FLAT_RING1_CS },
	};

	trap_reset();
	r1_syscall();
	if (check_outcome("ring-1 syscall", ok, cb ? 3 : 2) == 2) {
		GUEST_ASSERT(!last_trap.ring_change);
		check_regs(0, PAT_EDX);
	} else {
		check_regs(PAT_ECX, PAT_EDX);
	}
}

static void sysenter_ring1(bool cb)
{
	const u32 at = (u32)r1_sysenter_insn;
	const struct outcome ok[] = {
		{ X86_TRAP_GP, 0, at, FLAT_RING1_CS },
		SYSENTER_FRAME(X86_TRAP_GP, 0),
		SYSENTER_FRAME(TRAP_CB_SYSENTER, TRAP_NO_ERROR),
	};

	trap_reset();
	trap_sysenter_cs = FLAT_RING1_CS;
	r1_sysenter();
	trap_sysenter_cs = 0;
	check_outcome("ring-1 sysenter", ok, cb ? 3 : 2);
	check_regs(r1_sysenter_esp, (u32)r1_sysenter_next);
}

static void syscall_ring3(bool cb)
{
	const u32 at = (u32)u_syscall_insn, next = (u32)u_syscall_next;
	const struct outcome nocb[] = {
		{ X86_TRAP_UD, TRAP_NO_ERROR, at, FLAT_RING3_CS },
		{ X86_TRAP_GP, 0, at, FLAT_RING3_CS },
	};
	const struct outcome withcb[] = {
		{ TRAP_CB_SYSCALL, TRAP_NO_ERROR, next, FLAT_RING3_CS },
	};

	trap_reset();
	exec_user(u_syscall, 0);
	if (cb)
		check_outcome("ring-3 syscall", withcb, 1);
	else
		check_outcome("ring-3 syscall", nocb, 2);
	GUEST_ASSERT(last_trap.ring_change);
	GUEST_ASSERT_EQ(last_trap.esp, (u32)user_stack_top);
	GUEST_ASSERT_EQ(last_trap.ss, FLAT_RING3_SS);
	check_regs(cb ? 0 : PAT_ECX, PAT_EDX);
}

static void sysenter_ring3(bool cb)
{
	const u32 at = (u32)u_sysenter_insn;
	const struct outcome nocb[] = {
		{ X86_TRAP_GP, 0, at, FLAT_RING3_CS },
		SYSENTER_FRAME(X86_TRAP_GP, 0),
	};
	const struct outcome withcb[] = {
		SYSENTER_FRAME(TRAP_CB_SYSENTER, TRAP_NO_ERROR),
	};

	trap_reset();
	trap_sysenter_cs = FLAT_RING3_CS;
	exec_user(u_sysenter, 0);
	trap_sysenter_cs = 0;
	if (cb) {
		check_outcome("ring-3 sysenter", withcb, 1);
		GUEST_ASSERT_EQ(last_trap.esp, 0);
	} else if (check_outcome("ring-3 sysenter", nocb, 2) == 0) {
		GUEST_ASSERT_EQ(last_trap.esp, (u32)user_stack_top);
	}
	GUEST_ASSERT(last_trap.ring_change);
	GUEST_ASSERT_EQ(last_trap.ss, FLAT_RING3_SS);
	check_regs((u32)user_stack_top, (u32)u_sysenter_next);
}

static void register_cb(u16 type, void *entry)
{
	struct callback_register cb = {
		.type = type,
		.flags = CALLBACKF_mask_events,
		.cs = FLAT_RING1_CS,
		.eip = (u32)entry,
	};

	GUEST_ASSERT_EQ(hypercall_callback_op(CALLBACKOP_register, &cb), 0);
}

void test_main(void)
{
	trap_init();
	user_init();

	/* Callbacks cannot be unregistered (ABI 3.17): go without first. */
	syscall_ring1(false);
	sysenter_ring1(false);
	syscall_ring3(false);
	sysenter_ring3(false);

	register_cb(CALLBACKTYPE_syscall32, trap_entry_syscall);
	register_cb(CALLBACKTYPE_sysenter, trap_entry_sysenter);

	syscall_ring1(true);
	sysenter_ring1(true);
	syscall_ring3(true);
	sysenter_ring3(true);

	guest_pass();
}
