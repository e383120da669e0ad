// SPDX-License-Identifier: GPL-2.0
/*
 * demand: demand paging through our own #PF handler.
 *
 * A fresh L1 is hooked into the bootstrap L2 at 512 MiB with mmu_update
 * (an L2 entry), and NR_PAGES user pages there are mapped with one
 * mmu_update batch.  Ring 3 writes a pattern into each: no faults.  Then
 * every page is unmapped (update_va_mapping, PTE 0), and ring 3 touches
 * them all again: even pages read first, odd pages write first.  Our #PF
 * handler (in the trap table in place of the runtime's) takes each fault
 * - not present, U, W for the writes - maps a zeroed free frame with
 * mmu_update (NORMAL_PT_UPDATE, ptr = machine address of the L1 entry)
 * and returns to the faulting instruction.  So: exactly one fault per
 * page, in order, the reads see 0, the pages hold the new pattern, and
 * the old frames still hold the old one.  Finally the L1 is unhooked,
 * which drops its table type: it maps writable again.
 *
 * Result: "hvtest: demand: PASS".
 */
#include "mm.h"
#include "pt.h"
#include "test.h"
#include "traps.h"
#include "user.h"

#define USER_VA		0x20000000u
#define NR_PAGES	48
#define MAGIC1		0x11110000u
#define MAGIC2		0x22220000u

#define __user_data	__attribute((section(".data.user")))
#define __user_bss	__attribute((section(".bss.user")))

u32 u_npages __user_data = NR_PAGES;
u32 u_magic __user_data;
u32 u_seen[NR_PAGES] __user_bss;

/*
 * Ring 3, EAX = first page: for each page, even ones first read word 0
 * into u_seen[i]; then word 0 and the last word get VA ^ u_magic.
 */
asm(USER_FUNC(u_touch)
	"mov %eax, %edx\n\t"
	"xor %ecx, %ecx\n"
	"1:\ttest $1, %cl\n\t"
	"jnz 2f\n\t"
	"mov (%edx), %ebx\n\t"
	"mov %ebx, u_seen(,%ecx,4)\n"
	"2:\tmov %edx, %ebx\n\t"
	"xor u_magic, %ebx\n\t"
	"mov %ebx, (%edx)\n\t"
	"mov %ebx, 4092(%edx)\n\t"
	"add $4096, %edx\n\t"
	"inc %ecx\n\t"
	"cmp u_npages, %ecx\n\t"
	"jb 1b\n\t"
	"mov %ecx, %ebx\n\t"
	ASM_USER_EXIT
	USER_END(u_touch));
DECLARE_ASM_LABEL(u_touch);

static u32 l1_pfn;
static u32 old_frames[NR_PAGES], new_frames[NR_PAGES];
static u32 faults, bad_faults;
static u32 fault_err[NR_PAGES];

DEFINE_PF_HOOK(demand_fault);

/* The #PF handler: map a zeroed frame at a missing user page. */
u32 demand_fault(const u32 *frame)
{
	u32 err = frame[0], cr2 = pf_cr2(), i = (cr2 - USER_VA) >> PAGE_SHIFT;
	u32 pfn;

	if ((frame[2] & 3) != 3 || cr2 < USER_VA || i >= NR_PAGES)
		return 0;
	/* Not for us: let the runtime report it. */
	if ((err & PFEC_PRESENT) || faults >= NR_PAGES || new_frames[i]) {
		bad_faults++;
		return 0;
	}
	if (i != faults)
		bad_faults++;
	fault_err[faults++] = err;
	pfn = pt_alloc_zeroed();
	new_frames[i] = pfn;
	if (pt_update(pt_slot_ma(l1_pfn, i), pt_pte(pfn, PTE_USER)))
		return 0;
	return 1;
}

/*
 * Entry @i of our L1, read through a read-only window, without the dirty
 * bit the CPU may have set.
 */
static u64 l1_entry(u32 i)
{
	const u64 *l1 = pt_map(1, l1_pfn, _PAGE_PRESENT | _PAGE_ACCESSED);
	u64 e = l1[i] & ~(u64)_PAGE_DIRTY;

	pt_unmap(1);
	return e;
}

static void setup(void)
{
	u64 *l2 = pt_table(pt_boot_l3()[0]);
	u32 l2_pfn = pt_entry_pfn(pt_boot_l3()[0]);
	struct mmu_update req[NR_PAGES];
	u32 i, done = 0;

	l1_pfn = pt_alloc_zeroed();
	GUEST_ASSERT_EQ(l2[USER_VA >> 21], 0);
	GUEST_ASSERT_EQ(pt_update(pt_slot_ma(l2_pfn, USER_VA >> 21),
				  pt_pte(l1_pfn, PTE_TABLE)), 0);
	GUEST_ASSERT_EQ(l2[USER_VA >> 21], pt_pte(l1_pfn, PTE_TABLE));

	for (i = 0; i < NR_PAGES; i++) {
		old_frames[i] = pt_alloc();
		req[i].ptr = pt_slot_ma(l1_pfn, i);
		req[i].val = pt_pte(old_frames[i], PTE_USER);
	}
	GUEST_ASSERT_EQ(hypercall_mmu_update(req, NR_PAGES, &done,
					     DOMID_SELF), 0);
	GUEST_ASSERT_EQ(done, NR_PAGES);
	for (i = 0; i < NR_PAGES; i++)
		GUEST_ASSERT_EQ(l1_entry(i), req[i].val);
}

static void check_pages(u32 magic)
{
	u32 i, va;

	for (i = 0; i < NR_PAGES; i++) {
		va = USER_VA + i * PAGE_SIZE;
		GUEST_ASSERT_EQ(peek32(va), va ^ magic);
		GUEST_ASSERT_EQ(peek32(va + 4092), va ^ magic);
	}
}

static void touch(u32 magic)
{
	u_magic = magic;
	memset(u_seen, 0xff, sizeof(u_seen));
	trap_reset();
	GUEST_ASSERT_EQ(exec_user(u_touch, USER_VA), NR_PAGES);
	GUEST_ASSERT_NO_TRAP();
}

static void demand(void)
{
	u32 i;
	u32 *p;

	/* Mapped: no faults. */
	touch(MAGIC1);
	GUEST_ASSERT_EQ(faults, 0);
	check_pages(MAGIC1);

	for (i = 0; i < NR_PAGES; i++) {
		set_pte(USER_VA + i * PAGE_SIZE, 0);
		GUEST_ASSERT_EQ(l1_entry(i), 0);
	}

	/* Unmapped: one fault per page, served by demand_fault(). */
	touch(MAGIC2);
	GUEST_ASSERT_EQ(bad_faults, 0);
	GUEST_ASSERT_EQ(faults, NR_PAGES);
	for (i = 0; i < NR_PAGES; i++) {
		GUEST_ASSERT_EQ(fault_err[i], i & 1 ? PFEC_USER | PFEC_WRITE :
						      PFEC_USER);
		if (!(i & 1))
			GUEST_ASSERT_EQ(u_seen[i], 0);
		GUEST_ASSERT_EQ(l1_entry(i), pt_pte(new_frames[i], PTE_USER));
	}
	check_pages(MAGIC2);

	/* The frames we unmapped kept their data. */
	for (i = 0; i < NR_PAGES; i++) {
		p = pt_map(1, old_frames[i], PTE_KERNEL);
		GUEST_ASSERT_EQ(p[0], (USER_VA + i * PAGE_SIZE) ^ MAGIC1);
	}
	pt_unmap(1);
	guest_info("%u pages, %u faults, each served by mmu_update",
		   NR_PAGES, faults);
}

static void teardown(void)
{
	u32 l2_pfn = pt_entry_pfn(pt_boot_l3()[0]);

	/* A live L1: not writable; unhooked: just memory again. */
	GUEST_ASSERT_EQ(hypercall_update_va_mapping(pt_window_va(1),
						    pt_pte(l1_pfn, PTE_KERNEL),
						    UVMF_INVLPG), -EINVAL);
	GUEST_ASSERT_EQ(pt_update(pt_slot_ma(l2_pfn, USER_VA >> 21), 0), 0);
	GUEST_ASSERT(!va_mapped(USER_VA));
	pt_map(1, l1_pfn, PTE_KERNEL);
	pt_unmap(1);
}

void test_main(void)
{
	trap_init();
	user_init();
	pt_init();
	pf_hook_install();

	setup();
	demand();
	teardown();
	guest_pass();
}
