// SPDX-License-Identifier: GPL-2.0
/*
 * kstack: the lean bounce and iret (module/switch.S) write and read their
 * frames through a cached host address of the guest kernel stack's page
 * (Documentation/design.rst, "The kernel stack cache").  The cache must
 * never outlive the mapping it caches: this guest moves its kernel stack
 * page under it every way it can and checks, after each move, that the
 * bounce frame of a ring-3 "int $0x80" lands in the page the tables map
 * now, and that the page mapped there before is untouched:
 *
 *  - twice on the same page: the first bounce fills the cache, the
 *    second uses it;
 *  - update_va_mapping points the stack's address at another frame (the
 *    old one stays mapped elsewhere, poisoned);
 *  - mmu_update rewrites the stack's L1 entry, back to the first frame;
 *  - the stack moves away and its old frame, mapped nowhere now, is
 *    pinned as an L1 table (read-only view elsewhere): a stale cache
 *    would write the frame into a live page table;
 *  - stack_switch to another page, back and forth between two (both
 *    stay cached, and stack_switch to either is lean), and back to one
 *    whose page moved while the other was in use;
 *  - the 20th request of a 32-request mmu_update moves it (the host
 *    path's run of one L1's entries).
 *
 * The ring-1 handler records its ESP and the frame it finds through the
 * guest's own mapping, then returns with the iret hypercall (which reads
 * the frame through the cache too).  A hypervisor whose cache is not
 * invalidated fails the first check after a move: the handler finds the
 * poison, and the old page holds the frame.
 *
 * Result: "hvtest: kstack: PASS".
 */
#include "pt.h"
#include "test.h"
#include "traps.h"
#include "user.h"

#define KS_CALL		0x6b73	/* EAX of the test's int $0x80 */
#define POISON		0x5a5a5a5au
#define POISON_BYTES	32	/* at the top of a stack page */
#define FRAME_WORDS	5	/* EIP, CS, EFLAGS, ESP, SS */

DECLARE_ASM_LABEL(trap_entry_int80);

/* What the handler saw: its ESP, the frame there, how often it ran. */
u32 ks_esp, ks_frame[FRAME_WORDS], ks_count;

#define KS_COPY(i)							\
	"mov " #i "*4(%esp), %eax\n\t"					\
	"mov %eax, %ss:ks_frame + " #i "*4\n\t"

/* The runtime's exit of exec_user() goes on to the runtime's handler. */
asm(".pushsection .text, \"ax\"\n\t"
	".balign 16\n\t.globl ks_int80\n"
	"ks_int80:\n\t"
	"cmp $" __stringify(USER_EXIT_NR) ", %eax\n\t"
	"je trap_entry_int80\n\t"
	"mov %esp, %ss:ks_esp\n\t"
	KS_COPY(0) KS_COPY(1) KS_COPY(2) KS_COPY(3) KS_COPY(4)
	"incl %ss:ks_count\n\t"
	"jmp hypercall_page + "
	__stringify(HYPERCALL_IRET_OFFSET) "\n\t"
	".popsection");

DECLARE_ASM_LABEL(ks_int80);

asm(USER_FUNC(u_ks_int)
	"mov $" __stringify(KS_CALL) ", %eax\n\t"
	"int $0x80\n"
	"u_ks_int_next:\n\t"
	ASM_USER_EXIT
	USER_END(u_ks_int));

DECLARE_ASM_LABEL(u_ks_int);
DECLARE_ASM_LABEL(u_ks_int_next);

static void set_handler(void)
{
	static struct trap_info t[2];

	t[0].vector = TRAP_SYSCALL;
	t[0].flags = TI_DPL(3) | TI_MASK_EVENTS;
	t[0].cs = FLAT_RING1_CS;
	t[0].address = (u32)ks_int80;
	GUEST_ASSERT_EQ(hypercall_set_trap_table(t), 0);
}

static void poison(u32 page)
{
	u32 i;

	for (i = PAGE_SIZE - POISON_BYTES; i < PAGE_SIZE; i += 4)
		poke32(page + i, POISON);
}

/* The top of page @va holds @want throughout (poison, or a table's 0). */
static void check_untouched(u32 va, u32 want, const char *what)
{
	u32 i, got;

	for (i = PAGE_SIZE - POISON_BYTES; i < PAGE_SIZE; i += 4) {
		got = peek32(va + i);
		if (got != want)
			guest_fail("%s: the page mapped before was written: 0x%x at +0x%x",
				   what, got, i);
	}
}

/*
 * One ring-3 int $0x80 with the kernel stack at the top of page @va: the
 * frame must be there.  @old, if not 0, is where the page mapped there
 * before is seen; it must still hold @want.
 */
static void bounce_on(u32 va, u32 old, u32 want, const char *what)
{
	poison(va);
	if (old && want == POISON)
		poison(old);
	ks_count = 0;
	exec_user(u_ks_int, 0);
	GUEST_ASSERT_EQ(ks_count, 1);
	GUEST_ASSERT_EQ(ks_esp, va + PAGE_SIZE - FRAME_WORDS * 4);
	if (ks_frame[0] != (u32)u_ks_int_next)
		guest_fail("%s: no frame in the page mapped now (EIP 0x%x)",
			   what, ks_frame[0]);
	GUEST_ASSERT_EQ(ks_frame[1] & 0xffff, FLAT_RING3_CS);
	GUEST_ASSERT_EQ(ks_frame[4], FLAT_RING3_SS);
	if (old)
		check_untouched(old, want, what);
	guest_info("%s: the frame is in the page mapped now", what);
}

/*
 * One mmu_update of 32 requests into the window's L1, past what the fast
 * path takes: the host path does them as one run of that L1's entries
 * (module/mmu.c), which asks the cache once whether it watches the table
 * and then must report every entry written, not only the first.  All
 * requests rewrite window 1's entry with what it holds, but request 19,
 * which maps frame @pfn at @va, the stack's page.  The list lies in one
 * page, so that request 19 is in the run whatever the layout.
 */
static struct mmu_update batch_req[32] __aligned(32 * 16);

static void batch_moves_stack(u32 va, u32 pfn)
{
	u64 here = pt_ma(pte_of(pt_window_va(1)));
	u64 same = *pte_of(pt_window_va(1));
	struct mmu_update *req = batch_req;
	u32 i, done = 0;

	for (i = 0; i < 32; i++) {
		req[i].ptr = here;
		req[i].val = same;
	}
	req[19].ptr = pt_ma(pte_of(va));
	req[19].val = pt_pte(pfn, PTE_KERNEL);
	GUEST_ASSERT_EQ(hypercall_mmu_update(req, 32, &done, DOMID_SELF), 0);
	GUEST_ASSERT_EQ(done, 32);
}

void test_main(void)
{
	u32 k = pt_window_va(0), o = pt_window_va(1), w = pt_window_va(2);
	u32 a, b, c;

	trap_init();
	user_init();
	pt_init();
	a = pt_alloc_zeroed();
	b = pt_alloc_zeroed();
	c = pt_alloc_zeroed();
	set_handler();

	pt_map(0, a, PTE_KERNEL);
	GUEST_ASSERT_EQ(hypercall_stack_switch(FLAT_RING1_SS, k + PAGE_SIZE),
			0);
	bounce_on(k, 0, 0, "first bounce");
	bounce_on(k, 0, 0, "same page again");

	/* update_va_mapping: the stack's address now maps b; a is at o. */
	pt_map(1, a, PTE_KERNEL);
	pt_map(0, b, PTE_KERNEL);
	bounce_on(k, o, POISON, "moved by update_va_mapping");

	/* mmu_update of the stack's L1 entry: a again; b is at o. */
	pt_map(1, b, PTE_KERNEL);
	GUEST_ASSERT_EQ(pt_update(pt_ma(pte_of(k)), pt_pte(a, PTE_KERNEL)), 0);
	bounce_on(k, o, POISON, "moved by mmu_update");

	/*
	 * The stack moves to b, and a, mapped nowhere any more, becomes an
	 * L1 table, seen read-only at o: its entries must stay 0.
	 */
	pt_map(0, b, PTE_KERNEL);
	memset(pt_map(1, a, PTE_KERNEL), 0, PAGE_SIZE);
	pt_unmap(1);
	GUEST_ASSERT_EQ(pt_ext(MMUEXT_PIN_L1_TABLE, a), 0);
	pt_map(1, a, _PAGE_PRESENT | _PAGE_ACCESSED);
	bounce_on(k, o, 0, "old page unmapped and pinned as an L1");
	pt_unmap(1);
	GUEST_ASSERT_EQ(pt_ext(MMUEXT_UNPIN_TABLE, a), 0);

	/* stack_switch to another page (c at o); b, at k, keeps its poison. */
	pt_map(1, c, PTE_KERNEL);
	GUEST_ASSERT_EQ(hypercall_stack_switch(FLAT_RING1_SS, o + PAGE_SIZE),
			0);
	bounce_on(o, k, POISON, "stack_switch to another page");

	/*
	 * Back and forth, as a context switch goes: both pages stay cached
	 * and stack_switch to either takes the lean path (switch.S).
	 */
	GUEST_ASSERT_EQ(hypercall_stack_switch(FLAT_RING1_SS, k + PAGE_SIZE),
			0);
	bounce_on(k, o, POISON, "stack_switch back to the first stack");
	GUEST_ASSERT_EQ(hypercall_stack_switch(FLAT_RING1_SS, o + PAGE_SIZE),
			0);
	bounce_on(o, k, POISON, "stack_switch to the second again");

	/*
	 * The stack not in use moves (k now maps a; b is seen at w), then
	 * stack_switch goes back to it: the cache must not hand out b.
	 */
	pt_map(2, b, PTE_KERNEL);
	pt_map(0, a, PTE_KERNEL);
	poison(w);
	GUEST_ASSERT_EQ(hypercall_stack_switch(FLAT_RING1_SS, k + PAGE_SIZE),
			0);
	bounce_on(k, w, POISON, "stack_switch back to a stack moved meanwhile");
	pt_unmap(2);

	/* The stack's entry the 20th request of a batch (b at k, a at w). */
	batch_moves_stack(k, b);
	pt_map(2, a, PTE_KERNEL);
	bounce_on(k, w, POISON, "moved by the 20th request of a batch");
	pt_unmap(2);

	GUEST_ASSERT_EQ(hypercall_stack_switch(FLAT_RING1_SS,
					       (u32)trap_stack_top), 0);
	pt_unmap(0);
	pt_unmap(1);
	guest_pass();
}
