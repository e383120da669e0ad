// SPDX-License-Identifier: GPL-2.0
/*
 * ptwr: writable page tables (vm_assist writable_pagetables, ABI 5.6).
 *
 * A pinned L1 maps 512 MiB up (TEST_VA) and is itself mapped read-only in
 * a window.  With the assist on, ring-1 writes into it through that
 * mapping are completed by hv as mmu_update would do them.  Each form is
 * run twice from the same registers and flags: on the L1 entry and on a
 * twin of the entry in ordinary memory.  Both must leave the same value,
 * registers and defined flags, and the mapping must take effect (read
 * through TEST_VA after an INVLPG, or a #PF once unmapped):
 *
 *  - MOV r32 (high half, then low: Linux's set_pte) maps a page; MOV r32
 *    with an SS override, a SIB index and a displacement remaps it;
 *    XCHG of the low half with 0 returns the old low half and MOV imm32
 *    of the high half finishes Linux's get-and-clear; MOV imm32 clears
 *    an entry;
 *  - CMPXCHG succeeds (ZF, mapped) and fails (ZF clear, EAX = entry, no
 *    change), flags as CMP; CMPXCHG8B the same with EDX:EAX;
 *  - AND/OR clear and set RW with r32, imm32, imm8 and the byte forms
 *    (Linux's clear_bit/set_bit: "lock andb/orb $imm8"), r8 with AL and
 *    CH: the page is then read-only (a ring-1 write is a #PF even with
 *    the assist: it is no table) or writable;
 *  - BTS/BTR with imm8 (CF: test_and_clear_young of A) and r32, whose
 *    signed bit offset addresses the upper dword (bit 52) from (%esi) and
 *    from 8(%esi) with -12.
 *
 * Refused, each a #PF with error code P|W and the CR2 the CPU gave at
 * the instruction, the registers and the entry unchanged: the assist
 * off (before and after); an entry mapping a page table (the L1 itself)
 * writable, by MOV and by OR on a read-only mapping of it; MFN 1 (not
 * ours); a non-present entry naming host RAM (L1TF); unaligned (at +2,
 * CMPXCHG8B at +4 across two entries, a MOV straddling from a writable
 * page into the table); ADD; a 16-bit MOV; a MOV with an F3 prefix
 * (REP, or XRELEASE: a plain MOV to the CPU); a write into an L2 mapped
 * read-only; a write into the hole (the M2P); a CMPXCHG whose new entry
 * is refused.  A plain MOV of an upper half that makes a present entry
 * the rules refuse (an address above our frames) is kept with P cleared,
 * as Xen does; an XCHG of the same is refused.
 *
 * Figures: TSC cycles per emulated MOV next to update_va_mapping and
 * mmu_update of the same entry.
 *
 * Result: "hvtest: ptwr: PASS".
 */
#include "mm.h"
#include "pt.h"
#include "test.h"
#include "traps.h"

#define TEST_VA		0x20000000u
#define NR_FRAMES	3
#define MAGIC		0x97e90000u
#define ARITH		0x8d5u		/* CF PF AF ZF SF OF */
#define LOGIC		(ARITH & ~0x10u)	/* AF is undefined */
#define CF		0x1u
#define ZF		0x40u
#define PTE_RO		(_PAGE_PRESENT | _PAGE_ACCESSED)
#define PF_PW		(PFEC_PRESENT | PFEC_WRITE)
#define ROUNDS		1000

/* The registers an instruction under test reads and writes. */
struct cpu {
	u32 eax, ebx, ecx, edx;
	u32 flags;		/* arithmetic flags, before and after */
};

static struct cpu st;
static u64 twin __aligned(8);
static u64 *tab;		/* the L1, read-only, in window 2 */
static u32 l1_pfn, frames[NR_FRAMES];
static unsigned int nr_refused;

/*
 * Run @insn once from the state in st, with ESI = @addr, and leave its
 * results in st; returns the instruction's address.  The arithmetic
 * flags are loaded from st.flags (the others, AC and IF among them, stay
 * as they are).
 */
#define RUN(insn, addr)							\
({									\
	u32 __ip;							\
									\
	trap_reset();							\
	asm volatile("pushfl\n\tpopl %[ip]\n\t"				\
		     "andl $~" __stringify(ARITH) ", %[ip]\n\t"		\
		     "orl %[fl], %[ip]\n\tpushl %[ip]\n\tpopfl\n\t"	\
		     ASM_TRY(insn) "\n\tpushfl\n\tpopl %[fl]"		\
		     : [ip] "=&D" (__ip), [fl] "+m" (st.flags),		\
		       "+a" (st.eax), "+b" (st.ebx), "+c" (st.ecx),	\
		       "+d" (st.edx)					\
		     : "S" (addr) : "memory", "cc");			\
	st.flags &= ARITH;						\
	__ip;								\
})

/*
 * @insn on entry @i of the L1 and on its twin in RAM, from state @in:
 * the same entry, registers and flags in @mask after, and no trap.
 */
#define TWIN(insn, i, in, mask)						\
do {									\
	struct cpu __ram;						\
									\
	twin = tab[i];							\
	st = (in);							\
	RUN(insn, &twin);						\
	GUEST_ASSERT_NO_TRAP();						\
	__ram = st;							\
	st = (in);							\
	RUN(insn, &tab[i]);						\
	GUEST_ASSERT_NO_TRAP();						\
	same_as_ram(&__ram, i, mask);					\
} while (0)

/*
 * @insn at @addr, from state @in, must be refused: one #PF, error code
 * P|W, CR2 @cr2 (or @cr2_alt), EIP at the instruction, the registers
 * and flags as they were.
 */
#define REFUSED(what, insn, addr, in, cr2, cr2_alt)			\
do {									\
	u32 __ip;							\
									\
	st = (in);							\
	__ip = RUN(insn, addr);						\
	assert_refused(what, __ip, &(in), cr2, cr2_alt);		\
} while (0)

static void same_as_ram(const struct cpu *ram, u32 i, u32 mask)
{
	GUEST_ASSERT_EQ(tab[i], twin);
	GUEST_ASSERT_EQ(st.eax, ram->eax);
	GUEST_ASSERT_EQ(st.ebx, ram->ebx);
	GUEST_ASSERT_EQ(st.ecx, ram->ecx);
	GUEST_ASSERT_EQ(st.edx, ram->edx);
	GUEST_ASSERT_EQ(st.flags & mask, ram->flags & mask);
}

static void assert_refused(const char *what, u32 ip, const struct cpu *in,
			   u32 cr2, u32 cr2_alt)
{
	GUEST_ASSERT_TRAP(X86_TRAP_PF, PF_PW, ip, FLAT_RING1_CS);
	GUEST_ASSERT(last_trap.cr2 == cr2 || last_trap.cr2 == cr2_alt);
	GUEST_ASSERT_EQ(st.eax, in->eax);
	GUEST_ASSERT_EQ(st.ebx, in->ebx);
	GUEST_ASSERT_EQ(st.ecx, in->ecx);
	GUEST_ASSERT_EQ(st.edx, in->edx);
	GUEST_ASSERT_EQ(st.flags, in->flags);
	guest_info("refused: %s: #PF 0x%x at 0x%x", what, last_trap.error,
		   last_trap.cr2);
	nr_refused++;
}

static u32 va_of(u32 i)
{
	return TEST_VA + i * PAGE_SIZE;
}

static u64 pte(u32 f, u32 flags)
{
	return pt_pte(frames[f], flags);
}

static u32 lo(u64 e)
{
	return e;
}

static void invlpg(u32 va)
{
	GUEST_ASSERT_EQ(pt_ext_mfn(MMUEXT_INVLPG_LOCAL, va), 0);
}

/* Entry @i maps frame @f: its first word reads through TEST_VA. */
static void assert_maps(u32 i, u32 f)
{
	invlpg(va_of(i));
	GUEST_ASSERT_EQ(peek32(va_of(i)), MAGIC ^ f);
}

/* A ring-1 access at @va: 0 or the #PF error code it raised. */
static u32 access_err(u32 va, bool write)
{
	u32 ip, val = 0x5a5a5a5a;

	trap_reset();
	if (write)
		asm volatile(ASM_TRY("mov %[val], (%[va])")
			     : [ip] "=&r" (ip) : [va] "r" (va), [val] "r" (val)
			     : "memory");
	else
		asm volatile(ASM_TRY("mov (%[va]), %[val]")
			     : [ip] "=&r" (ip), [val] "+r" (val) : [va] "r" (va)
			     : "memory");
	if (!last_trap.count)
		return 0;
	GUEST_ASSERT_TRAP(X86_TRAP_PF, last_trap.error, ip, FLAT_RING1_CS);
	GUEST_ASSERT_EQ(last_trap.cr2, va);
	return last_trap.error;
}

static void assert_unmapped(u32 i)
{
	invlpg(va_of(i));
	GUEST_ASSERT_EQ(access_err(va_of(i), false), 0);
	GUEST_ASSERT_EQ(last_trap.count, 1);
}

/* Entry @i maps its page writable (@rw) or read-only (word 1 written). */
static void assert_rw(u32 i, bool rw)
{
	invlpg(va_of(i));
	GUEST_ASSERT_EQ(access_err(va_of(i) + 4, true), rw ? 0 : PF_PW);
}

static void setup(void)
{
	u32 l2 = pt_entry_pfn(pt_boot_l3()[0]), f;

	trap_init();
	pt_init();
	map_shared_info();
	for (f = 0; f < NR_FRAMES; f++) {
		frames[f] = pt_alloc();
		*(u32 *)pt_map(0, frames[f], PTE_KERNEL) = MAGIC ^ f;
	}
	pt_unmap(0);
	l1_pfn = pt_alloc_zeroed();
	GUEST_ASSERT_EQ(pt_ext(MMUEXT_PIN_L1_TABLE, l1_pfn), 0);
	GUEST_ASSERT_EQ(pt_update(pt_slot_ma(l2, TEST_VA >> 21),
				  pt_pte(l1_pfn, PTE_TABLE)), 0);
	GUEST_ASSERT_EQ(pt_ext_mfn(MMUEXT_TLB_FLUSH_LOCAL, 0), 0);
	tab = pt_map(2, l1_pfn, PTE_RO);
}

/* Without the assist a write into the table is the guest's #PF. */
static void assist_off(const char *what)
{
	struct cpu in = { .eax = lo(pte(0, PTE_KERNEL)) };
	u64 old = tab[0];

	REFUSED(what, "mov %%eax, (%%esi)", &tab[0], in, (u32)&tab[0], 0);
	GUEST_ASSERT_EQ(tab[0], old);
}

static void moves(void)
{
	struct cpu in = { .flags = ARITH };

	TWIN("mov %%eax, 4(%%esi)", 0, in, ARITH);	/* Linux's set_pte */
	in.eax = lo(pte(0, PTE_KERNEL));
	TWIN("mov %%eax, (%%esi)", 0, in, ARITH);
	GUEST_ASSERT_EQ(tab[0], pte(0, PTE_KERNEL));
	assert_maps(0, 0);

	in.eax = lo(pte(1, PTE_RO));	/* remap, through SS, SIB, disp8 */
	in.ebx = -2;
	TWIN("mov %%eax, %%ss:0x10(%%esi,%%ebx,8)", 0, in, ARITH);
	assert_maps(0, 1);
	in.ebx = 0;
	assert_rw(0, false);

	/* Linux's ptep_get_and_clear: xchg the low half, clear the high. */
	in.eax = 0;
	TWIN("xchg %%eax, (%%esi)", 0, in, ARITH);
	GUEST_ASSERT_EQ(st.eax, lo(pte(1, PTE_RO)));
	TWIN("movl $0, 4(%%esi)", 0, in, ARITH);
	GUEST_ASSERT_EQ(tab[0], 0);
	assert_unmapped(0);

	in.eax = lo(pte(2, PTE_KERNEL));
	TWIN("mov %%eax, (%%esi)", 1, in, ARITH);
	assert_maps(1, 2);
	TWIN("movl $0, (%%esi)", 1, in, ARITH);
	GUEST_ASSERT_EQ(tab[1], 0);
	assert_unmapped(1);
	guest_info("mov, xchg, get-and-clear: done");
}

static void cmpxchgs(void)
{
	struct cpu in = { .eax = 0, .ecx = lo(pte(0, PTE_KERNEL)) };

	TWIN("lock cmpxchg %%ecx, (%%esi)", 0, in, ARITH);
	GUEST_ASSERT_EQ(st.flags & ZF, ZF);
	assert_maps(0, 0);
	in.flags = ARITH;
	in.ecx = lo(pte(2, PTE_KERNEL));		/* EAX is stale */
	TWIN("lock cmpxchg %%ecx, (%%esi)", 0, in, ARITH);
	GUEST_ASSERT_EQ(st.flags & ZF, 0);
	GUEST_ASSERT_EQ(st.eax, lo(pte(0, PTE_KERNEL)));
	assert_maps(0, 0);

	in = (struct cpu){ .eax = lo(tab[0]), .edx = tab[0] >> 32,
			   .ebx = lo(pte(2, PTE_KERNEL)), .flags = CF };
	TWIN("lock cmpxchg8b (%%esi)", 0, in, ARITH);
	GUEST_ASSERT_EQ(st.flags & ZF, ZF);
	assert_maps(0, 2);
	in.eax = 0;
	in.ebx = lo(pte(1, PTE_KERNEL));
	TWIN("lock cmpxchg8b (%%esi)", 0, in, ARITH);
	GUEST_ASSERT_EQ(st.flags & ZF, 0);
	GUEST_ASSERT_EQ(st.eax, lo(pte(2, PTE_KERNEL)));
	assert_maps(0, 2);
	guest_info("cmpxchg, cmpxchg8b: done");
}

/* Entry 0 maps frame 2; clear and set RW with every AND/OR form. */
static void and_or(void)
{
	struct cpu in = { .ecx = ~(u32)_PAGE_RW, .flags = ARITH };

	TWIN("lock andb $0xfd, (%%esi)", 0, in, LOGIC);	/* clear_bit */
	assert_rw(0, false);
	TWIN("lock orb $2, (%%esi)", 0, in, LOGIC);	/* set_bit */
	assert_rw(0, true);
	TWIN("andl %%ecx, (%%esi)", 0, in, LOGIC);
	assert_rw(0, false);
	in.ecx = _PAGE_RW;
	TWIN("orl %%ecx, (%%esi)", 0, in, LOGIC);
	assert_rw(0, true);
	TWIN("andl $0xfffff0fd, (%%esi)", 0, in, LOGIC);	/* 81 /4 */
	assert_rw(0, false);
	TWIN("orl $0x202, (%%esi)", 0, in, LOGIC);		/* 81 /1 */
	assert_rw(0, true);
	TWIN("lock andl $-3, (%%esi)", 0, in, LOGIC);		/* 83 /4 */
	assert_rw(0, false);
	TWIN("orl $2, (%%esi)", 0, in, LOGIC);			/* 83 /1 */
	assert_rw(0, true);
	in.eax = 0xfd;
	TWIN("andb %%al, (%%esi)", 0, in, LOGIC);
	assert_rw(0, false);
	in.ecx = _PAGE_RW << 8;
	TWIN("orb %%ch, (%%esi)", 0, in, LOGIC);
	assert_rw(0, true);
	assert_maps(0, 2);
	guest_info("and, or (r32, imm32, imm8, byte): done");
}

static void bit_tests(void)
{
	struct cpu in = { .flags = ARITH };

	TWIN("lock btrl $1, (%%esi)", 0, in, CF);
	GUEST_ASSERT_EQ(st.flags & CF, CF);
	assert_rw(0, false);
	TWIN("btsl $1, (%%esi)", 0, in, CF);
	GUEST_ASSERT_EQ(st.flags & CF, 0);
	assert_rw(0, true);
	in.flags = 0;
	TWIN("lock btrl $5, (%%esi)", 0, in, CF);	/* test_and_clear_young */
	GUEST_ASSERT_EQ(st.flags & CF, CF);
	GUEST_ASSERT_EQ(tab[0] & _PAGE_ACCESSED, 0);
	in.ecx = 52;					/* an available bit */
	TWIN("lock btsl %%ecx, (%%esi)", 0, in, CF);
	GUEST_ASSERT_EQ(tab[0] >> 52, 1);
	in.ecx = -12;			/* 8(%esi) - 4: the upper dword */
	TWIN("btrl %%ecx, 8(%%esi)", 0, in, CF);
	GUEST_ASSERT_EQ(st.flags & CF, CF);
	GUEST_ASSERT_EQ(tab[0] >> 32, 0);
	assert_maps(0, 2);
	guest_info("bts, btr (imm8, r32 with offsets): done");
}

/* Entry 0 maps frame 2 (RW); entry 1 is empty. */
static void refusals(void)
{
	u32 l2 = pt_entry_pfn(pt_boot_l3()[0]), w1 = pt_window_va(1);
	u64 e0 = tab[0], *l2t;
	struct cpu in = { .eax = lo(pt_pte(l1_pfn, PTE_KERNEL)),
			  .flags = CF | ZF };

	REFUSED("the L1 mapped writable (mov)", "mov %%eax, (%%esi)",
		&tab[1], in, (u32)&tab[1], 0);
	in.eax = lo(pt_pte(l1_pfn, PTE_RO));
	TWIN("mov %%eax, (%%esi)", 1, in, ARITH);	/* read-only: fine */
	in.ecx = _PAGE_RW;
	REFUSED("the L1 mapped writable (or)", "orl %%ecx, (%%esi)",
		&tab[1], in, (u32)&tab[1], 0);
	GUEST_ASSERT_EQ(tab[1], pt_pte(l1_pfn, PTE_RO));
	in.eax = 0;
	TWIN("xchg %%eax, (%%esi)", 1, in, ARITH);

	in.eax = 1 << PAGE_SHIFT | PTE_KERNEL;
	REFUSED("MFN 1, not ours", "mov %%eax, (%%esi)", &tab[1], in,
		(u32)&tab[1], 0);
	in.eax = lo(pte(1, PTE_KERNEL)) & ~_PAGE_PRESENT;
	REFUSED("non-present naming host RAM (L1TF)", "mov %%eax, (%%esi)",
		&tab[1], in, (u32)&tab[1], 0);
	in.eax = 0;
	in.ebx = lo(pt_pte(l1_pfn, PTE_KERNEL));
	REFUSED("cmpxchg to the L1 mapped writable",
		"lock cmpxchg %%ebx, (%%esi)", &tab[1], in, (u32)&tab[1], 0);
	GUEST_ASSERT_EQ(tab[1], 0);

	/* The bytes already there: they would pass if taken as entry 0. */
	in.eax = e0 >> 16;
	REFUSED("unaligned mov", "mov %%eax, 2(%%esi)", &tab[0], in,
		(u32)&tab[0] + 2, 0);
	in = (struct cpu){ .eax = lo(e0), .edx = e0 >> 32, .ebx = lo(e0),
			   .ecx = e0 >> 32, .flags = CF | ZF };
	/*
	 * Unlocked: QEMU 7.2 TCG changes the flags of a faulting, misaligned
	 * locked CMPXCHG8B (on any read-only page).
	 */
	REFUSED("cmpxchg8b across two entries", "cmpxchg8b 4(%%esi)",
		&tab[0], in, (u32)&tab[0] + 4, 0);
	pt_map(1, frames[1], PTE_KERNEL);
	REFUSED("mov from a writable page into the table",
		"mov %%eax, -2(%%esi)", &tab[0], in, (u32)&tab[0],
		(u32)&tab[0] - 2);
	GUEST_ASSERT_EQ(*(u32 *)(w1 + PAGE_SIZE - 4), 0);
	pt_unmap(1);
	in.eax = 0;
	REFUSED("add", "add %%eax, (%%esi)", &tab[0], in, (u32)&tab[0], 0);
	REFUSED("16-bit mov", "movw %%ax, (%%esi)", &tab[0], in,
		(u32)&tab[0], 0);
	REFUSED("mov with an F3 prefix", "rep; mov %%eax, (%%esi)",
		&tab[0], in, (u32)&tab[0], 0);
	GUEST_ASSERT_EQ(tab[0], e0);

	l2t = pt_map(1, l2, PTE_RO);
	in.eax = lo(l2t[0]);
	REFUSED("a write into an L2", "mov %%eax, (%%esi)", &l2t[0], in,
		(u32)&l2t[0], 0);
	pt_unmap(1);
	in.eax = peek32(HYPERVISOR_VIRT_START);
	REFUSED("a write into the hole (M2P)", "mov %%eax, (%%esi)",
		HYPERVISOR_VIRT_START, in, HYPERVISOR_VIRT_START, 0);
	assert_maps(0, 2);
}

/* Xen's fix-up: the upper half first, the lower half to follow. */
static void upper_half_first(void)
{
	u32 phys = host_phys_bits();
	struct cpu in = { .eax = BIT(phys - 1 - 32) };
	u64 e0 = tab[0];

	GUEST_ASSERT(phys > 33 && phys <= 52);
	REFUSED("xchg of an upper half making a foreign entry",
		"xchg %%eax, 4(%%esi)", &tab[0], in, (u32)&tab[0] + 4, 0);
	st = in;
	RUN("mov %%eax, 4(%%esi)", &tab[0]);
	GUEST_ASSERT_NO_TRAP();
	GUEST_ASSERT_EQ(tab[0], (e0 | (u64)in.eax << 32) & ~(u64)_PAGE_PRESENT);
	assert_unmapped(0);
	in = (struct cpu){ .eax = lo(tab[0]), .edx = tab[0] >> 32,
			   .ebx = lo(e0), .ecx = e0 >> 32 };
	TWIN("cmpxchg8b (%%esi)", 0, in, ZF);
	assert_maps(0, 2);
	guest_info("upper half first: kept with P clear; xchg refused");
}

/* Cycles per entry write: emulated, update_va_mapping, mmu_update. */
static void figures(void)
{
	u64 e = tab[0], t0, t1, t2, t3;
	u32 i;

	t0 = rdtsc();
	for (i = 0; i < ROUNDS; i++)
		asm volatile("mov %0, (%1)" : : "r" (lo(e)), "r" (&tab[0])
			     : "memory");
	t1 = rdtsc();
	for (i = 0; i < ROUNDS; i++)
		hypercall_update_va_mapping(va_of(0), e, UVMF_NONE);
	t2 = rdtsc();
	for (i = 0; i < ROUNDS; i++)
		pt_update(pt_slot_ma(l1_pfn, 0), e);
	t3 = rdtsc();
	GUEST_ASSERT_EQ(tab[0], e);
	guest_info("cycles per entry write: emulated %u, update_va_mapping %u, mmu_update %u",
		   (u32)(t1 - t0) / ROUNDS, (u32)(t2 - t1) / ROUNDS,
		   (u32)(t3 - t2) / ROUNDS);
}

void test_main(void)
{
	setup();
	assist_off("a write with the assist off");
	GUEST_ASSERT_EQ(hypercall_vm_assist(VMASST_CMD_enable,
					    VMASST_TYPE_writable_pagetables),
			0);
	moves();
	cmpxchgs();
	and_or();
	bit_tests();
	refusals();
	upper_half_first();
	figures();
	GUEST_ASSERT_EQ(hypercall_vm_assist(VMASST_CMD_disable,
					    VMASST_TYPE_writable_pagetables),
			0);
	assist_off("a write after the assist is off again");
	guest_info("%u refused", nr_refused);
	guest_pass();
}
