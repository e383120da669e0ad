// SPDX-License-Identifier: GPL-2.0
/*
 * seg16: 16-bit segments, as a guest kernel passes them on from
 * modify_ldt to DOS emulators and 16-bit Windows programs, and GDT slots
 * past set_gdt's entry count.
 *
 * An iretq to a stack segment with B = 0 loads only SP[15:0] and keeps
 * ESP[31:16] from the RSP it ran on: without care, the hypervisor's own
 * stack address.  Each part below sets ESP with upper bits of its own and
 * checks, after every way back into the guest, that ESP[31:16] are still
 * exactly those (the first wrong ESP is printed):
 *
 *  part 1  ring 1, SS a 16-bit DPL-1 data segment of our GDT: 100
 *          xen_version(0) (the fast path), sched_op yield and poll with a
 *          20 ms timeout (world exits, the second blocking), a spin of 20
 *          world exits (host interrupts; counted through the runstate
 *          area, which hv writes before each entry).
 *  part 2  ring 3, SS a 16-bit DPL-3 data segment of our LDT, entered
 *          through the iret hypercall: 50 int $0x80 (bounced in the fast
 *          path) and 50 int3 (bounced after a world exit), each returned
 *          from through the iret hypercall, and a spin of 20 world exits.
 *  part 3  stack_switch to a 16-bit DPL-1 kernel stack: 50 INT n from
 *          ring 3 bounced onto it; the handler sees ESP exactly 20 bytes
 *          (the frame) below the one given, and returns through the iret
 *          hypercall with its frame addressed by the whole ESP, as hv
 *          writes it.
 *  part 4  ring-3 16-bit code of the LDT (D = 0) on the 16-bit stack: far
 *          jumped to, 50 int $0x80 and 50 int3 and a spin of 20 world
 *          exits, far jump back.  The domain must not be killed; the
 *          int3 frame shows the 16-bit CS and exactly the 16-bit offset
 *          after the int3 as EIP.
 *  part 5  a DPL-1 data descriptor at GDT slot 40 with set_gdt's entry
 *          count 16 (same frame): the CPU loads it, and hv must agree
 *          (as Xen does): %fs keeps it across a world exit and reads
 *          its base.  Slot 512 (a frame set_gdt did not get) faults with
 *          #GP(selector) in the CPU and is nothing to hv either.
 *
 * part=N on the command line runs only part N.
 *
 * Result: "hvtest: seg16: PASS".
 */
#include "evtchn.h"
#include "pt.h"
#include "cpu.h"
#include "test.h"
#include "traps.h"
#include "user.h"

#define GDT_ENTRIES	16
#define SLOT_SS16	8	/* DPL-1 16-bit data: the ring-1 stack */
#define SLOT_KSS16	9	/* DPL-1 16-bit data: the stack_switch one */
#define SLOT_PAST	40	/* DPL-1 data past GDT_ENTRIES */
#define SLOT_NEXT	512	/* in a frame set_gdt was not given */

/* For asm: the selectors, RPL 1 (GDT) and 3 (LDT, TI = 1). */
#define SEL_SS16	0x41
#define SEL_KSS16	0x49
#define SEL_PAST	0x141
#define LDT_ENTRIES	3
#define LSEL_SS16	0x0f	/* index 1: DPL-3 16-bit data */
#define LSEL_CS16	0x17	/* index 2: DPL-3 16-bit code */

/* The ESPs each part sets: SP 0x7f00 in each stack's segment. */
#define ESP_R1		0x5a5a7f00
#define ESP_R3		0x3c3c7f00
#define ESP_K16		0x6b6b7f00
#define SP_OFF		0xf00	/* where SP 0x7f00 lands in each stack page */
#define R1_HI		0x5a5a0000
#define R3_HI		0x3c3c0000

#define TRAP_K16	0x25	/* INT n onto the 16-bit kernel stack, DPL 3 */
#define ROUNDS		50
#define EXITS		20	/* world exits each spin waits for */
#define SPIN_BUDGET	0x8000000
#define RS_SENTINEL	0xdead
#define PAST_VALUE	0x9a57e17e

#define __user_bss	__attribute((section(".bss.user")))

static u64 gdt[512] __aligned(PAGE_SIZE);
static u64 ldt[512] __aligned(PAGE_SIZE);

/* The stacks: SS base + 0x7f00 = SP_OFF into each page. */
static u8 r1_stack[PAGE_SIZE] __aligned(PAGE_SIZE);
static u8 k16_stack[PAGE_SIZE] __aligned(PAGE_SIZE);
u8 fail_stack[PAGE_SIZE] __aligned(PAGE_SIZE);
static u8 u_stack16[PAGE_SIZE] __aligned(PAGE_SIZE) __user_bss;

/*
 * Written by hv before every entry into the guest world: a sentinel in
 * .state that is gone again counts one world exit.  Ring 3 reads it too.
 */
struct runstate {
	u32 state;
	u64 state_entry_time;
	u64 time[4];
} __packed;

struct runstate rs_area __aligned(64) __user_bss;

/* What each part saw: checks made, wrong ESPs and the first one. */
struct seen {
	u32 checks, bad, bad_esp, exits;
};

struct seen r1_seen, u_seen __user_bss;
u32 r1_ss, r1_saved_esp, r1_poll_rc;
struct sched_poll r1_poll;
u32 k16_count, k16_esp;
u32 past_value = PAST_VALUE;

/*
 * CHECK(v, hi): one check of ESP[31:16] against @hi, counted in struct
 * seen @v; clobbers EAX and the flags, touches no stack.  SPIN(v, hi):
 * checks until EXITS world exits were seen (or SPIN_BUDGET rounds).  The
 * 16-bit variants address memory with 32-bit offsets.
 */
#define _CHECK(a, v, hi)						\
	"mov %esp, %eax\n\t"						\
	"and $0xffff0000, %eax\n\t"					\
	a "incl " v "\n\t"						\
	"cmp $" __stringify(hi) ", %eax\n\t"				\
	"je 9f\n\t"							\
	a "incl " v "+4\n\t"						\
	a "cmpl $0, " v "+8\n\t"					\
	"jne 9f\n\t"							\
	a "mov %esp, " v "+8\n"						\
	"9:\n\t"

#define _SPIN(a, v, hi)							\
	a "movl $" __stringify(RS_SENTINEL) ", rs_area\n\t"		\
	"mov $" __stringify(SPIN_BUDGET) ", %ecx\n"			\
	"8:\t" _CHECK(a, v, hi)						\
	a "cmpl $" __stringify(RS_SENTINEL) ", rs_area\n\t"		\
	"je 7f\n\t"							\
	a "incl " v "+12\n\t"						\
	a "movl $" __stringify(RS_SENTINEL) ", rs_area\n"		\
	"7:\t" a "cmpl $" __stringify(EXITS) ", " v "+12\n\t"		\
	"jae 6f\n\t"							\
	"dec %ecx\n\t"							\
	"jnz 8b\n"							\
	"6:\t"

#define CHECK(v, hi)	_CHECK("", v, hi)
#define SPIN(v, hi)	_SPIN("", v, hi)
#define CHECK16(v, hi)	_CHECK("addr32 ", v, hi)
#define SPIN16(v, hi)	_SPIN("addr32 ", v, hi)

#define HC(nr)	"call hypercall_page + " __stringify(nr) " * 32\n\t"

/*
 * Part 1, ring 1: r1_ss16() on SS = r1_ss.  Hypercalls go through the
 * hypercall page with a 16-bit SS: call, ret and push use SP only.
 */
asm(".text\n"
	".globl r1_ss16\n"
	"r1_ss16:\n\t"
	"push %ebp\n\t"
	"push %ebx\n\t"
	"push %esi\n\t"
	"push %edi\n\t"
	"mov r1_ss, %eax\n\t"
	"mov %esp, r1_saved_esp\n\t"
	"mov %eax, %ss\n\t"
	"mov $" __stringify(ESP_R1) ", %esp\n\t"
	CHECK("r1_seen", R1_HI)
	"mov $100, %ebp\n"
	"1:\txor %ebx, %ebx\n\t"
	HC(__HYPERVISOR_xen_version)
	CHECK("r1_seen", R1_HI)
	"dec %ebp\n\t"
	"jnz 1b\n\t"
	"mov $" __stringify(SCHEDOP_yield) ", %ebx\n\t"
	"xor %ecx, %ecx\n\t"
	HC(__HYPERVISOR_sched_op)
	CHECK("r1_seen", R1_HI)
	"mov $" __stringify(SCHEDOP_poll) ", %ebx\n\t"
	"mov $r1_poll, %ecx\n\t"
	HC(__HYPERVISOR_sched_op)
	"mov %eax, r1_poll_rc\n\t"
	CHECK("r1_seen", R1_HI)
	SPIN("r1_seen", R1_HI)
	"mov $" __stringify(FLAT_RING1_SS) ", %eax\n\t"
	"mov %eax, %ss\n\t"
	"mov r1_saved_esp, %esp\n\t"
	"pop %edi\n\t"
	"pop %esi\n\t"
	"pop %ebx\n\t"
	"pop %ebp\n\t"
	"ret\n");

DECLARE_ASM_LABEL(r1_ss16);

/* Ring 3, entered on the 16-bit stack: traps both ways, then a spin. */
asm(USER_FUNC(u_ss16)
	CHECK("u_seen", R3_HI)
	"mov $" __stringify(ROUNDS) ", %ebp\n"
	"1:\txor %eax, %eax\n"
	"u_ss16_int80:\n\t"
	"int $0x80\n"
	"u_ss16_int80_next:\n\t"
	CHECK("u_seen", R3_HI)
	"u_ss16_int3:\n\t"
	"int3\n"
	"u_ss16_int3_next:\n\t"
	CHECK("u_seen", R3_HI)
	"dec %ebp\n\t"
	"jnz 1b\n\t"
	SPIN("u_seen", R3_HI)
	"xor %ebx, %ebx\n\t"
	ASM_USER_EXIT
	_ASM_EXTABLE(u_ss16_int80, u_ss16_int80_next)
	_ASM_EXTABLE(u_ss16_int3, u_ss16_int3_next)
	USER_END(u_ss16));

/*
 * Ring 3, 16-bit code of the LDT (part 4): its offsets count from
 * u_code16, its exception-table entries too (the frames show them).
 */
asm(USER_FUNC(u_code16)
	"ljmp $" __stringify(LSEL_CS16) ", $0\n\t"
	".code16\n"
	"u16_start:\n\t"
	CHECK16("u_seen", R3_HI)
	"mov $" __stringify(ROUNDS) ", %ebp\n"
	"1:\txor %eax, %eax\n"
	"u16_int80:\n\t"
	"int $0x80\n"
	"u16_int80_next:\n\t"
	CHECK16("u_seen", R3_HI)
	"u16_int3:\n\t"
	"int3\n"
	"u16_int3_next:\n\t"
	CHECK16("u_seen", R3_HI)
	"dec %ebp\n\t"
	"jnz 1b\n\t"
	SPIN16("u_seen", R3_HI)
	"ljmpl $" __stringify(FLAT_RING3_CS) ", $u16_back\n\t"
	".code32\n"
	"u16_back:\n\t"
	"xor %ebx, %ebx\n\t"
	ASM_USER_EXIT
	".pushsection .ex_table, \"a\"\n\t.balign 4\n\t"
	".long u16_int80 - u16_start, u16_int80_next - u16_start\n\t"
	".long u16_int3 - u16_start, u16_int3_next - u16_start\n\t"
	".popsection\n\t"
	USER_END(u_code16));

/*
 * Ring 3 (part 3): ROUNDS INT TRAP_K16 onto the 16-bit kernel stack, and
 * one more with EAX = USER_EXIT_NR to leave: the runtime's int $0x80
 * handler would push onto that stack by SP.
 */
asm(USER_FUNC(u_k16)
	"mov $" __stringify(ROUNDS) ", %ebp\n"
	"1:\txor %eax, %eax\n\t"
	"int $" __stringify(TRAP_K16) "\n\t"
	"dec %ebp\n\t"
	"jnz 1b\n\t"
	"mov $" __stringify(USER_EXIT_NR) ", %eax\n\t"
	"int $" __stringify(TRAP_K16) "\n\t"
	"ud2\n\t"
	USER_END(u_k16));

DECLARE_ASM_LABEL(u_ss16);
DECLARE_ASM_LABEL(u_code16);
DECLARE_ASM_LABEL(u_k16);
DECLARE_ASM_LABEL(u16_start);
DECLARE_ASM_LABEL(u16_int3_next);

/*
 * The TRAP_K16 handler, on the 16-bit kernel stack: note ESP, then return
 * through the iret hypercall.  The stub's "push %eax" would use SP, while
 * hv reads the frame at SS base + ESP: put EAX there and enter the stub
 * after its push.  A wrong ESP goes to k16_leaked(), the exit request to
 * user_return(0), each on a stack of its own.
 */
asm(".text\n"
	".globl k16_entry\n"
	"k16_entry:\n\t"
	"cmp $" __stringify(USER_EXIT_NR) ", %eax\n\t"
	"je 2f\n\t"
	"mov %esp, k16_esp\n\t"
	"incl k16_count\n\t"
	"mov %esp, %eax\n\t"
	"and $0xffff0000, %eax\n\t"
	"cmp $" __stringify(ESP_K16 & 0xffff0000) ", %eax\n\t"
	"jne 1f\n\t"
	"sub $4, %esp\n\t"
	"mov %eax, (%esp)\n\t"
	"jmp hypercall_page + " __stringify(HYPERCALL_IRET_OFFSET) " + 1\n"
	"1:\tmov $" __stringify(FLAT_RING1_SS) ", %eax\n\t"
	"mov %eax, %ss\n\t"
	"mov $fail_stack + 4096, %esp\n\t"
	"push k16_esp\n\t"
	"call k16_leaked\n"
	"2:\tmov $" __stringify(FLAT_RING1_SS) ", %eax\n\t"
	"mov %eax, %ss\n\t"
	"mov $fail_stack + 4096, %esp\n\t"
	"push $0\n\t"
	"push $0\n\t"
	"jmp user_return\n");

DECLARE_ASM_LABEL(k16_entry);

/* Called from k16_entry only. */
void __noreturn k16_leaked(u32 esp)
{
	guest_fail("16-bit kernel stack: ESP 0x%x after the bounce, want 0x%x",
		   esp, ESP_K16 - 20);
}

/* A 16-bit (B = 0) data segment whose SP 0x7f00 lands at @stack + SP_OFF. */
static u64 stack16_desc(const u8 *stack, u32 esp, u32 dpl, bool big)
{
	u32 base = (u32)stack + SP_OFF - (big ? esp : esp & 0xffff);

	/* big: 4 GiB, for a stack that hv addresses by the whole ESP. */
	return seg_desc(base, big ? 0xfffff : 0xffff, TYPE_DATA, dpl,
			big ? DESC_G : 0);
}

static void map_ro(const void *p)
{
	const u64 *pte = pte_of((u32)p);

	GUEST_ASSERT(pte && (*pte & _PAGE_PRESENT));
	set_pte((u32)p, *pte & ~(u64)_PAGE_RW);
}

static void install_tables(void)
{
	struct mmuext_op op = {
		.cmd = MMUEXT_SET_LDT,
		.arg1 = (u32)ldt,
		.arg2 = LDT_ENTRIES,
	};
	u32 frame = virt_to_mfn(gdt), done = 0;

	gdt[SLOT_SS16] = stack16_desc(r1_stack, ESP_R1, 1, false);
	gdt[SLOT_KSS16] = stack16_desc(k16_stack, ESP_K16, 1, true);
	gdt[SLOT_PAST] = seg_desc((u32)&past_value, 3, TYPE_DATA, 1, DESC_DB);
	ldt[1] = stack16_desc(u_stack16, ESP_R3, 3, false);
	ldt[2] = seg_desc((u32)u16_start, 0xffff, TYPE_CODE, 3, 0);
	map_ro(gdt);
	map_ro(ldt);
	GUEST_ASSERT_EQ(hypercall_set_gdt(&frame, GDT_ENTRIES), 0);
	GUEST_ASSERT_EQ(hypercall_mmuext_op(&op, 1, &done, DOMID_SELF), 0);
}

static void report(const char *part, const struct seen *s, u32 want)
{
	guest_info("%s: %u checks, %u world exits in the spin, %u wrong",
		   part, s->checks, s->exits, s->bad);
	if (s->bad)
		guest_fail("%s: ESP 0x%x, want ESP[31:16] 0x%x: hypervisor bits leaked",
			   part, s->bad_esp, want >> 16);
	GUEST_ASSERT_EQ(s->exits, EXITS);
}

static void part_ring1(void)
{
	r1_poll.timeout = system_time_ns() + 20 * NSEC_PER_MSEC;
	r1_ss = SEL_SS16;
	r1_ss16();
	GUEST_ASSERT_EQ(r1_poll_rc, 0);
	GUEST_ASSERT(r1_seen.checks > 103);
	report("ring 1", &r1_seen, ESP_R1);
}

/* Ring 3 at @fn on the LDT's 16-bit stack, SP 0x7f00 and ESP_R3. */
static void enter_user16(void (*fn)(void))
{
	exec_user_at(fn, 0, FLAT_RING3_CS, LSEL_SS16, ESP_R3);
}

static void part_ring3(void)
{
	memset(&u_seen, 0, sizeof(u_seen));
	enter_user16(u_ss16);
	report("ring 3", &u_seen, ESP_R3);
}

static void part_kstack(void)
{
	static struct trap_info k16[2] = {
		{ .vector = TRAP_K16, .flags = TI_DPL(3) | TI_MASK_EVENTS,
		  .cs = FLAT_RING1_CS },
	};

	k16[0].address = (u32)k16_entry;
	GUEST_ASSERT_EQ(hypercall_set_trap_table(k16), 0);
	GUEST_ASSERT_EQ(hypercall_stack_switch(SEL_KSS16, ESP_K16), 0);
	GUEST_ASSERT_EQ(exec_user(u_k16, 0), 0);
	GUEST_ASSERT_EQ(hypercall_stack_switch(FLAT_RING1_SS,
					       (u32)trap_stack_top), 0);
	guest_info("16-bit kernel stack: %u bounces, last ESP 0x%x",
		   k16_count, k16_esp);
	GUEST_ASSERT_EQ(k16_count, ROUNDS);
	GUEST_ASSERT_EQ(k16_esp, ESP_K16 - 20);
}

static void part_code16(void)
{
	memset(&u_seen, 0, sizeof(u_seen));
	trap_reset();
	enter_user16(u_code16);
	report("16-bit code", &u_seen, ESP_R3);
	/* The last trap was an int3 there: CS and the 16-bit EIP, exactly. */
	GUEST_ASSERT_EQ(last_trap.vector, X86_TRAP_BP);
	GUEST_ASSERT_EQ(last_trap.cs, LSEL_CS16);
	GUEST_ASSERT_EQ(last_trap.eip, (u32)u16_int3_next - (u32)u16_start);
	GUEST_ASSERT_EQ(last_trap.ss, LSEL_SS16);
}

static void part_gdt_past(void)
{
	u32 sel, val = 0, ip;

	trap_reset();
	asm volatile("mov %0, %%fs" : : "r" (SEL_PAST));
	hypercall_sched_op(SCHEDOP_yield, NULL);
	asm volatile("mov %%fs, %0" : "=r" (sel));
	asm volatile(ASM_TRY("mov %%fs:0, %[val]")
		     : [ip] "=&r" (ip), [val] "+r" (val) : : "memory");
	GUEST_ASSERT_NO_TRAP();
	GUEST_ASSERT_EQ(sel, SEL_PAST);
	GUEST_ASSERT_EQ(val, PAST_VALUE);

	/* A frame set_gdt was not given: the CPU and hv see nothing. */
	trap_reset();
	asm volatile(ASM_TRY("mov %[s], %%fs")
		     : [ip] "=&r" (ip) : [s] "r" (SLOT_NEXT << 3 | 1)
		     : "memory");
	GUEST_ASSERT_TRAP(X86_TRAP_GP, SLOT_NEXT << 3, ip, FLAT_RING1_CS);
	asm volatile("mov %0, %%fs" : : "r" (0));
	guest_info("GDT slot %u past %u entries: live across a world exit",
		   SLOT_PAST, GDT_ENTRIES);
}

void test_main(void)
{
	u32 part = 0;

	cmdline_u32("part", &part);
	trap_init();
	user_init();
	GUEST_ASSERT_EQ(hypercall_vcpu_op(VCPUOP_register_runstate_memory_area,
					  0, &(u64){ (u32)&rs_area }), 0);
	install_tables();
	if (!part || part == 1)
		part_ring1();
	if (!part || part == 2)
		part_ring3();
	if (!part || part == 3)
		part_kstack();
	if (!part || part == 4)
		part_code16();
	if (!part || part == 5)
		part_gdt_past();
	guest_pass();
}
