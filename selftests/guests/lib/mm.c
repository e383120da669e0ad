// SPDX-License-Identifier: GPL-2.0
/*
 * Frame numbers, page-table walks, shared_info and system time.
 */
#include "mm.h"
#include "test.h"

struct shared_info *shared_info;

static u8 shared_info_page[PAGE_SIZE] __aligned(PAGE_SIZE);

static const u32 *p2m(void)
{
	return (const u32 *)start_info->mfn_list;
}

static const u32 *m2p(void)
{
	return (const u32 *)MACH2PHYS_VIRT_START;
}

u32 pfn_to_mfn(u32 pfn)
{
	GUEST_ASSERT(pfn < start_info->nr_pages);
	return p2m()[pfn];
}

u32 mfn_to_pfn(u32 mfn)
{
	u32 pfn = m2p()[mfn];

	/* Both tables must agree, or nothing built on them can be trusted. */
	GUEST_ASSERT(pfn < start_info->nr_pages);
	GUEST_ASSERT_EQ(p2m()[pfn], mfn);
	return pfn;
}

u32 virt_to_mfn(const void *va)
{
	return pfn_to_mfn((u32)va >> PAGE_SHIFT);
}

/* The table an entry points at, by its VA in the bootstrap region. */
static u64 *table_of(u64 entry)
{
	u32 mfn = (entry & PTE_MFN_MASK) >> PAGE_SHIFT;

	return (u64 *)(mfn_to_pfn(mfn) << PAGE_SHIFT);
}

const u64 *pte_of(u32 va)
{
	const u64 *l3 = (const u64 *)start_info->pt_base;
	const u64 *l2;
	u64 e;

	/* The hole's L2 slots hold the hypervisor's frames, not ours. */
	GUEST_ASSERT(va < HYPERVISOR_VIRT_START);

	e = l3[va >> 30];
	if (!(e & _PAGE_PRESENT))
		return NULL;
	l2 = table_of(e);
	e = l2[(va >> 21) & 511];
	if (!(e & _PAGE_PRESENT))
		return NULL;
	/* Superpages are refused for PV guests (ABI 5.6). */
	GUEST_ASSERT(!(e & _PAGE_PSE));
	return &table_of(e)[(va >> PAGE_SHIFT) & 511];
}

bool va_mapped(u32 va)
{
	const u64 *pte = pte_of(va);

	return pte && (*pte & _PAGE_PRESENT);
}

void set_pte(u32 va, u64 pte)
{
	GUEST_ASSERT_EQ(hypercall_update_va_mapping(va, pte, UVMF_INVLPG), 0);
}

u32 mapped_region_end(void)
{
	/*
	 * The bootstrap region ends on a 4 MiB boundary at least 512 KiB
	 * past the bootstrap stack (ABI 6.2).
	 */
	u32 va = round_up(boot_stack_top, 4u << 20);

	while (va < HYPERVISOR_VIRT_START && va_mapped(va))
		va += 4u << 20;
	return va;
}

struct shared_info *map_shared_info(void)
{
	if (!shared_info) {
		/* start_info gives a machine address; map it read-write. */
		set_pte((u32)shared_info_page,
			start_info->shared_info | _PAGE_PRESENT | _PAGE_RW);
		shared_info = (struct shared_info *)shared_info_page;
	}
	return shared_info;
}

u64 system_time_ns(void)
{
	const struct vcpu_time_info *t;
	u32 version, mul;
	u64 stamp, sys, delta;
	s8 shift;

	t = &map_shared_info()->vcpu_info[0].time;
	/* The hypervisor updates it under us: barrier() forces re-reads. */
	do {
		barrier();
		version = t->version;
		barrier();
		stamp = t->tsc_timestamp;
		sys = t->system_time;
		mul = t->tsc_to_system_mul;
		shift = t->tsc_shift;
		delta = rdtsc() - stamp;
		barrier();
	} while ((version & 1) || version != t->version);

	if (!mul)
		return 0;
	if (shift < 0)
		delta >>= -shift;
	else
		delta <<= shift;
	/* (delta * mul) >> 32 with a 64x32 multiply: no libgcc needed. */
	return sys + (((delta & 0xffffffff) * mul) >> 32) + (delta >> 32) * mul;
}
