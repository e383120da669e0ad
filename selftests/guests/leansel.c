// SPDX-License-Identifier: GPL-2.0
/*
 * leansel: the lean paths of switch.S load the guest's own GDT selectors
 * without a look at their descriptors once hv has found those flat
 * (module/desc.c, hv_lean_learn()), so hv must forget them the moment a
 * descriptor behind them may change (Documentation/design.rst, "Lean
 * selectors").  This guest uses Linux's selectors: trap-table CS 0x61,
 * kernel SS 0x69 (stack_switch), user CS 0x73, user SS 0x7b.  Each part
 * first makes them lean: ROUNDS ring-3 trips, each entered through the
 * iret hypercall, with one int $0x80 bounced onto the kernel stack and
 * returned from through the iret hypercall, and one more to leave.  Then
 * it changes a descriptor under them, and the next bounce or iret must be
 * what hv's checks make of the new descriptor:
 *
 *  part 1  update_descriptor gives the kernel SS a base of one page: the
 *          bounce frame goes to base + kernel_sp, where the handler finds
 *          it through SS, and the page at kernel_sp keeps its poison.  A
 *          stale lean SS: the frame at kernel_sp as a linear address, and
 *          the handler reads poison.
 *  part 2  update_descriptor makes the user SS 16-bit (B = 0): the iret
 *          into ring 3 must take the 16-bit stack return, ring 3 sees its
 *          ESP exactly.  A stale lean SS: a plain iretq, ESP[31:16] from
 *          hv's stack.
 *  part 3  set_gdt to a second GDT frame whose kernel SS has a base of
 *          one page: as part 1.
 *  part 4  update_descriptor makes the trap table's CS DPL 3: hv must
 *          refuse to enter the handler at ring 1 on it and kill the
 *          domain ("bad code or stack segment to return to").  A stale
 *          lean CS: the iretq faults in hv ("hypervisor fault 13").  Run
 *          alone (part=4).
 *
 * part=N on the command line runs only part N (default: 1, 2 and 3).
 *
 * Result: "hvtest: leansel: PASS", for part 4 "hvtest: leansel:
 * EXPECT-KILL ..." and a crashed domain.
 */
#include "cpu.h"
#include "mm.h"
#include "pt.h"
#include "test.h"
#include "traps.h"
#include "user.h"

#define GDT_ENTRIES	16
#define SLOT_KCS	12	/* Linux's __KERNEL_CS and friends */
#define SLOT_KSS	13
#define SLOT_UCS	14
#define SLOT_USS	15
#define SEL_KCS		(SLOT_KCS << 3 | 1)
#define SEL_KSS		(SLOT_KSS << 3 | 1)
#define SEL_UCS		(SLOT_UCS << 3 | 3)
#define SEL_USS		(SLOT_USS << 3 | 3)

#define LS_CALL		0x6c73	/* EAX of the test's int $0x80 */
#define ROUNDS		20
#define FRAME_WORDS	5	/* EIP, CS, EFLAGS, ESP, SS */
#define POISON		0x5a5a5a5au
#define POISON_BYTES	32
#define SS_BASE		PAGE_SIZE	/* the kernel SS's base, moved */
#define ESP_U		0x3c3c7f00	/* ring 3's ESP, never touched */

/* The kernel stack: pages 1 and 2, kernel_sp at the top of page 1. */
static u8 kstack[3 * PAGE_SIZE] __aligned(PAGE_SIZE);
static u64 gdt1[512] __aligned(PAGE_SIZE);
static u64 gdt2[512] __aligned(PAGE_SIZE);
u8 ls_exit_stack[PAGE_SIZE] __aligned(PAGE_SIZE);

/* What the handler saw: its ESP, the frame there (through SS), count. */
u32 ls_esp, ls_frame[FRAME_WORDS], ls_count;
/* Ring 3's EBX at its exit. */
u32 user_ebx;

#define LS_COPY(i)							\
	"mov " #i "*4(%esp), %eax\n\t"					\
	"mov %eax, ls_frame + " #i "*4\n\t"

/*
 * The int $0x80 handler, at ring 1 on the trap table's CS and the
 * stack_switch SS; DS is ring 3's flat one.  The frame is read through
 * SS, whatever its base.  USER_EXIT_NR leaves ring 3 for good: back to
 * hv's flat selectors first (the ones under test may be broken by now),
 * EBX to user_ebx, then the runtime's user_return().
 */
asm(".text\n\t"
	".balign 16\n\t.globl ls_int80\n"
	"ls_int80:\n\t"
	"cmp $" __stringify(USER_EXIT_NR) ", %eax\n\t"
	"je 1f\n\t"
	"mov %esp, ls_esp\n\t"
	LS_COPY(0) LS_COPY(1) LS_COPY(2) LS_COPY(3) LS_COPY(4)
	"incl ls_count\n\t"
	"jmp hypercall_page + "
	__stringify(HYPERCALL_IRET_OFFSET) "\n"
	"1:\tljmp $" __stringify(FLAT_RING1_CS) ", $2f\n"
	"2:\tmov $" __stringify(FLAT_RING1_SS) ", %eax\n\t"
	"mov %eax, %ss\n\t"
	"mov $ls_exit_stack + " __stringify(PAGE_SIZE) ", %esp\n\t"
	"mov %ebx, user_ebx\n\t"
	"push $0\n\t"
	"push $0\n\t"
	"jmp user_return\n");

DECLARE_ASM_LABEL(ls_int80);

/* Ring 3: one bounce, then leave with the ESP it runs on in EBX. */
asm(USER_FUNC(u_call)
	"mov $" __stringify(LS_CALL) ", %eax\n\t"
	"int $0x80\n"
	"u_call_next:\n\t"
	"mov %esp, %ebx\n\t"
	ASM_USER_EXIT
	USER_END(u_call));

DECLARE_ASM_LABEL(u_call);
DECLARE_ASM_LABEL(u_call_next);

static u64 flat_desc(u32 type, u32 dpl)
{
	return seg_desc(0, 0xfffff, type, dpl, DESC_G | DESC_DB);
}

/* Flat all four, in @gdt (before it is a GDT) or through hv. */
static void fill_flat(u64 *gdt)
{
	gdt[SLOT_KCS] = flat_desc(TYPE_CODE, 1);
	gdt[SLOT_KSS] = flat_desc(TYPE_DATA, 1);
	gdt[SLOT_UCS] = flat_desc(TYPE_CODE, 3);
	gdt[SLOT_USS] = flat_desc(TYPE_DATA, 3);
}

static void set_desc(u64 *gdt, u32 slot, u64 desc)
{
	GUEST_ASSERT_EQ(hypercall_update_descriptor(pt_ma(&gdt[slot]), desc),
			0);
}

static void map_ro(const void *p)
{
	const u64 *pte = pte_of((u32)p);

	GUEST_ASSERT(pte && (*pte & _PAGE_PRESENT));
	set_pte((u32)p, *pte & ~(u64)_PAGE_RW);
}

static void use_gdt(u64 *gdt)
{
	u32 frame = virt_to_mfn(gdt);

	GUEST_ASSERT_EQ(hypercall_set_gdt(&frame, GDT_ENTRIES), 0);
}

static u32 kstack_page(int n)
{
	return (u32)kstack + n * PAGE_SIZE;
}

static void poison(u32 page)
{
	u32 i;

	for (i = PAGE_SIZE - POISON_BYTES; i < PAGE_SIZE; i += 4)
		poke32(page + i, POISON);
}

static bool poisoned(u32 page)
{
	u32 i;

	for (i = PAGE_SIZE - POISON_BYTES; i < PAGE_SIZE; i += 4)
		if (peek32(page + i) != POISON)
			return false;
	return true;
}

/*
 * One ring-3 trip on the selectors under test, with the kernel SS's base
 * @ss_base: the frame must be where the handler's SS:ESP points, the page
 * of the other base untouched, ring 3's ESP its own.
 */
static void trip(u32 ss_base, const char *what)
{
	u32 kernel_sp = kstack_page(2), esp, frame_page, other_page;

	frame_page = kstack_page(ss_base ? 2 : 1);
	other_page = kstack_page(ss_base ? 1 : 2);
	poison(frame_page);
	poison(other_page);
	ls_count = 0;
	user_ebx = 0;
	exec_user_at(u_call, 0, SEL_UCS, SEL_USS, ESP_U);
	esp = user_ebx;
	if (esp != ESP_U)
		guest_fail("%s: ring 3 ran on ESP 0x%x, not 0x%x", what, esp,
			   ESP_U);
	GUEST_ASSERT_EQ(ls_count, 1);
	GUEST_ASSERT_EQ(ls_esp, kernel_sp - FRAME_WORDS * 4);
	if (ls_frame[0] != (u32)u_call_next)
		guest_fail("%s: no frame at SS:ESP (EIP 0x%x)", what,
			   ls_frame[0]);
	GUEST_ASSERT_EQ(ls_frame[1] & 0xffff, SEL_UCS);
	GUEST_ASSERT_EQ(ls_frame[3], ESP_U);
	GUEST_ASSERT_EQ(ls_frame[4], SEL_USS);
	if (!poisoned(other_page))
		guest_fail("%s: a frame went to the stack page of the old SS base",
			   what);
	GUEST_ASSERT(!poisoned(frame_page));
}

/* Fresh flat descriptors in gdt1, and ROUNDS trips to make them lean. */
static void warm_up(void)
{
	int i;

	use_gdt(gdt1);
	set_desc(gdt1, SLOT_KCS, flat_desc(TYPE_CODE, 1));
	set_desc(gdt1, SLOT_KSS, flat_desc(TYPE_DATA, 1));
	set_desc(gdt1, SLOT_UCS, flat_desc(TYPE_CODE, 3));
	set_desc(gdt1, SLOT_USS, flat_desc(TYPE_DATA, 3));
	for (i = 0; i < ROUNDS; i++)
		trip(0, "flat");
}

static void part_kss_base(void)
{
	warm_up();
	set_desc(gdt1, SLOT_KSS,
		 seg_desc(SS_BASE, 0xfffff, TYPE_DATA, 1, DESC_G | DESC_DB));
	trip(SS_BASE, "update_descriptor: kernel SS based");
	trip(SS_BASE, "update_descriptor: kernel SS based, again");
	guest_info("update_descriptor: kernel SS with a base: the frame at base + ESP");
}

static void part_uss_16bit(void)
{
	warm_up();
	set_desc(gdt1, SLOT_USS, seg_desc(0, 0xffff, TYPE_DATA, 3, 0));
	trip(0, "update_descriptor: user SS 16-bit");
	trip(0, "update_descriptor: user SS 16-bit, again");
	guest_info("update_descriptor: 16-bit user SS: ESP 0x%x kept", ESP_U);
}

static void part_set_gdt(void)
{
	warm_up();
	use_gdt(gdt2);
	trip(SS_BASE, "set_gdt: kernel SS based");
	trip(SS_BASE, "set_gdt: kernel SS based, again");
	guest_info("set_gdt: kernel SS with a base: the frame at base + ESP");
}

static void part_kcs_dpl3(void)
{
	warm_up();
	set_desc(gdt1, SLOT_KCS, flat_desc(TYPE_CODE, 3));
	guest_expect_kill("bounce to a trap-table CS made DPL 3");
	exec_user_at(u_call, 0, SEL_UCS, SEL_USS, ESP_U);
	guest_fail("the bounce entered a DPL-3 CS at ring 1");
}

void test_main(void)
{
	static struct trap_info t[2] = {
		{ .vector = TRAP_SYSCALL, .flags = TI_DPL(3) | TI_MASK_EVENTS,
		  .cs = SEL_KCS },
	};
	u32 part = 0;

	cmdline_u32("part", &part);
	trap_init();
	user_init();
	fill_flat(gdt1);
	fill_flat(gdt2);
	gdt2[SLOT_KSS] = seg_desc(SS_BASE, 0xfffff, TYPE_DATA, 1,
				  DESC_G | DESC_DB);
	map_ro(gdt1);
	map_ro(gdt2);
	t[0].address = (u32)ls_int80;
	GUEST_ASSERT_EQ(hypercall_set_trap_table(t), 0);
	GUEST_ASSERT_EQ(hypercall_stack_switch(SEL_KSS, kstack_page(2)), 0);
	if (!part || part == 1)
		part_kss_base();
	if (!part || part == 2)
		part_uss_16bit();
	if (!part || part == 3)
		part_set_gdt();
	if (part == 4)
		part_kcs_dpl3();
	guest_pass();
}
