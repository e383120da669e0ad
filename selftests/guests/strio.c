// SPDX-License-Identifier: GPL-2.0
/*
 * strio: INS and OUTS emulated as Xen does for an unprivileged domain
 * (Documentation/guest-abi.rst): with the virtual IOPL, INS writes all
 * ones of its size to ES:(E)DI and OUTS reads DS:(E)SI (or the override's
 * segment) and drops it, each access checked as the CPU checks it.
 *
 *  - Without the IOPL: #GP(0), nothing written, registers unchanged.
 *  - INSB, REP INSW (3), REP INSL backwards (EFLAGS.DF), REP with ECX 0,
 *    REPNE as a repeat, 14 prefixes (segment overrides INS ignores, 0x66
 *    twice, REP) in 15 bytes, and 15 prefixes (16 bytes): #GP(0).
 *  - 0x67: DI, SI and CX only, DI wrapping inside a 64 KiB segment, the
 *    upper halves of EDI and ECX kept.  In a 16-bit code segment: IN
 *    and INS of 16 bits, 32 with 0x66, DI.
 *  - ES null, read-only, DI past a segment's limit, below an expand-down
 *    segment's: #GP(0), and an expand-down segment above its limit works.
 *    OUTS through SS past its limit: #SS(0); through DS: #GP(0); through
 *    FS with ECX = 0xffffffff: 32768 bytes read (32 rounds of hv's batch)
 *    then #GP(0) at the limit, ESI and ECX where the CPU would leave them.
 *  - #PF: REP INSB into a read-only page stops there (error P|W, CR2 the
 *    page, the two bytes before it written, ECX 2 left); an INSL across
 *    into it writes nothing; an unmapped page (W), a read of one (0); a
 *    write into the hypervisor hole (W set, CR2 the hole).
 *  - Ring 3 with IOPL 3: INS into a user page works, into a kernel page
 *    #PF(P|W|U), OUTS from it #PF(P|U); with IOPL 1 #GP(0).
 *  - A REP OUTSB of 4 MiB is done in rounds: timer upcalls land on the
 *    instruction itself (EIP at it, ESI and ECX part way) and it then
 *    completes.
 *
 * Result: "hvtest: strio: PASS".
 */
#include "cpu.h"
#include "evtchn.h"
#include "mm.h"
#include "test.h"
#include "traps.h"
#include "user.h"

#define SLOT_B16	1	/* data, base big, limit 0xffff */
#define SLOT_RO		2	/* read-only data, flat */
#define SLOT_LIM	3	/* data, base big, limit 0x7fff */
#define SLOT_EXPDN	4	/* expand-down data, limit 0xfff, B = 1 */
#define SLOT_CS16	5	/* 16-bit code, base s16_start */
#define SEL(slot)	((slot) << 3 | 1)
#define TYPE_DATA_RO	0x1	/* read-only, accessed */
#define TYPE_DATA_DOWN	0x7	/* read/write, expand-down, accessed */
#define FILL		0x11
#define PFEC_P		1
#define PFEC_W		2
#define PFEC_U		4
#define LONG_REP	(4u << 20)

#define __user_bss	__attribute((section(".bss.user")))

static u64 gdt[512] __aligned(PAGE_SIZE);
static u8 big[0x11000] __aligned(PAGE_SIZE);
static u8 pages[3 * PAGE_SIZE] __aligned(PAGE_SIZE);
static u8 ubuf[16] __user_bss;
static u8 long_buf[LONG_REP];

/* Ring 3: EAX = the address; one INSB or OUTSB of port 0x80. */
asm(USER_PROBE(u_ins, "mov %eax, %edi\n\tmov $1, %ecx\n\tmov $0x80, %edx",
	       "rep insb"));
DECLARE_USER_PROBE(u_ins);
asm(USER_PROBE(u_outs, "mov %eax, %esi\n\tmov $1, %ecx\n\tmov $0x80, %edx",
	       "rep outsb"));
DECLARE_USER_PROBE(u_outs);

/*
 * Ring 1 in a 16-bit code segment (D = 0): IN, INS and INS with 0x66 take
 * 16 bits by default and 32 with the prefix, DI is 16 bits.  Entered by a
 * near call, left by a far jump back.
 */
asm(".text\n\t"
	".globl strio16_enter\n"
	"strio16_enter:\n\t"
	"ljmp $" __stringify(SEL(SLOT_CS16)) ", $0\n\t"
	".code16\n"
	"s16_start:\n\t"
	"inw %dx, %ax\n\t"
	"insw\n\t"
	"insl\n\t"
	"ljmpl $" __stringify(FLAT_RING1_CS) ", $s16_back\n\t"
	".code32\n"
	"s16_back:\n\t"
	"ret\n");

DECLARE_ASM_LABEL(s16_start);

/*
 * One string instruction @insn (with @pre and @post around it, ES loaded
 * with @sel) and EDI, ESI, ECX in and out, DX the port; its address.
 */
#define STRIO(pre, insn, post, sel, di, si, cx)				\
({									\
	u32 __ip;							\
									\
	trap_reset();							\
	asm volatile("push %%es\n\tmov %[s], %%es\n\t" pre "\n\t"	\
		     ASM_TRY(insn) "\n\t" post "\n\tpop %%es"		\
		     : [ip] "=&r" (__ip), "+D" (di), "+S" (si), "+c" (cx)	\
		     : [s] "r" (sel), "d" (0x80)				\
		     : "memory", "cc");					\
	__ip;								\
})

#define INS(insn, di, cx)						\
({									\
	u32 __si = 0;							\
									\
	STRIO("", insn, "", FLAT_RING1_DS, di, __si, cx);		\
})

static long set_iopl(u32 iopl)
{
	return hypercall_physdev_op(PHYSDEVOP_set_iopl, &iopl);
}

static void fill(u8 *p, u32 n)
{
	memset(p, FILL, n);
}

/* @n bytes at @p are all @v. */
static void assert_bytes(const u8 *p, u32 n, u8 v)
{
	u32 i;

	for (i = 0; i < n; i++)
		GUEST_ASSERT_EQ(p[i], v);
}

static void install_gdt(void)
{
	u32 frame = virt_to_mfn(gdt), flat = DESC_G | DESC_DB;
	u64 ma = (u64)frame << PAGE_SHIFT;
	struct { u32 slot; u64 desc; } d[] = {
		{ SLOT_B16, seg_desc((u32)big, 0xffff, TYPE_DATA, 1, DESC_DB) },
		{ SLOT_RO, seg_desc(0, 0xfffff, TYPE_DATA_RO, 1, flat) },
		{ SLOT_LIM, seg_desc((u32)big, 0x7fff, TYPE_DATA, 1, DESC_DB) },
		{ SLOT_EXPDN, seg_desc(0, 0xfff, TYPE_DATA_DOWN, 1, DESC_DB) },
		{ SLOT_CS16, seg_desc((u32)s16_start, 0xffff, TYPE_CODE, 1, 0) },
	};
	u32 i;

	set_pte((u32)gdt, *pte_of((u32)gdt) & ~(u64)_PAGE_RW);
	GUEST_ASSERT_EQ(hypercall_set_gdt(&frame, 16), 0);
	for (i = 0; i < ARRAY_SIZE(d); i++)
		GUEST_ASSERT_EQ(hypercall_update_descriptor(ma + d[i].slot * 8,
							    d[i].desc), 0);
}

static void assert_gp(u32 ip)
{
	GUEST_ASSERT_TRAP(X86_TRAP_GP, 0, ip, FLAT_RING1_CS);
}

static void test_no_iopl(void)
{
	u32 di = (u32)pages, cx = 4, ip;

	fill(pages, 8);
	ip = INS("rep insb", di, cx);
	assert_gp(ip);
	GUEST_ASSERT_EQ(di, (u32)pages);
	GUEST_ASSERT_EQ(cx, 4);
	assert_bytes(pages, 8, FILL);
	guest_info("no IOPL: #GP(0), nothing written");
}

static void test_ins(void)
{
	u32 base = (u32)pages, di, si = 0, cx = 0x77;
	u8 *p = pages;

	fill(p, 16);
	di = base;
	INS("insb", di, cx);
	GUEST_ASSERT_NO_TRAP();
	GUEST_ASSERT_EQ(p[0], 0xff);
	GUEST_ASSERT_EQ(p[1], FILL);
	GUEST_ASSERT_EQ(di, base + 1);
	GUEST_ASSERT_EQ(cx, 0x77);

	fill(p, 16);
	di = base;
	cx = 3;
	INS("rep insw", di, cx);
	GUEST_ASSERT_NO_TRAP();
	assert_bytes(p, 6, 0xff);
	GUEST_ASSERT_EQ(p[6], FILL);
	GUEST_ASSERT_EQ(di, base + 6);
	GUEST_ASSERT_EQ(cx, 0);

	fill(p, 16);
	di = base + 8;
	cx = 2;
	STRIO("std", "rep insl", "cld", FLAT_RING1_DS, di, si, cx);
	GUEST_ASSERT_NO_TRAP();
	GUEST_ASSERT_EQ(p[3], FILL);
	assert_bytes(p + 4, 8, 0xff);
	GUEST_ASSERT_EQ(p[12], FILL);
	GUEST_ASSERT_EQ(di, base);
	GUEST_ASSERT_EQ(cx, 0);

	fill(p, 16);
	di = base;
	cx = 0;
	INS("rep insl", di, cx);
	GUEST_ASSERT_NO_TRAP();
	assert_bytes(p, 16, FILL);
	GUEST_ASSERT_EQ(di, base);

	di = base;
	cx = 2;
	INS(".byte 0xf2, 0x6c", di, cx);			/* repne insb */
	GUEST_ASSERT_NO_TRAP();
	assert_bytes(p, 2, 0xff);
	GUEST_ASSERT_EQ(p[2], FILL);
	GUEST_ASSERT_EQ(cx, 0);
	guest_info("INSB, REP INSW, REP INSL with DF, ECX 0, REPNE");
}

static void test_prefixes(void)
{
	u32 base = (u32)pages, di = base, cx = 2, ip;

	/* ds es cs ss fs gs ds es cs ss fs data16 data16 rep insw: 15. */
	fill(pages, 16);
	INS(".byte 0x3e, 0x26, 0x2e, 0x36, 0x64, 0x65, 0x3e, 0x26\n\t"
	    ".byte 0x2e, 0x36, 0x64, 0x66, 0x66, 0xf3, 0x6d", di, cx);
	GUEST_ASSERT_NO_TRAP();
	assert_bytes(pages, 4, 0xff);
	GUEST_ASSERT_EQ(pages[4], FILL);
	GUEST_ASSERT_EQ(di, base + 4);
	GUEST_ASSERT_EQ(cx, 0);

	/* One more: 16 bytes, which no CPU runs. */
	di = base;
	cx = 2;
	fill(pages, 16);
	ip = INS(".byte 0x3e, 0x3e, 0x26, 0x2e, 0x36, 0x64, 0x65, 0x3e\n\t"
		 ".byte 0x26, 0x2e, 0x36, 0x64, 0x66, 0x66, 0xf3, 0x6d", di, cx);
	assert_gp(ip);
	assert_bytes(pages, 16, FILL);
	GUEST_ASSERT_EQ(di, base);
	GUEST_ASSERT_EQ(cx, 2);
	guest_info("15 bytes of prefixes and INSW; 16 bytes: #GP(0)");
}

static void test_addr16(void)
{
	u32 di = 0x1234ffff, si = 0, cx = 0x56780002;

	fill(big, sizeof(big));
	STRIO("", ".byte 0x67, 0xf3, 0x6c", "", SEL(SLOT_B16), di, si, cx);
	GUEST_ASSERT_NO_TRAP();
	GUEST_ASSERT_EQ(big[0xffff], 0xff);
	GUEST_ASSERT_EQ(big[0], 0xff);
	GUEST_ASSERT_EQ(big[1], FILL);
	GUEST_ASSERT_EQ(big[0xfffe], FILL);
	GUEST_ASSERT_EQ(big[0x10000], FILL);
	GUEST_ASSERT_EQ(di, 0x12340001);
	GUEST_ASSERT_EQ(cx, 0x56780000);
	guest_info("0x67: DI wraps at 64 KiB, EDI %08x ECX %08x", di, cx);
}

static void test_code16(void)
{
	u32 a = 0x12345678, di = 0xabcd0000;

	fill(big, 16);
	trap_reset();
	asm volatile("push %%es\n\tmov %[s], %%es\n\t"
		     "call strio16_enter\n\tpop %%es"
		     : "+a" (a), "+D" (di)
		     : [s] "r" (SEL(SLOT_B16)), "d" (0x80) : "memory", "cc");
	GUEST_ASSERT_NO_TRAP();
	GUEST_ASSERT_EQ(a, 0x1234ffff);
	assert_bytes(big, 6, 0xff);
	GUEST_ASSERT_EQ(big[6], FILL);
	GUEST_ASSERT_EQ(di, 0xabcd0006);
	guest_info("16-bit code: IN 16 bits, INSW 2 and 0x66 INS 4 bytes");
}

static void test_segments(void)
{
	u32 di, si = 0, cx, ip;

	fill(pages, 16);
	di = (u32)pages;
	cx = 1;
	ip = STRIO("", "rep insb", "", 0, di, si, cx);
	assert_gp(ip);
	ip = STRIO("", "rep insb", "", SEL(SLOT_RO), di, si, cx);
	assert_gp(ip);
	di = 0x10000;
	ip = STRIO("", "rep insb", "", SEL(SLOT_B16), di, si, cx);
	assert_gp(ip);
	GUEST_ASSERT_EQ(di, 0x10000);
	di = 0x800;
	ip = STRIO("", "rep insb", "", SEL(SLOT_EXPDN), di, si, cx);
	assert_gp(ip);
	GUEST_ASSERT_EQ(cx, 1);
	di = (u32)pages;
	STRIO("", "rep insb", "", SEL(SLOT_EXPDN), di, si, cx);
	GUEST_ASSERT_NO_TRAP();
	GUEST_ASSERT_EQ(pages[0], 0xff);
	GUEST_ASSERT_EQ(cx, 0);
	assert_bytes(pages + 1, 15, FILL);

	/* OUTS past the limit: through SS #SS(0), through DS #GP(0). */
	si = 0xfffffffe;
	cx = 1;
	ip = STRIO("", ".byte 0x36, 0x6f", "", FLAT_RING1_DS, di, si, cx);
	GUEST_ASSERT_TRAP(X86_TRAP_SS, 0, ip, FLAT_RING1_CS);
	ip = STRIO("", "outsl", "", FLAT_RING1_DS, di, si, cx);
	assert_gp(ip);
	GUEST_ASSERT_EQ(si, 0xfffffffe);
	guest_info("segments: null, read-only, limits, expand-down; #SS");
}

/* A huge count through FS: stopped by the limit, in hv's rounds. */
static void test_huge(void)
{
	u32 di = 0, si = 0, cx = 0xffffffff, ip;

	fill(big, sizeof(big));
	ip = STRIO("push %%fs\n\tmov %[s], %%fs", ".byte 0x64, 0xf3, 0x6e",
		   "pop %%fs", SEL(SLOT_LIM), di, si, cx);
	assert_gp(ip);
	GUEST_ASSERT_EQ(si, 0x8000);
	GUEST_ASSERT_EQ(cx, 0xffffffff - 0x8000);
	assert_bytes(big, sizeof(big), FILL);
	guest_info("REP OUTSB, ECX 0xffffffff: #GP(0) at FS's limit, ECX %08x",
		   cx);

	si = (u32)pages;
	cx = 3;
	STRIO("", "rep outsw", "", FLAT_RING1_DS, di, si, cx);
	GUEST_ASSERT_NO_TRAP();
	GUEST_ASSERT_EQ(si, (u32)pages + 6);
	GUEST_ASSERT_EQ(cx, 0);
}

static void assert_pf(u32 ip, u32 err, u32 cr2)
{
	GUEST_ASSERT_TRAP(X86_TRAP_PF, err, ip, FLAT_RING1_CS);
	GUEST_ASSERT_EQ(last_trap.cr2, cr2);
}

static void test_page_faults(void)
{
	u32 ro = (u32)pages + PAGE_SIZE, gone = ro + PAGE_SIZE, di, si, cx;
	u64 pte = *pte_of(ro), pte_gone = *pte_of(gone);
	u32 ip;

	fill(pages, PAGE_SIZE);
	set_pte(ro, pte & ~(u64)_PAGE_RW);
	di = ro - 2;
	cx = 4;
	ip = INS("rep insb", di, cx);
	assert_pf(ip, PFEC_P | PFEC_W, ro);
	GUEST_ASSERT_EQ(di, ro);
	GUEST_ASSERT_EQ(cx, 2);
	GUEST_ASSERT_EQ(pages[PAGE_SIZE - 3], FILL);
	assert_bytes(pages + PAGE_SIZE - 2, 2, 0xff);

	fill(pages + PAGE_SIZE - 4, 4);
	di = ro - 2;
	cx = 1;
	ip = INS("insl", di, cx);
	assert_pf(ip, PFEC_P | PFEC_W, ro);
	assert_bytes(pages + PAGE_SIZE - 4, 4, FILL);
	GUEST_ASSERT_EQ(di, ro - 2);

	set_pte(gone, 0);
	di = gone;
	ip = INS("rep insb", di, cx);
	assert_pf(ip, PFEC_W, gone);
	si = gone + 5;
	ip = STRIO("", "rep outsb", "", FLAT_RING1_DS, di, si, cx);
	assert_pf(ip, 0, gone + 5);
	GUEST_ASSERT_EQ(si, gone + 5);

	di = HYPERVISOR_VIRT_START;
	ip = INS("rep insb", di, cx);
	GUEST_ASSERT_EQ(last_trap.vector, X86_TRAP_PF);
	GUEST_ASSERT_EQ(last_trap.eip, ip);
	GUEST_ASSERT_EQ(last_trap.error & (PFEC_W | PFEC_U), PFEC_W);
	GUEST_ASSERT_EQ(last_trap.cr2, HYPERVISOR_VIRT_START);
	GUEST_ASSERT_EQ(cx, 1);
	set_pte(ro, pte);
	set_pte(gone, pte_gone);
	guest_info("#PF: read-only (P|W, 2 of 4 done), split, unmapped, hole");
}

static void test_ring3(void)
{
	GUEST_ASSERT_EQ(set_iopl(3), 0);
	trap_reset();
	exec_user(u_ins, (u32)ubuf);
	GUEST_ASSERT_NO_TRAP();
	GUEST_ASSERT_EQ(ubuf[0], 0xff);
	GUEST_ASSERT_EQ(ubuf[1], 0);

	fill(pages, 4);
	trap_reset();
	exec_user(u_ins, (u32)pages);
	GUEST_ASSERT_TRAP(X86_TRAP_PF, PFEC_P | PFEC_W | PFEC_U,
			  (u32)u_ins_insn, FLAT_RING3_CS);
	GUEST_ASSERT_EQ(last_trap.cr2, (u32)pages);
	GUEST_ASSERT_EQ(pages[0], FILL);
	trap_reset();
	exec_user(u_outs, (u32)pages);
	GUEST_ASSERT_TRAP(X86_TRAP_PF, PFEC_P | PFEC_U, (u32)u_outs_insn,
			  FLAT_RING3_CS);

	GUEST_ASSERT_EQ(set_iopl(1), 0);
	trap_reset();
	exec_user(u_ins, (u32)ubuf);
	GUEST_ASSERT_TRAP(X86_TRAP_GP, 0, (u32)u_ins_insn, FLAT_RING3_CS);
	guest_info("ring 3: user page yes, kernel page #PF(U), IOPL 1 #GP");
}

/* Upcalls that interrupted the REP OUTSB of test_rounds() itself. */
static u32 landed;

DECLARE_ASM_LABEL(rounds_insn);

static void on_event(u32 port)
{
	(void)port;
	if (evtchn_last_eip == (u32)rounds_insn)
		landed++;
}

/*
 * A long REP in rounds: timer upcalls (a singleshot 1 ms ahead, and the
 * periodic tick) come in between, at the instruction.  Tried a few
 * times: the host may run the vCPU so late that the timers fire before
 * the REP starts.
 */
static void test_rounds(void)
{
	u32 si, cx, port, tries;

	evtchn_init();
	evtchn_handler = on_event;
	GUEST_ASSERT_EQ(ev_bind_virq(VIRQ_TIMER, &port), 0);
	GUEST_ASSERT_EQ(ev_unmask(port), 0);
	for (tries = 1; tries <= 10 && !landed; tries++) {
		si = (u32)long_buf;
		cx = sizeof(long_buf);
		upcalls_on();
		GUEST_ASSERT_EQ(set_timer_op(system_time_ns() +
					     NSEC_PER_MSEC), 0);
		asm volatile("rounds_insn:\n\trep outsb"
			     : "+S" (si), "+c" (cx) : "d" (0x80) : "memory");
		upcalls_off();
		GUEST_ASSERT_EQ(si, (u32)long_buf + sizeof(long_buf));
		GUEST_ASSERT_EQ(cx, 0);
	}
	GUEST_ASSERT(landed);
	guest_info("REP OUTSB of 4 MiB: %u upcalls at its EIP (try %u)",
		   landed, tries - 1);
}

void test_main(void)
{
	trap_init();
	map_shared_info();
	user_init();
	install_gdt();
	test_no_iopl();
	GUEST_ASSERT_EQ(set_iopl(1), 0);
	test_ins();
	test_prefixes();
	test_addr16();
	test_code16();
	test_segments();
	test_huge();
	test_page_faults();
	test_ring3();
	test_rounds();
	guest_pass();
}
