/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Memory helpers: frame numbers, the bootstrap page tables, shared_info
 * and time.
 *
 * VIRT_BASE is 0, so a guest VA inside the bootstrap region is PFN * 4096.
 * Page-table entries hold machine frame numbers (MFNs); the M2P table at
 * 0xf5800000 turns them back into PFNs, and every lookup is cross-checked
 * against the P2M list that start_info.mfn_list points at.
 */
#ifndef GUEST_MM_H
#define GUEST_MM_H

#include "abi.h"

/* Mapped by map_shared_info(); NULL until then. */
extern struct shared_info *shared_info;

u32 pfn_to_mfn(u32 pfn);
u32 mfn_to_pfn(u32 mfn);
u32 virt_to_mfn(const void *va);

/* The L1 entry that maps @va in the current page tables, or NULL. */
const u64 *pte_of(u32 va);
bool va_mapped(u32 va);

/* update_va_mapping(va, pte, UVMF_INVLPG), asserting success. */
void set_pte(u32 va, u64 pte);

/* guest.ld: just after the last loaded byte (.bss included) */
extern char _end[];

/* The first unmapped 4 MiB boundary above the bootstrap region. */
u32 mapped_region_end(void);

/* Map shared_info (once) over a page of our .bss and return it. */
struct shared_info *map_shared_info(void);

/* ns of system time from vcpu_info[0].time; 0 if it never ticks. */
u64 system_time_ns(void);

static inline u64 rdtsc(void)
{
	u32 lo, hi;

	asm volatile("rdtsc" : "=a" (lo), "=d" (hi));
	return ((u64)hi << 32) | lo;
}

#endif /* GUEST_MM_H */
