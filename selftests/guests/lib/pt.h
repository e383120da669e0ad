/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Page-table helpers for the paging guests (aspace, demand, cow, batch,
 * pthostile), header only: free frames, windows onto them, one-request
 * mmu_update and mmuext_op, and a #PF hook that can resolve a fault and
 * resume the faulting instruction.
 *
 * Free frames are the PFNs between the end of the bootstrap region and
 * nr_pages (ABI 6.2): nothing maps them.  A frame is filled through a
 * window, a page of our .bss whose L1 entry is pointed at the frame, and
 * the window is unmapped again before the frame becomes a table: a frame
 * mapped writable anywhere cannot take a table type (ABI 5.6).
 *
 * Windows work in any address space whose L1s map our image, since
 * update_va_mapping acts on the current tables; the bootstrap tables are
 * readable through the bootstrap region (pte_of(), pt_table()).
 */
#ifndef GUEST_PT_H
#define GUEST_PT_H

#include "mm.h"
#include "test.h"
#include "traps.h"

/* Entry flags: a kernel page, a user page, an entry naming a table. */
#define PTE_KERNEL	(_PAGE_PRESENT | _PAGE_RW | _PAGE_ACCESSED)
#define PTE_USER	(PTE_KERNEL | _PAGE_USER)
#define PTE_USER_RO	(_PAGE_PRESENT | _PAGE_USER | _PAGE_ACCESSED)
#define PTE_TABLE	(_PAGE_PRESENT | _PAGE_RW | _PAGE_USER | \
			 _PAGE_ACCESSED | _PAGE_DIRTY)

/* Hypervisor-owned slots of the L2 under L3 entry 3 (ABI 5.6, 5.7). */
#define HOLE_L2_SLOT	428

#define PT_WINDOWS	3

static u8 pt_windows[PT_WINDOWS][PAGE_SIZE] __aligned(PAGE_SIZE);
static u32 pt_next_pfn, pt_end_pfn;

static inline u64 pt_pte(u32 pfn, u32 flags)
{
	return (u64)pfn_to_mfn(pfn) << PAGE_SHIFT | flags;
}

static inline u32 pte_mfn(u64 pte)
{
	return (pte & PTE_MFN_MASK) >> PAGE_SHIFT;
}

/*
 * The CPU's physical address width, from CPUID 0x80000008 (36 where it
 * has no such leaf).
 */
static inline u32 host_phys_bits(void)
{
	u32 eax = 0x80000000, ebx, ecx = 0, edx;

	asm volatile("cpuid" : "+a" (eax), "=b" (ebx), "+c" (ecx), "=d" (edx));
	if (eax < 0x80000008)
		return 36;
	eax = 0x80000008;
	asm volatile("cpuid" : "+a" (eax), "=b" (ebx), "+c" (ecx), "=d" (edx));
	return eax & 0xff;
}

/* Machine address of entry @slot of frame @pfn (for mmu_update). */
static inline u64 pt_slot_ma(u32 pfn, u32 slot)
{
	return (u64)pfn_to_mfn(pfn) << PAGE_SHIFT | slot * 8;
}

/* Machine address of @p, a VA in the bootstrap region. */
static inline u64 pt_ma(const void *p)
{
	return (u64)virt_to_mfn(p) << PAGE_SHIFT | ((u32)p & ~PAGE_MASK);
}

/* A bootstrap table (or anything in the region) by an entry naming it. */
static inline u64 *pt_table(u64 entry)
{
	return (u64 *)(mfn_to_pfn(pte_mfn(entry)) << PAGE_SHIFT);
}

static inline u64 *pt_boot_l3(void)
{
	return (u64 *)start_info->pt_base;
}

/* PFN of the frame a present entry names. */
static inline u32 pt_entry_pfn(u64 entry)
{
	return mfn_to_pfn(pte_mfn(entry));
}

/* A 32-bit read or write at @va, done now, exactly once. */
static inline u32 peek32(u32 va)
{
	u32 val;

	asm volatile("mov (%1), %0" : "=r" (val) : "r" (va) : "memory");
	return val;
}

static inline void poke32(u32 va, u32 val)
{
	asm volatile("mov %1, (%0)" : : "r" (va), "r" (val) : "memory");
}

/* Point window @w at frame @pfn with @flags (0: unmap) and return it. */
static inline void *pt_map(unsigned int w, u32 pfn, u32 flags)
{
	GUEST_ASSERT(w < PT_WINDOWS);
	set_pte((u32)pt_windows[w], flags ? pt_pte(pfn, flags) : 0);
	return pt_windows[w];
}

static inline void pt_unmap(unsigned int w)
{
	pt_map(w, 0, 0);
}

static inline u32 pt_window_va(unsigned int w)
{
	return (u32)pt_windows[w];
}

/* Free frames start past the bootstrap region; windows start unmapped. */
static inline void pt_init(void)
{
	unsigned int w;

	pt_next_pfn = mapped_region_end() >> PAGE_SHIFT;
	pt_end_pfn = start_info->nr_pages;
	GUEST_ASSERT(pt_next_pfn + 64 <= pt_end_pfn);
	for (w = 0; w < PT_WINDOWS; w++)
		pt_unmap(w);
}

static inline u32 pt_alloc(void)
{
	GUEST_ASSERT(pt_next_pfn < pt_end_pfn);
	return pt_next_pfn++;
}

/* A free frame, zeroed through window 0 (left unmapped). */
static inline u32 pt_alloc_zeroed(void)
{
	u32 pfn = pt_alloc();

	memset(pt_map(0, pfn, PTE_KERNEL), 0, PAGE_SIZE);
	pt_unmap(0);
	return pfn;
}

/* One mmu_update request; "done" must say 1 on success, else 0. */
static inline long pt_update(u64 ptr, u64 val)
{
	struct mmu_update req = { .ptr = ptr, .val = val };
	u32 done = 0xdead;
	long rc;

	rc = hypercall_mmu_update(&req, 1, &done, DOMID_SELF);
	GUEST_ASSERT_EQ(done, rc ? 0 : 1);
	return rc;
}

/* One mmuext_op on machine frame @mfn. */
static inline long pt_ext_mfn(u32 cmd, u32 mfn)
{
	struct mmuext_op op = { .cmd = cmd, .arg1 = mfn };
	u32 done = 0xdead;
	long rc;

	rc = hypercall_mmuext_op(&op, 1, &done, DOMID_SELF);
	GUEST_ASSERT_EQ(done, rc ? 0 : 1);
	return rc;
}

static inline long pt_ext(u32 cmd, u32 pfn)
{
	return pt_ext_mfn(cmd, pfn_to_mfn(pfn));
}

/*
 * A #PF hook.  DEFINE_PF_HOOK(fn) at file scope emits pf_hook_entry, a
 * trap entry for vector 14 that calls "u32 fn(const u32 *frame)" with the
 * bounce frame (error code, EIP, CS, EFLAGS[, ESP, SS]).  If fn returns
 * non-zero, the fault is resolved: the faulting instruction runs again
 * (iret hypercall).  If it returns 0, the runtime's own #PF entry takes
 * the fault (last_trap, ASM_TRY, or FAIL).  pf_hook_install() puts it in
 * the trap table after trap_init(); CR2 is in shared_info, so map it.
 */
#define DEFINE_PF_HOOK(fn)						\
u32 fn(const u32 *frame);						\
asm(".text\n\t.balign 16\n\t.globl pf_hook_entry\n"			\
	"pf_hook_entry:\n\t"						\
	"push %eax\n\tpush %ecx\n\tpush %edx\n\tpush %ds\n\tpush %es\n\t" \
	"mov $" __stringify(FLAT_RING1_DS) ", %eax\n\t"		\
	"mov %eax, %ds\n\tmov %eax, %es\n\tcld\n\t"			\
	"lea 20(%esp), %eax\n\tpush %eax\n\t"				\
	"call " #fn "\n\t"						\
	"add $4, %esp\n\ttest %eax, %eax\n\t"				\
	"pop %es\n\tpop %ds\n\tpop %edx\n\tpop %ecx\n\tpop %eax\n\t"	\
	"jz 1f\n\t"							\
	"add $4, %esp\n\t"						\
	"jmp hypercall_page + " __stringify(HYPERCALL_IRET_OFFSET) "\n"	\
	"1:\tjmp trap_entry_14\n\t"					\
	".size pf_hook_entry, . - pf_hook_entry\n")

extern char pf_hook_entry[], trap_entry_14[];

static inline void pf_hook_install(void)
{
	static const struct trap_info hook[2] = {
		{
			.vector = X86_TRAP_PF,
			.flags = TI_DPL(0) | TI_MASK_EVENTS,
			.cs = FLAT_RING1_CS,
			.address = (u32)pf_hook_entry,
		},
	};

	map_shared_info();
	GUEST_ASSERT_EQ(hypercall_set_trap_table(hook), 0);
}

static inline u32 pf_cr2(void)
{
	return shared_info->vcpu_info[0].arch.cr2;
}

#endif /* GUEST_PT_H */
