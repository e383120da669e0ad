// SPDX-License-Identifier: GPL-2.0
/*
 * cow: fork-style copy-on-write.
 *
 * A parent and a child each have an L1 for the same user window at 512
 * MiB; both are pinned (PIN_L1_TABLE) and "switching process" rewrites
 * the bootstrap L2 entry for the window (mmu_update of an L2 entry).  The
 * fork copies the parent's L1 into the child's with RW cleared and
 * downgrades the parent's entries with one mmu_update batch, so both map
 * the same frames read-only.
 *
 * A ring-3 write then faults with #PF error P|W|U; our handler (in the
 * trap table in place of the runtime's) copies a still-shared frame into
 * a fresh one and maps that RW, or maps a frame the other side already
 * copied away from RW in place, then resumes the write.  Checked: one
 * fault per first write, no fault for reads, each side reads its own
 * data and the untouched pages' original data, and the L1 entries name
 * the frames expected (copies where copied, originals in place).  At the
 * end the L1s are unhooked and unpinned and map writable again.
 *
 * Result: "hvtest: cow: PASS".
 */
#include "mm.h"
#include "pt.h"
#include "test.h"
#include "traps.h"
#include "user.h"

#define USER_VA		0x20000000u
#define NR_PAGES	16
#define PARENT_WRITES	5		/* pages 0-4 */
#define CHILD_WRITES	7		/* pages 0-6 */
#define ORIG		0x0a1b0000u
#define PARENT		0x9a4e0000u
#define CHILD		0xc41d0000u

#define __user_data	__attribute((section(".data.user")))
#define __user_bss	__attribute((section(".bss.user")))

u32 u_magic __user_data;
u32 u_seen[NR_PAGES] __user_bss;

/* Ring 3, EAX = n: word 0 of pages 0..n-1 = u_magic ^ i. */
asm(USER_FUNC(u_write_pages)
	"xor %ecx, %ecx\n\t"
	"mov $" __stringify(USER_VA) ", %edx\n"
	"1:\tmov u_magic, %ebx\n\t"
	"xor %ecx, %ebx\n\t"
	"mov %ebx, (%edx)\n\t"
	"add $4096, %edx\n\t"
	"inc %ecx\n\t"
	"cmp %eax, %ecx\n\t"
	"jb 1b\n\t"
	ASM_USER_EXIT
	USER_END(u_write_pages));

/* Ring 3: u_seen[i] = word 0 of page i, for every page. */
asm(USER_FUNC(u_read_pages)
	"xor %ecx, %ecx\n\t"
	"mov $" __stringify(USER_VA) ", %edx\n"
	"1:\tmov (%edx), %ebx\n\t"
	"mov %ebx, u_seen(,%ecx,4)\n\t"
	"add $4096, %edx\n\t"
	"inc %ecx\n\t"
	"cmp $" __stringify(NR_PAGES) ", %ecx\n\t"
	"jb 1b\n\t"
	ASM_USER_EXIT
	USER_END(u_read_pages));

DECLARE_ASM_LABEL(u_write_pages);
DECLARE_ASM_LABEL(u_read_pages);

static u32 parent_l1, child_l1, cur_l1;
static u32 orig[NR_PAGES], share[NR_PAGES];
static u32 faults, copies, bad_faults;

/* Entry @i of L1 @l1, without the dirty bit the CPU may have set. */
static u64 l1_entry(u32 l1, u32 i)
{
	const u64 *t = pt_map(1, l1, _PAGE_PRESENT | _PAGE_ACCESSED);
	u64 e = t[i] & ~(u64)_PAGE_DIRTY;

	pt_unmap(1);
	return e;
}

DEFINE_PF_HOOK(cow_fault);

/* The #PF handler: break the sharing of a page written to. */
u32 cow_fault(const u32 *frame)
{
	u32 cr2 = pf_cr2(), i = (cr2 - USER_VA) >> PAGE_SHIFT, pfn;
	u64 e;

	if ((frame[2] & 3) != 3 || cr2 < USER_VA || i >= NR_PAGES)
		return 0;
	e = l1_entry(cur_l1, i);
	if (frame[0] != (PFEC_PRESENT | PFEC_WRITE | PFEC_USER) ||
	    (e & _PAGE_RW) || pte_mfn(e) != pfn_to_mfn(orig[i])) {
		bad_faults++;
		return 0;
	}
	faults++;
	pfn = orig[i];
	if (share[i] > 1) {
		/* Still shared: copy it (readable at its user VA). */
		pfn = pt_alloc();
		memcpy(pt_map(0, pfn, PTE_KERNEL),
		       (const void *)(cr2 & PAGE_MASK), PAGE_SIZE);
		pt_unmap(0);
		copies++;
	}
	share[i]--;
	return !pt_update(pt_slot_ma(cur_l1, i), pt_pte(pfn, PTE_USER));
}

static void switch_to(u32 l1)
{
	u32 l2 = pt_entry_pfn(pt_boot_l3()[0]);

	GUEST_ASSERT_EQ(pt_update(pt_slot_ma(l2, USER_VA >> 21),
				  l1 ? pt_pte(l1, PTE_TABLE) : 0), 0);
	GUEST_ASSERT_EQ(pt_ext_mfn(MMUEXT_TLB_FLUSH_LOCAL, 0), 0);
	cur_l1 = l1;
}

/* Ring 3 writes pages 0..n-1: @want_faults faults, @want_copies copies. */
static void write_pages(u32 n, u32 magic, u32 want_faults, u32 want_copies)
{
	u32 f = faults, c = copies;

	u_magic = magic;
	trap_reset();
	exec_user(u_write_pages, n);
	GUEST_ASSERT_NO_TRAP();
	GUEST_ASSERT_EQ(bad_faults, 0);
	GUEST_ASSERT_EQ(faults - f, want_faults);
	GUEST_ASSERT_EQ(copies - c, want_copies);
}

/* Ring 3 reads every page: @magic ^ i below @n, ORIG ^ i above. */
static void read_pages(u32 n, u32 magic)
{
	u32 i, f = faults;

	trap_reset();
	exec_user(u_read_pages, 0);
	GUEST_ASSERT_NO_TRAP();
	GUEST_ASSERT_EQ(faults, f);
	for (i = 0; i < NR_PAGES; i++)
		GUEST_ASSERT_EQ(u_seen[i], (i < n ? magic : ORIG) ^ i);
}

static void parent_setup(void)
{
	u64 *t;
	u32 i;

	parent_l1 = pt_alloc_zeroed();
	for (i = 0; i < NR_PAGES; i++) {
		orig[i] = pt_alloc_zeroed();
		*(u32 *)pt_map(0, orig[i], PTE_KERNEL) = ORIG ^ i;
		t = pt_map(0, parent_l1, PTE_KERNEL);
		t[i] = pt_pte(orig[i], PTE_USER);
		share[i] = 1;
	}
	pt_unmap(0);
	GUEST_ASSERT_EQ(pt_ext(MMUEXT_PIN_L1_TABLE, parent_l1), 0);
	switch_to(parent_l1);
	read_pages(0, 0);
	write_pages(NR_PAGES, ORIG, 0, 0);
}

static void fork_child(void)
{
	struct mmu_update req[NR_PAGES];
	u32 i, done = 0;
	u64 *t;

	child_l1 = pt_alloc_zeroed();
	for (i = 0; i < NR_PAGES; i++) {
		u64 e = l1_entry(parent_l1, i);

		t = pt_map(0, child_l1, PTE_KERNEL);
		t[i] = e & ~(u64)_PAGE_RW;
		req[i].ptr = pt_slot_ma(parent_l1, i);
		req[i].val = e & ~(u64)_PAGE_RW;
		share[i] = 2;
	}
	pt_unmap(0);
	GUEST_ASSERT_EQ(pt_ext(MMUEXT_PIN_L1_TABLE, child_l1), 0);
	GUEST_ASSERT_EQ(hypercall_mmu_update(req, NR_PAGES, &done,
					     DOMID_SELF), 0);
	GUEST_ASSERT_EQ(done, NR_PAGES);
	GUEST_ASSERT_EQ(pt_ext_mfn(MMUEXT_TLB_FLUSH_LOCAL, 0), 0);
	for (i = 0; i < NR_PAGES; i++)
		GUEST_ASSERT_EQ(l1_entry(parent_l1, i),
				l1_entry(child_l1, i));
}

static void cow(void)
{
	u32 i;

	/* Parent: pages 0-4 copied; reading faults nowhere. */
	write_pages(PARENT_WRITES, PARENT, PARENT_WRITES, PARENT_WRITES);
	read_pages(PARENT_WRITES, PARENT);

	/* Child: its originals; 0-4 are its own now, 5-6 still shared. */
	switch_to(child_l1);
	read_pages(0, 0);
	write_pages(CHILD_WRITES, CHILD, CHILD_WRITES,
		    CHILD_WRITES - PARENT_WRITES);
	read_pages(CHILD_WRITES, CHILD);

	/* Parent: its own data; 5-6 are its own now, taken in place. */
	switch_to(parent_l1);
	read_pages(PARENT_WRITES, PARENT);
	write_pages(CHILD_WRITES, PARENT, CHILD_WRITES - PARENT_WRITES, 0);
	read_pages(CHILD_WRITES, PARENT);

	for (i = 0; i < NR_PAGES; i++) {
		u64 p = l1_entry(parent_l1, i), c = l1_entry(child_l1, i);

		if (i < PARENT_WRITES) {
			GUEST_ASSERT(pte_mfn(p) != pfn_to_mfn(orig[i]));
			GUEST_ASSERT_EQ(c, pt_pte(orig[i], PTE_USER));
		} else if (i < CHILD_WRITES) {
			GUEST_ASSERT_EQ(p, pt_pte(orig[i], PTE_USER));
			GUEST_ASSERT(pte_mfn(c) != pfn_to_mfn(orig[i]));
		} else {
			GUEST_ASSERT_EQ(p, pt_pte(orig[i], PTE_USER_RO));
			GUEST_ASSERT_EQ(c, p);
		}
		GUEST_ASSERT(p & c & _PAGE_PRESENT);
	}
	guest_info("%u faults, %u copies; parent and child apart",
		   faults, copies);
}

static void teardown(void)
{
	switch_to(0);
	GUEST_ASSERT_EQ(pt_ext(MMUEXT_UNPIN_TABLE, parent_l1), 0);
	GUEST_ASSERT_EQ(pt_ext(MMUEXT_UNPIN_TABLE, child_l1), 0);
	pt_map(1, parent_l1, PTE_KERNEL);
	pt_map(1, child_l1, PTE_KERNEL);
	pt_unmap(1);
}

void test_main(void)
{
	trap_init();
	user_init();
	pt_init();
	pf_hook_install();

	parent_setup();
	fork_child();
	cow();
	teardown();
	guest_pass();
}
