// SPDX-License-Identifier: GPL-2.0
/*
 * hostile: a table of attacks that the hypervisor must refuse, each with
 * the answer the ABI gives (an error code, or the right fault bounced to
 * us), the guest still running and the host intact.  It complements the
 * older guests (privop, farjump, ldt, pthostile, ...); together they make
 * the suite that Documentation/hostile.rst lists.
 *
 * Each attack runs with the exception table armed and prints one line:
 *
 *	hostile: attack NAME: refused (HOW)
 *	hostile: attack NAME: WRONG: WHAT
 *
 * then "hostile: N attacks, N refused", and the guest passes only if every
 * attack was refused the expected way.  The harness counts the "refused"
 * lines, so an attack that silently disappears fails the test too.
 *
 * Groups: privileged instructions at ring 3 (ring 1 is privop's),
 * sensitive ones (POPF, the iret hypercall and IRET with IOPL 3, ICEBP,
 * INT n of the host's vectors, SYSEXIT/SYSRET), the host's and the
 * hypervisor's selectors from rings 1 and 3, descriptors of our own GDT
 * (non-present, conforming, based in the hole) in far transfers and IRET,
 * hypercall numbers, sub-commands, counts and pointers (the hole, the
 * 4 GiB wrap, unmapped pages, page-table frames), and resources (all 1023
 * event ports, a million timer re-arms).
 *
 * Result: "hvtest: hostile: PASS".
 */
#include "cpu.h"
#include "mm.h"
#include "pt.h"
#include "test.h"
#include "traps.h"
#include "user.h"

#define HV_CS64		0xe008
#define HV_DS		0xe010
#define HV_TSS		0xe040
#define HV_LDT		0xe050
#define HV_PERCPU	0xe060
#define HOST_KERNEL_DS	0x18
#define HOST_USER32_CS	0x23
#define HOST_USER_DS	0x2b
#define HOST_USER_CS	0x33
#define WRAP_PTR	0xfffffff0u	/* + 0x20 crosses 4 GiB */
#define HOLE_PTR	0xf5800000u	/* the M2P: readable at ring 1 */
#define TIMER_REARMS	1000000u	/* default of rearms=N */

/* Our GDT slots (a page of our own, set_gdt). */
#define SLOT_NP_CODE	40	/* code, DPL 1, not present */
#define SLOT_NP_DATA3	41	/* data, DPL 3, not present */
#define SLOT_CONF0	42	/* conforming code, DPL 0 */
#define SLOT_HOLE_DS3	43	/* data, DPL 3, based at the hole */
#define SLOT_HOLE_DS1	44	/* data, DPL 1, based at the hole */
#define SEL(slot)	((slot) << 3)

static u64 gdt[512] __aligned(PAGE_SIZE);
/* Two pages; the second one is unmapped at start. */
static u8 edge[2][PAGE_SIZE] __aligned(PAGE_SIZE);
#define unmapped_page	edge[1]
static u8 ro_page[PAGE_SIZE] __aligned(PAGE_SIZE);

/* The verdict of the attack that runs now. */
static unsigned int nr_attacks, nr_refused;
static const char *cur_name;
static bool cur_done;

static const char *trap_name(u32 vec)
{
	switch (vec) {
	case X86_TRAP_DB:
		return "#DB";
	case X86_TRAP_UD:
		return "#UD";
	case X86_TRAP_NP:
		return "#NP";
	case X86_TRAP_SS:
		return "#SS";
	case X86_TRAP_GP:
		return "#GP";
	case X86_TRAP_PF:
		return "#PF";
	case TRAP_SYSCALL:
		return "int $0x80 to our kernel";
	default:
		return "trap";
	}
}

static void wrong(const char *what, u32 got, u32 want)
{
	if (cur_done)
		return;
	cur_done = true;
	guest_info("attack %s: WRONG: %s (got 0x%x, want 0x%x; %u traps, last vector 0x%x error 0x%x at %04x:%08x, cr2 %08x)",
		   cur_name, what, got, want, last_trap.count,
		   last_trap.vector, last_trap.error, last_trap.cs,
		   last_trap.eip, last_trap.cr2);
}

static void refused_rc(long rc)
{
	if (cur_done)
		return;
	cur_done = true;
	nr_refused++;
	guest_info("attack %s: refused (%ld)", cur_name, rc);
}

static void refused_trap(void)
{
	if (cur_done)
		return;
	cur_done = true;
	nr_refused++;
	if (last_trap.error == TRAP_NO_ERROR)
		guest_info("attack %s: refused (%s at ring %u)", cur_name,
			   trap_name(last_trap.vector), last_trap.cs & 3);
	else
		guest_info("attack %s: refused (%s(0x%x) at ring %u)", cur_name,
			   trap_name(last_trap.vector), last_trap.error,
			   last_trap.cs & 3);
}

static void refused_contained(const char *how)
{
	if (cur_done)
		return;
	cur_done = true;
	nr_refused++;
	guest_info("attack %s: refused (contained: %s)", cur_name, how);
}

static void want_rc(long rc, long want)
{
	if (rc != want)
		wrong("hypercall result", rc, want);
	else
		refused_rc(rc);
}

/* Exactly one trap @vec with @err at @ip in @cs. */
static void want_trap(u32 vec, u32 err, u32 ip, u32 cs)
{
	if (last_trap.count != 1)
		wrong("number of traps", last_trap.count, 1);
	else if (last_trap.vector != vec)
		wrong("vector", last_trap.vector, vec);
	else if (last_trap.error != err)
		wrong("error code", last_trap.error, err);
	else if (last_trap.eip != ip)
		wrong("EIP", last_trap.eip, ip);
	else if (last_trap.cs != cs)
		wrong("CS", last_trap.cs, cs);
	else
		refused_trap();
}

/*
 * After a try at raising IOPL at ring 1: IOPL still 0 in @fl, EFLAGS as
 * read back, and a #GP from the port access that followed, at @ip.
 */
static void want_no_iopl(const char *what, u32 fl, u32 ip)
{
	if (fl & X86_EFLAGS_IOPL)
		wrong(what, fl, fl & ~X86_EFLAGS_IOPL);
	want_trap(X86_TRAP_GP, 0, ip, FLAT_RING1_CS);
}

/* A selector fault: #GP, #NP or #SS with the selector as error code. */
static void want_sel_fault(u32 sel, u32 ip, u32 cs)
{
	u32 v = last_trap.vector;

	if (last_trap.count == 1 &&
	    (v == X86_TRAP_NP || v == X86_TRAP_SS))
		want_trap(v, sel & 0xfffc, ip, cs);
	else
		want_trap(X86_TRAP_GP, sel & 0xfffc, ip, cs);
}

/* --- privileged and sensitive instructions at ring 3 --- */

#define U_PRIV(name, setup, insn)					\
	asm(USER_PROBE(u_##name, setup, insn));				\
	DECLARE_USER_PROBE(u_##name);					\
	static void r3_##name(void)					\
	{								\
		exec_user(u_##name, (u32)ro_page);			\
		want_trap(X86_TRAP_GP, 0, (u32)u_##name##_insn,		\
			  FLAT_RING3_CS);				\
	}

U_PRIV(cli, "", "cli")
U_PRIV(sti, "", "sti")
U_PRIV(hlt, "", "hlt")
U_PRIV(lgdt, "", "lgdt (%eax)")
U_PRIV(lidt, "", "lidt (%eax)")
U_PRIV(lldt, "", "lldt %ax")
U_PRIV(ltr, "mov $0xe040, %eax", "ltr %ax")
U_PRIV(rd_cr0, "", "mov %cr0, %eax")
U_PRIV(wr_cr0, "mov $0x80000011, %eax", "mov %eax, %cr0")
U_PRIV(rd_cr3, "", "mov %cr3, %eax")
U_PRIV(wr_cr3, "", "mov %eax, %cr3")
U_PRIV(wr_cr4, "xor %eax, %eax", "mov %eax, %cr4")
U_PRIV(rd_dr7, "", "mov %db7, %eax")
U_PRIV(wr_dr7, "mov $0x400, %eax", "mov %eax, %db7")
U_PRIV(rdmsr, "mov $0xc0000080, %ecx", "rdmsr")
U_PRIV(wrmsr, "mov $0x176, %ecx\n\txor %eax, %eax", "wrmsr")
U_PRIV(inb, "", "inb $0x80, %al")
U_PRIV(outb, "", "outb %al, $0x80")
U_PRIV(inl_dx, "mov $0xcf8, %edx", "inl %dx, %eax")
U_PRIV(invlpg, "", "invlpg (%eax)")
U_PRIV(wbinvd, "", "wbinvd")
U_PRIV(invd, "", "invd")
U_PRIV(clts, "", "clts")
U_PRIV(lmsw, "mov $1, %eax", "lmsw %ax")
U_PRIV(sysexit, "", "sysexit")
/* POPF cannot raise IOPL at ring 3: CLI still faults. */
U_PRIV(popf_iopl, "pushl $0x3202\n\tpopf", "cli")

/* SYSRET outside 64-bit mode: #UD (Intel) or #GP(0) (CPL > 0). */
asm(USER_PROBE(u_sysret, "", "sysret"));
DECLARE_USER_PROBE(u_sysret);

static void r3_sysret(void)
{
	exec_user(u_sysret, 0);
	if (last_trap.count == 1 && last_trap.vector == X86_TRAP_UD)
		want_trap(X86_TRAP_UD, TRAP_NO_ERROR, (u32)u_sysret_insn,
			  FLAT_RING3_CS);
	else
		want_trap(X86_TRAP_GP, 0, (u32)u_sysret_insn, FLAT_RING3_CS);
}

static void r1_sysret(void)
{
	u32 ip;

	asm volatile(ASM_TRY("sysret") : [ip] "=&r" (ip) : : "memory");
	if (last_trap.count == 1 && last_trap.vector == X86_TRAP_UD)
		want_trap(X86_TRAP_UD, TRAP_NO_ERROR, ip, FLAT_RING1_CS);
	else
		want_trap(X86_TRAP_GP, 0, ip, FLAT_RING1_CS);
}

static void r1_sysexit(void)
{
	u32 ip;

	asm volatile(ASM_TRY("sysexit") : [ip] "=&r" (ip) : : "memory");
	want_trap(X86_TRAP_GP, 0, ip, FLAT_RING1_CS);
}

/* SYSENTER from ring 3 with ECX/EDX in the hole and no callback. */
asm(USER_PROBE(u_sysenter_hole,
	       "mov $0xf5800000, %ecx\n\tmov $0xfffff000, %edx\n\t"
	       "mov $0xf5800000, %esp", "sysenter"));
DECLARE_USER_PROBE(u_sysenter_hole);

static void r3_sysenter_hole(void)
{
	exec_user(u_sysenter_hole, 0);
	want_trap(X86_TRAP_GP, 0, (u32)u_sysenter_hole_insn, FLAT_RING3_CS);
	if (last_trap.esp != HOLE_PTR)
		wrong("ESP in the frame", last_trap.esp, HOLE_PTR);
}

/* POPF at ring 1 cannot raise IOPL either: IN still faults. */
static void r1_popf_iopl(void)
{
	u32 ip, fl;

	asm volatile("pushf\n\tpushl $0x3002\n\tpopf\n\tpushf\n\tpop %[fl]\n\t"
		     ASM_TRY("inb $0x80, %%al") "popf"
		     : [ip] "=&r" (ip), [fl] "=&r" (fl) : : "eax", "memory",
		       "cc");
	want_no_iopl("IOPL after popf", fl, ip);
}

/* Hardware IRET at ring 1 with IOPL 3 in the frame: ignored. */
static void r1_iret_iopl(void)
{
	u32 ip, fl;

	asm volatile("pushf\n\tpush %%cs\n\tpush $3f\n\t"
		     "orl $0x3000, 8(%%esp)\n\tiret\n3:\t"
		     "pushf\n\tpop %[fl]\n\t"
		     ASM_TRY("outb %%al, $0x80")
		     : [ip] "=&r" (ip), [fl] "=&r" (fl) : : "eax", "memory",
		       "cc");
	want_no_iopl("IOPL after iret", fl, ip);
}

/* The iret hypercall with IOPL 3 (events stay masked: IF clear). */
static void r1_hc_iret_iopl(void)
{
	u32 ip, fl;

	asm volatile("pushl $0x3002\n\tpush %%cs\n\tpush $3f\n\t"
		     "jmp hypercall_page + %c[iret]\n3:\t"
		     "pushf\n\tpop %[fl]\n\t"
		     ASM_TRY("inb $0x80, %%al")
		     : [ip] "=&r" (ip), [fl] "=&r" (fl)
		     : [iret] "i" (HYPERCALL_IRET_OFFSET)
		     : "eax", "memory", "cc");
	want_no_iopl("IOPL after the iret hypercall", fl, ip);
}

/*
 * ICEBP (INT1) ignores the gate's DPL: it must reach us as #DB, EIP
 * after it, and never act on the host's debug state.
 */
static void r1_icebp(void)
{
	u32 ip, ip0;

	asm volatile("mov $0f, %[ip0]\n\tmov $1f, %[ip]\n"
		     "0:\t.byte 0xf1\n1:\tnop\n2:\n\t"
		     _ASM_EXTABLE(0b, 2b) _ASM_EXTABLE(1b, 2b)
		     : [ip] "=&r" (ip), [ip0] "=&r" (ip0) : : "memory");
	/* Some CPUs (QEMU TCG) give #UD at the instruction instead. */
	if (last_trap.count == 1 && last_trap.vector == X86_TRAP_UD)
		want_trap(X86_TRAP_UD, TRAP_NO_ERROR, ip0, FLAT_RING1_CS);
	else
		want_trap(X86_TRAP_DB, TRAP_NO_ERROR, ip, FLAT_RING1_CS);
}

asm(USER_FUNC(u_icebp) ".byte 0xf1\n"
	"u_icebp_next:\n\tnop\nu_icebp_end:\n\t" ASM_USER_EXIT
	_ASM_EXTABLE(u_icebp, u_icebp_end)
	_ASM_EXTABLE(u_icebp_next, u_icebp_end) USER_END(u_icebp));
DECLARE_ASM_LABEL(u_icebp);
DECLARE_ASM_LABEL(u_icebp_next);

static void r3_icebp(void)
{
	exec_user(u_icebp, 0);
	if (last_trap.count == 1 && last_trap.vector == X86_TRAP_UD)
		want_trap(X86_TRAP_UD, TRAP_NO_ERROR, (u32)u_icebp,
			  FLAT_RING3_CS);
	else
		want_trap(X86_TRAP_DB, TRAP_NO_ERROR, (u32)u_icebp_next,
			  FLAT_RING3_CS);
}

/* INT n of vectors that mean something to the host. */
#define INT_N(n)							\
static void r1_int_##n(void)						\
{									\
	u32 ip;								\
									\
	asm volatile(ASM_TRY("int $" #n) : [ip] "=&r" (ip) : : "memory");	\
	want_trap(X86_TRAP_GP, (n) << 3 | 2, ip, FLAT_RING1_CS);	\
}

INT_N(0x02)
INT_N(0x08)
INT_N(0x12)
INT_N(0xec)
INT_N(0xf2)

/* --- selectors of the host and the hypervisor --- */

static u32 load_seg(u32 sel, int which)
{
	u32 ip;

	switch (which) {
	case 0:
		asm volatile("push %%ds\n\t" ASM_TRY("mov %[s], %%ds")
			     "pop %%ds" : [ip] "=&r" (ip) : [s] "r" (sel)
			     : "memory");
		break;
	case 1:
		asm volatile("push %%ss\n\t" ASM_TRY("mov %[s], %%ss")
			     "pop %%ss" : [ip] "=&r" (ip) : [s] "r" (sel)
			     : "memory");
		break;
	case 2:
		asm volatile("push %%fs\n\t" ASM_TRY("mov %[s], %%fs")
			     "pop %%fs" : [ip] "=&r" (ip) : [s] "r" (sel)
			     : "memory");
		break;
	default:
		asm volatile("push %%gs\n\t" ASM_TRY("mov %[s], %%gs")
			     "pop %%gs" : [ip] "=&r" (ip) : [s] "r" (sel)
			     : "memory");
		break;
	}
	return ip;
}

#define R1_LOAD(name, sel, which)					\
static void r1_##name(void)						\
{									\
	u32 ip = load_seg(sel, which);					\
									\
	want_sel_fault(sel, ip, FLAT_RING1_CS);				\
}

R1_LOAD(ds_host_kernel_ds, HOST_KERNEL_DS, 0)
R1_LOAD(ss_host_user_ds, HOST_USER_DS | 3, 1)
R1_LOAD(fs_hv_tss, HV_TSS, 2)
R1_LOAD(gs_hv_ldt, HV_LDT, 3)
R1_LOAD(ds_hv_percpu, HV_PERCPU, 0)
R1_LOAD(ss_ring3_ds, FLAT_RING3_DS, 1)

static u32 far_jump(u32 sel)
{
	static struct {
		u32 off;
		u16 sel;
	} __packed fp;
	u32 ip, sp;

	fp.sel = sel;
	asm volatile("mov %%esp, %[sp]\n\tmovl $2f, %[fp]\n\t"
		     ASM_TRY("ljmp *%[fp]") "mov %[sp], %%esp"
		     : [ip] "=&r" (ip), [sp] "=&r" (sp), [fp] "+m" (fp)
		     : : "memory");
	return ip;
}

static u32 far_call(u32 sel)
{
	static struct {
		u32 off;
		u16 sel;
	} __packed fp;
	u32 ip, sp;

	fp.sel = sel;
	asm volatile("mov %%esp, %[sp]\n\tmovl $2f, %[fp]\n\t"
		     ASM_TRY("lcall *%[fp]") "mov %[sp], %%esp"
		     : [ip] "=&r" (ip), [sp] "=&r" (sp), [fp] "+m" (fp)
		     : : "memory");
	return ip;
}

static void r1_ljmp_host_user32_cs(void)
{
	u32 ip = far_jump(HOST_USER32_CS);

	want_sel_fault(HOST_USER32_CS, ip, FLAT_RING1_CS);
}

static void r1_ljmp_hv_tss(void)
{
	u32 ip = far_jump(HV_TSS);

	want_sel_fault(HV_TSS, ip, FLAT_RING1_CS);
}

static void r1_lcall_hv_tss(void)
{
	u32 ip = far_call(HV_TSS);

	want_sel_fault(HV_TSS, ip, FLAT_RING1_CS);
}

static void r1_lcall_hv_ldt(void)
{
	u32 ip = far_call(HV_LDT);

	want_sel_fault(HV_LDT, ip, FLAT_RING1_CS);
}

/* Ring 3: the ring-1 and hypervisor selectors, the host's user ones. */
#define U_SEL(name, setup, insn, sel)					\
	asm(USER_PROBE(u_##name, setup, insn));				\
	DECLARE_USER_PROBE(u_##name);					\
	static void r3_##name(void)					\
	{								\
		exec_user(u_##name, 0);					\
		want_sel_fault(sel, (u32)u_##name##_insn,		\
			       FLAT_RING3_CS);				\
	}

U_SEL(ljmp_ring1_cs, "", "ljmp $0xe019, $0", FLAT_RING1_CS)
U_SEL(lcall_hv_cs64, "", "lcall $0xe008, $0", HV_CS64)
U_SEL(ljmp_host_user_cs, "", "ljmp $0x33, $0", HOST_USER_CS)
U_SEL(ljmp_host_user32_cs, "", "ljmp $0x23, $0", HOST_USER32_CS)
U_SEL(ds_ring1_ds, "mov $0xe021, %eax", "mov %eax, %ds", FLAT_RING1_DS)
U_SEL(ss_hv_ds, "mov $0xe013, %eax", "mov %eax, %ss", HV_DS)
U_SEL(ds_host_user_ds, "mov $0x2b, %eax", "mov %eax, %ds", HOST_USER_DS)
asm(USER_PROBE(u_lret_ring1_cs, "pushl $0xe019\n\tpushl $0", "lret"));
asm(USER_PROBE(u_iret_ring1_cs, "pushf\n\tpushl $0xe019\n\tpushl $0",
	       "iret"));
DECLARE_USER_PROBE(u_lret_ring1_cs);
DECLARE_USER_PROBE(u_iret_ring1_cs);

/*
 * Far RET and IRET pop their frame first.  QEMU TCG pops it with
 * supervisor rights, which SMAP refuses on our ring-3 stack: #PF (no U
 * bit) there, still at ring 3, is the same refusal.
 */
static void r3_return_to_ring1(void (*probe)(void), void (*insn)(void))
{
	exec_user(probe, 0);
	if (last_trap.count == 1 && last_trap.vector == X86_TRAP_PF &&
	    !(last_trap.error & PFEC_USER) &&
	    (last_trap.cr2 & PAGE_MASK) == (((u32)user_stack_top - 1) & PAGE_MASK))
		want_trap(X86_TRAP_PF, last_trap.error, (u32)insn,
			  FLAT_RING3_CS);
	else
		want_sel_fault(FLAT_RING1_CS, (u32)insn, FLAT_RING3_CS);
}

static void r3_lret_to_ring1(void)
{
	r3_return_to_ring1(u_lret_ring1_cs, u_lret_ring1_cs_insn);
}

static void r3_iret_to_ring1(void)
{
	r3_return_to_ring1(u_iret_ring1_cs, u_iret_ring1_cs_insn);
}

/* --- IRET to ring 3 with bad segments, and our own descriptors --- */

static u32 iret_to(u32 cs, u32 ss)
{
	u32 ip, sp;

	asm volatile("mov %%esp, %[sp]\n\t"
		     "push %[ss]\n\tpush %[sp]\n\tpushl $2\n\t"
		     "push %[cs]\n\tpush $2f\n\t"
		     ASM_TRY("iret") "mov %[sp], %%esp"
		     : [ip] "=&r" (ip), [sp] "=&r" (sp)
		     : [cs] "r" (cs), [ss] "r" (ss) : "memory", "cc");
	return ip;
}

static void r1_iret_null_ss(void)
{
	u32 ip = iret_to(FLAT_RING3_CS, 0);

	want_trap(X86_TRAP_GP, 0, ip, FLAT_RING1_CS);
}

static void r1_iret_ring1_ss(void)
{
	u32 ip = iret_to(FLAT_RING3_CS, FLAT_RING1_SS);

	want_sel_fault(FLAT_RING1_SS, ip, FLAT_RING1_CS);
}

static void r1_iret_ring1_cs_rpl3(void)
{
	u32 ip = iret_to(FLAT_RING1_CS | 3, FLAT_RING3_SS);

	want_sel_fault(FLAT_RING1_CS, ip, FLAT_RING1_CS);
}

static void r1_iret_np_ss(void)
{
	u32 ip = iret_to(FLAT_RING3_CS, SEL(SLOT_NP_DATA3) | 3);

	want_sel_fault(SEL(SLOT_NP_DATA3), ip, FLAT_RING1_CS);
}

static void r1_ljmp_np_code(void)
{
	u32 ip = far_jump(SEL(SLOT_NP_CODE) | 1);

	want_sel_fault(SEL(SLOT_NP_CODE), ip, FLAT_RING1_CS);
}

#define D_PRESENT	BIT_ULL(47)

static void put_desc(u64 ma, unsigned int slot, u64 desc)
{
	GUEST_ASSERT_EQ(hypercall_update_descriptor(ma + slot * 8, desc), 0);
}

static void install_gdt(void)
{
	u32 frame = virt_to_mfn(gdt), flat = DESC_G | DESC_DB;
	u64 ma = (u64)frame << PAGE_SHIFT;

	set_pte((u32)gdt, *pte_of((u32)gdt) & ~(u64)_PAGE_RW);
	GUEST_ASSERT_EQ(hypercall_set_gdt(&frame, ARRAY_SIZE(gdt)), 0);
	put_desc(ma, SLOT_NP_CODE, seg_desc(0, 0xfffff, TYPE_CODE, 1, flat) &
		 ~D_PRESENT);
	put_desc(ma, SLOT_NP_DATA3, seg_desc(0, 0xfffff, TYPE_DATA, 3, flat) &
		 ~D_PRESENT);
	put_desc(ma, SLOT_HOLE_DS3,
		 seg_desc(HOLE_PTR, 0xfffff, TYPE_DATA, 3, flat));
	put_desc(ma, SLOT_HOLE_DS1,
		 seg_desc(HOLE_PTR, 0xfffff, TYPE_DATA, 1, flat));
}

/* Conforming DPL-0 code: stored with DPL 1 (or refused); CPL stays 1. */
static void r1_conforming_dpl0(void)
{
	u64 ma = (u64)virt_to_mfn(gdt) << PAGE_SHIFT | SLOT_CONF0 * 8;
	u64 d = seg_desc(0, 0xfffff, 0xf, 0, DESC_G | DESC_DB);
	u32 cs = 0, ip;
	long rc;

	rc = hypercall_update_descriptor(ma, d);
	if (rc) {
		want_rc(rc, -EINVAL);
		return;
	}
	barrier();
	if (((gdt[SLOT_CONF0] >> 45) & 3) != 1) {
		wrong("DPL stored", (gdt[SLOT_CONF0] >> 45) & 3, 1);
		return;
	}
	asm volatile(ASM_TRY("ljmp %[sel], $3f\n3:\tmov %%cs, %[cs]\n\t"
			     "ljmp %[k], $4f\n4:")
		     : [ip] "=&r" (ip), [cs] "+r" (cs)
		     : [sel] "i" (SEL(SLOT_CONF0)), [k] "i" (FLAT_RING1_CS)
		     : "memory");
	if (last_trap.count)
		wrong("traps", last_trap.count, 0);
	else if ((cs & 3) != 1)
		wrong("CPL in the conforming segment", cs & 3, 1);
	else
		refused_contained("stored with DPL 1, CPL stays 1");
}

/* Segments based at the hole: paging still says no. */
asm(USER_PROBE(u_fs_read, "mov %eax, %fs", "mov %fs:0x1000, %ebx"));
DECLARE_USER_PROBE(u_fs_read);

static void r3_hole_segment_read(void)
{
	exec_user(u_fs_read, SEL(SLOT_HOLE_DS3) | 3);
	/* P is set if the M2P chunk there is mapped: either way. */
	if (last_trap.count == 1 && last_trap.error == (PFEC_USER | PFEC_PRESENT))
		last_trap.error = PFEC_USER;
	want_trap(X86_TRAP_PF, PFEC_USER, (u32)u_fs_read_insn, FLAT_RING3_CS);
	if (last_trap.cr2 != HOLE_PTR + 0x1000)
		wrong("CR2", last_trap.cr2, HOLE_PTR + 0x1000);
}

static void r1_hole_segment_write(void)
{
	u32 ip;

	asm volatile("push %%fs\n\tmov %[sel], %%fs\n\t"
		     ASM_TRY("movl $0, %%fs:0") "pop %%fs"
		     : [ip] "=&r" (ip) : [sel] "r" (SEL(SLOT_HOLE_DS1) | 1)
		     : "memory");
	want_trap(X86_TRAP_PF, PFEC_PRESENT | PFEC_WRITE, ip, FLAT_RING1_CS);
}

/* --- hypercalls --- */

/* Any EAX, through stub 0's int $0x80 (only the page's are hypercalls). */
static long raw_hypercall(u32 nr, u32 a1, u32 a2, u32 a3)
{
	long ret;

	asm volatile("call hypercall_page + 5"
		     : "=a" (ret), "+b" (a1), "+c" (a2), "+d" (a3)
		     : "0" (nr) : "esi", "edi", "memory", "cc");
	return ret;
}

#define HC_NR(name, nr)							\
static void hc_##name(void)						\
{									\
	want_rc(raw_hypercall(nr, 0, 0, 0), -XEN_ENOSYS);		\
}

HC_NR(nr_128, 128)
HC_NR(nr_max, 0xffffffff)
HC_NR(nr_negative, 0x80000001)
HC_NR(nr_unused_11, 11)
HC_NR(nr_set_segment_base, 25)
HC_NR(nr_uvm_otherdomain, 22)
HC_NR(nr_grant_table_op, 20)
HC_NR(nr_domctl, 36)

static void hc_xen_version_cmd(void)
{
	want_rc(hypercall_xen_version(0xffffffff, NULL), -XEN_ENOSYS);
}

static void hc_memory_op_cmd(void)
{
	want_rc(hypercall_memory_op(63, NULL), -XEN_ENOSYS);
}

static void hc_decrease_reservation(void)
{
	/* Freeing frames (even the live L3) is not offered at all. */
	want_rc(hypercall_memory_op(1, NULL), -XEN_ENOSYS);
}

static void hc_vcpu_op_cmd(void)
{
	want_rc(hypercall_vcpu_op(1000, 0, NULL), -XEN_ENOSYS);
}

static void hc_vcpu_op_vcpu(void)
{
	want_rc(hypercall_vcpu_op(VCPUOP_is_up, 1, NULL), -ENOENT);
}

static void hc_sched_op_cmd(void)
{
	want_rc(hypercall_sched_op(0xdead, NULL), -XEN_ENOSYS);
}

static void hc_shutdown_reason(void)
{
	u32 reason = 0x1000;

	want_rc(hypercall_sched_op(SCHEDOP_shutdown, &reason), -EINVAL);
}

static void hc_callback_op_cmd(void)
{
	want_rc(hypercall_callback_op(2, NULL), -EINVAL);
}

static void hc_callback_type(void)
{
	struct callback_register cb = { .type = 2, .cs = FLAT_RING1_CS,
					.eip = 0x1000 };

	want_rc(hypercall_callback_op(CALLBACKOP_register, &cb), -XEN_ENOSYS);
}

static void hc_console_cmd(void)
{
	want_rc(hypercall_console_io(2, 0, NULL), -XEN_ENOSYS);
}

static void hc_vm_assist_cmd(void)
{
	want_rc(hypercall_vm_assist(2, VMASST_TYPE_pae_extended_cr3),
		-XEN_ENOSYS);
}

static void hc_vm_assist_m2p_strict(void)
{
	want_rc(hypercall_vm_assist(VMASST_CMD_enable, 32), -EINVAL);
}

static void hc_evtchn_cmd(void)
{
	u32 arg[8] = { 0 };

	want_rc(_hypercall(__HYPERVISOR_event_channel_op, 99, arg, 0, 0, 0),
		-XEN_ENOSYS);
}

static void hc_set_gdt_entries(void)
{
	u32 frames[16] = { 0 };

	want_rc(hypercall_set_gdt(frames, FIRST_RESERVED_GDT_ENTRY + 1),
		-EINVAL);
}

static void hc_set_gdt_not_ours(void)
{
	u32 frame = 0;

	want_rc(hypercall_set_gdt(&frame, 1), -EINVAL);
}

static void hc_set_gdt_page_table(void)
{
	u32 frame = virt_to_mfn((void *)start_info->pt_base);

	want_rc(hypercall_set_gdt(&frame, 1), -EINVAL);
}

static void hc_update_descriptor_l3(void)
{
	u64 ma = (u64)virt_to_mfn((void *)start_info->pt_base) << PAGE_SHIFT;
	u64 d = seg_desc(0, 0xfffff, TYPE_DATA, 1, DESC_G | DESC_DB);

	want_rc(hypercall_update_descriptor(ma + 8 * 8, d), -EINVAL);
}

static void hc_update_descriptor_unaligned(void)
{
	u64 ma = (u64)virt_to_mfn(ro_page) << PAGE_SHIFT;

	want_rc(hypercall_update_descriptor(ma + 4, 0), -EINVAL);
}

/*
 * A trap table with no end: a page of entries for a vector nobody uses,
 * then unmapped memory.  hv reads past 256 entries (a continuation) up to
 * the fault, as Xen does; it used to stop at 256 with -E2BIG.
 */
static void hc_trap_table_unending(void)
{
	struct trap_info *t = (void *)edge[0];
	unsigned int i;

	for (i = 0; i < PAGE_SIZE / sizeof(*t); i++)
		t[i] = (struct trap_info){ 0x30, 0, FLAT_RING1_CS,
					   (u32)unmapped_page };
	want_rc(hypercall_set_trap_table(t), -EFAULT);
}

static void hc_multicall_nested(void)
{
	static struct multicall_entry inner[1], outer[1];

	inner[0] = (struct multicall_entry){ .op = __HYPERVISOR_xen_version };
	outer[0] = (struct multicall_entry){ .op = __HYPERVISOR_multicall,
		.args = { (u32)inner, 1 } };
	inner[0].result = 0xdead;
	GUEST_ASSERT_EQ(hypercall_multicall(outer, 1), 0);
	if (inner[0].result != 0xdead)
		wrong("inner entry ran", inner[0].result, 0xdead);
	want_rc((long)outer[0].result, -EINVAL);
}

static void hc_multicall_huge_count(void)
{
	/* Entry 0 runs; entry 1 lies in an unmapped page. */
	struct multicall_entry *mc = (void *)(edge[1] - sizeof(*mc));

	*mc = (struct multicall_entry){ .op = __HYPERVISOR_xen_version };
	mc->result = 0xdead;
	want_rc(hypercall_multicall(mc, 0xffffffff), -EFAULT);
	if (mc->result == 0xdead)
		wrong("first entry did not run", mc->result, 0);
}

static void hc_mmu_update_huge_count(void)
{
	u32 done = 0xdead;

	want_rc(hypercall_mmu_update((void *)unmapped_page, 0x7fffffff, &done,
				     DOMID_SELF), -EFAULT);
	if (done != 0)
		wrong("done", done, 0);
}

static void hc_mmuext_huge_count(void)
{
	want_rc(hypercall_mmuext_op((void *)HOLE_PTR, 0x7fffffff, NULL,
				    DOMID_SELF), -EFAULT);
}

/* Pointers across the 4 GiB wrap, into the hole, unmapped. */
static void hc_console_wrap(void)
{
	want_rc(hypercall_console_io(CONSOLEIO_write, 0x20,
				     (const char *)WRAP_PTR), -EFAULT);
}

static void hc_console_hole(void)
{
	/* The M2P is readable at ring 1, but not for a hypercall. */
	want_rc(hypercall_console_io(CONSOLEIO_write, 16,
				     (const char *)HOLE_PTR), -EFAULT);
}

static void hc_extraversion_wrap(void)
{
	want_rc(hypercall_xen_version(XENVER_extraversion,
				      (void *)0xfffffff8), -EFAULT);
}

static void hc_extraversion_l3(void)
{
	u64 *l3 = (u64 *)start_info->pt_base;
	u64 old = l3[0];

	want_rc(hypercall_xen_version(XENVER_extraversion, l3), -EFAULT);
	if (l3[0] != old)
		wrong("L3 entry 0 changed", (u32)l3[0], (u32)old);
}

static void hc_capabilities_gdt(void)
{
	want_rc(hypercall_xen_version(XENVER_capabilities, gdt), -EFAULT);
}

static void hc_get_features_unmapped(void)
{
	want_rc(hypercall_xen_version(XENVER_get_features, unmapped_page),
		-EFAULT);
}

static void hc_shutdown_wrap(void)
{
	/* A reason read across the wrap must not shut us down. */
	want_rc(hypercall_sched_op(SCHEDOP_shutdown, (void *)0xfffffffe),
		-EFAULT);
}

static void hc_evtchn_wrap(void)
{
	want_rc(_hypercall(__HYPERVISOR_event_channel_op, 4,
			   0xfffffffc, 0, 0, 0), -EFAULT);
}

static void hc_runstate_wrap(void)
{
	want_rc(hypercall_vcpu_op(VCPUOP_get_runstate_info, 0,
				  (void *)0xffffffe0), -EFAULT);
}

static void hc_multicall_wrap(void)
{
	want_rc(hypercall_multicall((void *)WRAP_PTR, 1), -EFAULT);
}

static void hc_mmu_update_wrap(void)
{
	u32 done = 0xdead;

	want_rc(hypercall_mmu_update((void *)0xfffffff8, 1, &done,
				     DOMID_SELF), -EFAULT);
}

static void hc_trap_table_wrap(void)
{
	want_rc(hypercall_set_trap_table((void *)0xfffffffc), -EFAULT);
}

static void hc_callback_op_wrap(void)
{
	want_rc(hypercall_callback_op(CALLBACKOP_register,
				      (void *)0xfffffffa), -EFAULT);
}

static void hc_machphys_mapping_hole(void)
{
	want_rc(hypercall_memory_op(XENMEM_machphys_mapping,
				    (void *)HOLE_PTR), -EFAULT);
}

static void hc_set_gdt_list_hole(void)
{
	want_rc(hypercall_set_gdt((void *)HOLE_PTR, 512), -EFAULT);
}

static void hc_vcpu_info_l3(void)
{
	struct {
		u64 mfn;
		u32 offset, rsvd;
	} r = { virt_to_mfn((void *)start_info->pt_base), 0, 0 };

	want_rc(hypercall_vcpu_op(VCPUOP_register_vcpu_info, 0, &r), -EINVAL);
}

static void hc_vcpu_info_cross_page(void)
{
	struct {
		u64 mfn;
		u32 offset, rsvd;
	} r = { virt_to_mfn(unmapped_page), PAGE_SIZE - 8, 0 };

	want_rc(hypercall_vcpu_op(VCPUOP_register_vcpu_info, 0, &r), -EINVAL);
}

static void hc_set_ldt_hole(void)
{
	struct mmuext_op op = { .cmd = MMUEXT_SET_LDT, .arg1 = HOLE_PTR,
				.arg2 = 16 };

	want_rc(hypercall_mmuext_op(&op, 1, NULL, DOMID_SELF), -EINVAL);
}

static void hc_set_ldt_unmapped(void)
{
	struct mmuext_op op = { .cmd = MMUEXT_SET_LDT,
				.arg1 = (u32)unmapped_page, .arg2 = 16 };

	want_rc(hypercall_mmuext_op(&op, 1, NULL, DOMID_SELF), -EINVAL);
}

static void hc_set_ldt_page_table(void)
{
	struct mmuext_op op = { .cmd = MMUEXT_SET_LDT,
				.arg1 = start_info->pt_base, .arg2 = 16 };

	want_rc(hypercall_mmuext_op(&op, 1, NULL, DOMID_SELF), -EINVAL);
}

/* --- resources --- */

static long evtchn_alloc_unbound(u32 *port)
{
	struct {
		u16 dom, remote_dom;
		u32 port;
	} a = { DOMID_SELF, DOMID_SELF, 0 };
	long rc = _hypercall(__HYPERVISOR_event_channel_op, 6, &a, 0, 0, 0);

	*port = a.port;
	return rc;
}

static long evtchn_close(u32 port)
{
	return _hypercall(__HYPERVISOR_event_channel_op, 3, &port, 0, 0, 0);
}

static u16 ports[1024];

/* Every port of the 1024 (0 is reserved), then one more: -ENOSPC. */
static void res_port_exhaustion(void)
{
	unsigned int n = 0, i;
	long rc = 0;
	u32 port;

	while (n < ARRAY_SIZE(ports)) {
		rc = evtchn_alloc_unbound(&port);
		if (rc)
			break;
		ports[n++] = port;
	}
	guest_info("event ports: %u allocated, then %ld", n, rc);
	if (n < 1000 || n >= 1023)
		wrong("ports allocated", n, 1022);
	if (evtchn_alloc_unbound(&port) != -ENOSPC)
		wrong("second allocation when full", 0, -ENOSPC);
	for (i = 0; i < n; i++)
		GUEST_ASSERT_EQ(evtchn_close(ports[i]), 0);
	/* And they come back. */
	GUEST_ASSERT_EQ(evtchn_alloc_unbound(&port), 0);
	GUEST_ASSERT_EQ(port, ports[0]);
	GUEST_ASSERT_EQ(evtchn_close(port), 0);
	want_rc(rc, -ENOSPC);
}

/* A million re-arms of the one-shot timer: each replaces the last. */
static void res_timer_storm(void)
{
	u64 t0 = rdtsc(), base = system_time_ns() + 60000000000ull, now;
	u32 i, n = TIMER_REARMS;
	long rc;

	cmdline_u32("rearms", &n);
	/* A minute ahead: none of them may fire meanwhile. */
	for (i = 0; i < n; i++) {
		now = base + i;
		rc = _hypercall(__HYPERVISOR_set_timer_op, (u32)now,
				(u32)(now >> 32), 0, 0, 0);
		if (rc) {
			wrong("set_timer_op", rc, 0);
			return;
		}
	}
	GUEST_ASSERT_EQ(_hypercall(__HYPERVISOR_set_timer_op, 0, 0, 0, 0, 0),
			0);
	guest_info("timer storm: %u re-arms in %llu Mcycles", n,
		   (rdtsc() - t0) >> 20);
	refused_contained("all accepted, the one timer re-armed each time");
}

/* stack_switch onto a ring-3 page: the frame lands there, that is all. */
asm(USER_PROBE(u_int3, "", "int3"));
DECLARE_USER_PROBE(u_int3);
static u32 user_page[PAGE_SIZE / 4] __aligned(PAGE_SIZE)
	__section(".bss.user");

static void stack_on_user_page(void)
{
	u32 top = (u32)user_page + PAGE_SIZE;

	GUEST_ASSERT_EQ(hypercall_stack_switch(FLAT_RING1_SS, top), 0);
	exec_user(u_int3, 0);
	GUEST_ASSERT_EQ(hypercall_stack_switch(FLAT_RING1_SS,
					       (u32)trap_stack_top), 0);
	if (last_trap.count != 1 || last_trap.vector != X86_TRAP_BP)
		wrong("int3 bounce", last_trap.vector, X86_TRAP_BP);
	/* The last frame there is the one of the exit's int $0x80. */
	else if ((user_page[PAGE_SIZE / 4 - 4] & 0xffff) != FLAT_RING3_CS ||
		 (user_page[PAGE_SIZE / 4 - 1] & 0xffff) != FLAT_RING3_SS)
		wrong("frame CS on the user page",
		      user_page[PAGE_SIZE / 4 - 4], FLAT_RING3_CS);
	else
		refused_contained("the bounce frame went onto our own ring-3 page");
}

#define A(fn)	{ #fn, fn }

static const struct attack {
	const char *name;
	void (*fn)(void);
} attacks[] = {
	/* ring 3: privileged instructions */
	A(r3_cli), A(r3_sti), A(r3_hlt), A(r3_lgdt), A(r3_lidt), A(r3_lldt),
	A(r3_ltr), A(r3_rd_cr0), A(r3_wr_cr0), A(r3_rd_cr3), A(r3_wr_cr3),
	A(r3_wr_cr4), A(r3_rd_dr7), A(r3_wr_dr7), A(r3_rdmsr), A(r3_wrmsr),
	A(r3_inb), A(r3_outb), A(r3_inl_dx), A(r3_invlpg), A(r3_wbinvd),
	A(r3_invd), A(r3_clts), A(r3_lmsw), A(r3_sysexit), A(r3_sysret),
	A(r3_popf_iopl), A(r3_sysenter_hole), A(r3_icebp),
	/* ring 1: sensitive instructions the privop guest does not try */
	A(r1_sysexit), A(r1_sysret), A(r1_popf_iopl), A(r1_iret_iopl),
	A(r1_hc_iret_iopl), A(r1_icebp),
	A(r1_int_0x02), A(r1_int_0x08), A(r1_int_0x12), A(r1_int_0xec),
	A(r1_int_0xf2),
	/* selectors of the host and the hypervisor */
	A(r1_ds_host_kernel_ds), A(r1_ss_host_user_ds), A(r1_fs_hv_tss),
	A(r1_gs_hv_ldt), A(r1_ds_hv_percpu), A(r1_ss_ring3_ds),
	A(r1_ljmp_host_user32_cs), A(r1_ljmp_hv_tss), A(r1_lcall_hv_tss),
	A(r1_lcall_hv_ldt),
	A(r3_ljmp_ring1_cs), A(r3_lcall_hv_cs64), A(r3_ljmp_host_user_cs),
	A(r3_ljmp_host_user32_cs), A(r3_ds_ring1_ds), A(r3_ss_hv_ds),
	A(r3_ds_host_user_ds), A(r3_lret_to_ring1),
	A(r3_iret_to_ring1),
	/* IRET and our own descriptors */
	A(r1_iret_null_ss), A(r1_iret_ring1_ss), A(r1_iret_ring1_cs_rpl3),
	A(r1_iret_np_ss), A(r1_ljmp_np_code), A(r1_conforming_dpl0),
	A(r3_hole_segment_read), A(r1_hole_segment_write),
	/* hypercall numbers and sub-commands */
	A(hc_nr_128), A(hc_nr_max), A(hc_nr_negative), A(hc_nr_unused_11),
	A(hc_nr_set_segment_base), A(hc_nr_uvm_otherdomain),
	A(hc_nr_grant_table_op), A(hc_nr_domctl), A(hc_xen_version_cmd),
	A(hc_memory_op_cmd), A(hc_decrease_reservation), A(hc_vcpu_op_cmd),
	A(hc_vcpu_op_vcpu), A(hc_sched_op_cmd), A(hc_shutdown_reason),
	A(hc_callback_op_cmd), A(hc_callback_type), A(hc_console_cmd),
	A(hc_vm_assist_cmd), A(hc_vm_assist_m2p_strict), A(hc_evtchn_cmd),
	/* hypercall arguments: counts, frames, descriptors */
	A(hc_set_gdt_entries), A(hc_set_gdt_not_ours),
	A(hc_set_gdt_page_table), A(hc_update_descriptor_l3),
	A(hc_update_descriptor_unaligned), A(hc_trap_table_unending),
	A(hc_multicall_nested), A(hc_multicall_huge_count),
	A(hc_mmu_update_huge_count), A(hc_mmuext_huge_count),
	A(hc_vcpu_info_l3), A(hc_vcpu_info_cross_page), A(hc_set_ldt_hole),
	A(hc_set_ldt_unmapped), A(hc_set_ldt_page_table),
	/* hypercall pointers: the wrap, the hole, unmapped, tables */
	A(hc_console_wrap), A(hc_console_hole),
	A(hc_extraversion_wrap), A(hc_extraversion_l3),
	A(hc_capabilities_gdt), A(hc_get_features_unmapped),
	A(hc_shutdown_wrap), A(hc_evtchn_wrap), A(hc_runstate_wrap),
	A(hc_multicall_wrap), A(hc_mmu_update_wrap), A(hc_trap_table_wrap),
	A(hc_callback_op_wrap), A(hc_machphys_mapping_hole),
	A(hc_set_gdt_list_hole),
	/* stacks and resources */
	A(stack_on_user_page), A(res_port_exhaustion), A(res_timer_storm),
};

void test_main(void)
{
	const struct attack *a;

	trap_init();
	user_init();
	map_shared_info();
	set_pte((u32)unmapped_page, 0);
	set_pte((u32)ro_page, *pte_of((u32)ro_page) & ~(u64)_PAGE_RW);
	install_gdt();

	for (a = attacks; a < attacks + ARRAY_SIZE(attacks); a++) {
		cur_name = a->name;
		cur_done = false;
		nr_attacks++;
		trap_reset();
		a->fn();
		if (!cur_done)
			wrong("no verdict", 0, 1);
	}
	guest_info("%u attacks, %u refused", nr_attacks, nr_refused);
	GUEST_ASSERT_EQ(nr_refused, nr_attacks);
	guest_pass();
}
