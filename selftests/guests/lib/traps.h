/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Traps: the virtual IDT, the "last trap" record and the exception table.
 *
 * trap_init() registers entry stubs for vectors 0-31, the ring-3 system
 * call vector 0x80 and a few INT n test vectors, the ring-3 -> ring-1
 * stack (stack_switch) and the event and failsafe callbacks.  Every trap
 * fills last_trap; the handler then resumes only if the trapping
 * instruction has an exception-table entry (ASM_TRY), else the guest
 * fails with the trap's details.  A test therefore reads:
 *
 *	trap_reset();
 *	asm volatile(ASM_TRY("cli") : [ip] "=&r" (ip) :: "memory");
 *	GUEST_ASSERT_TRAP(X86_TRAP_GP, 0, ip, FLAT_RING1_CS);
 */
#ifndef GUEST_TRAPS_H
#define GUEST_TRAPS_H

#define X86_TRAP_DE	0
#define X86_TRAP_DB	1
#define X86_TRAP_NMI	2
#define X86_TRAP_BP	3
#define X86_TRAP_OF	4
#define X86_TRAP_BR	5
#define X86_TRAP_UD	6
#define X86_TRAP_NM	7
#define X86_TRAP_DF	8
#define X86_TRAP_TS	10
#define X86_TRAP_NP	11
#define X86_TRAP_SS	12
#define X86_TRAP_GP	13
#define X86_TRAP_PF	14
#define X86_TRAP_MF	16
#define X86_TRAP_AC	17
#define X86_TRAP_XM	19

/* Software vectors in our trap table, with the DPL each is installed at. */
#define TRAP_SYSCALL	0x80	/* DPL 3: ring 3 -> ring 1 system call */
#define TRAP_TEST_DPL1	0x21	/* INT n allowed from ring 1 only */
#define TRAP_TEST_DPL3	0x22	/* INT n allowed from rings 1 and 3 */
#define TRAP_TEST_DPL0	0x23	/* installed, but INT n never allowed */
#define TRAP_TEST_NONE	0x24	/* never installed */

/* Pseudo vectors the record shows for callback entries. */
#define TRAP_CB_EVENT		0x100
#define TRAP_CB_SYSENTER	0x101
#define TRAP_CB_SYSCALL		0x102

/* last_trap.error for a trap that carries no error code. */
#define TRAP_NO_ERROR	0xffffffff

#ifdef __ASSEMBLY__

#define _ASM_EXTABLE(insn, fixup)					\
	.pushsection .ex_table, "a";					\
	.balign 4;							\
	.long insn, fixup;						\
	.popsection

#else /* !__ASSEMBLY__ */

#include "types.h"

/*
 * An exception-table entry: a fault whose EIP is @insn resumes at @fixup.
 * A trap-like event (INT n, INT3, INTO, a system-call callback), whose EIP
 * already is the next instruction, resumes in place if EIP is @fixup.
 */
struct extable_entry {
	u32 insn;
	u32 fixup;
};

#define _ASM_EXTABLE(insn, fixup)					\
	"\n\t.pushsection .ex_table, \"a\"\n\t.balign 4\n\t"		\
	".long " #insn ", " #fixup "\n\t.popsection\n\t"

/* A code label defined in asm, declared so that C can take its address. */
#define DECLARE_ASM_LABEL(name)	void name(void)

/*
 * One instruction that may trap, with its address in output operand
 * [ip].  Labels 1 and 2 are taken.
 */
#define ASM_TRY(insn)							\
	"mov $1f, %[ip]\n1:\t" insn "\n2:\n\t" _ASM_EXTABLE(1b, 2b)

/* What traps.S pushes, lowest address first. */
struct trap_frame {
	u32 ds, es;
	u32 eax, ebx, ecx, edx, esi, edi, ebp;
	u32 vector;
	u32 error;		/* 0 pushed by the stub if the CPU had none */
	/* The hypervisor's bounce frame (ABI 5.2): */
	u32 eip;
	u32 cs;			/* bits 16-23: saved evtchn_upcall_mask */
	u32 eflags;
	u32 esp, ss;		/* only when the ring changed */
};

struct trap_record {
	u32 count;		/* traps since trap_reset() */
	u32 vector;
	u32 error;		/* TRAP_NO_ERROR if none */
	u32 eip;
	u32 cs;			/* low 16 bits of the frame's CS word */
	u32 saved_mask;		/* bits 16-23 of it */
	u32 eflags;
	bool ring_change;
	u32 esp, ss;		/* from the frame if ring_change, else ours */
	u32 eax, ebx, ecx, edx, esi, edi, ebp;
	u32 cr2;		/* vcpu_info.arch.cr2 for #PF, if mapped */
};

extern struct trap_record last_trap;

/* Return with hardware iret instead of the iret hypercall (default). */
extern u8 trap_use_hw_iret;

/*
 * A SYSENTER frame (EIP 0, CS 3: the instruction saves nothing) resumes
 * at EDX with ESP = ECX, in this code segment.  0 = unexpected.
 */
extern u32 trap_sysenter_cs;

/* Entry points in traps.S, for tests that register callbacks. */
extern char trap_entry_syscall[], trap_entry_sysenter[];

/* Runtime internals: traps.S, the linker script and traps.c. */
struct trap_stub {
	u32 vector;
	u32 entry;
};

extern const struct trap_stub trap_stubs[];
extern const struct extable_entry __start_ex_table[], __stop_ex_table[];
extern char trap_entry_event[], trap_entry_failsafe[], trap_stack_top[];

u32 do_trap(struct trap_frame *f);
void __noreturn do_failsafe(const u32 *frame);

void trap_init(void);
void trap_reset(void);

#define GUEST_ASSERT_TRAP(vec, err, ip, cs_)				\
do {									\
	GUEST_ASSERT_EQ(last_trap.count, 1);				\
	GUEST_ASSERT_EQ(last_trap.vector, vec);				\
	GUEST_ASSERT_EQ(last_trap.error, err);				\
	GUEST_ASSERT_EQ(last_trap.eip, ip);				\
	GUEST_ASSERT_EQ(last_trap.cs, cs_);				\
} while (0)

#define GUEST_ASSERT_NO_TRAP() GUEST_ASSERT_EQ(last_trap.count, 0)

#endif /* !__ASSEMBLY__ */
#endif /* GUEST_TRAPS_H */
