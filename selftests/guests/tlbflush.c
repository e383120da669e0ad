// SPDX-License-Identifier: GPL-2.0
/*
 * tlbflush: update_va_mapping honours its flush flags (ABI 3.8).
 *
 * One L1 table, pinned, hangs in two L2 slots, so one L1 entry maps the
 * same frame at two addresses, A and B.  Both are written (the TLB now
 * holds writable entries for both), then the entry is made read-only
 * through one address with some flags, and the other address is written
 * at ring 1 (CR0.WP):
 *
 *  - UVMF_TLB_FLUSH (also with UVMF_ALL, and UVMF_MULTI with a mask that
 *    names vCPU 0) flushes every address: the write through the alias
 *    faults, #PF(P|W) at the write, every time;
 *  - UVMF_INVLPG flushes the address given: a write through that address
 *    faults every time;
 *  - UVMF_NONE, and UVMF_MULTI with an empty mask, flush nothing: a stale
 *    writable entry may remain and the write may or may not fault, but
 *    the guest goes on;
 *  - inside a multicall (the hypervisor's slow path), UVMF_TLB_FLUSH
 *    likewise makes the alias fault;
 *  - flush type 3 is -EINVAL, a UVMF_MULTI mask in the hole or on an
 *    unmapped page -EFAULT, and the entry stays as it was.
 *
 * Each case runs TRIES times; the lines "tlbflush: MODE: F faults, S
 * stale" say what happened.  Before hv honoured the flags, the fast path
 * only invalidated the address given, and the alias stayed writable after
 * UVMF_TLB_FLUSH.
 *
 * Result: "hvtest: tlbflush: PASS".
 */
#include "mm.h"
#include "pt.h"
#include "test.h"
#include "traps.h"

#define VA_A		0x20000000u	/* L2 slot 256 */
#define VA_B		0x20200000u	/* L2 slot 257: the same L1 */
#define TRIES		32
#define UVMF_TYPE_3	3

static u32 l1, data;
static u32 vcpu_mask;

static u64 pte_rw(void)
{
	return pt_pte(data, PTE_KERNEL | _PAGE_DIRTY);
}

static u64 pte_ro(void)
{
	return pt_pte(data, PTE_KERNEL & ~_PAGE_RW);
}

static void setup(void)
{
	u32 l2 = pt_entry_pfn(pt_boot_l3()[0]);
	u64 *t;

	data = pt_alloc_zeroed();
	l1 = pt_alloc_zeroed();
	t = pt_map(0, l1, PTE_KERNEL);
	t[0] = pte_rw();
	pt_unmap(0);
	GUEST_ASSERT_EQ(pt_ext(MMUEXT_PIN_L1_TABLE, l1), 0);
	GUEST_ASSERT_EQ(pt_update(pt_slot_ma(l2, VA_A >> 21),
				  pt_pte(l1, PTE_TABLE)), 0);
	GUEST_ASSERT_EQ(pt_update(pt_slot_ma(l2, VA_B >> 21),
				  pt_pte(l1, PTE_TABLE)), 0);
	GUEST_ASSERT_EQ(pt_ext_mfn(MMUEXT_TLB_FLUSH_LOCAL, 0), 0);
	poke32(VA_A, 0x7e57);
	GUEST_ASSERT_EQ(peek32(VA_B), 0x7e57);
}

/* The L1 entry for both addresses, read through a window. */
static u64 alias_entry(void)
{
	const u64 *t = pt_map(1, l1, _PAGE_PRESENT | _PAGE_ACCESSED);
	u64 e = t[0] & ~(u64)(_PAGE_DIRTY | _PAGE_ACCESSED);

	pt_unmap(1);
	return e;
}

/* Writable again at both addresses, and both in the TLB. */
static void warm(u32 i)
{
	GUEST_ASSERT_EQ(hypercall_update_va_mapping(VA_A, pte_rw(),
						    UVMF_TLB_FLUSH), 0);
	poke32(VA_A, i);
	poke32(VA_B, i + 1);
	GUEST_ASSERT_EQ(peek32(VA_A), i + 1);
}

/* Write @va at ring 1: true if it faulted as a read-only page must. */
static bool write_faults(u32 va, u32 val)
{
	u32 ip;

	trap_reset();
	asm volatile(ASM_TRY("movl %[v], (%[va])")
		     : [ip] "=&r" (ip)
		     : [va] "r" (va), [v] "r" (val)
		     : "memory");
	if (!last_trap.count)
		return false;
	GUEST_ASSERT_TRAP(X86_TRAP_PF, PFEC_PRESENT | PFEC_WRITE, ip,
			  FLAT_RING1_CS);
	GUEST_ASSERT_EQ(pf_cr2(), va);
	return true;
}

/* update_va_mapping in a one-entry multicall: the slow path. */
static long uvm_multicall(u32 va, u64 pte, u32 flags)
{
	struct multicall_entry mc = {
		.op = __HYPERVISOR_update_va_mapping,
		.args = { va, (u32)pte, (u32)(pte >> 32), flags },
	};

	GUEST_ASSERT_EQ(hypercall_multicall(&mc, 1), 0);
	return (s32)mc.result;
}

/*
 * TRIES times: warm both addresses, make the entry read-only through
 * @upd with @flags, write @probe.  Returns how many writes faulted.
 */
static u32 run(const char *mode, u32 upd, u32 probe, u32 flags, bool multi)
{
	u32 i, faults = 0;
	long rc;

	for (i = 0; i < TRIES; i++) {
		warm(i * 2);
		if (multi)
			rc = uvm_multicall(upd, pte_ro(), flags);
		else
			rc = hypercall_update_va_mapping(upd, pte_ro(), flags);
		GUEST_ASSERT_EQ(rc, 0);
		if (write_faults(probe, 0xbad))
			faults++;
		else
			GUEST_ASSERT_EQ(peek32(probe), 0xbad);
		GUEST_ASSERT_EQ(alias_entry(),
				pte_ro() & ~(u64)(_PAGE_DIRTY | _PAGE_ACCESSED));
	}
	guest_info("%s: %u faults, %u stale", mode, faults, TRIES - faults);
	return faults;
}

/* Each refused: the error, and the entry still writable. */
static void bad_flags(void)
{
	static const struct {
		const char *what;
		u32 flags;
		long err;
	} bad[] = {
		{ "flush type 3", UVMF_TYPE_3, -EINVAL },
		{ "flush type 3, all", UVMF_TYPE_3 | UVMF_ALL, -EINVAL },
		{ "mask in the hole", 0xf5800000u | UVMF_TLB_FLUSH, -EFAULT },
		{ "mask at 0xfffffffc", 0xfffffffcu | UVMF_INVLPG, -EFAULT },
		{ "mask on an unmapped page", (VA_A + 0x1000) | UVMF_TLB_FLUSH,
		  -EFAULT },
	};
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		warm(0);
		GUEST_ASSERT_EQ(hypercall_update_va_mapping(VA_A, pte_ro(),
							    bad[i].flags),
				bad[i].err);
		GUEST_ASSERT_EQ(uvm_multicall(VA_A, pte_ro(), bad[i].flags),
				bad[i].err);
		GUEST_ASSERT_EQ(alias_entry(),
				pte_rw() & ~(u64)(_PAGE_DIRTY | _PAGE_ACCESSED));
		GUEST_ASSERT(!write_faults(VA_B, 1));
		guest_info("bad flags: %s", bad[i].what);
	}
}

void test_main(void)
{
	u32 multi_self = (u32)&vcpu_mask | UVMF_TLB_FLUSH;

	trap_init();
	pt_init();
	map_shared_info();
	setup();

	/* Every address: the alias faults every time. */
	GUEST_ASSERT_EQ(run("TLB_FLUSH", VA_A, VA_B, UVMF_TLB_FLUSH, false),
			TRIES);
	GUEST_ASSERT_EQ(run("TLB_FLUSH|ALL", VA_A, VA_B,
			    UVMF_TLB_FLUSH | UVMF_ALL, false), TRIES);
	vcpu_mask = 1;
	GUEST_ASSERT_EQ(run("TLB_FLUSH|MULTI(vcpu 0)", VA_A, VA_B, multi_self,
			    false), TRIES);
	GUEST_ASSERT_EQ(run("TLB_FLUSH in a multicall", VA_A, VA_B,
			    UVMF_TLB_FLUSH, true), TRIES);
	GUEST_ASSERT_EQ(run("TLB_FLUSH|MULTI in a multicall", VA_A, VA_B,
			    multi_self, true), TRIES);

	/* The address given: it faults every time. */
	GUEST_ASSERT_EQ(run("INVLPG of the alias", VA_B, VA_B, UVMF_INVLPG,
			    false), TRIES);
	GUEST_ASSERT_EQ(run("INVLPG|ALL of the alias", VA_B, VA_B,
			    UVMF_INVLPG | UVMF_ALL, false), TRIES);
	GUEST_ASSERT_EQ(run("INVLPG in a multicall", VA_B, VA_B, UVMF_INVLPG,
			    true), TRIES);

	/* No flush: stale entries are the guest's business. */
	run("NONE", VA_A, VA_B, UVMF_NONE, false);
	run("NONE, same address", VA_A, VA_A, UVMF_NONE, false);
	vcpu_mask = 2;		/* vCPU 1 only: not this one */
	run("TLB_FLUSH|MULTI(vcpu 1)", VA_A, VA_B, multi_self, false);

	bad_flags();
	guest_pass();
}
