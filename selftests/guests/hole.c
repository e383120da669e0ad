// SPDX-License-Identifier: GPL-2.0
/*
 * hole: the guest reaches nothing above its memory and nothing of the
 * hypervisor hole but the read-only M2P table.
 *
 *  - Past the mapped region (above the guest's memory) a read faults
 *    (#PF, error 0 from ring 1, 4 from ring 3, CR2 = the address).
 *  - The M2P at 0xf5800000 is readable from ring 1 and agrees with the
 *    P2M and the page tables: m2p[MFN of the start_info page] is its PFN.
 *    Writing that entry faults (#PF, present + write) and reading it from
 *    ring 3 faults (#PF, present + user).
 *  - 0xf5800000 from ring 3 and 0xfffff000 from ring 1 fault.
 *  - update_va_mapping() into the hole is refused (-EINVAL), and a
 *    hypercall buffer in the hole is refused (-EFAULT).
 *
 * Result: "hvtest: hole: PASS".
 */
#include "mm.h"
#include "test.h"
#include "traps.h"
#include "user.h"

asm(USER_PROBE(u_read, "", "mov (%eax), %ebx"));
DECLARE_USER_PROBE(u_read);

#define TOP_PAGE	0xfffff000u

static u32 read_at(u32 va)
{
	u32 ip, val = 0;

	asm volatile(ASM_TRY("mov (%[va]), %[val]")
		     : [ip] "=&r" (ip), [val] "+r" (val) : [va] "r" (va)
		     : "memory");
	return ip;
}

/* A read at ring 1 must fault: #PF with @err, CR2 = @va. */
static void ring1_read_faults(u32 va, u32 err)
{
	u32 ip;

	trap_reset();
	ip = read_at(va);
	GUEST_ASSERT_TRAP(X86_TRAP_PF, err, ip, FLAT_RING1_CS);
	GUEST_ASSERT_EQ(last_trap.cr2, va);
}

static void ring3_read_faults(u32 va)
{
	trap_reset();
	exec_user(u_read, va);
	GUEST_ASSERT_EQ(last_trap.count, 1);
	GUEST_ASSERT_EQ(last_trap.vector, X86_TRAP_PF);
	GUEST_ASSERT_EQ(last_trap.eip, (u32)u_read_insn);
	GUEST_ASSERT_EQ(last_trap.cr2, va);
	GUEST_ASSERT(last_trap.error & PFEC_USER);
	GUEST_ASSERT(!(last_trap.error & (PFEC_WRITE | PFEC_RSVD)));
}

static void above_memory(void)
{
	u64 mem = round_up((u64)start_info->nr_pages << PAGE_SHIFT,
			   4u << 20) + (4u << 20);
	u32 va = mapped_region_end();

	if (mem < HYPERVISOR_VIRT_START && mem > va)
		va = mem;
	guest_info("%u pages, reading at %p", start_info->nr_pages,
		   (void *)va);
	GUEST_ASSERT(!va_mapped(va));

	ring1_read_faults(va, 0);
	ring3_read_faults(va);
	GUEST_ASSERT_EQ(last_trap.error, PFEC_USER);
}

static void m2p(void)
{
	const u32 *m2p = (const u32 *)MACH2PHYS_VIRT_START;
	u32 pfn = (u32)start_info >> PAGE_SHIFT;
	u32 mfn = pfn_to_mfn(pfn);
	u32 entry = (u32)&m2p[mfn];
	const u64 *pte = pte_of((u32)start_info);
	u32 ip;

	/* Readable at ring 1, and it agrees with the P2M and the L1. */
	GUEST_ASSERT_EQ(m2p[mfn], pfn);
	GUEST_ASSERT(pte);
	GUEST_ASSERT_EQ((*pte & PTE_MFN_MASK) >> PAGE_SHIFT, mfn);

	/* Read-only, even at ring 1 (writing back the same value). */
	trap_reset();
	asm volatile(ASM_TRY("addl $0, (%[va])")
		     : [ip] "=&r" (ip) : [va] "r" (entry) : "memory", "cc");
	GUEST_ASSERT_TRAP(X86_TRAP_PF, PFEC_PRESENT | PFEC_WRITE, ip,
			  FLAT_RING1_CS);
	GUEST_ASSERT_EQ(last_trap.cr2, entry);
	GUEST_ASSERT_EQ(m2p[mfn], pfn);

	/* Supervisor-only: present, but not for ring 3. */
	ring3_read_faults(entry);
	GUEST_ASSERT_EQ(last_trap.error, PFEC_PRESENT | PFEC_USER);
	ring3_read_faults(MACH2PHYS_VIRT_START);
}

static void top_page(void)
{
	u32 ip;

	trap_reset();
	ip = read_at(TOP_PAGE);
	GUEST_ASSERT_EQ(last_trap.count, 1);
	GUEST_ASSERT_EQ(last_trap.vector, X86_TRAP_PF);
	GUEST_ASSERT_EQ(last_trap.eip, ip);
	GUEST_ASSERT_EQ(last_trap.cr2, TOP_PAGE);
	GUEST_ASSERT(!(last_trap.error & (PFEC_WRITE | PFEC_USER)));
}

/* The guest can neither map into the hole nor make us write there. */
static void hypercalls(void)
{
	u64 pte = (u64)virt_to_mfn(start_info) << PAGE_SHIFT |
		  _PAGE_PRESENT | _PAGE_RW;

	GUEST_ASSERT_EQ(hypercall_update_va_mapping(MACH2PHYS_VIRT_START, pte,
						    UVMF_INVLPG), -EINVAL);
	GUEST_ASSERT_EQ(hypercall_update_va_mapping(TOP_PAGE, pte,
						    UVMF_INVLPG), -EINVAL);
	GUEST_ASSERT_EQ(hypercall_xen_version(XENVER_extraversion,
					      (void *)MACH2PHYS_VIRT_START),
			-EFAULT);
}

void test_main(void)
{
	trap_init();
	map_shared_info();

	above_memory();
	m2p();
	top_page();
	hypercalls();

	guest_pass();
}
