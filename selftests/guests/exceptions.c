// SPDX-License-Identifier: GPL-2.0
/*
 * exceptions: faults and software interrupts are bounced to the guest's
 * trap table with the right vector, error code, EIP, frame and CR2.
 *
 * At ring 1: INT3 and INTO (EIP after them), divide error and UD2 (EIP at
 * them), INT n through a DPL-1 and a DPL-3 slot, and INT n that the DPL
 * forbids (slot installed at DPL 0, slot not installed, and "int $13",
 * which must not fake a #GP): #GP with error code (n << 3) | 2.  Page
 * faults on a page we unmapped (read 0, write 2), past the mapped region
 * and on a read-only page-table page (3: CR0.WP holds at ring 1), with the
 * address in vcpu_info.arch.cr2.  Ring-1 frames have no ESP/SS, sit right
 * at the interrupted ESP, show the saved event mask (1) in CS bits 16-23
 * and have IF clear in EFLAGS.
 *
 * From ring 3: "int $0x80" reaches our DPL-3 handler on the stack_switch
 * stack with a ring-3 frame (CS 0xe02b, SS 0xe033, the user ESP) and every
 * register as passed; INT3 and INT n through a DPL-3 slot likewise; INT n
 * to DPL-1/DPL-0 slots and to 0x82 (Xen's hypercall vector) give #GP; page
 * faults carry U/S in the error code (4, 5, 7).
 *
 * Finally, returning with hardware IRET instead of the iret hypercall
 * works too, to ring 1 and to ring 3.
 *
 * Result: "hvtest: exceptions: PASS".
 */
#include "mm.h"
#include "test.h"
#include "traps.h"
#include "user.h"

#define GP_INT(n)	((n) << 3 | 2)	/* #GP error code for a bad INT n */

static u8 unmapped_page[PAGE_SIZE] __aligned(PAGE_SIZE);

/* Ring-3 probes; the argument of exec_user() arrives in EAX. */
asm(USER_PROBE(u_int80,
	       "mov $0x11111111, %ebx\n\tmov $0x22222222, %ecx\n\t"
	       "mov $0x33333333, %edx\n\tmov $0x44444444, %esi\n\t"
	       "mov $0x55555555, %edi\n\tmov $0x66666666, %ebp\n\t"
	       "mov $0x1234, %eax",
	       "int $0x80"));
asm(USER_PROBE(u_int3, "", "int3"));
asm(USER_PROBE(u_dpl3, "", "int $" __stringify(TRAP_TEST_DPL3)));
asm(USER_PROBE(u_dpl1, "", "int $" __stringify(TRAP_TEST_DPL1)));
asm(USER_PROBE(u_int13, "", "int $13"));
asm(USER_PROBE(u_int82, "", "int $0x82"));
asm(USER_PROBE(u_read, "", "mov (%eax), %ebx"));
asm(USER_PROBE(u_write, "", "movl $0, (%eax)"));

DECLARE_USER_PROBE(u_int80);
DECLARE_USER_PROBE(u_int3);
DECLARE_USER_PROBE(u_dpl3);
DECLARE_USER_PROBE(u_dpl1);
DECLARE_USER_PROBE(u_int13);
DECLARE_USER_PROBE(u_int82);
DECLARE_USER_PROBE(u_read);
DECLARE_USER_PROBE(u_write);

/* A ring-1 frame: no ring change, the saved mask, IF clear. */
static void check_ring1_frame(void)
{
	GUEST_ASSERT(!last_trap.ring_change);
	GUEST_ASSERT_EQ(last_trap.saved_mask, 1);
	GUEST_ASSERT(!(last_trap.eflags & X86_EFLAGS_IF));
}

/* A ring-3 frame: ESP/SS of the user stack (the probes do not push). */
static void check_ring3_frame(void)
{
	GUEST_ASSERT(last_trap.ring_change);
	GUEST_ASSERT_EQ(last_trap.ss, FLAT_RING3_SS);
	GUEST_ASSERT_EQ(last_trap.esp, (u32)user_stack_top);
	GUEST_ASSERT_EQ(last_trap.saved_mask, 1);
}

static void ring1_traps(void)
{
	u32 ip, sp, n;

	/* INT3: trap-like, EIP after it; the frame sits right at ESP. */
	trap_reset();
	asm volatile("mov %%esp, %[sp]\n\t" ASM_TRY("int3")
		     : [ip] "=&r" (ip), [sp] "=&r" (sp) : : "memory");
	GUEST_ASSERT_TRAP(X86_TRAP_BP, TRAP_NO_ERROR, ip + 1, FLAT_RING1_CS);
	GUEST_ASSERT_EQ(last_trap.esp, sp);
	GUEST_ASSERT_EQ(last_trap.ss, FLAT_RING1_SS);
	check_ring1_frame();

	/* INTO with OF set: #OF, EIP after it. */
	trap_reset();
	n = 0x7fffffff;
	asm volatile("add $1, %[n]\n\t" ASM_TRY("into")
		     : [ip] "=&r" (ip), [n] "+r" (n) : : "memory", "cc");
	GUEST_ASSERT_TRAP(X86_TRAP_OF, TRAP_NO_ERROR, ip + 1, FLAT_RING1_CS);

	/* Divide by zero: a fault, EIP at the DIV. */
	trap_reset();
	n = 1;
	asm volatile("xor %%edx, %%edx\n\t" ASM_TRY("divl %[z]")
		     : [ip] "=&r" (ip), "+a" (n) : [z] "r" (0)
		     : "edx", "memory", "cc");
	GUEST_ASSERT_TRAP(X86_TRAP_DE, TRAP_NO_ERROR, ip, FLAT_RING1_CS);
	check_ring1_frame();

	/* UD2 (followed by a nop, never by the "xen" prefix bytes). */
	trap_reset();
	asm volatile(ASM_TRY("ud2") "nop" : [ip] "=&r" (ip) : : "memory");
	GUEST_ASSERT_TRAP(X86_TRAP_UD, TRAP_NO_ERROR, ip, FLAT_RING1_CS);

	/* INT n through slots that allow ring 1: EIP after the 2 bytes. */
	trap_reset();
	asm volatile(ASM_TRY("int $" __stringify(TRAP_TEST_DPL1))
		     : [ip] "=&r" (ip) : : "memory");
	GUEST_ASSERT_TRAP(TRAP_TEST_DPL1, TRAP_NO_ERROR, ip + 2,
			  FLAT_RING1_CS);
	check_ring1_frame();

	trap_reset();
	asm volatile(ASM_TRY("int $" __stringify(TRAP_TEST_DPL3))
		     : [ip] "=&r" (ip) : : "memory");
	GUEST_ASSERT_TRAP(TRAP_TEST_DPL3, TRAP_NO_ERROR, ip + 2,
			  FLAT_RING1_CS);

	/* INT n that the DPL forbids: #GP((n << 3) | 2) at the INT. */
	trap_reset();
	asm volatile(ASM_TRY("int $" __stringify(TRAP_TEST_DPL0))
		     : [ip] "=&r" (ip) : : "memory");
	GUEST_ASSERT_TRAP(X86_TRAP_GP, GP_INT(TRAP_TEST_DPL0), ip,
			  FLAT_RING1_CS);

	trap_reset();
	asm volatile(ASM_TRY("int $" __stringify(TRAP_TEST_NONE))
		     : [ip] "=&r" (ip) : : "memory");
	GUEST_ASSERT_TRAP(X86_TRAP_GP, GP_INT(TRAP_TEST_NONE), ip,
			  FLAT_RING1_CS);

	trap_reset();
	asm volatile(ASM_TRY("int $13") : [ip] "=&r" (ip) : : "memory");
	GUEST_ASSERT_TRAP(X86_TRAP_GP, GP_INT(13), ip, FLAT_RING1_CS);
}

static void ring1_page_faults(void)
{
	u32 ip, va = (u32)unmapped_page, far = mapped_region_end();
	u32 l3 = start_info->pt_base;

	set_pte(va, 0);

	trap_reset();
	asm volatile(ASM_TRY("mov (%[va]), %%eax")
		     : [ip] "=&r" (ip) : [va] "r" (va) : "eax", "memory");
	GUEST_ASSERT_TRAP(X86_TRAP_PF, 0, ip, FLAT_RING1_CS);
	GUEST_ASSERT_EQ(last_trap.cr2, va);
	check_ring1_frame();

	trap_reset();
	asm volatile(ASM_TRY("movl $0, 8(%[va])")
		     : [ip] "=&r" (ip) : [va] "r" (va) : "memory");
	GUEST_ASSERT_TRAP(X86_TRAP_PF, PFEC_WRITE, ip, FLAT_RING1_CS);
	GUEST_ASSERT_EQ(last_trap.cr2, va + 8);

	/* Past the bootstrap region: no L1 there at all. */
	GUEST_ASSERT(!va_mapped(far));
	trap_reset();
	asm volatile(ASM_TRY("mov (%[va]), %%eax")
		     : [ip] "=&r" (ip) : [va] "r" (far) : "eax", "memory");
	GUEST_ASSERT_TRAP(X86_TRAP_PF, 0, ip, FLAT_RING1_CS);
	GUEST_ASSERT_EQ(last_trap.cr2, far);

	/*
	 * The L3 is mapped read-only; a write to it (of the value already
	 * there) must fault: CR0.WP binds ring 1 too.
	 */
	trap_reset();
	asm volatile(ASM_TRY("addl $0, (%[va])")
		     : [ip] "=&r" (ip) : [va] "r" (l3) : "memory", "cc");
	GUEST_ASSERT_TRAP(X86_TRAP_PF, PFEC_PRESENT | PFEC_WRITE, ip,
			  FLAT_RING1_CS);
	GUEST_ASSERT_EQ(last_trap.cr2, l3);
}

static void ring3_traps(void)
{
	/* int $0x80 with every register set: they arrive as passed. */
	trap_reset();
	exec_user(u_int80, 0);
	GUEST_ASSERT_TRAP(TRAP_SYSCALL, TRAP_NO_ERROR, (u32)u_int80_next,
			  FLAT_RING3_CS);
	check_ring3_frame();
	GUEST_ASSERT_EQ(last_trap.eax, 0x1234);
	GUEST_ASSERT_EQ(last_trap.ebx, 0x11111111);
	GUEST_ASSERT_EQ(last_trap.ecx, 0x22222222);
	GUEST_ASSERT_EQ(last_trap.edx, 0x33333333);
	GUEST_ASSERT_EQ(last_trap.esi, 0x44444444);
	GUEST_ASSERT_EQ(last_trap.edi, 0x55555555);
	GUEST_ASSERT_EQ(last_trap.ebp, 0x66666666);

	trap_reset();
	exec_user(u_int3, 0);
	GUEST_ASSERT_TRAP(X86_TRAP_BP, TRAP_NO_ERROR, (u32)u_int3_next,
			  FLAT_RING3_CS);
	check_ring3_frame();

	trap_reset();
	exec_user(u_dpl3, 0);
	GUEST_ASSERT_TRAP(TRAP_TEST_DPL3, TRAP_NO_ERROR, (u32)u_dpl3_next,
			  FLAT_RING3_CS);
	check_ring3_frame();

	trap_reset();
	exec_user(u_dpl1, 0);
	GUEST_ASSERT_TRAP(X86_TRAP_GP, GP_INT(TRAP_TEST_DPL1),
			  (u32)u_dpl1_insn, FLAT_RING3_CS);
	check_ring3_frame();

	trap_reset();
	exec_user(u_int13, 0);
	GUEST_ASSERT_TRAP(X86_TRAP_GP, GP_INT(13), (u32)u_int13_insn,
			  FLAT_RING3_CS);

	/* Xen's hypercall vector is nothing special from ring 3. */
	trap_reset();
	exec_user(u_int82, 0);
	GUEST_ASSERT_TRAP(X86_TRAP_GP, GP_INT(0x82), (u32)u_int82_insn,
			  FLAT_RING3_CS);
}

static void ring3_page_faults(void)
{
	u32 va = (u32)unmapped_page;
	u32 kernel = (u32)&last_trap;

	trap_reset();
	exec_user(u_read, va);
	GUEST_ASSERT_TRAP(X86_TRAP_PF, PFEC_USER, (u32)u_read_insn,
			  FLAT_RING3_CS);
	GUEST_ASSERT_EQ(last_trap.cr2, va);
	check_ring3_frame();

	/* A supervisor page: present, so P and U/S. */
	trap_reset();
	exec_user(u_read, kernel);
	GUEST_ASSERT_TRAP(X86_TRAP_PF, PFEC_PRESENT | PFEC_USER,
			  (u32)u_read_insn, FLAT_RING3_CS);
	GUEST_ASSERT_EQ(last_trap.cr2, kernel);

	trap_reset();
	exec_user(u_write, kernel);
	GUEST_ASSERT_TRAP(X86_TRAP_PF, PFEC_PRESENT | PFEC_WRITE | PFEC_USER,
			  (u32)u_write_insn, FLAT_RING3_CS);
	GUEST_ASSERT_EQ(last_trap.cr2, kernel);
}

/*
 * The runtime returns from traps with the iret hypercall; hardware IRET
 * at CPL 1 must work as well, to CPL 1 and to CPL 3.
 */
static void hardware_iret(void)
{
	u32 ip;

	trap_use_hw_iret = 1;

	trap_reset();
	asm volatile(ASM_TRY("int3") : [ip] "=&r" (ip) : : "memory");
	GUEST_ASSERT_TRAP(X86_TRAP_BP, TRAP_NO_ERROR, ip + 1, FLAT_RING1_CS);

	trap_reset();
	exec_user(u_int3, 0);
	GUEST_ASSERT_TRAP(X86_TRAP_BP, TRAP_NO_ERROR, (u32)u_int3_next,
			  FLAT_RING3_CS);

	trap_use_hw_iret = 0;
	GUEST_ASSERT_EQ(shared_info->vcpu_info[0].evtchn_upcall_mask, 1);
}

void test_main(void)
{
	trap_init();
	map_shared_info();

	ring1_traps();
	ring1_page_faults();
	ring3_traps();
	ring3_page_faults();
	hardware_iret();

	guest_pass();
}
