// SPDX-License-Identifier: GPL-2.0
/*
 * debugreg: the guest's debug registers, as Xen gives them to a 32-bit PV
 * guest (set_debugreg, get_debugreg, MOV DR at ring 1).
 *
 *  - The reset state: DR0-DR3 0, DR6 0xffff0ff0, DR7 0x400.
 *  - A write watchpoint set with the hypercalls fires at ring 1: a #DB
 *    trap with EIP after the store, DR6 (get_debugreg) showing B0; DR6
 *    clears with set_debugreg(6, 0) to its reserved ones.
 *  - One set with MOV to DR1 and DR7 fires at ring 3: the #DB frame has
 *    the user CS and EIP after the store; MOV from DR6 shows B1.
 *  - The watchpoint keeps firing after the world exits of other
 *    hypercalls (its registers go back in on every entry), and stops
 *    once DR7's enables are clear.
 *  - A watchpoint on the operand of a MOV SS right before int $0x80 (the
 *    #DB the CPU defers into hv's entry stub): dropped there, as in Xen,
 *    and the hypercall still runs.
 *  - Refused, Xen's errors: DR0-DR3 in the hypervisor hole (-EPERM: hv's
 *    rule), DR7 with GD (-EPERM), with an enabled I/O breakpoint (-EPERM;
 *    one in a disabled slot is kept), register 8 (-ENODEV both ways);
 *    reserved bits forced (DR6 bit 12 zero, 4-11 and 16-31 one; DR7 bit
 *    10 one, bits 11, 12, 14, 15 zero); DR4/DR5 are DR6/DR7.  A refused
 *    MOV to DRn at ring 1 is #GP(0) with DRn unchanged, and MOV DR at
 *    ring 3 is #GP(0), never emulated.
 *
 * Result: "hvtest: debugreg: PASS".
 */
#include "test.h"
#include "traps.h"
#include "user.h"

#define DR6_RESET	0xffff0ff0u
#define DR7_RESET	0x400u
#define DR7_L(n)	(1u << ((n) * 2))
/* R/W 01b (writes) or 11b (reads and writes), LEN 11b (4 bytes). */
#define DR7_W4(n)	(0xdu << (16 + (n) * 4))
#define DR7_RW4(n)	(0xfu << (16 + (n) * 4))
#define DR7_GD		0x2000u
#define DR7_IO(n)	(2u << (16 + (n) * 4))

#define __user_data	__attribute((section(".data.user")))

u32 db_count, db_eip, db_cs;
u32 watched;
u32 u_watched __user_data;

/*
 * The #DB handler: count, note where the trap left, return with the
 * hardware iret (to ring 1 or 3).  SS is the flat ring-1 one.
 */
asm(".pushsection .text, \"ax\"\n\t"
	".balign 16\n\t.globl db_entry\n"
	"db_entry:\n\t"
	"incl %ss:db_count\n\t"
	"pushl %eax\n\t"
	"movl 4(%esp), %eax\n\t"
	"movl %eax, %ss:db_eip\n\t"
	"movl 8(%esp), %eax\n\t"
	"movl %eax, %ss:db_cs\n\t"
	"popl %eax\n\t"
	"iret\n\t"
	".popsection");

DECLARE_ASM_LABEL(db_entry);

/* Ring 1: store EAX into watched; k_poke_next follows the store. */
asm(".pushsection .text, \"ax\"\n\t"
	".globl k_poke, k_poke_next\n"
	"k_poke:\n\t"
	"movl %eax, watched\n"
	"k_poke_next:\n\t"
	"ret\n\t"
	".popsection");

DECLARE_ASM_LABEL(k_poke);
DECLARE_ASM_LABEL(k_poke_next);

/* Ring 3: the same on a user page. */
asm(USER_FUNC(u_poke) "movl %eax, u_watched\n"
	".globl u_poke_next\nu_poke_next:\n\t"
	ASM_USER_EXIT USER_END(u_poke));
DECLARE_ASM_LABEL(u_poke);
DECLARE_ASM_LABEL(u_poke_next);

DECLARE_ASM_LABEL(ss_int);

/* Ring 3: MOV to DR7 and from DR6, each a #GP there. */
DECLARE_USER_PROBE(u_mov_to_dr7);
asm(USER_PROBE(u_mov_to_dr7, "mov $0x401, %eax", "mov %eax, %dr7"));
DECLARE_USER_PROBE(u_mov_from_dr6);
asm(USER_PROBE(u_mov_from_dr6, "", "mov %dr6, %eax"));

static void poke_ring1(u32 val)
{
	asm volatile("call k_poke" : "+a" (val) : : "memory", "cc");
}

static void set_db_handler(void)
{
	static struct trap_info t[2];

	t[0].vector = X86_TRAP_DB;
	t[0].flags = TI_DPL(0);
	t[0].cs = FLAT_RING1_CS;
	t[0].address = (u32)db_entry;
	GUEST_ASSERT_EQ(hypercall_set_trap_table(t), 0);
}

static u32 get_dr(u32 reg)
{
	return (u32)hypercall_get_debugreg(reg);
}

/* MOV to DR0/DR7 at ring 1 with an exception-table entry. */
static u32 mov_to_dr0(u32 val)
{
	u32 ip;

	asm volatile(ASM_TRY("mov %[v], %%dr0")
		     : [ip] "=&r" (ip) : [v] "r" (val) : "memory");
	return ip;
}

static u32 mov_to_dr7(u32 val)
{
	u32 ip;

	asm volatile(ASM_TRY("mov %[v], %%dr7")
		     : [ip] "=&r" (ip) : [v] "r" (val) : "memory");
	return ip;
}

static void check_reset_state(void)
{
	u32 r;

	for (r = 0; r < 4; r++)
		GUEST_ASSERT_EQ(get_dr(r), 0);
	GUEST_ASSERT_EQ(get_dr(6), DR6_RESET);
	GUEST_ASSERT_EQ(get_dr(7), DR7_RESET);
}

static void check_ring1_watchpoint(void)
{
	GUEST_ASSERT_EQ(hypercall_set_debugreg(0, (u32)&watched), 0);
	GUEST_ASSERT_EQ(hypercall_set_debugreg(7, DR7_L(0) | DR7_W4(0)), 0);
	GUEST_ASSERT_EQ(get_dr(0), (u32)&watched);
	GUEST_ASSERT_EQ(get_dr(7), DR7_RESET | DR7_L(0) | DR7_W4(0));

	db_count = 0;
	poke_ring1(0x1234);
	GUEST_ASSERT_EQ(watched, 0x1234);
	GUEST_ASSERT_EQ(db_count, 1);
	GUEST_ASSERT_EQ(db_eip, (u32)k_poke_next);
	GUEST_ASSERT_EQ(db_cs & 0xffff, FLAT_RING1_CS);
	GUEST_ASSERT_EQ(get_dr(6), DR6_RESET | 1);

	/* Cleared by the guest, as Linux's #DB handler does. */
	GUEST_ASSERT_EQ(hypercall_set_debugreg(6, 0), 0);
	GUEST_ASSERT_EQ(get_dr(6), DR6_RESET);

	/* Still armed after all those world exits: it fires again. */
	poke_ring1(0x5678);
	GUEST_ASSERT_EQ(db_count, 2);
	GUEST_ASSERT_EQ(get_dr(6), DR6_RESET | 1);

	/* Enables off: no more traps, DR0 kept. */
	GUEST_ASSERT_EQ(hypercall_set_debugreg(7, 0), 0);
	GUEST_ASSERT_EQ(hypercall_set_debugreg(6, 0), 0);
	poke_ring1(0x9abc);
	GUEST_ASSERT_EQ(db_count, 2);
	GUEST_ASSERT_EQ(get_dr(6), DR6_RESET);
	GUEST_ASSERT_EQ(get_dr(0), (u32)&watched);
}

static void check_ring3_watchpoint(void)
{
	u32 dr6;

	/* Set with MOV DR at ring 1 this time. */
	trap_reset();
	asm volatile("mov %0, %%dr1" : : "r" ((u32)&u_watched) : "memory");
	mov_to_dr7(DR7_L(1) | DR7_W4(1));
	GUEST_ASSERT_NO_TRAP();
	GUEST_ASSERT_EQ(get_dr(1), (u32)&u_watched);
	GUEST_ASSERT_EQ(get_dr(7), DR7_RESET | DR7_L(1) | DR7_W4(1));

	db_count = 0;
	exec_user(u_poke, 0x4321);
	GUEST_ASSERT_EQ(u_watched, 0x4321);
	GUEST_ASSERT_EQ(db_count, 1);
	GUEST_ASSERT_EQ(db_eip, (u32)u_poke_next);
	GUEST_ASSERT_EQ(db_cs & 0xffff, FLAT_RING3_CS);
	asm volatile("mov %%dr6, %0" : "=r" (dr6));
	GUEST_ASSERT_EQ(dr6, DR6_RESET | 2);

	asm volatile("mov %0, %%dr7" : : "r" (0u) : "memory");
	asm volatile("mov %0, %%dr6" : : "r" (0u) : "memory");
	exec_user(u_poke, 0x8765);
	GUEST_ASSERT_EQ(db_count, 1);
}

/*
 * A watchpoint on a MOV SS operand is deferred by one instruction: with
 * "int $0x80" next, the CPU raises the #DB at the first instruction of
 * hv's entry stub, in hypervisor code (the POP SS erratum of 2018).  hv
 * drops it there, as Xen does in its own context: the int goes on (not
 * in the hypercall page, it is our own software interrupt, bounced to
 * our vector 0x80), no #DB reaches the guest and DR6 shows nothing.  QEMU's TCG does not defer
 * the #DB: it arrives in the guest at the int, which is fine too; the
 * line printed says which one this CPU did.
 */
static void check_hit_in_hypervisor(void)
{
	static u32 ss_word = FLAT_RING1_SS;
	u32 a = __HYPERVISOR_xen_version;

	GUEST_ASSERT_EQ(hypercall_set_debugreg(3, (u32)&ss_word), 0);
	GUEST_ASSERT_EQ(hypercall_set_debugreg(7, DR7_L(3) | DR7_RW4(3)), 0);
	db_count = 0;
	db_eip = 0;
	trap_reset();
	asm volatile("mov %[w], %%ss\n\t"
		     ".globl ss_int\nss_int:\n\t"
		     "int $0x80\n1:\n\t" _ASM_EXTABLE(ss_int, 1b)
		     : "+a" (a)
		     : "b" (0), "c" (0), [w] "m" (ss_word)
		     : "memory");
	GUEST_ASSERT_EQ(last_trap.vector, 0x80);
	GUEST_ASSERT_EQ(a, __HYPERVISOR_xen_version);
	GUEST_ASSERT_EQ(hypercall_set_debugreg(7, 0), 0);
	if (db_count) {
		GUEST_ASSERT_EQ(db_count, 1);
		GUEST_ASSERT_EQ(db_eip, (u32)ss_int);
		GUEST_ASSERT_EQ(get_dr(6), DR6_RESET | 8);
		guest_info("MOV SS watchpoint: #DB at the int, in the guest");
	} else {
		GUEST_ASSERT_EQ(get_dr(6), DR6_RESET);
		guest_info("MOV SS watchpoint: #DB in hv's stub, dropped");
	}
	GUEST_ASSERT_EQ(hypercall_set_debugreg(6, 0), 0);
}

static void check_refusals(void)
{
	u32 ip, r;

	for (r = 0; r < 4; r++) {
		GUEST_ASSERT_EQ(hypercall_set_debugreg(r, HYPERVISOR_VIRT_START),
				-EPERM);
		GUEST_ASSERT_EQ(hypercall_set_debugreg(r, 0xfffffffc), -EPERM);
	}
	GUEST_ASSERT_EQ(hypercall_set_debugreg(0, HYPERVISOR_VIRT_START - 4),
			0);
	GUEST_ASSERT_EQ(get_dr(0), HYPERVISOR_VIRT_START - 4);

	GUEST_ASSERT_EQ(hypercall_set_debugreg(7, DR7_GD), -EPERM);
	GUEST_ASSERT_EQ(hypercall_set_debugreg(7, DR7_GD | DR7_L(0)), -EPERM);
	for (r = 0; r < 4; r++)
		GUEST_ASSERT_EQ(hypercall_set_debugreg(7, DR7_L(0) | DR7_IO(r)),
				-EPERM);
	GUEST_ASSERT_EQ(get_dr(7), DR7_RESET);
	/* An I/O type with no breakpoint enabled is only stored. */
	GUEST_ASSERT_EQ(hypercall_set_debugreg(7, DR7_IO(2)), 0);
	GUEST_ASSERT_EQ(get_dr(7), DR7_RESET | DR7_IO(2));

	GUEST_ASSERT_EQ(hypercall_set_debugreg(8, 0), -ENODEV);
	GUEST_ASSERT_EQ(hypercall_set_debugreg(0xffffffff, 0), -ENODEV);
	GUEST_ASSERT_EQ(hypercall_get_debugreg(8), -ENODEV);
	GUEST_ASSERT_EQ(hypercall_get_debugreg(0x80000000), -ENODEV);

	/* Reserved bits, and DR4/DR5 as DR6/DR7. */
	GUEST_ASSERT_EQ(hypercall_set_debugreg(4, 0xffffffff), 0);
	GUEST_ASSERT_EQ(get_dr(6), 0xffffefff);
	GUEST_ASSERT_EQ(get_dr(4), 0xffffefff);
	GUEST_ASSERT_EQ(hypercall_set_debugreg(6, 0), 0);
	GUEST_ASSERT_EQ(get_dr(6), DR6_RESET);
	GUEST_ASSERT_EQ(hypercall_set_debugreg(5, 0xd800), 0);
	GUEST_ASSERT_EQ(get_dr(7), DR7_RESET);
	GUEST_ASSERT_EQ(get_dr(5), DR7_RESET);

	/* Refused MOV DR at ring 1: #GP(0), the register unchanged. */
	trap_reset();
	ip = mov_to_dr7(DR7_GD);
	GUEST_ASSERT_TRAP(X86_TRAP_GP, 0, ip, FLAT_RING1_CS);
	trap_reset();
	ip = mov_to_dr7(DR7_L(1) | DR7_IO(1));
	GUEST_ASSERT_TRAP(X86_TRAP_GP, 0, ip, FLAT_RING1_CS);
	GUEST_ASSERT_EQ(get_dr(7), DR7_RESET);
	trap_reset();
	ip = mov_to_dr0(HYPERVISOR_VIRT_START);
	GUEST_ASSERT_TRAP(X86_TRAP_GP, 0, ip, FLAT_RING1_CS);
	GUEST_ASSERT_EQ(get_dr(0), HYPERVISOR_VIRT_START - 4);

	/* At ring 3 MOV DR is the guest's #GP, never emulated. */
	trap_reset();
	exec_user(u_mov_to_dr7, 0);
	GUEST_ASSERT_TRAP(X86_TRAP_GP, 0, (u32)u_mov_to_dr7_insn,
			  FLAT_RING3_CS);
	GUEST_ASSERT_EQ(get_dr(7), DR7_RESET);
	trap_reset();
	exec_user(u_mov_from_dr6, 0);
	GUEST_ASSERT_TRAP(X86_TRAP_GP, 0, (u32)u_mov_from_dr6_insn,
			  FLAT_RING3_CS);
}

void test_main(void)
{
	trap_init();
	user_init();
	set_db_handler();

	check_reset_state();
	check_ring1_watchpoint();
	check_ring3_watchpoint();
	check_hit_in_hypervisor();
	check_refusals();
	guest_pass();
}
