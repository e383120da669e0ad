// SPDX-License-Identifier: GPL-2.0
/*
 * insnfetch: the hypervisor decodes an instruction only with the access
 * rights of the code that faulted.
 *
 * Forced-emulation CPUID ("ud2; 'xen'; cpuid", ABI 5.1) at ring 3, split
 * across a page boundary: "ud2 'x' 'e'" in the last four bytes of a user
 * page, "'n' cpuid" at the start of the next page.  The CPU faults at the
 * ud2 and never reads the next page; nor may the hypervisor when ring 3
 * could not execute it.  Each case must be the #UD at the ud2, with EIP
 * and the registers as they were, never an emulated CPUID:
 *
 *  - the next page is a supervisor page (no U);
 *  - the next page is a user page with NX;
 *  - the next page is fine, but the code segment (an LDT descriptor of
 *    ours, base 0) ends right after the 'e'.
 *
 * As a control, with the next page a plain user page and the flat CS,
 * the CPUID is emulated (EBX is the vendor's first word) and the code
 * after it runs.
 *
 * SYSENTER: hv takes a #GP at "sysenter" for SYSENTER only with error
 * code 0.  To get a #GP(selector) at an EIP where the page tables now show
 * "sysenter", one L1 hangs in two L2 slots (addresses A and B): ring 3
 * runs a page P1 through B, the entry is switched to P2 through A with
 * UVMF_INVLPG (B keeps its stale TLB entry, as the ABI allows), and ring 3
 * runs at B again: the CPU still executes P1's "inc %edi; mov %eax, %ds",
 * a #GP(0xff8), where P2 has "nop; sysenter".  The guest must get that
 * #GP(0xff8) (EDI 1), never the sysenter callback with EDI 1.  When the
 * TLB entry happened to be flushed meanwhile, the CPU runs P2 and the
 * callback is right (EDI 0); at least one of the TRIES must be stale.
 *
 * Result: "hvtest: insnfetch: PASS".
 */
#include "cpu.h"
#include "pt.h"
#include "test.h"
#include "traps.h"
#include "user.h"

#define PROBE_AT	(PAGE_SIZE - 4)		/* ud2 'x' 'e' | 'n' cpuid */
#define LDT_CODE_SEL	0x0f			/* LDT index 1, RPL 3 */
#define LDT_ENTRIES	2

#define VA_A		0x20000000u		/* L2 slot 256 */
#define VA_B		0x20200000u		/* L2 slot 257: the same L1 */
#define SE_WARM		0x000			/* USER_EXIT */
#define SE_CODE		0x100			/* see sysenter_page() */
#define SE_FAULT	0x108			/* mov %eax,%ds | sysenter */
#define SE_RESUME	0x200			/* USER_EXIT */
#define BAD_SEL		0x0ffb			/* GDT 511: no descriptor */
#define TRIES		16
#define PTE_NX		BIT_ULL(63)		/* ABI 5.6: allowed in L1s */

/* Two pages: the probe straddles their boundary. */
u8 fetch_pages[2][PAGE_SIZE] __aligned(PAGE_SIZE);
static u64 ldt[512] __aligned(PAGE_SIZE);

/*
 * Ring 3 resumes here after a fault at the ud2, or at the first byte
 * after an emulated CPUID if the next page cannot be executed.
 */
asm(USER_FUNC(u_fetch_fixup) ASM_USER_EXIT USER_END(u_fetch_fixup)
	_ASM_EXTABLE(fetch_pages + 4092, u_fetch_fixup)
	_ASM_EXTABLE(fetch_pages + 4099, u_fetch_fixup)
	_ASM_EXTABLE(0x20200108, u_fetch_fixup));	/* VA_B + SE_FAULT */

/* Ring 3, EAX = where: far jump into the limited LDT code segment. */
asm(USER_FUNC(u_limited)
	"ljmp $" __stringify(LDT_CODE_SEL) ", $1f\n"
	"1:\tjmp *%eax\n\t"
	USER_END(u_limited));

DECLARE_ASM_LABEL(u_fetch_fixup);
DECLARE_ASM_LABEL(u_limited);

/* mov $USER_EXIT_NR, %eax; int $0x80 */
static const u8 user_exit[] = { 0xb8, 0x78, 0x75, 0x76, 0x68, 0xcd, 0x80 };

static u32 probe_va(void)
{
	return (u32)fetch_pages[0] + PROBE_AT;
}

/* Map page @i of fetch_pages with @flags (and NX if @nx). */
static void map_page(unsigned int i, u32 flags, bool nx)
{
	u64 pte = pt_pte((u32)fetch_pages[i] >> PAGE_SHIFT, flags);

	if (nx)
		pte |= PTE_NX;
	set_pte((u32)fetch_pages[i], pte);
}

static void fill_probe(void)
{
	static const u8 head[] = { 0x0f, 0x0b, 'x', 'e' };
	static const u8 tail[] = { 'n', 0x0f, 0xa2 };

	memcpy(&fetch_pages[0][PROBE_AT], head, sizeof(head));
	memcpy(&fetch_pages[1][0], tail, sizeof(tail));
	memcpy(&fetch_pages[1][sizeof(tail)], user_exit, sizeof(user_exit));
	map_page(0, PTE_USER, false);
}

/* The vendor's first word, from an emulated CPUID at ring 1. */
static u32 cpuid0_ebx(void)
{
	u32 a = 0, b, c = 0, d;

	asm volatile("ud2; .ascii \"xen\"; cpuid"
		     : "+a" (a), "=b" (b), "+c" (c), "=d" (d));
	return b;
}

/* Run the probe at ring 3 (through @entry, EAX = the probe): #UD at it. */
static void probe_refused(const char *what, u32 entry, u32 cs)
{
	u32 ebx;

	trap_reset();
	ebx = __exec_user(entry, probe_va());
	GUEST_ASSERT_TRAP(X86_TRAP_UD, TRAP_NO_ERROR, probe_va(), cs);
	GUEST_ASSERT_EQ(ebx, 0);
	GUEST_ASSERT_EQ(last_trap.eax, probe_va());
	guest_info("%s: #UD at the ud2, not emulated", what);
}

static void install_ldt(void)
{
	struct mmuext_op op = {
		.cmd = MMUEXT_SET_LDT,
		.arg1 = (u32)ldt,
		.arg2 = LDT_ENTRIES,
	};
	u32 limit = ((u32)fetch_pages[0] + PAGE_SIZE - 1) >> PAGE_SHIFT;
	u32 done = 0;

	ldt[1] = seg_desc(0, limit, TYPE_CODE, 3, DESC_G | DESC_DB);
	set_pte((u32)ldt, pt_pte((u32)ldt >> PAGE_SHIFT,
				 PTE_KERNEL & ~_PAGE_RW));
	GUEST_ASSERT_EQ(hypercall_mmuext_op(&op, 1, &done, DOMID_SELF), 0);
	GUEST_ASSERT_EQ(done, 1);
}

static void cpuid_probes(void)
{
	u32 vendor = cpuid0_ebx();

	user_init();
	fill_probe();

	/* Control: all of it executable at ring 3, so it is emulated. */
	map_page(1, PTE_USER, false);
	trap_reset();
	GUEST_ASSERT_EQ(__exec_user(probe_va(), 0), vendor);
	GUEST_ASSERT_NO_TRAP();
	guest_info("control: emulated, EBX 0x%x", vendor);

	map_page(1, PTE_KERNEL, false);
	probe_refused("next page supervisor", probe_va(), FLAT_RING3_CS);
	map_page(1, PTE_USER, true);
	probe_refused("next page NX", probe_va(), FLAT_RING3_CS);
	map_page(1, PTE_USER, false);
	install_ldt();
	probe_refused("past the CS limit", (u32)u_limited, LDT_CODE_SEL);
}

/* --- SYSENTER with a #GP that is not SYSENTER's --- */

static u32 p1, p2;

/*
 * Both pages: SE_WARM exits; SE_CODE sets up SYSENTER's resume (ECX =
 * ESP, EDX = B + SE_RESUME), then P1 has "inc %edi; mov %eax, %ds" and P2
 * "nop; sysenter" (SE_FAULT is the second instruction); SE_RESUME exits.
 */
static void sysenter_page(u32 pfn, bool real)
{
	static const u8 fake[] = { 0x47, 0x8e, 0xd8 };
	static const u8 sysenter[] = { 0x90, 0x0f, 0x34 };
	u8 *p = pt_map(0, pfn, PTE_KERNEL);
	u32 resume = VA_B + SE_RESUME;

	memcpy(p + SE_WARM, user_exit, sizeof(user_exit));
	p[SE_CODE] = 0x89;			/* mov %esp, %ecx */
	p[SE_CODE + 1] = 0xe1;
	p[SE_CODE + 2] = 0xba;			/* mov $resume, %edx */
	memcpy(p + SE_CODE + 3, &resume, 4);
	memcpy(p + SE_FAULT - 1, real ? sysenter : fake, 3);
	memcpy(p + SE_RESUME, user_exit, sizeof(user_exit));
	pt_unmap(0);
}

static void alias_setup(void)
{
	u32 l2 = pt_entry_pfn(pt_boot_l3()[0]), l1 = pt_alloc_zeroed();
	struct callback_register cb = {
		.type = CALLBACKTYPE_sysenter,
		.cs = FLAT_RING1_CS,
		.eip = (u32)trap_entry_sysenter,
	};

	p1 = pt_alloc_zeroed();
	p2 = pt_alloc_zeroed();
	sysenter_page(p1, false);
	sysenter_page(p2, true);
	GUEST_ASSERT_EQ(pt_ext(MMUEXT_PIN_L1_TABLE, l1), 0);
	GUEST_ASSERT_EQ(pt_update(pt_slot_ma(l2, VA_A >> 21),
				  pt_pte(l1, PTE_TABLE)), 0);
	GUEST_ASSERT_EQ(pt_update(pt_slot_ma(l2, VA_B >> 21),
				  pt_pte(l1, PTE_TABLE)), 0);
	GUEST_ASSERT_EQ(hypercall_callback_op(CALLBACKOP_register, &cb), 0);
	trap_sysenter_cs = FLAT_RING3_CS;
}

static void sysenter_gp(void)
{
	u64 pte1, pte2;
	u32 i, stale = 0, flushed = 0;

	alias_setup();
	pte1 = pt_pte(p1, PTE_USER);
	pte2 = pt_pte(p2, PTE_USER);
	for (i = 0; i < TRIES; i++) {
		GUEST_ASSERT_EQ(hypercall_update_va_mapping(VA_A, pte1,
							    UVMF_TLB_FLUSH), 0);
		/* B's TLB entry now names P1; no world switch after it. */
		GUEST_ASSERT_EQ(__exec_user(VA_B + SE_WARM, 0), 0);
		GUEST_ASSERT_EQ(hypercall_update_va_mapping(VA_A, pte2,
							    UVMF_INVLPG), 0);
		trap_reset();
		__exec_user(VA_B + SE_CODE, BAD_SEL);
		GUEST_ASSERT_EQ(last_trap.count, 1);
		if (last_trap.vector == TRAP_CB_SYSENTER &&
		    last_trap.edi == 0) {
			flushed++;		/* the CPU ran P2 */
			continue;
		}
		/* The CPU ran P1: its #GP(selector), not a SYSENTER. */
		GUEST_ASSERT_EQ(last_trap.edi, 1);
		GUEST_ASSERT_TRAP(X86_TRAP_GP, BAD_SEL & ~3, VA_B + SE_FAULT,
				  FLAT_RING3_CS);
		stale++;
	}
	guest_info("sysenter: %u stale #GP(0x%x) kept, %u real", stale,
		   BAD_SEL & ~3, flushed);
	GUEST_ASSERT(stale > 0);
}

void test_main(void)
{
	trap_init();
	pt_init();
	cpuid_probes();
	sysenter_gp();
	guest_pass();
}
